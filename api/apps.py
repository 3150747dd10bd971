from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "API"

    def ready(self) -> None:
        # The OpenAPI field extensions register themselves on import.
        from api.v1.common import schema  # noqa: F401
