"""Test set-up: the real PostgreSQL, the five demo provinces made by the same command `make run`
uses, and helpers to act inside one province."""

from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django_tenants.utils import schema_context, tenant_context

from tenants.models import Province


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker) -> None:  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock():
        call_command("hoso_setup", "--demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.fixture(autouse=True)
def _back_to_public() -> Iterator[None]:
    """Each test starts and ends in `public`, so no test inherits another's schema."""
    yield
    connection.set_schema_to_public()


def _province(code: str) -> Province:
    with schema_context("public"):
        return Province.objects.get(code=code)


@pytest.fixture
def lao_cai(db: None) -> Province:
    return _province("lao-cai")


@pytest.fixture
def lai_chau(db: None) -> Province:
    return _province("lai-chau")


@pytest.fixture
def son_la(db: None) -> Province:
    return _province("son-la")


def host_of(province: Province) -> str:
    return province.domains.get(is_primary=True).domain


def client_for(province: Province | None) -> Client:
    """A browser on the province's own host (or the public console's when None)."""
    return Client(HTTP_HOST=host_of(province) if province else "localhost")


def sign_in(province: Province, username: str, password: str) -> Client:
    """A browser on the province's host, signed in as `username` of that province.

    `Client.login` checks the password and stores the session in the current schema, so it
    must run inside the province's schema.
    """
    browser = client_for(province)
    with tenant_context(province):
        assert browser.login(username=username, password=password), f"{username} cannot sign in to {province.code}"
    return browser


@pytest.fixture(autouse=True)
def _hosts_forgotten() -> Iterator[None]:
    """The test's transaction is rolled back at its end, province changes included: the host →
    province lookups remembered during it (tenants/hosts.py) go with it."""
    yield
    from tenants.hosts import province_hosts_forget_here

    province_hosts_forget_here()
