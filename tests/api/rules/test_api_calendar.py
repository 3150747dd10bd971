"""The calendar API answers each province's regulation, counted on the official calendar.

Expected dates are counted by hand from the regulation and the 2026/2027 calendars (Tết
16–20/02/2026; Giỗ Tổ 26/04/2026, a Sunday, observed 27/04; 30/04–01/05; 2/9 with 31/8 and
1/9 off and Saturday 22/08/2026 worked; Ngày Văn hóa Việt Nam 24/11 from 2026).
"""

import pytest

from tenants.models import Province
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def _windows(province: Province, year: int) -> dict[tuple[str, str], dict]:
    response = client_for(province).get(f"/api/v1/calendar/approval-windows/?year={year}")
    assert response.status_code == 200
    rows = response.json()
    return {(row["month"], row["level"]): row for row in rows}


def _span(row: dict) -> tuple[str, str]:
    return row["opens"], row["closes"]


def _due(province: Province, event: str, on: str) -> str | None:
    response = client_for(province).get(f"/api/v1/calendar/deadline/?event={event}&date={on}")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["event"] == event and body["date"] == on
    return body["due"]


def _reports(province: Province, year: int) -> list[tuple[str, str, str]]:
    response = client_for(province).get(f"/api/v1/calendar/reports/?year={year}")
    assert response.status_code == 200
    return [(r["due"], r["from"], r["to"]) for r in response.json()]


def _province(code: str) -> Province:
    return Province.objects.get(code=code)


def test_lai_chau_approves_in_the_last_five_working_days() -> None:
    """Lai Châu 2.3: unit and DoHA both in the last 5 working days, the DoHA by ký số."""
    windows = _windows(_province("lai-chau"), 2026)
    assert _span(windows[("2026-01", "unit")]) == ("2026-01-26", "2026-01-30")
    # Giỗ Tổ observed (27/04) and 30/04 are not working days.
    assert _span(windows[("2026-04", "unit")]) == ("2026-04-22", "2026-04-29")
    assert _span(windows[("2026-09", "province")]) == ("2026-09-24", "2026-09-30")
    assert windows[("2026-09", "province")]["signature_required"] is True
    assert len(windows) == 24


def test_lao_cai_window_end_on_a_day_off_moves_to_the_next_working_day() -> None:
    """Lào Cai Art. 7.2: units 21 to 25; 25/04/2026 is a Saturday and 27/04 the observed Giỗ Tổ."""
    windows = _windows(_province("lao-cai"), 2026)
    assert _span(windows[("2026-04", "unit")]) == ("2026-04-21", "2026-04-28")
    assert _span(windows[("2026-07", "unit")]) == ("2026-07-21", "2026-07-27")
    assert _span(windows[("2026-03", "unit")]) == ("2026-03-21", "2026-03-25")
    # Art. 7.1: DoHA in the last 5 days; 31/01/2026 is a Saturday, 31/05 a Sunday.
    assert _span(windows[("2026-01", "province")]) == ("2026-01-27", "2026-02-02")
    assert _span(windows[("2026-05", "province")]) == ("2026-05-27", "2026-06-01")
    assert windows[("2026-04", "unit")]["signature_required"] is True
    feb_2027 = _windows(_province("lao-cai"), 2027)[("2027-02", "unit")]
    assert _span(feb_2027) == ("2027-02-21", "2027-02-25")


def test_calendar_day_windows_do_not_move_where_the_text_is_silent() -> None:
    """Tuyên Quang Art. 6 and Bình Thuận Art. 7.1: the last 5 days, even ending on a Sunday."""
    for code in ("tuyen-quang", "binh-thuan"):
        windows = _windows(_province(code), 2026)
        assert _span(windows[("2026-05", "unit")]) == ("2026-05-27", "2026-05-31"), code
        assert _span(windows[("2026-02", "unit")]) == ("2026-02-24", "2026-02-28"), code
    assert _span(_windows(_province("tuyen-quang"), 2027)[("2027-02", "unit")]) == ("2027-02-24", "2027-02-28")


def test_tuyen_quang_doha_window_falls_back_to_the_baseline() -> None:
    """Tuyên Quang sets no DoHA window: TT06 Art. 7.1 applies (last 5 working days, ký số)."""
    row = _windows(_province("tuyen-quang"), 2026)[("2026-01", "province")]
    assert _span(row) == ("2026-01-26", "2026-01-30")
    assert row["signature_required"] is True
    assert "06/2023/TT-BNV" in row["citation"]["document"]


def test_son_la_units_approve_before_the_25th() -> None:
    windows = _windows(_province("son-la"), 2026)
    assert _span(windows[("2026-06", "unit")]) == ("2026-06-01", "2026-06-24")
    assert _span(windows[("2026-06", "province")]) == ("2026-06-26", "2026-06-30")
    assert _span(_windows(_province("son-la"), 2027)[("2027-02", "unit")]) == ("2027-02-01", "2027-02-24")


@pytest.mark.parametrize(
    ("code", "event", "on", "due"),
    [
        # Bình Thuận Art. 6.3: 5 working days; 27/04 (observed), 30/04 and 01/05 are off.
        ("binh-thuan", "personal_update", "2026-04-24", "2026-05-06"),
        ("binh-thuan", "unit_review", "2026-04-24", "2026-05-06"),
        # Lai Châu 2.2: 15 working days across Tết 16–20/02/2026.
        ("lai-chau", "personal_update", "2026-02-13", "2026-03-13"),
        # Lai Châu 2.2: 5 working days; Saturday 22/08/2026 is a make-up working day.
        ("lai-chau", "first_entry", "2026-08-20", "2026-08-26"),
        # Lào Cai Art. 11: 10 working days across 31/08–02/09/2026.
        ("lao-cai", "leave", "2026-08-28", "2026-09-16"),
        ("lao-cai", "move_within_unit", "2026-08-28", "2026-09-16"),
        # Sơn La Art. 8: 5 working days; 24/11/2026 is Ngày Văn hóa Việt Nam.
        ("son-la", "move_to_other_unit", "2026-11-20", "2026-11-30"),
        # Texts with no number: no due date.
        ("son-la", "personal_update", "2026-11-20", None),
        ("tuyen-quang", "personal_update", "2026-11-20", None),
        ("binh-thuan", "transfer_in_from_outside", "2027-03-01", None),
        ("lai-chau", "transfer_in_from_outside", "2027-01-04", "2027-01-18"),
    ],
)
def test_deadlines_count_working_days_after_the_event(code: str, event: str, on: str, due: str | None) -> None:
    assert _due(_province(code), event, on) == due


@pytest.mark.parametrize(
    ("code", "year", "dues"),
    [
        ("lao-cai", 2026, ["2026-01-20", "2026-05-31", "2026-11-30"]),
        ("binh-thuan", 2027, ["2027-01-20", "2027-05-31", "2027-11-30"]),
        ("tuyen-quang", 2026, ["2026-01-10", "2026-01-25"]),
        ("son-la", 2027, ["2027-01-04", "2027-01-31"]),
        ("lai-chau", 2026, []),
    ],
)
def test_report_dates_follow_each_regulation(code: str, year: int, dues: list[str]) -> None:
    assert [due for due, _, _ in _reports(_province(code), year)] == dues


def test_yearly_reports_cover_the_previous_year() -> None:
    assert ("2027-01-20", "2026-01-01", "2026-12-31") in _reports(_province("lao-cai"), 2027)


def test_working_days_lists_days_off_with_their_reason() -> None:
    response = client_for(_province("lao-cai")).get("/api/v1/calendar/working-days/?from=2026-08-21&to=2026-09-03")
    body = response.json()
    assert "2026-08-22" in body["working_days"]
    off = {d["date"]: d["reason"] for d in body["days_off"]}
    assert set(off) == {"2026-08-23", "2026-08-29", "2026-08-30", "2026-08-31", "2026-09-01", "2026-09-02"}
    assert "2026-09-03" in body["working_days"]


@pytest.mark.parametrize(
    ("url", "field", "message"),
    [
        ("/api/v1/calendar/approval-windows/?year=abc", "year", "Năm phải là một số, ví dụ 2026."),
        ("/api/v1/calendar/approval-windows/", "year", "Cần tham số year (năm), ví dụ year=2026."),
        ("/api/v1/calendar/deadline/?event=first_entry&date=2026-02-30", "date", "Ngày phải có dạng YYYY-MM-DD, ví dụ 2026-04-30."),
        ("/api/v1/calendar/working-days/?from=2026-05-01&to=2026-04-01", "to", "Ngày kết thúc (to) phải sau hoặc bằng ngày bắt đầu (from)."),
        ("/api/v1/rules/?as_of=hom-nay", "as_of", "Ngày phải có dạng YYYY-MM-DD, ví dụ 2026-04-30."),
    ],
)
def test_a_bad_parameter_answers_400_naming_it(url: str, field: str, message: str) -> None:
    response = client_for(_province("lao-cai")).get(url)
    assert response.status_code == 400
    assert response.json()["extra"]["fields"][field] == [message]


def test_an_unknown_event_is_refused_with_the_list_of_events() -> None:
    response = client_for(_province("lao-cai")).get("/api/v1/calendar/deadline/?event=promotion&date=2026-01-05")
    assert response.status_code == 400
    assert response.json()["extra"]["fields"]["event"][0].startswith("Sự kiện “promotion” không có; chọn một trong: first_entry")
