"""Personas of the demo provinces, and a province's schema to act in."""

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django_tenants.utils import tenant_context

from core.base.accounts.models import Account
from core.models import Person, Role
from core.operations.demo.data import TECH_AGENCY_USERNAME, demo_persona_id
from core.operations.onboarding import DOHA_ADMIN_USERNAME
from tenants.models import Province


@dataclass(frozen=True)
class Personas:
    """One person everyone knows per role, as in the demo data of every province."""

    doha: Account  # snv.quantri, doha_admin over the whole province
    agency_admin: Account  # Sở Giáo dục và Đào tạo
    subunit_admin: Account  # Bệnh viện Đa khoa tỉnh
    officer: Account  # unit officer of Sở Tài chính
    approver: Account  # head of Sở Tài chính
    employee: Account  # Phòng Quản lý ngân sách, Sở Tài chính
    teacher: Account  # Trường THPT Chuyên, under Sở Giáo dục và Đào tạo
    commune_official: Account
    merged: Account  # worked in Sở Thông tin và Truyền thông until its 2025 merger
    tech: Account  # cqkt.kythuat, the technical agency over the whole province, no dossier

    def person(self, account: Account) -> Person:
        return Person.objects.select_related("org_unit").get(account=account)


def personas_of(province: Province) -> Personas:
    def by_id(role: str, unit: str | None = None) -> Account:
        return Account.objects.get(username=demo_persona_id(province, role, unit))

    return Personas(
        doha=Account.objects.get(username=DOHA_ADMIN_USERNAME),
        agency_admin=by_id(Role.AGENCY_ADMIN),
        subunit_admin=by_id(Role.SUBUNIT_ADMIN),
        officer=by_id(Role.UNIT_OFFICER),
        approver=by_id(Role.APPROVER),
        employee=by_id(Role.EMPLOYEE, "stc_ns"),
        teacher=by_id(Role.EMPLOYEE, "school1"),
        commune_official=by_id(Role.EMPLOYEE, "commune1"),
        merged=by_id(Role.EMPLOYEE, "sttt"),
        tech=Account.objects.get(username=TECH_AGENCY_USERNAME),
    )


@pytest.fixture
def in_lao_cai(lao_cai: Province) -> Iterator[Province]:
    with tenant_context(lao_cai):
        yield lao_cai


@pytest.fixture
def lc(in_lao_cai: Province) -> Personas:
    """Lào Cai's personas; the test runs inside Lào Cai's schema."""
    return personas_of(in_lao_cai)
