from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "API"
    # The OpenAPI extensions (api/v1/common/schema.py) register themselves when a schema is
    # made (hoso.openapi.schema_prepare), not at start-up: drf-spectacular's plumbing imports
    # django.test.
