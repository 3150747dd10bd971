"""Half-yearly reports carry the period's results (issue 19 item 7; Lào Cai Art. 15.7, Bình Thuận
Art. 15.9: "báo cáo kết quả quản lý, sử dụng, cập nhật, phê duyệt, đồng bộ dữ liệu"): per unit
under the reporting unit, the updates sent in and approved, the dossiers the national database
accepted, the packets refused, and the duties that were late, in the period and only in it."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from core.approvals.models import SyncPacket, SyncStatus
from core.models import ChangeSet, Obligation, ObligationKind, OrgUnit
from core.reports.documents import report_document
from core.reports.models import ScheduledReport
from core.reports.services import report_draft, report_schedule_ensure
from tests.core.approvals.conftest import reviewed_change_set
from tests.core.conftest import Personas

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")
IN_PERIOD = datetime(2026, 10, 20, 9, 0, tzinfo=VN)
BEFORE = datetime(2026, 5, 20, 9, 0, tzinfo=VN)  # the previous half-year's period


def _packet(person_id: int, key: str, status: str, at: datetime) -> None:
    packet = SyncPacket.objects.create(idempotency_key=key, person_id=person_id, payload={}, status=status,
                                       next_attempt_at=at, accepted_at=at if status == SyncStatus.ACCEPTED else None)
    SyncPacket.objects.filter(pk=packet.pk).update(created_at=at)


def test_the_30_november_report_shows_the_period_s_updates_approvals_syncs_and_late_duties(lc: Personas) -> None:
    """Lào Cai Art. 15.7: Sở Tài chính's report due 30/11/2026 counts, on the row of Phòng Quản lý
    ngân sách (the employee's department), one update sent and approved, one dossier accepted by
    the national database and one packet refused in the period; a packet of May is not counted;
    on the agency's own row, its one duty late in the period."""
    employee = lc.person(lc.employee)
    finance = OrgUnit.objects.get(name="Sở Tài chính")
    change_set = reviewed_change_set(lc)
    ChangeSet.objects.filter(pk=change_set.pk).update(submitted_at=IN_PERIOD, applied_at=IN_PERIOD)
    _packet(employee.pk, "t-accepted", SyncStatus.ACCEPTED, IN_PERIOD)
    _packet(employee.pk, "t-rejected", SyncStatus.REJECTED, IN_PERIOD)
    _packet(employee.pk, "t-old", SyncStatus.REJECTED, BEFORE)
    late = Obligation.objects.create(kind=ObligationKind.REPORT, org_unit=finance, event_date=date(2026, 9, 1),
                                     due=date(2026, 9, 10), subject="Báo cáo thử", reference="test:late")
    Obligation.objects.filter(pk=late.pk).update(state="done", done_at=datetime(2026, 9, 15, 9, 0, tzinfo=VN))
    Obligation.objects.create(kind=ObligationKind.REPORT, org_unit=finance, event_date=date(2026, 9, 1),
                              due=date(2026, 9, 10), subject="Báo cáo đúng hạn", reference="test:on-time",
                              state="done", done_at=datetime(2026, 9, 9, 9, 0, tzinfo=VN))

    report_schedule_ensure(year=2026)
    report = ScheduledReport.objects.get(code="unit_to_doha", org_unit=finance, due=date(2026, 11, 30))
    assert report.period_from > BEFORE.date()
    report = report_draft(acting_user=lc.approver, report=report, today=date(2026, 12, 4))

    results = {t["code"]: {r["label"]: r["count"] for r in t["rows"]} for t in report.figures["results"]}
    own = "Sở Tài chính (trực tiếp)"
    department = "Phòng Quản lý ngân sách"
    assert results["updates_submitted"][department] == 1 and results["updates_submitted"][own] == 0
    assert results["updates_approved"][department] == 1
    assert results["synced"][department] == 1
    assert results["sync_failed"][department] == 1
    assert results["late"] == {own: 1, **{label: 0 for label in results["late"] if label != own}}
    assert sum(results["sync_failed"].values()) == 1  # May's refusal belongs to the 31/5 report

    document = report_document(report)
    titles = [table.title for table in document.tables]
    assert "Đồng bộ: hồ sơ được CSDL quốc gia tiếp nhận trong kỳ" in titles
    assert "Việc đến hạn trong kỳ bị trễ hạn" in titles
    assert timezone.is_aware(IN_PERIOD)
