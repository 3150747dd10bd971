"""The DoHA's home counts the province's open career duties by kind, as the ORM counts them; a
person's own home names the career events about them."""

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone
from django_tenants.utils import tenant_context

from core.base.accounts.models import Account
from core.careers.dates import months_add
from core.careers.services import career_duties_ensure
from core.models import Gender, Obligation, ObligationKind, ObligationState, SalaryHistory
from tenants.models import Province
from tests.core.conftest import Personas
from tests.core.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_the_doha_home_counts_career_duties(lao_cai: Province, lc: Personas,
                                            browser_as: Callable[[Account], Client]) -> None:
    with tenant_context(lao_cai):
        # A man reaching 62 in about eight months: his notice and decision fall within the year ahead.
        born = months_add(timezone.localdate(), 8 - 62 * 12)
        PersonFactory(gender=Gender.MALE, birth_year=born.year, birth_month=born.month,
                      birth_date=date(born.year, born.month, 1))
        career_duties_ensure(today=timezone.localdate())
        expected = {kind: Obligation.objects.filter(kind=kind, state=ObligationState.OPEN).count()
                    for kind in (ObligationKind.RETIREMENT_NOTICE, ObligationKind.RETIREMENT_DECISION,
                                 ObligationKind.SALARY_RAISE, ObligationKind.OVER_FRAME, ObligationKind.TERM_END)}
    assert expected[ObligationKind.RETIREMENT_NOTICE] >= 1
    page = browser_as(lc.doha).get("/trang-cua-toi/").content.decode()
    for kind, count in expected.items():
        short = str(kind).removeprefix("career_")
        assert f'<strong id="career-{short}">{count}</strong>' in page
    assert 'id="career-counts"' not in browser_as(lc.employee).get("/trang-cua-toi/").content.decode()


def test_a_persons_home_shows_their_career_events(lao_cai: Province, lc: Personas,
                                                  browser_as: Callable[[Account], Client]) -> None:
    """The clerk's step 3 from 36 months before next month's first day: the raise falls due then,
    the daily run opens its duty for her unit, and her own home names it."""
    with tenant_context(lao_cai):
        person = lc.person(lc.employee)
        person.salary_history.all().delete()
        due = months_add(timezone.localdate().replace(day=1), 1)
        SalaryHistory.objects.create(person=person, effective_on=months_add(due, -36), rank_code="01.003", step=3,
                                     coefficient=Decimal("3.00"))
        career_duties_ensure(today=timezone.localdate())
    section = browser_as(lc.employee).get("/trang-cua-toi/").content.decode().split('id="my-career"', 1)[1]
    assert f"Nâng lương từ bậc 3 (A1): ngày {due:%d/%m/%Y}" in section.split("</section>", 1)[0]
