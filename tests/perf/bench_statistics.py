"""Benchmark (run by hand): province-wide statistics over 100,000 people.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/hoso_reports_bench \\
        .venv/bin/python tests/perf/bench_statistics.py [--people 100000] [--runs 20]

Creates (or reuses) a throwaway province `bench-statistics` (schema `bench_statistics`) in that
database, fills it with bulk inserts (40 agencies with 5 departments each; people with
categories, ranks, titles, job positions, ethnic groups, levels, degrees, salary history,
appointments, 3 % leavers, a highest qualification on 7 dossiers in 9 as résumés carry it), then times the province-wide statistics on a date, the changes
over a year, one agency's statistics, the XLSX of the province, and the statistics statement
sent by psycopg alone (the baseline). The province-wide statistics and the baseline run in
alternate rounds, so that the load of a shared machine falls on both alike. Budget:
province-wide statistics p99 < 300 ms.
"""

import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hoso.settings.test")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django_tenants.utils import tenant_context  # noqa: E402

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Lò", "Giàng", "Vàng", "Cầm", "Hà"]
GIVEN = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Lan", "Mai", "Nam", "Páo", "Sùng", "Yến"]
CATEGORIES = ["cong_chuc"] * 4 + ["vien_chuc"] * 5 + ["nguoi_lao_dong", "can_bo", "commune_official"]
RANKS = ["01.001", "01.002", "01.003", "01.004", "01.005", "06.031", "06.032"]
TITLES = ["V.07.05.13", "V.07.05.14", "V.07.05.15", "V.08.01.01", "V.08.01.02", "V.08.01.03"]
JOBS = ["Chuyên viên tổng hợp", "Giáo viên", "Bác sĩ", "Kế toán", "Văn thư", "Lái xe", "Thanh tra viên",
        "Chuyên viên quản lý ngân sách", "Điều dưỡng", ""]
ETHNIC = ["01"] * 6 + ["02", "03", "04", "05", "06", "08", "09", "17"]
POLITICAL = ["", "", "SC", "TC", "CC", "CN"]
EDUCATION = ["TC", "CD", "DH", "DH", "DH", "THS", "TS"]
# As the résumé's "trình độ chuyên môn cao nhất" reads: most name a level, some name none.
QUALIFICATIONS = ["Đại học Luật", "Thạc sĩ Quản lý công", "Cao đẳng Sư phạm", "Trung cấp Kế toán", "đại học Y khoa",
                  "Tiến sĩ Kinh tế", "Kỹ sư xây dựng", "", ""]
ON = date(2026, 6, 30)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    call_command("migrate_schemas", "--shared", verbosity=0)
    from core.catalogues.services import catalogues_ensure_loaded
    from core.operations.onboarding import province_onboard
    from tenants.services import platform_ensure

    platform_ensure()
    catalogues_ensure_loaded()
    province = province_onboard(code="bench-statistics", name="Bench Statistics",
                                official_name="Tỉnh Bench Statistics", subdomain="benchstatistics").province
    with tenant_context(province):
        _fill(args.people)
        _measure(args.runs)


def _fill(total: int) -> None:
    from core.base.text import search_normalise
    from core.models import (
        Appointment,
        Degree,
        Dossier,
        OrgUnit,
        OrgUnitKind,
        Person,
        Placement,
        SalaryHistory,
    )
    from core.services.org_units import org_unit_root

    have = Person.objects.count()
    if have >= total:
        print(f"{have} người đã có sẵn.")
        return
    root = org_unit_root()
    if not OrgUnit.objects.filter(parent=root).exists():
        _tree_build(root, OrgUnit, OrgUnitKind)
    units = list(OrgUnit.objects.filter(depth__gte=1))
    rng = random.Random(17)
    started = time.perf_counter()
    for start in range(have, total, 10_000):
        people, dossiers, places, degrees, salaries, appointments = [], [], [], [], [], []
        for i in range(start, min(start + 10_000, total)):
            name = f"{rng.choice(FAMILY)} Văn {rng.choice(GIVEN)}"
            female = rng.random() < 0.55
            year = rng.randint(1962, 2003)
            leaver = rng.random() < 0.03
            people.append(Person(
                national_id=f"098{(year // 100 - 19) * 2 + int(female)}{year % 100:02d}{i:06d}", full_name=name,
                search_name=search_normalise(name), gender="female" if female else "male", birth_year=year,
                category=rng.choice(CATEGORIES), org_unit=rng.choice(units),
                status="retired" if leaver else "working"))
        people = Person.objects.bulk_create(people)
        for person in people:
            civil = person.category in ("cong_chuc", "can_bo", "commune_official")
            dossiers.append(Dossier(
                person=person, rank_code=rng.choice(RANKS) if civil else "",
                professional_title_code="" if civil else rng.choice(TITLES), job_position=rng.choice(JOBS),
                ethnic_group_code=rng.choice(ETHNIC), political_theory_level_code=rng.choice(POLITICAL),
                highest_qualification=rng.choice(QUALIFICATIONS)))
            began = date(rng.randint(1990, 2025), rng.randint(1, 12), 1)
            ended = began + timedelta(days=rng.randint(200, 4000)) if person.status != "working" else None
            places.append(Placement(person=person, org_unit=person.org_unit, start=began, end=ended))
            degrees += [Degree(person=person, level_code=rng.choice(EDUCATION), field="Quản lý", institution="Học viện")
                        for _ in range(rng.randint(0, 2))]
            salaries.append(SalaryHistory(person=person, effective_on=began, rank_code=rng.choice(RANKS),
                                          step=1, coefficient="2.34"))
            if rng.random() < 0.3:
                salaries.append(SalaryHistory(person=person, effective_on=date(2025, rng.randint(1, 12), 1),
                                              rank_code=rng.choice(RANKS), step=2, coefficient="2.67"))
            if rng.random() < 0.05:
                appointments.append(Appointment(person=person, position="Trưởng phòng", decision="QĐ",
                                                start=date(2025, rng.randint(1, 12), 1),
                                                reappointment=rng.random() < 0.3))
        Dossier.objects.bulk_create(dossiers)
        Placement.objects.bulk_create(places)
        Degree.objects.bulk_create(degrees)
        SalaryHistory.objects.bulk_create(salaries)
        Appointment.objects.bulk_create(appointments)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"Đã tạo {total - have} người trong {time.perf_counter() - started:.1f} s.")


def _tree_build(root, OrgUnit, OrgUnitKind) -> None:  # type: ignore[no-untyped-def]  # noqa: N803
    agencies = OrgUnit.objects.bulk_create([
        OrgUnit(kind=OrgUnitKind.AGENCY, name=f"Cơ quan {i}", parent=root, path="", depth=1,
                established_on=root.established_on) for i in range(40)])
    for unit in agencies:
        unit.path = f"{root.path}{unit.pk}/"
    OrgUnit.objects.bulk_update(agencies, ["path"])
    departments = OrgUnit.objects.bulk_create([
        OrgUnit(kind=OrgUnitKind.DEPARTMENT, name=f"Phòng {j} – {agency.name}", parent=agency, path="", depth=2,
                established_on=root.established_on) for agency in agencies for j in range(5)])
    for unit in departments:
        assert unit.parent is not None
        unit.path = f"{unit.parent.path}{unit.pk}/"
    OrgUnit.objects.bulk_update(departments, ["path"])


def _timed(label: str, call: Callable[[], object], runs: int) -> float:
    return _interleaved({label: call}, runs)[label][1]


def _interleaved(calls: dict[str, Callable[[], object]], runs: int) -> dict[str, tuple[float, float]]:
    """(p50, p99) of each call, the calls taking turns in every round."""
    for call in calls.values():
        call()  # warm: catalogue cache, plans
    times: dict[str, list[float]] = {label: [] for label in calls}
    for _ in range(runs):
        for label, call in calls.items():
            started = time.perf_counter()
            call()
            times[label].append((time.perf_counter() - started) * 1000)
    found = {}
    for label, taken in times.items():
        taken.sort()
        p50, p99 = statistics.median(taken), taken[max(0, int(len(taken) * 0.99) - 1)]
        print(f"{label:<52} p50 {p50:7.1f} ms   p99 {p99:7.1f} ms   max {taken[-1]:7.1f} ms")
        found[label] = (p50, p99)
    return found


def _measure(runs: int) -> None:
    from core.models import OrgUnit, Person
    from core.reports.documents import statistics_document, xlsx_render
    from core.reports.selectors.statistics import changes_of, statistics_of

    root = OrgUnit.objects.get(parent__isnull=True)
    agency = OrgUnit.objects.filter(depth=1).order_by("id").first()
    assert agency is not None
    stats = statistics_of(scope=root, on=ON)
    print(f"{Person.objects.count()} người, {OrgUnit.objects.count()} đơn vị; "
          f"đang công tác ngày {ON:%d/%m/%Y}: {stats.headcount}")
    year = (date(2025, 1, 1), date(2025, 12, 31))
    figures = _interleaved({
        "thống kê toàn tỉnh (10 bảng, một truy vấn)": lambda: statistics_of(scope=root, on=ON),
        "cùng câu SQL, psycopg trực tiếp (không Django)": _raw_statistics(root),
    }, runs)
    (p50, p99), (raw_p50, raw) = figures.values()
    _timed("biến động toàn tỉnh trong năm 2025", lambda: changes_of(scope=root, period_from=year[0],
                                                                     period_to=year[1]), runs)
    _timed("thống kê một cơ quan (cây con)", lambda: statistics_of(scope=agency, on=ON), runs)
    _timed("thống kê + biến động + XLSX toàn tỉnh", lambda: xlsx_render(statistics_document(
        statistics_of(scope=root, on=ON), changes_of(scope=root, period_from=year[0], period_to=year[1]))),
        max(3, runs // 4))
    print(f"Ngân sách thống kê toàn tỉnh p99 < 300 ms: {'đạt' if p99 < 300 else 'KHÔNG ĐẠT'}")
    print(f"RESULT statistics p99 {p99:.0f} ms, raw SQL p99 {raw:.0f} ms: {p99 / raw:.2f}x raw (target p99 < 300 ms;"
          f" p50 {p50:.0f} ms against {raw_p50:.0f} ms, alternate rounds)")


def _raw_statistics(root) -> Callable[[], object]:  # type: ignore[no-untyped-def]
    """The statistics statement on a psycopg connection of its own, as psql would send it
    (default work_mem): the database's share of the time."""
    import psycopg
    from django.db import connection as django_connection

    from core.reports.selectors.statistics import _STATISTICS_SQL

    settings = django_connection.settings_dict
    raw = psycopg.connect(host=settings["HOST"] or None, port=settings["PORT"] or None, user=settings["USER"],
                          password=settings["PASSWORD"] or None, dbname=settings["NAME"], autocommit=True)
    raw.execute(f"SET search_path = {django_connection.schema_name}, public")
    params = {"on": ON, "year": ON.year, "prefix": f"{root.path}%", "unit_part": root.depth + 3}
    return lambda: raw.execute(_STATISTICS_SQL, params).fetchall()


if __name__ == "__main__":
    main()
