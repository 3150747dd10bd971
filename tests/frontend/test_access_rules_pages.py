"""The accounts page and the accounts API refuse, in the province's words, a grant its rules
forbid or one missing the document they ask for; a failed grant writes nothing."""

import json
from datetime import date

import pytest
from django.test import Client
from django_tenants.utils import schema_context, tenant_context

from core.base.accounts.models import Account
from core.models import OrgUnit, Role, RoleGrant
from tenants.models import Province
from tests.conftest import client_for
from tests.core.conftest import Personas, personas_of

pytestmark = pytest.mark.django_db


def _doha(province: Province) -> tuple[Client, Personas]:
    browser = client_for(province)
    with tenant_context(province):
        people = personas_of(province)
        browser.force_login(people.doha)
    return browser, people


def test_son_la_asks_for_the_written_authorisation_beside_its_field(son_la: Province) -> None:
    """Sơn La Art. 7: the page shows the refusal beside the authorisation's number and date;
    with both, the grant is made and listed with its document."""
    doha, people = _doha(son_la)
    with tenant_context(son_la):
        finance = OrgUnit.objects.get(name="Sở Tài chính")
        grants = RoleGrant.objects.count()
    form = {"phan-quyen-username": people.teacher.username, "phan-quyen-role": Role.APPROVER,
            "phan-quyen-org_unit": finance.pk}
    refused = doha.post("/tai-khoan/phan-quyen/", form)
    assert refused.status_code == 400
    field = refused.content.decode().split('id="field-id_phan-quyen-authorisation"', 1)[1].split("</div>", 1)[0]
    assert ("Nhập số văn bản ủy quyền phê duyệt của thủ trưởng (Dự thảo Quyết định …/2026/QĐ-UBND tỉnh Sơn La, "
            "Điều 7).") in field
    with tenant_context(son_la):
        assert RoleGrant.objects.count() == grants
    done = doha.post("/tai-khoan/phan-quyen/", {**form, "phan-quyen-authorisation": "12/GUQ-STC",
                                                 "phan-quyen-authorisation_date": "2026-11-30"})
    assert done.status_code == 302
    listed = doha.get("/tai-khoan/").content.decode()
    assert "Được ủy quyền theo văn bản số 12/GUQ-STC, ngày 30/11/2026" in listed


def test_the_api_refuses_a_tuyen_quang_sub_unit_account_and_records_a_lai_chau_agreement(
    lai_chau: Province,
) -> None:
    with schema_context("public"):
        tuyen_quang = Province.objects.get(code="tuyen-quang")
    doha, people = _doha(tuyen_quang)
    with tenant_context(tuyen_quang):
        school = OrgUnit.objects.get(name="Trường THPT Chuyên Tuyên Quang")
        accounts = Account.objects.count()
    refused = doha.post("/api/v1/accounts/", json.dumps({
        "username": "thpt.chuyen", "full_name": "Quản trị THPT Chuyên", "role": Role.SUBUNIT_ADMIN,
        "org_unit": school.pk}), content_type="application/json")
    assert refused.status_code == 400
    assert refused.json()["code"] == "subunit_tier_forbidden"
    with tenant_context(tuyen_quang):
        assert Account.objects.count() == accounts

    doha, people = _doha(lai_chau)
    with tenant_context(lai_chau):
        school = OrgUnit.objects.get(name="Trường THPT Chuyên Lê Quý Đôn")
    body = {"username": "thpt.chuyen", "full_name": "Quản trị THPT Chuyên", "role": Role.SUBUNIT_ADMIN,
            "org_unit": school.pk, "appointment_decision": "15/QĐ-THPT", "appointment_date": "2026-03-02"}
    missing = doha.post("/api/v1/accounts/", json.dumps(body), content_type="application/json")
    assert missing.status_code == 400
    assert set(missing.json()["extra"]["fields"]) == {"doha_agreement", "doha_agreement_date"}
    created = doha.post("/api/v1/accounts/", json.dumps({**body, "doha_agreement": "245/SNV-CCVC",
                                                         "doha_agreement_date": "2026-10-05"}),
                        content_type="application/json")
    assert created.status_code == 201
    with tenant_context(lai_chau):
        grant = RoleGrant.objects.get(account__username="thpt.chuyen")
        assert (grant.doha_agreement, grant.doha_agreement_date) == ("245/SNV-CCVC", date(2026, 10, 5))
    rows = doha.get("/api/v1/role-grants/").json()["results"]
    [listed] = [row for row in rows if row["id"] == grant.pk]
    assert (listed["doha_agreement"], listed["doha_agreement_date"]) == ("245/SNV-CCVC", "2026-10-05")


def test_an_account_is_disabled_on_the_page_and_re_enabled_through_the_api(lao_cai: Province) -> None:
    """Lào Cai's DoHA admin disables the teacher's account with a reason (the refusal without
    one is shown beside the field), then opens it again through the API."""
    doha, people = _doha(lao_cai)
    form = {"khoa-username": people.teacher.username, "khoa-active": "0", "khoa-reason": ""}
    refused = doha.post("/tai-khoan/khoa/", form)
    assert refused.status_code == 400
    field = refused.content.decode().split('id="field-id_khoa-reason"', 1)[1].split("</div>", 1)[0]
    assert "Nêu lý do hoặc số văn bản đề nghị." in field
    done = doha.post("/tai-khoan/khoa/", {**form, "khoa-reason": "Công văn 88/THPT"})
    assert done.status_code == 302
    with tenant_context(lao_cai):
        assert not Account.objects.get(pk=people.teacher.pk).is_active
    reopened = doha.post(f"/api/v1/accounts/{people.teacher.username}/active/",
                         json.dumps({"active": True, "reason": "Công văn 90/THPT"}), content_type="application/json")
    assert reopened.status_code == 204
    with tenant_context(lao_cai):
        assert Account.objects.get(pk=people.teacher.pk).is_active


def test_the_scanned_authorisation_is_kept_with_the_grant_and_downloaded_by_the_admin(son_la: Province) -> None:
    """The authorisation's scan (PDF, JPEG or PNG) is stored with the grant and offered as a
    download on the accounts page; anything else is refused and nothing is written."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    doha, people = _doha(son_la)
    with tenant_context(son_la):
        finance = OrgUnit.objects.get(name="Sở Tài chính")
        grants = RoleGrant.objects.count()
    form = {"phan-quyen-username": people.teacher.username, "phan-quyen-role": Role.APPROVER,
            "phan-quyen-org_unit": finance.pk, "phan-quyen-authorisation": "12/GUQ-STC",
            "phan-quyen-authorisation_date": "2026-11-30"}
    refused = doha.post("/tai-khoan/phan-quyen/", {
        **form, "phan-quyen-authorisation_file": SimpleUploadedFile("uy-quyen.pdf", b"<html>not a scan</html>")})
    assert refused.status_code == 400
    assert "Tệp văn bản ủy quyền phải là bản số hóa PDF, JPEG hoặc PNG" in refused.content.decode()
    with tenant_context(son_la):
        assert RoleGrant.objects.count() == grants
    scan = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
    done = doha.post("/tai-khoan/phan-quyen/", {
        **form, "phan-quyen-authorisation_file": SimpleUploadedFile("uy-quyen.pdf", scan)})
    assert done.status_code == 302
    with tenant_context(son_la):
        grant = RoleGrant.objects.get(account=people.teacher, role=Role.APPROVER, revoked_at__isnull=True)
        assert grant.authorisation_file.name.startswith("access/grants/")
    assert f'href="/tai-khoan/phan-quyen/{grant.pk}/van-ban/"' in doha.get("/tai-khoan/").content.decode()
    download = doha.get(f"/tai-khoan/phan-quyen/{grant.pk}/van-ban/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == scan
    assert "attachment" in download["Content-Disposition"]
    stranger = client_for(son_la)
    with tenant_context(son_la):
        stranger.force_login(people.teacher)
    assert stranger.get(f"/tai-khoan/phan-quyen/{grant.pk}/van-ban/").status_code == 404
