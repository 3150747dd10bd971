"""GET /api/v1/careers/people/<id>/salary/?on=: the month's amounts, 400 naming `on` for a bad
date, 404 alike for someone out of scope and no one."""

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest
from django_tenants.utils import tenant_context

from core.models import Allowance, Person, SalaryHistory
from tenants.models import Province
from tests.api.conftest import Caller
from tests.core.conftest import Personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(lao_cai: Province, lc: Personas) -> int:
    with tenant_context(lao_cai):
        person: Person = lc.person(lc.employee)
        person.salary_history.all().delete()
        person.allowances.all().delete()
        SalaryHistory.objects.create(person=person, effective_on=date(2024, 3, 1), rank_code="01.003", step=2,
                                     coefficient=Decimal("2.67"))
        Allowance.objects.create(person=person, kind="seniority", percent=5, start=date(2020, 1, 1))
        return person.pk


def test_the_answer_names_its_base_salary_and_amounts(clerk: int, as_: Callable[[str], Caller]) -> None:
    """2.67 × 2,530,000 = 6,755,100; seniority 5 % = 337,755 (half up from 337,755.0)."""
    body = as_("doha").get(f"/api/v1/careers/people/{clerk}/salary/", {"on": "2026-07-01"}).json()
    assert body["base_salary"] == {"amount": 2_530_000, "effective_from": "2026-07-01", "citation": {
        "document": "Nghị định 161/2026/NĐ-CP", "article": "Điều 3 khoản 2"}}
    assert (body["salary"], body["allowances"][0]["amount"], body["total"]) == (6_755_100, 337_755, 7_092_855)
    assert body["salary_row"] == {"effective_on": "2024-03-01", "rank_code": "01.003", "step": 2,
                                  "coefficient": "2.67", "scale": "A1"}


@pytest.mark.parametrize(("on", "status", "message"), [
    ("2025-13-01", 400, "Tham số on (ngày): Ngày phải có dạng YYYY-MM-DD, ví dụ 2026-04-30."),
    ("9999-01-01", 400, "Tham số on (ngày): Ngày phải trong khoảng 1900-01-01 đến 2100-12-31."),
    # A well-formed day before the dossier's salary history: the data refuses it, not the input.
    ("2024-02-29", 409, "Hồ sơ chưa có diễn biến lương hưởng từ ngày 29/02/2024 trở về trước."),
])
def test_a_date_it_cannot_answer_is_refused_naming_on(clerk: int, as_: Callable[[str], Caller], on: str, status: int,
                                                      message: str) -> None:
    response = as_("doha").get(f"/api/v1/careers/people/{clerk}/salary/", {"on": on})
    assert response.status_code == status
    assert response.json()["message"] == message and "on" in response.json()["extra"]["fields"]


def test_out_of_scope_and_missing_answer_alike(clerk: int, as_: Callable[[str], Caller]) -> None:
    teacher = as_("teacher")
    hidden = teacher.get(f"/api/v1/careers/people/{clerk}/salary/")
    missing = teacher.get("/api/v1/careers/people/999999999/salary/")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()
    assert as_("anonymous").get(f"/api/v1/careers/people/{clerk}/salary/").status_code == 401
