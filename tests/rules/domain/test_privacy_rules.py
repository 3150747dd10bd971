"""The personal data protection law's deadlines in the national baseline: none before
01/01/2026; from then 02 working days to answer a data subject and 72 hours to notify a breach,
kept when Nghị định 27/2026 adds its own values (01/07/2026); each cited as not yet checked
against the text."""

from datetime import date

import pytest

from rules.domain import baseline_get
from rules.domain.registry import RuleKey
from rules.domain.types import DayCount


def test_no_value_before_the_law_took_effect() -> None:
    baseline = baseline_get(date(2025, 12, 31))
    assert RuleKey.PRIVACY_REQUEST_ANSWER not in baseline.entries
    assert RuleKey.PRIVACY_BREACH_NOTICE_HOURS not in baseline.entries


@pytest.mark.parametrize("as_of", [date(2026, 1, 1), date(2026, 7, 1), None])
def test_from_the_law_on_two_working_days_and_72_hours(as_of: date | None) -> None:
    baseline = baseline_get(as_of)
    answer, breach = baseline[RuleKey.PRIVACY_REQUEST_ANSWER], baseline[RuleKey.PRIVACY_BREACH_NOTICE_HOURS]
    assert answer.value == DayCount(2, "working") and breach.value == 72
    for value in (answer, breach):
        assert value.citation is not None
        assert value.citation.document == "Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15; Nghị định 356/2025/NĐ-CP"
        assert value.citation.effective == date(2026, 1, 1)
        assert "chưa đối chiếu văn bản gốc" in value.citation.article
