"""Who may approve and which accounts may be issued, as each province's text says (issue 19,
items 4 and 5): a rule a province's text does not set leaves the grant as it was."""

from collections.abc import Iterator
from datetime import date

import pytest
from django_tenants.utils import schema_context, tenant_context

from core.base.accounts.models import Account
from core.base.audit.models import AuditEvent
from core.base.errors import ApplicationError, PermissionDeniedError
from core.models import OrgUnit, Role, RoleGrant
from core.services.access import (
    GrantBasis,
    account_active_set,
    account_create,
    role_grant,
    role_revoke,
)
from tenants.models import Province
from tests.core.conftest import Personas, personas_of

pytestmark = pytest.mark.django_db

SON_LA_7 = "(Dự thảo Quyết định …/2026/QĐ-UBND tỉnh Sơn La, Điều 7)"
SON_LA_12 = "(Dự thảo Quyết định …/2026/QĐ-UBND tỉnh Sơn La, Điều 12; Điều 13 khoản 2)"
LAI_CHAU_24 = "(Tờ trình của Sở Nội vụ tỉnh Lai Châu (dự thảo Quy chế), Mục 2.4)"
LAI_CHAU_21 = "(Tờ trình của Sở Nội vụ tỉnh Lai Châu (dự thảo Quy chế), Mục 2.1; Mục 2.4)"
TUYEN_QUANG_52 = "(Dự thảo Quyết định …/2023/QĐ-UBND tỉnh Tuyên Quang, Điều 5 khoản 2)"
TQ_REQUEST = GrantBasis(access_request="120/STC-TCCB", access_request_date=date(2026, 11, 2))
DECISION = GrantBasis(appointment_decision="15/QĐ-SGDĐT", appointment_date=date(2026, 3, 2))


def _personas(province: Province) -> Iterator[Personas]:
    with tenant_context(province):
        yield personas_of(province)


@pytest.fixture
def sl(son_la: Province) -> Iterator[Personas]:
    """Sơn La's personas; the test runs inside Sơn La's schema."""
    yield from _personas(son_la)


@pytest.fixture
def lch(lai_chau: Province) -> Iterator[Personas]:
    yield from _personas(lai_chau)


@pytest.fixture
def tq(db: None) -> Iterator[Personas]:
    with schema_context("public"):
        province = Province.objects.get(code="tuyen-quang")
    yield from _personas(province)


def _unit(name: str) -> OrgUnit:
    return OrgUnit.objects.get(name=name, dissolved_on__isnull=True)


def _school() -> OrgUnit:
    return OrgUnit.objects.filter(name__startswith="Trường THPT Chuyên").get()


def _nothing_written(grants_before: int, audits_before: int) -> None:
    assert RoleGrant.objects.count() == grants_before
    assert AuditEvent.objects.count() == audits_before


def _counts() -> tuple[int, int]:
    return RoleGrant.objects.count(), AuditEvent.objects.count()


# --- Who may approve: the head, or a person authorised in writing (Sơn La Art. 7) ---------------


def test_son_la_refuses_a_non_head_approver_without_the_written_authorisation(sl: Personas) -> None:
    """Sơn La Art. 7: "người đứng đầu … hoặc người được ủy quyền bằng văn bản" approves. A
    grant to anyone but the head without the authorisation's number and date writes nothing."""
    finance = _unit("Sở Tài chính")
    before = _counts()
    with pytest.raises(ApplicationError) as refused:
        role_grant(acting_user=sl.doha, account=sl.teacher, role=Role.APPROVER, org_unit=finance)
    assert refused.value.extra["fields"] == {
        "authorisation": f"Nhập số văn bản ủy quyền phê duyệt của thủ trưởng {SON_LA_7}.",
        "authorisation_date": f"Nhập ngày văn bản ủy quyền phê duyệt của thủ trưởng {SON_LA_7}.",
    }
    _nothing_written(*before)
    with pytest.raises(ApplicationError) as no_date:
        role_grant(acting_user=sl.doha, account=sl.teacher, role=Role.APPROVER, org_unit=finance,
                   basis=GrantBasis(authorisation="12/GUQ-STC"))
    assert list(no_date.value.extra["fields"]) == ["authorisation_date"]
    _nothing_written(*before)

    grant = role_grant(acting_user=sl.doha, account=sl.teacher, role=Role.APPROVER, org_unit=finance,
                       basis=GrantBasis(authorisation="12/GUQ-STC", authorisation_date=date(2026, 11, 30)))
    assert (grant.is_head, grant.authorisation, grant.authorisation_date) == (False, "12/GUQ-STC", date(2026, 11, 30))
    assert grant.capacity == "Được ủy quyền theo văn bản số 12/GUQ-STC, ngày 30/11/2026"
    audit = AuditEvent.objects.get(action="role.grant", target=f"account:{sl.teacher.pk}")
    assert (audit.detail["authorisation"], audit.detail["authorisation_date"]) == ("12/GUQ-STC", "2026-11-30")


def test_the_head_needs_no_authorisation_and_a_unit_has_one_head(sl: Personas) -> None:
    """The head approves in their own right; a second "head" of the same unit is refused,
    and once the first head's grant is revoked another may be recorded."""
    finance = _unit("Sở Tài chính")
    head = RoleGrant.objects.get(account=sl.approver, role=Role.APPROVER, revoked_at__isnull=True)
    assert head.is_head and head.capacity == "Thủ trưởng"
    before = _counts()
    with pytest.raises(ApplicationError) as second:
        role_grant(acting_user=sl.doha, account=sl.teacher, role=Role.APPROVER, org_unit=finance,
                   basis=GrantBasis(is_head=True))
    assert second.value.code == "head_exists"
    assert second.value.message == (f"“Sở Tài chính” đã có thủ trưởng phê duyệt (tài khoản {sl.approver.username}): "
                                    "người khác chỉ phê duyệt khi được ủy quyền.")
    _nothing_written(*before)
    role_revoke(acting_user=sl.doha, grant=head)
    new_head = role_grant(acting_user=sl.doha, account=sl.teacher, role=Role.APPROVER, org_unit=finance,
                          basis=GrantBasis(is_head=True))
    assert new_head.is_head and new_head.authorisation == ""


def test_an_authorisation_dated_in_the_future_is_refused(sl: Personas) -> None:
    with pytest.raises(ApplicationError) as refused:
        role_grant(acting_user=sl.doha, account=sl.teacher, role=Role.APPROVER, org_unit=_unit("Sở Tài chính"),
                   basis=GrantBasis(authorisation="12/GUQ-STC", authorisation_date=date(2100, 1, 1)))
    assert refused.value.extra["fields"] == {"authorisation_date": "Ngày văn bản không được sau hôm nay."}


def test_lao_cai_sets_no_such_rule_and_keeps_todays_behaviour(lc: Personas) -> None:
    """Lào Cai's text (Art. 7.2) does not ask for the authorisation in writing: the grant
    passes without it, as before."""
    grant = role_grant(acting_user=lc.doha, account=lc.teacher, role=Role.APPROVER,
                       org_unit=_unit("Sở Tài chính"))
    assert (grant.is_head, grant.authorisation, grant.capacity) == (False, "", "")


# --- Sub-unit accounts: Lai Châu 2.4 (DoHA's written agreement), Tuyên Quang Art. 5.2 (none) ----


def test_lai_chau_refuses_a_sub_unit_account_without_the_dohas_written_agreement(lch: Personas) -> None:
    """Lai Châu 2.4: "phải thống nhất với Sở Nội vụ bằng văn bản để được cấp bổ sung tài khoản
    đơn vị". Without the agreement's number and date, no account and no grant are written."""
    accounts = Account.objects.count()
    before = _counts()
    with pytest.raises(ApplicationError) as refused:
        account_create(acting_user=lch.agency_admin, username="thpt.chuyen", full_name="Quản trị THPT Chuyên",
                       role=Role.SUBUNIT_ADMIN, org_unit=_school(), basis=DECISION)
    assert refused.value.extra["fields"] == {
        "doha_agreement": f"Nhập số văn bản thống nhất của Sở Nội vụ về tài khoản đơn vị trực thuộc {LAI_CHAU_24}.",
        "doha_agreement_date": f"Nhập ngày văn bản thống nhất của Sở Nội vụ về tài khoản đơn vị trực thuộc {LAI_CHAU_24}.",
    }
    assert Account.objects.count() == accounts
    _nothing_written(*before)

    agreed = GrantBasis(doha_agreement="245/SNV-CCVC", doha_agreement_date=date(2026, 10, 5),
                        appointment_decision=DECISION.appointment_decision, appointment_date=DECISION.appointment_date)
    created = account_create(acting_user=lch.agency_admin, username="thpt.chuyen", full_name="Quản trị THPT Chuyên",
                             role=Role.SUBUNIT_ADMIN, org_unit=_school(), basis=agreed)
    grant = created.account.role_grants.get()
    assert (grant.doha_agreement, grant.doha_agreement_date) == ("245/SNV-CCVC", date(2026, 10, 5))
    assert grant.documents == ["Sở Nội vụ thống nhất tại văn bản số 245/SNV-CCVC, ngày 05/10/2026",
                               "Giao quản trị theo quyết định số 15/QĐ-SGDĐT, ngày 02/03/2026"]


def test_tuyen_quang_has_no_sub_unit_tier_and_one_account_per_unit(tq: Personas) -> None:
    """Tuyên Quang Art. 5.2: "Mỗi cơ quan, tổ chức, đơn vị … được cấp 01 tài khoản": a sub-unit
    account is refused, and so is a second account for a unit that has one."""
    accounts = Account.objects.count()
    before = _counts()
    with pytest.raises(ApplicationError) as sub_unit:
        account_create(acting_user=tq.agency_admin, username="thpt.chuyen", full_name="Quản trị THPT Chuyên",
                       role=Role.SUBUNIT_ADMIN, org_unit=_school())
    assert sub_unit.value.code == "subunit_tier_forbidden"
    assert sub_unit.value.message == ("Tỉnh không phân cấp tài khoản đơn vị trực thuộc: mỗi cơ quan, tổ chức, "
                                      f"đơn vị được cấp 01 tài khoản {TUYEN_QUANG_52}.")
    with pytest.raises(ApplicationError) as second:
        account_create(acting_user=tq.doha, username="sgd.quantri2", full_name="Sở GD&ĐT (2)",
                       role=Role.AGENCY_ADMIN, org_unit=_unit("Sở Giáo dục và Đào tạo"))
    assert second.value.code == "one_account_per_unit"
    assert second.value.message == ("“Sở Giáo dục và Đào tạo” đã có tài khoản: mỗi cơ quan, tổ chức, đơn vị được "
                                    f"cấp 01 tài khoản {TUYEN_QUANG_52}.")
    with pytest.raises(ApplicationError):  # nor as a role given to an existing account
        role_grant(acting_user=tq.doha, account=tq.teacher, role=Role.SUBUNIT_ADMIN, org_unit=_school())
    assert Account.objects.count() == accounts
    _nothing_written(*before)
    # A unit with no account yet gets its one account (on the written request, Art. 11.4).
    created = account_create(acting_user=tq.doha, username="stc.quantri", full_name="Sở Tài chính",
                             role=Role.AGENCY_ADMIN, org_unit=_unit("Sở Tài chính"), basis=TQ_REQUEST)
    assert created.account.role_grants.get().role == Role.AGENCY_ADMIN


def test_lao_cai_keeps_its_sub_unit_tier(lc: Personas) -> None:
    """Lào Cai Art. 6.2 has the sub-unit tier and asks for no agreement: as before."""
    created = account_create(acting_user=lc.agency_admin, username="thpt.chuyen", full_name="Quản trị THPT Chuyên",
                             role=Role.SUBUNIT_ADMIN, org_unit=_school())
    assert created.account.role_grants.get().doha_agreement == ""


# --- One data administrator per unit, by the head's decision (Lai Châu 2.1, 2.4; Sơn La 12, 13.2) --


@pytest.mark.parametrize(("province", "cited"), [("lch", LAI_CHAU_21), ("sl", SON_LA_12)])
def test_a_units_data_administrator_is_appointed_by_the_heads_decision_one_per_unit(
    province: str, cited: str, request: pytest.FixtureRequest,
) -> None:
    people: Personas = request.getfixturevalue(province)
    school = _school()
    before = _counts()
    with pytest.raises(ApplicationError) as refused:
        role_grant(acting_user=people.doha, account=people.teacher, role=Role.AGENCY_ADMIN, org_unit=school)
    assert refused.value.extra["fields"] == {
        "appointment_decision": f"Nhập số quyết định của thủ trưởng giao quản trị dữ liệu {cited}.",
        "appointment_date": f"Nhập ngày quyết định của thủ trưởng giao quản trị dữ liệu {cited}.",
    }
    _nothing_written(*before)
    grant = role_grant(acting_user=people.doha, account=people.teacher, role=Role.AGENCY_ADMIN, org_unit=school,
                       basis=DECISION)
    assert (grant.appointment_decision, grant.appointment_date) == ("15/QĐ-SGDĐT", date(2026, 3, 2))
    before = _counts()
    with pytest.raises(ApplicationError) as second:
        role_grant(acting_user=people.doha, account=people.commune_official, role=Role.AGENCY_ADMIN,
                   org_unit=school, basis=DECISION)
    assert second.value.code == "one_data_admin"
    assert second.value.message == (
        f"“{school.name}” đã có người quản trị dữ liệu (tài khoản {people.teacher.username}): mỗi cơ quan, "
        f"đơn vị 01 người quản trị {cited}; thu hồi quyền của người cũ trước.")
    _nothing_written(*before)


# --- Accounts disabled and re-enabled by the admin above (Tuyên Quang 5.1, 11.4; Sơn La 5; Bình Thuận 15.2)


def test_the_admin_above_disables_and_re_enables_an_account_with_the_reason_logged(lc: Personas) -> None:
    """The education agency's admin disables a teacher's account and opens it again; each is
    logged with the written request. The disabled account signs in no more."""
    from django.contrib.auth import authenticate

    from core.operations.demo.services import DEMO_PASSWORD

    account_active_set(acting_user=lc.agency_admin, account=lc.teacher, active=False,
                       reason="Công văn 88/THPT đề nghị tạm khóa")
    lc.teacher.refresh_from_db()
    assert not lc.teacher.is_active
    assert authenticate(username=lc.teacher.username, password=DEMO_PASSWORD) is None
    disabled = AuditEvent.objects.get(action="account.disable", target=f"account:{lc.teacher.pk}")
    assert (disabled.actor_id, disabled.detail["reason"]) == (lc.agency_admin.pk, "Công văn 88/THPT đề nghị tạm khóa")
    account_active_set(acting_user=lc.agency_admin, account=lc.teacher, active=True, reason="Công văn 90/THPT")
    lc.teacher.refresh_from_db()
    assert lc.teacher.is_active
    assert AuditEvent.objects.filter(action="account.enable", target=f"account:{lc.teacher.pk}").count() == 1


def test_only_an_admin_above_may_disable_an_account_and_a_refusal_writes_nothing(lc: Personas) -> None:
    audits = AuditEvent.objects.count()
    with pytest.raises(PermissionDeniedError):  # another agency's person
        account_active_set(acting_user=lc.agency_admin, account=lc.employee, active=False, reason="Thử")
    with pytest.raises(PermissionDeniedError):  # the sub-unit admin is below the agency's admin
        account_active_set(acting_user=lc.subunit_admin, account=lc.agency_admin, active=False, reason="Thử")
    with pytest.raises(ApplicationError) as no_reason:
        account_active_set(acting_user=lc.agency_admin, account=lc.teacher, active=False, reason=" ")
    assert no_reason.value.extra["fields"] == {"reason": "Nêu lý do hoặc số văn bản đề nghị."}
    with pytest.raises(ApplicationError) as own:
        account_active_set(acting_user=lc.doha, account=lc.doha, active=False, reason="Thử")
    assert own.value.code == "own_account"
    assert AuditEvent.objects.count() == audits
    assert Account.objects.filter(pk__in=[lc.employee.pk, lc.agency_admin.pk, lc.teacher.pk, lc.doha.pk],
                                  is_active=True).count() == 4
