"""Next regular raises and beyond-top-step dates, counted by hand from Thông tư 08/2013 as amended
by Thông tư 03/2021 (36 months on a step for A groups, 24 for B and C; khiển trách +3 months,
cảnh cáo +6, cách chức +12, each year "không hoàn thành nhiệm vụ" +6, only the discipline's delay
when both fall in one year; unpaid leave and suspension do not count) and the beyond-top-step
allowance (after 36 months on the last step for A, 5 %, then +1 % a year)."""

from datetime import date

import pytest

from core.careers.salary import DisciplineFact, EvaluationFact, Pause, next_raise, over_frame
from rules.domain.career import SalaryRaise
from rules.domain.presets import baseline_get
from rules.domain.registry import RuleKey

BASELINE = baseline_get()
RAISE = BASELINE[RuleKey.SALARY_RAISE].value
OVER_FRAME = BASELINE[RuleKey.OVER_FRAME].value
START = date(2021, 3, 1)
NOT_DONE = "not_completed"


@pytest.mark.parametrize(("scale", "disciplines", "evaluations", "pauses", "due"), [
    # 36 months for A1, none of the delays.
    ("A1", [], [], [], date(2024, 3, 1)),
    ("A2.1", [], [(2022, "good")], [], date(2024, 3, 1)),
    # 24 months for B and C.
    ("B", [], [], [], date(2023, 3, 1)),
    ("C1", [], [], [], date(2023, 3, 1)),
    # One delay each: +3, +6, +12, +6.
    ("A1", [(2022, "Khiển trách")], [], [], date(2024, 6, 1)),
    ("A1", [(2022, "cảnh cáo")], [], [], date(2024, 9, 1)),
    ("A1", [(2022, "Cách chức")], [], [], date(2025, 3, 1)),
    ("A1", [], [(2022, NOT_DONE)], [], date(2024, 9, 1)),
    # Two years not completed: +12.
    ("A1", [], [(2021, NOT_DONE), (2022, NOT_DONE)], [], date(2025, 3, 1)),
    # The same year: the rating is the discipline's consequence, only +3.
    ("A1", [(2022, "Khiển trách")], [(2022, NOT_DONE)], [], date(2024, 6, 1)),
    # Different years: the delays add up, +6 +3.
    ("A1", [(2022, "Khiển trách")], [(2021, NOT_DONE)], [], date(2024, 12, 1)),
    # A discipline before the step's year does not count; one in the raise's year does.
    ("A1", [(2020, "Cảnh cáo")], [], [], date(2024, 3, 1)),
    ("A1", [(2024, "Khiển trách")], [], [], date(2024, 6, 1)),
    # A form with no delay in the rule (buộc thôi việc ends the service; none is named) adds nothing.
    ("A1", [(2022, "Phê bình")], [], [], date(2024, 3, 1)),
    # 31 days of unpaid leave in January 2022: 01/03/2024 + 31 days.
    ("A1", [], [], [(date(2022, 1, 1), date(2022, 1, 31))], date(2024, 4, 1)),
    # A pause after the raise date does not count; one straddling it counts up to the settled end:
    # due 01/03/2024, pause 20/02–10/03/2024 (20 days), the end moves to 21/03/2024, which the pause
    # no longer reaches.
    ("A1", [], [], [(date(2024, 6, 1), date(2024, 6, 30))], date(2024, 3, 1)),
    ("A1", [], [], [(date(2024, 2, 20), date(2024, 3, 10))], date(2024, 3, 21)),
    # A delay that brings in a further year: B from 01/03/2021, 24 months → 01/03/2023; cách chức in
    # 2022 +12 → 01/03/2024, so 2023 is now a year rated on the step: not completed +6 → 01/09/2024.
    ("B", [(2022, "Cách chức")], [(2023, NOT_DONE)], [], date(2024, 9, 1)),
])
def test_next_regular_raise(scale: str, disciplines: list, evaluations: list, pauses: list, due: date) -> None:
    found = next_raise(
        start=START, scale_code=scale, rule=RAISE,
        disciplines=[DisciplineFact(year, form) for year, form in disciplines],
        evaluations=[EvaluationFact(year, grade) for year, grade in evaluations],
        pauses=[Pause(first, last) for first, last in pauses],
    )
    assert found is not None
    assert found.due == due


def test_the_delays_are_listed_with_their_reasons() -> None:
    found = next_raise(start=START, scale_code="A1", rule=RAISE, disciplines=[DisciplineFact(2022, "Khiển trách")],
                       evaluations=[EvaluationFact(2021, NOT_DONE)])
    assert found is not None
    assert [(d.reason, d.months) for d in found.delays] == [
        ("Kỷ luật khiển trách năm 2022", 3), ("Không hoàn thành nhiệm vụ năm 2021", 6)]
    assert found.delay_months == 9


def test_a_scale_the_rule_does_not_name_has_no_forecast() -> None:
    assert next_raise(start=START, scale_code="Z9", rule=RAISE) is None


def test_a_changed_rule_changes_the_interval() -> None:
    rule = SalaryRaise({"A": 48, "B": 24}, {"Khiển trách": 3}, 6)
    found = next_raise(start=START, scale_code="A1", rule=rule)
    assert found is not None and found.due == date(2025, 3, 1)


def test_beyond_the_top_step_five_percent_then_one_more_each_year() -> None:
    """On A1's last step since 01/01/2020: 5 % from 01/01/2023, 6 % 2024, 7 % 2025, 8 % 2026; on
    01/06/2026 the next is 9 % on 01/01/2027."""
    found = over_frame(start=date(2020, 1, 1), scale_code="A1", as_of=date(2026, 6, 1), rule=OVER_FRAME,
                       delays_rule=RAISE)
    assert found is not None
    assert (found.percent, found.since, found.next_on, found.next_percent) == (8, date(2026, 1, 1), date(2027, 1, 1), 9)


def test_beyond_the_top_step_before_the_first_period_ends() -> None:
    """B's last step since 01/07/2025: nothing yet on 01/06/2026, 5 % from 01/07/2027 (24 months)."""
    found = over_frame(start=date(2025, 7, 1), scale_code="B", as_of=date(2026, 6, 1), rule=OVER_FRAME,
                       delays_rule=RAISE)
    assert found is not None
    assert (found.percent, found.since, found.next_on, found.next_percent) == (0, None, date(2027, 7, 1), 5)


def test_a_discipline_delays_one_beyond_top_step_period_only() -> None:
    """Khiển trách in 2024 falls in the period 01/01/2023–01/01/2024 (its year is the period's end
    year): that period ends 01/04/2024; the next ones follow a year apart."""
    found = over_frame(start=date(2020, 1, 1), scale_code="A1", as_of=date(2026, 6, 1), rule=OVER_FRAME,
                       delays_rule=RAISE, disciplines=[DisciplineFact(2024, "Khiển trách")])
    assert found is not None
    assert (found.percent, found.since, found.next_on) == (8, date(2026, 4, 1), date(2027, 4, 1))
