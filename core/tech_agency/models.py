"""The technical agency's periodic checks of storage and backups (Tuyên Quang Art. 11.9, Lào Cai
Art. 16.7 and 17.4, Sơn La Art. 14.5), kept in the province's schema."""

from django.conf import settings
from django.db import models


class CheckSubject(models.TextChoices):
    BACKUPS = "backups", "Lưu trữ, sao lưu dữ liệu"
    RESTORE = "restore", "Diễn tập khôi phục từ bản sao lưu"
    MEDIA = "media", "Thiết bị, phương tiện lưu trữ chuyên dụng"
    SYNC = "sync", "Kết nối, đồng bộ CSDL quốc gia"
    SECURITY = "security", "An toàn thông tin của hệ thống"


class CheckResult(models.TextChoices):
    OK = "ok", "Đạt"
    ISSUES = "issues", "Có tồn tại, cần khắc phục"


class TechCheck(models.Model):
    """One check the technical agency made, with the DoHA or alone: when, what, the result and
    who recorded it. Rows are never edited: a later check supersedes an earlier one."""

    checked_on = models.DateField("ngày kiểm tra")
    subjects = models.JSONField("nội dung kiểm tra", default=list)
    result = models.CharField("kết quả", max_length=10, choices=CheckResult.choices)
    notes = models.TextField("ghi chú", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("ghi lúc", auto_now_add=True)

    class Meta:
        ordering = ["-checked_on", "-id"]
        verbose_name = "lần kiểm tra định kỳ"
        verbose_name_plural = "lần kiểm tra định kỳ"

    def __str__(self) -> str:
        return f"{self.checked_on:%d/%m/%Y} {self.result}"

    @property
    def subject_labels(self) -> list[str]:
        labels = dict(CheckSubject.choices)
        return [labels.get(code, code) for code in self.subjects]
