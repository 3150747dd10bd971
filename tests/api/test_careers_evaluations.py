"""Evaluation rounds through the API: open, score (công chức by points, viên chức by level),
the approver's confirmation refused over the cap on "xuất sắc", never a 500 on bad input."""

from collections.abc import Callable

import pytest
from django_tenants.utils import tenant_context

from core.models import Evaluation, OrgUnit, PersonCategory
from tenants.models import Province
from tests.api.conftest import Caller
from tests.core.conftest import Personas
from tests.core.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit(lao_cai: Province, lc: Personas) -> tuple[int, list[int]]:
    """Phòng QLNS of Sở Tài chính (the approver persona's unit) with 3 công chức and 1 viên chức of its own."""
    with tenant_context(lao_cai):
        org = OrgUnit.objects.get(pk=lc.person(lc.employee).org_unit_id)
        people = [PersonFactory(org_unit=org).pk for _ in range(3)]
        people.append(PersonFactory(org_unit=org, category=PersonCategory.VIEN_CHUC).pk)
        return org.pk, people


def test_open_score_refuse_then_confirm(lao_cai: Province, unit: tuple[int, list[int]],
                                        as_: Callable[[str], Caller]) -> None:
    """One xuất sắc (95) and no tốt: the cap is 0 % of 0, refused; with two tốt (80) and the viên
    chức tốt, still 20 % of 3 = 0: refused; the xuất sắc lowered to tốt (85): confirmed."""
    org, people = unit
    doha, approver = as_("doha"), as_("approver")
    opened = doha.post("/api/v1/careers/evaluations/", {"unit": org, "year": 2026})
    assert opened.status_code == 201
    path = f"/api/v1/careers/evaluations/{opened.json()['id']}/"
    scored = doha.post(path + "entries/", {"person": people[0], "periods": [[30, 65]] * 4})
    assert scored.json() == {"person": people[0], "points": "95.00", "grade": "excellent"}
    for person in people[1:3]:
        assert doha.post(path + "entries/", {"person": person, "periods": [[25, 55]]}).json()["grade"] == "good"
    assert doha.post(path + "entries/", {"person": people[3], "grade": "good"}).status_code == 200
    refused = approver.post(path + "confirm/")
    assert refused.status_code == 400 and refused.json()["code"] == "excellent_cap"
    assert refused.json()["message"].startswith("Số người xếp loại “Hoàn thành xuất sắc nhiệm vụ” (1) vượt quá 20 %")
    doha.post(path + "entries/", {"person": people[0], "periods": [[25, 60]]})
    confirmed = approver.post(path + "confirm/")
    assert confirmed.status_code == 200 and confirmed.json()["state"] == "confirmed"
    with tenant_context(lao_cai):
        assert Evaluation.objects.filter(person_id__in=people, year=2026, grade="good").count() == 4
    listed = doha.get("/api/v1/careers/evaluations/", {"year": 2026}).json()
    assert [r["by_grade"] for r in listed["results"] if r["id"] == opened.json()["id"]] == [{"good": 4}]


@pytest.mark.parametrize("body", [{}, {"person": "x"}, {"person": 1, "periods": "x"}, {"person": 1, "periods": [[1]]},
                                  {"person": 1, "periods": [[-1, 5]]}, []])
def test_bad_entries_never_500(unit: tuple[int, list[int]], as_: Callable[[str], Caller], body: object) -> None:
    org, _ = unit
    opened = as_("doha").post("/api/v1/careers/evaluations/", {"unit": org, "year": 2026}).json()
    response = as_("doha").post(f"/api/v1/careers/evaluations/{opened['id']}/entries/", body)
    assert response.status_code in (400, 404) and response.json()["message"]
