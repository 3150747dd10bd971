from django.conf import settings
from django.db import models

from core.models import ChangeSet, Obligation, Person


class RequestKind(models.TextChoices):
    ACCESS = "access", "Được biết, nhận bản sao dữ liệu"
    CORRECTION = "correction", "Chỉnh sửa dữ liệu"
    OBJECTION = "objection", "Phản đối xử lý dữ liệu"
    RESTRICTION = "restriction", "Hạn chế xử lý dữ liệu"
    DELETION = "deletion", "Xoá dữ liệu"
    CONSENT_WITHDRAWAL = "consent_withdrawal", "Rút lại sự đồng ý"


class RequestState(models.TextChoices):
    OPEN = "open", "Đang xử lý"
    ANSWERED = "answered", "Đã trả lời"


class DataSubjectRequest(models.Model):
    """A person's request about their own data, owed an answer by their unit: the duty
    (`obligation`, kind privacy_request) carries the due date the rules give."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="privacy_requests")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("loại yêu cầu", max_length=30, choices=RequestKind.choices)
    detail = models.TextField("nội dung")
    received_on = models.DateField("ngày nhận")
    due = models.DateField("hạn trả lời", null=True, blank=True)
    citation = models.CharField("căn cứ", max_length=300, blank=True)
    state = models.CharField("trạng thái", max_length=10, choices=RequestState.choices, default=RequestState.OPEN)
    answer = models.TextField("trả lời", blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    answered_at = models.DateTimeField("trả lời lúc", null=True, blank=True)
    # A correction is made through a change set (the dossier's own flow), named in the answer.
    change_set = models.ForeignKey(ChangeSet, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    obligation = models.OneToOneField(Obligation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "yêu cầu của chủ thể dữ liệu"
        verbose_name_plural = "yêu cầu của chủ thể dữ liệu"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.person_id}, {self.received_on:%d/%m/%Y})"


class BreachState(models.TextChoices):
    OPEN = "open", "Chưa gửi thông báo"
    NOTIFIED = "notified", "Đã gửi thông báo"


class BreachIncident(models.Model):
    """A personal data breach of this province: what happened, when it was discovered, whom it
    touched, and the notice due to the authority (Bộ Công an, A05) within the rules' hours of the
    discovery: drafted by hoso, edited until sent, tracked as the DoHA's duty."""

    summary = models.TextField("sự cố")
    discovered_at = models.DateTimeField("phát hiện lúc")
    occurred_at = models.DateTimeField("xảy ra lúc", null=True, blank=True)
    data_kinds = models.TextField("loại dữ liệu bị ảnh hưởng", blank=True)
    affected_count = models.PositiveIntegerField("số người bị ảnh hưởng", default=0)
    people = models.ManyToManyField(Person, blank=True, related_name="+", verbose_name="người bị ảnh hưởng")
    measures = models.TextField("biện pháp đã thực hiện", blank=True)
    notice_due_at = models.DateTimeField("hạn thông báo")
    citation = models.CharField("căn cứ", max_length=300, blank=True)
    notice = models.TextField("thông báo gửi cơ quan chuyên trách")
    state = models.CharField("trạng thái", max_length=10, choices=BreachState.choices, default=BreachState.OPEN)
    notified_at = models.DateTimeField("gửi thông báo lúc", null=True, blank=True)
    # The DoHA admin who recorded it, or an operator of the platform (named, no account here).
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_by_label = models.CharField("người ghi nhận", max_length=200)
    obligation = models.OneToOneField(Obligation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)

    class Meta:
        ordering = ["-discovered_at", "-id"]
        verbose_name = "sự cố dữ liệu cá nhân"
        verbose_name_plural = "sự cố dữ liệu cá nhân"

    def __str__(self) -> str:
        return f"{self.summary[:60]} ({self.discovered_at:%d/%m/%Y %H:%M})"
