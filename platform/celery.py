"""The Celery app. Tasks queued inside a province's request carry its schema in their headers
(tenant-schemas-celery) and run in that schema; periodic work starts in `public` and is fanned
out to each active, ready province by `tenants.tasks.provinces_dispatch`.
"""

import os

import hoso.observability.background  # noqa: F401  (signals: task ids in logs, metrics exporters)
from celery.schedules import crontab
from tenant_schemas_celery.app import CeleryApp

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hoso.settings.base")

# Every task switches to its message's province and is done once (tenants/background.py).
app = CeleryApp("hoso", task_cls="tenants.background:ProvinceTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {
    "province-heartbeat-daily": {
        "task": "tenants.tasks.provinces_dispatch",
        "schedule": crontab(hour=6, minute=0),
        "kwargs": {"task_name": "tenants.tasks.province_heartbeat"},
    },
    # National sync: packets whose delivery message was lost are picked up again.
    "national-sync-every-5-minutes": {
        "task": "tenants.tasks.provinces_dispatch",
        "schedule": crontab(minute="*/5"),
        "kwargs": {"task_name": "approvals.tasks.sync_packets_deliver"},
    },
    # Report duties of the year, from the rules in force (core.reports).
    "reports-schedule-daily": {
        "task": "tenants.tasks.provinces_dispatch",
        "schedule": crontab(hour=5, minute=0),
        "kwargs": {"task_name": "reports.tasks.report_schedule_ensure"},
    },
    # Today's province statistics counted before the working day, after the night's writes (the
    # day's first reading then sums kept counts; core.reports.services.statistics_warm).
    "statistics-warm-daily": {
        "task": "tenants.tasks.provinces_dispatch",
        "schedule": crontab(hour=6, minute=45),
        "kwargs": {"task_name": "reports.tasks.statistics_warm"},
    },
    # Duties: the year's reports, the approvals of the windows open today and the month's backup
    # tracked, then late ones marked and reminders sent before, on and after the due date, and
    # approvers told when a window opens (core.transfers.services.daily).
    "duties-daily": {
        "task": "tenants.tasks.provinces_dispatch",
        "schedule": crontab(hour=6, minute=30),
        "kwargs": {"task_name": "transfers.tasks.duties_daily"},
    },
    # Records of finished tasks, kept past any redelivery (tenants/background.py), then deleted.
    "finished-tasks-forget-daily": {
        "task": "tenants.tasks.finished_tasks_forget",
        "schedule": crontab(hour=3, minute=15),
    },
    # Spare copies of the template, for onboarding in a rename (tenants/spares.py): made up, and
    # made again when a migration left them behind, whether or not an onboarding asked for it.
    "spares-fill-daily": {
        "task": "tenants.tasks.spares_fill",
        "schedule": crontab(hour=2, minute=0),
    },
    # Monthly backups on the 1st; on later days the same check catches up and alerts (core.backups).
    "backups-daily": {
        "task": "backups.tasks.backups_dispatch",
        "schedule": crontab(hour=1, minute=30),
    },
}
