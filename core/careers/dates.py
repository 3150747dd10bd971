"""Month arithmetic the career rules count in: "36 months from the step's start"."""

import calendar
from datetime import date, timedelta
from typing import Protocol


def months_add(day: date, months: int) -> date:
    """`day` moved by `months` (negative: back); the 31st becomes the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def next_month_start(day: date) -> date:
    return month_end(day) + timedelta(days=1)


def months_between(start: date, end: date) -> int:
    """Whole months from `start` to `end` (end after start)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - 1 if end.day < start.day else months


class Calendar(Protocol):
    def is_working_day(self, day: date) -> bool: ...


def working_days_before(days: Calendar, end: date, n: int) -> date:
    """The `n`-th working day before `end` (`end` itself never counts); n=0 is `end`: "the
    decision at least 1 working day before the term ends"."""
    day, counted = end, 0
    while counted < n:
        day -= timedelta(days=1)
        counted += days.is_working_day(day)
    return day
