"""Query budgets of the main endpoints, the pages' API twins: a ceiling each, the same with 5
or 500 more people, and one round trip at most beyond the queries (the search path's SET)."""

from dataclasses import dataclass

import pytest
from django_tenants.utils import tenant_context

from core.models import OrgUnit, Person
from tenants.models import Province
from tests.api.conftest import token_of
from tests.budgets import Cost, measured, steady_caches
from tests.conftest import client_for
from tests.core.conftest import personas_of
from tests.core.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _steady_caches(monkeypatch: pytest.MonkeyPatch) -> None:
    steady_caches(monkeypatch)


@dataclass(frozen=True)
class Endpoint:
    persona: str | None  # None: no sign-in (the rules and calendar are public)
    path: str  # {employee} stands for the employee's person id
    ceiling: int


# Ceilings: the queries each endpoint ran when its budget was set (a search path SET not counted).
# Raise one only with the reason in the commit; none may depend on the number of rows.
ENDPOINTS: dict[str, Endpoint] = {
    "my person": Endpoint("employee", "/api/v1/people/{employee}/", 3),
    # 20: with the rules in force today, read for who sees the sensitive groups (core.sensitive).
    # The fourteen row groups are one statement (core.dossier_values.dossier_rows_load).
    "a person's dossier": Endpoint("officer", "/api/v1/people/{employee}/dossier/", 7),
    "people list, officer": Endpoint("officer", "/api/v1/people/", 6),
    "people list, DoHA": Endpoint("doha", "/api/v1/people/", 5),
    # A name search reads the page's dossiers in a query of their own, their listed fields only.
    "people search, DoHA": Endpoint("doha", "/api/v1/people/?q=nguyen", 6),
    "review queue": Endpoint("officer", "/api/v1/change-sets/queue/", 4),
    "approvals": Endpoint("approver", "/api/v1/approvals/", 4),
    # 6: one check whether the cached figures still hold (core.reports.selectors.statistics).
    "statistics": Endpoint("doha", "/api/v1/statistics/", 6),
    # The compliance table counts each unit's incomplete dossiers (one query, core.resumes, planned
    # without JIT in a savepoint of its own: three statements more).
    "compliance": Endpoint("doha", "/api/v1/compliance/", 18),
    "rules": Endpoint(None, "/api/v1/rules/", 1),
    "approval windows": Endpoint(None, "/api/v1/calendar/approval-windows/?year=2026", 3),
    "duties": Endpoint("officer", "/api/v1/duties/", 4),
    "org tree": Endpoint("doha", "/api/v1/org-units/tree/", 3),
}


def _grow(province: Province, n: int) -> None:
    with tenant_context(province):
        personas = personas_of(province)
        PersonFactory.build_many(n, org_unit=OrgUnit.objects.get(pk=personas.person(personas.approver).org_unit_id))


def _cost(province: Province, endpoint: Endpoint, token: str | None) -> Cost:
    with tenant_context(province):
        employee = Person.objects.get(account=personas_of(province).employee).pk
    browser = client_for(province)
    headers = {"HTTP_AUTHORIZATION": f"Token {token}"} if token else {}
    path = endpoint.path.format(employee=employee)
    assert browser.get(path, **headers).status_code == 200  # warm: the host, catalogues
    with measured() as cost:
        response = browser.get(path, **headers)
    assert response.status_code == 200, response.content[:300]
    return cost


@pytest.mark.parametrize("endpoint", ENDPOINTS.values(), ids=ENDPOINTS.keys())
def test_the_endpoint_stays_within_its_budget_whatever_the_rows(endpoint: Endpoint, lao_cai: Province) -> None:
    token = None
    if endpoint.persona:
        with tenant_context(lao_cai):
            username = getattr(personas_of(lao_cai), endpoint.persona).username
        token = token_of(lao_cai, username)
    _grow(lao_cai, 5)
    few = _cost(lao_cai, endpoint, token)
    _grow(lao_cai, 495)
    many = _cost(lao_cai, endpoint, token)
    assert many.queries == few.queries, "\n".join(many.statements)
    assert many.queries <= endpoint.ceiling, "\n".join(many.statements)
    assert many.round_trips <= many.queries + 1, "\n".join(many.sent)
