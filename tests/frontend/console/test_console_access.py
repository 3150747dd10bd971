"""The console answers operators only, and only after their second factor."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tenants.utils import tenant_context

from core.base.accounts.models import Account
from core.base.audit.models import AuditEvent
from core.operations.operators import OPERATORS_GROUP, SIGN_IN_REFUSED, OperatorCreated
from tenants.models import Province
from tests.conftest import client_for
from tests.core.operations.conftest import totp_now

pytestmark = pytest.mark.django_db


def test_nobody_signed_in_is_sent_to_the_sign_in_page() -> None:
    response = client_for(None).get("/tinh/moi/")
    assert response.status_code == 302
    assert response["Location"] == "/dang-nhap/?next=/tinh/moi/"


def test_the_sign_in_page_is_in_vietnamese() -> None:
    html = client_for(None).get("/dang-nhap/").content.decode()
    assert "Mã xác thực" in html and "Đăng nhập bảng điều khiển vận hành" in html


def test_a_password_without_the_second_factor_is_refused(operator: OperatorCreated) -> None:
    browser = client_for(None)
    response = browser.post("/dang-nhap/", {"username": "vanhanh.an", "password": operator.password, "otp_token": "000000"})
    assert response.status_code == 200
    assert SIGN_IN_REFUSED in response.content.decode()
    assert browser.get("/van-hanh/").status_code == 302
    assert AuditEvent.objects.filter(action="console.sign_in_refused", target="vanhanh.an").exists()


def test_a_session_with_only_the_password_does_not_open_the_console(operator: OperatorCreated) -> None:
    """Signed in by some other path without the TOTP step: still sent to sign in."""
    browser = client_for(None)
    browser.force_login(operator.account)
    response = browser.get("/van-hanh/")
    assert response.status_code == 302
    assert response["Location"].startswith("/dang-nhap/")


def test_a_public_account_that_is_not_an_operator_is_refused() -> None:
    account = Account.objects.create_user(username="khong.phai.van.hanh", password="Mat-khau-rat-dai-2026")
    TOTPDevice.objects.create(user=account, name="hoso", confirmed=True)
    device = TOTPDevice.objects.get(user=account)
    browser = client_for(None)
    response = browser.post("/dang-nhap/", {"username": account.username, "password": "Mat-khau-rat-dai-2026",
                                            "otp_token": totp_now(device)})
    assert SIGN_IN_REFUSED in response.content.decode()
    browser.force_login(account)
    response = browser.get("/van-hanh/")
    assert response.status_code == 403
    assert "chỉ dành cho người vận hành" in response.content.decode()


def test_both_factors_open_the_console_after_the_one_time_password_is_changed(operator: OperatorCreated) -> None:
    browser = client_for(None)
    device = TOTPDevice.objects.get(user=operator.account)
    response = browser.post("/dang-nhap/", {"username": "vanhanh.an", "password": operator.password,
                                            "otp_token": totp_now(device)})
    assert response.status_code == 302
    assert browser.get("/van-hanh/")["Location"] == "/doi-mat-khau/"
    too_short = browser.post("/doi-mat-khau/", {"password": "abc", "password_again": "abc"})
    assert too_short.status_code == 200
    browser.post("/doi-mat-khau/", {"password": "Van-hanh-2026!moi", "password_again": "Van-hanh-2026!moi"})
    home = browser.get("/van-hanh/")
    assert home.status_code == 200
    assert "Các tỉnh trên nền tảng" in home.content.decode()
    assert list(AuditEvent.objects.filter(target="vanhanh.an").values_list("action", flat=True).order_by("id")) == [
        "operator.create", "console.sign_in", "operator.password_change"]


def test_a_province_account_cannot_reach_the_console_from_its_host(lao_cai: Province) -> None:
    """The console exists on the public host only; a province host has no such pages."""
    assert client_for(lao_cai).get("/tinh/moi/").status_code == 404


def test_operator_create_prints_a_one_time_password_and_the_totp_uri() -> None:
    out = io.StringIO()
    call_command("operator_create", "--username", "vanhanh.binh", "--full-name", "Trần Thị Bình", stdout=out)
    text = out.getvalue()
    assert "Mật khẩu dùng một lần: " in text
    assert "otpauth://totp/hoso%3Avanhanh.binh?secret=" in text
    account = Account.objects.get(username="vanhanh.binh")
    assert account.groups.filter(name=OPERATORS_GROUP).exists() and account.must_change_password
    with pytest.raises(CommandError, match="Tài khoản “vanhanh.binh” đã có."):
        call_command("operator_create", "--username", "vanhanh.binh")


def test_operators_exist_only_in_public(operator: OperatorCreated, lao_cai: Province) -> None:
    with tenant_context(lao_cai):
        assert not Account.objects.filter(username="vanhanh.an").exists()
        assert not Group.objects.filter(name=OPERATORS_GROUP).exists()
