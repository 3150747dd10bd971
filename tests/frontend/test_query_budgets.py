"""Query budgets of the main pages: a ceiling per page, the same with 5 or 500 more people in
the province, and one round trip at most beyond the queries (the search path's SET; the host's
province comes from the process, tenants/hosts.py)."""

from dataclasses import dataclass

import pytest
from django.test import Client
from django_tenants.utils import tenant_context

from core.models import OrgUnit, Person
from tenants.models import Province
from tests.budgets import Cost, measured, steady_caches
from tests.conftest import sign_in
from tests.core.conftest import personas_of
from tests.core.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _steady_caches(monkeypatch: pytest.MonkeyPatch) -> None:
    steady_caches(monkeypatch)

PASSWORD = "hoso-demo-2026"


@dataclass(frozen=True)
class Page:
    persona: str
    path: str  # {employee} stands for the employee's person id
    ceiling: int


# Ceilings: the queries each page ran when its budget was set (a search path SET not counted).
# Raise one only with the reason in the commit; none may depend on the number of rows.
PAGES: dict[str, Page] = {
    "home, DoHA": Page("doha", "/trang-cua-toi/", 24),
    "home, agency admin": Page("agency_admin", "/trang-cua-toi/", 12),
    "home, officer": Page("officer", "/trang-cua-toi/", 14),
    "home, approver": Page("approver", "/trang-cua-toi/", 20),
    "home, employee": Page("employee", "/trang-cua-toi/", 12),
    # The fourteen row groups are one statement (core.dossier_values.dossier_rows_load).
    "my dossier": Page("employee", "/ho-so-cua-toi/", 12),
    # 12: with the rules in force today, read for who sees the sensitive groups (core.sensitive).
    "a person's dossier": Page("officer", "/can-bo/{employee}/", 12),
    "people list, officer": Page("officer", "/can-bo/", 10),
    "people list, DoHA": Page("doha", "/can-bo/", 9),
    # A name search reads the page's dossiers in a query of their own, their listed fields only.
    "people search, DoHA": Page("doha", "/can-bo/?q=nguyen", 10),
    "review queue": Page("officer", "/duyet-ho-so/", 8),
    # 14: with the rules in force today, read for which signer the page offers (signing.signers).
    "approvals": Page("approver", "/phe-duyet/", 14),
    # 11: one check whether the cached figures still hold (core.reports.selectors.statistics).
    "statistics": Page("doha", "/thong-ke/", 11),
    # The compliance page counts each unit's incomplete dossiers (one query, core.resumes, planned
    # without JIT in a savepoint of its own: three statements more).
    "compliance": Page("doha", "/tuan-thu/", 31),
    # The rules page also reads the base salary history (rules.national) and the admin's check of
    # a doubtful text date (Lào Cai's effective date).
    "rules": Page("doha", "/quy-che/", 12),
    "duties": Page("officer", "/nghia-vu/", 7),
    "org tree": Page("doha", "/to-chuc/", 7),
}


def _grow(province: Province, n: int) -> None:
    """`n` more people in the officer's and approver's unit (Sở Tài chính)."""
    with tenant_context(province):
        unit = OrgUnit.objects.get(pk=personas_of(province).person(personas_of(province).approver).org_unit_id)
        PersonFactory.build_many(n, org_unit=unit)


def _cost(province: Province, page: Page, browsers: dict[str, Client]) -> Cost:
    with tenant_context(province):
        personas = personas_of(province)
        employee = Person.objects.get(account=personas.employee).pk
    if page.persona not in browsers:
        browsers[page.persona] = sign_in(province, getattr(personas, page.persona).username, PASSWORD)
    browser = browsers[page.persona]
    path = page.path.format(employee=employee)
    assert browser.get(path).status_code == 200  # warm: the host, catalogues, templates
    with measured() as cost:
        response = browser.get(path)
    assert response.status_code == 200
    return cost


@pytest.mark.parametrize("page", PAGES.values(), ids=PAGES.keys())
def test_the_page_stays_within_its_budget_whatever_the_rows(page: Page, lao_cai: Province) -> None:
    browsers: dict[str, Client] = {}
    _grow(lao_cai, 5)
    few = _cost(lao_cai, page, browsers)
    _grow(lao_cai, 495)
    many = _cost(lao_cai, page, browsers)
    assert many.queries == few.queries, "\n".join(many.statements)
    assert many.queries <= page.ceiling, "\n".join(many.statements)
    assert many.round_trips <= many.queries + 1, "\n".join(many.sent)


def test_the_approvers_pages_read_grants_and_rules_once_and_compute_the_year_once(
    lao_cai: Province, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Role grants, rule versions and a year's approval windows are computed once per request
    (core/base/memo.py), however many parts of the page ask for them."""
    from rules import selectors

    computed: list[int] = []
    original = selectors._approval_windows

    def counting(year: int, calendar: object) -> object:
        computed.append(year)
        return original(year, calendar)  # type: ignore[arg-type]

    monkeypatch.setattr(selectors, "_approval_windows", counting)
    with tenant_context(lao_cai):
        approver = personas_of(lao_cai).approver
    browser = sign_in(lao_cai, approver.username, PASSWORD)
    for path in ("/phe-duyet/", "/trang-cua-toi/"):
        browser.get(path)
        computed.clear()
        with measured() as cost:
            assert browser.get(path).status_code == 200
        own_grants = [sql for sql in cost.statements
                      if 'FROM "core_rolegrant"' in sql and f'"core_rolegrant"."account_id" = {approver.pk}' in sql]
        assert len(own_grants) == 1, path
        rule_reads = [sql for sql in cost.statements if 'FROM "rules_ruleversion"' in sql]
        assert len(rule_reads) == len(set(rule_reads)), path  # each date's versions read once
        assert len(computed) == len(set(computed)), path
