"""The periodic reports a province's rules require, each tracked from "due" to "sent".

A `ScheduledReport` is one obligation on one due date: a unit's report to the DoHA, or the
DoHA's to the Ministry (rules.selectors.reports_for). hoso drafts the figures (`figures`, a
snapshot: a signed report never changes when the database does), the responsible person adds
remarks, signs and marks it sent.
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone

from core.models import OrgUnit


class ReportState(models.TextChoices):
    PENDING = "pending", "Chưa lập"
    DRAFTED = "drafted", "Đã lập dự thảo"
    SIGNED = "signed", "Đã ký"
    SENT = "sent", "Đã gửi"


class ReportRecipient(models.TextChoices):
    DOHA = "doha", "Sở Nội vụ"
    MINISTRY = "ministry", "Bộ Nội vụ"


class ScheduledReport(models.Model):
    """One report due: who reports (`org_unit`; the root unit for the DoHA's), to whom, by when,
    for which period, about what (`contents` as the text words them, `citation`)."""

    code = models.CharField("mã báo cáo", max_length=50)
    org_unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="scheduled_reports", verbose_name="đơn vị báo cáo"
    )
    recipient = models.CharField("nơi nhận", max_length=20, choices=ReportRecipient.choices)
    via = models.CharField("qua", max_length=200, blank=True)
    period_from = models.DateField("từ ngày")
    period_to = models.DateField("đến ngày")
    due = models.DateField("hạn nộp")
    contents = models.JSONField("nội dung theo quy định", default=list)
    citation = models.JSONField("căn cứ", default=dict)
    state = models.CharField("trạng thái", max_length=20, choices=ReportState.choices, default=ReportState.PENDING)
    figures_on = models.DateField("số liệu tính đến ngày", null=True, blank=True)
    figures = models.JSONField("số liệu", default=dict, blank=True)
    remarks = models.TextField("ý kiến, vướng mắc, đề xuất", blank=True)
    drafted_at = models.DateTimeField("lập lúc", null=True, blank=True)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField("ký lúc", null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Filled by the digital-signature module when one is configured (core.reports.signing).
    signature = models.TextField("chữ ký số", blank=True)
    sent_at = models.DateTimeField("gửi lúc", null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sent_reference = models.CharField("số, ký hiệu văn bản gửi", max_length=200, blank=True)

    class Meta:
        ordering = ["due", "code", "org_unit__path"]
        verbose_name = "báo cáo định kỳ"
        verbose_name_plural = "báo cáo định kỳ"
        indexes = [models.Index(fields=["state", "due"])]
        constraints = [
            models.UniqueConstraint(fields=["code", "org_unit", "due"], name="reports_scheduled_once"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.org_unit_id} {self.due}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("frontend:reports-detail", kwargs={"report_id": self.pk})

    @property
    def is_sent(self) -> bool:
        return self.state == ReportState.SENT

    def is_late(self, today: date) -> bool:
        """Past due and not sent, or sent after the due date."""
        if self.sent_at is not None:
            return timezone.localdate(self.sent_at) > self.due
        return today > self.due
