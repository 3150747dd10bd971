"""gunicorn for hoso's web process (`infra/docker/entrypoint.sh web`).

Every value can be overridden by the environment (GUNICORN_* or the names below). Shutdown:
on SIGTERM the master stops accepting, lets each worker finish its requests for up to
`graceful_timeout` seconds, then exits 0; Kubernetes' terminationGracePeriodSeconds (and
compose's stop_grace_period) must be longer than that.
"""

import multiprocessing
import os
import shutil
import tempfile

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
# Synchronous workers with a few threads: views stay synchronous (django-tenants' search path
# lives on the thread's connection; async code would fall back to `public`).
worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", min(2 * multiprocessing.cpu_count() + 1, 8)))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "25"))
keepalive = 5
# Recycle workers now and then so a slow leak never grows; jitter keeps them from recycling together.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
# The request log is Django's (hoso.request: JSON with the province and request id).
accesslog = None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
# Headers from the Ingress: the scheme (https) and the client address.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "*")
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
wsgi_app = "hoso.wsgi:application"

# Prometheus: workers write their counts to files in this folder; the master serves the sum on
# METRICS_PORT (a port that the Ingress never routes). Set before any worker imports the client.
METRICS_PORT = int(os.environ.get("METRICS_PORT", "9100") or 0)
if METRICS_PORT and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="hoso-prometheus-")


def on_starting(server: object) -> None:
    """A fresh folder: counts of an earlier run are not this run's."""
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        shutil.rmtree(folder, ignore_errors=True)
        os.makedirs(folder, exist_ok=True)


def when_ready(server: object) -> None:
    if METRICS_PORT:
        from hoso.observability.metrics import multiprocess_metrics_serve

        multiprocess_metrics_serve(METRICS_PORT)


def child_exit(server: object, worker: object) -> None:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)  # type: ignore[attr-defined]


def post_worker_init(worker: object) -> None:
    """The application a worker has just loaded (Django, its apps, the rules) lives as long as
    the worker: frozen out of the garbage collector's reach, a full collection no longer walks
    its objects (issue 15: in a loop of one-query requests, the collector's time went from about
    24 to 6 µs a request once they were frozen; measured outside gunicorn)."""
    import gc

    gc.freeze()
