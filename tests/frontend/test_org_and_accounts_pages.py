"""The organisation tree with codes and history; accounts, roles and consents for admins."""

from collections.abc import Callable

import pytest
from django.test import Client
from django_tenants.utils import tenant_context

from core.base.accounts.models import Account
from core.models import ConsentGrant, OrgUnit, Person, Role, RoleGrant
from tenants.models import Province
from tests.core.conftest import Personas
from tests.core.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_the_tree_shows_each_unit_with_its_electronic_code(lao_cai: Province, lc: Personas,
                                                           browser_as: Callable[[Account], Client]) -> None:
    """Today's tree lists Sở Tài chính with its code; the merged Sở Thông tin và Truyền thông is gone."""
    html = browser_as(lc.employee).get("/to-chuc/").content.decode()
    assert "Sở Tài chính</a>\n  <code class=\"code\">000.00.03.H38</code>" in html
    assert "Sở Thông tin và Truyền thông" not in html
    before = browser_as(lc.employee).get("/to-chuc/", {"ngay": "2025-02-28"}).content.decode()
    assert "Sở Thông tin và Truyền thông" in before


def test_a_merged_units_history_is_kept(lao_cai: Province, lc: Personas,
                                        browser_as: Callable[[Account], Client]) -> None:
    """The merged unit's page shows its merger into Sở Khoa học và Công nghệ, with the decision."""
    with tenant_context(lao_cai):
        merged = OrgUnit.objects.get(name="Sở Thông tin và Truyền thông")
    html = browser_as(lc.employee).get(f"/to-chuc/{merged.pk}/").content.decode()
    assert "01/03/2025 (Sáp nhập, tiếp nhận:" in html and "Sở Khoa học và Công nghệ" in html
    assert "01/04/2008" in html and "28/02/2025" in html
    assert browser_as(lc.employee).get("/to-chuc/99999999/").status_code == 404
    assert "Ngày không hợp lệ" in browser_as(lc.employee).get("/to-chuc/", {"ngay": "31-02"}).content.decode()


def test_the_accounts_page_is_for_admins_only(lao_cai: Province, lc: Personas,
                                              browser_as: Callable[[Account], Client]) -> None:
    """Employees and unit officers get 404 for the accounts page and its actions."""
    for account in (lc.employee, lc.officer):
        assert browser_as(account).get("/tai-khoan/").status_code == 404
        assert browser_as(account).post("/tai-khoan/phan-quyen/", {}).status_code == 404
    assert browser_as(lc.doha).get("/tai-khoan/").status_code == 200


def test_doha_grants_a_role_and_revokes_it(lao_cai: Province, lc: Personas,
                                           browser_as: Callable[[Account], Client]) -> None:
    """The DoHA admin makes the teacher a unit officer of the school, then revokes it."""
    doha = browser_as(lc.doha)
    with tenant_context(lao_cai):
        school = Person.objects.get(account=lc.teacher).org_unit
    response = doha.post("/tai-khoan/phan-quyen/", {
        "phan-quyen-username": lc.teacher.username, "phan-quyen-role": Role.UNIT_OFFICER,
        "phan-quyen-org_unit": school.pk})
    assert response.status_code == 302
    with tenant_context(lao_cai):
        grant = RoleGrant.objects.get(account=lc.teacher, revoked_at__isnull=True)
    assert grant.role == Role.UNIT_OFFICER and grant.org_unit_id == school.pk
    assert doha.post(f"/tai-khoan/phan-quyen/{grant.pk}/thu-hoi/").status_code == 302
    with tenant_context(lao_cai):
        assert RoleGrant.objects.get(pk=grant.pk).revoked_at is not None


def test_a_grant_beyond_the_admins_tier_is_refused(lao_cai: Province, lc: Personas,
                                                   browser_as: Callable[[Account], Client]) -> None:
    """The agency admin of Sở Giáo dục cannot grant an agency admin role on its own agency,
    nor anything to an unknown account; nothing is written."""
    admin = browser_as(lc.agency_admin)
    with tenant_context(lao_cai):
        sgd = OrgUnit.objects.get(name="Sở Giáo dục và Đào tạo")
        before = RoleGrant.objects.count()
    refused = admin.post("/tai-khoan/phan-quyen/", {
        "phan-quyen-username": lc.teacher.username, "phan-quyen-role": Role.SUBUNIT_ADMIN,
        "phan-quyen-org_unit": sgd.pk})
    assert refused.status_code == 403
    assert "Bạn không có quyền thực hiện thao tác này." in refused.content.decode()
    unknown = admin.post("/tai-khoan/phan-quyen/", {
        "phan-quyen-username": "khong.co.ai", "phan-quyen-role": Role.UNIT_OFFICER, "phan-quyen-org_unit": sgd.pk})
    assert unknown.status_code == 400
    field = unknown.content.decode().split('id="field-id_phan-quyen-username"', 1)[1].split("</div>", 1)[0]
    assert "Không tìm thấy tài khoản." in field
    with tenant_context(lao_cai):
        assert RoleGrant.objects.count() == before


def test_a_persons_account_is_issued_once_with_its_password_shown(
    lao_cai: Province, lc: Personas, browser_as: Callable[[Account], Client]
) -> None:
    """The account's sign-in is the ID number; its first password is shown once; a second
    request is refused beside the field."""
    with tenant_context(lao_cai):
        person = PersonFactory(org_unit=OrgUnit.objects.get(name="Sở Y tế"))
    doha = browser_as(lc.doha)
    issued = doha.post("/tai-khoan/ca-nhan/", {"ca-nhan-national_id": person.national_id}).content.decode()
    assert f"Tên đăng nhập: <code>{person.national_id}</code>" in issued
    again = doha.post("/tai-khoan/ca-nhan/", {"ca-nhan-national_id": person.national_id})
    assert again.status_code == 400
    assert f"{person.full_name} đã có tài khoản cá nhân." in again.content.decode()


def test_a_written_consent_is_recorded_and_opens_the_dossier(
    lao_cai: Province, lc: Personas, browser_as: Callable[[Account], Client]
) -> None:
    """The DoHA admin records a consent for the Sở Tài chính officer to read the teacher's
    dossier; the officer then opens it, and a consent without a reason is refused beside it."""
    with tenant_context(lao_cai):
        teacher = Person.objects.get(account=lc.teacher)
    officer = browser_as(lc.officer)
    assert officer.get(f"/can-bo/{teacher.pk}/").status_code == 404
    consent = {"dong-y-grantee": lc.officer.username, "dong-y-national_id": teacher.national_id,
               "dong-y-reason": "Xác minh hồ sơ phục vụ điều động", "dong-y-document_number": "125/SNV-CCVC",
               "dong-y-valid_until": "31/12/2099"}
    doha = browser_as(lc.doha)
    missing = doha.post("/tai-khoan/dong-y/", {**consent, "dong-y-reason": ""})
    assert missing.status_code == 400
    assert "Nêu lý do khai thác." in missing.content.decode().split('id="field-id_dong-y-reason"', 1)[1].split("</div>")[0]
    assert doha.post("/tai-khoan/dong-y/", consent).status_code == 302
    with tenant_context(lao_cai):
        assert ConsentGrant.objects.get().document_number == "125/SNV-CCVC"
    assert "Xem theo văn bản đồng ý 125/SNV-CCVC" in officer.get(f"/can-bo/{teacher.pk}/").content.decode()
