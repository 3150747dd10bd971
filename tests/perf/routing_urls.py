"""hoso's province URLs with bench_routing's one-query view in front: in its --hoso processes
the one-query view and the real API (/api/v1/calendar/working-days/) are served side by side."""

from django.urls import path
from hoso.urls_tenant import handler404, handler500
from hoso.urls_tenant import urlpatterns as province_urlpatterns

from tests.perf.plain.views import one_query

__all__ = ["handler404", "handler500", "urlpatterns"]

urlpatterns = [path("mot-truy-van/", one_query), *province_urlpatterns]
