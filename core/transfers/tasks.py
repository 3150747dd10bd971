"""The daily duty run, inside one province's schema (queued there by
`tenants.tasks.provinces_dispatch`, which the beat starts in `public`)."""

from celery import shared_task
from django.db import connection
from django_tenants.utils import get_public_schema_name

from core.transfers.services.reminders import duties_remind


@shared_task(name="transfers.tasks.duties_daily")
def duties_daily() -> dict[str, int]:
    # Never in `public`: the duties live in the provinces' schemas only.
    if connection.schema_name == get_public_schema_name():  # type: ignore[attr-defined]
        return {"marked_late": 0, "sent": 0}
    result = duties_remind()
    return {"marked_late": result.marked_late, "sent": result.sent}
