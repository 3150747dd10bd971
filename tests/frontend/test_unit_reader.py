"""A read-only role over a whole unit for its deputies and HR head, where the province's text
gives it (issue 19 item 5; Bình Thuận Art. 8.3-8.4): granted on the accounts page, it sees the
unit's people list and dossiers and changes nothing; Lào Cai's text has no such role."""

from datetime import date

import pytest
from django.test import Client
from django_tenants.utils import schema_context, tenant_context

from core.base.errors import ApplicationError, PermissionDeniedError
from core.models import ChangeSet, OrgUnit, Person, Role, RoleGrant
from core.permissions import NOT_ALLOWED
from core.services.access import UNIT_READER_UNAVAILABLE, GrantBasis, role_grant
from core.services.change_sets import change_set_create
from core.services.people import person_account_create
from tenants.models import Province
from tests.api.conftest import Caller, token_of
from tests.conftest import client_for
from tests.core.conftest import Personas, personas_of

pytestmark = pytest.mark.django_db


def _province(code: str) -> Province:
    with schema_context("public"):
        return Province.objects.get(code=code)


def _doha(province: Province) -> tuple[Client, Personas]:
    browser = client_for(province)
    with tenant_context(province):
        people = personas_of(province)
        browser.force_login(people.doha)
    return browser, people


def test_binh_thuan_grants_the_read_only_role_which_sees_the_unit_and_changes_nothing() -> None:
    binh_thuan = _province("binh-thuan")
    doha, people = _doha(binh_thuan)
    with tenant_context(binh_thuan):
        finance = OrgUnit.objects.get(name="Sở Tài chính", dissolved_on__isnull=True)
        deputy = people.employee  # Phòng Quản lý ngân sách, Sở Tài chính
        head = people.person(people.approver)
        outsider = people.person(people.teacher)
    offered = doha.get("/tai-khoan/").content.decode()
    assert '<option value="unit_reader">Xem toàn đơn vị (cấp phó, trưởng bộ phận tổ chức cán bộ)</option>' in offered
    done = doha.post("/tai-khoan/phan-quyen/", {"phan-quyen-username": deputy.username,
                                                "phan-quyen-role": Role.UNIT_READER,
                                                "phan-quyen-org_unit": finance.pk})
    assert done.status_code == 302
    with tenant_context(binh_thuan):
        grant = RoleGrant.objects.get(account=deputy, role=Role.UNIT_READER, revoked_at__isnull=True)
        assert grant.org_unit_id == finance.pk

    reader = client_for(binh_thuan)
    with tenant_context(binh_thuan):
        reader.force_login(deputy)
    listed = reader.get("/can-bo/")
    assert listed.status_code == 200
    assert head.full_name in listed.content.decode()
    assert outsider.full_name not in listed.content.decode()
    assert reader.get(f"/can-bo/{head.pk}/").status_code == 200
    assert reader.get(f"/can-bo/{outsider.pk}/").status_code == 404

    with tenant_context(binh_thuan):
        drafts = ChangeSet.objects.count()
        head_person = Person.objects.select_related("org_unit").get(pk=head.pk)
        with pytest.raises(PermissionDeniedError) as no_draft:
            change_set_create(acting_user=deputy, person=head_person)
        assert no_draft.value.message == NOT_ALLOWED == "Bạn không có quyền thực hiện thao tác này."
        with pytest.raises(PermissionDeniedError):
            role_grant(acting_user=deputy, account=people.teacher, role=Role.UNIT_READER, org_unit=finance)
        with pytest.raises(PermissionDeniedError):
            person_account_create(acting_user=deputy, person=head_person)
        assert ChangeSet.objects.count() == drafts
    # The accounts page is not theirs, and the API refuses a write in the same words.
    assert reader.get("/tai-khoan/").status_code == 404
    api = Caller(binh_thuan, token_of(binh_thuan, deputy.username))
    refused = api.post("/api/v1/role-grants/", {"account": people.teacher.username, "role": Role.UNIT_READER,
                                                "org_unit": finance.pk})
    assert refused.status_code == 403
    assert refused.json()["message"] == NOT_ALLOWED
    assert api.get(f"/api/v1/people/{head.pk}/").status_code == 200


def test_lao_cai_s_text_has_no_read_only_unit_role_so_it_is_neither_offered_nor_granted(lao_cai: Province) -> None:
    doha, people = _doha(lao_cai)
    assert 'value="unit_reader"' not in doha.get("/tai-khoan/").content.decode()
    with tenant_context(lao_cai):
        finance = OrgUnit.objects.get(name="Sở Tài chính", dissolved_on__isnull=True)
        grants = RoleGrant.objects.count()
        with pytest.raises(ApplicationError) as refused:
            role_grant(acting_user=people.doha, account=people.employee, role=Role.UNIT_READER, org_unit=finance,
                       basis=GrantBasis(authorisation="1/UQ", authorisation_date=date(2026, 1, 2)))
        assert refused.value.extra["fields"] == {"role": UNIT_READER_UNAVAILABLE}
        assert UNIT_READER_UNAVAILABLE == ("Quy chế của tỉnh không quy định vai trò chỉ xem toàn bộ dữ liệu của đơn vị "
                                           "(cấp phó, trưởng bộ phận tổ chức cán bộ): không cấp được vai trò này.")
        assert RoleGrant.objects.count() == grants
    page = doha.post("/tai-khoan/phan-quyen/", {"phan-quyen-username": people.employee.username,
                                                "phan-quyen-role": Role.UNIT_READER,
                                                "phan-quyen-org_unit": finance.pk})
    assert page.status_code == 400
