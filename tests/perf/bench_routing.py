"""Benchmark (run by hand or by `make bench`): tenant routing against plain Django, and hoso's
calendar API against plain DRF.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/hoso_bench \\
        .venv/bin/python tests/perf/bench_routing.py [--requests 2000] [--calendar-requests 500]

Onboards (or reuses) a province `bench-routing`, then serves, through hoso's whole stack on the
province's host and through a plain single-tenant project on the same schema (its own process):

- the same one-query view (tests/perf/plain/views.py), against plain Django
  (tests/perf/plain/settings.py: startproject's middleware);
- the public working-days endpoint, hoso's `/api/v1/calendar/working-days/` against a plain DRF
  view (tests/perf/plain/calendar.py, settings_drf.py: DRF's defaults) computing the same days
  with the same pure calendar over the same two tables. Both must answer the same bytes: the
  benchmark stops if they do not.

Each process calls its WSGI application in a loop, as a server's worker would, with a persistent
connection and its health check. Rounds alternate between the two. Prints requests per second
and CPU time per request of each, their ratios, and the round trips of one hoso request.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
SCHEMA = "bench_routing"
PROVINCE = "bench-routing"
HOST = "benchrouting.localhost"
PATH = "/mot-truy-van/"
# Two months around Giỗ Tổ, 30/4 and 1/5, with one national and one province day off of the
# benchmark's own (OVERRIDES): every kind of day the endpoint answers.
CALENDAR_PATH = "/api/v1/calendar/working-days/"
CALENDAR_QUERY = "from=2026-04-01&to=2026-05-31"
OVERRIDES = {"national": (date(2026, 4, 10), "Ngày nghỉ toàn quốc (bench_routing)"),
             "province": (date(2026, 5, 15), "Ngày nghỉ của tỉnh (bench_routing)")}

Measured = dict[str, Any]


def serve(requests: int, path: str, query: str = "") -> Measured:
    """Requests per second of this process's WSGI application on `path`, the process's own
    CPU time per request in µs (PostgreSQL's time excluded: the same queries on both sides),
    which a machine busy with other work disturbs far less than the wall clock, and the body."""
    import io

    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "SERVER_NAME": HOST, "SERVER_PORT": "80",
               "HTTP_HOST": HOST, "wsgi.url_scheme": "http", "wsgi.input": None, "QUERY_STRING": query,
               "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "127.0.0.1"}

    def call() -> bytes:
        env = dict(environ, **{"wsgi.input": io.BytesIO(b"")})
        response = application(env, lambda status, headers: None)
        assert response.status_code == 200, response.status_code
        body = b"".join(response)
        response.close()
        return body

    for _ in range(50):
        body = call()
    started, cpu_started = time.perf_counter(), time.process_time()
    for _ in range(requests):
        call()
    cpu = (time.process_time() - cpu_started) / requests * 1e6
    return {"rps": requests / (time.perf_counter() - started), "cpu_us": cpu, "body": body.decode()}


def _measure(mode: str, settings_module: str, args: argparse.Namespace, **env: str) -> dict[str, Measured]:
    """One process of `mode` (--hoso or --plain): both endpoints, one after the other."""
    out = subprocess.run(
        [sys.executable, __file__, mode, "--requests", str(args.requests),
         "--calendar-requests", str(args.calendar_requests)],
        env=dict(os.environ, DJANGO_SETTINGS_MODULE=settings_module, **env), cwd=ROOT,
        check=True, capture_output=True, text=True).stdout
    result: dict[str, Measured] = json.loads(out.strip().splitlines()[-1])
    return result


def _plain(args: argparse.Namespace) -> dict[str, Measured]:
    return _measure("--plain", "tests.perf.plain.settings_drf", args, BENCH_SCHEMA=SCHEMA, BENCH_PROVINCE=PROVINCE)


def _hoso(args: argparse.Namespace) -> dict[str, Measured]:
    # Production's switches: no DEBUG (no query log); request log lines off on both sides.
    return _measure("--hoso", "hoso.settings.base", args, DJANGO_DEBUG="0", LOG_LEVEL="WARNING")


def _setup() -> tuple[int, int]:
    """The province and its days off, and the round trips of one request of each endpoint
    through hoso."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hoso.settings.test")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client, override_settings
    from django_tenants.utils import tenant_context

    from core.operations.onboarding import province_onboard
    from rules.models import ProvinceCalendarOverride
    from rules.national.models import CalendarOverride as NationalCalendarOverride
    from tenants.models import Province
    from tenants.services import platform_ensure
    from tests.budgets import measured

    call_command("migrate_schemas", verbosity=0)
    platform_ensure()
    if not Province.objects.filter(code=PROVINCE).exists():
        province_onboard(code=PROVINCE, name="Bench Routing", official_name="Tỉnh Bench Routing",
                         subdomain="benchrouting")
    # The benchmark's own days off, straight into its own database (no history needed here).
    day, reason = OVERRIDES["national"]
    NationalCalendarOverride.objects.get_or_create(day=day, defaults={"working": False, "reason": reason})
    with tenant_context(Province.objects.get(code=PROVINCE)):
        day, reason = OVERRIDES["province"]
        ProvinceCalendarOverride.objects.get_or_create(day=day, defaults={"working": False, "reason": reason})
    trips = []
    with override_settings(ROOT_URLCONF="tests.perf.routing_urls", ALLOWED_HOSTS=["*"]):
        browser = Client(HTTP_HOST=HOST)
        for path in (PATH, f"{CALENDAR_PATH}?{CALENDAR_QUERY}"):
            browser.get(path)
            with measured() as cost:
                assert browser.get(path).status_code == 200
            trips.append(cost.round_trips)
    return trips[0], trips[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--calendar-requests", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--plain", action="store_true")
    parser.add_argument("--hoso", action="store_true")
    args = parser.parse_args()
    if args.plain or args.hoso:
        import django

        django.setup()
        if args.hoso:
            from django.conf import settings

            settings.ROOT_URLCONF = "tests.perf.routing_urls"
            settings.ALLOWED_HOSTS = ["*"]
        print(json.dumps({"one_query": serve(args.requests, PATH),
                          "calendar": serve(args.calendar_requests, CALENDAR_PATH, CALENDAR_QUERY)}))
        return
    trips, calendar_trips = _setup()
    hoso, plain = [], []
    for _ in range(args.rounds):
        hoso.append(_hoso(args))
        plain.append(_plain(args))
    for answer in (*hoso, *plain):
        if answer["calendar"]["body"] != plain[0]["calendar"]["body"]:
            sys.exit(f"hoso and plain DRF answer differently:\n{answer['calendar']['body']}\n"
                     f"{plain[0]['calendar']['body']}")
    print(f"lịch: hoso và DRF thuần trả cùng một JSON ({len(plain[0]['calendar']['body'].encode())} byte)")
    lines = [("one_query", "một truy vấn", "Django thuần", trips, "routing hoso/plain"),
             ("calendar", "lịch ngày làm việc (API)", "DRF thuần", calendar_trips, "calendar API hoso/plain DRF")]
    for key, what, baseline, round_trips, result in lines:
        h, p = (statistics.median(m[key]["rps"] for m in hoso), statistics.median(m[key]["rps"] for m in plain))
        hc, pc = (statistics.median(m[key]["cpu_us"] for m in hoso), statistics.median(m[key]["cpu_us"] for m in plain))
        print(f"{what}, hoso (tỉnh)  {h:8.0f} req/s  {hc:6.0f} µs CPU/yêu cầu  ({round_trips} lượt gửi SQL mỗi yêu cầu)")
        print(f"{what}, {baseline:12s} {p:8.0f} req/s  {pc:6.0f} µs CPU/yêu cầu")
        print(f"RESULT {result} req/s ratio {p / h:.2f}x slower (target <= 1.2)")
        print(f"RESULT {result} CPU per request ratio {hc / pc:.2f}x")


if __name__ == "__main__":
    main()
