"""The page /su-nghiep/ky-luat/ and its XLSX: who is barred today because of a discipline."""

import io
from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import timezone
from django_tenants.utils import tenant_context
from openpyxl import load_workbook

from core.base.accounts.models import Account
from core.models import Discipline, Person
from tenants.models import Province
from tests.core.conftest import Personas
from tests.core.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def barred(lao_cai: Province, lc: Personas) -> Person:
    """A cảnh cáo this year: barred until the 30th of December next year."""
    with tenant_context(lao_cai):
        person = PersonFactory(org_unit=lc.person(lc.employee).org_unit)
        Discipline.objects.create(person=person, year=timezone.localdate().year, form="Cảnh cáo", reason="Thử nghiệm")
        return person


def test_the_page_and_its_export(barred: Person, lc: Personas, browser_as: Callable[[Account], Client]) -> None:
    browser = browser_as(lc.doha)
    page = browser.get("/su-nghiep/ky-luat/").content.decode()
    assert barred.full_name in page and f"30/12/{timezone.localdate().year + 1}" in page
    rows = list(load_workbook(io.BytesIO(browser.get("/su-nghiep/ky-luat/", {"format": "xlsx"}).content))
                .active.iter_rows(values_only=True))
    assert rows[0][3] == "Hình thức kỷ luật" and barred.full_name in [row[0] for row in rows[1:]]
    assert barred.full_name not in browser_as(lc.teacher).get("/su-nghiep/ky-luat/").content.decode()
