"""When someone reaches retirement age: pure, from the birth date, the gender and the rules.

Bộ luật Lao động 2019 Art. 169 and Nghị định 135/2020: for each calendar year from the
roadmap's first, add that year's age to the birth date; the first year in which the result
falls is the year, and its month the month, of retirement. Retirement takes effect at the end of
the month's last day and the pension runs from the next month's first day (career-law.md marks
this unverified; it is the reading the decree's appendices give). The notice and the decision
are due by the end of the month `notice_months` and `decision_months` before.
"""

from dataclasses import dataclass
from datetime import date

from core.careers.dates import month_end, months_add, next_month_start
from rules.domain.career import RetirementNotice, RetirementRoadmap

# The roadmap's last row holds from then on, so the search ends within a few years of it;
# the bound only guards against a roadmap the validators would refuse.
_MAX_YEARS_SEARCHED = 200


@dataclass(frozen=True)
class RetirementForecast:
    birth: date
    gender: str
    age_months: int
    retire_on: date
    pension_from: date
    notice_by: date
    decision_by: date

    @property
    def age_years(self) -> int:
        return self.age_months // 12

    @property
    def age_rest_months(self) -> int:
        return self.age_months % 12


def birth_assumed(*, birth_date: date | None, birth_year: int, birth_month: int | None) -> date:
    """An unknown day counts as the 1st, an unknown month as January (career-law.md §2)."""
    return birth_date or date(birth_year, birth_month or 1, 1)


def retirement_compute(*, birth: date, gender: str, roadmap: RetirementRoadmap,
                       notice: RetirementNotice) -> RetirementForecast:
    first_year = roadmap.years[0].year
    age = roadmap.age_months(year=first_year - 1, gender=gender)
    reached = months_add(birth, age)
    if reached.year >= first_year:
        # Reached from year to year later as the age rises: the first year that catches it.
        for year in range(first_year, first_year + _MAX_YEARS_SEARCHED):
            age = roadmap.age_months(year=year, gender=gender)
            reached = months_add(birth, age)
            if reached.year <= year:
                break
    retire_on = month_end(reached)
    return RetirementForecast(
        birth=birth, gender=gender, age_months=age, retire_on=retire_on, pension_from=next_month_start(reached),
        notice_by=month_end(months_add(retire_on.replace(day=1), -notice.notice_months)),
        decision_by=month_end(months_add(retire_on.replace(day=1), -notice.decision_months)),
    )
