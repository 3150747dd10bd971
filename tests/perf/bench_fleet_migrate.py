"""Benchmark (run by hand, or `tests/perf/run.py bench_fleet_migrate`): `provinces_migrate`
over a fleet of provinces (public first, then the template and every province in parallel
worker processes, each recorded), as an operator runs it at a release.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/hoso_bench \\
        .venv/bin/python tests/perf/bench_fleet_migrate.py [--provinces 50] [--runs 2]

Creates (or reuses) provinces `fleet-01`… (onboarded, empty), then times the whole command
`--runs` times. Every schema is already migrated, so this is the floor of a release's run: each
worker loads the migration graph, reads the schema's migration records and sends the
post-migrate signals; a release's own migrations add their DDL on top. Budget: 50 provinces
< 60 s.
"""

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hoso.settings.test")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--provinces", type=int, default=50)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--processes", type=int, default=None)
    args = parser.parse_args()
    call_command("migrate_schemas", verbosity=0)
    from core.operations.onboarding import province_onboard
    from tenants.models import Province
    from tenants.services import platform_ensure

    platform_ensure()
    started = time.perf_counter()
    for index in range(1, args.provinces + 1):
        province_onboard(code=f"fleet-{index:02d}", name=f"Fleet {index:02d}", official_name=f"Tỉnh Fleet {index:02d}",
                         subdomain=f"fleet{index:02d}")
    provinces = Province.objects.exclude(schema_name="public").filter(schema_dropped_at__isnull=True).count()
    print(f"{provinces} tỉnh sẵn sàng ({time.perf_counter() - started:.0f} s để khởi tạo)", flush=True)
    times = []
    for _ in range(args.runs):
        out = io.StringIO()
        started = time.perf_counter()
        options = {"processes": args.processes} if args.processes else {}
        call_command("provinces_migrate", stdout=out, **options)
        times.append(time.perf_counter() - started)
        print(f"provinces_migrate {times[-1]:6.1f} s   {out.getvalue().strip().splitlines()[-1]}", flush=True)
    median = statistics.median(times)
    print(f"RESULT provinces_migrate {provinces} provinces (nothing to apply): median {median:.1f} s, "
          f"{median / provinces * 1000:.0f} ms per province (target 50 provinces < 60 s)")


if __name__ == "__main__":
    main()
