"""The daily duty run, inside one province's schema (queued there by
`tenants.tasks.provinces_dispatch`, which the beat starts in `public`)."""

from celery import shared_task
from django.db import connection
from django_tenants.utils import get_public_schema_name

from core.base.background import celery_app_load
from core.transfers.services.daily import DailyResult, duties_daily_run

celery_app_load()  # the project's app, before its tasks are defined or sent


@shared_task(name="transfers.tasks.duties_daily")
def duties_daily() -> dict[str, int]:
    # Never in `public`: the duties live in the provinces' schemas only.
    if connection.schema_name == get_public_schema_name():  # type: ignore[attr-defined]
        return DailyResult(0, 0, 0, 0, 0, 0).as_dict()
    return duties_daily_run().as_dict()
