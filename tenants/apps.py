from django.apps import AppConfig


class TenantsConfig(AppConfig):
    name = "tenants"
    verbose_name = "Tỉnh"

    def ready(self) -> None:
        # Load the Celery app so that every @shared_task binds to it (and its tenant-aware task
        # class) in every process, web included.
        import hoso.celery  # noqa: F401
