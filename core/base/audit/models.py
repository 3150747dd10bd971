from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    """Who did what, when. One table per schema: a province's log stays in the province."""

    occurred_at = models.DateTimeField("thời điểm", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField("người thực hiện", max_length=200, blank=True)
    action = models.CharField("hành động", max_length=100, db_index=True)
    target = models.CharField("đối tượng", max_length=200, blank=True)
    detail = models.JSONField("chi tiết", default=dict, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = "nhật ký"
        verbose_name_plural = "nhật ký"

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.action} {self.target}"
