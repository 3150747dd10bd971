"""When a step ends: pure, from the step's start, its length and what happened on it.

Thông tư 08/2013/TT-BNV as amended by Thông tư 03/2021/TT-BNV: the next regular raise comes
the rule's number of months after the step's start (by scale group), later by the delay each
discipline during the step adds and by the delay of each year rated "không hoàn thành nhiệm
vụ", and later again by every day the step does not count (unpaid leave, suspension). The
beyond-top-step allowance (phụ cấp thâm niên vượt khung) counts its periods the same way.

What the dossier does not say is read this way, and must not silently change:
- a discipline row carries its year only: it counts against a step when its year lies between
  the step's start year and the year the step ends (both included);
- a year's evaluation counts when the year lies between the step's start year and the year
  before the step ends (a year's rating comes at its end);
- a year rated "không hoàn thành" in which a discipline also counts is taken to be that
  discipline's consequence (Thông tư 03/2021: same act, only the discipline's delay); the
  dossier does not link them, so different acts the same year count once too.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from core.careers.dates import months_add
from rules.domain.career import OverFrame, SalaryRaise

NOT_COMPLETED = "not_completed"
# Delays push the end of a step, which may bring another year in: a few rounds settle it.
_MAX_ROUNDS = 20


@dataclass(frozen=True)
class DisciplineFact:
    year: int
    form: str


@dataclass(frozen=True)
class EvaluationFact:
    year: int
    grade: str


@dataclass(frozen=True)
class Pause:
    """Days that do not count on a step, both ends included."""

    start: date
    end: date

    def days_within(self, start: date, end: date) -> int:
        """Days of this pause within [start, end)."""
        first, last = max(self.start, start), min(self.end, end - timedelta(days=1))
        return max((last - first).days + 1, 0)


@dataclass(frozen=True)
class Delay:
    reason: str
    months: int


@dataclass(frozen=True)
class StepEnd:
    start: date
    months: int
    due: date
    delays: tuple[Delay, ...] = field(default=())
    paused_days: int = 0

    @property
    def delay_months(self) -> int:
        return sum(delay.months for delay in self.delays)


def step_end(*, start: date, months: int, rule: SalaryRaise, disciplines: Iterable[DisciplineFact] = (),
             evaluations: Iterable[EvaluationFact] = (), pauses: Iterable[Pause] = ()) -> StepEnd:
    """The day a period of `months` started on `start` ends, with its delays and paused days."""
    disciplines, evaluations, pauses = list(disciplines), list(evaluations), list(pauses)
    due = months_add(start, months)
    delays: tuple[Delay, ...] = ()
    paused = 0
    for _ in range(_MAX_ROUNDS):
        delays = _delays(start, due, rule, disciplines, evaluations)
        planned = months_add(start, months + sum(d.months for d in delays))
        paused = _paused_days(start, planned, pauses)
        settled = planned + timedelta(days=paused)
        if settled == due:
            break
        due = settled
    return StepEnd(start=start, months=months, due=due, delays=delays, paused_days=paused)


def _delays(start: date, due: date, rule: SalaryRaise, disciplines: Sequence[DisciplineFact],
            evaluations: Sequence[EvaluationFact]) -> tuple[Delay, ...]:
    delays: list[Delay] = []
    disciplined_years: set[int] = set()
    for discipline in sorted(disciplines, key=lambda d: d.year):
        months = rule.delay_for(discipline.form)
        if months and start.year <= discipline.year <= due.year:
            delays.append(Delay(f"Kỷ luật {discipline.form.lower()} năm {discipline.year}", months))
            disciplined_years.add(discipline.year)
    for evaluation in sorted(evaluations, key=lambda e: e.year):
        if (evaluation.grade == NOT_COMPLETED and start.year <= evaluation.year < due.year
                and evaluation.year not in disciplined_years and rule.not_completed_delay_months):
            delays.append(Delay(f"Không hoàn thành nhiệm vụ năm {evaluation.year}", rule.not_completed_delay_months))
    return tuple(delays)


def _paused_days(start: date, end: date, pauses: Sequence[Pause]) -> int:
    """Days not counted between `start` and `end`; a pause that pushes the end further brings
    its later days in too, so this is counted up to the settled end."""
    total = 0
    for _ in range(_MAX_ROUNDS):
        counted = sum(p.days_within(start, end + timedelta(days=total)) for p in pauses)
        if counted == total:
            return total
        total = counted
    return total


def next_raise(*, start: date, scale_code: str, rule: SalaryRaise, disciplines: Iterable[DisciplineFact] = (),
               evaluations: Iterable[EvaluationFact] = (), pauses: Iterable[Pause] = ()) -> StepEnd | None:
    """The next regular raise of someone on a step (not the last) since `start`; None when the
    rule names no interval for the scale's group."""
    months = rule.interval_for(scale_code)
    if months is None:
        return None
    return step_end(start=start, months=months, rule=rule, disciplines=disciplines, evaluations=evaluations,
                    pauses=pauses)


@dataclass(frozen=True)
class OverFrameForecast:
    """On the top step since `start`: the allowance's percent on `as_of`, and the next change."""

    start: date
    percent: int
    since: date | None
    next_on: date
    next_percent: int
    next_delays: tuple[Delay, ...]


def over_frame(*, start: date, scale_code: str, as_of: date, rule: OverFrame, delays_rule: SalaryRaise,
               disciplines: Iterable[DisciplineFact] = (), evaluations: Iterable[EvaluationFact] = (),
               pauses: Iterable[Pause] = ()) -> OverFrameForecast | None:
    """The first `after_months` on the last step give `first_percent`; each further 12 months
    `yearly_percent` more; every period is delayed like a step (Thông tư 03/2021)."""
    after = rule.after_for(scale_code)
    if after is None:
        return None
    disciplines, evaluations, pauses = list(disciplines), list(evaluations), list(pauses)
    percent, since, period_start, months = 0, None, start, after
    # One period a year: bounded by the career's length, not by data.
    for _ in range(60):
        end = step_end(start=period_start, months=months, rule=delays_rule, disciplines=disciplines,
                       evaluations=evaluations, pauses=pauses)
        next_percent = rule.first_percent if percent == 0 else percent + rule.yearly_percent
        if end.due > as_of:
            return OverFrameForecast(start=start, percent=percent, since=since, next_on=end.due,
                                     next_percent=next_percent, next_delays=end.delays)
        # A discipline or a year's rating delays one period only, the first that counts it.
        disciplines = [d for d in disciplines if not period_start.year <= d.year <= end.due.year]
        evaluations = [e for e in evaluations if not period_start.year <= e.year < end.due.year]
        percent, since, period_start, months = next_percent, end.due, end.due, 12
    return None
