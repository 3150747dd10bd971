"""Reading national reference data: the base salary in force on a date."""

from datetime import date

from django.db.models import QuerySet

from rules.national.models import BaseSalary


def base_salary_history() -> QuerySet[BaseSalary]:
    return BaseSalary.objects.order_by("effective_from")


def base_salary_on(*, on: date) -> BaseSalary | None:
    """The row in force on `on` (None before the first): a future row counts from its date only."""
    return BaseSalary.objects.filter(effective_from__lte=on).order_by("-effective_from").first()
