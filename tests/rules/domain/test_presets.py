"""Each province's preset against the matrix (shared/domain/province-rules.md), and the dates
it produces in 2026, worked out by hand from the official calendar:

- Tết: 16–20 February (Mon–Fri).
- Giỗ Tổ Hùng Vương: Sunday 26 April, observed Monday 27 April; 30 April (Thu), 1 May (Fri).
- Quốc khánh: 1–2 September, plus Monday 31 August in exchange for Saturday 22 August worked.
- Ngày Văn hóa Việt Nam: Tuesday 24 November.
"""

from collections.abc import Callable
from datetime import date

import pytest

from rules.domain import (
    PRESET_CODES,
    ApprovalWindow,
    BackupDuty,
    Citation,
    DayCount,
    EffectiveRuleSet,
    RuleKey,
    WindowDate,
    WorkingCalendar,
    approval_windows,
    baseline_get,
    deadline,
    preset_document,
    preset_get,
    reports_due,
)
from rules.domain.compute import Event

Resolve = Callable[[str], EffectiveRuleSet]

TT06_7_1 = Citation("Thông tư 06/2023/TT-BNV", "Điều 7 khoản 1", None)


def windows(
    rules: EffectiveRuleSet, calendar: WorkingCalendar, level: str
) -> dict[str, tuple[date, date]]:
    """2026's windows at one level, by month: {"2026-04": (opens, closes)}."""
    found = approval_windows(rules, calendar, 2026)
    return {w.month: (w.opens, w.closes) for w in found if w.level == level}


def window(
    rules: EffectiveRuleSet, calendar: WorkingCalendar, level: str, month: str
) -> WindowDate:
    return next(
        w for w in approval_windows(rules, calendar, 2026) if w.level == level and w.month == month
    )


def due(rules: EffectiveRuleSet, calendar: WorkingCalendar, event: Event, on: date) -> date | None:
    return deadline(rules, calendar, event, on).due


def reports(rules: EffectiveRuleSet) -> list[tuple[str, date, date, date]]:
    return [(r.code, r.period_from, r.period_to, r.due) for r in reports_due(rules, 2026)]


def test_preset_codes_and_unknown_code() -> None:
    """Five provinces; "baseline" gives the national baseline; anything else is refused."""
    assert PRESET_CODES == ("lai-chau", "tuyen-quang", "lao-cai", "son-la", "binh-thuan")
    assert preset_get("baseline") == baseline_get()
    with pytest.raises(KeyError, match="Không có bộ quy tắc mẫu"):
        preset_get("ha-noi")


@pytest.mark.parametrize("code", ["baseline", *PRESET_CODES])
def test_every_preset_is_valid(code: str) -> None:
    """No preset carries a value its own validators would refuse."""
    assert preset_get(code).errors() == {}


def test_baseline_sets_only_what_the_seeds_quote_of_tt06() -> None:
    """TT06 Art. 7.1 (quoted by Lai Châu 2.3 and Lào Cai Art. 7.1): the DoHA signs within the
    last 5 working days of each month. The seeds quote no other TT06 value. (Until 30/6/2026:
    Nghị định 27/2026/NĐ-CP adds its own values from 1/7/2026; the personal data protection
    law's, tests/rules/domain/test_privacy_rules.py and test_sensitive.py, from 1/1/2026.)"""
    baseline = baseline_get(date(2026, 6, 30))
    tt06 = {key: value for key, value in baseline.items()
            if not str(key).startswith(("career.", "privacy.", "access.sensitive_groups", "change_set."))}
    assert tt06 == {
        RuleKey.WINDOW_PROVINCE: baseline[RuleKey.WINDOW_PROVINCE],
    }
    value = baseline[RuleKey.WINDOW_PROVINCE]
    assert value.value == ApprovalWindow.last_working_days(5, signature_required=True)
    assert value.citation == TT06_7_1


def test_the_career_rules_each_cite_their_own_document() -> None:
    """The career rules of the baseline come from the laws on careers, not from TT06."""
    baseline = baseline_get()
    career = {key: value for key, value in baseline.items() if str(key).startswith("career.")}
    assert set(career) == {RuleKey.RETIREMENT_AGE, RuleKey.RETIREMENT_NOTICE, RuleKey.SALARY_RAISE,
                           RuleKey.OVER_FRAME, RuleKey.APPOINTMENT_TERM, RuleKey.DISCIPLINE_BARS,
                           RuleKey.EARLY_RAISE, RuleKey.EVALUATION_SCORING}
    for value in career.values():
        assert value.citation is not None and "06/2023" not in value.citation.document
    assert baseline[RuleKey.RETIREMENT_AGE].citation.effective == date(2021, 1, 1)  # type: ignore[union-attr]


def test_documents() -> None:
    """Drafts have no effective date; Bình Thuận's and Lào Cai's decisions do."""
    assert preset_document("binh-thuan").effective == date(2024, 6, 20)
    assert preset_document("binh-thuan").signed == date(2024, 5, 31)
    assert preset_document("binh-thuan").status == "in_force"
    assert preset_document("lao-cai").number == "Quyết định 06/2024/QĐ-UBND"
    assert preset_document("lao-cai").effective == date(2024, 2, 20)
    assert preset_document("lao-cai").replaces == "Quyết định 57/2011/QĐ-UBND"
    assert preset_document("tuyen-quang").replaces == "Quyết định 16/2020/QĐ-UBND"
    for code in ("lai-chau", "tuyen-quang", "son-la"):
        assert preset_document(code).status == "draft"
        assert preset_document(code).effective is None
    assert preset_get("lao-cai")[RuleKey.WINDOW_UNIT].citation == Citation(
        "Quyết định 06/2024/QĐ-UBND tỉnh Lào Cai", "Điều 7 khoản 2", date(2024, 2, 20)
    )


def test_lai_chau(effective: Resolve, calendar: WorkingCalendar) -> None:
    """Lai Châu (draft; Tờ trình 2.2, 2.3, 2.7): both levels sign in the last 5 working days."""
    rules = effective("lai-chau")
    unit = windows(rules, calendar, "unit")
    assert unit["2026-01"] == (date(2026, 1, 26), date(2026, 1, 30))
    # Tết is earlier in the month: the last five working days are 23–27 February.
    assert unit["2026-02"] == (date(2026, 2, 23), date(2026, 2, 27))
    # 27/4 (Giỗ Tổ observed) and 30/4 are off: 22, 23, 24, 28, 29 April.
    assert unit["2026-04"] == (date(2026, 4, 22), date(2026, 4, 29))
    # 31/8 is off (exchanged for Saturday 22/8): 24–28 August.
    assert unit["2026-08"] == (date(2026, 8, 24), date(2026, 8, 28))
    # 24/11 is off: 23, 25, 26, 27, 30 November.
    assert unit["2026-11"] == (date(2026, 11, 23), date(2026, 11, 30))
    assert windows(rules, calendar, "province") == unit
    assert not window(rules, calendar, "unit", "2026-02").signature_required
    assert window(rules, calendar, "province", "2026-02").signature_required
    assert rules[RuleKey.WINDOW_PROVINCE].source == "province"
    # 5 wd from an account created Thursday 12/2: 13/2, then 23–26/2 after Tết.
    assert due(rules, calendar, "first_entry", date(2026, 2, 12)) == date(2026, 2, 26)
    # 15 wd from a change on 10/2: 11–13/2, 23–27/2, 2–6/3, 9–10/3.
    assert due(rules, calendar, "personal_update", date(2026, 2, 10)) == date(2026, 3, 10)
    # 10 wd from a handover on 23/4: 24, 28, 29/4, 4–8/5, 11–12/5.
    assert due(rules, calendar, "transfer_in_from_outside", date(2026, 4, 23)) == date(2026, 5, 12)
    # 5 wd from Friday 20/11: 23, 25, 26, 27, 30/11 (24/11 is Ngày Văn hóa).
    assert due(rules, calendar, "move_within_unit", date(2026, 11, 20)) == date(2026, 11, 30)
    assert due(rules, calendar, "move_to_other_unit", date(2026, 11, 20)) == date(2026, 11, 30)
    # 10 wd from 27/8: 28/8, 3–4/9, 7–11/9, 14–15/9.
    assert due(rules, calendar, "leave", date(2026, 8, 27)) == date(2026, 9, 15)
    assert due(rules, calendar, "unit_review", date(2026, 8, 27)) is None
    assert reports(rules) == []
    assert rules.value(RuleKey.DOHA_SIGNS_BEFORE_SYNC) is True
    assert rules.value(RuleKey.BACKUP) == BackupDuty(
        ("doha",), "monthly", 3, "Phương tiện lưu trữ chuyên dụng"
    )
    assert rules.value(RuleKey.LEGACY_SYSTEM_URL) == "https://qlcblaichau.vnerp.vn"
    assert rules[RuleKey.FIRST_ENTRY].citation == Citation(
        "Tờ trình của Sở Nội vụ tỉnh Lai Châu (dự thảo Quy chế)", "Mục 2.2", None
    )


def test_tuyen_quang(effective: Resolve, calendar: WorkingCalendar) -> None:
    """Tuyên Quang (draft): its own unit window (last 5 days, Art. 6); the DoHA's window is
    TT06's, since Art. 1.2 sends whatever the draft leaves out to TT06."""
    rules = effective("tuyen-quang")
    assert rules[RuleKey.WINDOW_UNIT].source == "province"
    assert rules[RuleKey.WINDOW_PROVINCE].source == "baseline"
    assert rules[RuleKey.WINDOW_PROVINCE].citation == TT06_7_1
    unit = windows(rules, calendar, "unit")
    # Calendar days, no roll-forward: 31/1 is a Saturday and stays the last day.
    assert unit["2026-01"] == (date(2026, 1, 27), date(2026, 1, 31))
    assert unit["2026-02"] == (date(2026, 2, 24), date(2026, 2, 28))
    assert unit["2026-04"] == (date(2026, 4, 26), date(2026, 4, 30))
    province = windows(rules, calendar, "province")
    assert province["2026-04"] == (date(2026, 4, 22), date(2026, 4, 29))
    assert province["2026-08"] == (date(2026, 8, 24), date(2026, 8, 28))
    assert window(rules, calendar, "province", "2026-04").signature_required
    for event in ("first_entry", "personal_update", "unit_review", "move_to_other_unit", "leave"):
        assert due(rules, calendar, event, date(2026, 3, 2)) is None
    year_2025 = (date(2025, 1, 1), date(2025, 12, 31))
    # "chậm nhất là ngày 10 tháng 01": due 10/1 even though it is a Saturday.
    assert reports(rules) == [
        ("unit_to_doha", *year_2025, date(2026, 1, 10)),
        ("doha_to_ministry", *year_2025, date(2026, 1, 25)),
    ]
    assert reports_due(rules, 2026)[1].via == "Ủy ban nhân dân tỉnh"
    assert rules.value(RuleKey.BACKUP) == BackupDuty(
        ("doha", "tech_agency"), "periodic", None, "Thiết bị chuyên dụng"
    )
    assert rules.value(RuleKey.DOHA_SIGNS_BEFORE_SYNC) is None


def test_lao_cai(effective: Resolve, calendar: WorkingCalendar) -> None:
    """Lào Cai (QĐ 06/2024): units sign 21–25, the DoHA in the last 5 days; a window ending
    on a day off ends on the next working day (Art. 7.1, 7.2)."""
    rules = effective("lao-cai")
    unit = windows(rules, calendar, "unit")
    assert unit["2026-01"] == (date(2026, 1, 21), date(2026, 1, 26))  # 25/1 is a Sunday
    assert unit["2026-02"] == (date(2026, 2, 21), date(2026, 2, 25))  # a Wednesday: stays
    # 25/4 Saturday, 26/4 Giỗ Tổ (Sunday), 27/4 observed: ends Tuesday 28/4.
    assert unit["2026-04"] == (date(2026, 4, 21), date(2026, 4, 28))
    assert unit["2026-07"] == (date(2026, 7, 21), date(2026, 7, 27))  # 25/7 is a Saturday
    assert unit["2026-10"] == (date(2026, 10, 21), date(2026, 10, 26))  # 25/10 is a Sunday
    assert window(rules, calendar, "unit", "2026-04").rolled_from == date(2026, 4, 25)
    assert window(rules, calendar, "unit", "2026-02").rolled_from is None
    province = windows(rules, calendar, "province")
    assert province["2026-01"] == (date(2026, 1, 27), date(2026, 2, 2))  # 31/1 Saturday
    assert province["2026-02"] == (date(2026, 2, 24), date(2026, 3, 2))  # 28/2 Saturday
    assert province["2026-03"] == (date(2026, 3, 27), date(2026, 3, 31))  # a Tuesday
    # 30/4, 1/5, then the weekend: Monday 4/5.
    assert province["2026-04"] == (date(2026, 4, 26), date(2026, 5, 4))
    assert province["2026-05"] == (date(2026, 5, 27), date(2026, 6, 1))  # 31/5 Sunday
    # 31/8, 1/9 and 2/9 are all off: Thursday 3/9.
    assert province["2026-08"] == (date(2026, 8, 27), date(2026, 9, 3))
    assert province["2026-10"] == (date(2026, 10, 27), date(2026, 11, 2))
    assert all(w.signature_required for w in approval_windows(rules, calendar, 2026))
    # 10 wd from 20/8: 21/8, Saturday 22/8 (worked), 24–28/8, 3–4/9, 7/9.
    assert due(rules, calendar, "move_within_unit", date(2026, 8, 20)) == date(2026, 9, 7)
    # 15 wd from 16/11: 17–20/11, 23, 25–27, 30/11, 1–4/12, 7–8/12.
    assert due(rules, calendar, "personal_update", date(2026, 11, 16)) == date(2026, 12, 8)
    # 10 wd from 12/2: 13/2, 23–27/2 after Tết, 2–5/3.
    assert due(rules, calendar, "transfer_in_from_outside", date(2026, 2, 12)) == date(2026, 3, 5)
    assert due(rules, calendar, "first_entry", date(2026, 2, 12)) is None
    # The unit officer reviews within the Art. 7.2 window: no day count of its own.
    assert due(rules, calendar, "unit_review", date(2026, 2, 12)) is None
    assert preset_get("lao-cai")[RuleKey.UNIT_REVIEW].citation.article == "Điều 14 khoản 3"  # type: ignore[union-attr]
    assert reports(rules) == [
        ("doha_to_ministry", date(2025, 1, 1), date(2025, 12, 31), date(2026, 1, 20)),
        ("unit_to_doha", date(2025, 12, 1), date(2026, 5, 31), date(2026, 5, 31)),
        ("unit_to_doha", date(2026, 6, 1), date(2026, 11, 30), date(2026, 11, 30)),
    ]
    assert rules.value(RuleKey.PASSWORD_CHANGE_AT_FIRST_SIGN_IN) is True
    assert rules.value(RuleKey.NATIONAL_ID_LOGIN) is True


def test_son_la(effective: Resolve, calendar: WorkingCalendar) -> None:
    """Sơn La (draft 2026): units sign before the 25th, the DoHA Director in the last 5 days;
    no roll-forward; transfers and leavers within 5 working days (Art. 7, 8)."""
    rules = effective("son-la")
    unit = windows(rules, calendar, "unit")
    # "Trước ngày 25": 1–24, and 24/1 (a Saturday) is not moved.
    assert unit["2026-01"] == (date(2026, 1, 1), date(2026, 1, 24))
    assert unit["2026-11"] == (date(2026, 11, 1), date(2026, 11, 24))
    province = windows(rules, calendar, "province")
    assert province["2026-08"] == (date(2026, 8, 27), date(2026, 8, 31))  # 31/8 off, not moved
    assert province["2026-04"] == (date(2026, 4, 26), date(2026, 4, 30))
    assert all(w.signature_required for w in approval_windows(rules, calendar, 2026))
    # 5 wd from Friday 24/4: 28, 29/4, 4, 5, 6/5.
    assert due(rules, calendar, "move_to_other_unit", date(2026, 4, 24)) == date(2026, 5, 6)
    # 5 wd from Friday 20/11: 23, 25, 26, 27, 30/11.
    assert due(rules, calendar, "leave", date(2026, 11, 20)) == date(2026, 11, 30)
    # "Promptly, in real time": no number, so no due date.
    assert due(rules, calendar, "personal_update", date(2026, 11, 20)) is None
    assert due(rules, calendar, "move_within_unit", date(2026, 11, 20)) is None
    year_2025 = (date(2025, 1, 1), date(2025, 12, 31))
    # "trước ngày 05/01": due 4 January.
    assert reports(rules) == [
        ("unit_to_doha", *year_2025, date(2026, 1, 4)),
        ("doha_to_ministry", *year_2025, date(2026, 1, 31)),
    ]
    assert rules.value(RuleKey.TECH_AGENCY) == "Sở Khoa học và Công nghệ"
    assert rules.value(RuleKey.PASSWORD_MAX_AGE_DAYS) == 90
    assert rules.value(RuleKey.LEAVERS_ARCHIVE) is True
    assert rules.value(RuleKey.LEGACY_SYSTEM_URL) is None


def test_binh_thuan(effective: Resolve, calendar: WorkingCalendar) -> None:
    """Bình Thuận (QĐ 18/2024, in force 20/6/2024): both levels sign in the last 5 days; updates
    in 5 working days, reviews in 5 more; units push to the national DB (Art. 12.3)."""
    rules = effective("binh-thuan")
    for level in ("unit", "province"):
        found = windows(rules, calendar, level)
        assert found["2026-01"] == (date(2026, 1, 27), date(2026, 1, 31))
        assert found["2026-04"] == (date(2026, 4, 26), date(2026, 4, 30))
        assert found["2026-08"] == (date(2026, 8, 27), date(2026, 8, 31))
    # 5 wd from Friday 24/4: 28, 29/4, 4, 5, 6/5.
    assert due(rules, calendar, "personal_update", date(2026, 4, 24)) == date(2026, 5, 6)
    # 5 wd from Friday 13/2, the last day before Tết: 23–27/2.
    assert due(rules, calendar, "unit_review", date(2026, 2, 13)) == date(2026, 2, 27)
    # The new unit's take-over, 5 wd from a handover on Friday 28/8: 3, 4, 7, 8, 9/9 (Art.
    # 11.3); the old unit's handover has no count there.
    assert due(rules, calendar, "take_over", date(2026, 8, 28)) == date(2026, 9, 9)
    assert due(rules, calendar, "move_to_other_unit", date(2026, 8, 28)) is None
    assert due(rules, calendar, "transfer_in_from_outside", date(2026, 8, 28)) is None
    assert due(rules, calendar, "leave", date(2026, 8, 28)) is None
    result = deadline(rules, calendar, "personal_update", date(2026, 4, 24))
    assert result.rule == DayCount(5, "working")
    assert result.citation == Citation(
        "Quyết định 18/2024/QĐ-UBND tỉnh Bình Thuận", "Điều 6 khoản 3", date(2024, 6, 20)
    )
    assert reports(rules) == [
        ("doha_to_ministry", date(2025, 1, 1), date(2025, 12, 31), date(2026, 1, 20)),
        ("unit_to_doha", date(2025, 12, 1), date(2026, 5, 31), date(2026, 5, 31)),
        ("unit_to_doha", date(2026, 6, 1), date(2026, 11, 30), date(2026, 11, 30)),
    ]
    assert rules.value(RuleKey.UNITS_PUSH_TO_NATIONAL_DB) is True
    assert rules.value(RuleKey.SSO_ENABLED) is True
    assert rules.value(RuleKey.BACKUP) == BackupDuty(
        ("unit", "doha"), "monthly", 3, "Phương tiện lưu trữ chuyên dụng"
    )


@pytest.mark.parametrize(
    ("code", "absent"),
    [
        (
            "lai-chau",
            {
                RuleKey.UNIT_REVIEW,
                RuleKey.REPORTS,
                RuleKey.UNITS_PUSH_TO_NATIONAL_DB,
                RuleKey.SSO_ENABLED,
            },
        ),
        (
            "tuyen-quang",
            {RuleKey.WINDOW_PROVINCE, RuleKey.DOHA_SIGNS_BEFORE_SYNC, RuleKey.PERSONAL_UPDATE},
        ),
        (
            "lao-cai",
            {RuleKey.FIRST_ENTRY, RuleKey.UNITS_PUSH_TO_NATIONAL_DB, RuleKey.LEAVERS_ARCHIVE},
        ),
        (
            "son-la",
            {
                RuleKey.FIRST_ENTRY,
                RuleKey.MOVE_WITHIN_UNIT,
                RuleKey.LEGACY_SYSTEM_URL,
                RuleKey.SSO_ENABLED,
            },
        ),
        (
            "binh-thuan",
            {RuleKey.FIRST_ENTRY, RuleKey.MOVE_WITHIN_UNIT, RuleKey.PASSWORD_MAX_AGE_DAYS},
        ),
    ],
)
def test_a_dash_in_the_matrix_leaves_the_key_out(code: str, absent: set[RuleKey]) -> None:
    """What a province's text does not address is not in its preset: the baseline applies."""
    preset = preset_get(code)
    assert not absent & set(preset)


@pytest.mark.parametrize("code", PRESET_CODES)
def test_every_preset_value_cites_its_own_document(code: str) -> None:
    """Citations name the province's document and its effective date (None for drafts)."""
    document = preset_document(code)
    for value in preset_get(code).values():
        assert value.citation is not None
        assert value.citation.document == document.cite_as
        assert value.citation.effective == document.effective
