"""Benchmark (run by hand): the demo generator (core/operations/demo/population.py) filling one
province, as the benchmarks' 100,000-person provinces are filled.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/hoso_bench \\
        .venv/bin/python tests/perf/bench_demo_population.py [--people 100000]

Onboards a throwaway province `benchdemo` (schema `benchdemo`) in that database, gives it Lào
Cai's demo organisation tree, then generates the people in batches and prints the time and the
rate. A province that already holds people is left as it is.
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hoso.settings.test")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_tenants.utils import tenant_context  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=100_000)
    args = parser.parse_args()
    call_command("migrate_schemas", "--shared", verbosity=0)
    from core.base.accounts.models import Account
    from core.catalogues.services import catalogues_ensure_loaded
    from core.models import Person
    from core.operations.demo.data import PROVINCE_DATA, _tree_build
    from core.operations.demo.population import demo_population_add
    from core.operations.onboarding import DOHA_ADMIN_USERNAME, province_onboard
    from tenants.models import Province
    from tenants.services import platform_ensure

    platform_ensure()
    catalogues_ensure_loaded()
    province = province_onboard(code="benchdemo", name="Bench", official_name="Tỉnh Bench",
                                subdomain="benchdemo").province
    with tenant_context(province):
        if Person.objects.exists():
            print(f"{Person.objects.count()} người đã có sẵn.")
            return
        # Lào Cai's tree (its schools and communes' names), built in this province's schema.
        _tree_build(Province(code="lao-cai", name="Bench"), Account.objects.get(username=DOHA_ADMIN_USERNAME))
        started = time.perf_counter()
        made = demo_population_add(id_prefix=PROVINCE_DATA["lao-cai"].id_prefix, people=args.people,
                                   today=timezone.localdate())
        seconds = time.perf_counter() - started
    print(f"{made} người trong {seconds:.1f} s ({made / seconds:.0f} người/giây)")


if __name__ == "__main__":
    main()
