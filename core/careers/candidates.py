"""Who can have a career duty in a window: the daily run's narrowing, from a few columns per
person read in SQL, before each remaining person's full forecast (core.careers.selectors).

Each filter keeps everyone whose duty the rules could place in the window: it bounds the forecast
(the months of birth that retire in the window; the step's interval after the current row) and
keeps whoever the bound does not cover (a delay since the step began, the last step) and whoever
has an open duty of the kind (the run closes the duties it no longer forecasts). They must stay
supersets: someone left out is a duty never opened. tests/core/careers/test_duty_candidates.py
opens and closes the same duties with and without them on varied data.
"""

from datetime import date, timedelta

from django.db.models import Case, Exists, F, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear, NullIf

from core.careers.dates import months_add
from core.careers.models import StepPause
from core.careers.retirement import retirement_compute
from core.careers.rules import CareerRules
from core.careers.scales import salary_groups, scale_code_of
from core.catalogues.models import SalaryScale
from core.models import (
    Appointment,
    Discipline,
    Evaluation,
    Gender,
    Obligation,
    ObligationKind,
    ObligationState,
    Person,
    SalaryHistory,
)

RETIREMENT_KINDS = (ObligationKind.RETIREMENT_NOTICE, ObligationKind.RETIREMENT_DECISION)
RAISE_KINDS = (ObligationKind.SALARY_RAISE, ObligationKind.OVER_FRAME)
# The window widened by a month on each side: a duty left out costs more than a person forecast
# for nothing.
MARGIN_MONTHS = 1


def _month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def _with_open_duty(kinds: tuple[str, ...]) -> Q:
    return Q(pk__in=Obligation.objects.filter(kind__in=kinds, state=ObligationState.OPEN, person__isnull=False)
             .values("person_id"))


def retirement_candidates(people: QuerySet[Person], *, first: date, last: date,
                          rules: CareerRules) -> QuerySet[Person]:
    """`people` who retire on or after `first` with a notice or decision due by `last` (give or
    take the margin), or who have an open retirement duty.

    The forecast (core.careers.retirement) counts in whole months: the month of retirement, and
    so every date of the forecast, follows from the gender and the month of birth alone. So the
    months of birth that retire in the window are found once, by the forecast itself, among those
    the roadmap's lowest and highest ages allow."""
    born = Case(
        When(birth_date__isnull=False, then=ExtractYear("birth_date") * 12 + ExtractMonth("birth_date") - 1),
        # An unknown month counts as January (core.careers.retirement.birth_assumed).
        default=F("birth_year") * 12 + Coalesce(NullIf("birth_month", Value(0)), Value(1)) - 1,
        output_field=IntegerField())
    near = Q(pk__in=[])
    for gender, months in _retirement_birth_months(first=first, last=last, rules=rules).items():
        near |= (Q(gender=gender) if gender == Gender.FEMALE else ~Q(gender=Gender.FEMALE)) & Q(career_born__in=months)
    return people.annotate(career_born=born).filter(near | _with_open_duty(RETIREMENT_KINDS))


def _retirement_birth_months(*, first: date, last: date, rules: CareerRules) -> dict[str, list[int]]:
    """For women and for everyone else (the roadmap's two columns), the months of birth (as
    year × 12 + month − 1) whose retirement falls in the window widened by the margin."""
    earliest, latest = months_add(first, -MARGIN_MONTHS), months_add(last, MARGIN_MONTHS)
    # The earlier duty is due `ahead` months before the month of retirement.
    ahead = max(rules.notice.notice_months, rules.notice.decision_months)
    roadmap = rules.roadmap
    found = {}
    for gender, ages in ((Gender.FEMALE, [roadmap.before_female, *(row.female for row in roadmap.years)]),
                         (Gender.MALE, [roadmap.before_male, *(row.male for row in roadmap.years)])):
        months = []
        for month in range(_month_index(earliest) - max(ages), _month_index(latest) + ahead - min(ages) + 1):
            forecast = retirement_compute(birth=date(month // 12, month % 12 + 1, 1), gender=gender,
                                          roadmap=roadmap, notice=rules.notice)
            if forecast.retire_on >= earliest and min(forecast.notice_by, forecast.decision_by) <= latest:
                months.append(month)
        found[str(gender)] = months
    return found


def raise_candidates(people: QuerySet[Person], *, today: date, first: date, last: date,
                     rules: CareerRules) -> QuerySet[Person]:
    """`people` narrowed as raise_candidate_ids finds them."""
    return people.filter(pk__in=raise_candidate_ids(people, today=today, first=first, last=last, rules=rules))


def raise_candidate_ids(people: QuerySet[Person], *, today: date, first: date, last: date,
                        rules: CareerRules) -> list[int]:
    """The ids of `people`, sorted, whose next regular raise or beyond-top-step percent can fall in [first, last]
    (give or take the margin), or who have an open raise duty.

    Read from each person's current row (the latest from `today` back, as the forecast takes it)
    and scale: on a step that is not the last, the raise comes the scale's interval after the row,
    later only by a discipline, a year not completed or a pause since the step began, whose people
    are all kept; so is anyone on the last step of a scale with the allowance (it changes every
    year)."""
    earliest, latest = months_add(first, -MARGIN_MONTHS), months_add(last, MARGIN_MONTHS)
    scales = dict(SalaryScale.objects.values_list("code", "steps"))
    groups = salary_groups()
    current = (SalaryHistory.objects.filter(person__in=people, effective_on__lte=today)
               .order_by("person_id", "-effective_on", "-id").distinct("person_id")
               .values_list("person_id", "effective_on", "rank_code", "step", "person__dossier__salary_scale_code",
                            "person__dossier__rank_code"))
    starts = {}
    intervals: dict[str, int | None] = {}
    found = set(people.filter(_with_open_duty(RAISE_KINDS)).values_list("pk", flat=True))
    for person_id, start, rank_code, step, dossier_scale, dossier_rank in current:
        starts[person_id] = start
        scale_code = scale_code_of(dossier_scale=dossier_scale, rank_code=rank_code, dossier_rank=dossier_rank,
                                   groups=groups)
        if not scale_code:
            continue
        if scale_code in scales and step >= scales[scale_code]:
            if rules.over_frame.after_for(scale_code) is not None:
                found.add(person_id)
            continue
        if scale_code not in intervals:  # per scale, not per person: a province has a few dozen scales
            intervals[scale_code] = rules.salary_raise.interval_for(scale_code)
        months = intervals[scale_code]
        if months is not None and earliest <= months_add(start, months) <= latest:
            found.add(person_id)
    found.update(person_id for person_id, year in _delays_of(people) if person_id in starts
                 and year >= starts[person_id].year)
    found.update(person_id for person_id, end in StepPause.objects.filter(person__in=people).values_list(
        "person_id", "end") if person_id in starts and end >= starts[person_id])
    return sorted(found)  # each of them one of `people`: read from them, or from the rows of those read


def _delays_of(people: QuerySet[Person]) -> list[tuple[int, int]]:
    """The years a discipline or a year not completed may delay a step of `people` (any form:
    the rules may delay one the forecast ignores today)."""
    return [*Discipline.objects.filter(person__in=people).values_list("person_id", "year"),
            *Evaluation.objects.filter(person__in=people, grade=Evaluation.Grade.NOT_COMPLETED)
            .values_list("person_id", "year")]


def term_candidates(people: QuerySet[Person], *, first: date, last: date, rules: CareerRules) -> QuerySet[Person]:
    """`people` with an appointment whose term ends on or after `first` with its re-appointment
    work starting by `last` (give or take the margin), or with an open term duty. The duty is the
    latest appointment's (core.careers.selectors.term_ending), which such a filter on any of them keeps."""
    term = rules.appointment_term
    earliest, latest = months_add(first, -MARGIN_MONTHS), months_add(last + timedelta(days=term.start_before_days),
                                                                     MARGIN_MONTHS)
    # Without its own end, a term ends the day before the rule's months after its start.
    ending = Appointment.objects.filter(person=OuterRef("pk")).filter(
        Q(term_end__isnull=False, term_end__gte=earliest, term_end__lte=latest)
        | Q(term_end__isnull=True, start__gte=months_add(earliest, -term.term_months),
            start__lte=months_add(latest, 1 - term.term_months)))
    return people.filter(Exists(ending) | _with_open_duty((ObligationKind.TERM_END,)))
