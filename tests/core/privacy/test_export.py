"""A data subject's copy: everything held about them, and who read their dossier and why."""

import pytest

from core.base.errors import NotFoundError
from core.models import DossierReadLog, Person
from core.privacy.documents import data_subject_pdf
from core.privacy.selectors import data_subject_export
from core.privacy.services import privacy_request_create
from core.selectors.people import NO_DOSSIER, dossier_get_for_user
from tests.core.conftest import Personas

pytestmark = pytest.mark.django_db


def test_the_copy_holds_the_dossier_the_requests_and_every_read_by_someone_else(lc: Personas) -> None:
    person = Person.objects.get(account=lc.employee)
    dossier_get_for_user(user=lc.officer, person_id=person.pk, purpose="review")
    dossier_get_for_user(user=lc.employee, person_id=person.pk)  # one's own read is not logged
    privacy_request_create(acting_user=lc.employee, kind="access", detail="Bản sao.")

    export = data_subject_export(user=lc.employee)

    assert export["province"] == "Lào Cai"
    assert export["account"]["username"] == lc.employee.username
    assert export["dossier"]["identity"]["national_id"] == person.national_id
    assert export["org_unit"] == person.org_unit.name
    assert [r["kind"] for r in export["requests"]] == ["access"]
    assert [(r["reader"], r["purpose"], r["channel"]) for r in export["read_log"]] == [
        (lc.officer.username, "review", "role")]
    assert export["read_log"][0]["role"] == "Người được giao quản lý, khai thác"
    # Exporting is not a read by someone else.
    assert DossierReadLog.objects.filter(person=person).count() == 1


def test_the_pdf_is_a_pdf_of_the_same_copy(lc: Personas) -> None:
    content = data_subject_pdf(data_subject_export(user=lc.employee))
    assert content.startswith(b"%PDF-")


def test_an_account_without_a_dossier_gets_the_plain_answer(lc: Personas) -> None:
    with pytest.raises(NotFoundError) as refused:
        data_subject_export(user=lc.doha)
    assert refused.value.message == NO_DOSSIER
