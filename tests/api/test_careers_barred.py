"""GET /api/v1/careers/barred/: who is barred until when, on a date, within the caller's scope."""

from collections.abc import Callable

import pytest
from django_tenants.utils import tenant_context

from core.models import Discipline, Person
from tenants.models import Province
from tests.api.conftest import Caller
from tests.core.conftest import Personas
from tests.core.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def barred(lao_cai: Province, lc: Personas) -> Person:
    with tenant_context(lao_cai):
        person = PersonFactory(org_unit=lc.person(lc.employee).org_unit)
        Discipline.objects.create(person=person, year=2025, form="Cảnh cáo", reason="Thử nghiệm", decision="3/QĐ")
        return person


def test_the_api_names_the_bar_and_its_end(barred: Person, as_: Callable[[str], Caller]) -> None:
    body = as_("doha").get("/api/v1/careers/barred/", {"on": "2026-06-01"}).json()
    row = next(r for r in body["results"] if r["person"]["id"] == barred.pk)
    assert (row["form"], row["barred_until"], row["salary_delay_months"], row["not_completed_year"]) == (
        "Cảnh cáo", "2026-12-30", 6, 2025)
    assert barred.pk not in [r["person"]["id"] for r in as_("doha").get(
        "/api/v1/careers/barred/", {"on": "2026-12-31"}).json()["results"]]
    assert barred.pk not in [r["person"]["id"] for r in as_("teacher").get(
        "/api/v1/careers/barred/", {"on": "2026-06-01"}).json()["results"]]
    bad = as_("doha").get("/api/v1/careers/barred/", {"on": "2026-02-30"})
    assert bad.status_code == 400 and "on" in bad.json()["extra"]["fields"]

