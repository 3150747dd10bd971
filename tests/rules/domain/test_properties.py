"""Properties that hold for every date, every count, and every province override."""

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from rules.domain import (
    ApprovalWindow,
    CalendarOverride,
    Citation,
    DayCount,
    RuleKey,
    RuleSet,
    RuleValue,
    WorkingCalendar,
    deadline,
)
from rules.domain.compute import EVENT_RULES, month_window

# The package's lunar holidays are computed for any year; these bounds keep runs quick.
dates = st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31))
months = st.tuples(st.integers(2020, 2035), st.integers(1, 12))
# No database: examples are not written into the repository.
checked = settings(deadline=None, database=None, max_examples=150)

CALENDAR = WorkingCalendar()


@st.composite
def overrides(draw: st.DrawFn) -> list[CalendarOverride]:
    """A handful of province overrides on distinct days, working or not."""
    days = draw(st.lists(dates, max_size=6, unique=True))
    return [CalendarOverride(day, draw(st.booleans()), "Thông báo của tỉnh") for day in days]


@checked
@given(months)
def test_last_five_working_days_window_holds_exactly_five_working_days(
    year_month: tuple[int, int],
) -> None:
    """TT06 Art. 7.1's window: five working days, ending on the month's last working day."""
    year, month = year_month
    window = month_window(
        ApprovalWindow.last_working_days(5), CALENDAR, year, month, level="province", citation=None
    )
    assert len(CALENDAR.working_days(window.opens, window.closes)) == 5
    assert window.opens.month == window.closes.month == month
    month_end = (window.closes.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(
        days=1
    )
    assert CALENDAR.working_days(window.closes + timedelta(days=1), month_end) == []


@checked
@given(dates, st.integers(1, 40), st.sampled_from(sorted(EVENT_RULES)))
def test_a_working_day_deadline_is_a_working_day_after_the_event(
    on: date, n: int, event: str
) -> None:
    rules = RuleSet({EVENT_RULES[event]: RuleValue(DayCount(n, "working"))}).resolve(RuleSet())
    due = deadline(rules, CALENDAR, event, on).due  # type: ignore[arg-type]
    assert due is not None
    assert due > on
    assert CALENDAR.is_working_day(due)


@checked
@given(dates, st.integers(0, 40), overrides())
def test_add_working_days_leaves_exactly_n_working_days(
    start: date, n: int, declared: list[CalendarOverride]
) -> None:
    """(start, due] holds exactly n working days, whatever the province declares."""
    calendar = WorkingCalendar(declared)
    due = calendar.add_working_days(start, n)
    assert len(calendar.working_days(start + timedelta(days=1), due)) == n
    assert n == 0 or calendar.is_working_day(due)


@checked
@given(months, st.integers(1, 28), st.integers(0, 27))
def test_a_rolled_window_ends_on_the_first_working_day_from_its_written_end(
    year_month: tuple[int, int], start: int, length: int
) -> None:
    """Roll-forward never moves the end back, and never past a working day."""
    year, month = year_month
    window = ApprovalWindow.day_range(start, min(start + length, 28), roll_forward_end=True)
    found = month_window(window, CALENDAR, year, month, level="unit", citation=None)
    written_end = date(year, month, window.end_day or 0)
    assert found.closes >= written_end
    assert CALENDAR.is_working_day(found.closes)
    assert CALENDAR.working_days(written_end, found.closes - timedelta(days=1)) == []


windows = st.one_of(
    st.builds(
        ApprovalWindow.last_working_days,
        st.integers(1, 28),
        roll_forward_end=st.booleans(),
        signature_required=st.booleans(),
    ),
    st.builds(
        ApprovalWindow.last_calendar_days,
        st.integers(1, 28),
        roll_forward_end=st.booleans(),
        signature_required=st.booleans(),
    ),
    st.builds(
        ApprovalWindow.before,
        st.integers(2, 28),
        roll_forward_end=st.booleans(),
        signature_required=st.booleans(),
    ),
    st.integers(1, 28).flatmap(
        lambda start: st.builds(
            ApprovalWindow.day_range,
            st.just(start),
            st.integers(start, 28),
            roll_forward_end=st.booleans(),
        )
    ),
)
citations = st.builds(Citation, st.text(min_size=1), st.text(min_size=1), st.none() | dates)


@checked
@given(windows, citations)
def test_every_valid_window_round_trips_and_validates(
    window: ApprovalWindow, citation: Citation
) -> None:
    assert window.errors() == {}
    assert ApprovalWindow.from_dict(window.to_dict()) == window
    rules = RuleSet({RuleKey.WINDOW_UNIT: RuleValue(window, citation)})
    assert RuleSet.from_dict(rules.to_dict()) == rules


@checked
@given(windows, months)
def test_every_valid_window_fits_its_month(
    window: ApprovalWindow, year_month: tuple[int, int]
) -> None:
    """Opening day is in the month and never after the (written) closing day."""
    year, month = year_month
    found = month_window(window, CALENDAR, year, month, level="unit", citation=None)
    written_end = found.rolled_from or found.closes
    assert found.opens <= written_end
    assert (found.opens.year, found.opens.month) == (year, month)
    assert (written_end.year, written_end.month) == (year, month)
