"""Reading career events: forecasts for anyone (retirement) and for the people a user may see."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import QuerySet

from core.base.accounts.models import Account
from core.base.errors import ApplicationError
from core.careers.dates import months_add
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
from core.catalogues.models import ProfessionalTitle, Rank, SalaryScale
from core.models import Appointment, Person, PersonCategory, SalaryHistory
from core.selectors.people import person_get_for_user, person_list_for_user
from rules.domain.career import MAX_AGE_MONTHS, MIN_AGE_MONTHS
from rules.domain.types import Citation
from rules.national.models import BaseSalary
from rules.national.selectors import base_salary_on
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
class PersonCareer:
    """What the law makes due in one person's career, as their dossier stands."""

    person: Person
    retirement: RetirementForecast
    scale_code: str
    step: int | None
    step_since: date | None
    last_step: bool
    next_raise: StepEnd | None
    over_frame: OverFrameForecast | None


def career_people(people: QuerySet[Person]) -> QuerySet[Person]:
    """`people` with everything a forecast reads, in a fixed number of queries."""
    return people.select_related("dossier", "org_unit").prefetch_related(
        "salary_history", "disciplines", "evaluations", "step_pauses")


def person_careers(people: Iterable[Person], *, today: date) -> list[PersonCareer]:
    """Each person's forecast under the rules in force `today` (people from `career_people`)."""
    rules = career_rules(as_of=today)
    scales = {scale.code: scale for scale in SalaryScale.objects.all()}
    groups = _salary_groups()
    return [_career(person, rules, scales, groups, today) for person in people]


def _salary_groups() -> dict[str, str]:
    """Rank and professional-title codes to their salary scale (public catalogues)."""
    groups = dict(Rank.objects.exclude(salary_group="").values_list("code", "salary_group"))
    groups.update(ProfessionalTitle.objects.exclude(salary_group="").values_list("code", "salary_group"))
    return groups


def _career(person: Person, rules: CareerRules, scales: dict[str, SalaryScale], groups: dict[str, str],
            today: date) -> PersonCareer:
    birth = birth_assumed(birth_date=person.birth_date, birth_year=person.birth_year, birth_month=person.birth_month)
    retirement = _retirement(birth, person.gender, rules)
    rows = sorted((r for r in person.salary_history.all() if r.effective_on <= today), key=lambda r: r.effective_on)
    current = rows[-1] if rows else None
    dossier = getattr(person, "dossier", None)
    scale_code = (getattr(dossier, "salary_scale_code", "") or
                  (groups.get(current.rank_code, "") if current else "") or
                  groups.get(getattr(dossier, "rank_code", "") or "", ""))
    if current is None or not scale_code:
        return PersonCareer(person, retirement, scale_code, None, None, False, None, None)
    scale = scales.get(scale_code)
    last_step = scale is not None and current.step >= scale.steps
    disciplines = [DisciplineFact(d.year, d.form) for d in person.disciplines.all()]
    evaluations = [EvaluationFact(e.year, e.grade) for e in person.evaluations.all()]
    pauses = [Pause(p.start, p.end) for p in person.step_pauses.all()]
    raise_due = None if last_step else next_raise(
        start=current.effective_on, scale_code=scale_code, rule=rules.salary_raise, disciplines=disciplines,
        evaluations=evaluations, pauses=pauses)
    frame = over_frame(
        start=current.effective_on, scale_code=scale_code, as_of=today, rule=rules.over_frame,
        delays_rule=rules.salary_raise, disciplines=disciplines, evaluations=evaluations, pauses=pauses,
    ) if last_step else None
    return PersonCareer(person, retirement, scale_code, current.step, current.effective_on, last_step,
                        raise_due, frame)


def quarter_of(day: date) -> tuple[date, date]:
    """The first and last day of `day`'s quarter."""
    first = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return first, months_add(first, 3) - timedelta(days=1)


@replica_reads  # an export's data: from the replica when one is set and healthy
def raises_due_for_user(*, user: Account, start: date, end: date, unit_id: int | None = None,
                        today: date) -> list[PersonCareer]:
    """People `user` may see whose regular raise (or next beyond-top-step percent) falls in
    [start, end], soonest first."""
    careers = person_careers(career_people(person_list_for_user(user=user, unit_id=unit_id)
                                           .filter(salary_history__isnull=False).distinct()), today=today)
    due = [c for c in careers if (when := raise_date(c)) is not None and start <= when <= end]
    return sorted(due, key=lambda c: (raise_date(c), c.person.search_name, c.person.pk))


def raise_date(career: PersonCareer) -> date | None:
    if career.next_raise is not None:
        return career.next_raise.due
    return career.over_frame.next_on if career.over_frame is not None else None


@replica_reads
def retirements_for_user(*, user: Account, start: date, end: date, unit_id: int | None = None,
                         today: date) -> list[PersonCareer]:
    """People `user` may see who reach retirement age in [start, end], by retirement date. Only
    birth years that can retire in the span are read (the roadmap's ages lie within 50–70 years)."""
    people = person_list_for_user(user=user, unit_id=unit_id).filter(
        birth_year__gte=start.year - MAX_AGE_MONTHS // 12 - 1, birth_year__lte=end.year - MIN_AGE_MONTHS // 12)
    careers = person_careers(career_people(people), today=today)
    found = [c for c in careers if start <= c.retirement.retire_on <= end]
    return sorted(found, key=lambda c: (c.retirement.retire_on, c.person.search_name, c.person.pk))


@dataclass(frozen=True)
class TermEnding:
    appointment: Appointment
    term_end: date
    work_starts_by: date
    retire_on: date
    extend_to_retirement: bool
    consecutive_terms: int
    limit_reached: bool


@replica_reads
def terms_ending_for_user(*, user: Account, start: date, end: date, unit_id: int | None = None,
                          today: date) -> list[TermEnding]:
    """The latest appointment of each person `user` may see whose term ends in [start, end]:
    when re-appointment work starts, and whether an extension to retirement replaces it."""
    rules = career_rules(as_of=today)
    people = career_people(person_list_for_user(user=user, unit_id=unit_id).filter(appointments__isnull=False)
                           .distinct()).prefetch_related("appointments")
    found = []
    for person in people:
        ending = term_ending(person, rules)
        if ending is not None and start <= ending.term_end <= end:
            found.append(ending)
    return sorted(found, key=lambda t: (t.term_end, t.appointment.person.search_name, t.appointment.pk))


def term_ending(person: Person, rules: CareerRules) -> TermEnding | None:
    """The term of `person`'s latest appointment (its own end, else the rule's length)."""
    appointments = sorted(person.appointments.all(), key=lambda a: (a.start, a.pk))
    if not appointments:
        return None
    latest = appointments[-1]
    term = rules.appointment_term
    term_end = latest.term_end or months_add(latest.start, term.term_months) - timedelta(days=1)
    birth = birth_assumed(birth_date=person.birth_date, birth_year=person.birth_year, birth_month=person.birth_month)
    retire_on = _retirement(birth, person.gender, rules).retire_on
    consecutive = 1
    for earlier in reversed(appointments[:-1]):
        if earlier.position != latest.position:
            break
        consecutive += 1
    return TermEnding(
        appointment=latest, term_end=term_end,
        work_starts_by=term_end - timedelta(days=term.start_before_days), retire_on=retire_on,
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
    career = _career(person, career_rules(as_of=on), {s.code: s for s in SalaryScale.objects.all()},
                     _salary_groups(), on)
    rows = sorted((r for r in person.salary_history.all() if r.effective_on <= on), key=lambda r: r.effective_on)
    if not rows:
        raise ApplicationError(NO_SALARY_ROW.format(on=on), code="no_salary_row", extra={"fields": {
            "on": NO_SALARY_ROW.format(on=on)}})
    base = base_salary_on(on=on)
    if base is None:
        raise ApplicationError(NO_BASE_SALARY.format(on=on), code="no_base_salary", extra={"fields": {
            "on": NO_BASE_SALARY.format(on=on)}})
    allowances = [AllowanceFact(kind=a.kind, label=a.name or a.get_kind_display(), start=a.start, end=a.end,
                                coefficient=a.coefficient, percent=a.percent, amount=a.amount)
                  for a in person.allowances.all()]
    frame = career.over_frame.percent if career.over_frame is not None else 0
    pay = pay_compute(on=on, base_salary=base.amount, coefficient=rows[-1].coefficient, over_frame_percent=frame,
                      allowances=allowances)
    return PayAnswer(person=person, row=rows[-1], scale_code=career.scale_code, base=base, pay=pay)
