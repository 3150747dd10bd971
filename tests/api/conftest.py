"""Calling a province's API as one of its demo personas, with a token of that province."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import storages
from django.test.client import MULTIPART_CONTENT
from django_tenants.utils import tenant_context
from knox.models import AuthToken

from core.models import OrgUnit, Person
from tenants.models import Province
from tests.conftest import client_for
from tests.core.conftest import Personas, personas_of

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
PERSONAS = ("doha", "agency_admin", "subunit_admin", "officer", "approver", "employee", "teacher")


@dataclass
class Caller:
    """A browser-less client on the province's host, signed in with `token` (or anonymous)."""

    province: Province
    token: str | None

    def _headers(self) -> dict[str, str]:
        return {"HTTP_AUTHORIZATION": f"Token {self.token}"} if self.token else {}

    def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        return client_for(self.province).get(path, params or {}, **self._headers())

    def post(self, path: str, data: Any = None) -> Any:
        return client_for(self.province).post(path, data if data is not None else {},
                                              content_type="application/json", **self._headers())

    def patch(self, path: str, data: Any) -> Any:
        return client_for(self.province).patch(path, data, content_type="application/json", **self._headers())

    def delete(self, path: str) -> Any:
        return client_for(self.province).delete(path, **self._headers())

    def upload(self, path: str, data: dict[str, Any]) -> Any:
        return client_for(self.province).post(path, data, content_type=MULTIPART_CONTENT, **self._headers())


def token_of(province: Province, username: str) -> str:
    with tenant_context(province):
        from core.base.accounts.models import Account

        return AuthToken.objects.create(user=Account.objects.get(username=username))[1]


@pytest.fixture
def lc(lao_cai: Province) -> Personas:
    """Lào Cai's personas (the test itself stays in `public`)."""
    with tenant_context(lao_cai):
        return personas_of(lao_cai)


@pytest.fixture
def as_(lao_cai: Province, lc: Personas) -> Callable[[str], Caller]:
    """`as_("employee")`: Lào Cai's API as that persona; `as_("anonymous")`: with no token."""

    def caller(name: str) -> Caller:
        if name == "anonymous":
            return Caller(lao_cai, None)
        return Caller(lao_cai, token_of(lao_cai, getattr(lc, name).username))

    return caller


@pytest.fixture
def person_id(lao_cai: Province, lc: Personas) -> Callable[[str], int]:
    """The Person id of a persona of Lào Cai."""

    def of(name: str) -> int:
        with tenant_context(lao_cai):
            return Person.objects.get(account=getattr(lc, name)).pk

    return of


@pytest.fixture
def unit_id(lao_cai: Province) -> Callable[[str], int]:
    """The id of a working unit of Lào Cai, by its (unique) name."""

    def of(name: str) -> int:
        with tenant_context(lao_cai):
            return OrgUnit.objects.get(name=name, dissolved_on__isnull=True).pk

    return of


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Path) -> Iterator[None]:
    """Uploaded documents go to a throw-away folder (still under the province's schema)."""
    settings.MEDIA_ROOT = str(tmp_path)
    # django-tenants caches the root and does not listen for the setting's change.
    storages["default"].__dict__.pop("relative_media_root", None)
    yield
    storages["default"].__dict__.pop("relative_media_root", None)
