from django.conf import settings
from django.db import models
from django.utils import timezone


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


class CalendarOverrideVersion(models.Model):
    """What happened to a national adjustment: declared, changed or withdrawn, by whom, when.

    `CalendarOverride` holds only the adjustments in force (the calendar reads it); its rows are
    deleted on withdrawal, so this table is the record. Each row holds the adjustment as it stood
    after the action, or, for a withdrawal, as it stood before it, with the withdrawal's reason.
    Never updated or deleted.
    """

    class Action(models.TextChoices):
        ADD = "add", "thêm"
        CHANGE = "change", "sửa"
        REMOVE = "remove", "bỏ"

    day = models.DateField("ngày")
    action = models.CharField("thao tác", max_length=10, choices=Action.choices)
    working = models.BooleanField("là ngày làm việc")
    reason = models.CharField("lý do", max_length=300)
    legal_basis = models.CharField("căn cứ", max_length=300, blank=True)
    removal_reason = models.CharField("lý do bỏ", max_length=300, blank=True)
    # The username, kept as text so the record outlives the account ("" for the system).
    recorded_by = models.CharField("người thực hiện", max_length=150, blank=True)
    recorded_at = models.DateTimeField("thời điểm ghi", default=timezone.now)

    class Meta:
        ordering = ["-recorded_at", "-id"]
        indexes = [models.Index(fields=["day"], name="national_calendar_version_day")]
        verbose_name = "lịch sử điều chỉnh toàn quốc"
        verbose_name_plural = "lịch sử điều chỉnh toàn quốc"

    def __str__(self) -> str:
        return f"{self.day}: {self.get_action_display()} ({self.recorded_at:%Y-%m-%d %H:%M})"


class BaseSalary(models.Model):
    """The base salary (lương cơ sở), the multiplier of every coefficient, from a date until the
    next row's: national reference data in `public`. A new decree adds a row; none is edited."""

    effective_from = models.DateField("áp dụng từ ngày", unique=True)
    amount = models.PositiveIntegerField("mức lương cơ sở (đồng/tháng)")
    document = models.CharField("văn bản", max_length=300)
    article = models.CharField("điều, khoản", max_length=200)
    note = models.CharField("ghi chú", max_length=300, blank=True)
    entered_at = models.DateTimeField("nhập lúc", default=timezone.now)

    class Meta:
        ordering = ["effective_from"]
        verbose_name = "mức lương cơ sở"
        verbose_name_plural = "mức lương cơ sở"

    def __str__(self) -> str:
        return f"{self.amount:,} đồng từ {self.effective_from:%d/%m/%Y}"
