"""Changes to a dossier: change sets with their items and proofs, the dossier's versions, and
the deadlines that recording and reviewing start."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models

from core.base.fields import SealedJSONField
from core.models.org import OrgUnit
from core.models.people import Person


class ChangeSetState(models.TextChoices):
    DRAFT = "draft", "Bản nháp"
    SUBMITTED = "submitted", "Đã gửi kiểm tra"
    RETURNED = "returned", "Bị trả lại"
    REVIEWED = "reviewed", "Đã kiểm tra, chờ phê duyệt"
    APPROVED = "approved", "Đã phê duyệt"


# States in which the author may still edit the change set.
EDITABLE_STATES = (ChangeSetState.DRAFT, ChangeSetState.RETURNED)


class ChangeSet(models.Model):
    """A person's (or an admin's) proposed changes to one dossier, reviewed as a whole.

    `version` guards the draft itself: each save names the version it read and is refused if
    someone saved in between. `base_version` is the dossier's version when the draft began;
    applying checks each touched value against what the draft saw then.
    """

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="change_sets")
    state = models.CharField("trạng thái", max_length=20, choices=ChangeSetState.choices,
                             default=ChangeSetState.DRAFT)
    changed_on = models.DateField("ngày phát sinh thay đổi")
    note = models.TextField("ghi chú", blank=True)
    base_version = models.PositiveIntegerField("phiên bản hồ sơ gốc")
    version = models.PositiveIntegerField("phiên bản bản nháp", default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField("gửi lúc", null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField("kiểm tra lúc", null=True, blank=True)
    return_reason = models.TextField("lý do trả lại", blank=True)
    applied_at = models.DateTimeField("cập nhật vào hồ sơ lúc", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "đề nghị cập nhật hồ sơ"
        verbose_name_plural = "đề nghị cập nhật hồ sơ"
        indexes = [models.Index(fields=["state", "submitted_at"])]

    def __str__(self) -> str:
        return f"Đề nghị #{self.pk} ({self.get_state_display()})"


class ChangeOperation(models.TextChoices):
    SET = "set", "Sửa thông tin"
    ADD = "add", "Thêm dòng"
    CHANGE = "change", "Sửa dòng"
    REMOVE = "remove", "Xóa dòng"


class ChangeItem(models.Model):
    """One change: set single values (group "identity" or "dossier"), or add, change or remove
    a row of a repeating group. `previous` holds the values the author saw, for the diff and
    for conflict checks; `values` the proposed ones (JSON form)."""

    change_set = models.ForeignKey(ChangeSet, on_delete=models.CASCADE, related_name="items")
    group = models.CharField("nhóm thông tin", max_length=40)
    operation = models.CharField("thao tác", max_length=10, choices=ChangeOperation.choices)
    row_id = models.BigIntegerField("dòng", null=True, blank=True)
    # Sealed at rest: a change may carry religion, health, Party or family values.
    values = SealedJSONField("giá trị mới", default=dict, blank=True)
    previous = SealedJSONField("giá trị cũ", default=dict, blank=True)

    class Meta:
        ordering = ["change_set_id", "id"]
        verbose_name = "nội dung thay đổi"
        verbose_name_plural = "nội dung thay đổi"

    def __str__(self) -> str:
        return f"{self.get_operation_display()} {self.group} {self.row_id or ''}".strip()


def attachment_upload_to(instance: "Attachment", filename: str) -> str:
    # Never the uploader's file name in the key: a random name under the person's folder.
    # The default storage puts the province's schema in front.
    suffix = PurePath(filename).suffix.lower()[:6]
    return f"dossiers/{instance.person_id}/{uuid.uuid4().hex}{suffix}"


class Attachment(models.Model):
    """A digitised document (PDF, JPEG or PNG) proving one change."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="attachments")
    change_item = models.ForeignKey(ChangeItem, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField("tệp", upload_to=attachment_upload_to, max_length=300)
    original_name = models.CharField("tên tệp gốc", max_length=255)
    content_type = models.CharField("kiểu nội dung", max_length=50)
    size = models.PositiveIntegerField("dung lượng (byte)")
    sha256 = models.CharField("mã băm SHA-256", max_length=64)
    description = models.CharField("tài liệu", max_length=300, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField("tải lên lúc", auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "bản số hóa tài liệu"
        verbose_name_plural = "bản số hóa tài liệu"

    def __str__(self) -> str:
        return self.original_name


class DossierVersion(models.Model):
    """The whole dossier as it stood after each applied change: who, what, when."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField("phiên bản")
    snapshot = SealedJSONField("nội dung")  # the whole dossier, sensitive groups included
    change_set = models.ForeignKey(ChangeSet, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("lúc", auto_now_add=True)

    class Meta:
        ordering = ["person_id", "-number"]
        verbose_name = "phiên bản hồ sơ"
        verbose_name_plural = "phiên bản hồ sơ"
        constraints = [
            models.UniqueConstraint(fields=["person", "number"], name="core_dossierversion_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} v{self.number}"


class ObligationKind(models.TextChoices):
    FIRST_ENTRY = "first_entry", "Nhập hồ sơ lần đầu"
    PERSONAL_UPDATE = "personal_update", "Cá nhân cập nhật thay đổi"
    UNIT_REVIEW = "unit_review", "Đơn vị kiểm tra"
    # Opened by transfers (core.transfers), one per step that has a deadline.
    MOVE_WITHIN_UNIT = "transfer_move_within", "Điều chuyển hồ sơ trong đơn vị"
    HANDOVER = "transfer_handover", "Bàn giao hồ sơ cho đơn vị mới"
    TAKE_OVER = "transfer_take_over", "Tiếp nhận hồ sơ chuyển đến"
    DOHA_REQUEST = "transfer_doha_request", "Đề nghị Sở Nội vụ đồng bộ dữ liệu"
    DOHA_SYNC = "transfer_doha_sync", "Đồng bộ dữ liệu từ CSDL quốc gia"
    LEAVE = "transfer_leave", "Cập nhật tình trạng người nghỉ, chuyển đi"
    # Duties of a unit rather than about a person, each tied to its source by `reference`.
    UNIT_APPROVAL = "unit_approval", "Phê duyệt dữ liệu hằng tháng của cơ quan, đơn vị"
    PROVINCE_APPROVAL = "province_approval", "Sở Nội vụ phê duyệt dữ liệu hằng tháng"
    REPORT = "report", "Báo cáo định kỳ"
    BACKUP = "backup", "Sao lưu cơ sở dữ liệu"
    # Career events the law dates (core.careers): owed by the person's unit, one per event.
    RETIREMENT_NOTICE = "career_retirement_notice", "Thông báo nghỉ hưu"
    RETIREMENT_DECISION = "career_retirement_decision", "Quyết định nghỉ hưu"
    SALARY_RAISE = "career_salary_raise", "Nâng bậc lương thường xuyên"
    OVER_FRAME = "career_over_frame", "Phụ cấp thâm niên vượt khung"
    TERM_END = "career_term_end", "Bổ nhiệm lại hoặc kéo dài thời gian giữ chức vụ"
    # Personal data protection (core.privacy): a data subject's request answered by the
    # person's unit; a breach notified to the authority by the province.
    PRIVACY_REQUEST = "privacy_request", "Trả lời yêu cầu của chủ thể dữ liệu cá nhân"
    BREACH_NOTICE = "privacy_breach_notice", "Thông báo vi phạm dữ liệu cá nhân"


class ObligationState(models.TextChoices):
    OPEN = "open", "Đang mở"
    DONE = "done", "Đã thực hiện"


class Obligation(models.Model):
    """A tracked duty with its deadline from the province's rules (null: the rules set none).

    A duty is about a person (an update, a transfer step), or is a unit's own (a report, a
    monthly approval, a backup: `person` null, `subject` says what it is for). `reference`
    ties a duty to its source ("report:12", "approval:unit:7:2026-11", "backup:2026-11"), so
    whoever opens it again from the same source finds the one already there.
    """

    kind = models.CharField("loại", max_length=30, choices=ObligationKind.choices)
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.CASCADE, related_name="obligations")
    # Who must act: a personal account, or the unit whose officers review.
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="obligations"
    )
    org_unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    change_set = models.ForeignKey(ChangeSet, null=True, blank=True, on_delete=models.CASCADE, related_name="obligations")
    event_date = models.DateField("ngày phát sinh")
    due = models.DateField("hạn", null=True, blank=True)
    citation = models.CharField("căn cứ", max_length=300, blank=True)
    subject = models.CharField("nội dung", max_length=300, blank=True)
    reference = models.CharField("nguồn phát sinh", max_length=100, blank=True, default="")
    state = models.CharField("trạng thái", max_length=10, choices=ObligationState.choices,
                             default=ObligationState.OPEN)
    done_at = models.DateTimeField("thực hiện lúc", null=True, blank=True)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)

    class Meta:
        ordering = ["due", "id"]
        verbose_name = "nghĩa vụ có thời hạn"
        verbose_name_plural = "nghĩa vụ có thời hạn"
        indexes = [models.Index(fields=["state", "due"])]
        constraints = [
            # One duty per source: a re-run of the daily task opens nothing twice.
            models.UniqueConstraint(fields=["kind", "reference"], condition=~models.Q(reference=""),
                                    name="core_obligation_reference_once"),
            # Someone must be able to see whose it is: a person's, or a unit's.
            models.CheckConstraint(condition=models.Q(person__isnull=False) | models.Q(org_unit__isnull=False),
                                   name="core_obligation_person_or_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – hạn {self.due or 'không quy định'}"

    @property
    def about(self) -> str:
        """Whom or what the duty is for: the person's name, or the unit duty's subject."""
        return self.person.full_name if self.person is not None else self.subject
