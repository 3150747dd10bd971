"""Benchmark (run by hand or by `make bench`): tenant routing against plain Django.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/hoso_bench \\
        .venv/bin/python tests/perf/bench_routing.py [--requests 2000]

Onboards (or reuses) a province `bench-routing`, then serves the same one-query view
(tests/perf/plain/views.py) through hoso's whole stack on the province's host, and through a
plain single-tenant Django project (tests/perf/plain/settings.py, its own process) reading the
same schema; each calls its WSGI application in a loop, as a server's worker would, with a
persistent connection and its health check. Rounds alternate between the two. Prints requests
per second of each and their ratio, and the round trips of one hoso request.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
SCHEMA = "bench_routing"
HOST = "benchrouting.localhost"
PATH = "/mot-truy-van/"


def serve(requests: int) -> tuple[float, float]:
    """Requests per second of this process's WSGI application on PATH, and the process's own
    CPU time per request in µs (PostgreSQL's time excluded: the same query on both sides),
    which a machine busy with other work disturbs far less than the wall clock."""
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": PATH, "SERVER_NAME": HOST, "SERVER_PORT": "80",
               "HTTP_HOST": HOST, "wsgi.url_scheme": "http", "wsgi.input": None, "QUERY_STRING": "",
               "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "127.0.0.1"}
    import io

    def call() -> None:
        env = dict(environ, **{"wsgi.input": io.BytesIO(b"")})
        response = application(env, lambda status, headers: None)
        assert response.status_code == 200, response.status_code
        b"".join(response)
        response.close()

    for _ in range(50):
        call()
    started, cpu_started = time.perf_counter(), time.process_time()
    for _ in range(requests):
        call()
    cpu = (time.process_time() - cpu_started) / requests * 1e6
    return requests / (time.perf_counter() - started), cpu


def _plain(requests: int) -> tuple[float, float]:
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="tests.perf.plain.settings", BENCH_SCHEMA=SCHEMA)
    out = subprocess.run([sys.executable, __file__, "--plain", "--requests", str(requests)], env=env, cwd=ROOT,
                         check=True, capture_output=True, text=True).stdout
    result = json.loads(out.strip().splitlines()[-1])
    return float(result["rps"]), float(result["cpu_us"])


def _hoso(requests: int) -> tuple[float, float]:
    # Production's switches: no DEBUG (no query log); request log lines off on both sides.
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="hoso.settings.base", DJANGO_DEBUG="0", LOG_LEVEL="WARNING")
    out = subprocess.run([sys.executable, __file__, "--hoso", "--requests", str(requests)], env=env, cwd=ROOT,
                         check=True, capture_output=True, text=True).stdout
    result = json.loads(out.strip().splitlines()[-1])
    return float(result["rps"]), float(result["cpu_us"])


def _setup() -> int:
    """The province, and the round trips of one request through hoso."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hoso.settings.test")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client, override_settings

    from core.operations.onboarding import province_onboard
    from tenants.models import Province
    from tenants.services import platform_ensure
    from tests.budgets import measured

    call_command("migrate_schemas", verbosity=0)
    platform_ensure()
    if not Province.objects.filter(code="bench-routing").exists():
        province_onboard(code="bench-routing", name="Bench Routing", official_name="Tỉnh Bench Routing",
                         subdomain="benchrouting")
    with override_settings(ROOT_URLCONF="tests.perf.plain.views", ALLOWED_HOSTS=["*"]):
        browser = Client(HTTP_HOST=HOST)
        browser.get(PATH)
        with measured() as cost:
            assert browser.get(PATH).status_code == 200
    return cost.round_trips


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--plain", action="store_true")
    parser.add_argument("--hoso", action="store_true")
    args = parser.parse_args()
    if args.plain or args.hoso:
        import django

        if args.hoso:
            from django.conf import settings

            django.setup()
            settings.ROOT_URLCONF = "tests.perf.plain.views"
            settings.ALLOWED_HOSTS = ["*"]
        else:
            django.setup()
        rps, cpu_us = serve(args.requests)
        print(json.dumps({"rps": rps, "cpu_us": cpu_us}))
        return
    trips = _setup()
    hoso, plain = [], []
    for _ in range(args.rounds):
        hoso.append(_hoso(args.requests))
        plain.append(_plain(args.requests))
    h, p = (statistics.median(r for r, _ in hoso), statistics.median(r for r, _ in plain))
    hc, pc = (statistics.median(c for _, c in hoso), statistics.median(c for _, c in plain))
    print(f"một truy vấn, hoso (tỉnh)        {h:8.0f} req/s  {hc:6.0f} µs CPU/yêu cầu  ({trips} lượt gửi SQL mỗi yêu cầu)")
    print(f"một truy vấn, Django thuần       {p:8.0f} req/s  {pc:6.0f} µs CPU/yêu cầu")
    print(f"RESULT routing hoso/plain req/s ratio {p / h:.2f}x slower (target <= 1.2)")
    print(f"RESULT routing hoso/plain CPU per request ratio {hc / pc:.2f}x")


if __name__ == "__main__":
    main()
