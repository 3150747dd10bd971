"""Vietnam's 2026 working calendar, as announced, and province overrides on top of it."""

from datetime import UTC, date, datetime

import pytest

from rules.domain import CalendarOverride, DayCount, WorkingCalendar, vietnam_date


@pytest.mark.parametrize(
    ("day", "reason"),
    [
        (date(2026, 1, 1), "Tết Dương lịch"),
        (date(2026, 2, 16), "Giao thừa Tết Nguyên Đán"),
        (date(2026, 2, 17), "Tết Nguyên Đán"),
        (date(2026, 2, 20), "Mùng bốn Tết Nguyên Đán"),
        (date(2026, 4, 26), "Ngày Giỗ Tổ Hùng Vương"),
        (date(2026, 4, 27), "Ngày Giỗ Tổ Hùng Vương (nghỉ bù)"),
        (date(2026, 4, 30), "Ngày Chiến thắng"),
        (date(2026, 5, 1), "Ngày Quốc tế Lao động"),
        (date(2026, 8, 31), "Ngày nghỉ (thay cho ngày 22/08/2026)"),
        (date(2026, 9, 1), "Quốc khánh"),
        (date(2026, 9, 2), "Quốc khánh"),
        (date(2026, 11, 24), "Ngày Văn hóa Việt Nam"),
        (date(2026, 8, 29), "Thứ Bảy"),
        (date(2026, 8, 23), "Chủ nhật"),
    ],
)
def test_days_off_2026_and_why(calendar: WorkingCalendar, day: date, reason: str) -> None:
    """Each 2026 holiday, observed day and weekend day is off, named in Vietnamese."""
    assert not calendar.is_working_day(day)
    assert calendar.day_off_reason(day) == reason


@pytest.mark.parametrize(
    "day",
    [
        date(2026, 2, 13),  # the Friday before Tết
        date(2026, 2, 23),  # the Monday after
        date(2026, 4, 28),  # between Giỗ Tổ's observed day and 30/4
        date(2026, 8, 22),  # the Saturday worked to bridge 2/9
        date(2026, 9, 3),
        date(2026, 11, 23),
        date(2026, 11, 25),
    ],
)
def test_working_days_2026(calendar: WorkingCalendar, day: date) -> None:
    """Ordinary weekdays next to holidays, and the announced make-up Saturday, are working days."""
    assert calendar.is_working_day(day)
    assert calendar.day_off_reason(day) is None


def test_add_working_days_skips_holidays_and_counts_the_make_up_saturday(
    calendar: WorkingCalendar,
) -> None:
    """The n-th working day after a date: Tết, 30/4–1/5 and 31/8–2/9 are skipped; 22/8 counts."""
    assert calendar.add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 23)
    assert calendar.add_working_days(date(2026, 4, 29), 1) == date(2026, 5, 4)
    assert calendar.add_working_days(date(2026, 8, 21), 1) == date(2026, 8, 22)
    assert calendar.add_working_days(date(2026, 8, 28), 1) == date(2026, 9, 3)
    assert calendar.add_working_days(date(2026, 11, 23), 1) == date(2026, 11, 25)
    assert calendar.add_working_days(date(2026, 3, 4), 0) == date(2026, 3, 4)


def test_add_working_days_refuses_a_negative_count(calendar: WorkingCalendar) -> None:
    with pytest.raises(ValueError, match="không được âm"):
        calendar.add_working_days(date(2026, 3, 4), -1)


def test_add_days_counts_calendar_days_without_rolling(calendar: WorkingCalendar) -> None:
    """Calendar days land where they land, even on a holiday."""
    assert calendar.add_days(date(2026, 4, 20), DayCount(10, "calendar")) == date(2026, 4, 30)
    # 21–24, 28, 29 April, then 4–7 May (27/4 and 30/4–1/5 are off).
    assert calendar.add_days(date(2026, 4, 20), DayCount(10, "working")) == date(2026, 5, 7)


def test_next_working_day_and_ranges(calendar: WorkingCalendar) -> None:
    """From Saturday 25/4 the next working day is Tuesday 28/4 (26 Giỗ Tổ, 27 observed)."""
    assert calendar.next_working_day_on_or_after(date(2026, 4, 25)) == date(2026, 4, 28)
    assert calendar.next_working_day_on_or_after(date(2026, 4, 28)) == date(2026, 4, 28)
    assert calendar.working_days(date(2026, 4, 24), date(2026, 5, 4)) == [
        date(2026, 4, 24),
        date(2026, 4, 28),
        date(2026, 4, 29),
        date(2026, 5, 4),
    ]
    assert calendar.working_days(date(2026, 5, 4), date(2026, 5, 3)) == []


def test_last_working_days_of_february_jump_over_tet(calendar: WorkingCalendar) -> None:
    """February 2026's last ten working days skip Tết (16–20 February)."""
    expected = [date(2026, 2, d) for d in (9, 10, 11, 12, 13, 23, 24, 25, 26, 27)]
    assert calendar.last_working_days_of_month(2026, 2, 10) == expected
    assert len(calendar.last_working_days_of_month(2026, 2, 28)) == 15


def test_overrides_win_over_the_national_calendar() -> None:
    """A province's declared day off or working day replaces the package's answer."""
    calendar = WorkingCalendar(
        [
            CalendarOverride(date(2026, 2, 23), False, "Nghỉ theo Thông báo số 12/TB-UBND"),
            CalendarOverride(date(2026, 4, 27), True, "Làm việc theo Thông báo số 34/TB-UBND"),
        ]
    )
    assert not calendar.is_working_day(date(2026, 2, 23))
    assert calendar.day_off_reason(date(2026, 2, 23)) == "Nghỉ theo Thông báo số 12/TB-UBND"
    assert calendar.is_working_day(date(2026, 4, 27))
    assert calendar.day_off_reason(date(2026, 4, 27)) is None
    assert calendar.add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 24)


def test_two_overrides_for_one_day_are_refused() -> None:
    day = date(2026, 6, 1)
    with pytest.raises(ValueError, match="có hai điều chỉnh lịch"):
        WorkingCalendar([CalendarOverride(day, False, "a"), CalendarOverride(day, True, "b")])


def test_override_round_trip_and_errors() -> None:
    override = CalendarOverride(date(2026, 6, 1), False, "Nghỉ bù")
    assert CalendarOverride.from_dict(override.to_dict()) == override
    assert override.to_dict() == {"day": "2026-06-01", "working": False, "reason": "Nghỉ bù"}
    assert CalendarOverride(date(2026, 6, 1), False, " ").errors() == {
        "reason": "Cần ghi lý do (ví dụ: số văn bản thông báo)."
    }


def test_vietnam_date_is_utc_plus_seven() -> None:
    """23:30 UTC on 31 January is already 1 February in Hà Nội; a naive time is refused."""
    assert vietnam_date(datetime(2026, 1, 31, 17, 0, tzinfo=UTC)) == date(2026, 2, 1)
    assert vietnam_date(datetime(2026, 1, 31, 16, 59, tzinfo=UTC)) == date(2026, 1, 31)
    with pytest.raises(ValueError, match="múi giờ"):
        vietnam_date(datetime(2026, 1, 31, 17, 0))


def test_vietnam_alone_gives_the_package_s_holidays_and_working_days() -> None:
    """The calendar loads only Vietnam's module (not all 250 countries' modules, 7.9 MB in each
    worker), and answers exactly as holidays.country_holidays("VN", language="vi") does."""
    import subprocess
    import sys
    from datetime import timedelta

    import holidays

    years = range(2020, 2031)
    ours = WorkingCalendar(years=years)
    theirs = holidays.country_holidays("VN", language="vi", years=years)
    assert sorted(ours._holidays.items()) == sorted(theirs.items())
    day = date(2020, 1, 1)
    while day.year < 2031:
        assert ours.is_working_day(day) == theirs.is_working_day(day), day
        day += timedelta(days=1)
    # In a fresh interpreter: only Vietnam's module; the package's way then finds the same class,
    # and other countries still load.
    probe = (
        "import sys; from datetime import date; from rules.domain import WorkingCalendar\n"
        "c = WorkingCalendar(years=[2026]); assert not c.is_working_day(date(2026, 2, 17))\n"
        "assert 'holidays.countries' not in sys.modules and 'holidays.countries.afghanistan' not in sys.modules\n"
        "import importlib, holidays; v = importlib.import_module('holidays.countries.vietnam')\n"
        "assert type(holidays.country_holidays('VN')).__mro__[1] is v.Vietnam is c._holidays.__class__\n"
        "assert date(2026, 7, 4) in holidays.country_holidays('US', years=[2026])\n"
        "print('ok')"
    )
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False)
    assert run.stdout.strip() == "ok", run.stderr
