from django.conf import settings
from django.db import models


class CalendarOverride(models.Model):
    """A day the government turns into a day off, or a working day, for the whole country.

    Lives in `public`; the province's own `rules.ProvinceCalendarOverride` wins over it.
    """

    day = models.DateField("ngày", unique=True)
    working = models.BooleanField("là ngày làm việc")
    reason = models.CharField("lý do", max_length=300)
    legal_basis = models.CharField("căn cứ", max_length=300, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField("nhập lúc", auto_now_add=True)

    class Meta:
        ordering = ["day"]
        verbose_name = "ngày điều chỉnh toàn quốc"

    def __str__(self) -> str:
        return f"{self.day}: {self.reason}"
