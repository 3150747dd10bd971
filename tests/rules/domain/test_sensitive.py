"""Who sees each group of sensitive personal data: the national default, dated and cited,
and a province's version read back from its JSON form."""

from datetime import date

from rules.domain.presets import baseline_get
from rules.domain.registry import RULE_SPECS, RuleKey
from rules.domain.ruleset import encode_value
from rules.domain.sensitive import NATIONAL_VISIBILITY, SENSITIVE_GROUPS, SensitiveVisibility


def test_the_national_default_names_roles_for_every_group_and_cites_the_law() -> None:
    found = baseline_get(date(2026, 12, 1))[RuleKey.SENSITIVE_VISIBILITY]
    assert found.value == NATIONAL_VISIBILITY
    assert set(NATIONAL_VISIBILITY.roles) == set(SENSITIVE_GROUPS)
    assert found.citation is not None and "91/2025/QH15" in found.citation.document
    assert "356/2025/NĐ-CP" in found.citation.document and found.citation.effective == date(2026, 1, 1)
    assert NATIONAL_VISIBILITY.sees("health", "unit_officer") and not NATIONAL_VISIBILITY.sees("health", "approver")
    assert NATIONAL_VISIBILITY.sees("party", "approver")


def test_a_value_survives_its_json_form() -> None:
    spec = RULE_SPECS[RuleKey.SENSITIVE_VISIBILITY]
    value = SensitiveVisibility({"health": ("doha_admin",), "religion": ()})
    assert spec.decode(encode_value(value)) == value
    assert spec.errors(value) == {}
    assert value.describe() == "Sức khỏe: Quản trị Sở Nội vụ; Tôn giáo: chỉ bản thân"
    assert spec.errors("everyone") == {"value": "Phải là danh sách vai trò được xem từng nhóm dữ liệu nhạy cảm."}
