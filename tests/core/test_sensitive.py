"""Sensitive groups by rule (access.sensitive_groups): a role the rule does not name sees that
the field exists but not its value; the roles it names, and the person, see the values."""

from datetime import date

import pytest

from core.models import FamilyMember, Person
from core.resumes.selectors import resume_source_get_for_user
from core.selectors.people import dossier_get_for_user
from core.sensitive import HIDDEN, hidden_groups
from core.services.change_sets import change_set_create, change_set_values_set
from rules.domain.sensitive import NATIONAL_VISIBILITY, SensitiveVisibility
from rules.services import rule_value_set
from tests.core.conftest import Personas

pytestmark = pytest.mark.django_db


def with_sensitive_data(person: Person) -> Person:
    dossier = person.dossier
    dossier.religion_code, dossier.health_status, dossier.blood_type = "01", "Viêm gan B", "O+"
    dossier.ethnic_group_code, dossier.party_admitted_on = "02", date(2012, 3, 26)
    dossier.save()
    FamilyMember.objects.create(person=person, side="own", relation="Mẹ", full_name="Lò Thị Mẩy", birth_year=1962)
    return person


def test_the_approver_sees_the_fields_but_not_health_religion_or_family(lc: Personas) -> None:
    """By the national default the approver sees ethnicity and Party data, not religion, health
    or family; each hidden field is there with the marker."""
    person = with_sensitive_data(lc.person(lc.employee))
    view = dossier_get_for_user(user=lc.approver, person_id=person.pk)
    assert view.hidden == {"religion", "health", "family", "id_documents"}
    dossier = view.content["dossier"]
    assert (dossier["religion_code"], dossier["health_status"], dossier["blood_type"]) == (HIDDEN, HIDDEN, HIDDEN)
    assert (dossier["ethnic_group_code"], dossier["party_admitted_on"]) == ("02", "2012-03-26")
    [mother] = view.content["rows"]["family_member"]
    assert mother["side"] == "own" and mother["full_name"] == HIDDEN and mother["birth_year"] == HIDDEN
    # The loaded instances the pages render are masked the same way.
    assert view.person.dossier.health_status == HIDDEN
    assert [m.full_name for m in view.person.family_members.all()] == [HIDDEN]


@pytest.mark.parametrize("reader", ["officer", "doha", "employee"])
def test_the_officer_the_doha_and_the_person_see_everything(lc: Personas, reader: str) -> None:
    person = with_sensitive_data(lc.person(lc.employee))
    view = dossier_get_for_user(user=getattr(lc, reader), person_id=person.pk)
    assert view.hidden == frozenset()
    assert view.content["dossier"]["health_status"] == "Viêm gan B"
    assert view.content["rows"]["family_member"][0]["full_name"] == "Lò Thị Mẩy"


def test_a_province_rule_version_changes_who_sees_what(lc: Personas) -> None:
    """Lào Cai records that approvers see health too (a dated, cited version): from then on
    the approver reads it, and still not religion."""
    roles = {group: list(found) for group, found in NATIONAL_VISIBILITY.roles.items()}
    roles["health"].append("approver")
    rule_value_set(acting_user=lc.doha, key="access.sensitive_groups", value={"roles": roles},
                   effective_from=date(2026, 1, 1), document="Quyết định 12/2026/QĐ-UBND", article="Điều 3")
    person = with_sensitive_data(lc.person(lc.employee))
    view = dossier_get_for_user(user=lc.approver, person_id=person.pk)
    assert view.content["dossier"]["health_status"] == "Viêm gan B"
    assert view.content["dossier"]["religion_code"] == HIDDEN


def test_a_rule_naming_an_unknown_group_or_role_is_refused() -> None:
    assert SensitiveVisibility({"religion": ("approver", "approver"), "tattoos": ()}).errors() == {
        "roles.religion": "Vai trò phải là một trong: doha_admin, agency_admin, subunit_admin, unit_officer, approver, "
                          "unit_reader, không trùng lặp.",
        "roles.tattoos": "Nhóm dữ liệu nhạy cảm không có; các nhóm: ethnicity, religion, health, party, family, "
                         "id_documents.",
    }


def test_a_written_consent_does_not_open_sensitive_groups(lc: Personas) -> None:
    from core.permissions import PersonAccess

    person = lc.person(lc.employee)
    assert hidden_groups(user=lc.teacher, person=person, access=PersonAccess(channel="consent")) == {
        "ethnicity", "religion", "health", "party", "family", "id_documents"}


def test_the_resume_of_an_old_version_is_masked_too(lc: Personas) -> None:
    """The résumé as it stood on a past day is built from a stored version: hidden groups are
    masked there as well, and the form prints the marker instead of the value."""
    from core.models import DossierVersion

    person = with_sensitive_data(lc.person(lc.employee))
    DossierVersion.objects.create(person=person, number=900, snapshot={
        "identity": {"org_unit": person.org_unit_id}, "dossier": {"health_status": "Viêm gan B", "religion_code": "01"},
        "rows": {"family_member": [{"id": 1, "side": "own", "full_name": "Lò Thị Mẩy"}]}})
    source = resume_source_get_for_user(user=lc.approver, person_id=person.pk, as_of=date(2100, 1, 1))
    assert source.snapshot["dossier"] == {"health_status": HIDDEN, "religion_code": HIDDEN}
    assert source.snapshot["rows"]["family_member"] == [{"id": 1, "side": "own", "full_name": HIDDEN}]
    now = resume_source_get_for_user(user=lc.approver, person_id=person.pk)
    assert now.snapshot["dossier"]["health_status"] == HIDDEN


def test_an_edit_form_posting_the_marker_back_changes_nothing(lc: Personas) -> None:
    """A form shows hidden fields with the marker; posting it back leaves the stored value
    alone, and only the visible change is proposed."""
    person = with_sensitive_data(lc.person(lc.employee))
    change_set = change_set_create(acting_user=lc.doha, person=person)
    item = change_set_values_set(acting_user=lc.doha, change_set=change_set, expected_version=1, group="dossier",
                                 values={"health_status": HIDDEN, "phone": "0912345678"})
    assert item is not None and item.values == {"phone": "0912345678"}


def test_binh_thuans_unit_reader_sees_what_the_head_sees() -> None:
    """Bình Thuận Art. 8.3-8.4 with Luật 91/2025: a deputy holding the read-only unit role reads
    ethnicity and Party data like the head (the approver), never religion, health, family or
    scanned papers; the head and the reader get the same hidden groups."""
    from django_tenants.utils import schema_context, tenant_context

    from core.models import OrgUnit, Role
    from core.services.access import role_grant
    from tenants.models import Province
    from tests.core.conftest import personas_of

    with schema_context("public"):
        binh_thuan = Province.objects.get(code="binh-thuan")
    with tenant_context(binh_thuan):
        bt = personas_of(binh_thuan)
        finance = OrgUnit.objects.get(name="Sở Tài chính", dissolved_on__isnull=True)
        role_grant(acting_user=bt.doha, account=bt.commune_official, role=Role.UNIT_READER, org_unit=finance)
        person = with_sensitive_data(bt.person(bt.employee))
        reader = dossier_get_for_user(user=bt.commune_official, person_id=person.pk)
        head = dossier_get_for_user(user=bt.approver, person_id=person.pk)
        assert reader.hidden == head.hidden == {"religion", "health", "family", "id_documents"}
        assert (reader.content["dossier"]["ethnic_group_code"], reader.content["dossier"]["health_status"]) == (
            "02", HIDDEN)
