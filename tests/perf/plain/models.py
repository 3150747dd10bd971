"""The two calendar tables the plain DRF view reads, as a plain project would declare tables it
does not own: unmanaged models on the names hoso's migrations gave them (the national one in
`public`, the province's in its schema; the search path holds both), with hoso's columns and
ordering, so that both sides build and read the same statements."""

from django.db import models


class CalendarOverride(models.Model):
    day = models.DateField(unique=True)
    working = models.BooleanField()
    reason = models.CharField(max_length=300)
    legal_basis = models.CharField(max_length=300, blank=True)
    entered_by_id = models.BigIntegerField(null=True)
    entered_at = models.DateTimeField()

    class Meta:
        abstract = True
        managed = False
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day}: {self.reason}"


class NationalCalendarOverride(CalendarOverride):
    class Meta(CalendarOverride.Meta):
        db_table = "rules_national_calendaroverride"


class ProvinceCalendarOverride(CalendarOverride):
    class Meta(CalendarOverride.Meta):
        db_table = "rules_provincecalendaroverride"
