"""Journey: an operator signs in to the console with a password and a TOTP code, onboards a
sixth province (Lâm Đồng → lamdong); its first DoHA admin opens the one-time link, sets a
password and signs in on lamdong.localhost within a minute. The operator then merges the demo
Bình Thuận into Lâm Đồng (dry run, run, every table checked) and binhthuan.localhost sends a
browser to lamdong.localhost, where a Bình Thuận official signs in with their ID number."""

import base64
import os
import re
import subprocess
import sys
import time
from urllib.parse import parse_qs, urlparse

import pytest
from django_otp.oath import totp

from tests.browser.conftest import ROOT, _browser_database

pytestmark = pytest.mark.browser

OPERATOR_PASSWORD = "Van-hanh-2026!an-toan"
ADMIN_PASSWORD = "Lam-Dong-2026!quan-tri"


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
    started = time.monotonic()
    page.fill("#id_code", "lam-dong")
    page.fill("#id_name", "Lâm Đồng")
    page.fill("#id_subdomain", "lamdong")
    page.select_option("#id_rule_preset", "baseline")
    page.fill("#id_tech_agency", "Sở Khoa học và Công nghệ tỉnh Lâm Đồng")
    page.click("main button[type=submit]")
    assert "Đã khởi tạo Tỉnh Lâm Đồng" in page.inner_text("h1")
    link = page.input_value("#sign-in-link")
    assert link.startswith(f"http://lamdong.localhost:{live_hoso}/kich-hoat/")

    admin = page.context.browser.new_context(locale="vi-VN").new_page()
    try:
        admin.goto(link)
        assert "Đặt mật khẩu lần đầu" in admin.inner_text("h1")
        admin.fill("#id_password", ADMIN_PASSWORD)
        admin.fill("#id_password_again", ADMIN_PASSWORD)
        admin.click("main button[type=submit]")
        admin.wait_for_url(f"http://lamdong.localhost:{live_hoso}/dang-nhap/")
        assert "Đã đặt mật khẩu" in admin.inner_text(".messages")
        admin.fill("#id_username", "snv.quantri")
        admin.fill("#id_password", ADMIN_PASSWORD)
        admin.click("main button[type=submit]")
        admin.wait_for_selector(".who")  # signed in, wherever the province lands its users
        assert time.monotonic() - started < 60  # from the onboarding form to the admin signed in
        assert admin.url.startswith(f"http://lamdong.localhost:{live_hoso}/")
        assert "Tỉnh Lâm Đồng" in admin.inner_text(".brand")
        assert "Quản trị Sở Nội vụ Lâm Đồng" in admin.inner_text(".who")

        admin.goto(link)  # the link worked once
        assert "không hợp lệ hoặc đã được dùng" in admin.inner_text(".error")
    finally:
        admin.context.close()

    page.goto(f"{console}/van-hanh/")
    row = page.inner_text("#province-lam-dong")
    assert "lamdong.localhost" in row and "Đang hoạt động" in row and "Thành công" in row

    page.click("text=Sáp nhập tỉnh")
    page.select_option("#id_source", "binh-thuan")
    page.select_option("#id_target", "lam-dong")
    page.fill("#id_effective_on", "2025-07-01")
    # Bình Thuận holds about 1,500 people (as `make run` builds it): the dry run and the merger
    # each take their time on a busy machine.
    page.click("button[name=plan]", timeout=180_000)
    assert "Đã chạy thử" in page.inner_text("#merger-state")
    page.click("button[name=run]", timeout=180_000)
    assert "Đã chuyển hướng tên miền" in page.inner_text("#merger-state")
    checks = page.inner_text("#merger-tables")
    assert "Khớp" in checks and "Không khớp" not in checks

    official = page.context.browser.new_context(locale="vi-VN").new_page()
    try:
        official.goto(f"http://binhthuan.localhost:{live_hoso}/dang-nhap/")
        official.wait_for_url(f"http://lamdong.localhost:{live_hoso}/dang-nhap/")
        official.fill("#id_username", "060087001238")  # a demo official of Bình Thuận's Sở Tư pháp
        official.fill("#id_password", "hoso-demo-2026")
        official.click("main button[type=submit]")
        official.wait_for_selector(".who")
        assert "Tỉnh Lâm Đồng" in official.inner_text(".brand")
    finally:
        official.context.close()
