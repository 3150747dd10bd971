"""What a discipline row sets off: pure, from its year, form and end of effect, and the rules in
force when it was decided.

- the bar on promotion, planning, training and appointment (rule career.discipline_bars: 12 or 24
  months under the 2019 law; a later law is a later version of the rule, applied to the
  disciplines decided after it);
- the delay of the next regular raise (rule career.salary_raise, Thông tư 03/2021);
- the year's evaluation: "không hoàn thành nhiệm vụ" (Nghị định 335/2025).

The dossier gives the year of a discipline, not its decision's date: the bar is taken to run from
the year's first day (the earliest the decision can be) to the rule's months after the year's last
day (the latest it can end), so that no one is shown free too early; a recorded end of effect
later than that wins.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from core.careers.dates import months_add
from rules.domain.career import DisciplineBars, SalaryRaise


@dataclass(frozen=True)
class DisciplineEffect:
    year: int
    form: str
    bar_from: date
    bar_until: date
    bar_months: int
    salary_delay_months: int
    not_completed_year: int

    def bars_on(self, day: date) -> bool:
        return self.bar_from <= day <= self.bar_until


def discipline_effect(*, year: int, form: str, effect_until: date | None, bars: DisciplineBars,
                      delays: SalaryRaise) -> DisciplineEffect | None:
    """None for a form the bars rule does not name (a warning, a criticism: no bar)."""
    months = bars.months_for(form)
    if months is None:
        return None
    latest = date(year, 12, 31)
    until = months_add(latest, months) - timedelta(days=1) if months else latest
    if effect_until is not None and effect_until > until:
        until = effect_until
    return DisciplineEffect(year=year, form=form, bar_from=date(year, 1, 1), bar_until=until, bar_months=months,
                            salary_delay_months=delays.delay_for(form) or 0, not_completed_year=year)
