"""Pages and API of transfers, duties, notifications and the compliance table: the same
services behind both, each endpoint's permissions, and nothing of Lào Cai seen from Lai Châu."""

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from django_tenants.utils import tenant_context

from core.models import Obligation
from core.operations.demo.services import DEMO_PASSWORD
from core.reports.models import ScheduledReport
from core.resumes.selectors import incomplete_dossier_list_for_user
from core.transfers.export import xlsx_available
from core.transfers.models import DutyKind, Notification, Transfer, TransferStep
from core.transfers.services.reminders import duties_remind
from frontend.transfers.context_processors import notifications
from tenants.models import Province
from tests.conftest import client_for, sign_in
from tests.core.conftest import Personas, personas_of
from tests.core.transfers.conftest import unit

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _mounted(monkeypatch: pytest.MonkeyPatch, settings: Any, tmp_path: Path) -> Any:
    """Uploaded decision files go to a temporary folder."""
    settings.MEDIA_ROOT = str(tmp_path)


def _as(province: Province, account: Any) -> Client:
    return sign_in(province, account.username, DEMO_PASSWORD)


def _decision(**extra: Any) -> dict[str, Any]:
    return {"decision_number": "45/QĐ-UBND", "decision_date": "2026-08-28", "signer": "Chủ tịch UBND tỉnh", **extra}


def _api_move(province: Province, personas: Personas) -> dict[str, Any]:
    """The DoHA moves the finance employee to education and hands over on Fri 28/8/2026."""
    doha = _as(province, personas.doha)
    with tenant_context(province):
        person, to_unit = personas.person(personas.employee).pk, unit("Sở Giáo dục và Đào tạo").pk
    started = doha.post("/api/v1/transfers/", {
        "kind": "move_to_other_unit", "person": person, "to_unit": to_unit, "effective_on": "2026-08-24",
        **_decision()}, content_type="application/json")
    assert started.status_code == 201, started.content
    assert started.json()["next_steps"] == ["handover"]
    handed = doha.post(f"/api/v1/transfers/{started.json()['id']}/steps/", {"action": "handover", **_decision()},
                       content_type="application/json")
    assert handed.status_code == 200, handed.content
    return handed.json()


def test_the_api_runs_a_move_and_the_new_unit_sees_its_duty(lao_cai: Province) -> None:
    with tenant_context(lao_cai):
        lc = personas_of(lao_cai)
    moved = _api_move(lao_cai, lc)
    assert (moved["state"], moved["next_steps"], [s["action"] for s in moved["steps"]]) == (
        "handed_over", ["take_over"], ["start", "handover"])
    admin = _as(lao_cai, lc.agency_admin)
    duties = admin.get("/api/v1/duties/").json()["results"]
    # Lào Cai Art. 11.3 counts the old unit's handover (done); the take-over has no count.
    assert [(d["kind"], d["due"], d["state"]) for d in duties] == [("transfer_take_over", None, "open")]
    wrong = admin.post(f"/api/v1/transfers/{moved['id']}/steps/", {"action": "archive", **_decision()},
                       content_type="application/json")
    assert (wrong.status_code, wrong.json()["code"]) == (400, "wrong_step")
    done = admin.post(f"/api/v1/transfers/{moved['id']}/steps/", {"action": "take_over", **_decision()},
                      content_type="application/json")
    assert done.json()["state"] == "done"


def test_a_step_taken_on_the_page_keeps_its_decision_file(lao_cai: Province) -> None:
    with tenant_context(lao_cai):
        lc = personas_of(lao_cai)
    moved = _api_move(lao_cai, lc)
    page = _as(lao_cai, lc.agency_admin)
    shown = page.get(f"/chuyen-cong-tac/{moved['id']}/")
    assert shown.status_code == 200 and "Tiếp nhận hồ sơ" in shown.content.decode()
    posted = page.post(f"/chuyen-cong-tac/{moved['id']}/", {
        "action": "take_over", **_decision(), "file": SimpleUploadedFile("qd.pdf", PDF, "application/pdf")})
    assert posted.status_code == 302
    with tenant_context(lao_cai):
        step = TransferStep.objects.get(transfer_id=moved["id"], action="take_over")
        assert step.file.name.startswith(f"transfers/{moved['id']}/") and step.file.name.endswith(".pdf")


def test_a_decision_file_that_is_not_a_document_is_refused_beside_its_field(lao_cai: Province) -> None:
    with tenant_context(lao_cai):
        lc = personas_of(lao_cai)
    moved = _api_move(lao_cai, lc)
    page = _as(lao_cai, lc.agency_admin)
    posted = page.post(f"/chuyen-cong-tac/{moved['id']}/", {
        "action": "take_over", **_decision(), "file": SimpleUploadedFile("qd.pdf", b"MZ\x90\x00", "application/pdf")})
    assert posted.status_code == 200
    assert "Tệp văn bản phải là PDF, JPEG hoặc PNG" in posted.content.decode()
    with tenant_context(lao_cai):
        assert not TransferStep.objects.filter(transfer_id=moved["id"], action="take_over").exists()


def test_the_dashboard_page_and_its_exports(lao_cai: Province) -> None:
    with tenant_context(lao_cai):
        lc = personas_of(lao_cai)
        Obligation.objects.create(kind=DutyKind.LEAVE, person=lc.person(lc.teacher), org_unit=unit("Sở Giáo dục và Đào tạo"),
                                  event_date=date(2020, 1, 1), due=date(2020, 1, 15))
    doha = _as(lao_cai, lc.doha)
    page = doha.get("/tuan-thu/")
    assert page.status_code == 200
    assert "Sở Giáo dục và Đào tạo" in page.content.decode()
    assert '<tr id="province-row"><th scope="row">Việc của Sở Nội vụ (cấp tỉnh)</th>' in page.content.decode()
    csv_file = doha.get("/tuan-thu/?tai-ve=csv")
    assert csv_file["Content-Type"].startswith("text/csv")
    if xlsx_available():
        assert doha.get("/api/v1/compliance/?export=xlsx").content[:2] == b"PK"
    api = doha.get("/api/v1/compliance/").json()
    [row] = [u for u in api["units"] if u["name"] == "Sở Giáo dục và Đào tạo"]
    # The leaving, and the unit's half-yearly reports (tracked by the page) past their due date.
    with tenant_context(lao_cai):
        reports = ScheduledReport.objects.filter(org_unit=unit("Sở Giáo dục và Đào tạo"),
                                                 due__year=timezone.localdate().year)
        late_reports = reports.filter(due__lt=timezone.localdate()).count()
        assert reports.count() == 2  # 31/5 and 30/11 (Điều 15 khoản 7)
    assert row["late"] == {"transfer_leave": 1, **({"report": late_reports} if late_reports else {})}
    assert (row["open_total"], row["late_total"]) == (1 + 2, 1 + late_reports)
    assert f"Sở Giáo dục và Đào tạo,3,{1 + late_reports}" in csv_file.content.decode("utf-8-sig")
    assert api["province"]["name"] == "Việc của Sở Nội vụ (cấp tỉnh)"
    # The incomplete dossiers, as the page counts them (issue 19 item 6).
    with tenant_context(lao_cai):
        sgd = unit("Sở Giáo dục và Đào tạo")
        incomplete = len(incomplete_dossier_list_for_user(user=lc.doha, unit_id=sgd.pk))
    assert row["incomplete"] == incomplete > 0


# Each endpoint and who may read it: (persona, path, status).
PERMISSIONS = [
    ("doha", "/api/v1/compliance/", 200),
    ("agency_admin", "/api/v1/compliance/", 404),
    ("employee", "/api/v1/compliance/", 404),
    ("employee", "/api/v1/transfers/", 200),
    ("employee", "/api/v1/duties/", 200),
    ("employee", "/api/v1/notifications/", 200),
    ("employee", "/tuan-thu/", 404),
    ("doha", "/tuan-thu/", 200),
    ("employee", "/nghia-vu/", 200),
    ("employee", "/thong-bao/", 200),
    ("agency_admin", "/chuyen-cong-tac/", 200),
    ("agency_admin", "/chuyen-cong-tac/ghi-nhan/", 200),
    ("agency_admin", "/chuyen-cong-tac/tiep-nhan/", 200),
    (None, "/api/v1/duties/", 401),
    (None, "/nghia-vu/", 302),
]


@pytest.mark.parametrize(("persona", "path", "expected"), PERMISSIONS)
def test_permission_table(lao_cai: Province, persona: str | None, path: str, expected: int) -> None:
    with tenant_context(lao_cai):
        lc = personas_of(lao_cai)
    browser = _as(lao_cai, getattr(lc, persona)) if persona else client_for(lao_cai)
    assert browser.get(path).status_code == expected


def test_notifications_in_the_header_and_marked_read(lao_cai: Province, rf: Any) -> None:
    with tenant_context(lao_cai):
        lc = personas_of(lao_cai)
        Obligation.objects.create(kind="personal_update", person=lc.person(lc.employee), account=lc.employee,
                                  event_date=date(2020, 1, 2), due=date(2020, 1, 9))
        duties_remind(today=date(2026, 1, 5))
        request = rf.get("/")
        request.tenant, request.user = lao_cai, lc.employee
        header = notifications(request)
        assert header["notifications_unread"]() == 1
        [notification] = header["notifications_latest"]
    employee = _as(lao_cai, lc.employee)
    listed = employee.get("/api/v1/notifications/").json()["results"]
    assert [n["id"] for n in listed] == [notification.pk]
    assert employee.post(f"/api/v1/notifications/{notification.pk}/read/").json()["read_at"]
    # Someone else's notification is "not found", as is one that does not exist.
    other = _as(lao_cai, lc.doha)
    assert other.post(f"/api/v1/notifications/{notification.pk}/read/").status_code == 404
    assert other.post("/api/v1/notifications/99999999999999999999/read/").status_code == 404
    with tenant_context(lao_cai):
        assert Notification.objects.get(pk=notification.pk).read_at is not None


def test_lai_chau_sees_nothing_of_lao_cai(lao_cai: Province, lai_chau: Province) -> None:
    """Pages, API, ORM: a Lào Cai transfer and its duty are "not found" in Lai Châu, answered
    exactly as for an id that never existed."""
    with tenant_context(lao_cai):
        lc = personas_of(lao_cai)
    moved = _api_move(lao_cai, lc)
    with tenant_context(lai_chau):
        lch = personas_of(lai_chau)
        assert not Transfer.objects.filter(pk=moved["id"], person__full_name=moved["person_name"]).exists()
        assert not Obligation.objects.filter(kind=DutyKind.TAKE_OVER).exists()
    doha = _as(lai_chau, lch.doha)
    seen = doha.get(f"/api/v1/transfers/{moved['id']}/")
    never = doha.get("/api/v1/transfers/987654321/")
    assert (seen.status_code, seen.json()) == (never.status_code, never.json()) == (
        404, {"message": "Không tìm thấy.", "code": "not_found", "extra": {}})
    assert doha.get(f"/chuyen-cong-tac/{moved['id']}/").status_code == 404
    assert moved["person_name"] not in json.dumps(doha.get("/api/v1/duties/?state=all").json(), ensure_ascii=False)
    assert moved["person_name"] not in doha.get("/tuan-thu/").content.decode()
    assert moved["person_name"] not in doha.get("/api/v1/transfers/").content.decode()
    # A Lào Cai session does not carry over to Lai Châu's host.
    lao_cai_browser = _as(lao_cai, lc.doha)
    lao_cai_browser.defaults["HTTP_HOST"] = client_for(lai_chau).defaults["HTTP_HOST"]
    assert lao_cai_browser.get("/api/v1/transfers/").status_code in (401, 403)

