"""Validation a clerk can trust, through the API: implausible health values and a short ID
number are refused with the exact reason, a draft is discarded with its duty."""

from collections.abc import Callable
from typing import Any

import pytest
from django_tenants.utils import tenant_context

from core.models import ChangeItem, ChangeSet, Obligation, ObligationKind, ObligationState, Person
from tenants.models import Province
from tests.api.conftest import Caller

pytestmark = pytest.mark.django_db

ID_FORMAT = "Số định danh cá nhân phải gồm đúng 12 chữ số."


def _draft(employee: Caller, person: int) -> dict[str, Any]:
    created = employee.post("/api/v1/change-sets/", {"person": person, "changed_on": "2026-01-05"})
    assert created.status_code == 201, created.content
    return created.json()  # type: ignore[no-any-return]


@pytest.mark.parametrize(("values", "field", "message"), [
    ({"height_cm": 9999}, "height_cm", "Chiều cao phải từ 100 đến 250 cm."),
    ({"blood_type": "Z+"}, "blood_type", "Nhóm máu phải là một trong: A, B, AB, O, A+, A-, B+, B-, AB+, AB-, O+, O-."),
])
def test_implausible_health_values_are_a_400_and_nothing_is_saved(
        lao_cai: Province, as_: Callable[[str], Caller], person_id: Callable[[str], int],
        values: dict, field: str, message: str) -> None:
    employee = as_("employee")
    change_set = _draft(employee, person_id("employee"))
    response = employee.post(f"/api/v1/change-sets/{change_set['id']}/values/", {
        "expected_version": change_set["version"], "group": "dossier", "values": values})

    assert response.status_code == 400, response.content
    fields = response.json()["extra"]["fields"]
    assert message in str(fields), fields
    with tenant_context(lao_cai):
        assert not ChangeItem.objects.filter(change_set_id=change_set["id"]).exists()
        assert ChangeSet.objects.get(pk=change_set["id"]).version == change_set["version"]


def test_a_draft_is_discarded_and_its_duty_ends(lao_cai: Province, as_: Callable[[str], Caller],
                                                person_id: Callable[[str], int]) -> None:
    employee = as_("employee")
    change_set = _draft(employee, person_id("employee"))
    stale = employee.delete(f"/api/v1/change-sets/{change_set['id']}/?expected_version=99")
    assert stale.status_code == 409, stale.content

    response = employee.delete(f"/api/v1/change-sets/{change_set['id']}/?expected_version={change_set['version']}")

    assert response.status_code == 204, response.content
    assert employee.get(f"/api/v1/change-sets/{change_set['id']}/").status_code == 404
    with tenant_context(lao_cai):
        assert not ChangeSet.objects.filter(pk=change_set["id"]).exists()
        assert not Obligation.objects.filter(person_id=person_id("employee"), kind=ObligationKind.PERSONAL_UPDATE,
                                             state=ObligationState.OPEN).exists()


def test_an_arrival_with_a_five_digit_id_number_is_told_it_needs_twelve(
        lao_cai: Province, as_: Callable[[str], Caller], unit_id: Callable[[str], int]) -> None:
    response = as_("doha").post("/api/v1/transfers/arrivals/", {
        "kind": "arrival_from_outside", "to_unit": unit_id("Sở Tài chính"), "origin": "Sở Tài chính tỉnh Hà Giang",
        "national_id": "12345", "full_name": "Nguyễn Văn Mới", "gender": "male", "category": "cong_chuc",
        "birth_year": 1990, "effective_on": "2026-08-24",
        "decision_number": "45/QĐ-UBND", "decision_date": "2026-08-20", "signer": "Chủ tịch UBND tỉnh"})

    assert response.status_code == 400, response.content
    assert response.json()["extra"]["fields"]["national_id"] in (ID_FORMAT, [ID_FORMAT])
    with tenant_context(lao_cai):
        assert not Person.objects.filter(national_id="12345").exists()
