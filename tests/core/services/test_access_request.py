"""Access changes on the competent agency's written request where the province's text says so
(issue 19 item 5; Tuyên Quang Art. 11.4): a role granted or revoked without the request's number
and date is refused citing the article and writes nothing; with it, the request is recorded on
the grant (and its scan kept); Lào Cai's text asks for none and stays as it was."""

from collections.abc import Iterator
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import schema_context, tenant_context

from core.base.audit.models import AuditEvent
from core.base.errors import ApplicationError
from core.models import OrgUnit, Role, RoleGrant
from core.services.access import GrantBasis, role_grant, role_revoke
from tenants.models import Province
from tests.api.conftest import Caller, token_of
from tests.conftest import client_for
from tests.core.conftest import Personas, personas_of

pytestmark = pytest.mark.django_db

TQ_114 = "(Dự thảo Quyết định …/2023/QĐ-UBND tỉnh Tuyên Quang, Điều 11 khoản 4)"
REQUEST = GrantBasis(access_request="120/STC-TCCB", access_request_date=date(2026, 11, 2))


def _tq_province() -> Province:
    with schema_context("public"):
        return Province.objects.get(code="tuyen-quang")


@pytest.fixture
def tq(db: None) -> Iterator[Personas]:
    with tenant_context(_tq_province()):
        yield personas_of(_tq_province())


def _finance() -> OrgUnit:
    return OrgUnit.objects.get(name="Sở Tài chính", dissolved_on__isnull=True)


def _counts() -> tuple[int, int, int]:
    return (RoleGrant.objects.count(), RoleGrant.objects.filter(revoked_at__isnull=True).count(),
            AuditEvent.objects.count())


def test_tuyen_quang_refuses_a_grant_without_the_written_request_and_records_it_when_given(tq: Personas) -> None:
    before = _counts()
    with pytest.raises(ApplicationError) as refused:
        role_grant(acting_user=tq.doha, account=tq.teacher, role=Role.UNIT_OFFICER, org_unit=_finance())
    assert refused.value.extra["fields"] == {
        "access_request": f"Nhập số văn bản đề nghị cấp quyền của cơ quan quản lý có thẩm quyền {TQ_114}.",
        "access_request_date": f"Nhập ngày văn bản đề nghị cấp quyền của cơ quan quản lý có thẩm quyền {TQ_114}.",
    }
    assert _counts() == before

    scan = SimpleUploadedFile("de-nghi.pdf", b"%PDF-1.4 request", content_type="application/pdf")
    grant = role_grant(acting_user=tq.doha, account=tq.teacher, role=Role.UNIT_OFFICER, org_unit=_finance(),
                       basis=GrantBasis(access_request="120/STC-TCCB", access_request_date=date(2026, 11, 2),
                                        access_request_file=scan))
    grant.refresh_from_db()
    assert (grant.access_request, grant.access_request_date) == ("120/STC-TCCB", date(2026, 11, 2))
    assert grant.access_request_file.name.endswith(".pdf")
    assert grant.documents == ["Cấp quyền theo đề nghị tại văn bản số 120/STC-TCCB, ngày 02/11/2026"]
    audit = AuditEvent.objects.get(action="role.grant", target=f"account:{tq.teacher.pk}")
    assert (audit.detail["access_request"], audit.detail["access_request_date"]) == ("120/STC-TCCB", "2026-11-02")


def test_tuyen_quang_refuses_a_revocation_without_the_written_request(tq: Personas) -> None:
    grant = role_grant(acting_user=tq.doha, account=tq.teacher, role=Role.UNIT_OFFICER, org_unit=_finance(),
                       basis=REQUEST)
    before = _counts()
    with pytest.raises(ApplicationError) as refused:
        role_revoke(acting_user=tq.doha, grant=grant, request="131/STC-TCCB")
    assert refused.value.extra["fields"] == {
        "revoke_request_date": f"Nhập ngày văn bản đề nghị thu hồi quyền của cơ quan quản lý có thẩm quyền {TQ_114}.",
    }
    assert _counts() == before
    revoked = role_revoke(acting_user=tq.doha, grant=grant, request="131/STC-TCCB", request_date=date(2026, 11, 20))
    revoked.refresh_from_db()
    assert revoked.revoked_at is not None
    assert (revoked.revoke_request, revoked.revoke_request_date) == ("131/STC-TCCB", date(2026, 11, 20))
    assert "Thu hồi theo đề nghị tại văn bản số 131/STC-TCCB, ngày 20/11/2026" in revoked.documents
    audit = AuditEvent.objects.get(action="role.revoke", target=f"account:{tq.teacher.pk}")
    assert audit.detail["revoke_request"] == "131/STC-TCCB"


def test_lao_cai_grants_and_revokes_without_a_written_request(lao_cai: Province) -> None:
    with tenant_context(lao_cai):
        lc = personas_of(lao_cai)
        grant = role_grant(acting_user=lc.doha, account=lc.teacher, role=Role.UNIT_OFFICER, org_unit=_finance())
        assert (grant.access_request, grant.documents) == ("", [])
        revoked = role_revoke(acting_user=lc.doha, grant=grant)
        assert revoked.revoked_at is not None and revoked.revoke_request == ""


def test_the_page_and_the_api_ask_tuyen_quang_for_the_request_beside_its_field() -> None:
    province = _tq_province()
    browser = client_for(province)
    with tenant_context(province):
        people = personas_of(province)
        browser.force_login(people.doha)
        finance = _finance()
        grants = RoleGrant.objects.count()
    form = {"phan-quyen-username": people.teacher.username, "phan-quyen-role": Role.UNIT_OFFICER,
            "phan-quyen-org_unit": finance.pk}
    refused = browser.post("/tai-khoan/phan-quyen/", form)
    assert refused.status_code == 400
    field = refused.content.decode().split('id="field-id_phan-quyen-access_request"', 1)[1].split("</div>", 1)[0]
    assert f"Nhập số văn bản đề nghị cấp quyền của cơ quan quản lý có thẩm quyền {TQ_114}." in field
    with tenant_context(province):
        assert RoleGrant.objects.count() == grants
    done = browser.post("/tai-khoan/phan-quyen/", {**form, "phan-quyen-access_request": "120/STC-TCCB",
                                                    "phan-quyen-access_request_date": "2026-11-02"})
    assert done.status_code == 302
    assert "Cấp quyền theo đề nghị tại văn bản số 120/STC-TCCB, ngày 02/11/2026" in browser.get(
        "/tai-khoan/").content.decode()
    with tenant_context(province):
        grant = RoleGrant.objects.get(account=people.teacher, role=Role.UNIT_OFFICER, revoked_at__isnull=True)

    # Revoked on the page without the request: refused in words, the grant stays.
    page = browser.post(f"/tai-khoan/phan-quyen/{grant.pk}/thu-hoi/", follow=True)
    assert f"Nhập số văn bản đề nghị thu hồi quyền của cơ quan quản lý có thẩm quyền {TQ_114}." in page.content.decode()
    api = Caller(province, token_of(province, people.doha.username))
    refused_api = client_for(province).delete(f"/api/v1/role-grants/{grant.pk}/", {}, content_type="application/json",
                                              HTTP_AUTHORIZATION=f"Token {api.token}")
    assert refused_api.status_code == 400
    assert set(refused_api.json()["extra"]["fields"]) == {"revoke_request", "revoke_request_date"}
    done_api = client_for(province).delete(
        f"/api/v1/role-grants/{grant.pk}/", {"revoke_request": "131/STC-TCCB", "revoke_request_date": "2026-11-20"},
        content_type="application/json", HTTP_AUTHORIZATION=f"Token {api.token}")
    assert done_api.status_code == 200, done_api.content
    assert (done_api.json()["revoke_request"], done_api.json()["revoke_request_date"]) == ("131/STC-TCCB", "2026-11-20")
