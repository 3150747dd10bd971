"""The first DoHA admin's one-time link: sets the password once, on its own province only."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from django_tenants.utils import schema_context, tenant_context

from core.base.audit.models import AuditEvent
from core.models import Role
from core.operations import first_sign_in
from core.operations.onboarding import (
    DOHA_ADMIN_USERNAME,
    province_admin_link_issue,
    province_onboard,
)
from tenants.models import Province
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "Ha-Giang-2026!quan-tri"


@pytest.fixture
def ha_giang() -> tuple[Province, str]:
    result = province_onboard(code="ha-giang", name="Hà Giang", official_name="Tỉnh Hà Giang", subdomain="hagiang")
    assert result.admin_sign_in_token
    return result.province, f"/kich-hoat/{result.admin_sign_in_token}/"


def test_the_link_sets_the_password_once_and_the_admin_signs_in(ha_giang: tuple[Province, str]) -> None:
    province, path = ha_giang
    browser = client_for(province)
    page = browser.get(path)
    assert page.status_code == 200 and "Đặt mật khẩu lần đầu" in page.content.decode()
    assert browser.post("/dang-nhap/", {"username": "snv.quantri", "password": ""}).status_code == 200
    done = browser.post(path, {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD})
    assert done.status_code == 302 and done["Location"] == "/dang-nhap/"
    assert browser.post("/dang-nhap/", {"username": "snv.quantri", "password": NEW_PASSWORD}).status_code == 302
    again = client_for(province).get(path)
    assert again.status_code == 404
    assert first_sign_in.LINK_INVALID in again.content.decode()
    assert AuditEvent.objects.filter(action="account.first_sign_in").exists()  # in Hà Giang's log


def test_a_weak_or_mismatched_password_is_refused_and_the_link_still_works(ha_giang: tuple[Province, str]) -> None:
    province, path = ha_giang
    browser = client_for(province)
    mismatch = browser.post(path, {"password": NEW_PASSWORD, "password_again": "khac"})
    assert "Hai lần nhập mật khẩu không khớp." in mismatch.content.decode()
    weak = browser.post(path, {"password": "123", "password_again": "123"})
    assert weak.status_code == 200 and 'id="field-password"' in weak.content.decode()
    assert "error" in weak.content.decode()
    assert browser.get(path).status_code == 200


def test_the_link_does_not_open_on_another_province(ha_giang: tuple[Province, str], lao_cai: Province) -> None:
    _, path = ha_giang
    response = client_for(lao_cai).get(path)
    assert response.status_code == 404
    assert first_sign_in.LINK_INVALID in response.content.decode()


@pytest.mark.parametrize("path", ["/kich-hoat/gia-mao/", "/kich-hoat/eyJzIjoiaGFfZ2lhbmcifQ:1abc:xyz/"])
def test_a_forged_link_is_refused(ha_giang: tuple[Province, str], path: str) -> None:
    province, _ = ha_giang
    assert client_for(province).get(path).status_code == 404
    assert client_for(province).post(path, {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD}).status_code == 404


def test_an_expired_link_is_refused(ha_giang: tuple[Province, str], monkeypatch: pytest.MonkeyPatch) -> None:
    province, path = ha_giang
    monkeypatch.setattr(first_sign_in, "FIRST_SIGN_IN_MAX_AGE", timedelta(seconds=-1))
    response = client_for(province).get(path)
    assert response.status_code == 410
    assert first_sign_in.LINK_EXPIRED in response.content.decode()


def test_a_new_link_kills_the_old_one(ha_giang: tuple[Province, str]) -> None:
    province, old_path = ha_giang
    connection.set_schema_to_public()
    _, token = province_admin_link_issue(code="ha-giang", acting_user=None)
    assert client_for(province).get(old_path).status_code == 404
    assert client_for(province).get(f"/kich-hoat/{token}/").status_code == 200
    with schema_context("public"):
        assert AuditEvent.objects.filter(action="province.admin_link_issue", target="ha-giang").exists()


def test_an_operator_restores_a_province_left_without_its_administrator(ha_giang: tuple[Province, str]) -> None:
    """Should the DoHA admin's grant be gone and the account closed (say, before the last-admin
    guard existed), the operator's new link brings back the account, its doha_admin grant over
    the whole province, and lifts its sign-in lockout."""
    from axes.models import AccessAttempt

    from core.base.accounts.models import Account
    from core.models import RoleGrant

    province, _ = ha_giang
    with tenant_context(province):
        RoleGrant.objects.filter(account__username=DOHA_ADMIN_USERNAME).update(revoked_at=timezone.now())
        Account.objects.filter(username=DOHA_ADMIN_USERNAME).update(is_active=False)
        AccessAttempt.objects.create(username=DOHA_ADMIN_USERNAME, ip_address="203.0.113.1", user_agent="",
                                     get_data="", post_data="", http_accept="", path_info="/dang-nhap/",
                                     failures_since_start=9)
    connection.set_schema_to_public()
    _, token = province_admin_link_issue(code="ha-giang", acting_user=None)
    with tenant_context(province):
        admin = Account.objects.get(username=DOHA_ADMIN_USERNAME)
        assert admin.is_active and admin.must_change_password
        assert RoleGrant.objects.filter(account=admin, role=Role.DOHA_ADMIN, revoked_at__isnull=True,
                                        org_unit__parent__isnull=True).count() == 1
        assert not AccessAttempt.objects.filter(username=DOHA_ADMIN_USERNAME).exists()
    assert client_for(province).get(f"/kich-hoat/{token}/").status_code == 200


def test_the_first_password_follows_the_provinces_rules(ha_giang: tuple[Province, str]) -> None:
    """Django's validators alone let "abcdefgh1234" through; the province's rules want twelve
    characters of three kinds."""
    province, path = ha_giang
    refused = client_for(province).post(path, {"password": "abcdefgh1234", "password_again": "abcdefgh1234"})
    assert "ba trong bốn loại" in refused.content.decode()
