"""Journey: an operator signs in to the console with a password and a TOTP code, onboards a
sixth province (Hà Giang → hagiang); its first DoHA admin opens the one-time link, sets a
password and signs in on hagiang.localhost."""

import base64
import os
import re
import subprocess
import sys
from urllib.parse import parse_qs, urlparse

import pytest
from django_otp.oath import totp

from tests.browser.conftest import ROOT, _browser_database

pytestmark = pytest.mark.browser

OPERATOR_PASSWORD = "Van-hanh-2026!an-toan"
ADMIN_PASSWORD = "Ha-Giang-2026!quan-tri"


def _operator_create(username: str) -> tuple[str, bytes]:
    """`manage.py operator_create` against the live server's database: password and TOTP key."""
    env = {**os.environ, "DATABASE_NAME": _browser_database(), "DJANGO_SETTINGS_MODULE": "hoso.settings.base"}
    out = subprocess.run([sys.executable, str(ROOT / "manage.py"), "operator_create", "--username", username],
                         env=env, cwd=ROOT, check=True, capture_output=True, text=True).stdout
    password = re.search(r"Mật khẩu dùng một lần: (\S+)", out).group(1)  # type: ignore[union-attr]
    uri = next(line for line in out.splitlines() if line.startswith("otpauth://"))
    secret = parse_qs(urlparse(uri).query)["secret"][0]
    return password, base64.b32decode(secret + "=" * (-len(secret) % 8))


def test_operator_onboards_a_province_and_its_admin_signs_in(live_hoso: int, page) -> None:  # type: ignore[no-untyped-def]
    console = f"http://localhost:{live_hoso}"
    password, key = _operator_create("vanhanh.journey")

    page.goto(f"{console}/van-hanh/")
    page.wait_for_url(f"{console}/dang-nhap/?next=/van-hanh/")
    page.fill("#id_username", "vanhanh.journey")
    page.fill("#id_password", password)
    page.fill("#id_otp_token", "000000")
    page.click("main button[type=submit]")
    assert "mã xác thực không đúng" in page.inner_text(".error")

    page.wait_for_timeout(1100)  # django-otp throttles: a second try within 1 s of a failure is refused
    page.fill("#id_password", password)
    page.fill("#id_otp_token", f"{totp(key):06d}")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{console}/doi-mat-khau/")
    page.fill("#id_password", OPERATOR_PASSWORD)
    page.fill("#id_password_again", OPERATOR_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{console}/van-hanh/")
    assert "Lào Cai" in page.inner_text("#provinces")

    page.click("text=Khởi tạo tỉnh mới")
    page.fill("#id_code", "ha-giang")
    page.fill("#id_name", "Hà Giang")
    page.fill("#id_subdomain", "hagiang")
    page.select_option("#id_rule_preset", "copy:lao-cai")
    page.fill("#id_tech_agency", "Sở Khoa học và Công nghệ tỉnh Hà Giang")
    page.click("main button[type=submit]")
    assert "Đã khởi tạo Tỉnh Hà Giang" in page.inner_text("h1")
    link = page.input_value("#sign-in-link")
    assert link.startswith(f"http://hagiang.localhost:{live_hoso}/kich-hoat/")

    page.goto(f"{console}/van-hanh/")
    row = page.inner_text("#province-ha-giang")
    assert "hagiang.localhost" in row and "Đang hoạt động" in row and "Thành công" in row

    admin = page.context.browser.new_context(locale="vi-VN").new_page()
    try:
        admin.goto(link)
        assert "Đặt mật khẩu lần đầu" in admin.inner_text("h1")
        admin.fill("#id_password", ADMIN_PASSWORD)
        admin.fill("#id_password_again", ADMIN_PASSWORD)
        admin.click("main button[type=submit]")
        admin.wait_for_url(f"http://hagiang.localhost:{live_hoso}/dang-nhap/")
        assert "Đã đặt mật khẩu" in admin.inner_text(".messages")
        admin.fill("#id_username", "snv.quantri")
        admin.fill("#id_password", ADMIN_PASSWORD)
        admin.click("main button[type=submit]")
        admin.wait_for_selector(".who")  # signed in, wherever the province lands its users
        assert admin.url.startswith(f"http://hagiang.localhost:{live_hoso}/")
        assert "Tỉnh Hà Giang" in admin.inner_text(".brand")
        assert "Quản trị Sở Nội vụ Hà Giang" in admin.inner_text(".who")

        admin.goto(link)  # the link worked once
        assert "không hợp lệ hoặc đã được dùng" in admin.inner_text(".error")
    finally:
        admin.context.close()
