"""The results a unit reports for a period (Lào Cai Art. 15.7, Bình Thuận Art. 15.9: "kết quả
quản lý, sử dụng, cập nhật, phê duyệt, đồng bộ dữ liệu"), counted per unit directly under the
reporting unit: updates sent in, updates approved into the dossier, dossiers the national database
accepted, sync packets refused (by the national database, or before sending for a value outside
the national code lists), and duties that fell due in the period and were late.

Five grouped queries, however many units and people: each count is grouped by the unit path of
the person (or the duty's unit) and folded into the reporting unit's children in Python.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from core.approvals.models import SyncPacket, SyncStatus
from core.models import ChangeSet, Obligation, ObligationState, OrgUnit

# (code, title) of each count, in the order the report shows them.
MEASURES = (
    ("updates_submitted", "Cập nhật: đề nghị cập nhật dữ liệu gửi trong kỳ"),
    ("updates_approved", "Phê duyệt: đề nghị được phê duyệt vào hồ sơ trong kỳ"),
    ("synced", "Đồng bộ: hồ sơ được CSDL quốc gia tiếp nhận trong kỳ"),
    ("sync_failed", "Đồng bộ không thành công: gói bị từ chối hoặc có giá trị ngoài danh mục quốc gia"),
    ("late", "Việc đến hạn trong kỳ bị trễ hạn"),
)
OWN_ROW = "{name} (trực tiếp)"


@dataclass(frozen=True)
class ResultRow:
    key: str  # the unit's electronic code
    label: str
    count: int


@dataclass(frozen=True)
class ResultTable:
    code: str
    title: str
    rows: tuple[ResultRow, ...]

    @property
    def total(self) -> int:
        return sum(row.count for row in self.rows)


def results_of(*, scope: OrgUnit, period_from: date, period_to: date) -> tuple[ResultTable, ...]:
    """Each measure over [period_from, period_to], one row per unit directly under `scope` (its
    subtree's counts) and one for `scope`'s own people or duties."""
    people = "person__org_unit__path__startswith"
    counts = {
        "updates_submitted": _by_path(ChangeSet.objects.filter(
            **{people: scope.path}, submitted_at__date__range=(period_from, period_to)), "person__org_unit__path"),
        "updates_approved": _by_path(ChangeSet.objects.filter(
            **{people: scope.path}, applied_at__date__range=(period_from, period_to)), "person__org_unit__path"),
        "synced": _by_path(SyncPacket.objects.filter(
            **{people: scope.path}, status=SyncStatus.ACCEPTED, accepted_at__date__range=(period_from, period_to)),
            "person__org_unit__path"),
        "sync_failed": _by_path(SyncPacket.objects.filter(
            **{people: scope.path}, status__in=(SyncStatus.REJECTED, SyncStatus.INVALID),
            created_at__date__range=(period_from, period_to)), "person__org_unit__path"),
        "late": _by_path(_late_duties(scope, period_from, period_to), "unit_path"),
    }
    children = list(OrgUnit.objects.filter(parent=scope).order_by("name", "id"))
    return tuple(
        ResultTable(code, title, _rows(scope, children, counts[code])) for code, title in MEASURES
    )


def _late_duties(scope: OrgUnit, period_from: date, period_to: date) -> QuerySet[Obligation]:
    """Duties of the scope's units or people that fell due in the period and were done after their
    due date, or are still open past it."""
    return (Obligation.objects
            .annotate(unit_path=Coalesce(F("org_unit__path"), F("person__org_unit__path")))
            .filter(unit_path__startswith=scope.path, due__range=(period_from, period_to))
            .filter(Q(state=ObligationState.OPEN, due__lt=min(period_to, timezone.localdate()))
                    | Q(state=ObligationState.DONE, done_at__date__gt=F("due"))))


def _by_path(queryset: QuerySet, path: str) -> Counter[str]:
    rows = queryset.order_by().values(path).annotate(n=Count("id")).values_list(path, "n")
    return Counter({p: n for p, n in rows if p})


def _rows(scope: OrgUnit, children: Iterable[OrgUnit], counts: Counter[str]) -> tuple[ResultRow, ...]:
    rows = []
    claimed = 0
    for child in children:
        n = sum(count for path, count in counts.items() if path.startswith(child.path))
        claimed += n
        rows.append(ResultRow(child.electronic_code, child.name, n))
    own = sum(counts.values()) - claimed
    return (ResultRow(scope.electronic_code, OWN_ROW.format(name=scope.name), own), *rows)
