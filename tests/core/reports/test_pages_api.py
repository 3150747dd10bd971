"""Pages and API of statistics and reports, and the Done-when of issue 7: Lào Cai's DoHA
downloads the yearly report to the Ministry for 2026 as XLSX, with totals by rank, title and
job position that match the database."""

import io
from datetime import date

import pytest
from django.db.models import Count, Q
from openpyxl import load_workbook

from core.models import Dossier, Placement
from core.reports.documents import HEADERS, TOTAL_LABEL
from core.reports.formatting import vn_number, vn_percent
from core.reports.models import ReportState, ScheduledReport
from core.reports.selectors.statistics import UNKNOWN
from tenants.models import Province
from tests.api.conftest import Caller, token_of
from tests.conftest import client_for, sign_in
from tests.core.conftest import Personas
from tests.core.reports.conftest import Fixture

PASSWORD = "hoso-demo-2026"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _sheet_rows(book, title: str) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """A table sheet as {code, or name where there is no code: count}, checking its headers and
    its total row."""
    sheet = book[title]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == title
    assert rows[1] == HEADERS
    body, total = rows[2:-1], rows[-1]
    assert total[2] == TOTAL_LABEL and total[3] == sum(r[3] for r in body)
    return {(r[1] or r[2]): r[3] for r in body}


def _orm_totals(on: date, field: str) -> dict[str, int]:
    """The same totals straight from the ORM: dossiers of the people working on `on`."""
    working = Placement.objects.filter(Q(end__isnull=True) | Q(end__gte=on), start__lte=on).values("person_id")
    counts: dict[str, int] = {}
    for row in Dossier.objects.filter(person_id__in=working).values(field).annotate(n=Count("person_id", distinct=True)):
        key = (row[field] or "").strip() or UNKNOWN
        counts[key] = counts.get(key, 0) + row["n"]
    return counts


def test_lao_cai_doha_downloads_the_2026_ministry_report_as_xlsx(lao_cai: Province, built: Fixture) -> None:
    """Done-when: the yearly report to the Ministry for 2026 (due 20/1/2026, for 2025), drafted
    on its page and downloaded as XLSX, carries totals by rank, title and job position equal
    to a direct count in the database."""
    browser = sign_in(lao_cai, "snv.quantri", PASSWORD)
    listing = browser.get("/bao-cao/", {"nam": "2026"})
    assert listing.status_code == 200
    report = ScheduledReport.objects.get(code="doha_to_ministry", due=date(2026, 1, 20))
    assert "Báo cáo của Sở Nội vụ gửi Bộ Nội vụ" in listing.content.decode()

    drafted = browser.post(f"/bao-cao/{report.pk}/lap/")
    assert drafted.status_code == 302
    report.refresh_from_db()
    on = report.figures_on
    assert (report.state, on) == (ReportState.DRAFTED, date(2025, 12, 31))
    assert on is not None
    download = browser.get(f"/bao-cao/{report.pk}/tai-ve/xlsx/")

    assert download.status_code == 200
    assert download["Content-Type"] == XLSX
    assert download["Content-Disposition"] == f'attachment; filename="bao-cao-doha_to_ministry-{report.org_unit_id}-2026-01-20.xlsx"'
    book = load_workbook(io.BytesIO(download.content))
    assert book.sheetnames[0] == "Tổng hợp"
    assert _sheet_rows(book, "Ngạch công chức") == _orm_totals(on, "rank_code")
    assert _sheet_rows(book, "Chức danh nghề nghiệp viên chức") == _orm_totals(on, "professional_title_code")
    jobs = _sheet_rows(book, "Vị trí việc làm")
    assert jobs == _orm_totals(on, "job_position")
    assert jobs["Chuyên viên tổng hợp"] == 2  # the hand-built people are in it
    assert _sheet_rows(book, "Ngạch công chức")["01.003"] >= 5


def test_statistics_page_shows_the_tables_in_vietnamese(lao_cai: Province, built: Fixture) -> None:
    browser = sign_in(lao_cai, "snv.quantri", PASSWORD)
    page = browser.get("/thong-ke/", {"don_vi": str(built.agency.pk), "ngay": "2026-01-01"})
    html = page.content.decode()

    assert page.status_code == 200
    assert '<span class="headcount" id="headcount">4</span>' in html
    for text in ("Ngạch công chức", "Chuyên viên (01.003)", "Từ 50 đến 59 tuổi", "Thạc sĩ", "Cao cấp",
                 "Trực tiếp tại Ban Thống kê thử nghiệm", "Thôi công tác tại đơn vị", 'style="width: 100.0%"'):
        assert text in html
    partial = browser.get("/thong-ke/", {"don_vi": str(built.agency.pk)}, HTTP_HX_REQUEST="true")
    assert partial.content.decode().startswith('<div id="figures">')


def test_a_subunit_admin_cannot_pick_another_unit_on_the_page(lao_cai: Province, built: Fixture, lc: Personas) -> None:
    """Asking for a unit outside one's scope is an invalid choice: the page stays on one's own unit."""
    browser = sign_in(lao_cai, lc.subunit_admin.username, PASSWORD)
    page = browser.get("/thong-ke/", {"don_vi": str(built.agency.pk)})
    html = page.content.decode()

    assert page.status_code == 200
    assert "Ban Thống kê thử nghiệm" not in html
    assert '<span class="headcount" id="headcount">1</span>' in html
    assert client_for(lao_cai).get("/thong-ke/").status_code == 302  # to the sign-in page
    assert sign_in(lao_cai, lc.employee.username, PASSWORD).get("/thong-ke/").status_code == 404


@pytest.mark.parametrize("kind, magic", [("xlsx", b"PK"), ("pdf", b"%PDF")])
def test_statistics_download(lao_cai: Province, built: Fixture, kind: str, magic: bytes) -> None:
    browser = sign_in(lao_cai, "snv.quantri", PASSWORD)
    response = browser.get(f"/thong-ke/tai-ve/{kind}/", {"don_vi": str(built.agency.pk), "ngay": "2026-01-01"})

    assert response.status_code == 200
    assert response.content.startswith(magic)
    if kind == "xlsx":
        book = load_workbook(io.BytesIO(response.content))
        assert _sheet_rows(book, "Đối tượng") == {"Công chức": 2, "Viên chức": 1, "Người lao động": 1,
                                                  "Cán bộ": 0, "Cán bộ, công chức cấp xã": 0,
                                                  "Người hoạt động không chuyên trách cấp xã": 0}


def test_report_page_walks_through_sign_and_send(lao_cai: Province, lc: Personas) -> None:
    browser = sign_in(lao_cai, "snv.quantri", PASSWORD)
    browser.get("/bao-cao/", {"nam": "2026"})
    report = ScheduledReport.objects.get(code="doha_to_ministry")

    assert browser.post(f"/bao-cao/{report.pk}/ky/").status_code == 302  # refused: not drafted
    assert "Chỉ ký báo cáo đã lập dự thảo" in browser.get(f"/bao-cao/{report.pk}/").content.decode()
    browser.post(f"/bao-cao/{report.pk}/lap/")
    browser.post(f"/bao-cao/{report.pk}/y-kien/", {"remarks": "Một số đơn vị chưa cập nhật vị trí việc làm."})
    # Signed in two steps, as every signature: the content prepared, shown, then signed.
    prepared = browser.post(f"/bao-cao/{report.pk}/ky/")
    assert prepared.status_code == 302 and prepared["Location"].startswith("/phe-duyet/ky-so/")
    signing = browser.get(prepared["Location"]).content.decode()
    assert "<h1>Ký số báo cáo</h1>" in signing and f'href="/bao-cao/{report.pk}/">xem báo cáo</a>' in signing
    assert "Một số đơn vị chưa cập nhật vị trí việc làm." in signing
    signed = browser.post(f"{prepared['Location']}ky/")
    assert signed.status_code == 302 and signed["Location"] == f"/bao-cao/{report.pk}/"
    assert "Đã ký số báo cáo; máy chủ đã kiểm tra chữ ký trước khi ghi nhận." in browser.get(
        signed["Location"]).content.decode()
    report.refresh_from_db()
    assert report.state == ReportState.SIGNED and report.signature  # the CMS over the content, kept
    browser.post(f"/bao-cao/{report.pk}/gui/", {"reference": "Số 120/BC-SNV"})
    report.refresh_from_db()
    assert (report.state, report.sent_reference, report.signed_by) == (ReportState.SENT, "Số 120/BC-SNV", lc.doha)
    pdf = browser.get(f"/bao-cao/{report.pk}/tai-ve/pdf/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_report_pages_hide_other_units_reports(lao_cai: Province, lc: Personas) -> None:
    """The education department's admin gets "not found" for the ministry report, as for one
    that does not exist, and cannot act on it."""
    sign_in(lao_cai, "snv.quantri", PASSWORD).get("/bao-cao/", {"nam": "2026"})
    report = ScheduledReport.objects.get(code="doha_to_ministry")
    browser = sign_in(lao_cai, lc.agency_admin.username, PASSWORD)

    assert browser.get(f"/bao-cao/{report.pk}/").status_code == 404
    assert browser.get("/bao-cao/999999999/").status_code == 404
    assert browser.post(f"/bao-cao/{report.pk}/lap/").status_code == 404
    report.refresh_from_db()
    assert report.state == ReportState.PENDING


# --- API ---------------------------------------------------------------------------------------


def _caller(province: Province, name: str, lc: Personas) -> Caller:
    return Caller(province, None if name == "anonymous" else token_of(province, getattr(lc, name).username))


@pytest.mark.parametrize("persona, status", [
    ("doha", 200), ("agency_admin", 404), ("subunit_admin", 404), ("officer", 404), ("employee", 404),
    ("anonymous", 401),
])
def test_api_statistics_permission_table(lao_cai: Province, built: Fixture, lc: Personas, persona: str,
                                         status: int) -> None:
    response = _caller(lao_cai, persona, lc).get("/api/v1/statistics/", {"unit": built.agency.pk, "on": "2026-01-01"})

    assert response.status_code == status
    if status == 200:
        body = response.json()
        assert (body["scope"]["id"], body["headcount"]) == (built.agency.pk, 4)
        rank = next(b for b in body["breakdowns"] if b["code"] == "rank")
        assert {r["key"]: r["count"] for r in rank["rows"]} == {"01.003": 1, "01.002": 1, "": 2}
    elif status == 404:
        assert response.json() == {"message": "Không tìm thấy cơ quan, đơn vị.", "code": "not_found", "extra": {}}


def test_api_changes_and_bad_input(lao_cai: Province, built: Fixture, lc: Personas) -> None:
    doha = _caller(lao_cai, "doha", lc)
    changes = doha.get("/api/v1/statistics/changes/", {"unit": built.agency.pk, "period_from": "2025-01-01",
                                                       "period_to": "2025-12-31"}).json()

    assert {r["key"]: r["count"] for r in changes["rows"]} == {
        "joined": 0, "left": 1, "promoted": 1, "salary_steps": 1, "appointed": 1, "reappointed": 0}
    bad = doha.get("/api/v1/statistics/", {"on": "31/12/2025"})
    assert bad.status_code == 400
    assert bad.json()["extra"]["fields"]["on"] == ["Ngày phải có dạng YYYY-MM-DD, ví dụ 2026-04-30."]
    reversed_period = doha.get("/api/v1/statistics/changes/", {"period_from": "2025-12-31", "period_to": "2025-01-01"})
    assert reversed_period.status_code == 400


def test_api_report_life_and_overdue(lao_cai: Province, lc: Personas) -> None:
    doha, admin = _caller(lao_cai, "doha", lc), _caller(lao_cai, "agency_admin", lc)
    assert admin.post("/api/v1/scheduled-reports/schedule/", {"year": 2026}).status_code == 403
    scheduled = doha.post("/api/v1/scheduled-reports/schedule/", {"year": 2026})
    assert scheduled.status_code == 200 and scheduled.json()["created"] > 0
    listing = doha.get("/api/v1/scheduled-reports/", {"year": 2026, "limit": 100}).json()
    ministry = next(r for r in listing["results"] if r["code"] == "doha_to_ministry")
    base = f"/api/v1/scheduled-reports/{ministry['id']}/"

    assert ministry["late"] is True  # due 20/1/2026, not sent
    assert doha.get(f"{base}export/xlsx/").json()["code"] == "report_pending"
    assert admin.post(f"{base}draft/").status_code == 404
    assert doha.post(f"{base}sign/").json()["code"] == "report_not_draft"
    assert doha.post(f"{base}draft/").json()["state"] == "drafted"
    assert doha.post(f"{base}remarks/", {"remarks": "Không có vướng mắc."}).json()["remarks"] == "Không có vướng mắc."
    signed = doha.post(f"{base}sign/").json()
    assert (signed["state"], signed["signed_by"], signed["digitally_signed"]) == ("signed", str(lc.doha), False)
    overdue_before = {r["id"] for r in doha.get("/api/v1/scheduled-reports/overdue/").json()["results"]}
    assert ministry["id"] in overdue_before
    assert doha.post(f"{base}send/", {"reference": "Số 9/BC-SNV"}).json()["state"] == "sent"
    overdue_after = {r["id"] for r in doha.get("/api/v1/scheduled-reports/overdue/").json()["results"]}
    assert ministry["id"] not in overdue_after
    export = doha.get(f"{base}export/xlsx/")
    assert export.status_code == 200 and export["Content-Type"] == XLSX
    assert doha.get(f"{base}export/doc/").status_code == 404


def test_vietnamese_number_format() -> None:
    assert (vn_number(1234), vn_number(1234567), vn_number(0)) == ("1.234", "1.234.567", "0")
    assert vn_percent(1, 8) == "12,5"


def test_lai_chau_api_never_shows_lao_cai_reports_or_units(lao_cai: Province, lai_chau: Province,
                                                          built: Fixture, lc: Personas) -> None:
    """Lào Cai's report and unit, asked for on Lai Châu's host by Lai Châu's DoHA, are answered
    as rows that do not exist; Lai Châu's own list has no Lào Cai rows."""
    doha = _caller(lao_cai, "doha", lc)
    doha.post("/api/v1/scheduled-reports/schedule/", {"year": 2026})
    report = ScheduledReport.objects.get(code="doha_to_ministry")
    lai_chau_doha = Caller(lai_chau, token_of(lai_chau, "snv.quantri"))

    assert lai_chau_doha.get(f"/api/v1/scheduled-reports/{report.pk}/").status_code == 404
    assert lai_chau_doha.get("/api/v1/scheduled-reports/", {"year": 2026}).json()["count"] == 0
    figures = lai_chau_doha.get("/api/v1/statistics/", {"on": "2026-01-01"}).json()
    assert figures["scope"]["name"] != "Tỉnh Lào Cai"
    jobs = next(b for b in figures["breakdowns"] if b["code"] == "job_position")
    assert "Chuyên viên tổng hợp" not in {r["key"] for r in jobs["rows"]}
    assert doha.get("/api/v1/statistics/", {"unit": built.agency.pk, "on": "2026-01-01"}).json()["headcount"] == 4


def test_the_schema_documents_the_reports_api(lao_cai: Province) -> None:
    paths = client_for(lao_cai).get("/api/v1/schema/", {"format": "json"}).json()["paths"]

    assert {"/api/v1/statistics/", "/api/v1/statistics/changes/", "/api/v1/statistics/export/{kind}/",
            "/api/v1/scheduled-reports/", "/api/v1/scheduled-reports/overdue/",
            "/api/v1/scheduled-reports/{id}/sign/", "/api/v1/scheduled-reports/{id}/export/{kind}/"} <= set(paths)
    assert {p["name"] for p in paths["/api/v1/statistics/"]["get"]["parameters"]} == {"unit", "on"}
