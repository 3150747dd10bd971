"""Background work: each province's report schedule for the year, kept from its rules.

Beat entry (platform/celery.py), daily, fanned out to every province:
    "reports-schedule-daily": {"task": "tenants.tasks.provinces_dispatch",
        "schedule": crontab(hour=5, minute=0),
        "kwargs": {"task_name": "reports.tasks.report_schedule_ensure"}},
"""

from celery import shared_task
from django.utils import timezone

from core.base.background import celery_app_load
from core.reports.services import report_schedule_ensure

celery_app_load()  # the project's app, before its tasks are defined or sent


@shared_task(name="reports.tasks.report_schedule_ensure")
def report_schedule_ensure_task() -> int:
    """Runs in the province's schema (from its headers): this year's reports, tracked."""
    return report_schedule_ensure(year=timezone.localdate().year)
