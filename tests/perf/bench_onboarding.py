"""Benchmark (run by hand): onboarding a province by cloning the template schema against
replaying every migration.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/hoso_bench \\
        .venv/bin/python tests/perf/bench_onboarding.py [--rounds 5]

Each round onboards a throwaway province both ways inside a transaction that is rolled back,
so the database is left as it was. Prints each way's median and worst time, in seconds.
"""

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
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


def _measure(label: str, rounds: int, onboard: Callable[[int], float]) -> list[float]:
    times = [onboard(i) for i in range(rounds)]
    print(f"{label:<28} median {statistics.median(times):6.2f} s   worst {max(times):6.2f} s   ({rounds} lần)")
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    call_command("migrate_schemas", verbosity=0)  # public and the template
    from tenants.services import platform_ensure
    from tenants.template import template_ensure

    platform_ensure()
    template_ensure()
    _onboard_once(999)  # warm-up: imports, the clone function's first definition
    clone = _measure("sao chép schema mẫu (clone)", args.rounds, _onboard_once)
    with override_settings(TENANT_CREATION_FAKES_MIGRATIONS=False):
        migrate = _measure("chạy lại migrations", args.rounds, _onboard_once)
    ratio = statistics.median(migrate) / statistics.median(clone)
    print(f"clone nhanh hơn {ratio:.1f} lần")
    print(f"RESULT onboarding clone {statistics.median(clone):.2f} s, migrate {statistics.median(migrate):.2f} s: "
          f"{ratio:.1f}x faster (target < 0.5 s and >= 10x)")


if __name__ == "__main__":
    main()
