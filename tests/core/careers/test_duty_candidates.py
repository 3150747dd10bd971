"""The daily run forecasts only the people its narrowing keeps (core.careers.candidates): on
varied data (births, steps and terms on every side of the window, month ends, leap days, last
steps, delays, ties, people without a dossier, stale open duties) it opens and closes exactly the duties
it opens and closes forecasting everyone, and in a number of queries that does not grow with the
people."""

import calendar
import random
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from core.careers import services
from core.careers.candidates import raise_candidates, retirement_candidates, term_candidates
from core.careers.dates import months_add
from core.careers.models import StepPause
from core.careers.rules import career_rules
from core.catalogues.models import SalaryScale
from core.models import (
    Appointment,
    Discipline,
    Dossier,
    Evaluation,
    Gender,
    Obligation,
    ObligationKind,
    OrgUnit,
    Person,
    PersonCategory,
    PersonStatus,
    SalaryHistory,
)
from tests.core.conftest import Personas
from tests.core.factories import national_id_for

pytestmark = pytest.mark.django_db

# 01.003 → A1 (9 steps), 01.005 → B (12), 06.030 → A2.2 (8), "V.07.05.15" a title, "99.999" no group.
RANKS = ["01.003", "01.005", "06.030", "01.001", "V.07.05.15", "99.999"]
SCALES = ["", "", "", "A1", "CG", "A0", "XX"]
DAYS = [1, 15, 28, 29, 30, 31]
TODAYS = [date(2027, 1, 31), date(2027, 2, 28), date(2028, 2, 29), date(2027, 12, 31), date(2026, 7, 1)]


def _day(year: int, month: int, day: int) -> date:
    """`day` of the month, or its last day when the month is shorter."""
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _people(unit: OrgUnit, count: int, seed: int) -> list[Person]:
    """`count` people whose births and steps fall on every side of the windows of TODAYS."""
    rng = random.Random(seed)
    steps = dict(SalaryScale.objects.values_list("code", "steps"))
    people = []
    for i in range(count):
        year, month = rng.randint(1959, 1976), rng.randint(1, 12)
        gender = Gender.FEMALE if i % 2 else Gender.MALE
        shape = i % 4
        people.append(Person(
            national_id=national_id_for(prefix="011", year=year, gender=gender), full_name=f"Ứng Viên {i}",
            search_name=f"ung vien {i}", gender=gender, birth_year=year, category=PersonCategory.CONG_CHUC,
            birth_month=None if shape == 3 else (0 if shape == 2 and i % 8 == 2 else month),
            birth_date=_day(year, month, rng.choice(DAYS)) if shape < 2 else None, org_unit=unit,
            status=PersonStatus.RETIRED if i % 23 == 0 else PersonStatus.WORKING))
    people = Person.objects.bulk_create(people)
    dossiers, rows, disciplines, evaluations, pauses, duties, appointments = [], [], [], [], [], [], []
    for i, person in enumerate(people):
        if i % 3 == 1:  # terms ending on every side of the windows, some with their own end, some a second term
            start = _day(rng.randint(2020, 2027), rng.randint(1, 12), rng.choice(DAYS))
            own_end = months_add(start, rng.choice([24, 48, 60])) if i % 2 else None
            appointments.append(Appointment(person=person, position="Trưởng phòng", decision="QĐ", start=start,
                                            term_end=own_end))
            if i % 5 == 1:
                appointments.append(Appointment(person=person, position="Trưởng phòng", decision="QĐ",
                                                start=months_add(start, -60)))
        if i % 9:
            dossiers.append(Dossier(person=person, rank_code=rng.choice(RANKS), salary_scale_code=rng.choice(SCALES)))
        if i % 11 == 0:
            continue
        start = _day(rng.randint(2019, 2027), rng.randint(1, 12), rng.choice(DAYS))
        rank = rng.choice(RANKS)
        step = rng.choice([1, 2, 3, 5, 8, 9, 12])
        rows.append(SalaryHistory(person=person, effective_on=start, rank_code=rank, step=step, coefficient=Decimal(3)))
        if i % 5 == 0:  # an earlier step, and some with a second row the same day (the later row wins)
            rows.append(SalaryHistory(person=person, effective_on=months_add(start, -30), rank_code=rank,
                                      step=max(step - 1, 1), coefficient=Decimal(2)))
        if i % 13 == 0:
            rows.append(SalaryHistory(person=person, effective_on=start, rank_code=rank,
                                      step=steps.get("A1", 9), coefficient=Decimal(4)))
        if i % 7 == 0:
            disciplines.append(Discipline(person=person, year=start.year + rng.randint(-1, 2),
                                          form=rng.choice(["Khiển trách", "Cảnh cáo", "Hạ bậc lương"]),
                                          reason="Vi phạm"))
        if i % 6 == 0:
            evaluations.append(Evaluation(person=person, year=start.year + rng.randint(-1, 2),
                                          grade=rng.choice(["not_completed", "good"])))
        if i % 10 == 3:
            first = start + timedelta(days=rng.randint(-400, 600))
            pauses.append(StepPause(person=person, kind=StepPause.Kind.UNPAID_LEAVE, start=first,
                                    end=first + timedelta(days=rng.randint(10, 400))))
        if i % 17 == 0:  # a duty opened long ago, whose event the forecast may still give or not
            duties.append(Obligation(kind=ObligationKind.SALARY_RAISE, person=person, org_unit=unit,
                                     event_date=date(2019, 1, 1), due=date(2019, 1, 1),
                                     reference=f"{ObligationKind.SALARY_RAISE}:{person.pk}:2016-01-01:1"))
    Dossier.objects.bulk_create(dossiers)
    SalaryHistory.objects.bulk_create(rows)
    Discipline.objects.bulk_create(disciplines)
    Evaluation.objects.bulk_create(evaluations)
    StepPause.objects.bulk_create(pauses)
    Obligation.objects.bulk_create(duties)
    Appointment.objects.bulk_create(appointments)
    return people


def _run(today: date) -> tuple[services.CareerDutiesResult, set[tuple[Any, ...]]]:
    """The run on `today`, rolled back: its result and every career duty it leaves."""
    with transaction.atomic():
        result = services.career_duties_ensure(today=today)
        duties = set(Obligation.objects.filter(kind__in=services.CAREER_KINDS).values_list(
            "kind", "reference", "due", "event_date", "subject", "citation", "org_unit_id", "person_id", "state"))
        transaction.set_rollback(True)
    return result, duties


def _everyone(people: Any, **kwargs: Any) -> Any:
    return people


def _everyone_s_ids(people: Any, **kwargs: Any) -> list[int]:
    return sorted(people.values_list("pk", flat=True))


def test_the_narrowed_run_opens_and_closes_what_forecasting_everyone_does(
        lc: Personas, monkeypatch: pytest.MonkeyPatch) -> None:
    """Five dates (month ends, a leap day) over 600 varied people: the same duties, the same
    counts, and the narrowing leaves most people out."""
    unit = lc.person(lc.teacher).org_unit
    people = _people(unit, 600, seed=5)
    # Duties the earlier runs opened: the narrowed run must close or keep them as the full one does.
    _run(date(2026, 1, 15))
    services.career_duties_ensure(today=date(2026, 1, 15))
    kinds: set[str] = set()
    closed = 0
    for today in TODAYS:
        narrowed = _run(today)
        with monkeypatch.context() as patch:
            patch.setattr(services, "retirement_candidates", _everyone)
            patch.setattr(services, "raise_candidate_ids", _everyone_s_ids)
            patch.setattr(services, "term_candidates", _everyone)
            full = _run(today)
        assert narrowed == full, today
        kinds |= {duty[0] for duty in narrowed[1]}
        closed += narrowed[0].closed
        working = Person.objects.filter(pk__in=[p.pk for p in people], status=PersonStatus.WORKING)
        rules = career_rules(as_of=today)
        window = {"first": today - services.RECENT, "last": today + services.HORIZON, "rules": rules}
        assert retirement_candidates(working, **window).count() < working.count() // 3
        assert raise_candidates(working, today=today, **window).count() < working.count() * 2 // 3
        assert term_candidates(working, **window).count() < working.count() // 3
    assert kinds == {ObligationKind.RETIREMENT_NOTICE, ObligationKind.RETIREMENT_DECISION,
                     ObligationKind.SALARY_RAISE, ObligationKind.OVER_FRAME, ObligationKind.TERM_END}
    assert closed > 0


def test_the_run_s_queries_do_not_grow_with_the_people(lc: Personas) -> None:
    """The same number of queries for 100 people as for 300 (the duties go in one insert)."""
    unit = lc.person(lc.teacher).org_unit

    def queries(add: Callable[[], object]) -> int:
        add()
        with transaction.atomic(), CaptureQueriesContext(connection) as captured:
            services.career_duties_ensure(today=date(2027, 2, 28))
            transaction.set_rollback(True)
        return len(captured)

    assert queries(lambda: _people(unit, 100, seed=1)) == queries(lambda: _people(unit, 200, seed=2))


def test_the_raise_duties_forecast_from_columns_are_those_of_the_full_forecast(lc: Personas) -> None:
    """The daily run forecasts each raise from a few columns (selectors.step_keys), not from the
    person's rows loaded as models: on the varied people, on each of TODAYS, every raise duty it
    would open is the one the full forecast (person_careers, as the career pages show it) gives,
    with the same due date, reference and subject, and none is missing."""
    from core.careers.selectors import career_people, person_careers, raise_date

    unit = lc.person(lc.teacher).org_unit
    people = _people(unit, 300, seed=11)
    working = Person.objects.filter(pk__in=[p.pk for p in people], status=PersonStatus.WORKING,
                                    salary_history__isnull=False).distinct()
    compared = 0
    for today in TODAYS:
        citation = services.citation_text(career_rules(as_of=today).salary_raise_citation)
        expected = set()
        for career in person_careers(career_people(working), today=today):
            when = raise_date(career)
            if when is None:
                continue
            kind = ObligationKind.SALARY_RAISE if career.next_raise is not None else ObligationKind.OVER_FRAME
            expected.add((kind, career.person.pk, career.person.org_unit_id, when, when, citation,
                          f"{kind}:{career.person.pk}:{career.step_since}:{career.step}",
                          services._raise_subject(career)))  # type: ignore[arg-type]
        forecast = {(d.kind, d.person_id, d.org_unit_id, d.due, d.event_date, d.citation, d.reference, d.subject)
                    for d in services._raise_duties(today)}
        assert forecast <= expected, today
        # The run narrows to the people whose raise can fall in its window: there, none is missing.
        assert {duty for duty in expected
                if today - services.RECENT <= duty[3] <= today + services.HORIZON} <= forecast, today
        compared += len(forecast)
    assert compared > 50
