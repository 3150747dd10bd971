"""URLs of the public host: the operators' console and the health check."""

from django.urls import include, path

from frontend.views import health

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("", include("frontend.urls_console")),
]

handler404 = "frontend.views.errors.not_found"
