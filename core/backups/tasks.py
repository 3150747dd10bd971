"""Backups on schedule. One daily beat entry starts `backups_dispatch` in `public`; it honours
each province's duty (the month's backup on the 1st, catch-ups and "missing" alerts on later
days, pruning, one restore drill per new backup) and queues one task per piece of work.

These tasks run in `public`, not in the province's schema: the runs are kept in `public` and
the storage key is built from the province. They take primary keys only.
"""

from celery import current_app, shared_task
from django.utils import timezone
from django_tenants.utils import get_public_schema_name, schema_context

from core.backups.selectors import backup_plan
from core.backups.services import (
    backup_prune,
    backup_report_missing,
    backup_restore_drill,
    backup_run,
)
from core.base.background import celery_app_load
from tenants.context import province_by_id, province_list_for_background_work

celery_app_load()  # the project's app, before its tasks are defined or sent


@shared_task(name="backups.tasks.backups_dispatch")
def backups_dispatch() -> dict[str, list[str]]:
    today = timezone.localdate()
    queued: dict[str, list[str]] = {}
    with schema_context(get_public_schema_name()):
        for province in province_list_for_background_work():
            plan = backup_plan(province=province, today=today)
            if plan.missing:
                backup_report_missing(province=province, missing=plan.missing, today=today)
            work = [("backups.tasks.backup_province", {"province_id": province.pk})] if plan.province_due else []
            work += [("backups.tasks.backup_province", {"province_id": province.pk, "org_unit_id": unit})
                     for unit in plan.units_due]
            work.append(("backups.tasks.backup_prune_province", {"province_id": province.pk}))
            if plan.drill is not None:
                work.append(("backups.tasks.backup_drill_province", {"province_id": province.pk}))
            for name, kwargs in work:
                current_app.send_task(name, kwargs=kwargs)
            queued[province.schema_name] = [name for name, _ in work]
    return queued


@shared_task(name="backups.tasks.backup_province")
def backup_province(*, province_id: int, org_unit_id: int | None = None) -> str:
    with schema_context(get_public_schema_name()):
        province = province_by_id(province_id)
        return backup_run(acting_user=None, province=province, org_unit_id=org_unit_id).status


@shared_task(name="backups.tasks.backup_prune_province")
def backup_prune_province(*, province_id: int) -> int:
    with schema_context(get_public_schema_name()):
        province = province_by_id(province_id)
        return len(backup_prune(province=province, today=timezone.localdate()))


@shared_task(name="backups.tasks.backup_drill_province")
def backup_drill_province(*, province_id: int) -> bool:
    with schema_context(get_public_schema_name()):
        verification = backup_restore_drill(province=province_by_id(province_id))
        return verification is not None and verification.ok
