"""The one-query view both benchmarks serve: hoso on a province host, and a plain
single-tenant Django project (tests/perf/plain/settings.py) on the same schema."""

from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.urls import path


def one_query(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM rules_ruleversion")
        (count,) = cursor.fetchone()
    return JsonResponse({"rule_versions": count})


urlpatterns = [path("mot-truy-van/", one_query)]
