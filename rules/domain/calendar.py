"""Working days in Vietnam's civil service, on pure dates.

A working day (ngày làm việc) is Monday to Friday, minus public holidays (Bộ luật Lao động
2019 Art. 112, and from 2026 Ngày Văn hóa Việt Nam on 24 November) and the government's
announced days off, plus announced make-up Saturdays. The `holidays` package knows all of
that for VN; a province's own announcements come in as `CalendarOverride`s and win.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
import importlib.util
import sys
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import holidays
from holidays.holiday_base import HolidayBase

from rules.domain.types import JSON, DayCount, is_text, parse_date, read_fields

# Vietnam has kept UTC+7 without daylight saving since 1975: a fixed offset is exact and
# needs no tz database on the server.
VIETNAM_TZ = timezone(timedelta(hours=7), "Asia/Ho_Chi_Minh")
_ONE_DAY = timedelta(days=1)
_WEEKEND_NAMES = {5: "Thứ Bảy", 6: "Chủ nhật"}


def vietnam_date(moment: datetime) -> date:
    """The date in Vietnam at `moment`: 23:30 UTC on the 1st is already the 2nd in Hà Nội."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("Thời điểm phải kèm múi giờ để quy ra ngày tại Việt Nam.")
    return moment.astimezone(VIETNAM_TZ).date()


@dataclass(frozen=True)
class CalendarOverride:
    """A day the province declares working or not, whatever the national calendar says."""

    day: date
    working: bool
    reason: str

    def errors(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        if not isinstance(self.day, date):
            errors["day"] = "Ngày không hợp lệ."
        if not isinstance(self.working, bool):
            errors["working"] = "Phải chọn ngày làm việc hoặc ngày nghỉ."
        if not is_text(self.reason):
            errors["reason"] = "Cần ghi lý do (ví dụ: số văn bản thông báo)."
        return errors

    def to_dict(self) -> JSON:
        return {"day": self.day.isoformat(), "working": self.working, "reason": self.reason}

    @classmethod
    def from_dict(cls, data: object) -> CalendarOverride:
        fields = read_fields(data, ("day", "working", "reason"))
        day = parse_date(fields["day"])
        if day is None:
            raise ValueError("Thiếu ngày điều chỉnh.")
        return cls(day, fields["working"], fields["reason"])


def _index(overrides: Iterable[CalendarOverride]) -> dict[date, CalendarOverride]:
    """One override per day: two for the same day would leave the answer to chance."""
    indexed: dict[date, CalendarOverride] = {}
    for override in overrides:
        if override.day in indexed:
            raise ValueError(f"Ngày {override.day:%d/%m/%Y} có hai điều chỉnh lịch.")
        indexed[override.day] = override
    return indexed


_VIETNAM_MODULE = "holidays.countries.vietnam"
_vietnam_lock = threading.Lock()


def _vietnam_holidays() -> type[HolidayBase]:
    """The `holidays` package's class for Vietnam, its module loaded from its own file.

    Imported the package's way (`holidays.country_holidays("VN")`, or any import of
    `holidays.countries.vietnam`), Python first runs `holidays/countries/__init__.py`, which
    imports the modules of all 250 countries: 7.9 MB more in every web worker (and Celery worker)
    for the one country hoso reads. The module alone imports only what Vietnam's class needs
    (holidays' calendars, groups and base classes). It is registered under its own name, so a
    later import of the package, or pickle, finds the same module and class; the holidays, their
    Vietnamese names and the working days are the package's (tests/rules/domain/test_calendar.py).
    """
    module = sys.modules.get(_VIETNAM_MODULE)
    if module is None:
        with _vietnam_lock:
            module = sys.modules.get(_VIETNAM_MODULE)
            if module is None:
                spec = importlib.util.spec_from_file_location(
                    _VIETNAM_MODULE, Path(holidays.__file__).with_name("countries") / "vietnam.py"
                )
                assert spec is not None and spec.loader is not None
                module = importlib.util.module_from_spec(spec)
                spec.loader.exec_module(module)
                sys.modules[_VIETNAM_MODULE] = module
    vietnam: type[HolidayBase] = module.Vietnam
    return vietnam


class WorkingCalendar:
    """Vietnam's working days, with a province's overrides on top."""

    def __init__(
        self, overrides: Iterable[CalendarOverride] = (), *, years: Iterable[int] = ()
    ) -> None:
        # The package adds each year on first use; naming years up front only saves that step.
        # The same as holidays.country_holidays("VN", language="vi", years=...), without loading
        # every other country (see _vietnam_holidays).
        self._holidays = _vietnam_holidays()(language="vi", years=list(years) or None)
        self._overrides = _index(overrides)

    @property
    def overrides(self) -> tuple[CalendarOverride, ...]:
        return tuple(sorted(self._overrides.values(), key=lambda override: override.day))

    def is_working_day(self, day: date) -> bool:
        override = self._overrides.get(day)
        if override is not None:
            return override.working
        return bool(self._holidays.is_working_day(day))

    def day_off_reason(self, day: date) -> str | None:
        """Why `day` is not a working day, in Vietnamese; None on a working day."""
        if self.is_working_day(day):
            return None
        override = self._overrides.get(day)
        if override is not None:
            return override.reason
        names = self._holidays.get_list(day)
        if names:
            return "; ".join(names)
        return _WEEKEND_NAMES.get(day.weekday(), "Ngày nghỉ")

    def add_working_days(self, start: date, n: int) -> date:
        """The n-th working day after `start` (`start` itself never counts); n=0 is `start`."""
        if n < 0:
            raise ValueError("Số ngày làm việc không được âm.")
        day, counted = start, 0
        while counted < n:
            day += _ONE_DAY
            counted += self.is_working_day(day)
        return day

    def add_days(self, start: date, count: DayCount) -> date:
        """`start` plus a rule's day count. Calendar days are not moved off a day off here:
        no text in the matrix says to, and a rule that does says so itself."""
        if count.unit == "working":
            return self.add_working_days(start, count.n)
        return start + timedelta(days=count.n)

    def next_working_day_on_or_after(self, day: date) -> date:
        while not self.is_working_day(day):
            day += _ONE_DAY
        return day

    def working_days(self, start: date, end: date) -> list[date]:
        """Working days from `start` to `end`, both included; empty when `end` < `start`."""
        days: list[date] = []
        day = start
        while day <= end:
            if self.is_working_day(day):
                days.append(day)
            day += _ONE_DAY
        return days

    def last_working_days_of_month(self, year: int, month: int, n: int) -> list[date]:
        """The month's last `n` working days in date order (fewer if the month has fewer)."""
        day = date(year, month, _stdlib_calendar.monthrange(year, month)[1])
        found: list[date] = []
        while day.month == month and len(found) < n:
            if self.is_working_day(day):
                found.append(day)
            day -= _ONE_DAY
        return found[::-1]
