"""People and accounts: the ID number is validated, unique, and the sign-in name; account tiers."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from core.base.accounts.models import Account
from core.base.errors import ApplicationError, PermissionDeniedError
from core.models import DossierVersion, Obligation, OrgUnit, Person, Role, RoleGrant
from core.services.access import GrantBasis, account_create, role_grant, role_revoke
from core.services.obligations import obligation_due
from core.services.people import person_account_create, person_create
from tests.core.conftest import Personas

pytestmark = pytest.mark.django_db


def _school() -> OrgUnit:
    return OrgUnit.objects.get(name="Trường THPT Chuyên Lào Cai")


def _create(actor: Account, **overrides: object) -> Person:
    values = dict(acting_user=actor, org_unit=_school(), national_id="010195004321", full_name="Sùng Thị Dợ",
                  gender="female", birth_date=date(1995, 4, 2), category="vien_chuc", start=date(2020, 9, 1),
                  position="Giáo viên")
    return person_create(**{**values, **overrides})  # type: ignore[arg-type]


def test_an_agency_admin_creates_a_person_with_an_empty_first_version(lc: Personas) -> None:
    person = _create(lc.agency_admin)
    assert (person.birth_year, person.birth_month, person.search_name) == (1995, 4, "sung thi do")
    assert person.placements.get().org_unit == _school()
    assert DossierVersion.objects.get(person=person).number == 1


def test_the_id_number_must_agree_with_birth_year_and_sex_and_be_unique(lc: Personas) -> None:
    with pytest.raises(ApplicationError) as wrong:
        _create(lc.agency_admin, gender="male")
    assert wrong.value.message == "Chưa thể tạo hồ sơ: dữ liệu chưa hợp lệ."
    assert wrong.value.extra["fields"] == {
        "national_id": "Chữ số thứ 4 (1) cho biết nữ sinh từ năm 1900, không khớp với giới tính nam."}
    teacher = lc.person(lc.teacher)
    with pytest.raises(ApplicationError) as taken:
        _create(lc.agency_admin, national_id=teacher.national_id)
    assert taken.value.extra["fields"]["national_id"] == f"Số định danh cá nhân {teacher.national_id} đã có hồ sơ trong tỉnh."
    assert not Person.objects.filter(full_name="Sùng Thị Dợ").exists()


def test_only_an_admin_over_the_unit_creates_people(lc: Personas) -> None:
    for outsider in (lc.subunit_admin, lc.officer, lc.employee):
        with pytest.raises(PermissionDeniedError):
            _create(outsider)


def test_the_personal_account_signs_in_with_the_id_number_and_starts_the_first_entry_clock(lc: Personas) -> None:
    person = _create(lc.agency_admin)
    result = person_account_create(acting_user=lc.agency_admin, person=person)
    assert result.account.username == person.national_id
    assert result.account.check_password(result.password) and result.account.must_change_password
    person.refresh_from_db()
    assert person.account == result.account
    obligation = Obligation.objects.get(person=person, kind="first_entry")
    assert (obligation.account, obligation.event_date, obligation.state) == (result.account, timezone.localdate(), "open")
    assert (obligation.due, obligation.citation) == obligation_due(event="first_entry", on=timezone.localdate())
    with pytest.raises(ApplicationError):
        person_account_create(acting_user=lc.agency_admin, person=person)


def test_first_entry_due_date_follows_the_province_rules(lc: Personas, monkeypatch: pytest.MonkeyPatch) -> None:
    """The due date comes from rules.selectors.deadline_for, with its citation."""
    from core.services import obligations
    from rules.domain.compute import DeadlineResult
    from rules.domain.types import Citation

    def deadline_for(*, event: str, on: date) -> DeadlineResult:
        return DeadlineResult(event=event, date=on, due=on + timedelta(days=7), rule=None,  # type: ignore[arg-type]
                              citation=Citation(document="Tờ trình quy chế", article="Mục 2.2"))

    monkeypatch.setattr(obligations, "deadline_for", deadline_for)
    assert obligation_due(event="first_entry", on=date(2026, 3, 2)) == (date(2026, 3, 9), "Mục 2.2, Tờ trình quy chế")


def test_account_tiers_doha_issues_agency_accounts_and_agencies_their_subunits(lc: Personas) -> None:
    education, finance = OrgUnit.objects.get(name="Sở Giáo dục và Đào tạo"), OrgUnit.objects.get(name="Sở Tài chính")
    made = account_create(acting_user=lc.doha, username="stc.quantri", full_name="Quản trị Sở Tài chính",
                          role=Role.AGENCY_ADMIN, org_unit=finance)
    assert made.account.must_change_password
    assert RoleGrant.objects.get(account=made.account).org_unit == finance
    sub = account_create(acting_user=lc.agency_admin, username="thpt.chuyen", full_name="Quản trị THPT Chuyên",
                         role=Role.SUBUNIT_ADMIN, org_unit=_school())
    assert sub.account.role_grants.get().role == "subunit_admin"
    with pytest.raises(PermissionDeniedError):  # not over its own agency, nor another agency
        account_create(acting_user=lc.agency_admin, username="sgd.quantri2", full_name="X",
                       role=Role.AGENCY_ADMIN, org_unit=education)
    with pytest.raises(PermissionDeniedError):
        role_grant(acting_user=lc.agency_admin, account=lc.employee, role=Role.UNIT_OFFICER, org_unit=finance)
    with pytest.raises(PermissionDeniedError):  # a sub-unit admin issues personal accounts only
        role_grant(acting_user=lc.subunit_admin, account=lc.teacher, role=Role.UNIT_OFFICER,
                   org_unit=OrgUnit.objects.get(name="Khoa Nội tổng hợp"))
    with pytest.raises(ApplicationError) as bad_name:
        account_create(acting_user=lc.doha, username="010190001111", full_name="X", role=Role.APPROVER, org_unit=finance)
    assert "bắt đầu bằng chữ" in bad_name.value.extra["fields"]["username"]


def test_a_revoked_role_no_longer_opens_dossiers(lc: Personas) -> None:
    from core.selectors.people import person_list_for_user

    finance = OrgUnit.objects.get(name="Sở Tài chính")
    grant = role_grant(acting_user=lc.doha, account=lc.teacher, role=Role.APPROVER, org_unit=finance,
                       basis=GrantBasis(authorisation="Giấy ủy quyền 05/GUQ-STC"))
    assert person_list_for_user(user=lc.teacher).count() == 4
    role_revoke(acting_user=lc.doha, grant=grant)
    assert [p.account_id for p in person_list_for_user(user=lc.teacher)] == [lc.teacher.pk]
