"""The plain DRF project's URLs (settings_drf.py): bench_routing's one-query view and the
working-days endpoint at hoso's path."""

from django.urls import path

from tests.perf.plain.calendar import WorkingDaysView
from tests.perf.plain.views import one_query

urlpatterns = [
    path("mot-truy-van/", one_query),
    path("api/v1/calendar/working-days/", WorkingDaysView.as_view()),
]
