"""Prometheus metrics, labelled by province (the schema name: bounded, and no personal data).

Web processes count requests, latency and errors (`RequestMiddleware` in `middleware.py`).
Under gunicorn several worker processes share the counts through PROMETHEUS_MULTIPROC_DIR
(set by infra/gunicorn.conf.py), and the gunicorn master serves them on METRICS_PORT: a
separate port that the Ingress never routes, so the figures are not public.

The platform's gauges (age of each province's last backup and last national sync, queue
lengths, readiness) are read from the database when Prometheus scrapes the scheduler (beat),
which runs exactly once, so each series exists once however many web replicas run.
"""

import logging
from collections.abc import Iterator

from prometheus_client import CollectorRegistry, Counter, Histogram, start_http_server
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

logger = logging.getLogger(__name__)

# Unknown host, or before the province is known.
NO_PROVINCE = "-"

REQUESTS = Counter("hoso_http_requests", "HTTP requests answered", ["province", "method", "status"])
LATENCY = Histogram(
    "hoso_http_request_duration_seconds",
    "Time to answer an HTTP request",
    ["province"],
    buckets=(0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)
ERRORS = Counter("hoso_http_errors", "HTTP requests answered with a server error (5xx)", ["province"])
TASKS = Counter("hoso_tasks", "Background tasks finished", ["province", "task", "outcome"])

METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


# The labelled series each (province, method, status) counts into, found once per process:
# `labels()` checks and joins its arguments on every call, and this runs on every request. The
# series stay valid in a forked worker (prometheus_client resets their files after a fork).
_request_series: dict[tuple[str, str, int], tuple[Counter, Histogram]] = {}


def request_observe(*, province: str, method: str, status: int, seconds: float) -> None:
    method = method if method in METHODS else "OTHER"
    series = _request_series.get((province, method, status))
    if series is None:
        series = (REQUESTS.labels(province, method, str(status)), LATENCY.labels(province))
        _request_series[(province, method, status)] = series
    count, latency = series
    count.inc()
    latency.observe(seconds)
    if status >= 500:
        ERRORS.labels(province).inc()


class PlatformCollector(Collector):
    """Read at scrape time: one query for the backups, one UNION ALL for the syncs.

    The exporter answers each scrape in a thread of its own: `own_connection` closes that
    thread's database connection afterwards instead of leaving one behind per scrape."""

    def __init__(self, *, own_connection: bool = False) -> None:
        self.own_connection = own_connection

    def collect(self) -> Iterator[Metric]:
        from django.db import connection

        try:
            yield from self._province_gauges()
        except Exception:  # a scrape must not crash the scheduler; the gap itself is visible
            logger.exception("Không đọc được số liệu của các tỉnh cho Prometheus.")
        finally:
            if self.own_connection:
                connection.close()
        yield from self._queue_gauges()

    def _province_gauges(self) -> Iterator[Metric]:
        from django.utils import timezone

        from core.operations.selectors import province_counts, province_last_backups
        from tenants.context import province_list

        now = timezone.now()
        provinces = [p for p in province_list() if not p.is_public]
        backups = province_last_backups(provinces)
        counts = province_counts(provinces)
        backup_age = GaugeMetricFamily(
            "hoso_province_last_backup_age_seconds", "Seconds since the province's last successful backup",
            labels=["province"])
        sync_age = GaugeMetricFamily(
            "hoso_province_last_sync_age_seconds", "Seconds since the national database last accepted a record",
            labels=["province"])
        ready = GaugeMetricFamily("hoso_province_ready", "1 when the province is migrated and served",
                                  labels=["province"])
        for province in provinces:
            ready.add_metric([province.schema_name], 1.0 if province.is_ready else 0.0)
            if province.pk in backups:
                backup_age.add_metric([province.schema_name], (now - backups[province.pk]).total_seconds())
            last_sync = getattr(counts.get(province.schema_name), "last_sync", None)
            if last_sync is not None:
                sync_age.add_metric([province.schema_name], (now - last_sync).total_seconds())
        yield from (backup_age, sync_age, ready)

    def _queue_gauges(self) -> Iterator[Metric]:
        from hoso.celery import app

        queue = app.conf.task_default_queue or "celery"
        gauge = GaugeMetricFamily("hoso_queue_length", "Messages waiting in a Celery queue", labels=["queue"])
        try:
            with app.connection_for_read() as conn:
                conn.ensure_connection(max_retries=1, timeout=2)
                declared = conn.default_channel.queue_declare(queue=queue, passive=True)
                gauge.add_metric([queue], float(declared.message_count))
        except Exception:  # noqa: BLE001 - no broker or no queue yet: no sample
            logger.warning("Không đọc được độ dài hàng đợi %s.", queue)
        yield gauge


def platform_metrics_serve(port: int) -> None:
    """The scheduler's exporter: the platform's gauges, read at each scrape, in a thread."""
    registry = CollectorRegistry()
    registry.register(PlatformCollector(own_connection=True))
    start_http_server(port, registry=registry)
    logger.info("Số liệu Prometheus của nền tảng ở cổng %s.", port)


def multiprocess_metrics_serve(port: int) -> None:
    """The exporter of a process manager (gunicorn's master, Celery's worker): the counts its
    child processes wrote to PROMETHEUS_MULTIPROC_DIR, summed."""
    from prometheus_client import multiprocess

    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    start_http_server(port, registry=registry)
    logger.info("Số liệu Prometheus ở cổng %s.", port)
