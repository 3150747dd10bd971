"""The date rules in general: roll-forward only when a rule says so, overrides, conventions."""

import json
from collections.abc import Callable
from datetime import date

import pytest

from rules.domain import (
    ApprovalWindow,
    CalendarOverride,
    Citation,
    DayCount,
    EffectiveRuleSet,
    ReportObligation,
    RuleKey,
    RuleSet,
    RuleValue,
    WorkingCalendar,
    approval_windows,
    deadline,
    reports_due,
)
from rules.domain.compute import month_window

CITE = Citation("Quy chế thử", "Điều 1")


def rules_with(**values: object) -> EffectiveRuleSet:
    """Effective rules holding only the given values (by RuleKey name), over an empty baseline."""
    entries = {RuleKey[name]: RuleValue(value, CITE) for name, value in values.items()}
    return RuleSet(entries).resolve(RuleSet())


def test_window_end_rolls_forward_only_when_the_rule_says_so(calendar: WorkingCalendar) -> None:
    """21–25 April 2026: the 25th is a Saturday, then Giỗ Tổ (26) and its observed day (27)."""
    plain = month_window(
        ApprovalWindow.day_range(21, 25), calendar, 2026, 4, level="unit", citation=None
    )
    rolled = month_window(
        ApprovalWindow.day_range(21, 25, roll_forward_end=True),
        calendar,
        2026,
        4,
        level="unit",
        citation=None,
    )
    assert (plain.opens, plain.closes, plain.rolled_from) == (
        date(2026, 4, 21),
        date(2026, 4, 25),
        None,
    )
    assert (rolled.opens, rolled.closes, rolled.rolled_from) == (
        date(2026, 4, 21),
        date(2026, 4, 28),
        date(2026, 4, 25),
    )


def test_a_province_day_off_moves_a_working_day_window() -> None:
    """With 23 February 2026 declared off, Lai Châu's last five working days reach back
    across Tết to Friday 13 February."""
    calendar = WorkingCalendar(
        [CalendarOverride(date(2026, 2, 23), False, "Nghỉ theo thông báo của tỉnh")]
    )
    rules = rules_with(WINDOW_UNIT=ApprovalWindow.last_working_days(5))
    february = next(w for w in approval_windows(rules, calendar, 2026) if w.month == "2026-02")
    assert (february.opens, february.closes) == (date(2026, 2, 13), date(2026, 2, 27))
    assert calendar.working_days(february.opens, february.closes) == [
        date(2026, 2, 13), date(2026, 2, 24), date(2026, 2, 25), date(2026, 2, 26), date(2026, 2, 27),
    ]  # fmt: skip


def test_a_province_working_saturday_ends_the_window_on_it() -> None:
    calendar = WorkingCalendar(
        [CalendarOverride(date(2026, 2, 28), True, "Làm bù theo thông báo của tỉnh")]
    )
    rules = rules_with(WINDOW_UNIT=ApprovalWindow.last_working_days(5))
    february = next(w for w in approval_windows(rules, calendar, 2026) if w.month == "2026-02")
    assert (february.opens, february.closes) == (date(2026, 2, 24), date(2026, 2, 28))


def test_no_window_no_dates(calendar: WorkingCalendar) -> None:
    """A level with no window in the province or the baseline produces nothing."""
    rules = rules_with(WINDOW_UNIT=ApprovalWindow.before(25, signature_required=True))
    found = approval_windows(rules, calendar, 2026)
    assert [w.month for w in found] == [f"2026-{m:02d}" for m in range(1, 13)]
    assert {w.level for w in found} == {"unit"}
    assert found[0].to_dict() == {
        "month": "2026-01",
        "level": "unit",
        "opens": "2026-01-01",
        "closes": "2026-01-24",
        "signature_required": True,
        "citation": CITE.to_dict(),
        "rolled_from": None,
    }


def test_an_invalid_window_is_refused(calendar: WorkingCalendar) -> None:
    rules = rules_with(WINDOW_UNIT=ApprovalWindow.day_range(25, 21))
    with pytest.raises(ValueError, match="Ngày kết thúc không được trước ngày bắt đầu."):
        approval_windows(rules, calendar, 2026)


def test_calendar_day_deadline_is_not_moved_off_a_holiday(calendar: WorkingCalendar) -> None:
    """10 days from 20 April 2026 is 30 April, a holiday; no rule moves it, so it stays."""
    rules = rules_with(LEAVE=DayCount(10, "calendar"))
    result = deadline(rules, calendar, "leave", date(2026, 4, 20))
    assert result.due == date(2026, 4, 30)
    assert result.to_dict() == {
        "event": "leave",
        "date": "2026-04-20",
        "due": "2026-04-30",
        "rule": {"n": 10, "unit": "calendar"},
        "citation": CITE.to_dict(),
    }


def test_working_day_deadline_from_a_day_off(calendar: WorkingCalendar) -> None:
    """An event on a holiday counts from the next working day: 5 wd from Giỗ Tổ (Sunday 26/4)
    are 28, 29/4 and 4, 5, 6/5 (27/4 observed, 30/4–1/5 off)."""
    rules = rules_with(PERSONAL_UPDATE=DayCount(5, "working"))
    assert deadline(rules, calendar, "personal_update", date(2026, 4, 26)).due == date(2026, 5, 6)


def test_unknown_event_is_refused(calendar: WorkingCalendar) -> None:
    with pytest.raises(ValueError, match="Không có thời hạn cho sự kiện “lunch”."):
        deadline(rules_with(), calendar, "lunch", date(2026, 1, 5))  # type: ignore[arg-type]


def test_no_rule_no_due_date(calendar: WorkingCalendar) -> None:
    result = deadline(rules_with(), calendar, "first_entry", date(2026, 1, 5))
    assert (result.due, result.rule, result.citation) == (None, None, None)


def _report(
    due_dates: tuple[tuple[int, int], ...], period: str = "half_yearly"
) -> ReportObligation:
    return ReportObligation("unit_to_doha", "unit", "doha", due_dates, period, ("Kết quả",), CITE)  # type: ignore[arg-type]


def test_half_year_periods_run_from_the_previous_due_date() -> None:
    """With 30/6 and 31/12 the periods are the calendar half-years."""
    rules = rules_with(REPORTS=(_report(((6, 30), (12, 31))),))
    assert [(r.period_from, r.period_to, r.due) for r in reports_due(rules, 2026)] == [
        (date(2026, 1, 1), date(2026, 6, 30), date(2026, 6, 30)),
        (date(2026, 7, 1), date(2026, 12, 31), date(2026, 12, 31)),
    ]


def test_report_due_json_shape() -> None:
    rules = rules_with(REPORTS=(_report(((1, 10),), "yearly"),))
    (report,) = reports_due(rules, 2027)
    data = report.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert (data["from"], data["to"], data["due"]) == ("2026-01-01", "2026-12-31", "2027-01-10")


def test_an_invalid_report_is_refused() -> None:
    rules = rules_with(REPORTS=(_report(((5, 31),)),))
    with pytest.raises(ValueError, match="Báo cáo “unit_to_doha” không hợp lệ."):
        reports_due(rules, 2026)


def test_results_follow_an_admin_change(
    effective: Callable[[str], EffectiveRuleSet], calendar: WorkingCalendar
) -> None:
    """Replacing one value changes the dates it drives and nothing else."""
    from rules.domain import baseline_get, preset_get

    changed = preset_get("son-la").with_value(
        RuleKey.LEAVE, RuleValue(DayCount(10, "working"), CITE)
    )
    rules = changed.resolve(baseline_get())
    assert deadline(rules, calendar, "leave", date(2026, 11, 20)).due == date(2026, 12, 7)
    before = effective("son-la")
    assert approval_windows(rules, calendar, 2026) == approval_windows(before, calendar, 2026)
