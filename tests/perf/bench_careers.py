"""Benchmark (run by hand): the careers lists' first page with 5, 1,000 and 10,000 people in scope.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/hoso_bench \\
        .venv/bin/python tests/perf/bench_careers.py [--rounds 5] [--new-only]

Creates (or reuses) a throwaway province `benchcareers` with three agencies of 5, 1,000 and
10,000 varied people (births 1960–2003, a step begun in the last three years, some
disciplines, pauses and appointments), then times each list's first page (the selector and the
page of 50 the pager reads) for each agency, beside the same list forecasting everyone in scope
as it did before the narrowing (tests/core/careers/test_list_candidates.py, which checks the two
agree), in alternating rounds, and prints the median of each and the forecasts it made.
--new-only leaves out the list forecasting everyone (tens of seconds a round with 10,000 people).
The salary catalogues must be loaded (manage.py catalogues_load): without them no step has a
scale, and the raise lists are empty.
"""

import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hoso.settings.test")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.core.paginator import Paginator  # noqa: E402
from django_tenants.utils import tenant_context  # noqa: E402

SIZES = (5, 1_000, 10_000)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--new-only", action="store_true")
    args = parser.parse_args()
    call_command("migrate_schemas", "--shared", verbosity=0)
    from core.operations.onboarding import province_onboard
    from tenants.models import Province
    from tenants.services import platform_ensure

    platform_ensure()
    province = Province.objects.filter(schema_name="benchcareers").first() or province_onboard(
        code="benchcareers", name="Bench careers", official_name="Tỉnh Bench careers", subdomain="benchcareers").province
    with tenant_context(province):
        units = [_unit(size) for size in SIZES]
        _measure(units, args.rounds, new_only=args.new_only)


def _unit(size: int) -> Any:
    """The agency holding `size` people, made on the first run."""
    from core.base.text import search_normalise
    from core.careers.dates import months_add
    from core.careers.models import StepPause
    from core.models import (
        Appointment,
        Discipline,
        Dossier,
        OrgUnit,
        OrgUnitKind,
        Person,
        SalaryHistory,
    )
    from core.services.org_units import org_unit_root

    name = f"Sở {size} người"
    found = OrgUnit.objects.filter(name=name).first()
    if found is not None:
        return found
    root = org_unit_root()
    unit = OrgUnit.objects.create(kind=OrgUnitKind.AGENCY, name=name, parent=root, path="", depth=1,
                                  established_on=root.established_on)
    unit.path = f"{root.path}{unit.pk}/"
    unit.save(update_fields=["path"])
    rng, today = random.Random(size), date.today()
    people = []
    for i in range(size):
        female, year, month = rng.random() < 0.5, rng.randint(1960, 2003), rng.randint(1, 12)
        full = f"Người Thử {size}-{i}"
        century_sex = (year // 100 - 19) * 2 + (1 if female else 0)
        people.append(Person(national_id=f"010{century_sex}{year % 100:02d}{SIZES.index(size)}{i:05d}",
                             full_name=full, search_name=search_normalise(full), gender="female" if female else "male",
                             birth_year=year, birth_month=month, birth_date=date(year, month, rng.randint(1, 28)),
                             category="cong_chuc", org_unit=unit))
    people = Person.objects.bulk_create(people)
    Dossier.objects.bulk_create([Dossier(person=p, rank_code="01.003") for p in people])
    SalaryHistory.objects.bulk_create([SalaryHistory(
        person=p, effective_on=today - timedelta(days=rng.randint(0, 3 * 365)), rank_code="01.003",
        step=rng.randint(1, 9), coefficient=Decimal("3.00")) for p in people])
    Discipline.objects.bulk_create([Discipline(person=p, year=today.year - rng.randint(0, 2), form="Khiển trách",
                                               reason="Vi phạm") for p in people if rng.random() < 0.03])
    StepPause.objects.bulk_create([StepPause(person=p, kind=StepPause.Kind.UNPAID_LEAVE, start=today - timedelta(days=200),
                                             end=today - timedelta(days=100)) for p in people if rng.random() < 0.02])
    Appointment.objects.bulk_create([Appointment(
        person=p, position="Trưởng phòng", decision="QĐ", start=months_add(today, -rng.randint(1, 60)))
        for p in people if rng.random() < 0.1])
    return unit


def _measure(units: list[Any], rounds: int, *, new_only: bool = False) -> None:
    from core.base.accounts.models import Account
    from core.careers import selectors
    from core.careers.dates import months_add
    from core.operations.onboarding import DOHA_ADMIN_USERNAME
    from tests.core.careers import test_list_candidates as everyone

    doha = Account.objects.get(username=DOHA_ADMIN_USERNAME)
    today = date.today()
    quarter = selectors.quarter_of(today)
    year_ahead = (today, months_add(today, 12) - timedelta(days=1))
    half_year = (today, months_add(today, 6) - timedelta(days=1))

    def page(rows: Any) -> list[Any]:
        return list(Paginator(rows, 50).get_page(1).object_list)

    lists: dict[str, tuple[Callable[[int], object], Callable[[int], object]]] = {
        "nâng lương đến hạn (quý)": (
            lambda unit: page(selectors.raises_due_for_user(user=doha, start=quarter[0], end=quarter[1], unit_id=unit,
                                                            today=today)),
            lambda unit: page(everyone._raises(user=doha, start=quarter[0], end=quarter[1], unit_id=unit, today=today))),
        "nghỉ hưu (12 tháng)": (
            lambda unit: page(selectors.retirements_for_user(user=doha, start=year_ahead[0], end=year_ahead[1],
                                                             unit_id=unit, today=today)),
            lambda unit: page(everyone._retirements(user=doha, start=year_ahead[0], end=year_ahead[1], unit_id=unit,
                                                    today=today))),
        "hết nhiệm kỳ (6 tháng)": (
            lambda unit: page(selectors.terms_ending_for_user(user=doha, start=half_year[0], end=half_year[1],
                                                              unit_id=unit, today=today)),
            lambda unit: page(everyone._terms(user=doha, start=half_year[0], end=half_year[1], unit_id=unit,
                                              today=today))),
        "nâng lương trước hạn": (
            lambda unit: page(selectors.early_raise_candidates_for_user(user=doha, as_of=today, unit_id=unit).cases),
            lambda unit: page(everyone._early(user=doha, unit_id=unit, as_of=today))),
        "xét nâng lương (quý)": (
            lambda unit: page(selectors.raise_round_for_user(user=doha, as_of=today, unit_id=unit).due),
            lambda unit: page([c for c in everyone._raises(user=doha, start=date(1900, 1, 1), end=quarter[1],
                                                           unit_id=unit, today=today) if c.next_raise is not None])),
    }
    made = [0]

    def counted(compute: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any) -> Any:
            made[0] += 1
            return compute(*args)
        return wrapper

    # A count of forecasts (a step's, a term's), for the report only.
    selectors._step = counted(selectors._step)  # type: ignore[assignment]
    selectors.term_ending = counted(selectors.term_ending)  # type: ignore[assignment]
    print(f"load average {os.getloadavg()[0]:.2f}; medians of {rounds} alternating rounds, ms (forecasts)")
    print(f"{'danh sách':<28}" + "".join(f"{size:>12} người: mới / cũ" for size in SIZES))
    for label, (new, old) in lists.items():
        cells = []
        for unit in units:
            times: dict[str, list[float]] = {"new": [], "old": []}
            counts = {}
            for _ in range(rounds):
                for key, call in (("new", new),) if new_only else (("new", new), ("old", old)):
                    made[0] = 0
                    started = time.perf_counter()
                    call(unit.pk)
                    times[key].append((time.perf_counter() - started) * 1000)
                    counts[key] = made[0]
            cells.append(f"{statistics.median(times['new']):8.1f} ({counts['new']}) / " + (
                f"{statistics.median(times['old']):8.1f} ({counts['old']})" if times["old"] else "—"))
        print(f"{label:<28}" + "   ".join(cells), flush=True)


if __name__ == "__main__":
    main()
