"""A reading request computes its repeated reads once (core/base/memo.py); a writing request,
a task or a shell computes every time; a change empties the memo; provinces never share it."""

from collections.abc import Iterator

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context

from core.base.memo import request_memo_close, request_memo_open
from core.models import Role, RoleGrant
from core.permissions import account_role_grants
from tenants.models import Province
from tests.core.conftest import Personas, personas_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def reading() -> Iterator[None]:
    request_memo_open(method="GET")
    yield
    request_memo_close()


def _grant_reads(account: object, times: int = 3) -> int:
    with CaptureQueriesContext(connection) as queries:
        for _ in range(times):
            account_role_grants(account)  # type: ignore[arg-type]
    return sum('FROM "core_rolegrant"' in q["sql"] for q in queries.captured_queries)


def test_a_reading_request_reads_the_grants_once(reading: None, lc: Personas) -> None:
    assert _grant_reads(lc.officer) == 1


def test_a_writing_request_and_background_work_read_every_time(lc: Personas) -> None:
    assert _grant_reads(lc.officer) == 3
    request_memo_open(method="POST")
    try:
        assert _grant_reads(lc.officer) == 3
    finally:
        request_memo_close()


def test_a_new_grant_is_seen_in_the_same_request(reading: None, lc: Personas) -> None:
    before = account_role_grants(lc.employee)
    unit = lc.person(lc.employee).org_unit
    RoleGrant.objects.create(account=lc.employee, role=Role.UNIT_OFFICER, org_unit=unit)
    assert len(account_role_grants(lc.employee)) == len(before) + 1


def test_provinces_never_share_a_memo(reading: None, lao_cai: Province, lai_chau: Province) -> None:
    with tenant_context(lao_cai):
        doha = personas_of(lao_cai).doha
        in_lao_cai = [g.org_unit.name for g in account_role_grants(doha)]
    with tenant_context(lai_chau):
        other = personas_of(lai_chau).doha
        assert other.pk == doha.pk  # the same id in both schemas: only the schema tells them apart
        in_lai_chau = [g.org_unit.name for g in account_role_grants(other)]
    assert in_lao_cai != in_lai_chau
