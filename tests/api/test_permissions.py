"""Who may call what, persona by endpoint (pretix style). Someone out of scope gets exactly the
answer a missing row gets (404); someone in scope without the right role gets 403; no token 401.

Subjects: the employee of Phòng Quản lý ngân sách, Sở Tài chính (officer and approver of Sở Tài
chính above her) and the teacher of a school under Sở Giáo dục và Đào tạo (its agency admin above).
"""

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django_tenants.utils import tenant_context

from core.models import ChangeSet, OrgUnit, Person
from core.services.attachments import attachment_add
from core.services.change_sets import change_set_create, change_set_submit, change_set_values_set
from tenants.models import Province
from tests.api.conftest import PDF, PERSONAS, Caller
from tests.core.conftest import Personas
from tests.core.factories import PersonFactory

pytestmark = pytest.mark.django_db

EVERYONE = (*PERSONAS, "anonymous")


def _table(expected: dict[str, int]) -> list[tuple[str, int]]:
    assert set(expected) == set(EVERYONE), "every persona has a row"
    return list(expected.items())


@pytest.fixture
def submitted(lao_cai: Province, lc: Personas) -> dict[str, int]:
    """The employee's submitted change set (a new position, proved by a PDF), made through core."""
    with tenant_context(lao_cai):
        person = lc.person(lc.employee)
        change_set = change_set_create(acting_user=lc.employee, person=person, changed_on=date(2026, 1, 5))
        item = change_set_values_set(acting_user=lc.employee, change_set=change_set,
                                     expected_version=change_set.version, group="dossier",
                                     values={"current_position": "Phó Trưởng phòng"})
        assert item is not None
        attachment = attachment_add(acting_user=lc.employee, change_set=change_set,
                                    expected_version=change_set.version, item_id=item.pk,
                                    file=ContentFile(PDF, name="quyet-dinh.pdf"))
        change_set_submit(acting_user=lc.employee, change_set=change_set, expected_version=change_set.version)
        return {"change_set": change_set.pk, "version": change_set.version, "attachment": attachment.pk,
                "employee": person.pk, "teacher": lc.person(lc.teacher).pk}


EMPLOYEES_RECORD = _table({
    "doha": 200, "agency_admin": 404, "subunit_admin": 404, "officer": 200, "approver": 200,
    "employee": 200, "teacher": 404, "anonymous": 401,
})
TEACHERS_RECORD = _table({
    "doha": 200, "agency_admin": 200, "subunit_admin": 404, "officer": 404, "approver": 404,
    "employee": 404, "teacher": 200, "anonymous": 401,
})
READS_OF_THE_EMPLOYEE = [
    "/api/v1/people/{employee}/",
    "/api/v1/people/{employee}/dossier/",
    "/api/v1/people/{employee}/dossier/training/",
    "/api/v1/people/{employee}/dossier/versions/",
    "/api/v1/people/{employee}/dossier/read-log/",
    "/api/v1/change-sets/{change_set}/",
]


@pytest.mark.parametrize("path", READS_OF_THE_EMPLOYEE)
@pytest.mark.parametrize(("persona", "status"), EMPLOYEES_RECORD)
def test_who_reads_the_employees_record(as_: Callable[[str], Caller], submitted: dict[str, int],
                                        path: str, persona: str, status: int) -> None:
    """The employee, and the roles over Sở Tài chính, read her record and documents; a colleague
    elsewhere and the admins of other agencies get 404, as for a record that does not exist."""
    response = as_(persona).get(path.format(**submitted))
    assert response.status_code == status
    if status == 404:
        assert response.json()["code"] == "not_found"


@pytest.mark.parametrize(("persona", "status"), _table({
    "doha": 200, "agency_admin": 404, "subunit_admin": 404, "officer": 200, "approver": 403,
    "employee": 200, "teacher": 404, "anonymous": 401,
}))
def test_who_downloads_the_employees_documents(as_: Callable[[str], Caller], submitted: dict[str, int],
                                               persona: str, status: int) -> None:
    """As her record, except that the approver, who sees her dossier, is refused her scanned
    papers: a sensitive group the national rule does not name for approvers."""
    response = as_(persona).get(f"/api/v1/attachments/{submitted['attachment']}/")
    assert response.status_code == status
    if status == 403:
        assert response.json()["code"] == "sensitive_document"


@pytest.mark.parametrize("path", ["/api/v1/people/{teacher}/", "/api/v1/people/{teacher}/dossier/"])
@pytest.mark.parametrize(("persona", "status"), TEACHERS_RECORD)
def test_who_reads_the_teachers_record(as_: Callable[[str], Caller], submitted: dict[str, int],
                                       path: str, persona: str, status: int) -> None:
    """The teacher's record opens to her and to the admins over her school, to no one else."""
    assert as_(persona).get(path.format(**submitted)).status_code == status


@pytest.mark.parametrize(("persona", "status"), _table({
    "doha": 403, "agency_admin": 404, "subunit_admin": 404, "officer": 200, "approver": 403,
    "employee": 403, "teacher": 404, "anonymous": 401,
}))
def test_who_reviews_the_employees_change_set(as_: Callable[[str], Caller], submitted: dict[str, int],
                                              lao_cai: Province, persona: str, status: int) -> None:
    """Only the unit officer over her unit reviews; those who see the set without that role are
    refused (403), those who cannot see it get 404; a refusal leaves the set as it was."""
    response = as_(persona).post(f"/api/v1/change-sets/{submitted['change_set']}/review/",
                                 {"expected_version": submitted["version"]})
    assert response.status_code == status
    if status == 403:
        assert response.json()["message"] == "Bạn không có quyền thực hiện thao tác này."
    with tenant_context(lao_cai):
        assert ChangeSet.objects.get(pk=submitted["change_set"]).state == ("reviewed" if status == 200 else "submitted")


@pytest.mark.parametrize(("persona", "status"), _table({
    "doha": 201, "agency_admin": 404, "subunit_admin": 404, "officer": 403, "approver": 403,
    "employee": 201, "teacher": 404, "anonymous": 401,
}))
def test_who_opens_a_change_set_for_the_employee(as_: Callable[[str], Caller], person_id: Callable[[str], int],
                                                 persona: str, status: int) -> None:
    """The person herself or an admin over her unit opens a draft; reading is not authoring."""
    response = as_(persona).post("/api/v1/change-sets/", {"person": person_id("employee")})
    assert response.status_code == status


@pytest.fixture
def newcomer(lao_cai: Province) -> int:
    """Someone just recorded in Phòng Quản lý ngân sách, with no account yet."""
    with tenant_context(lao_cai):
        unit = OrgUnit.objects.get(name="Phòng Quản lý ngân sách")
        return PersonFactory(org_unit=unit, full_name="Nguyễn Văn Mới").pk


@pytest.mark.parametrize(("persona", "status"), _table({
    "doha": 201, "agency_admin": 404, "subunit_admin": 404, "officer": 403, "approver": 403,
    "employee": 404, "teacher": 404, "anonymous": 401,
}))
def test_who_issues_a_personal_account(as_: Callable[[str], Caller], newcomer: int, lao_cai: Province,
                                       persona: str, status: int) -> None:
    """An admin over the person's unit issues the account (sign-in: the ID number)."""
    response = as_(persona).post(f"/api/v1/people/{newcomer}/account/")
    assert response.status_code == status
    with tenant_context(lao_cai):
        person = Person.objects.get(pk=newcomer)
        assert (person.account_id is not None) == (status == 201)
        if status == 201:
            assert response.json()["username"] == person.national_id


@pytest.mark.parametrize(("persona", "status"), _table({
    "doha": 201, "agency_admin": 403, "subunit_admin": 403, "officer": 403, "approver": 403,
    "employee": 403, "teacher": 403, "anonymous": 401,
}))
def test_who_grants_a_role_over_so_tai_chinh(as_: Callable[[str], Caller], lc: Personas,
                                             unit_id: Callable[[str], int], persona: str, status: int) -> None:
    """Making the teacher a unit officer of Sở Tài chính is DoHA's: the agency admin of another
    agency, the approver (who may only record consents) and everyone else are refused."""
    response = as_(persona).post("/api/v1/role-grants/", {
        "account": lc.teacher.username, "role": "unit_officer", "org_unit": unit_id("Sở Tài chính")})
    assert response.status_code == status


LISTS = ["/api/v1/people/", "/api/v1/org-units/", "/api/v1/org-units/tree/", "/api/v1/change-sets/",
         "/api/v1/change-sets/queue/", "/api/v1/obligations/", "/api/v1/roles/grantable/",
         "/api/v1/role-grants/", "/api/v1/consent-grants/"]


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize("persona", EVERYONE)
def test_every_list_needs_a_sign_in_and_only_that(as_: Callable[[str], Caller], path: str, persona: str) -> None:
    """Lists answer every signed-in account (with what its scope holds), and no one else."""
    response = as_(persona).get(path)
    assert response.status_code == (401 if persona == "anonymous" else 200)


@pytest.mark.parametrize(("persona", "visible"), [
    ("doha", {"agency_admin", "subunit_admin", "officer", "approver", "employee", "teacher",
              "commune_official", "merged"}),
    ("agency_admin", {"agency_admin", "teacher"}),
    ("subunit_admin", {"subunit_admin"}),
    ("officer", {"officer", "approver", "employee"}),
    ("approver", {"officer", "approver", "employee"}),
    ("employee", {"employee"}),
    ("teacher", {"teacher"}),
])
def test_the_people_list_holds_exactly_the_scope(as_: Callable[[str], Caller], lc: Personas, lao_cai: Province,
                                                 persona: str, visible: set[str]) -> None:
    """Each persona's list is its own record and the subtrees of its roles, nothing more."""
    with tenant_context(lao_cai):
        ids = {name: lc.person(getattr(lc, name)).national_id for name in
               ("agency_admin", "subunit_admin", "officer", "approver", "employee", "teacher",
                "commune_official", "merged")}
    answer = as_(persona).get("/api/v1/people/", {"limit": 100}).json()
    assert {row["national_id"] for row in answer["results"]} == {ids[name] for name in visible}


@pytest.mark.parametrize(("persona", "queued"), [
    ("officer", True), ("doha", False), ("approver", False), ("agency_admin", False), ("employee", False),
])
def test_the_review_queue_is_the_officers(as_: Callable[[str], Caller], submitted: dict[str, int],
                                          persona: str, queued: bool) -> None:
    """A submitted set waits in the queue of the unit officer over the person's unit only."""
    results: list[dict[str, Any]] = as_(persona).get("/api/v1/change-sets/queue/").json()["results"]
    assert [row["id"] for row in results] == ([submitted["change_set"]] if queued else [])


@pytest.mark.parametrize(("reader", "subject"), [
    ("employee", "officer"),  # a colleague in the same agency
    ("employee", "approver"),  # her own head of agency
    ("officer", "teacher"),  # the unit officer of Sở Tài chính, a teacher of Sở Giáo dục
    ("agency_admin", "employee"),  # the admin of Sở Giáo dục, an employee of Sở Tài chính
])
def test_out_of_scope_answers_exactly_like_a_missing_record(
        as_: Callable[[str], Caller], person_id: Callable[[str], int], reader: str, subject: str) -> None:
    """An employee cannot read a colleague, nor a unit officer another agency's person: the
    answer is word for word the one for an id that does not exist."""
    caller = as_(reader)
    missing = caller.get("/api/v1/people/999999999/dossier/")
    for path in ("/api/v1/people/{id}/", "/api/v1/people/{id}/dossier/"):
        response = caller.get(path.format(id=person_id(subject)))
        assert response.status_code == 404
        assert response.json() == missing.json() == {"message": "Không tìm thấy hồ sơ.", "code": "not_found",
                                                      "extra": {}}
