"""The careers lists forecast only the people their narrowing keeps (core.careers.candidates, the
daily run's): on the daily run's varied people (births, steps and terms on every side of the
windows, month ends, leap days, last steps, delays, pauses, ties, people without a dossier) and
awards during and before the step, every list gives the same rows in the same order as
forecasting everyone in scope, on five dates and over each list's own span and wider ones; and
each list is ordered from a few columns and forecasts only the page read."""

import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from core.base.accounts.models import Account
from core.base.errors import ApplicationError
from core.careers import selectors
from core.careers.dates import months_add
from core.careers.models import EarlyRaiseProposal, RaiseProposal
from core.careers.rules import career_rules
from core.careers.selectors import (
    PersonCareer,
    career_people,
    early_raise_case,
    early_steps_of,
    person_careers,
    raise_date,
    term_ending,
)
from core.models import Person, Reward, SalaryHistory
from core.selectors.people import person_list_for_user
from rules.selectors import working_calendar
from tests.core.careers.test_duty_candidates import TODAYS, _people
from tests.core.conftest import Personas

pytestmark = pytest.mark.django_db
LEVELS = ["Tỉnh", "Cơ sở", "Bộ", "Nhà nước", ""]


# --- Each list as it was: everyone in scope forecast, then filtered and sorted ----------------

def _raises(user: Account, start: date, end: date, unit_id: int, today: date) -> list[PersonCareer]:
    careers = person_careers(career_people(person_list_for_user(user=user, unit_id=unit_id)
                                           .filter(salary_history__isnull=False).distinct()), today=today)
    due = [c for c in careers if (when := raise_date(c)) is not None and start <= when <= end]
    return sorted(due, key=lambda c: (raise_date(c), c.person.search_name, c.person.pk))


def _retirements(user: Account, start: date, end: date, unit_id: int, today: date) -> list[PersonCareer]:
    careers = person_careers(career_people(person_list_for_user(user=user, unit_id=unit_id)), today=today)
    found = [c for c in careers if start <= c.retirement.retire_on <= end]
    return sorted(found, key=lambda c: (c.retirement.retire_on, c.person.search_name, c.person.pk))


def _terms(user: Account, start: date, end: date, unit_id: int, today: date) -> list[selectors.TermEnding]:
    rules, calendar = career_rules(as_of=today), working_calendar()
    people = career_people(person_list_for_user(user=user, unit_id=unit_id).filter(appointments__isnull=False)
                           .distinct()).prefetch_related("appointments")
    found = [e for p in people if (e := term_ending(p, rules, calendar)) is not None and start <= e.term_end <= end]
    return sorted(found, key=lambda t: (t.term_end, t.appointment.person.search_name, t.appointment.pk))


def _early(user: Account, unit_id: int, as_of: date) -> list[selectors.EarlyRaiseCase]:
    rule = career_rules(as_of=as_of).early_raise
    people = list(career_people(person_list_for_user(user=user, unit_id=unit_id).filter(
        salary_history__isnull=False).distinct()).prefetch_related("rewards"))
    early = early_steps_of(people)
    proposed = set(EarlyRaiseProposal.objects.exclude(state=EarlyRaiseProposal.State.REJECTED).values_list(
        "person_id", "step_since"))
    cases = []
    for career in person_careers(people, today=as_of):
        if (career.person.pk, career.step_since) in proposed:
            continue
        try:
            cases.append(early_raise_case(career, rule=rule, as_of=as_of, early_steps=early.get(career.person.pk, set())))
        except ApplicationError:
            continue
    return sorted(cases, key=lambda c: (c.due, c.career.person.search_name, c.career.person.pk))


def _quotas(cases: list[selectors.EarlyRaiseCase], as_of: date) -> dict[int, selectors.Quota]:
    """Each case's quota unit, for the year of its first case in the people's order (by name)."""
    rule, quotas = career_rules(as_of=as_of).early_raise, {}
    for case in sorted(cases, key=lambda c: (c.career.person.search_name, c.career.person.pk)):
        unit = selectors.quota_unit_of(case.career.person.org_unit)
        if unit.pk not in quotas:
            quotas[unit.pk] = selectors.quota_of(unit=unit, year=case.raise_on.year, rule=rule)
    return quotas


# --- The data and a count of forecasts ----------------------------------------------------------

def _awards(people: list[Person], seed: int) -> None:
    """Awards for half the people, in years before, during and after their step."""
    rng = random.Random(seed)
    Reward.objects.bulk_create([Reward(person=p, year=rng.randint(2016, 2028), form="Bằng khen",
                                       level=rng.choice(LEVELS)) for p in people if rng.random() < 0.5])


def _proposals(people: list[Person], user: Account) -> None:
    """Raise proposals for a quarter of the people with a step: on their latest row (waiting,
    or rejected, which leaves the raise due), and on the row before it (approved); early raises
    proposed for the latest row, or approved to begin it (not twice in a row), for a sixth."""
    latest: dict[int, date] = {}
    for person_id, effective_on in SalaryHistory.objects.filter(person__in=people).values_list(
            "person_id", "effective_on"):
        latest[person_id] = max(effective_on, latest.get(person_id, effective_on))
    made, early = [], []
    for i, person in enumerate(p for p in people if p.pk in latest):
        if i % 12 in (3, 4):  # an early raise proposed for the latest row, or approved to begin it
            since = latest[person.pk] if i % 12 == 3 else months_add(latest[person.pk], -36)
            early.append(EarlyRaiseProposal(
                person=person, org_unit_id=person.org_unit_id, year=since.year, step_since=since, step=2,
                regular_due=since, months_early=6, raise_on=latest[person.pk], proposed_by=user,
                state=EarlyRaiseProposal.State.PROPOSED if i % 12 == 3 else EarlyRaiseProposal.State.APPROVED))
        if i % 12 >= 3:
            continue
        state = [RaiseProposal.State.PROPOSED, RaiseProposal.State.REJECTED, RaiseProposal.State.APPROVED][i % 12]
        since = latest[person.pk] if i % 12 < 2 else months_add(latest[person.pk], -30)
        made.append(RaiseProposal(person=person, org_unit_id=person.org_unit_id, year=since.year, quarter=1,
                                  rank_code="01.003", step_since=since, step=2, new_step=3,
                                  new_coefficient=Decimal(3), raise_on=since, state=state, proposed_by=user))
    RaiseProposal.objects.bulk_create(made)
    EarlyRaiseProposal.objects.bulk_create(early)


def _proposed() -> set[tuple[int, date]]:
    return set(RaiseProposal.objects.exclude(state=RaiseProposal.State.REJECTED).values_list("person_id", "step_since"))


@contextmanager
def _forecasts(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """How many forecasts run inside the block (every list's forecast goes through `_step`, the
    terms' through `term_ending`)."""
    made = [0]

    def counted(compute: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any) -> Any:
            made[0] += 1
            return compute(*args)
        return wrapper

    with monkeypatch.context() as patch:
        patch.setattr(selectors, "_step", counted(selectors._step))
        patch.setattr(selectors, "term_ending", counted(selectors.term_ending))
        yield made


def _spans(today: date, own: Callable[[date], tuple[date, date]]) -> list[tuple[date, date]]:
    """The page's span, the raise round's (everything due by the quarter's end) and a wide one."""
    return [own(today), (date(1900, 1, 1), selectors.quarter_of(today)[1]),
            (today - timedelta(days=400), months_add(today, 30))]


def test_every_list_gives_what_forecasting_everyone_gives(lc: Personas, monkeypatch: pytest.MonkeyPatch) -> None:
    """Five dates over 600 varied people: the same rows in the same order, for each list and
    span, and only a page's people forecast."""
    unit = lc.person(lc.teacher).org_unit
    people = _people(unit, 600, seed=11)
    _awards(people, seed=12)
    _proposals(people, lc.doha)
    user, listed = lc.doha, {"raises": 0, "retirements": 0, "terms": 0, "early": 0, "round": 0}
    for today in TODAYS:
        scope = dict(user=user, unit_id=unit.pk, today=today)
        for start, end in _spans(today, selectors.quarter_of):
            with _forecasts(monkeypatch) as made:
                found = selectors.raises_due_for_user(start=start, end=end, **scope)
                page = found[2:6]
            assert made[0] == len(page), (today, start, end)  # the order needed no forecast
            assert list(found) == _raises(start=start, end=end, **scope), (today, start, end)
            assert page == list(found)[2:6]
            listed["raises"] += len(found)
        for start, end in _spans(today, lambda t: (t, months_add(t, 12) - timedelta(days=1))):
            with _forecasts(monkeypatch) as made:
                retiring = selectors.retirements_for_user(start=start, end=end, **scope)
                page = retiring[:4]
            assert made[0] == len(page), (today, start, end)  # the order needed no forecast
            assert list(retiring) == _retirements(start=start, end=end, **scope), (today, start, end)
            assert page == list(retiring)[:4]
            listed["retirements"] += len(retiring)
        for start, end in _spans(today, lambda t: (t, months_add(t, 6) - timedelta(days=1))):
            with _forecasts(monkeypatch) as made:
                terms = selectors.terms_ending_for_user(start=start, end=end, **scope)
                page = terms[1:5]
            assert made[0] == len(page), (today, start, end)
            assert list(terms) == _terms(start=start, end=end, **scope), (today, start, end)
            assert page == list(terms)[1:5]
            listed["terms"] += len(terms)
        with _forecasts(monkeypatch) as made:
            early = selectors.early_raise_candidates_for_user(user=user, unit_id=unit.pk, as_of=today)
            page = early.cases[1:4]
        assert made[0] == len(page), today
        assert list(early.cases) == _early(user=user, unit_id=unit.pk, as_of=today), today
        assert page == list(early.cases)[1:4]
        assert early.quotas == _quotas(list(early.cases), as_of=today), today
        listed["early"] += len(early.cases)
        with _forecasts(monkeypatch) as made:
            due = selectors.raise_round_for_user(user=user, unit_id=unit.pk, as_of=today).due
            page = due[:4]
        assert made[0] == len(page), today
        regular = [c for c in _raises(start=date(1900, 1, 1), end=selectors.quarter_of(today)[1], **scope)
                   if c.next_raise is not None]
        assert len(due) < len(regular), today  # some of those due were proposed
        assert list(due) == [c for c in regular if (c.person.pk, c.step_since) not in _proposed()], today
        assert page == list(due)[:4]
        listed["round"] += len(due)
    # The data reaches every list, so an empty answer on both sides would not pass.
    assert all(n >= 10 for n in listed.values()), listed
