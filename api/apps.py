import sys

from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "API"
    # The OpenAPI extensions (api/v1/common/schema.py) register themselves when a schema is
    # made (hoso.openapi.schema_prepare), not at start-up: drf-spectacular's plumbing imports
    # django.test.

    def ready(self) -> None:
        drf_compat_without_requests()


def drf_compat_without_requests() -> None:
    """Import DRF's compatibility module with `requests` hidden from it, so that it records the
    library as absent instead of importing it.

    DRF imports `requests` whenever it is installed, only for its test client
    (rest_framework.test.RequestsClient), which hoso does not use: 4.9 MB more in every web
    worker from its first API call (tests/perf/bench_memory.py). `requests` is installed for the
    provinces' shared-account sign-in (mozilla-django-oidc), whose callback imports it when a
    province uses it (core/sso/oidc.py); any `import requests` after this works as usual. Run once,
    at start-up, before any thread serves a request; nothing is done if DRF's module or
    `requests` is already loaded."""
    if "rest_framework.compat" in sys.modules or "requests" in sys.modules:
        return
    # A None entry makes `import requests` raise ImportError (the import system's documented
    # way to block a module), which DRF's module catches.
    sys.modules["requests"] = None  # type: ignore[assignment]
    try:
        import rest_framework.compat  # noqa: F401
    finally:
        del sys.modules["requests"]
