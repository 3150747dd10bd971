from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """The operators' work on the platform: operators and their sign-in, a province admin's
    first sign-in, province mergers, demo and reference data. It owns no tables: the
    provinces and mergers it works on are tenancy's (tenants.models)."""

    name = "core.operations"
    label = "operations"
    verbose_name = "Vận hành nền tảng"

    def ready(self) -> None:
        # Load the project's Celery app so that every @shared_task binds to it (and its
        # tenant-aware task class) in every process, web included. It lives here, above
        # tenancy, because the Celery app loads the platform's metrics, which read core.
        import hoso.celery  # noqa: F401
