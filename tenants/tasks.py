"""Background work per province. Tasks take a schema (in headers) and primary keys only."""

from celery import current_app, shared_task
from django_tenants.utils import tenant_context

from core.base.audit.services import audit_record
from core.base.background import celery_app_load
from tenants.selectors import province_list_for_background_work

celery_app_load()  # the project's app, before its tasks are defined or sent


@shared_task(name="tenants.tasks.provinces_dispatch")
def provinces_dispatch(*, task_name: str) -> list[str]:
    """Runs in `public` (beat): queue `task_name` once inside each active, ready province."""
    queued = []
    for province in province_list_for_background_work():
        # Sending from inside tenant_context stamps the province's schema into the headers.
        with tenant_context(province):
            current_app.send_task(task_name)
        queued.append(province.schema_name)
    return queued


@shared_task(name="tenants.tasks.province_heartbeat")
def province_heartbeat(note: str = "") -> None:
    """Proof of life in the current province's own log (and the Celery-schema test's probe)."""
    audit_record(acting_user=None, action="system.heartbeat", detail={"note": note})


@shared_task(name="tenants.tasks.spares_fill")
def spares_fill_task() -> int:
    """Runs in `public`: the template's spare copies made up (tenants/spares.py); how many were made."""
    from tenants.spares import spares_fill

    return spares_fill().made


@shared_task(name="tenants.tasks.finished_tasks_forget")
def finished_tasks_forget_task() -> int:
    """Runs in `public`: records of finished tasks older than any redelivery deleted; how many."""
    from tenants.background import finished_tasks_forget

    return finished_tasks_forget()
