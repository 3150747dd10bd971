"""What the career computations need beyond the dossier: the time a step does not count."""

from django.conf import settings
from django.db import models

from core.models import Person


class StepPause(models.Model):
    """A period that does not count towards a salary step or the beyond-top-step allowance
    (Thông tư 08/2013 as amended by Thông tư 03/2021): unpaid leave, suspension, sick leave beyond
    the six months that count. Both ends included."""

    class Kind(models.TextChoices):
        UNPAID_LEAVE = "unpaid_leave", "Nghỉ việc riêng không hưởng lương"
        SUSPENSION = "suspension", "Bị đình chỉ công tác, tạm giữ, tạm giam"
        LONG_SICK_LEAVE = "long_sick_leave", "Nghỉ ốm đau vượt quá thời gian được tính"
        OTHER = "other", "Khác"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="step_pauses")
    kind = models.CharField("loại", max_length=20, choices=Kind.choices)
    start = models.DateField("từ ngày")
    end = models.DateField("đến ngày")
    decision = models.CharField("quyết định", max_length=200, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    entered_at = models.DateTimeField("nhập lúc", auto_now_add=True)

    class Meta:
        ordering = ["person_id", "start"]
        verbose_name = "thời gian không tính nâng lương"
        verbose_name_plural = "thời gian không tính nâng lương"
        constraints = [models.CheckConstraint(condition=models.Q(end__gte=models.F("start")),
                                              name="careers_step_pause_ends_after_start")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.start} – {self.end}"
