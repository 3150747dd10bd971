"""/api/v1/careers/people/<id>/job-position/: set a person's job position from a date, read it on any date."""

from collections.abc import Callable
from datetime import date

import pytest
from django_tenants.utils import tenant_context

from core.careers.models import JobPosition
from core.models import Person
from tenants.models import Province
from tests.api.conftest import Caller
from tests.core.conftest import Personas
from tests.core.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(lao_cai: Province, lc: Personas) -> Person:
    with tenant_context(lao_cai):
        JobPosition.objects.create(code="KT", name="Kế toán viên", group="shared", legal_basis="Thông tư 12/2022/TT-BNV")
        return PersonFactory(org_unit=lc.person(lc.employee).org_unit)


def test_set_and_read(person: Person, as_: Callable[[str], Caller]) -> None:
    path = f"/api/v1/careers/people/{person.pk}/job-position/"
    created = as_("doha").post(path, {"code": "KT", "start": "2025-07-01", "decision": "5/QĐ"})
    assert created.status_code == 201 and created.json()["position"]["name"] == "Kế toán viên"
    assert as_("doha").get(path, {"on": "2025-06-30"}).json()["position"] is None
    assert as_("doha").get(path, {"on": "2026-01-01"}).json()["start"] == date(2025, 7, 1).isoformat()
    assert as_("doha").post(path, {"code": "KT"}).status_code == 400
    assert as_("teacher").get(path).status_code == 404
