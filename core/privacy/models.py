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
