"""The yearly emulation score of each agency for keeping its personnel data (issue 19 item 8;
Tuyên Quang Art. 8.2, Lào Cai Art. 17.5, Bình Thuận Art. 15.5), for the DoHA to hand to the
province's emulation council: the method is the province's rule (rules.domain.score), each
component counted over the agency's subtree:

- duties on time: duties due in the year (up to yesterday) done by their due date;
- complete dossiers: working people whose dossier fills every required item of its form;
- approvals: change sets sent in during the year that were approved into the dossier;
- reports: the agency's scheduled reports due in the year (up to yesterday) sent by their due date.

A fixed number of queries, however many agencies and people.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, F
from django.db.models.functions import Coalesce
from django.utils import timezone

from core.base.accounts.models import Account
from core.base.errors import NotFoundError
from core.models import (
    ChangeSet,
    ChangeSetState,
    Obligation,
    ObligationState,
    OrgUnit,
    Person,
    PersonStatus,
)
from core.permissions import account_is_doha_admin
from core.reports.models import ScheduledReport
from core.resumes.incomplete import incomplete_dossier_unit_paths
from rules.domain.registry import RuleKey
from rules.domain.score import ScoreBreakdown, ScoreMethod, score_breakdown
from rules.domain.types import Citation
from rules.selectors import rules_effective

NOT_FOUND = "Không tìm thấy trang."
NO_METHOD = "Quy chế của tỉnh chưa quy định trọng số: các tiêu chí được tính ngang nhau."


@dataclass(frozen=True)
class UnitScore:
    unit: OrgUnit
    breakdown: ScoreBreakdown


@dataclass(frozen=True)
class ScoreTable:
    year: int
    counted_until: date
    method: ScoreMethod
    citation: Citation | None  # None: the province's text sets no method (NO_METHOD)
    rows: list[UnitScore]


def unit_scores_for_user(*, user: Account, year: int, today: date | None = None) -> ScoreTable:
    """Every active agency's score for `year`, best first (the DoHA only; anyone else: not found)."""
    if not account_is_doha_admin(user):
        raise NotFoundError(NOT_FOUND)
    today = today or timezone.localdate()
    until = min(date(year, 12, 31), today - timedelta(days=1))
    entry = rules_effective(as_of=date(year, 12, 31))[RuleKey.SCORE_METHOD]
    method = entry.value if isinstance(entry.value, ScoreMethod) else ScoreMethod.equal()
    citation = entry.citation if isinstance(entry.value, ScoreMethod) else None
    units = list(OrgUnit.objects.filter(depth=1, dissolved_on__isnull=True).order_by("name", "id"))
    counts = _counts(year, until)
    rows = [UnitScore(unit, score_breakdown(method, {c: counts[c].get(unit.path, (0, 0)) for c in counts}))
            for unit in units]
    rows.sort(key=lambda row: (-row.breakdown.score, row.unit.name))
    return ScoreTable(year=year, counted_until=until, method=method, citation=citation, rows=rows)


def _top(path: str | None) -> str:
    """"/1/4/9/" → "/1/4/": the agency directly under the province's root."""
    parts = (path or "").strip("/").split("/")
    return f"/{parts[0]}/{parts[1]}/" if len(parts) >= 2 else ""


def _tally(pairs: list[tuple[str | None, bool]]) -> dict[str, tuple[int, int]]:
    done: Counter[str] = Counter()
    out_of: Counter[str] = Counter()
    for path, ok in pairs:
        top = _top(path)
        out_of[top] += 1
        done[top] += int(ok)
    return {top: (done[top], out_of[top]) for top in out_of}


def _counts(year: int, until: date) -> dict[str, dict[str, tuple[int, int]]]:
    start = date(year, 1, 1)
    duties = (Obligation.objects.annotate(unit_path=Coalesce(F("org_unit__path"), F("person__org_unit__path")))
              .filter(due__range=(start, until)).values_list("unit_path", "state", "due", "done_at"))
    on_time = [(path, state == ObligationState.DONE and done_at is not None and due is not None
                and timezone.localdate(done_at) <= due) for path, state, due, done_at in duties]
    working = Person.objects.filter(status=PersonStatus.WORKING).values("org_unit__path").annotate(n=Count("id"))
    incomplete = Counter(_top(path) for path in incomplete_dossier_unit_paths())
    people: Counter[str] = Counter()
    for row in working.values_list("org_unit__path", "n"):
        people[_top(row[0])] += row[1]
    sent_in = ChangeSet.objects.filter(submitted_at__date__range=(start, date(year, 12, 31))).values_list(
        "person__org_unit__path", "state")
    reports = ScheduledReport.objects.filter(due__range=(start, until)).values_list("org_unit__path", "due", "sent_at")
    return {
        "duties_on_time": _tally(on_time),
        "completeness": {top: (n - incomplete[top], n) for top, n in people.items()},
        "approvals": _tally([(path, state == ChangeSetState.APPROVED) for path, state in sent_in]),
        "reports": _tally([(path, sent_at is not None and timezone.localdate(sent_at) <= due)
                           for path, due, sent_at in reports]),
    }
