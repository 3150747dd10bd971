"""When a data subject's request must be answered, from the rules in force on the day it came
(`privacy.request_answer`: 02 working days under Nghị định 356/2025/NĐ-CP)."""

from datetime import date

from rules.domain.registry import RuleKey
from rules.domain.types import DayCount
from rules.selectors import rules_effective, working_calendar


def privacy_request_due(*, received_on: date) -> tuple[date | None, str]:
    """The due date and its citation ("article, document"); (None, "") where no rule is in
    force (before 01/01/2026)."""
    rules = rules_effective(as_of=received_on)
    count, cited = rules.value(RuleKey.PRIVACY_REQUEST_ANSWER), rules[RuleKey.PRIVACY_REQUEST_ANSWER].citation
    if not isinstance(count, DayCount):
        return None, ""
    due = working_calendar().add_days(received_on, count)
    return due, (f"{cited.article}, {cited.document}"[:300] if cited else "")
