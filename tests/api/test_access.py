"""Written consents, roles and accounts through the API."""

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from core.base.accounts.models import Account
from core.models import ConsentGrant, DossierReadLog, ReadChannel, RoleGrant
from tenants.models import Province
from tests.api.conftest import Caller
from tests.core.conftest import Personas

pytestmark = pytest.mark.django_db


def _consent(as_: Callable[[str], Caller], lc: Personas, person: int, **extra: object) -> dict:  # type: ignore[type-arg]
    """Sở Giáo dục's admin consents, in writing, to the Sở Tài chính officer reading the teacher."""
    response = as_("agency_admin").post("/api/v1/consent-grants/", {
        "grantee": lc.officer.username, "person": person, "reason": "Xác minh hồ sơ điều động",
        "document_number": "123/SGDĐT-TCCB", "valid_until": timezone.localdate().isoformat(), **extra})
    assert response.status_code == 201, response.content
    return response.json()


def test_a_consent_opens_a_dossier_until_it_expires_and_each_read_is_logged(
        as_: Callable[[str], Caller], lc: Personas, person_id: Callable[[str], int], lao_cai: Province) -> None:
    """Without consent the officer gets 404 for the teacher's dossier; with it (valid through
    today) she reads it and the read is logged against the consent; once the date has passed
    the dossier is closed again."""
    teacher, officer = person_id("teacher"), as_("officer")
    path = f"/api/v1/people/{teacher}/dossier/"
    assert officer.get(path).status_code == 404

    consent = _consent(as_, lc, teacher)
    assert (consent["grantee"]["username"], consent["person"]["full_name"]) == (lc.officer.username, "Vàng Thị Mai")
    answer = officer.get(path)
    assert answer.status_code == 200
    assert answer.json()["access"] == "consent"
    with tenant_context(lao_cai):
        log = DossierReadLog.objects.get(person_id=teacher, reader=lc.officer, purpose="api.dossier")
        assert (log.channel, log.consent_grant_id) == (ReadChannel.CONSENT, consent["id"])
    assert [c["id"] for c in officer.get("/api/v1/consent-grants/").json()["results"]] == [consent["id"]]

    with tenant_context(lao_cai):  # the day after its last day
        ConsentGrant.objects.filter(pk=consent["id"]).update(valid_until=timezone.localdate() - timedelta(days=1))
    assert officer.get(path).status_code == 404


def test_a_revoked_consent_closes_the_dossier(as_: Callable[[str], Caller], lc: Personas,
                                              person_id: Callable[[str], int]) -> None:
    """Revoking is the consenting side's: the grantee cannot revoke (403), the agency admin can,
    and the dossier closes at once."""
    teacher = person_id("teacher")
    consent = _consent(as_, lc, teacher)
    assert as_("officer").delete(f"/api/v1/consent-grants/{consent['id']}/").status_code == 403
    assert as_("teacher").delete(f"/api/v1/consent-grants/{consent['id']}/").status_code == 404
    revoked = as_("agency_admin").delete(f"/api/v1/consent-grants/{consent['id']}/")
    assert revoked.status_code == 200
    assert revoked.json()["revoked_at"] is not None
    assert as_("officer").get(f"/api/v1/people/{teacher}/dossier/").status_code == 404


@pytest.mark.parametrize(("extra", "fields"), [
    ({"valid_until": "2000-01-01"}, {"valid_until": "Thời hạn phải từ hôm nay trở đi."}),
    ({"reason": " "}, {"reason": "Nêu lý do khai thác."}),
    ({"document_number": ""}, {"document_number": "Nhập số văn bản đồng ý."}),
    ({"org_unit": "{unit}"}, {"person": "Chọn một người hoặc một đơn vị được khai thác."}),
])
def test_a_consent_needs_a_reason_a_document_a_date_and_one_scope(
        as_: Callable[[str], Caller], lc: Personas, person_id: Callable[[str], int], unit_id: Callable[[str], int],
        lao_cai: Province, extra: dict[str, str], fields: dict[str, str]) -> None:
    """Each missing piece is named, in core's words, and nothing is recorded."""
    extra = {k: v.format(unit=unit_id("Sở Giáo dục và Đào tạo")) for k, v in extra.items()}
    response = as_("agency_admin").post("/api/v1/consent-grants/", {
        "grantee": lc.officer.username, "person": person_id("teacher"), "reason": "Xác minh",
        "document_number": "123/SGDĐT-TCCB", "valid_until": timezone.localdate().isoformat(), **extra})
    assert response.status_code == 400
    assert response.json()["extra"]["fields"] == fields
    with tenant_context(lao_cai):
        assert not ConsentGrant.objects.exists()


def test_an_employee_cannot_record_a_consent(as_: Callable[[str], Caller], lc: Personas,
                                             person_id: Callable[[str], int]) -> None:
    """Looking accounts up is for those who grant: an employee is refused before any lookup."""
    response = as_("employee").post("/api/v1/consent-grants/", {
        "grantee": lc.teacher.username, "person": person_id("employee"), "reason": "x",
        "document_number": "1", "valid_until": timezone.localdate().isoformat()})
    assert response.status_code == 403
    assert response.json()["message"] == "Bạn không có quyền thực hiện thao tác này."


def test_grantable_roles_follow_the_tiers(as_: Callable[[str], Caller]) -> None:
    """DoHA grants every stored role over the province; an agency admin the three below it over
    its agency; a sub-unit admin none; an employee none."""
    doha = {(r["role"], r["org_unit"]["name"]) for r in as_("doha").get("/api/v1/roles/grantable/").json()}
    assert {role for role, _ in doha} == {"doha_admin", "agency_admin", "subunit_admin", "unit_officer", "approver",
                                          "tech_agency"}
    agency = as_("agency_admin").get("/api/v1/roles/grantable/").json()
    assert [(r["role"], r["label"], r["org_unit"]["name"]) for r in agency] == [
        ("approver", "Thủ trưởng, người được ủy quyền phê duyệt", "Sở Giáo dục và Đào tạo"),
        ("subunit_admin", "Quản trị đơn vị trực thuộc", "Sở Giáo dục và Đào tạo"),
        ("unit_officer", "Người được giao quản lý, khai thác", "Sở Giáo dục và Đào tạo"),
    ]
    assert as_("subunit_admin").get("/api/v1/roles/grantable/").json() == []
    assert as_("employee").get("/api/v1/roles/grantable/").json() == []


def test_an_agency_admin_grants_and_revokes_a_role_in_its_agency(
        as_: Callable[[str], Caller], lc: Personas, unit_id: Callable[[str], int], lao_cai: Province) -> None:
    """The teacher becomes unit officer of her school, appears in the admin's grants, can then
    read her colleagues there, and loses it when the grant is revoked (kept, dated)."""
    admin = as_("agency_admin")
    school = unit_id("Trường THPT Chuyên Lào Cai")
    granted = admin.post("/api/v1/role-grants/", {"account": lc.teacher.username, "role": "unit_officer",
                                                  "org_unit": school, "authorisation": ""})
    assert granted.status_code == 201, granted.content
    grant = granted.json()
    assert (grant["role_label"], grant["org_unit"]["name"], grant["granted_by"]["username"]) == (
        "Người được giao quản lý, khai thác", "Trường THPT Chuyên Lào Cai", lc.agency_admin.username)
    assert grant["id"] in [g["id"] for g in admin.get("/api/v1/role-grants/").json()["results"]]
    again = admin.post("/api/v1/role-grants/", {"account": lc.teacher.username, "role": "unit_officer",
                                                "org_unit": school})
    assert again.status_code == 400
    assert again.json()["message"] == f"Tài khoản {lc.teacher.username} đã có vai trò này tại “Trường THPT Chuyên Lào Cai”."

    assert as_("officer").delete(f"/api/v1/role-grants/{grant['id']}/").status_code == 404
    revoked = admin.delete(f"/api/v1/role-grants/{grant['id']}/")
    assert revoked.status_code == 200
    with tenant_context(lao_cai):
        assert RoleGrant.objects.get(pk=grant["id"]).revoked_at is not None


def test_granting_to_an_unknown_account_is_a_404(as_: Callable[[str], Caller], unit_id: Callable[[str], int]) -> None:
    """An account that does not exist (or is closed) is named as not found to a granter."""
    response = as_("doha").post("/api/v1/role-grants/", {"account": "khong.co", "role": "unit_officer",
                                                         "org_unit": unit_id("Sở Tài chính")})
    assert (response.status_code, response.json()["message"]) == (404, "Không tìm thấy tài khoản.")


def test_doha_creates_an_agency_account_shown_once(as_: Callable[[str], Caller], unit_id: Callable[[str], int],
                                                   lao_cai: Province) -> None:
    """The new account's first password is answered once; it must be changed at first sign-in;
    a taken name is refused by name."""
    body = {"username": "stp.quantri", "full_name": "Quản trị Sở Tư pháp", "role": "agency_admin",
            "org_unit": unit_id("Sở Tư pháp")}
    created = as_("doha").post("/api/v1/accounts/", body)
    assert created.status_code == 201, created.content
    assert created.json()["username"] == "stp.quantri" and len(created.json()["password"]) >= 12
    with tenant_context(lao_cai):
        assert Account.objects.get(username="stp.quantri").must_change_password
    taken = as_("doha").post("/api/v1/accounts/", body)
    assert taken.json()["extra"]["fields"] == {"username": "Tên đăng nhập “stp.quantri” đã được sử dụng."}
    assert as_("agency_admin").post("/api/v1/accounts/", {**body, "username": "x.y.z"}).status_code == 403


def test_my_obligations_with_their_due_dates(as_: Callable[[str], Caller], person_id: Callable[[str], int]) -> None:
    """Opening a draft gives the employee an update to make, due by the province's rules;
    submitting it gives the officer a review to do."""
    employee = as_("employee")
    draft = employee.post("/api/v1/change-sets/", {"person": person_id("employee")}).json()
    [mine] = employee.get("/api/v1/obligations/").json()["results"]
    assert (mine["kind"], mine["kind_label"], mine["change_set"]) == (
        "personal_update", "Cá nhân cập nhật thay đổi", draft["id"])
    assert mine["due"] is not None and mine["due"] >= mine["event_date"]
    assert as_("officer").get("/api/v1/obligations/").json()["results"] == []
    assert employee.get("/api/v1/obligations/", {"state": "done"}).json()["results"] == []
    bad = employee.get("/api/v1/obligations/", {"state": "soon"})
    assert bad.status_code == 400
