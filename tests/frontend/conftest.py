"""Lào Cai's personas signed in to browsers on Lào Cai's host, for the dossier pages."""

from collections.abc import Callable

import pytest
from django.test import Client
from django_tenants.utils import tenant_context

from core.base.accounts.models import Account
from tenants.models import Province
from tests.conftest import client_for
from tests.core.conftest import Personas, personas_of


@pytest.fixture
def lc(lao_cai: Province) -> Personas:
    with tenant_context(lao_cai):
        return personas_of(lao_cai)


@pytest.fixture
def browser_as(lao_cai: Province) -> Callable[[Account], Client]:
    """A browser on laocai.localhost signed in as `account`."""

    def sign_in(account: Account) -> Client:
        browser = client_for(lao_cai)
        with tenant_context(lao_cai):
            browser.force_login(account)
        return browser

    return sign_in
