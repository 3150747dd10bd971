"""Background work: each province's report schedule for the year, kept from its rules, and the
day's statistics counted before the working day.

Beat entries (platform/celery.py), daily, fanned out to every province:
    "reports-schedule-daily": {"task": "tenants.tasks.provinces_dispatch",
        "schedule": crontab(hour=5, minute=0),
        "kwargs": {"task_name": "reports.tasks.report_schedule_ensure"}},
    "statistics-warm-daily": {"task": "tenants.tasks.provinces_dispatch",
        "schedule": crontab(hour=6, minute=45),
        "kwargs": {"task_name": "reports.tasks.statistics_warm"}},
"""

from celery import shared_task
from django.utils import timezone

from core.base.background import celery_app_load
from core.reports.services import report_schedule_ensure, statistics_warm

celery_app_load()  # the project's app, before its tasks are defined or sent


@shared_task(name="reports.tasks.report_schedule_ensure")
def report_schedule_ensure_task() -> int:
    """Runs in the province's schema (from its headers): this year's reports, tracked."""
    return report_schedule_ensure(year=timezone.localdate().year)


@shared_task(name="reports.tasks.statistics_warm")
def statistics_warm_task() -> int:
    """Runs in the province's schema (from its headers): today's statistics counted and kept."""
    return statistics_warm()
