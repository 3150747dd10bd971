"""The dossier API masks sensitive groups the reader's role may not see, and says which."""

from collections.abc import Callable
from datetime import date

import pytest
from django_tenants.utils import tenant_context

from core.models import Person
from core.sensitive import HIDDEN
from tenants.models import Province
from tests.api.conftest import Caller
from tests.core.test_sensitive import with_sensitive_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def employee_id(lao_cai: Province, person_id: Callable[[str], int]) -> int:
    with tenant_context(lao_cai):
        with_sensitive_data(Person.objects.select_related("dossier").get(pk=person_id("employee")))
    return person_id("employee")


def test_the_approver_gets_the_marker_and_the_list_of_hidden_groups(as_: Callable[[str], Caller],
                                                                     employee_id: int) -> None:
    body = as_("approver").get(f"/api/v1/people/{employee_id}/dossier/").json()
    assert body["hidden_groups"] == ["religion", "health", "family", "id_documents"]
    dossier = body["content"]["dossier"]
    assert (dossier["religion_code"], dossier["health_status"], dossier["party_admitted_on"]) == (
        HIDDEN, HIDDEN, date(2012, 3, 26).isoformat())
    family = as_("approver").get(f"/api/v1/people/{employee_id}/dossier/family_member/").json()
    assert [(row["side"], row["full_name"], row["relation"]) for row in family["data"]] == [("own", HIDDEN, HIDDEN)]


@pytest.mark.parametrize("reader", ["officer", "employee"])
def test_the_officer_and_the_person_get_the_values(as_: Callable[[str], Caller], employee_id: int, reader: str) -> None:
    body = as_(reader).get(f"/api/v1/people/{employee_id}/dossier/").json()
    assert body["hidden_groups"] == []
    assert body["content"]["dossier"]["health_status"] == "Viêm gan B"
    assert body["content"]["rows"]["family_member"][0]["full_name"] == "Lò Thị Mẩy"


def test_the_schema_documents_the_marker(as_: Callable[[str], Caller]) -> None:
    schema = as_("anonymous").get("/api/v1/schema/", {"format": "json"}).json()
    dossier = schema["components"]["schemas"]["Dossier"]["properties"]
    assert "Đã ẩn — dữ liệu nhạy cảm" in dossier["content"]["description"]
    items = dossier["hidden_groups"]["items"]
    if "$ref" in items:
        items = schema["components"]["schemas"][items["$ref"].rsplit("/", 1)[-1]]
    assert items["enum"] == ["ethnicity", "religion", "health", "party", "family", "id_documents"]
