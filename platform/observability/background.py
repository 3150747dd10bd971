"""Celery's side of observability: task ids in the logs, task counts, the exporters.

Imported by hoso.celery, so every worker and the scheduler connect these signals.
"""

import logging.config
from typing import Any

from celery import signals
from hoso.observability.context import request_id_set
from hoso.observability.metrics import TASKS, multiprocess_metrics_serve, platform_metrics_serve


@signals.setup_logging.connect
def _logging_from_settings(**kwargs: Any) -> None:
    """Django's LOGGING (JSON in production) instead of Celery's own format."""
    from django.conf import settings

    logging.config.dictConfig(settings.LOGGING)


@signals.task_prerun.connect
def _task_id_in_logs(task_id: str | None = None, **kwargs: Any) -> None:
    request_id_set(task_id or "-")


@signals.task_postrun.connect
def _task_count(sender: Any = None, state: str | None = None, **kwargs: Any) -> None:
    from tenants.context import current_schema_name

    TASKS.labels(current_schema_name(), getattr(sender, "name", "?"), (state or "UNKNOWN").lower()).inc()
    request_id_set("-")


@signals.worker_init.connect
def _worker_exporter(**kwargs: Any) -> None:
    from django.conf import settings

    if settings.HOSO_METRICS_PORT and settings.HOSO_METRICS_MULTIPROCESS:
        multiprocess_metrics_serve(settings.HOSO_METRICS_PORT)


@signals.beat_init.connect
def _scheduler_exporter(**kwargs: Any) -> None:
    from django.conf import settings

    if settings.HOSO_METRICS_PORT:
        platform_metrics_serve(settings.HOSO_METRICS_PORT)
