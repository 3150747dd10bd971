"""A province's regulation as versions: a change adds a row, never overwrites one."""

from django.conf import settings
from django.db import models


class RuleVersion(models.Model):
    """One value of one rule, in force from `effective_from` until a later version of the key.

    `value` is the rule's JSON form (rules.domain); null means "the province's text sets
    nothing", so the national baseline applies.
    """

    key = models.CharField("quy tắc", max_length=80)
    value = models.JSONField("giá trị", null=True, blank=True)
    effective_from = models.DateField("hiệu lực từ ngày")
    document = models.CharField("văn bản", max_length=300)
    article = models.CharField("điều, khoản", max_length=200)
    document_effective = models.DateField("ngày văn bản có hiệu lực", null=True, blank=True)
    note = models.TextField("ghi chú", blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField("nhập lúc", auto_now_add=True)

    class Meta:
        ordering = ["key", "-effective_from", "-entered_at", "-id"]
        indexes = [models.Index(fields=["key", "effective_from"])]
        verbose_name = "phiên bản quy tắc"
        verbose_name_plural = "phiên bản quy tắc"

    def __str__(self) -> str:
        return f"{self.key} từ {self.effective_from}"


class ProvinceCalendarOverride(models.Model):
    """A day off or make-up working day that applies in this province only."""

    day = models.DateField("ngày", unique=True)
    working = models.BooleanField("là ngày làm việc")
    reason = models.CharField("lý do", max_length=300)
    legal_basis = models.CharField("căn cứ", max_length=300, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField("nhập lúc", auto_now_add=True)

    class Meta:
        ordering = ["day"]
        verbose_name = "ngày điều chỉnh của tỉnh"

    def __str__(self) -> str:
        return f"{self.day}: {self.reason}"


class DocumentDateConfirmation(models.Model):
    """An admin's confirmation, against the original, of a text's date the preset read with a doubt
    (Lào Cai's effective date, read from an OCR). The latest confirmation of a document answers."""

    document_code = models.CharField("văn bản (mã bộ quy tắc mẫu)", max_length=40)
    effective = models.DateField("ngày có hiệu lực đã đối chiếu")
    basis = models.CharField("căn cứ đối chiếu", max_length=300)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField("xác nhận lúc", auto_now_add=True)

    class Meta:
        ordering = ["document_code", "-confirmed_at", "-id"]
        verbose_name = "xác nhận ngày của văn bản"
        verbose_name_plural = "xác nhận ngày của văn bản"

    def __str__(self) -> str:
        return f"{self.document_code}: {self.effective}"
