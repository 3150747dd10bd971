"""Benchmark (run by hand): onboarding a province by renaming a spare copy of the template made
ahead of time, by copying the template while the operator waits (no spare ready), and by
replaying every migration.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/hoso_bench \\
        .venv/bin/python tests/perf/bench_onboarding.py [--rounds 5]

Each round onboards a throwaway province inside a transaction that is rolled back, so the
database is left as it was (a spare taken is given back). Prints each way's median and worst
time, in seconds, the three ways interleaved round by round so the machine's load falls on each.
"""

import argparse
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
from django.db import connection, transaction  # noqa: E402
from django.test import override_settings  # noqa: E402


def _onboard_once(index: int) -> float:
    from core.operations.onboarding import province_onboard

    started = time.perf_counter()
    with transaction.atomic():
        province_onboard(code=f"bench-{index}", name="Bench", official_name="Tỉnh Bench", subdomain=f"bench{index}")
        elapsed = time.perf_counter() - started
        transaction.set_rollback(True)
    connection.set_schema_to_public()
    return elapsed


def _report(label: str, times: list[float]) -> None:
    print(f"{label:<34} median {statistics.median(times):6.2f} s   worst {max(times):6.2f} s   ({len(times)} lần)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    call_command("migrate_schemas", verbosity=0)  # public and the template
    from tenants.services import platform_ensure
    from tenants.spares import spares_fill
    from tenants.template import template_ensure

    platform_ensure()
    template_ensure()
    spares_fill(count=1)
    _onboard_once(999)  # warm-up: imports, the first catalogue reads
    spare: list[float] = []
    clone: list[float] = []
    migrate: list[float] = []
    for index in range(args.rounds):
        with override_settings(TENANT_SPARE_SCHEMAS=1):
            spare.append(_onboard_once(index))
        with override_settings(TENANT_SPARE_SCHEMAS=0):
            clone.append(_onboard_once(index))
        with override_settings(TENANT_SPARE_SCHEMAS=0, TENANT_CREATION_FAKES_MIGRATIONS=False):
            migrate.append(_onboard_once(index))
    _report("đổi tên bản sao dự phòng (spare)", spare)
    _report("sao chép schema mẫu (clone)", clone)
    _report("chạy lại migrations", migrate)
    spare_ratio = statistics.median(migrate) / statistics.median(spare)
    clone_ratio = statistics.median(migrate) / statistics.median(clone)
    print(f"spare nhanh hơn migrations {spare_ratio:.1f} lần, clone {clone_ratio:.1f} lần")
    print(f"RESULT onboarding spare {statistics.median(spare):.2f} s, clone {statistics.median(clone):.2f} s, "
          f"migrate {statistics.median(migrate):.2f} s: spare {spare_ratio:.1f}x, clone {clone_ratio:.1f}x faster "
          f"(target < 0.5 s and >= 10x)")


if __name__ == "__main__":
    main()
