"""Transfers act in two provinces whose rules differ: Bình Thuận (5 working days) and Lào Cai
(10). Helpers find the demo units by name and write decisions."""

from collections.abc import Iterator
from datetime import date

import pytest
from django_tenants.utils import schema_context, tenant_context

from core.models import OrgUnit
from core.transfers.services.transfers import Decision
from tenants.models import Province
from tests.core.conftest import Personas, personas_of


@pytest.fixture
def binh_thuan(db: None) -> Province:
    with schema_context("public"):
        return Province.objects.get(code="binh-thuan")


@pytest.fixture
def bt(binh_thuan: Province) -> Iterator[Personas]:
    """Bình Thuận's personas; the test runs inside Bình Thuận's schema."""
    with tenant_context(binh_thuan):
        yield personas_of(binh_thuan)


def unit(name: str, parent: str | None = None) -> OrgUnit:
    """A demo unit of the current province by its name (and its parent's, where names repeat)."""
    units = OrgUnit.objects.filter(name=name, dissolved_on__isnull=True)
    if parent is not None:
        units = units.filter(parent__name=parent)
    return units.get()


def decision(number: str = "123/QĐ-UBND", on: date = date(2026, 8, 20), signer: str = "Nguyễn Văn Ký") -> Decision:
    return Decision(number=number, date=on, signer=signer)
