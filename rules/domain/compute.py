"""Dates the rules produce: approval windows, deadlines after an event, reports due.

Pure functions of an `EffectiveRuleSet` (what applies to a province) and, where days off
matter, a `WorkingCalendar`. Each result carries the citation of the rule it came from.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
import datetime as dt
from dataclasses import dataclass
from typing import Literal, TypeVar

from rules.domain.calendar import WorkingCalendar
from rules.domain.registry import RuleKey
from rules.domain.ruleset import EffectiveRuleSet
from rules.domain.types import (
    JSON,
    ApprovalWindow,
    Citation,
    DayCount,
    Recipient,
    Reporter,
    ReportObligation,
    ReportPeriod,
)

Level = Literal["unit", "province"]
Event = Literal[
    "first_entry",
    "personal_update",
    "unit_review",
    "transfer_in_from_outside",
    "move_within_unit",
    "move_to_other_unit",
    "take_over",
    "leave",
    "national_sync",
]

EVENT_RULES: dict[str, RuleKey] = {
    "first_entry": RuleKey.FIRST_ENTRY,
    "personal_update": RuleKey.PERSONAL_UPDATE,
    "unit_review": RuleKey.UNIT_REVIEW,
    "transfer_in_from_outside": RuleKey.TRANSFER_IN_FROM_OUTSIDE,
    "move_within_unit": RuleKey.MOVE_WITHIN_UNIT,
    "move_to_other_unit": RuleKey.MOVE_TO_OTHER_UNIT,
    "take_over": RuleKey.TAKE_OVER,
    "national_sync": RuleKey.NATIONAL_SYNC_AFTER_ACTION,
    "leave": RuleKey.LEAVE,
}
_WINDOW_RULES: tuple[tuple[Level, RuleKey], ...] = (
    ("unit", RuleKey.WINDOW_UNIT),
    ("province", RuleKey.WINDOW_PROVINCE),
)

T = TypeVar("T")


def _rule(rules: EffectiveRuleSet, key: RuleKey, cls: type[T]) -> T | None:
    value = rules.value(key)
    return value if isinstance(value, cls) else None


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _citation(citation: Citation | None) -> JSON | None:
    return citation.to_dict() if citation is not None else None


@dataclass(frozen=True)
class WindowDate:
    """One month's approval window at one level; `opens` and `closes` are both included.

    `rolled_from`: the written last day, when a roll-forward rule moved `closes` off it;
    `closes` may then fall in the next month (Lào Cai, August 2026: 31/8 → 3/9), while
    `month` stays the month whose data is approved.
    """

    month: str
    level: Level
    opens: dt.date
    closes: dt.date
    signature_required: bool
    citation: Citation | None
    rolled_from: dt.date | None = None

    def to_dict(self) -> JSON:
        return {
            "month": self.month,
            "level": self.level,
            "opens": self.opens.isoformat(),
            "closes": self.closes.isoformat(),
            "signature_required": self.signature_required,
            "citation": _citation(self.citation),
            "rolled_from": _iso(self.rolled_from),
        }


def _refuse_invalid(window: ApprovalWindow) -> None:
    errors = window.errors()
    if errors:
        raise ValueError("Thời gian phê duyệt không hợp lệ: " + " ".join(errors.values()))


def window_span(
    window: ApprovalWindow, calendar: WorkingCalendar, year: int, month: int
) -> tuple[dt.date, dt.date]:
    """First and last day of `window` in one month, as written (before any roll-forward)."""
    _refuse_invalid(window)
    last = dt.date(year, month, _stdlib_calendar.monthrange(year, month)[1])
    if window.kind == "last_working_days":
        assert window.n is not None
        days = calendar.last_working_days_of_month(year, month, window.n)
        if not days:
            raise ValueError(f"Tháng {month}/{year} không có ngày làm việc nào.")
        return days[0], days[-1]
    if window.kind == "last_calendar_days":
        assert window.n is not None
        return last - dt.timedelta(days=window.n - 1), last
    if window.kind == "day_range":
        assert window.start_day is not None and window.end_day is not None
        return dt.date(year, month, window.start_day), dt.date(year, month, window.end_day)
    assert window.before_day is not None
    return dt.date(year, month, 1), dt.date(year, month, window.before_day - 1)


def month_window(
    window: ApprovalWindow,
    calendar: WorkingCalendar,
    year: int,
    month: int,
    *,
    level: Level,
    citation: Citation | None,
) -> WindowDate:
    """One month's window; its end moves to the next working day only if the rule says so."""
    opens, written_end = window_span(window, calendar, year, month)
    closes = written_end
    if window.roll_forward_end:
        closes = calendar.next_working_day_on_or_after(written_end)
    return WindowDate(
        month=f"{year:04d}-{month:02d}",
        level=level,
        opens=opens,
        closes=closes,
        signature_required=window.signature_required,
        citation=citation,
        rolled_from=written_end if closes != written_end else None,
    )


def approval_windows(
    rules: EffectiveRuleSet, calendar: WorkingCalendar, year: int
) -> list[WindowDate]:
    """Every month's approval windows in `year`: the unit's, then the DoHA's (TT06 Art. 7.1).

    A level whose window is unset (in the province and the baseline) has no dates.
    """
    found: list[WindowDate] = []
    for month in range(1, 13):
        for level, key in _WINDOW_RULES:
            window = _rule(rules, key, ApprovalWindow)
            if window is not None:
                citation = rules[key].citation
                found.append(
                    month_window(window, calendar, year, month, level=level, citation=citation)
                )
    return found


@dataclass(frozen=True)
class DeadlineResult:
    """When an action following `event` on `date` is due; `due` None when no rule sets one."""

    event: Event
    date: dt.date
    due: dt.date | None
    rule: DayCount | None
    citation: Citation | None

    def to_dict(self) -> JSON:
        return {
            "event": self.event,
            "date": self.date.isoformat(),
            "due": _iso(self.due),
            "rule": self.rule.to_dict() if self.rule is not None else None,
            "citation": _citation(self.citation),
        }


def deadline(
    rules: EffectiveRuleSet, calendar: WorkingCalendar, event: Event, on: dt.date
) -> DeadlineResult:
    """The due date of what must follow `event` on `on`.

    "n ngày làm việc kể từ ngày …" (Lai Châu 2.2, 2.7; Lào Cai Art. 6.3, 11; Sơn La Art. 8;
    Bình Thuận Art. 6.3, 6.4, 11.3): the n-th working day after the event, so always a
    working day. n calendar days: the event plus n days, not moved off a day off.
    """
    key = EVENT_RULES.get(event)
    if key is None:
        raise ValueError(f"Không có thời hạn cho sự kiện “{event}”.")
    count = _rule(rules, key, DayCount)
    due = calendar.add_days(on, count) if count is not None else None
    citation = rules[key].citation if count is not None else None
    return DeadlineResult(event=event, date=on, due=due, rule=count, citation=citation)


@dataclass(frozen=True)
class ReportDue:
    """One report due in a year, with the period it covers (`period_from`..`period_to`)."""

    code: str
    reporter: Reporter
    recipient: Recipient
    period_from: dt.date
    period_to: dt.date
    due: dt.date
    period: ReportPeriod
    contents: tuple[str, ...]
    citation: Citation
    via: str | None = None

    def to_dict(self) -> JSON:
        return {
            "code": self.code,
            "reporter": self.reporter,
            "recipient": self.recipient,
            "from": self.period_from.isoformat(),
            "to": self.period_to.isoformat(),
            "due": self.due.isoformat(),
            "period": self.period,
            "contents": list(self.contents),
            "citation": self.citation.to_dict(),
            "via": self.via,
        }


def report_period(report: ReportObligation, due: dt.date) -> tuple[dt.date, dt.date]:
    """The period a report due on `due` covers (convention: see `ReportObligation`)."""
    if report.period == "yearly":
        return dt.date(due.year - 1, 1, 1), dt.date(due.year - 1, 12, 31)
    # The latest due date before this one; the same date a year back always qualifies.
    candidates = [
        dt.date(due.year + shift, month, day)
        for shift in (-1, 0)
        for month, day in report.due_dates
    ]
    previous = max(candidate for candidate in candidates if candidate < due)
    return previous + dt.timedelta(days=1), due


def reports_due(rules: EffectiveRuleSet, year: int) -> list[ReportDue]:
    """Every report due in calendar `year`, by due date. Due dates are not moved off days
    off: the texts fix calendar dates ("chậm nhất là ngày 20 tháng 01")."""
    reports = rules.value(RuleKey.REPORTS)
    found: list[ReportDue] = []
    for report in reports if isinstance(reports, tuple) else ():
        if report.errors():
            raise ValueError(f"Báo cáo “{report.code}” không hợp lệ.")
        for month, day in report.due_dates:
            due = dt.date(year, month, day)
            period_from, period_to = report_period(report, due)
            found.append(
                ReportDue(
                    code=report.code,
                    reporter=report.reporter,
                    recipient=report.recipient,
                    period_from=period_from,
                    period_to=period_to,
                    due=due,
                    period=report.period,
                    contents=report.contents,
                    citation=report.citation,
                    via=report.via,
                )
            )
    return sorted(found, key=lambda item: (item.due, item.code))
