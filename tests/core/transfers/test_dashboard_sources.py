"""The DoHA's dashboard gathers, per unit directly under the province, besides its duties: its
approval status in the current unit window (core.approvals) and its scheduled reports past due
and not sent (core.reports). Tuyên Quang's rules set no duty day counts, but every unit owes a
yearly report by 10 January (Điều 8 khoản 5) and approves in the month's last five days
(Điều 6)."""

import csv
import io
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import schema_context, tenant_context

from core.models import OrgUnit, OrgUnitKind
from core.operations.demo.services import DEMO_PASSWORD
from core.reports.models import ReportState, ScheduledReport
from core.reports.services import report_schedule_ensure
from core.services.org_units import org_unit_create
from core.transfers.export import compliance_csv, compliance_xlsx
from core.transfers.models import DutyKind
from core.transfers.selectors import ComplianceTable, compliance_table_for_user
from tenants.models import Province
from tests.conftest import sign_in
from tests.core.approvals.conftest import reviewed_change_set
from tests.core.conftest import Personas, personas_of
from tests.core.transfers.conftest import unit

pytestmark = pytest.mark.django_db

AFTER_DUE = date(2026, 1, 15)  # the units' yearly report was due on 10/1/2026
NEW_COLUMNS = ["Phê duyệt dữ liệu tháng 01/2026", "Hồ sơ chờ phê duyệt", "Báo cáo định kỳ quá hạn chưa gửi",
               "Hạn nộp báo cáo chưa gửi", "Hồ sơ chưa đầy đủ"]


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    """The proof attached to a change set goes to a temporary folder."""
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def tuyen_quang(db: None) -> Province:
    with schema_context("public"):
        return Province.objects.get(code="tuyen-quang")


@pytest.fixture
def tq(tuyen_quang: Province) -> Iterator[Personas]:
    """Tuyên Quang's personas; the test runs inside Tuyên Quang's schema."""
    with tenant_context(tuyen_quang):
        yield personas_of(tuyen_quang)


def _top_units() -> list[OrgUnit]:
    return list(OrgUnit.objects.filter(depth=1, dissolved_on__isnull=True))


def _row(table: ComplianceTable, name: str) -> Any:
    [row] = [r for r in table.rows if r.unit.name == name]
    return row


def test_units_that_have_not_reported_show_late_after_10_january(tq: Personas) -> None:
    report_schedule_ensure(year=2026)
    on_the_day = compliance_table_for_user(user=tq.doha, today=date(2026, 1, 10))
    assert all(r.reports_late == [] for r in on_the_day.rows)

    table = compliance_table_for_user(user=tq.doha, today=AFTER_DUE)
    assert {r.unit.pk for r in table.rows} == {u.pk for u in _top_units()}  # every unit, duties or not
    assert all(r.reports_late == [date(2026, 1, 10)] for r in table.rows)
    assert _row(table, "Sở Tài chính").reports_late_label == "10/01/2026"
    # No day count for the other duties: each unit's one late duty is its report, tracked.
    assert all(r.late == {DutyKind.REPORT: 1} for r in table.rows)
    # The DoHA's own report to the Ministry is due on 25/1 (Điều 11 khoản 7): open, not late yet.
    assert table.province is not None
    assert (table.province.open, table.province.late) == ({DutyKind.REPORT: 1}, {})

    # A unit that has sent its report is no longer listed; the others still are. The next
    # tracking closes the duty of the report sent.
    finance = unit("Sở Tài chính")
    ScheduledReport.objects.filter(org_unit=finance, code="unit_to_doha").update(state=ReportState.SENT)
    report_schedule_ensure(year=2026)
    table = compliance_table_for_user(user=tq.doha, today=AFTER_DUE)
    assert _row(table, "Sở Tài chính").reports_late == []
    assert _row(table, "Sở Tài chính").late == {}
    assert {r.unit.pk for r in table.rows if r.reports_late} == {u.pk for u in _top_units()} - {finance.pk}
    assert table.rows[-1].unit == finance  # the ones that have not reported first


def test_a_unit_with_a_reviewed_change_set_waiting_is_not_approved(tq: Personas) -> None:
    reviewed_change_set(tq)  # a person of Sở Tài chính
    table = compliance_table_for_user(user=tq.doha, today=AFTER_DUE)
    # The current unit window: the last five days of January (Điều 6).
    assert (table.approval_month, table.approval_opens, table.approval_closes) == (
        "2026-01", date(2026, 1, 27), date(2026, 1, 31))
    finance = _row(table, "Sở Tài chính")
    assert (finance.approval, finance.approval_waiting) == ("Chưa phê duyệt", 1)
    assert {r.approval for r in table.rows if r is not finance} == {"Không có thay đổi"}


def test_the_export_carries_the_approval_and_report_columns(tq: Personas) -> None:
    report_schedule_ensure(year=2026)
    reviewed_change_set(tq)
    table = compliance_table_for_user(user=tq.doha, today=AFTER_DUE)
    rows = list(csv.reader(io.StringIO(compliance_csv(table).decode("utf-8-sig"))))
    assert rows[0][-5:] == NEW_COLUMNS
    [finance] = [r for r in rows if r[0] == "Sở Tài chính"]
    assert finance[-5:-1] == ["Chưa phê duyệt", "1", "1", "10/01/2026"]
    assert len(rows) == 1 + len(_top_units()) + 1  # the header, the units, the DoHA's own row
    assert rows[-1][:3] == ["Việc của Sở Nội vụ (cấp tỉnh)", "1", "0"]  # its report to the Ministry, due 25/1
    openpyxl = pytest.importorskip("openpyxl")  # optional: XLSX only when it is installed
    sheet = openpyxl.load_workbook(io.BytesIO(compliance_xlsx(table))).active
    assert [c.value for c in sheet[1]][-5:] == NEW_COLUMNS
    [cells] = [[c.value for c in r] for r in sheet.iter_rows(min_row=2) if r[0].value == "Sở Tài chính"]
    assert cells[-5:-1] == ["Chưa phê duyệt", 1, 1, "10/01/2026"]


def test_the_query_count_does_not_grow_with_the_units(tq: Personas, django_assert_num_queries: Any) -> None:
    report_schedule_ensure(year=2026)
    compliance_table_for_user(user=tq.doha, today=AFTER_DUE)  # warm the per-request caches
    with CaptureQueriesContext(connection) as first:
        small = compliance_table_for_user(user=tq.doha, today=AFTER_DUE)

    root = OrgUnit.objects.get(parent__isnull=True)
    for n in range(3):
        org_unit_create(acting_user=tq.doha, parent=root, kind=OrgUnitKind.AGENCY, name=f"Ban thử nghiệm {n}",
                        electronic_code=f"000.00.9{n}.{root.electronic_code[-3:]}",
                        established_on=root.established_on)
    report_schedule_ensure(year=2026)
    reviewed_change_set(tq)
    with django_assert_num_queries(len(first.captured_queries)):
        large = compliance_table_for_user(user=tq.doha, today=AFTER_DUE)
    assert len(large.rows) == len(small.rows) + 3
    assert sum(r.reports_late_total for r in large.rows) == sum(r.reports_late_total for r in small.rows) + 3


def test_the_page_tracks_the_years_reports_and_shows_the_new_columns(tuyen_quang: Province) -> None:
    """The page runs the year's report schedule before reading: nothing was tracked before."""
    with tenant_context(tuyen_quang):
        tq = personas_of(tuyen_quang)
        reviewed_change_set(tq)
        assert not ScheduledReport.objects.exists()
    doha = sign_in(tuyen_quang, tq.doha.username, DEMO_PASSWORD)
    page = doha.get("/tuan-thu/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Chưa phê duyệt" in html and "Báo cáo định kỳ chưa gửi" in html
    with tenant_context(tuyen_quang):
        assert ScheduledReport.objects.filter(code="unit_to_doha").count() == len(_top_units())
    csv_file = doha.get("/tuan-thu/?tai-ve=csv").content.decode("utf-8-sig")
    header = next(csv.reader(io.StringIO(csv_file)))
    assert header[-4:] == NEW_COLUMNS[-4:] and header[-5].startswith("Phê duyệt dữ liệu tháng ")
    today = timezone.localdate()
    if today > date(today.year, 1, 10):  # the page reads on the real today
        assert f"10/01/{today.year}" in csv_file


def test_only_the_doha_reaches_the_page(tuyen_quang: Province) -> None:
    with tenant_context(tuyen_quang):
        tq = personas_of(tuyen_quang)
    assert sign_in(tuyen_quang, tq.agency_admin.username, DEMO_PASSWORD).get("/tuan-thu/").status_code == 404
    with tenant_context(tuyen_quang):
        assert not ScheduledReport.objects.exists()  # nothing written for a refused reader
