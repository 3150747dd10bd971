"""Benchmark (run by hand): merge a province of 100,000 people into one of 20,000.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/hoso_merge_bench \\
        .venv/bin/python tests/perf/bench_merger.py [--people 100000] [--target-people 20000]

Creates (or reuses) two throwaway provinces `bench-merge-a` and `bench-merge-b`, fills them with
bulk inserts (people, dossiers, placements, one dossier version each), then times the dry run
and the merger (copy with per-table verification, files, switch) inside a transaction that is
rolled back at the end, so the next run starts from the same two provinces.
"""

import argparse
import os
import random
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hoso.settings.test")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django_tenants.utils import tenant_context  # noqa: E402

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Lò", "Giàng", "Vàng", "Cầm"]
GIVEN = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hùng", "Lan", "Mai", "Nam", "Páo", "Sùng", "Yến"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--target-people", type=int, default=20_000)
    args = parser.parse_args()
    call_command("migrate_schemas", "--shared", verbosity=0)
    from core.operations.onboarding import province_onboard
    from tenants.services import platform_ensure

    platform_ensure()
    source = province_onboard(code="bench-merge-a", name="Bench A", official_name="Tỉnh Bench A",
                              subdomain="benchmergea").province
    target = province_onboard(code="bench-merge-b", name="Bench B", official_name="Tỉnh Bench B",
                              subdomain="benchmergeb").province
    with tenant_context(source):
        _fill(args.people, legacy_code="011")
    with tenant_context(target):
        _fill(args.target_people, legacy_code="068")
    _measure()


def _fill(total: int, *, legacy_code: str) -> None:
    from core.base.text import search_normalise
    from core.models import Dossier, DossierVersion, OrgUnit, Person, Placement

    have = Person.objects.count()
    if have >= total:
        print(f"{have} người đã có sẵn.")
        return
    root = OrgUnit.objects.get(parent__isnull=True)
    rng = random.Random(legacy_code)
    started = time.perf_counter()
    for start in range(have, total, 10_000):
        people = []
        for i in range(start, min(start + 10_000, total)):
            name = f"{rng.choice(FAMILY)} Văn {rng.choice(GIVEN)}"
            year = rng.randint(1960, 2003)
            people.append(Person(national_id=f"{legacy_code}{(year // 100 - 19) * 2}{year % 100:02d}{i:06d}",
                                 full_name=name, search_name=search_normalise(name), gender="male",
                                 birth_year=year, category="vien_chuc", org_unit=root))
        people = Person.objects.bulk_create(people)
        Dossier.objects.bulk_create([Dossier(person=p, rank_code="01.003") for p in people])
        Placement.objects.bulk_create([Placement(person=p, org_unit=root, start="2015-01-01") for p in people])
        DossierVersion.objects.bulk_create([DossierVersion(person=p, number=1, snapshot={"full_name": p.full_name})
                                            for p in people])
    print(f"Đã tạo {total - have} người trong {time.perf_counter() - started:.1f} s.")


def _measure() -> None:
    from core.operations.merger.services import merger_plan, merger_run

    with transaction.atomic():
        started = time.perf_counter()
        merger = merger_plan(source_code="bench-merge-a", target_code="bench-merge-b",
                             effective_on=date(2025, 7, 1), acting_user=None)
        plan_seconds = time.perf_counter() - started
        if merger.plan["errors"]:
            raise SystemExit("; ".join(merger.plan["errors"]))
        started = time.perf_counter()
        merger = merger_run(merger=merger, acting_user=None)
        run_seconds = time.perf_counter() - started
        rows = sum(t["rows"] for t in merger.verification["tables"].values())
        ok = all(t["ok"] for t in merger.verification["tables"].values())
        print(f"{merger.plan['people']} người, {rows} dòng trong {len(merger.verification['tables'])} bảng")
        print(f"chạy thử (đếm, dấu kiểm, kiểm tra trùng):      {plan_seconds:6.2f} s")
        print(f"sáp nhập (khoá, chép, đối chiếu, chuyển hướng): {run_seconds:6.2f} s; khớp: {ok}; {merger.state}")
        transaction.set_rollback(True)


if __name__ == "__main__":
    main()
