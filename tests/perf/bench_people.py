"""Benchmark (run by hand): the people list/search and a dossier fetch over 100,000 people.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/hoso_bench \\
        .venv/bin/python tests/perf/bench_people.py [--people 100000]

Creates (or reuses) a throwaway province `bench` in that database's schema `bench`, fills it
with bulk inserts, then times 200 calls of each query shape and prints p50/p99. Budgets:
list/search p99 < 300 ms, dossier fetch p99 < 200 ms.
"""

import argparse
import os
import random
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
from django.db import connection  # noqa: E402
from django_tenants.utils import tenant_context  # noqa: E402

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Lò", "Giàng", "Vàng", "Lý", "Hà", "Cầm"]
MIDDLE = ["Văn", "Thị", "Minh", "Thu", "Đức", "Ngọc", "Hữu", "Thanh", "Quang", "Kim"]
GIVEN = ["An", "Bình", "Chi", "Dũng", "Đào", "Giang", "Hà", "Hùng", "Khoa", "Lan", "Mai", "Nam", "Phương",
         "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Vân", "Xuân", "Yến", "Páo", "Sùng", "Dợ"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=100_000)
    args = parser.parse_args()
    call_command("migrate_schemas", "--shared", verbosity=0)
    from core.operations.onboarding import province_onboard
    from tenants.services import platform_ensure

    platform_ensure()
    province = province_onboard(code="bench", name="Bench", official_name="Tỉnh Bench", subdomain="bench").province
    with tenant_context(province):
        _fill(args.people)
        _measure()


def _fill(total: int) -> None:
    from core.base.text import search_normalise
    from core.models import Dossier, OrgUnit, OrgUnitKind, Person, Placement, Training, WorkHistory
    from core.services.org_units import org_unit_root

    have = Person.objects.count()
    if have >= total:
        print(f"{have} người đã có sẵn.")
        return
    root = org_unit_root()
    agencies = OrgUnit.objects.filter(parent=root, kind=OrgUnitKind.AGENCY)
    if not agencies.exists():
        made = OrgUnit.objects.bulk_create([
            OrgUnit(kind=OrgUnitKind.AGENCY, name=f"Cơ quan {i}", electronic_code="", parent=root, path="",
                    depth=1, established_on=root.established_on) for i in range(40)])
        for unit in made:
            unit.path = f"{root.path}{unit.pk}/"
        OrgUnit.objects.bulk_update(made, ["path"])
    units = list(OrgUnit.objects.filter(parent=root))
    rng = random.Random(7)
    started = time.perf_counter()
    batch = 10_000
    for start in range(have, total, batch):
        people = []
        for i in range(start, min(start + batch, total)):
            name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
            female = rng.random() < 0.5
            year = rng.randint(1960, 2003)
            century_sex = (year // 100 - 19) * 2 + (1 if female else 0)
            people.append(Person(
                national_id=f"010{century_sex}{year % 100:02d}{i:06d}", full_name=name,
                search_name=search_normalise(name), gender="female" if female else "male", birth_year=year,
                category="cong_chuc", org_unit=rng.choice(units)))
        people = Person.objects.bulk_create(people)
        Dossier.objects.bulk_create([Dossier(person=p, rank_code=rng.choice(["01.003", "01.002", ""])) for p in people])
        Placement.objects.bulk_create([Placement(person=p, org_unit=p.org_unit, start="2015-01-01") for p in people])
        WorkHistory.objects.bulk_create([WorkHistory(person=p, start="2015-01-01", unit_name="Cơ quan") for p in people])
        Training.objects.bulk_create([Training(person=p, kind="professional", start="2016-01-01",
                                               institution="Học viện", subject="Bồi dưỡng") for p in people])
    with connection.cursor() as cursor:
        # What autovacuum does in production before anyone searches: the rows visible to all, and
        # the trigram index's pending list (thousands of rows every name search would scan) merged.
        cursor.execute("VACUUM ANALYZE")
    print(f"Đã tạo {total - have} người trong {time.perf_counter() - started:.1f} s.")


def _timed(label: str, call: Callable[[int], object], runs: int = 200) -> tuple[float, float]:
    times = []
    for i in range(runs):
        started = time.perf_counter()
        call(i)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    p50, p99 = statistics.median(times), times[int(len(times) * 0.99) - 1]
    print(f"{label:<48} p50 {p50:7.1f} ms   p99 {p99:7.1f} ms")
    return p50, p99


def _measure() -> None:
    from core.base.accounts.models import Account
    from core.models import OrgUnit, Person, Role, RoleGrant
    from core.operations.onboarding import DOHA_ADMIN_USERNAME
    from core.selectors.people import dossier_get_for_user, person_list_for_user

    doha = Account.objects.get(username=DOHA_ADMIN_USERNAME)
    agency = OrgUnit.objects.filter(depth=1).order_by("id").first()
    officer, _ = Account.objects.get_or_create(username="bench.officer")
    RoleGrant.objects.get_or_create(account=officer, role=Role.UNIT_OFFICER, org_unit=agency)
    ids = list(Person.objects.values_list("pk", flat=True)[:: max(1, Person.objects.count() // 400)])
    names = ["nguyen van", "Trần Thị Hà", "pham", "lo van pao", "Đặng Ngọc", "giang", "vũ minh tuấn", "cầm thu"]

    def page(qs) -> list:  # type: ignore[no-untyped-def]
        return [(p.full_name, p.org_unit.name, p.dossier.rank_code) for p in qs[:50]]

    print(f"{Person.objects.count()} người, {OrgUnit.objects.count()} đơn vị")
    _timed("danh sách (DoHA, trang đầu 50)", lambda i: page(person_list_for_user(user=doha)))
    _timed("danh sách + đếm (DoHA)", lambda i: (page(person_list_for_user(user=doha)),
                                               person_list_for_user(user=doha).count()))
    _timed("tìm tên có/không dấu (DoHA)", lambda i: page(person_list_for_user(user=doha, query=names[i % len(names)])))
    search = _timed("tìm tên + đếm (DoHA)", lambda i: (page(person_list_for_user(user=doha, query=names[i % len(names)])),
                                                       person_list_for_user(user=doha, query=names[i % len(names)]).count()))
    _timed("tìm số định danh (8 chữ số đầu)", lambda i: page(person_list_for_user(user=doha, query=f"0100{60 + i % 40}00")))
    _timed("danh sách cán bộ kiểm tra (một cơ quan)", lambda i: page(person_list_for_user(user=officer)))
    _timed("tìm tên trong một cơ quan", lambda i: page(person_list_for_user(user=officer, query=names[i % len(names)])))
    _timed("lọc theo ngạch (DoHA)", lambda i: page(person_list_for_user(user=doha, rank_code="01.002")))
    dossier = _timed("mở hồ sơ (DoHA, có ghi nhật ký)", lambda i: dossier_get_for_user(user=doha, person_id=ids[i % len(ids)]))
    print(f"RESULT people search with count p99 {search[1]:.1f} ms (p50 {search[0]:.1f}; target < 50 ms),"
          f" dossier p99 {dossier[1]:.1f} ms (p50 {dossier[0]:.1f}; target < 30 ms), {Person.objects.count()} people,"
          f" load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
