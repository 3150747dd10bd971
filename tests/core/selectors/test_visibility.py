"""Whose dossier each role sees, through roles and written consent, and that reads are logged."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import tenant_context

from core.base.errors import NotFoundError
from core.base.text import search_normalise
from core.models import ConsentGrant, DossierReadLog, OrgUnit, Person, PersonStatus
from core.permissions import account_is_doha_admin, account_roles
from core.selectors.people import dossier_get_for_user, person_get_for_user, person_list_for_user
from core.services.access import consent_grant_create
from core.services.people import person_leave
from tenants.models import Province
from tests.core.conftest import Personas, personas_of
from tests.core.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _sees(personas: Personas, reader_name: str, subject_name: str) -> bool:
    reader = getattr(personas, reader_name)
    subject = personas.person(getattr(personas, subject_name))
    try:
        dossier_get_for_user(user=reader, person_id=subject.pk)
    except NotFoundError:
        return False
    return True


@pytest.mark.parametrize(
    ("reader", "subject", "visible"),
    [
        ("employee", "employee", True),
        ("employee", "officer", False),  # a colleague in the same agency
        ("employee", "teacher", False),
        ("officer", "employee", True),
        ("officer", "approver", True),
        ("officer", "teacher", False),
        ("approver", "employee", True),
        ("approver", "teacher", False),
        ("agency_admin", "teacher", True),
        ("agency_admin", "employee", False),
        ("subunit_admin", "teacher", False),
        ("subunit_admin", "subunit_admin", True),
        ("commune_official", "employee", False),
        ("doha", "employee", True),
        ("doha", "teacher", True),
        ("doha", "commune_official", True),
    ],
)
def test_each_role_sees_exactly_its_subtree(lc: Personas, reader: str, subject: str, visible: bool) -> None:
    """An employee sees only their own dossier; a role sees its subtree and nothing else."""
    assert _sees(lc, reader, subject) is visible


def test_forbidden_and_missing_answer_alike(lc: Personas) -> None:
    """A colleague's dossier and a dossier that does not exist give the same refusal."""
    colleague = lc.person(lc.officer)
    with pytest.raises(NotFoundError) as forbidden:
        person_get_for_user(user=lc.employee, person_id=colleague.pk)
    with pytest.raises(NotFoundError) as missing:
        person_get_for_user(user=lc.employee, person_id=10**9)
    assert forbidden.value.message == missing.value.message == "Không tìm thấy hồ sơ."
    with pytest.raises(NotFoundError):
        person_get_for_user(user=lc.employee, person_id="abc")  # type: ignore[arg-type]


def test_reading_someone_elses_dossier_is_logged_but_not_ones_own(lc: Personas) -> None:
    """Every read of another person's dossier leaves who, whose, when and through what."""
    employee = lc.person(lc.employee)
    dossier_get_for_user(user=lc.employee, person_id=employee.pk)
    assert not DossierReadLog.objects.filter(person=employee).exists()
    view = dossier_get_for_user(user=lc.officer, person_id=employee.pk, purpose="kiểm tra")
    log = DossierReadLog.objects.get(person=employee)
    assert (log.reader, log.channel, log.role_grant, log.purpose) == (lc.officer, "role", view.access.role_grant, "kiểm tra")
    assert log.role_grant.role == "unit_officer"


def test_a_consent_grant_opens_a_dossier_until_it_expires(lc: Personas) -> None:
    """With the agency's written consent the teacher may read one colleague's dossier, logged
    as a consent read, until the date in the grant; then the dossier closes again."""
    employee = lc.person(lc.employee)
    assert not _sees(lc, "teacher", "employee")
    consent = consent_grant_create(
        acting_user=lc.approver, grantee=lc.teacher, person=employee, reason="Xác minh hồ sơ khen thưởng",
        document_number="15/STC-VP", valid_until=timezone.localdate(),
    )
    assert _sees(lc, "teacher", "employee")
    log = DossierReadLog.objects.get(person=employee, reader=lc.teacher)
    assert (log.channel, log.consent_grant) == ("consent", consent)
    assert [p.pk for p in person_list_for_user(user=lc.teacher)] == sorted(
        [employee.pk, lc.person(lc.teacher).pk], key=lambda pk: Person.objects.get(pk=pk).search_name)
    ConsentGrant.objects.filter(pk=consent.pk).update(valid_until=timezone.localdate() - timedelta(days=1))
    assert not _sees(lc, "teacher", "employee")


def test_a_consent_grant_over_a_unit_opens_its_subtree(lc: Personas) -> None:
    school = lc.person(lc.teacher).org_unit
    consent_grant_create(
        acting_user=lc.agency_admin, grantee=lc.employee, org_unit=school.parent, reason="Thanh tra",
        document_number="02/SGD", valid_until=timezone.localdate() + timedelta(days=30),
    )
    assert _sees(lc, "employee", "teacher")
    assert not _sees(lc, "employee", "officer")


def test_only_an_admin_over_the_dossier_records_a_consent(lc: Personas) -> None:
    from core.base.errors import PermissionDeniedError

    with pytest.raises(PermissionDeniedError):
        consent_grant_create(acting_user=lc.agency_admin, grantee=lc.teacher, person=lc.person(lc.employee),
                             reason="x", document_number="1", valid_until=timezone.localdate())
    assert not ConsentGrant.objects.exists()


def test_the_doha_admin_holds_the_province_and_an_employee_only_themselves(lc: Personas) -> None:
    assert account_is_doha_admin(lc.doha)
    assert not account_is_doha_admin(lc.agency_admin)
    [held] = account_roles(lc.doha)
    assert (held.role, held.org_unit.parent_id) == ("doha_admin", None)
    assert [r.role for r in account_roles(lc.employee)] == ["employee"]
    assert [r.role for r in account_roles(lc.officer)] == ["unit_officer", "employee"]


def test_the_list_holds_only_what_the_reader_may_see(lc: Personas) -> None:
    officer_list = {p.account_id for p in person_list_for_user(user=lc.officer)}
    assert officer_list == {lc.officer.pk, lc.approver.pk, lc.employee.pk}
    assert [p.account_id for p in person_list_for_user(user=lc.employee)] == [lc.employee.pk]
    assert len(person_list_for_user(user=lc.doha)) == Person.objects.count()


def test_names_are_found_with_or_without_diacritics_and_ids_by_their_start(lc: Personas) -> None:
    employee = lc.person(lc.employee)  # Phạm Minh Đức
    for query in ("Phạm Minh Đức", "pham minh duc", "MINH ĐỨC", "duc"):
        assert employee in person_list_for_user(user=lc.doha, query=query), query
    assert list(person_list_for_user(user=lc.doha, query=employee.national_id[:8])) == [employee]
    assert not person_list_for_user(user=lc.doha, query="Phạm Minh Đạt").exists()
    assert not person_list_for_user(user=lc.teacher, query="Phạm").exists()


def test_the_list_filters_by_unit_subtree_rank_and_category(lc: Personas) -> None:
    finance = lc.person(lc.approver).org_unit
    in_finance = person_list_for_user(user=lc.doha, unit_id=finance.pk)
    assert {p.account_id for p in in_finance} == {lc.officer.pk, lc.approver.pk, lc.employee.pk}
    assert {p.account_id for p in person_list_for_user(user=lc.doha, unit_id=finance.pk, rank_code="01.002")} == {lc.approver.pk}
    assert {p.account_id for p in person_list_for_user(user=lc.doha, category="vien_chuc")} == {
        lc.teacher.pk, lc.subunit_admin.pk}
    assert not person_list_for_user(user=lc.doha, unit_id=10**9).exists()


def test_leavers_move_to_the_archive_which_their_unit_and_doha_still_search(lc: Personas) -> None:
    """A retired person's dossier leaves the working list, stays searchable in the archive by
    the unit and the DoHA, and their account closes."""
    employee = lc.person(lc.employee)
    person_leave(acting_user=lc.doha, person=employee, status=PersonStatus.RETIRED,
                 on=timezone.localdate(), reason="Nghỉ hưu theo chế độ")
    assert employee not in person_list_for_user(user=lc.officer)
    assert list(person_list_for_user(user=lc.officer, archived=True, query="pham")) == [employee]
    assert list(person_list_for_user(user=lc.doha, archived=True)) == [employee]
    lc.employee.refresh_from_db()
    assert lc.employee.is_active is False
    assert employee.placements.get().end == timezone.localdate()


def test_a_person_of_lao_cai_is_invisible_from_lai_chau(lao_cai: Province, lai_chau: Province) -> None:
    """Isolation: the same id asked in Lai Châu, even by its DoHA admin, is 'not found'."""
    with tenant_context(lao_cai):
        lao_cai_person = PersonFactory(full_name="Chỉ Ở Lào Cai")
    with tenant_context(lai_chau):
        lai_chau_doha = personas_of(lai_chau).doha
        with pytest.raises(NotFoundError):
            dossier_get_for_user(user=lai_chau_doha, person_id=lao_cai_person.pk)
        assert not Person.objects.filter(national_id=lao_cai_person.national_id).exists()
        assert not person_list_for_user(user=lai_chau_doha, query="Chỉ Ở Lào Cai").exists()


def _list_queries(lc: Personas, query: str) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        found = [(p.org_unit.name, p.dossier.rank_code) for p in person_list_for_user(user=lc.officer, query=query)]
    # The search path is set once for the province (tenants/postgresql_backend): count only the real statements.
    return len(found), [q["sql"] for q in captured.captured_queries if not q["sql"].startswith("SET ")]


def test_the_list_costs_the_same_queries_for_5_or_50_rows(lc: Personas, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    """Two queries for the reader's scope and one for the rows (units and dossiers joined); a
    name search reads the dossiers of its rows in one more. Whatever their number."""
    unit = OrgUnit.objects.get(pk=lc.person(lc.approver).org_unit_id)
    PersonFactory.build_many(5, org_unit=unit)
    rows, five = _list_queries(lc, "mau")
    assert (rows, len(five)) == (5, 4)
    assert len(_list_queries(lc, "")[1]) == 3
    PersonFactory.build_many(45, org_unit=unit)
    with django_assert_num_queries(4):  # the same four; the search path is already set
        rows, fifty = _list_queries(lc, "mau")
    assert (rows, len(fifty)) == (50, 4)
    with django_assert_num_queries(3):
        rows, _ = _list_queries(lc, "")
    assert rows == 53


def test_a_name_search_lists_its_matches_in_name_order_then_id(lc: Personas) -> None:
    """Long searches (read through the trigram index, then sorted) and short ones (read along
    the name index) give the same people in the same order as the list sorted by name without
    diacritics then id, each with its unit and dossier."""
    unit = OrgUnit.objects.get(pk=lc.person(lc.approver).org_unit_id)
    for name, rank in [("Nguyễn Văn Ân", "01.003"), ("Nguyen Van An", "01.002"), ("Ngô Văn An", ""),
                       ("Nguyễn Văn Ân", ""), ("Văn Thị Ánh", "01.003"), ("Lò Văn Pao", "01.002")]:
        PersonFactory(full_name=name, org_unit=unit, dossier__rank_code=rank)
    for query in ("Nguyễn Văn Ân", "van", "VĂN A", "an", "n"):
        found = [(p.pk, p.org_unit.name, p.dossier.rank_code) for p in person_list_for_user(user=lc.doha, query=query)]
        expected = Person.objects.filter(search_name__contains=search_normalise(query), status=PersonStatus.WORKING)
        assert found == [(p.pk, p.org_unit.name, p.dossier.rank_code)
                         for p in expected.select_related("org_unit", "dossier").order_by("search_name", "id")], query
    assert len(person_list_for_user(user=lc.doha, query="Nguyễn Văn Ân")) == 3
