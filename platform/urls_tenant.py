"""URLs of a province host: its pages, its API; the probes (/healthz, /readyz) are answered by
frontend.common.health.ProbeMiddleware before the host is looked up."""

from django.urls import path
from hoso.lazy_urls import include

urlpatterns = [
    path("api/", include("api.urls")),
    path("", include("frontend.urls")),
]

handler404 = "frontend.common.errors.not_found"
handler500 = "frontend.common.errors.server_error"
