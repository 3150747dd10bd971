"""URLs of the public host: the operators' console and the health check."""

from django.urls import include, path

from frontend.common import health

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("", include("frontend.console.urls")),
]

handler404 = "frontend.common.errors.not_found"
