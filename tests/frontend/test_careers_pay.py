"""The salary-on-a-date page: the amounts for the chosen date, a bad date told beside its field,
and the same 404 for someone out of scope as for no one."""

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django_tenants.utils import tenant_context

from core.base.accounts.models import Account
from core.models import Person, SalaryHistory
from tenants.models import Province
from tests.core.conftest import Personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(lao_cai: Province, lc: Personas) -> Person:
    """The employee persona: ngạch 01.003, step 2 (2.67) from 01/03/2024."""
    with tenant_context(lao_cai):
        person = lc.person(lc.employee)
        person.salary_history.all().delete()
        SalaryHistory.objects.create(person=person, effective_on=date(2024, 3, 1), rank_code="01.003", step=2,
                                     coefficient=Decimal("2.67"))
        return person


def test_the_page_shows_the_month_on_the_chosen_date(clerk: Person, lc: Personas,
                                                     browser_as: Callable[[Account], Client]) -> None:
    """2.67 × 2,340,000 = 6,247,800 on 01/07/2024; 2.67 × 1,800,000 = 4,806,000 the day before."""
    browser = browser_as(lc.doha)
    page = browser.get(f"/su-nghiep/luong/{clerk.pk}/", {"on": "2024-07-01"}).content.decode()
    assert '<span id="base-salary">2.340.000</span>' in page
    assert "<th>6.247.800</th>" in page and "Theo Nghị định 73/2024/NĐ-CP" in page
    page = browser.get(f"/su-nghiep/luong/{clerk.pk}/", {"on": "30/06/2024"}).content.decode()
    assert "<th>4.806.000</th>" in page


def test_the_employee_sees_their_own_from_the_menu(clerk: Person, lc: Personas,
                                                   browser_as: Callable[[Account], Client]) -> None:
    page = browser_as(lc.employee).get("/su-nghiep/luong-cua-toi/", {"on": "2025-01-01"}).content.decode()
    assert "<th>6.247.800</th>" in page


def test_a_bad_date_is_told_beside_the_field(clerk: Person, lc: Personas,
                                             browser_as: Callable[[Account], Client]) -> None:
    browser = browser_as(lc.doha)
    response = browser.get(f"/su-nghiep/luong/{clerk.pk}/", {"on": "31/02/2025"})
    assert response.status_code == 400
    field = response.content.decode().split('id="field-id_on"', 1)[1].split("</div>", 1)[0]
    assert "Ngày không hợp lệ (dd/mm/yyyy hoặc yyyy-mm-dd)." in field
    response = browser.get(f"/su-nghiep/luong/{clerk.pk}/", {"on": "2024-02-29"})
    field = response.content.decode().split('id="field-id_on"', 1)[1].split("</div>", 1)[0]
    assert "Hồ sơ chưa có diễn biến lương hưởng từ ngày 29/02/2024 trở về trước." in field


def test_out_of_scope_and_missing_are_both_not_found(clerk: Person, lc: Personas,
                                                     browser_as: Callable[[Account], Client]) -> None:
    browser = browser_as(lc.teacher)
    assert browser.get(f"/su-nghiep/luong/{clerk.pk}/").status_code == 404
    assert browser.get("/su-nghiep/luong/999999999/").status_code == 404


def test_the_rules_page_lists_the_base_salary_with_its_source(lc: Personas,
                                                              browser_as: Callable[[Account], Client]) -> None:
    page = browser_as(lc.employee).get("/quy-che/").content.decode()
    row = page.split('id="base-salary-2024-07-01"', 1)[1].split("</tr>", 1)[0]
    assert "2.340.000" in row and '<span class="badge">Theo Nghị định 73/2024/NĐ-CP</span>' in row
