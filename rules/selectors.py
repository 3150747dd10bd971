"""Reading the current province's rules: as of a date, on the working-day calendar."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, cast

from django.db.models import QuerySet

from core.base.memo import request_memoised
from rules.domain import compute
from rules.domain.calendar import CalendarOverride, WorkingCalendar
from rules.domain.national import NationalOverride, national_overrides
from rules.domain.presets import PRESET_DOCUMENTS, PresetDocument, baseline_get
from rules.domain.provisions import Provision, ProvisionStatus, provisions_of
from rules.domain.registry import RULE_SPECS, RuleKey
from rules.domain.ruleset import EffectiveRuleSet, RuleSet, RuleValue
from rules.domain.types import Citation
from rules.models import DocumentDateConfirmation, ProvinceCalendarOverride, RuleVersion
from rules.national.models import CalendarOverride as NationalCalendarOverride

if TYPE_CHECKING:
    from rules.domain.compute import DeadlineResult, Event, ReportDue, WindowDate

BASELINE_CODE = "baseline"


def rule_baseline(*, as_of: date | None = None) -> RuleSet:
    """The national baseline in force on `as_of` (Thông tư 06/2023/TT-BNV, then Nghị định
    27/2026/NĐ-CP from 01/07/2026), shipped with the code; None: its latest version."""
    return baseline_get(as_of)


def version_rule_value(version: RuleVersion) -> RuleValue:
    citation = Citation(document=version.document, article=version.article, effective=version.document_effective)
    return RuleValue.from_dict({"value": version.value, "citation": citation.to_dict()}, RuleKey(version.key))


def rule_versions_in_force(*, as_of: date) -> dict[RuleKey, RuleVersion]:
    """For each key, the latest version whose effective date is on or before `as_of` (one query,
    once per request: core/base/memo.py)."""

    def query() -> dict[RuleKey, RuleVersion]:
        versions = (
            RuleVersion.objects.filter(effective_from__lte=as_of, key__in=[str(k) for k in RULE_SPECS])
            .order_by("key", "-effective_from", "-entered_at", "-id")
            .distinct("key")
        )
        return {RuleKey(version.key): version for version in versions}

    return dict(request_memoised(("rule_versions_in_force", as_of), query))


def rules_effective(*, as_of: date) -> EffectiveRuleSet:
    """The rules in force in this province on `as_of`, gaps filled from the baseline."""
    return _resolved(rule_versions_in_force(as_of=as_of), as_of)


def rules_national_overrides(*, as_of: date) -> list[NationalOverride]:
    """Where the national texts in force on `as_of` override this province's own rules."""
    return national_overrides(rules_effective(as_of=as_of))


def _resolved(in_force: dict[RuleKey, RuleVersion], as_of: date) -> EffectiveRuleSet:
    own = RuleSet({key: version_rule_value(version) for key, version in in_force.items()})
    return own.resolve(rule_baseline(as_of=as_of))


def _rules_on_month_starts(year: int) -> dict[int, EffectiveRuleSet]:
    """The rules in force on the 1st of each month of `year`, from one query: a province keeps
    tens of versions, so choosing per month in Python beats twelve queries."""
    versions = request_memoised(("rule_versions_until", year), lambda: list(
        RuleVersion.objects.filter(key__in=[str(k) for k in RULE_SPECS], effective_from__lte=date(year, 12, 1))
        .order_by("key", "-effective_from", "-entered_at", "-id")
    ))
    by_month = {}
    for month in range(1, 13):
        as_of = date(year, month, 1)
        in_force: dict[RuleKey, RuleVersion] = {}
        for version in versions:
            if version.effective_from <= as_of:
                in_force.setdefault(RuleKey(version.key), version)
        by_month[month] = _resolved(in_force, as_of)
    return by_month


def rule_history(*, key: RuleKey) -> QuerySet[RuleVersion]:
    return RuleVersion.objects.filter(key=str(key)).select_related("entered_by").order_by("-effective_from", "-entered_at")


def calendar_override_lists() -> tuple[QuerySet[ProvinceCalendarOverride], QuerySet[NationalCalendarOverride]]:
    """The province's own calendar adjustments (with who entered them) and the nation's."""
    return ProvinceCalendarOverride.objects.select_related("entered_by"), NationalCalendarOverride.objects.all()


def working_calendar() -> WorkingCalendar:
    """Vietnam's calendar with the national overrides, then this province's (which win); read
    once per request."""

    def read() -> WorkingCalendar:
        by_day: dict[date, CalendarOverride] = {}
        for model in (NationalCalendarOverride, ProvinceCalendarOverride):
            for row in model.objects.all():
                by_day[row.day] = CalendarOverride(day=row.day, working=row.working, reason=row.reason)
        return WorkingCalendar(by_day.values())

    return request_memoised(("working_calendar",), read)


def deadline_for(*, event: Event, on: date, calendar: WorkingCalendar | None = None) -> DeadlineResult:
    """The due date of a duty started by `event` on `on`, under the rules in force on that date."""
    return compute.deadline(rules_effective(as_of=on), calendar or working_calendar(), event, on)


def approval_windows_for(*, year: int, calendar: WorkingCalendar | None = None) -> list[WindowDate]:
    """Each month's unit and province windows, each under the rules in force on the month's 1st
    (on the province's own calendar: computed once per request)."""
    if calendar is None:
        return list(request_memoised(("approval_windows", year), lambda: _approval_windows(year, working_calendar())))
    return _approval_windows(year, calendar)


def _approval_windows(year: int, calendar: WorkingCalendar) -> list[WindowDate]:
    windows: list[WindowDate] = []
    for month, rules in _rules_on_month_starts(year).items():
        label = f"{year}-{month:02d}"
        windows.extend(w for w in compute.approval_windows(rules, calendar, year) if w.month == label)
    return windows


def reports_for(*, year: int) -> list[ReportDue]:
    """Reports due in `year`, each under the rules in force on the 1st of its due month."""
    reports: list[ReportDue] = []
    for month, rules in _rules_on_month_starts(year).items():
        reports.extend(r for r in compute.reports_due(rules, year) if r.due.month == month)
    return sorted(reports, key=lambda r: (r.due, r.code))


@dataclass(frozen=True)
class RulesPreview:
    """What a candidate value would produce over the next twelve months."""

    effective_from: date
    windows: list[WindowDate]
    reports: list[ReportDue]
    deadlines: list[DeadlineResult]


def rules_with_candidate(*, key: RuleKey, value: object, as_of: date) -> EffectiveRuleSet:
    """The rules in force on `as_of` with one value replaced (None: the province sets nothing)."""
    own = RuleSet({k: version_rule_value(v) for k, v in rule_versions_in_force(as_of=as_of).items()})
    own = own.without(key) if value is None else own.with_value(key, RuleValue.from_dict({"value": value}, key))
    return own.resolve(rule_baseline(as_of=as_of))


def rules_preview(*, key: RuleKey, value: object, effective_from: date) -> RulesPreview:
    calendar = working_calendar()
    candidate = rules_with_candidate(key=key, value=value, as_of=effective_from)
    start = effective_from.replace(day=1)
    end = date(start.year + 1, start.month, 1)
    labels = {f"{(start.year * 12 + start.month - 1 + i) // 12:04d}-{(start.month - 1 + i) % 12 + 1:02d}" for i in range(12)}
    years = (start.year, start.year + 1)
    windows = [w for y in years for w in compute.approval_windows(candidate, calendar, y) if w.month in labels]
    reports = [r for y in years for r in compute.reports_due(candidate, y) if effective_from <= r.due < end]
    deadlines = [compute.deadline(candidate, calendar, cast("Event", event), effective_from) for event in compute.EVENT_RULES]
    return RulesPreview(effective_from=effective_from, windows=windows, reports=reports, deadlines=deadlines)


@dataclass(frozen=True)
class TextProvisions:
    """One text the province's rules cite, its duties with hoso's part in each, and its doubt
    (None once an admin has confirmed the date against the original)."""

    document: PresetDocument
    provisions: tuple[Provision, ...]
    doubt: str | None
    confirmation: DocumentDateConfirmation | None

    def counts(self) -> dict[ProvisionStatus, int]:
        counted: dict[ProvisionStatus, int] = {"enforced": 0, "recorded": 0, "outside": 0, "missing": 0}
        for provision in self.provisions:
            counted[provision.status] += 1
        return counted


def rules_texts(*, as_of: date) -> list[TextProvisions]:
    """The province's texts whose values are in force on `as_of` (matched by how the presets cite
    them), each with its table of duties: a province whose rules moved to a new decision sees
    the new text's table once that text has been read into `rules.domain.provisions`."""
    cited = {version.document for version in rule_versions_in_force(as_of=as_of).values()}
    documents = [document for document in PRESET_DOCUMENTS.values() if document.cite_as in cited]
    confirmations: dict[str, DocumentDateConfirmation] = {}
    for confirmation in DocumentDateConfirmation.objects.filter(
        document_code__in=[d.code for d in documents]
    ).select_related("confirmed_by"):
        confirmations.setdefault(confirmation.document_code, confirmation)
    return [
        TextProvisions(
            document=document,
            provisions=provisions_of(document.code),
            doubt=None if document.code in confirmations else document.doubt,
            confirmation=confirmations.get(document.code),
        )
        for document in documents
    ]
