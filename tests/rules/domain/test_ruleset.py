"""Rule sets: the registry, validation per key, baseline fallback, and JSON round-trips."""

import json
import pathlib
from datetime import date

import pytest

from rules.domain import (
    PRESET_CODES,
    RULE_SPECS,
    ApprovalWindow,
    Citation,
    DayCount,
    EffectiveRuleSet,
    EffectiveValue,
    RuleKey,
    RuleSet,
    RuleValue,
    baseline_get,
    preset_get,
)

CITE = Citation("Quyết định 06/2024/QĐ-UBND tỉnh Lào Cai", "Điều 7 khoản 2", date(2024, 2, 20))
REQUIRED_KEYS = {
    "deadline.first_entry", "deadline.personal_update", "deadline.unit_review",
    "deadline.transfer_in_from_outside", "deadline.move_within_unit", "deadline.move_to_other_unit",
    "deadline.leave", "window.unit", "window.province", "doha_signs_before_sync",
    "units_push_to_national_db", "reports", "backup", "tech_agency",
    "password.change_at_first_sign_in", "password.max_age_days", "sso_enabled",
    "legacy_system_url", "account_tiers", "leavers_archive",
}  # fmt: skip


def test_registry_lists_every_required_key_with_a_vietnamese_label() -> None:
    assert REQUIRED_KEYS.issubset({str(key) for key in RULE_SPECS})
    assert set(RULE_SPECS) == set(RuleKey)
    for spec in RULE_SPECS.values():
        assert spec.label.strip()
    kinds = {spec.kind.name for spec in RULE_SPECS.values()}
    assert kinds == {
        "day_count",
        "approval_window",
        "bool",
        "int",
        "text",
        "url",
        "reports",
        "backup",
        "retirement_age",
        "retirement_notice",
        "salary_raise",
        "over_frame",
        "appointment_term",
        "discipline_bars",
        "early_raise",
        "evaluation_scoring",
        "arrival_flow",
        "signers",
        "score_method",
        "sensitive_visibility",
        "proof_exempt",
    }


@pytest.mark.parametrize(
    ("key", "value", "errors"),
    [
        (RuleKey.LEAVE, DayCount(10, "working"), {}),
        (RuleKey.LEAVE, None, {}),
        (RuleKey.LEAVE, 10, {"value": "Phải là một số ngày làm việc hoặc số ngày."}),
        (RuleKey.LEAVE, DayCount(0, "working"), {"n": "Số ngày phải là số nguyên từ 1 đến 366."}),
        (
            RuleKey.WINDOW_UNIT,
            ApprovalWindow.day_range(21, 30),
            {"end_day": "Ngày trong tháng phải từ 1 đến 28: tháng Hai không có ngày 29, 30, 31."},
        ),
        (
            RuleKey.WINDOW_UNIT,
            "21-25",
            {"value": "Phải là một khoảng thời gian phê duyệt trong tháng."},
        ),
        (RuleKey.SSO_ENABLED, "có", {"value": "Giá trị phải là có hoặc không."}),
        (RuleKey.PASSWORD_MAX_AGE_DAYS, 0, {"value": "Phải là số nguyên dương."}),
        (RuleKey.PASSWORD_MAX_AGE_DAYS, True, {"value": "Phải là số nguyên dương."}),
        (
            RuleKey.LEGACY_SYSTEM_URL,
            "qlcb.vn",
            {"value": "Địa chỉ phải bắt đầu bằng https:// (hoặc http://) và không có dấu cách."},
        ),
        (RuleKey.TECH_AGENCY, "  ", {"value": "Không được để trống."}),
        (RuleKey.REPORTS, ("báo cáo",), {"value": "Phải là danh sách các nghĩa vụ báo cáo."}),
        (RuleKey.BACKUP, {"who": ["doha"]}, {"value": "Phải là một quy định về sao lưu."}),
    ],
)
def test_value_errors_per_key(key: RuleKey, value: object, errors: dict[str, str]) -> None:
    assert RuleValue(value, CITE).errors(key) == errors


def test_rule_set_errors_name_the_key_and_the_citation_field() -> None:
    rules = RuleSet(
        {
            RuleKey.LEAVE: RuleValue(10, CITE),
            RuleKey.WINDOW_UNIT: RuleValue(ApprovalWindow.before(25), Citation("QĐ 1/2024", " ")),
            RuleKey.SSO_ENABLED: RuleValue(True, CITE),
        }
    )
    assert rules.errors() == {
        "deadline.leave": {"value": "Phải là một số ngày làm việc hoặc số ngày."},
        "window.unit": {"citation.article": "Cần ghi điều, khoản (hoặc mục) của văn bản."},
    }


def test_duplicate_report_codes_are_refused() -> None:
    reports = preset_get("lao-cai")[RuleKey.REPORTS].value
    assert isinstance(reports, tuple)
    twice = RuleValue((reports[0], reports[0]), CITE)
    assert twice.errors(RuleKey.REPORTS) == {"value": "Mã báo cáo bị trùng."}


def test_unknown_keys_are_refused_in_vietnamese() -> None:
    with pytest.raises(ValueError, match="Không có quy tắc “deadline.lunch”."):
        RuleSet.from_dict({"deadline.lunch": {"value": None, "citation": None}})
    with pytest.raises(ValueError, match="Không có quy tắc “sso”."):
        RuleSet({"sso": RuleValue(True)})  # type: ignore[dict-item]


def test_resolve_takes_the_province_value_then_the_baseline() -> None:
    """A value the province sets wins; a key it leaves out, or sets to None, takes the
    baseline's value (source "baseline"), which may itself be None."""
    baseline = RuleSet(
        {
            RuleKey.WINDOW_PROVINCE: RuleValue(
                ApprovalWindow.last_working_days(5, signature_required=True), CITE
            ),
            RuleKey.LEAVE: RuleValue(DayCount(20, "working"), CITE),
        }
    )
    own_cite = Citation("Dự thảo", "Điều 8")
    province = RuleSet(
        {
            RuleKey.WINDOW_PROVINCE: RuleValue(ApprovalWindow.last_calendar_days(5), own_cite),
            RuleKey.LEAVE: RuleValue(None, own_cite),
            RuleKey.SSO_ENABLED: RuleValue(False, own_cite),
        }
    )
    rules = province.resolve(baseline)
    assert set(rules) == set(RuleKey)
    assert rules[RuleKey.WINDOW_PROVINCE].source == "province"
    assert rules.value(RuleKey.WINDOW_PROVINCE) == ApprovalWindow.last_calendar_days(5)
    assert rules[RuleKey.LEAVE].source == "baseline"
    assert rules.value(RuleKey.LEAVE) == DayCount(20, "working")
    assert rules[RuleKey.LEAVE].citation == CITE
    # False is a value, not a gap.
    assert rules[RuleKey.SSO_ENABLED].source == "province"
    assert rules.value(RuleKey.SSO_ENABLED) is False
    assert rules[RuleKey.BACKUP].source == "baseline"
    assert rules.value(RuleKey.BACKUP) is None
    assert rules[RuleKey.BACKUP].citation is None


def test_tuyen_quang_unit_window_is_its_own_and_the_doha_window_is_the_baseline() -> None:
    rules = preset_get("tuyen-quang").resolve(baseline_get())
    assert rules[RuleKey.WINDOW_UNIT].source == "province"
    assert rules[RuleKey.WINDOW_UNIT].citation == Citation(
        "Dự thảo Quyết định …/2023/QĐ-UBND tỉnh Tuyên Quang", "Điều 6", None
    )
    assert rules[RuleKey.WINDOW_PROVINCE].source == "baseline"
    assert rules.value(RuleKey.WINDOW_PROVINCE) == ApprovalWindow.last_working_days(
        5, signature_required=True
    )


def test_with_value_and_without_copy_the_set() -> None:
    """An admin's change makes a new set; the old one is untouched."""
    preset = preset_get("son-la")
    changed = preset.with_value(RuleKey.LEAVE, RuleValue(DayCount(7, "working"), CITE))
    assert changed[RuleKey.LEAVE].value == DayCount(7, "working")
    assert preset[RuleKey.LEAVE].value == DayCount(5, "working")
    assert RuleKey.LEAVE not in preset.without(RuleKey.LEAVE)
    assert changed.with_value(RuleKey.LEAVE, preset[RuleKey.LEAVE]) == preset


@pytest.mark.parametrize("code", ["baseline", *PRESET_CODES])
def test_rule_sets_round_trip_through_json(code: str) -> None:
    preset = preset_get(code)
    data = json.loads(json.dumps(preset.to_dict()))
    assert RuleSet.from_dict(data) == preset
    assert RuleSet.from_dict(data).to_dict() == preset.to_dict()
    effective = preset.resolve(baseline_get())
    effective_data = json.loads(json.dumps(effective.to_dict()))
    assert EffectiveRuleSet.from_dict(effective_data) == effective
    assert EffectiveRuleSet.from_dict(effective_data).to_dict() == effective.to_dict()


def test_rule_set_json_shape() -> None:
    rules = RuleSet({RuleKey.MOVE_WITHIN_UNIT: RuleValue(DayCount(10, "working"), CITE)})
    assert rules.to_dict() == {
        "deadline.move_within_unit": {
            "value": {"n": 10, "unit": "working"},
            "citation": {
                "document": "Quyết định 06/2024/QĐ-UBND tỉnh Lào Cai",
                "article": "Điều 7 khoản 2",
                "effective": "2024-02-20",
            },
        }
    }
    effective = rules.resolve(RuleSet())
    assert effective.to_dict()["deadline.move_within_unit"]["source"] == "province"
    assert effective.to_dict()["backup"] == {"value": None, "citation": None, "source": "baseline"}


def test_effective_rule_set_needs_every_key() -> None:
    complete = RuleSet().resolve(RuleSet())
    partial: dict[RuleKey, EffectiveValue] = {
        key: value for key, value in complete.items() if key != RuleKey.BACKUP
    }
    with pytest.raises(ValueError, match="Thiếu quy tắc: backup."):
        EffectiveRuleSet(partial)


def test_domain_never_imports_django() -> None:
    """The domain stays plain Python: importable and testable without Django settings."""
    package = pathlib.Path(__file__).resolve().parents[3] / "rules" / "domain"
    for source in package.glob("*.py"):
        text = source.read_text(encoding="utf-8")
        assert "import django" not in text and "from django" not in text, source.name
