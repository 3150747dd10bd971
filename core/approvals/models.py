"""The monthly approval (TT06 Art. 7.1): the unit's head approves the unit's reviewed changes,
then the province's Sở Nội vụ approves the month, signs it, and the changes go to the national
database through an outbox. Everything here lives in the province's own schema.
"""

import uuid

from django.conf import settings
from django.db import models

from core.models import ChangeSet, OrgUnit, Person, RoleGrant


class ApprovalLevel(models.TextChoices):
    UNIT = "unit", "Cơ quan, đơn vị"
    PROVINCE = "province", "Sở Nội vụ"


class ExceptionalWindow(models.Model):
    """A window the DoHA opens outside the regulation's dates, for one level (and, at unit
    level, optionally one unit's subtree), for the data of `month`, with a logged reason."""

    level = models.CharField("cấp phê duyệt", max_length=10, choices=ApprovalLevel.choices)
    org_unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                 verbose_name="cơ quan, đơn vị")
    month = models.CharField("dữ liệu tháng", max_length=7)
    opens = models.DateField("từ ngày")
    closes = models.DateField("đến ngày")
    reason = models.CharField("lý do", max_length=500)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField("mở lúc", auto_now_add=True)

    class Meta:
        ordering = ["-opens", "-id"]
        verbose_name = "thời gian phê duyệt bổ sung"
        verbose_name_plural = "thời gian phê duyệt bổ sung"
        constraints = [
            models.CheckConstraint(condition=models.Q(closes__gte=models.F("opens")),
                                   name="approvals_exceptionalwindow_dates"),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.opens} – {self.closes}"


class ApprovalStatus(models.TextChoices):
    UNIT_APPROVED = "unit_approved", "Đơn vị đã phê duyệt, chờ Sở Nội vụ"
    PROVINCE_APPROVED = "province_approved", "Sở Nội vụ đã phê duyệt"


class MonthlyApproval(models.Model):
    """One signing act: a unit's approval of some of its reviewed change sets, or the DoHA's
    approval of the month's unit approvals. `manifest` holds the exact bytes that were signed
    (canonical JSON); `signature` a detached CMS (PKCS#7) over them, empty when the province's
    rules ask for no digital signature at that level."""

    month = models.CharField("dữ liệu tháng", max_length=7)
    level = models.CharField("cấp phê duyệt", max_length=10, choices=ApprovalLevel.choices)
    org_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+",
                                 verbose_name="cơ quan, đơn vị")
    approver = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                 verbose_name="người phê duyệt")
    # The grant the approver signed under: the head's, or an authorised person's with its document.
    approver_grant = models.ForeignKey(RoleGrant, null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="+", verbose_name="quyền phê duyệt")
    approved_at = models.DateTimeField("phê duyệt lúc", auto_now_add=True)
    approved_on = models.DateField("ngày phê duyệt")
    exceptional_window = models.ForeignKey(ExceptionalWindow, null=True, blank=True, on_delete=models.PROTECT,
                                           related_name="+")
    change_sets = models.ManyToManyField(ChangeSet, related_name="+", blank=True)
    # The province approval that took this unit approval up (unit level only).
    province_approval = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                          related_name="unit_approvals")
    manifest = models.TextField("nội dung được ký")
    manifest_sha256 = models.CharField("mã băm nội dung", max_length=64)
    signature = models.BinaryField("chữ ký số (CMS)", blank=True, default=b"")
    certificate = models.TextField("chứng thư số (PEM)", blank=True)
    certificate_subject = models.CharField("chủ thể chứng thư số", max_length=300, blank=True)
    certificate_serial = models.CharField("số hiệu chứng thư số", max_length=80, blank=True)
    status = models.CharField("trạng thái", max_length=20, choices=ApprovalStatus.choices)

    class Meta:
        ordering = ["-approved_at", "-id"]
        verbose_name = "phê duyệt dữ liệu tháng"
        verbose_name_plural = "phê duyệt dữ liệu tháng"
        indexes = [models.Index(fields=["month", "level", "status"])]

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.month} – {self.org_unit_id}"

    @property
    def is_signed(self) -> bool:
        return bool(self.signature)

    @property
    def approver_capacity(self) -> str:
        """"Thủ trưởng", or the written authorisation the approver signed under; empty when
        not recorded (approvals made before it was)."""
        return self.approver_grant.capacity if self.approver_grant is not None else ""


class TrustedCA(models.Model):
    """A certification authority whose certificates this province accepts for ký số, with its
    latest certificate revocation list (optional, PEM, signed by the CA)."""

    name = models.CharField("tên", max_length=200)
    certificate_pem = models.TextField("chứng thư số của tổ chức cung cấp dịch vụ (PEM)")
    fingerprint_sha256 = models.CharField("dấu vân tay SHA-256", max_length=64, unique=True)
    crl_pem = models.TextField("danh sách chứng thư số bị thu hồi (CRL, PEM)", blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    added_at = models.DateTimeField("thêm lúc", auto_now_add=True)
    removed_at = models.DateTimeField("gỡ lúc", null=True, blank=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = "tổ chức cung cấp dịch vụ chứng thực tin cậy"
        verbose_name_plural = "tổ chức cung cấp dịch vụ chứng thực tin cậy"

    def __str__(self) -> str:
        return self.name


class SyncEndpoint(models.Model):
    """Where this province delivers approved changes (the national database's API). One row."""

    url = models.URLField("địa chỉ nhận dữ liệu", max_length=500)
    enabled = models.BooleanField("đang dùng", default=True)
    timeout_seconds = models.PositiveSmallIntegerField("chờ tối đa (giây)", default=10)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        verbose_name = "đầu mối đồng bộ CSDL quốc gia"
        verbose_name_plural = "đầu mối đồng bộ CSDL quốc gia"

    def __str__(self) -> str:
        return self.url


class SyncStatus(models.TextChoices):
    WAITING = "waiting", "Chờ gửi"
    SENT = "sent", "Đã gửi, chờ xác nhận"
    ACCEPTED = "accepted", "Đã được tiếp nhận"
    REJECTED = "rejected", "Bị từ chối"
    INVALID = "invalid", "Không gửi: dữ liệu ngoài danh mục quốc gia"


class SyncSource(models.TextChoices):
    MONTHLY = "monthly", "Phê duyệt dữ liệu hằng tháng"
    ACTION = "action", "Nghiệp vụ nhân sự đã hoàn thành"


class SyncPacket(models.Model):
    """One changed person's data, waiting in the outbox until the national database
    acknowledges it: after the DoHA's monthly approval (self-declared changes), or the same day
    a personnel action is completed (a transfer, a leaving: Nghị định 27/2026/NĐ-CP), with the
    action's decision as its proving document. `idempotency_key` never changes between
    attempts: the receiver keeps one copy however often the packet is re-sent."""

    idempotency_key = models.CharField("khóa chống trùng", max_length=100, unique=True)
    source = models.CharField("nguồn", max_length=10, choices=SyncSource.choices, default=SyncSource.MONTHLY)
    approval = models.ForeignKey(MonthlyApproval, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="sync_packets")
    # The completed action ("transfer:12:archive") and the day it must reach the national database.
    reference = models.CharField("nghiệp vụ", max_length=100, blank=True)
    due_on = models.DateField("hạn đồng bộ", null=True, blank=True)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    payload = models.JSONField("nội dung")
    status = models.CharField("trạng thái", max_length=10, choices=SyncStatus.choices,
                              default=SyncStatus.WAITING)
    reason = models.TextField("lý do", blank=True)
    # Per-field reasons when the packet was refused before sending (values outside the
    # national code lists): {"dossier.ethnic_group": "…"}.
    field_errors = models.JSONField("lỗi theo trường", default=dict, blank=True)
    attempts = models.PositiveIntegerField("số lần gửi", default=0)
    next_attempt_at = models.DateTimeField("gửi lại lúc")
    last_attempt_at = models.DateTimeField("gửi gần nhất lúc", null=True, blank=True)
    accepted_at = models.DateTimeField("được tiếp nhận lúc", null=True, blank=True)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "gói đồng bộ CSDL quốc gia"
        verbose_name_plural = "gói đồng bộ CSDL quốc gia"
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return self.idempotency_key


class SignaturePurpose(models.TextChoices):
    UNIT_APPROVAL = "unit_approval", "Phê duyệt dữ liệu của cơ quan, đơn vị"
    PROVINCE_APPROVAL = "province_approval", "Phê duyệt dữ liệu của tỉnh"
    RESUME = "resume", "Xác nhận sơ yếu lý lịch"
    REPORT = "report", "Ký báo cáo định kỳ"


class SignatureRequest(models.Model):
    """The first step of a signature: what the server prepared for one person to sign (the
    exact manifests), kept until that person's signer returns a signature over them. The
    second step rebuilds the manifests from the data as it then stands and records only if
    they are still these bytes and the signature verifies; a refusal changes nothing here."""

    token = models.UUIDField("mã yêu cầu ký", unique=True, default=uuid.uuid4, editable=False)
    purpose = models.CharField("việc cần ký", max_length=30, choices=SignaturePurpose.choices)
    account = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                verbose_name="người ký")
    params = models.JSONField("tham số", default=dict)
    documents = models.JSONField("nội dung cần ký", default=list)
    created_at = models.DateTimeField("chuẩn bị lúc", auto_now_add=True)
    expires_at = models.DateTimeField("hết hạn lúc")
    completed_at = models.DateTimeField("ký xong lúc", null=True, blank=True)
    result = models.JSONField("kết quả", default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "yêu cầu ký số"
        verbose_name_plural = "yêu cầu ký số"

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} ({self.token})"


class ResumeBatchState(models.TextChoices):
    QUEUED = "queued", "Đang chờ"
    RUNNING = "running", "Đang tạo"
    READY = "ready", "Sẵn sàng tải"
    FAILED = "failed", "Không tạo được"


class ResumeBatch(models.Model):
    """The résumés of everyone in a unit (its sub-units included), built in the background as
    one ZIP of PDFs for the person who asked, and downloadable by them until `expires_at`."""

    account = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                verbose_name="người yêu cầu")
    org_unit = models.ForeignKey("core.OrgUnit", on_delete=models.PROTECT, related_name="+",
                                 verbose_name="cơ quan, đơn vị")
    as_of = models.DateField("theo hồ sơ ngày", null=True, blank=True)
    state = models.CharField("trạng thái", max_length=10, choices=ResumeBatchState.choices,
                             default=ResumeBatchState.QUEUED)
    total = models.PositiveIntegerField("số hồ sơ", default=0)
    done = models.PositiveIntegerField("đã tạo", default=0)
    file = models.CharField("tệp", max_length=300, blank=True)
    error = models.TextField("lỗi", blank=True)
    created_at = models.DateTimeField("yêu cầu lúc", auto_now_add=True)
    expires_at = models.DateTimeField("hết hạn tải lúc")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "sơ yếu lý lịch hàng loạt"
        verbose_name_plural = "sơ yếu lý lịch hàng loạt"

    def __str__(self) -> str:
        return f"Sơ yếu lý lịch {self.org_unit_id} ({self.get_state_display()})"

    @property
    def percent(self) -> int:
        return 100 if self.state == ResumeBatchState.READY else (self.done * 100 // self.total if self.total else 0)
