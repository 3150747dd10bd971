"""The `rules` app's pure domain: province rules, the working calendar, and the dates they make.

No Django here: these modules are plain Python so that the rules can be read, tested and
reasoned about without a database. The Django layer stores rule sets as `RuleSet.to_dict()`
JSON and calls the functions below.
"""

from rules.domain.calendar import CalendarOverride, WorkingCalendar, vietnam_date
from rules.domain.compute import (
    DeadlineResult,
    ReportDue,
    WindowDate,
    approval_windows,
    deadline,
    reports_due,
)
from rules.domain.presets import (
    PRESET_CODES,
    PresetDocument,
    baseline_get,
    preset_document,
    preset_get,
)
from rules.domain.registry import RULE_SPECS, RuleKey, RuleSpec
from rules.domain.ruleset import EffectiveRuleSet, EffectiveValue, RuleSet, RuleValue
from rules.domain.types import (
    ApprovalWindow,
    BackupDuty,
    Citation,
    DayCount,
    ReportObligation,
)

__all__ = [
    "PRESET_CODES",
    "RULE_SPECS",
    "ApprovalWindow",
    "BackupDuty",
    "CalendarOverride",
    "Citation",
    "DayCount",
    "DeadlineResult",
    "EffectiveRuleSet",
    "EffectiveValue",
    "PresetDocument",
    "ReportDue",
    "ReportObligation",
    "RuleKey",
    "RuleSet",
    "RuleSpec",
    "RuleValue",
    "WindowDate",
    "WorkingCalendar",
    "approval_windows",
    "baseline_get",
    "deadline",
    "preset_document",
    "preset_get",
    "reports_due",
    "vietnam_date",
]
