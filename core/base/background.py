"""The project's Celery app, loaded by the modules that define tasks rather than by every process
at start-up.

A web worker sends a task now and then (after a DoHA approval, a résumé batch, an onboarding);
loading Celery with kombu, billiard, amqp, click and dateutil in every worker from its start cost
each one about 8 MB of memory that most of them never use. Workers and beat load the app first
(`celery -A hoso.celery`); any other process loads it on importing a tasks module, before a task
is defined or sent, so that `.delay()` goes to the configured broker with the tenant-aware task
class. The app's module is named by the settings (HOSO_CELERY_APP) because it sits above every
app: it loads the platform's metrics, which read core.
"""

from importlib import import_module

from django.conf import settings


def celery_app_load() -> None:
    """Load the project's Celery app (once per process; a no-op afterwards)."""
    import_module(settings.HOSO_CELERY_APP)
