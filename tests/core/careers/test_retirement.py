"""Retirement months for men and women across the roadmap's years, counted by hand from Bộ luật
Lao động 2019 Art. 169 and Nghị định 135/2020 Phụ lục I (men: 60 y 3 m in 2021, +3 months a
year, 62 y from 2028) and Phụ lục II (women: 55 y 4 m in 2021, +4 months a year, 60 y from 2035).

Each row: birth → the first year whose age, added to the birth, lands in that same year. The
retirement date is that month's last day, the pension starts the next day, the notice is due by
the end of the month six months before and the decision three months before."""

from datetime import date

import pytest

from core.careers.retirement import birth_assumed, retirement_compute
from rules.domain.career import RetirementAgeYear, RetirementNotice, RetirementRoadmap
from rules.domain.presets import baseline_get
from rules.domain.registry import RuleKey

BASELINE = baseline_get()
ROADMAP = BASELINE[RuleKey.RETIREMENT_AGE].value
NOTICE = BASELINE[RuleKey.RETIREMENT_NOTICE].value


@pytest.mark.parametrize(("birth", "gender", "age", "month"), [
    # Men. Before the roadmap: 60 years.
    (date(1960, 12, 20), "male", (60, 0), (2020, 12)),
    # 1961-01 + 60 y 3 m = 2021-04: in 2021.
    (date(1961, 1, 15), "male", (60, 3), (2021, 4)),
    # 1961-09 + 60 y 3 m = 2021-12: the last month of 2021 at that age.
    (date(1961, 9, 30), "male", (60, 3), (2021, 12)),
    # 1961-10 + 60 y 3 m = 2022-01, not in 2021; + 60 y 6 m = 2022-04: in 2022.
    (date(1961, 10, 1), "male", (60, 6), (2022, 4)),
    (date(1962, 6, 1), "male", (60, 6), (2022, 12)),
    (date(1962, 7, 1), "male", (60, 9), (2023, 4)),
    (date(1963, 3, 10), "male", (60, 9), (2023, 12)),
    (date(1963, 4, 10), "male", (61, 0), (2024, 4)),
    (date(1963, 12, 31), "male", (61, 0), (2024, 12)),
    (date(1964, 1, 1), "male", (61, 3), (2025, 4)),
    (date(1964, 9, 1), "male", (61, 3), (2025, 12)),
    (date(1964, 10, 1), "male", (61, 6), (2026, 4)),
    (date(1965, 7, 1), "male", (61, 9), (2027, 4)),
    # 1966-03 + 61 y 9 m = 2027-12: in 2027; 1966-04 + 61 y 9 m = 2028-01, then 62 y: 2028-04.
    (date(1966, 3, 31), "male", (61, 9), (2027, 12)),
    (date(1966, 4, 1), "male", (62, 0), (2028, 4)),
    (date(1974, 2, 14), "male", (62, 0), (2036, 2)),
    # Women. Before the roadmap: 55 years.
    (date(1965, 12, 31), "female", (55, 0), (2020, 12)),
    # 1966-01 + 55 y 4 m = 2021-05.
    (date(1966, 1, 1), "female", (55, 4), (2021, 5)),
    (date(1966, 8, 1), "female", (55, 4), (2021, 12)),
    (date(1966, 9, 1), "female", (55, 8), (2022, 5)),
    (date(1967, 4, 1), "female", (55, 8), (2022, 12)),
    (date(1967, 5, 1), "female", (56, 0), (2023, 5)),
    (date(1968, 1, 1), "female", (56, 4), (2024, 5)),
    (date(1969, 1, 1), "female", (56, 8), (2025, 9)),
    (date(1969, 5, 1), "female", (57, 0), (2026, 5)),
    (date(1970, 4, 1), "female", (57, 4), (2027, 8)),
    (date(1971, 1, 1), "female", (57, 8), (2028, 9)),
    # 1972-01 + 58 y (the age for 2029) = 2030-01, not in 2029; + 58 y 4 m = 2030-05.
    (date(1972, 1, 1), "female", (58, 4), (2030, 5)),
    (date(1973, 1, 1), "female", (58, 8), (2031, 9)),
    (date(1974, 1, 1), "female", (59, 4), (2033, 5)),
    # 1975-04 + 59 y 8 m = 2034-12; 1975-05 + 59 y 8 m = 2035-01, then 60 y: 2035-05.
    (date(1975, 4, 30), "female", (59, 8), (2034, 12)),
    (date(1975, 5, 1), "female", (60, 0), (2035, 5)),
    (date(1976, 11, 11), "female", (60, 0), (2036, 11)),
])
def test_retirement_month_by_the_roadmap(birth: date, gender: str, age: tuple[int, int],
                                         month: tuple[int, int]) -> None:
    forecast = retirement_compute(birth=birth, gender=gender, roadmap=ROADMAP, notice=NOTICE)
    assert (forecast.age_years, forecast.age_rest_months) == age
    assert (forecast.retire_on.year, forecast.retire_on.month) == month


def test_the_dates_around_a_retirement() -> None:
    """A man born 15/01/1961 retires at the end of 30/04/2021: pension from 01/05/2021, notice by
    31/10/2020, decision by 31/01/2021."""
    forecast = retirement_compute(birth=date(1961, 1, 15), gender="male", roadmap=ROADMAP, notice=NOTICE)
    assert forecast.retire_on == date(2021, 4, 30)
    assert forecast.pension_from == date(2021, 5, 1)
    assert forecast.notice_by == date(2020, 10, 31)
    assert forecast.decision_by == date(2021, 1, 31)


def test_a_february_retirement_in_a_leap_year() -> None:
    """A woman born 01/05/1969 reaches 57 y in 05/2026: decision by 28/02/2026, notice by
    30/11/2025; a man born 29/02/1964 reaches 61 y 3 m in 05/2025."""
    forecast = retirement_compute(birth=date(1969, 5, 1), gender="female", roadmap=ROADMAP, notice=NOTICE)
    assert (forecast.notice_by, forecast.decision_by) == (date(2025, 11, 30), date(2026, 2, 28))
    leap = retirement_compute(birth=date(1964, 2, 29), gender="male", roadmap=ROADMAP, notice=NOTICE)
    assert leap.retire_on == date(2025, 5, 31)


def test_an_unknown_day_or_month_is_the_first() -> None:
    assert birth_assumed(birth_date=None, birth_year=1966, birth_month=None) == date(1966, 1, 1)
    assert birth_assumed(birth_date=None, birth_year=1966, birth_month=7) == date(1966, 7, 1)
    assert birth_assumed(birth_date=date(1966, 7, 9), birth_year=1966, birth_month=7) == date(1966, 7, 9)


def test_a_new_roadmap_and_notice_are_data() -> None:
    """The computation reads the rule value only: a different table gives a different answer."""
    roadmap = RetirementRoadmap(720, 660, (RetirementAgeYear(2030, 730, 700),))
    notice = RetirementNotice(notice_months=12, decision_months=1)
    forecast = retirement_compute(birth=date(1970, 1, 1), gender="male", roadmap=roadmap, notice=notice)
    # 1970-01 + 60 y = 2030-01, in 2030 but the age for 2030 is 60 y 10 m: 2030-11.
    assert forecast.retire_on == date(2030, 11, 30)
    assert forecast.notice_by == date(2029, 11, 30)
    assert forecast.decision_by == date(2030, 10, 31)
