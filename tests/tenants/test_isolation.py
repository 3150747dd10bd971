"""Isolation is the first security property: nothing of one province is visible from another."""

import pytest
from django.core.cache import cache
from django_tenants.utils import tenant_context

from core.base.accounts.models import Account
from core.base.audit.models import AuditEvent
from core.operations.demo.services import DEMO_PASSWORD
from core.operations.onboarding import DOHA_ADMIN_USERNAME
from tenants.models import Province
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_a_row_written_in_one_province_is_invisible_in_another(lao_cai: Province, lai_chau: Province) -> None:
    with tenant_context(lao_cai):
        AuditEvent.objects.create(action="test.marker", target="chỉ-lào-cai")
        assert AuditEvent.objects.filter(target="chỉ-lào-cai").count() == 1
    with tenant_context(lai_chau):
        assert not AuditEvent.objects.filter(target="chỉ-lào-cai").exists()
    assert not AuditEvent.objects.filter(target="chỉ-lào-cai").exists()  # public


def test_accounts_are_per_province(lao_cai: Province, lai_chau: Province) -> None:
    """The same username in two provinces is two different accounts with their own passwords."""
    with tenant_context(lao_cai):
        Account.objects.create_user(username="001090000001", password="mat-khau-lao-cai")
    with tenant_context(lai_chau):
        assert not Account.objects.filter(username="001090000001").exists()
    with tenant_context(lao_cai):
        assert client_for(lao_cai).login(username="001090000001", password="mat-khau-lao-cai") is True
    with tenant_context(lai_chau):
        assert client_for(lai_chau).login(username="001090000001", password="mat-khau-lao-cai") is False


def test_a_session_from_one_province_does_not_sign_in_on_another(lao_cai: Province, lai_chau: Province) -> None:
    browser = client_for(lao_cai)
    response = browser.post("/dang-nhap/", {"username": DOHA_ADMIN_USERNAME, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert "Quản trị Sở Nội vụ Lào Cai" in browser.get("/", follow=True).content.decode()
    stolen_cookie = browser.cookies["sessionid"].value
    other = client_for(lai_chau)
    other.cookies["sessionid"] = stolen_cookie
    html = other.get("/").content.decode()
    assert "Quản trị Sở Nội vụ" not in html
    assert "Đăng nhập" in html


def test_cache_keys_carry_the_province(lao_cai: Province, lai_chau: Province) -> None:
    with tenant_context(lao_cai):
        cache.set("so-nguoi", 1234)
    with tenant_context(lai_chau):
        assert cache.get("so-nguoi") is None
    with tenant_context(lao_cai):
        assert cache.get("so-nguoi") == 1234
