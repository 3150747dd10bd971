"""URLs of a province host: its pages, its API and the health check."""

from django.urls import include, path

from frontend.common import health

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("api/", include("api.urls")),
    path("", include("frontend.urls")),
]

handler404 = "frontend.common.errors.not_found"
