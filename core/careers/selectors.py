"""Reading career events: forecasts for anyone (retirement) and for the people a user may see."""

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, fields
from datetime import date, timedelta
from functools import cache, partial
from typing import Any, TypeVar, overload

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from core.base.accounts.models import Account
from core.base.errors import ApplicationError, StateError
from core.careers.candidates import raise_candidates, retirement_candidates, term_candidates
from core.careers.dates import months_add, working_days_before
from core.careers.discipline import DisciplineEffect, discipline_effect
from core.careers.models import (
    EarlyRaiseProposal,
    EvaluationEntry,
    EvaluationRound,
    JobPositionHolding,
    RaiseProposal,
    StepPause,
)
from core.careers.pay import AllowanceFact, Pay, pay_compute
from core.careers.retirement import RetirementForecast, birth_assumed, retirement_compute
from core.careers.rules import CareerRules, career_rules
from core.careers.salary import (
    DisciplineFact,
    EvaluationFact,
    OverFrameForecast,
    Pause,
    StepEnd,
    next_raise,
    over_frame,
)
from core.careers.scales import salary_groups, scale_code_of
from core.catalogues.models import SalaryScale
from core.models import (
    Appointment,
    Discipline,
    Evaluation,
    Obligation,
    ObligationKind,
    ObligationState,
    OrgUnit,
    OrgUnitKind,
    Person,
    PersonCategory,
    PersonStatus,
    Reward,
    SalaryHistory,
)
from core.permissions import account_role_grants, grant_over
from core.selectors.people import person_get_for_user, person_list_for_user
from rules.domain.calendar import WorkingCalendar
from rules.domain.career import MAX_AGE_MONTHS, MAX_DELAY_MONTHS, MIN_AGE_MONTHS, EarlyRaise
from rules.domain.types import Citation
from rules.national.models import BaseSalary
from rules.national.selectors import base_salary_on
from rules.selectors import working_calendar
from tenants.context import replica_reads


@dataclass(frozen=True)
class RetirementAnswer:
    forecast: RetirementForecast
    citation: Citation | None


def retirement_forecast(*, birth: date, gender: str, today: date) -> RetirementAnswer:
    """Computed under today's rules, then again under the rules in force on the date found, so
    that a new roadmap from a future date changes the retirements after that date only."""
    rules = career_rules(as_of=today)
    forecast = _retirement(birth, gender, rules)
    later = career_rules(as_of=forecast.retire_on) if forecast.retire_on > today else rules
    if later.roadmap != rules.roadmap or later.notice != rules.notice:
        forecast, rules = _retirement(birth, gender, later), later
    return RetirementAnswer(forecast=forecast, citation=rules.roadmap_citation)


def _retirement(birth: date, gender: str, rules: CareerRules) -> RetirementForecast:
    return retirement_compute(birth=birth, gender=gender, roadmap=rules.roadmap, notice=rules.notice)


# --- People's careers -------------------------------------------------------------------------

@dataclass(frozen=True)
class StepForecast:
    """A person's step and what comes after it: `PersonCareer` without the retirement."""

    person: Person
    scale_code: str
    step: int | None
    step_since: date | None
    last_step: bool
    next_raise: StepEnd | None
    over_frame: OverFrameForecast | None


@dataclass(frozen=True)
class PersonCareer(StepForecast):
    """What the law makes due in one person's career, as their dossier stands: their step and
    what comes after it, and their retirement."""

    retirement: RetirementForecast


def career_people(people: QuerySet[Person]) -> QuerySet[Person]:
    """`people` with everything a forecast reads, in a fixed number of queries."""
    return people.select_related("dossier", "org_unit").prefetch_related(
        "salary_history", "disciplines", "evaluations", "step_pauses")


def _forecast_rows(person: Person, relation: str) -> Iterable[Any]:
    return getattr(person, relation).all()  # type: ignore[no-any-return]


def person_careers(people: Iterable[Person], *, today: date) -> list[PersonCareer]:
    """Each person's forecast under the rules in force `today` (people from `career_people`)."""
    rules = career_rules(as_of=today)
    steps = scale_steps()
    groups = salary_groups()
    return [_career(person, rules, steps, groups, today) for person in people]


def person_retirements(people: Iterable[Person], *, today: date) -> list[tuple[Person, RetirementForecast]]:
    """Each person's retirement under the rules in force `today`, as `person_careers` gives it,
    from the person's own row: no salary history, disciplines or evaluations to read (the daily
    run asks this of everyone near retirement age)."""
    rules = career_rules(as_of=today)
    return [(person, _retirement(birth_assumed(birth_date=person.birth_date, birth_year=person.birth_year,
                                               birth_month=person.birth_month), person.gender, rules))
            for person in people]


def scale_steps() -> dict[str, int]:
    """Each salary scale's number of steps, by code."""
    return dict(SalaryScale.objects.values_list("code", "steps"))


def _career(person: Person, rules: CareerRules, steps: dict[str, int], groups: dict[str, str],
            today: date) -> PersonCareer:
    birth = birth_assumed(birth_date=person.birth_date, birth_year=person.birth_year, birth_month=person.birth_month)
    step = _step(person, rules, steps, groups, today)
    return PersonCareer(**{field.name: getattr(step, field.name) for field in fields(step)},
                        retirement=_retirement(birth, person.gender, rules))


@dataclass(frozen=True)
class SalaryFact:
    """The current salary row's columns a step forecast reads."""

    effective_on: date
    rank_code: str
    step: int


@dataclass(frozen=True)
class StepFacts:
    """What `step_compute` reads of one person: plain values, from model instances (`_step`)
    or from a few columns of many people (`step_keys`)."""

    current: SalaryFact | None
    dossier_scale: str | None
    dossier_rank: str | None
    disciplines: Sequence[DisciplineFact] = ()
    evaluations: Sequence[EvaluationFact] = ()
    pauses: Sequence[Pause] = ()


@dataclass(frozen=True)
class Step:
    """`StepForecast` without the person: what `step_compute` gives."""

    scale_code: str
    step: int | None
    step_since: date | None
    last_step: bool
    next_raise: StepEnd | None
    over_frame: OverFrameForecast | None


def step_compute(*, facts: StepFacts, rules: CareerRules, steps: dict[str, int], groups: dict[str, str],
                 today: date) -> Step:
    """A person's step and what comes after it, from plain facts (`steps`: each scale's number of
    steps). The one forecast of a step: a list ordered by its keys (`step_keys`) and the page
    that shows them (`_step`) cannot disagree."""
    current = facts.current
    scale_code = scale_code_of(dossier_scale=facts.dossier_scale, rank_code=current.rank_code if current else None,
                               dossier_rank=facts.dossier_rank, groups=groups)
    if current is None or not scale_code:
        return Step(scale_code, None, None, False, None, None)
    last_step = scale_code in steps and current.step >= steps[scale_code]
    raise_due = None if last_step else next_raise(
        start=current.effective_on, scale_code=scale_code, rule=rules.salary_raise, disciplines=facts.disciplines,
        evaluations=facts.evaluations, pauses=facts.pauses)
    frame = over_frame(
        start=current.effective_on, scale_code=scale_code, as_of=today, rule=rules.over_frame,
        delays_rule=rules.salary_raise, disciplines=facts.disciplines, evaluations=facts.evaluations,
        pauses=facts.pauses,
    ) if last_step else None
    return Step(scale_code, current.step, current.effective_on, last_step, raise_due, frame)


def _step(person: Person, rules: CareerRules, steps: dict[str, int], groups: dict[str, str],
          today: date) -> StepForecast:
    rows = sorted((r for r in _forecast_rows(person, "salary_history") if r.effective_on <= today),
                  key=lambda r: r.effective_on)
    current = rows[-1] if rows else None
    dossier = getattr(person, "dossier", None)
    facts = StepFacts(
        current=SalaryFact(current.effective_on, current.rank_code, current.step) if current else None,
        dossier_scale=getattr(dossier, "salary_scale_code", None), dossier_rank=getattr(dossier, "rank_code", None),
        disciplines=[DisciplineFact(d.year, d.form) for d in _forecast_rows(person, "disciplines")],
        evaluations=[EvaluationFact(e.year, e.grade) for e in _forecast_rows(person, "evaluations")],
        pauses=[Pause(p.start, p.end) for p in _forecast_rows(person, "step_pauses")])
    step = step_compute(facts=facts, rules=rules, steps=steps, groups=groups, today=today)
    return StepForecast(person, step.scale_code, step.step, step.step_since, step.last_step, step.next_raise,
                        step.over_frame)


@dataclass(frozen=True)
class StepKey:
    """One person's step forecast from a few columns: what orders and filters a list of steps."""

    pk: int
    search_name: str
    step: Step
    org_unit_id: int | None = None


def step_keys(ids: list[int], *, rules: CareerRules, today: date) -> list[StepKey]:
    """`step_compute` for the people `ids`, read from columns only (no model instances): the
    current row of each (as `_step` takes it: the latest from `today` back, the later row of a
    day), their dossier's codes, their disciplines, evaluations and pauses. Five queries however
    many people; someone with no row from `today` back has no step, and no key."""
    steps, groups = scale_steps(), salary_groups()
    current = (SalaryHistory.objects.filter(person_id__in=ids, effective_on__lte=today)
               .order_by("person_id", "-effective_on", "-id").distinct("person_id")
               .values_list("person_id", "person__search_name", "effective_on", "rank_code", "step",
                            "person__dossier__salary_scale_code", "person__dossier__rank_code",
                            "person__org_unit_id"))
    disciplines: dict[int, list[DisciplineFact]] = {}
    for person_id, year, form in Discipline.objects.filter(person_id__in=ids).values_list("person_id", "year", "form"):
        disciplines.setdefault(person_id, []).append(DisciplineFact(year, form))
    evaluations: dict[int, list[EvaluationFact]] = {}
    for person_id, year, grade in Evaluation.objects.filter(person_id__in=ids).values_list("person_id", "year", "grade"):
        evaluations.setdefault(person_id, []).append(EvaluationFact(year, grade))
    pauses: dict[int, list[Pause]] = {}
    for person_id, first, last in StepPause.objects.filter(person_id__in=ids).values_list("person_id", "start", "end"):
        pauses.setdefault(person_id, []).append(Pause(first, last))
    return [StepKey(pk, name, step_compute(facts=StepFacts(
        current=SalaryFact(effective_on, rank_code, step), dossier_scale=dossier_scale, dossier_rank=dossier_rank,
        disciplines=disciplines.get(pk, ()), evaluations=evaluations.get(pk, ()), pauses=pauses.get(pk, ())),
        rules=rules, steps=steps, groups=groups, today=today), org_unit_id)
        for pk, name, effective_on, rank_code, step, dossier_scale, dossier_rank, org_unit_id in current]


def _listed(people: QuerySet[Person]) -> QuerySet[Person]:
    """`people` (a narrowed scope) as a plain list of ids: joined to the scope's own filters, the
    planner expects one row and walks every dossier for each of them (1.3 s for 352 people of
    10,000, against 0.4 s by id; tests/perf/bench_careers.py)."""
    return Person.objects.filter(pk__in=list(people.values_list("pk", flat=True)))


T = TypeVar("T")


class Forecasts(Sequence[T]):
    """A list whose order is known from a few columns and whose rows are forecast only when read:
    its length is the keys', and a page (a slice) forecasts only its own people. `make` gives
    the rows of the people whose ids it is given, in any order."""

    def __init__(self, ids: list[int], make: Callable[[list[int]], Iterable[T]], *, keys: Sequence[Any] = (),
                 id_of: Callable[[T], int] = lambda row: int(row.person.pk)) -> None:  # type: ignore[attr-defined]
        self._ids = ids
        self._make = make
        self._id_of = id_of
        self.keys = list(keys)  # what the list was ordered on, by row, when its maker gives it (e.g. a date)

    def _rows(self, ids: list[int]) -> list[T]:
        made = {self._id_of(row): row for row in self._make(ids)}
        # Someone whose dossier changed since the order was read may be missing: a page short by
        # one, not an error.
        return [made[pk] for pk in ids if pk in made]

    def __len__(self) -> int:
        return len(self._ids)

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> list[T]: ...

    def __getitem__(self, index: int | slice) -> T | list[T]:
        if isinstance(index, slice):
            return self._rows(self._ids[index])
        return self._rows([self._ids[index]])[0]

    def __iter__(self) -> Iterator[T]:
        return iter(self._rows(self._ids))


def quarter_of(day: date) -> tuple[date, date]:
    """The first and last day of `day`'s quarter."""
    first = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return first, months_add(first, 3) - timedelta(days=1)


def _careers_of(today: date) -> Callable[[list[int]], list[PersonCareer]]:
    """The full forecast of the people whose ids it is given: what a `Forecasts` page runs."""
    return lambda pks: person_careers(career_people(Person.objects.filter(pk__in=pks)), today=today)


def _raise_keys(*, user: Account, start: date, end: date, unit_id: int | None, today: date) -> list[StepKey]:
    """The step keys of the people `user` may see whose regular raise (or next beyond-top-step
    percent) falls in [start, end], soonest first (then by name and id). Only the people whose
    raise can fall in the span are read (core.careers.candidates: the daily run's narrowing)."""
    rules = career_rules(as_of=today)
    people = person_list_for_user(user=user, unit_id=unit_id).filter(salary_history__isnull=False).distinct()
    narrowed = raise_candidates(people, today=today, first=start, last=end, rules=rules)
    ids = list(narrowed.values_list("pk", flat=True))
    due = [(when, key.search_name, key.pk, key) for key in step_keys(ids, rules=rules, today=today)
           if (when := raise_date(key.step)) is not None and start <= when <= end]
    due.sort(key=lambda row: row[:3])
    return [key for *_, key in due]


@replica_reads  # an export's data: from the replica when one is set and healthy
def raises_due_for_user(*, user: Account, start: date, end: date, unit_id: int | None = None,
                        today: date) -> Forecasts[PersonCareer]:
    """People `user` may see whose regular raise (or next beyond-top-step percent) falls in
    [start, end], soonest first. The order is found from a few columns (`step_keys`, the same
    forecast as the page's), and only the rows read (a page) are forecast in full."""
    keys = _raise_keys(user=user, start=start, end=end, unit_id=unit_id, today=today)
    return Forecasts([key.pk for key in keys], _careers_of(today))


def raise_date(career: PersonCareer | StepForecast | Step) -> date | None:
    if career.next_raise is not None:
        return career.next_raise.due
    return career.over_frame.next_on if career.over_frame is not None else None


@replica_reads
def retirements_for_user(*, user: Account, start: date, end: date, unit_id: int | None = None,
                         today: date) -> Forecasts[PersonCareer]:
    """People `user` may see who reach retirement age in [start, end], by retirement date. Only
    the months of birth that can retire in the span are read (core.careers.candidates), and of
    those a few columns: the retirement date follows from the birth and the gender alone, so the
    order is found without the salary history, and only the rows read (a page) are forecast."""
    rules = career_rules(as_of=today)
    people = person_list_for_user(user=user, unit_id=unit_id).filter(
        birth_year__gte=start.year - MAX_AGE_MONTHS // 12 - 1, birth_year__lte=end.year - MIN_AGE_MONTHS // 12)
    narrowed = retirement_candidates(people, first=start, last=end, rules=rules)

    @cache
    def retire_on(birth: date, gender: str) -> date:
        return _retirement(birth, gender, rules).retire_on

    keys = []
    for pk, name, gender, birth_date, birth_year, birth_month in narrowed.values_list(
            "pk", "search_name", "gender", "birth_date", "birth_year", "birth_month"):
        on = retire_on(birth_assumed(birth_date=birth_date, birth_year=birth_year, birth_month=birth_month), gender)
        if start <= on <= end:
            keys.append((on, name, pk))
    keys.sort()
    return Forecasts([pk for _, _, pk in keys], _careers_of(today), keys=[on for on, _, _ in keys])


@dataclass(frozen=True)
class TermEnding:
    appointment: Appointment
    term_end: date
    work_starts_by: date
    decision_by: date
    retire_on: date
    extend_to_retirement: bool
    consecutive_terms: int
    limit_reached: bool


@replica_reads
def terms_ending_for_user(*, user: Account, start: date, end: date, unit_id: int | None = None,
                          today: date) -> Forecasts[TermEnding]:
    """The latest appointment of each person `user` may see whose term ends in [start, end]:
    when re-appointment work starts, and whether an extension to retirement replaces it. Only
    the people with a term ending near the span are read (core.careers.candidates), and of those
    the appointments' dates: the order is found from the term's end (`term_end_of`, as the page
    finds it), and only the rows read (a page) are worked out in full."""
    rules = career_rules(as_of=today)
    visible = person_list_for_user(user=user, unit_id=unit_id).filter(appointments__isnull=False).distinct()
    ids = list(term_candidates(visible, first=start, last=end, rules=rules).values_list("pk", flat=True))
    latest: dict[int, tuple[date, int, date | None, str]] = {}  # start, id, own end, name
    for person_id, pk, began, own_end, name in Appointment.objects.filter(person_id__in=ids).values_list(
            "person_id", "pk", "start", "term_end", "person__search_name"):
        if person_id not in latest or (began, pk) > latest[person_id][:2]:
            latest[person_id] = (began, pk, own_end, name)
    keys = sorted((ends, name, pk, person_id) for person_id, (began, pk, own_end, name) in latest.items()
                  if start <= (ends := term_end_of(start=began, term_end=own_end, rules=rules)) <= end)
    calendar = working_calendar()

    def endings_of(pks: list[int]) -> list[TermEnding]:
        people = career_people(Person.objects.filter(pk__in=pks)).prefetch_related("appointments")
        return [ending for person in people if (ending := term_ending(person, rules, calendar)) is not None]

    return Forecasts([person_id for *_, person_id in keys], endings_of, keys=[ends for ends, *_ in keys],
                     id_of=lambda t: int(t.appointment.person_id))


def term_end_of(*, start: date, term_end: date | None, rules: CareerRules) -> date:
    """An appointment's term's last day: its own end, else the rule's months from its start."""
    return term_end or months_add(start, rules.appointment_term.term_months) - timedelta(days=1)


def term_ending(person: Person, rules: CareerRules, calendar: WorkingCalendar) -> TermEnding | None:
    """The term of `person`'s latest appointment (its own end, else the rule's length), and the
    decision's due date: the rule's working days before the end, on the province's calendar."""
    appointments = sorted(person.appointments.all(), key=lambda a: (a.start, a.pk))
    if not appointments:
        return None
    latest = appointments[-1]
    term = rules.appointment_term
    term_end = term_end_of(start=latest.start, term_end=latest.term_end, rules=rules)
    birth = birth_assumed(birth_date=person.birth_date, birth_year=person.birth_year, birth_month=person.birth_month)
    retire_on = _retirement(birth, person.gender, rules).retire_on
    consecutive = 1
    for earlier in reversed(appointments[:-1]):
        if earlier.position != latest.position:
            break
        consecutive += 1
    return TermEnding(
        appointment=latest, term_end=term_end,
        work_starts_by=term_end - timedelta(days=term.start_before_days),
        decision_by=working_days_before(calendar, term_end, term.decision_before_working_days), retire_on=retire_on,
        extend_to_retirement=retire_on <= months_add(term_end, term.extend_to_retirement_within_months),
        consecutive_terms=consecutive,
        limit_reached=person.category == PersonCategory.CONG_CHUC and consecutive >= term.max_consecutive_terms,
    )


# --- Salary on a date -------------------------------------------------------------------------

@dataclass(frozen=True)
class PayAnswer:
    """A person's month on `on`: the salary row and base salary it rests on, and the amounts."""

    person: Person
    row: SalaryHistory
    scale_code: str
    base: BaseSalary
    pay: Pay


NO_SALARY_ROW = "Hồ sơ chưa có diễn biến lương hưởng từ ngày {on:%d/%m/%Y} trở về trước."
NO_BASE_SALARY = "Chưa có mức lương cơ sở áp dụng vào ngày {on:%d/%m/%Y} (bảng mức lương cơ sở bắt đầu từ 01/07/2019)."


def person_pay_on(*, user: Account, person_id: int, on: date) -> PayAnswer:
    """`person_id`'s salary and allowances in the month of `on`, under the base salary and the
    rules in force on `on` (a base salary decreed from a later date changes later months only).
    Missing and forbidden answer alike (NotFoundError)."""
    person = person_get_for_user(user=user, person_id=person_id, purpose="careers.salary")
    person = career_people(Person.objects.filter(pk=person.pk)).prefetch_related("allowances").get()
    return pay_of(person, on=on)


def pay_of(person: Person, *, on: date) -> PayAnswer:
    """The same for a person loaded by `career_people` with their allowances."""
    career = _career(person, career_rules(as_of=on), scale_steps(), salary_groups(), on)
    rows = sorted((r for r in person.salary_history.all() if r.effective_on <= on), key=lambda r: r.effective_on)
    # A well-formed date the stored data does not reach (the dossier's salary history, the base
    # salary table): a 409, as the data's state, not the input, refuses it.
    if not rows:
        raise StateError(NO_SALARY_ROW.format(on=on), code="no_salary_row", extra={"fields": {
            "on": NO_SALARY_ROW.format(on=on)}})
    base = base_salary_on(on=on)
    if base is None:
        raise StateError(NO_BASE_SALARY.format(on=on), code="no_base_salary", extra={"fields": {
            "on": NO_BASE_SALARY.format(on=on)}})
    allowances = [AllowanceFact(kind=a.kind, label=a.name or a.get_kind_display(), start=a.start, end=a.end,
                                coefficient=a.coefficient, percent=a.percent, amount=a.amount)
                  for a in person.allowances.all()]
    frame = career.over_frame.percent if career.over_frame is not None else 0
    pay = pay_compute(on=on, base_salary=base.amount, coefficient=rows[-1].coefficient, over_frame_percent=frame,
                      allowances=allowances)
    return PayAnswer(person=person, row=rows[-1], scale_code=career.scale_code, base=base, pay=pay)


# --- Early raises -----------------------------------------------------------------------------

@dataclass(frozen=True)
class EarlyRaiseCase:
    """Someone who may be raised early on `as_of`: how far the regular raise is, by how many
    months, from when, on which award (None in the retirement case, outside the quota)."""

    career: PersonCareer
    due: date
    months_early: int
    raise_on: date
    reward: Reward | None
    retirement_case: bool


@dataclass(frozen=True)
class Quota:
    """A unit's early raises in `year`: at most `quota` of its `headcount`, `used` so far."""

    unit: OrgUnit
    year: int
    headcount: int
    quota: int
    used: int
    percent: int

    @property
    def left(self) -> int:
        return max(self.quota - self.used, 0)


LAST_STEP = "{name} đang hưởng bậc cuối của ngạch: không nâng bậc trước thời hạn (hưởng phụ cấp thâm niên vượt khung)."
NO_STEP = "Hồ sơ của {name} chưa có diễn biến lương hoặc ngạch có bảng lương: chưa xét được kỳ nâng bậc."
TOO_EARLY = ("{name} còn hơn {months} tháng đến kỳ nâng bậc thường xuyên ({due:%d/%m/%Y}): chỉ xét nâng trước "
             "thời hạn khi còn thiếu không quá {months} tháng.")
ALREADY_DUE = "{name} đã đến kỳ nâng bậc thường xuyên ({due:%d/%m/%Y}): hãy đề nghị nâng bậc thường xuyên."
NO_AWARD = ("{name} chưa có khen thưởng trong thời gian giữ bậc hiện hưởng (từ năm {year}) ở cấp được nâng trước "
            "thời hạn ({levels}).")
TWICE = "Bậc hiện hưởng của {name} là do nâng bậc lương trước thời hạn: không được nâng trước thời hạn hai lần liên tiếp."


def quota_unit_of(unit: OrgUnit) -> OrgUnit:
    """The unit whose quota counts someone of `unit`: the nearest unit up the tree (itself
    included) that is not a phòng, ban, khoa."""
    chain = [int(pk) for pk in unit.path.strip("/").split("/") if pk]
    units = {u.pk: u for u in OrgUnit.objects.filter(pk__in=chain)}
    return next((units[pk] for pk in reversed(chain) if pk in units and units[pk].kind != OrgUnitKind.DEPARTMENT),
                unit)


def quota_headcount(unit: OrgUnit) -> int:
    """Working people of `unit` and of its phòng, ban (not of the units under it that have their own quota)."""
    subtree = list(OrgUnit.objects.filter(path__startswith=unit.path).values_list("pk", "path", "kind"))
    kinds = {pk: kind for pk, _, kind in subtree}
    counted = []
    for pk, path, _ in subtree:
        chain = [int(p) for p in path.strip("/").split("/") if p]
        chain = chain[chain.index(unit.pk):]
        owner = next(p for p in reversed(chain) if p == unit.pk or kinds.get(p) != OrgUnitKind.DEPARTMENT)
        if owner == unit.pk:
            counted.append(pk)
    return Person.objects.filter(status=PersonStatus.WORKING, org_unit_id__in=counted).count()


def quota_of(*, unit: OrgUnit, year: int, rule: EarlyRaise) -> Quota:
    headcount = quota_headcount(unit)
    used = EarlyRaiseProposal.objects.filter(org_unit=unit, year=year, retirement_case=False).exclude(
        state=EarlyRaiseProposal.State.REJECTED).count()
    return Quota(unit=unit, year=year, headcount=headcount, quota=rule.quota(headcount), used=used,
                 percent=rule.quota_percent)


@dataclass(frozen=True)
class RewardFact:
    year: int
    level: str
    pk: int


@dataclass(frozen=True)
class EarlyRaiseTerms:
    """`EarlyRaiseCase` from plain facts: the award by its id."""

    due: date
    months_early: int
    raise_on: date
    reward_pk: int | None
    retirement_case: bool


def early_raise_compute(*, name: str, last_step: bool, due: date | None, step_since: date | None,
                        retire_on: Callable[[], date], rewards: Iterable[RewardFact], rule: EarlyRaise, as_of: date,
                        early_steps: set[date]) -> EarlyRaiseTerms:
    """An early raise on `as_of` from plain facts (`due`: the regular raise; `retire_on`, asked
    only of those the other refusals leave), or an ApplicationError saying why not: the one
    test, whether the list orders its cases from a few columns or a page shows them
    (`early_raise_case`)."""
    if last_step:
        raise ApplicationError(LAST_STEP.format(name=name), code="last_step")
    if due is None or step_since is None:
        raise ApplicationError(NO_STEP.format(name=name), code="no_step")
    if due <= as_of:
        raise ApplicationError(ALREADY_DUE.format(name=name, due=due), code="already_due")
    if due > months_add(as_of, rule.max_months_short):
        raise ApplicationError(TOO_EARLY.format(name=name, months=rule.max_months_short, due=due), code="too_early")
    if step_since in early_steps:
        raise ApplicationError(TWICE.format(name=name), code="twice_in_a_row")
    retirement = retire_on()
    if retirement < due and retirement <= months_add(as_of, rule.retirement_within_months):
        months = rule.max_months_short
        return EarlyRaiseTerms(due, months, max(months_add(due, -months), step_since), None, True)
    awards = [(early, r) for r in rewards
              if r.year >= step_since.year and (early := rule.months_for(r.level)) is not None]
    if not awards:
        raise ApplicationError(NO_AWARD.format(name=name, year=step_since.year,
                                               levels=", ".join(rule.months_by_level)), code="no_award")
    months, reward = max(awards, key=lambda a: (a[0], a[1].year, a[1].pk))
    return EarlyRaiseTerms(due, months, max(months_add(due, -months), step_since), reward.pk, False)


def early_raise_case(career: PersonCareer, *, rule: EarlyRaise, as_of: date,
                     early_steps: set[date]) -> EarlyRaiseCase:
    """`career`'s early raise on `as_of`, or an ApplicationError saying why not. `early_steps`:
    the step starts of the person's approved early raises (never two in a row)."""
    rewards = {r.pk: r for r in career.person.rewards.all()}
    terms = early_raise_compute(
        name=career.person.full_name, last_step=career.last_step,
        due=career.next_raise.due if career.next_raise is not None else None, step_since=career.step_since,
        retire_on=lambda: career.retirement.retire_on, rewards=[RewardFact(r.year, r.level, r.pk) for r in rewards.values()],
        rule=rule, as_of=as_of, early_steps=early_steps)
    return EarlyRaiseCase(career, terms.due, terms.months_early, terms.raise_on,
                          rewards[terms.reward_pk] if terms.reward_pk is not None else None, terms.retirement_case)


def early_steps_of(people: Iterable[Person | int]) -> dict[int, set[date]]:
    """For each person (or id), the step starts that came from an approved early raise."""
    found: dict[int, set[date]] = {}
    for person_id, raise_on in EarlyRaiseProposal.objects.filter(
            person__in=list(people), state=EarlyRaiseProposal.State.APPROVED).values_list("person_id", "raise_on"):
        found.setdefault(person_id, set()).add(raise_on)
    return found


@dataclass(frozen=True)
class EarlyRaiseList:
    cases: Sequence[EarlyRaiseCase]
    quotas: dict[int, Quota]
    proposals: QuerySet[EarlyRaiseProposal]


@replica_reads
def early_raise_candidates_for_user(*, user: Account, as_of: date, unit_id: int | None = None) -> EarlyRaiseList:
    """People `user` may see who may be raised early on `as_of` and have no proposal for their
    step yet, with their units' quotas for the year of the raise; and the proposals already made.
    The cases are found and ordered from a few columns (`step_keys`, `early_raise_compute`: the
    page's own tests) and only the rows read (a page) are forecast in full."""
    rules = career_rules(as_of=as_of)
    rule = rules.early_raise
    visible = person_list_for_user(user=user, unit_id=unit_id)
    # A case's regular raise falls after `as_of` and at most the rule's months later: only the
    # people whose raise can fall there are read.
    narrowed = raise_candidates(visible.filter(salary_history__isnull=False).distinct(), today=as_of, first=as_of,
                                last=months_add(as_of, rule.max_months_short), rules=rules)
    keys = step_keys(list(narrowed.values_list("pk", flat=True)), rules=rules, today=as_of)
    ids = [key.pk for key in keys]
    early = early_steps_of(ids)
    proposed = set(EarlyRaiseProposal.objects.filter(person_id__in=ids).exclude(
        state=EarlyRaiseProposal.State.REJECTED).values_list("person_id", "step_since"))
    rewards: dict[int, list[RewardFact]] = {}
    for person_id, year, level, pk in Reward.objects.filter(person_id__in=ids).values_list(
            "person_id", "year", "level", "pk"):
        rewards.setdefault(person_id, []).append(RewardFact(year, level, pk))
    people: dict[int, tuple[int, str, date]] = {}  # unit, gender, birth
    for pk, unit, gender, birth_date, birth_year, birth_month in Person.objects.filter(pk__in=ids).values_list(
            "pk", "org_unit_id", "gender", "birth_date", "birth_year", "birth_month"):
        people[pk] = (unit, gender, birth_assumed(birth_date=birth_date, birth_year=birth_year, birth_month=birth_month))

    @cache
    def retire_on(year: int, month: int, gender: str) -> date:
        # The retirement's month follows from the month of birth alone (core.careers.candidates).
        return _retirement(date(year, month, 1), gender, rules).retire_on

    found: list[tuple[date, str, int, int, int]] = []  # due, name, id, unit, year of the raise
    for key in keys:
        if (key.pk, key.step.step_since) in proposed:
            continue
        unit, gender, birth = people[key.pk]
        try:
            terms = early_raise_compute(
                name=key.search_name, last_step=key.step.last_step,
                due=key.step.next_raise.due if key.step.next_raise is not None else None,
                step_since=key.step.step_since,
                retire_on=partial(retire_on, birth.year, birth.month, gender),
                rewards=rewards.get(key.pk, ()),
                rule=rule, as_of=as_of, early_steps=early.get(key.pk, set()))
        except ApplicationError:
            continue
        found.append((terms.due, key.search_name, key.pk, unit, terms.raise_on.year))
    # Each quota unit's year is its first case's, people taken by name (as the forecast read them).
    quotas: dict[int, Quota] = {}
    quota_units: dict[int, OrgUnit] = {}  # by the person's unit: one look up the tree per unit
    units = OrgUnit.objects.in_bulk({row[3] for row in found})
    for _, _, _, unit_pk, year in sorted(found, key=lambda row: (row[1], row[2])):
        if unit_pk not in quota_units:
            quota_units[unit_pk] = quota_unit_of(units[unit_pk])
        quota_unit = quota_units[unit_pk]
        if quota_unit.pk not in quotas:
            quotas[quota_unit.pk] = quota_of(unit=quota_unit, year=year, rule=rule)
    found.sort(key=lambda row: row[:3])

    def cases_of(pks: list[int]) -> list[EarlyRaiseCase]:
        people = list(career_people(Person.objects.filter(pk__in=pks)).prefetch_related("rewards"))
        early = early_steps_of(people)
        made = []
        for career in person_careers(people, today=as_of):
            try:
                made.append(early_raise_case(career, rule=rule, as_of=as_of,
                                             early_steps=early.get(career.person.pk, set())))
            except ApplicationError:  # changed since the order was read: left out of the page
                continue
        return made

    proposals = early_raise_proposals_for_user(user=user, unit_id=unit_id)
    return EarlyRaiseList(Forecasts([row[2] for row in found], cases_of, id_of=lambda c: int(c.career.person.pk)),
                          quotas, proposals)


def early_raise_proposals_for_user(*, user: Account, unit_id: int | None = None) -> QuerySet[EarlyRaiseProposal]:
    """Every early-raise proposal about people `user` may see, newest first: read a page at a
    time by whoever shows them, never cut short."""
    return (EarlyRaiseProposal.objects.filter(person__in=person_list_for_user(user=user, unit_id=unit_id))
            .select_related("person", "org_unit", "reward").order_by("-proposed_at", "-id"))


# --- The raise round --------------------------------------------------------------------------

@dataclass(frozen=True)
class RaiseRound:
    """A quarter's round for the people a user may see: regular raises due by its end with no
    proposal yet, and the proposals (regular and early) waiting for a decision or decided in it."""

    start: date
    end: date
    due: Forecasts[PersonCareer]
    proposals: QuerySet[RaiseProposal]
    early: QuerySet[EarlyRaiseProposal]


@replica_reads
def raise_round_for_user(*, user: Account, as_of: date, unit_id: int | None = None) -> RaiseRound:
    start, end = quarter_of(as_of)
    keys = [key for key in _raise_keys(user=user, start=date(1900, 1, 1), end=end, unit_id=unit_id, today=as_of)
            if key.step.next_raise is not None]
    proposed = set(RaiseProposal.objects.filter(person_id__in=[key.pk for key in keys]).exclude(
        state=RaiseProposal.State.REJECTED).values_list("person_id", "step_since"))
    due = Forecasts([key.pk for key in keys if (key.pk, key.step.step_since) not in proposed], _careers_of(as_of))
    proposals, early = raise_round_proposals_for_user(user=user, as_of=as_of, unit_id=unit_id)
    return RaiseRound(start, end, due, proposals, early)


def raise_round_proposals_for_user(*, user: Account, as_of: date, unit_id: int | None = None
                                   ) -> tuple[QuerySet[RaiseProposal], QuerySet[EarlyRaiseProposal]]:
    """The round's proposals, regular and early, about the people `user` may see: waiting for a
    decision or decided in `as_of`'s quarter, by raise date. Unread querysets: whoever shows them
    reads a page at a time, and the people due (`raise_round_for_user`) need not be ordered."""
    start, _ = quarter_of(as_of)
    visible = person_list_for_user(user=user, unit_id=unit_id)
    waiting_or_this_quarter = Q(state="proposed") | Q(decided_at__date__gte=start)
    proposals = (RaiseProposal.objects.filter(waiting_or_this_quarter, person__in=visible)
                 .select_related("person", "org_unit").order_by("raise_on", "id"))
    early = (EarlyRaiseProposal.objects.filter(waiting_or_this_quarter, person__in=visible)
             .select_related("person", "org_unit").order_by("raise_on", "id"))
    return proposals, early


# --- Discipline effects -----------------------------------------------------------------------

# A bar lasts at most the rules' bound on months (rules.domain.career): an older row bars today
# only through its recorded end of effect.
MAX_BAR_YEARS = MAX_DELAY_MONTHS // 12 + 1

@dataclass(frozen=True)
class Barred:
    person: Person
    discipline: Discipline
    effect: DisciplineEffect


@replica_reads
def barred_for_user(*, user: Account, as_of: date, unit_id: int | None = None) -> list[Barred]:
    """People `user` may see who on `as_of` may not be promoted, planned, trained or appointed
    because of a discipline, each under the rules in force when it was decided; soonest free
    last, by the end of their bar."""
    visible = person_list_for_user(user=user, unit_id=unit_id)
    recent = Q(year__gte=as_of.year - MAX_BAR_YEARS) | Q(effect_until__gte=as_of)
    rows = Discipline.objects.filter(recent, person__in=visible).select_related(
        "person", "person__org_unit")
    found = []
    for row in rows:
        rules = career_rules(as_of=date(row.year, 12, 31))
        effect = discipline_effect(year=row.year, form=row.form, effect_until=row.effect_until,
                                   bars=rules.discipline_bars, delays=rules.salary_raise)
        if effect is not None and effect.bars_on(as_of):
            found.append(Barred(row.person, row, effect))
    return sorted(found, key=lambda b: (b.effect.bar_until, b.person.search_name, b.discipline.pk))


# --- Evaluation progress ----------------------------------------------------------------------

@dataclass(frozen=True)
class RoundProgress:
    round: EvaluationRound
    people: int
    entered: int
    by_grade: dict[str, int]


def evaluation_progress_for_user(*, user: Account, year: int) -> list[RoundProgress]:
    """`year`'s rounds of the units `user` holds a role over: how many of the unit's working
    people are evaluated, and how many at each level."""
    grants = account_role_grants(user)
    # Three queries however many rounds: the rounds with their units' working people, and the
    # levels entered in all of them.
    working = (Person.objects.filter(status=PersonStatus.WORKING, org_unit__path__startswith=OuterRef("org_unit__path"))
               .order_by().values("status").annotate(n=Count("id")).values("n"))
    rounds = [r for r in EvaluationRound.objects.filter(year=year).select_related("org_unit")
              .annotate(working=Coalesce(Subquery(working), 0)) if grant_over(grants, r.org_unit)]
    grades: dict[int, dict[str, int]] = {r.pk: {} for r in rounds}
    for round_id, grade, n in (EvaluationEntry.objects.filter(round__in=[r.pk for r in rounds]).order_by()
                               .values_list("round_id", "grade").annotate(n=Count("id"))):
        grades[round_id][grade] = n
    found = [RoundProgress(r, r.working, sum(grades[r.pk].values()), grades[r.pk])  # type: ignore[attr-defined]
             for r in rounds]
    return sorted(found, key=lambda p: (p.round.org_unit.path, p.round.pk))


# --- The DoHA's counts ------------------------------------------------------------------------

CAREER_DUTY_KINDS = (ObligationKind.RETIREMENT_NOTICE, ObligationKind.RETIREMENT_DECISION,
                     ObligationKind.SALARY_RAISE, ObligationKind.OVER_FRAME, ObligationKind.TERM_END)


def career_duty_counts() -> dict[str, int]:
    """The province's open career duties (kept by the daily run) by kind, in one query."""
    counts = dict(Obligation.objects.filter(kind__in=CAREER_DUTY_KINDS, state=ObligationState.OPEN)
                  .values_list("kind").annotate(n=Count("id")))
    return {str(kind): counts.get(kind, 0) for kind in CAREER_DUTY_KINDS}


def person_career_duties(*, person_id: int) -> list[Obligation]:
    """The open career duties about one person (their unit acts on them), soonest first: what
    their own home shows them, in one query."""
    return list(Obligation.objects.filter(person_id=person_id, kind__in=CAREER_DUTY_KINDS,
                                          state=ObligationState.OPEN).order_by("event_date", "id"))


# --- Job positions ----------------------------------------------------------------------------

def job_position_on(*, user: Account, person_id: int, on: date) -> JobPositionHolding | None:
    """The job position `person_id` held on `on` (None: none recorded then); missing and
    forbidden people answer alike."""
    person = person_get_for_user(user=user, person_id=person_id, purpose="careers.job_position")
    return (JobPositionHolding.objects.filter(person=person, start__lte=on).filter(Q(end__isnull=True) | Q(end__gte=on))
            .select_related("position").order_by("-start").first())
