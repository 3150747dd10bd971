"""A browser set to English (Playwright's en-US locale, `Accept-Language: en-US,en`) still gets
Vietnamese pages: `lang="vi"`, the sign-in refusal and a missing page in Vietnamese."""

import pytest

from core.models import Role
from core.operations.demo.data import demo_persona_id
from tenants.models import Province

pytestmark = pytest.mark.browser

EMPLOYEE = demo_persona_id(Province(code="lao-cai"), Role.EMPLOYEE, "stc_ns")


def test_an_english_browser_reads_vietnamese(live_hoso: int, browser) -> None:  # type: ignore[no-untyped-def]
    base = f"http://laocai.localhost:{live_hoso}"
    context = browser.new_context(locale="en-US", extra_http_headers={"Accept-Language": "en-US,en;q=0.9"})
    page = context.new_page()
    try:
        assert page.evaluate("navigator.language") == "en-US"
        page.goto(f"{base}/dang-nhap/")
        assert page.evaluate("document.documentElement.lang") == "vi"
        page.fill("#id_username", EMPLOYEE)
        page.fill("#id_password", "khong-phai-mat-khau")
        page.click("main form button[type=submit]")
        page.wait_for_load_state()
        refusal = page.inner_text("main")
        assert "mật khẩu chính xác" in refusal, refusal
        assert "Please enter" not in refusal
        assert page.evaluate("document.documentElement.lang") == "vi"
        response = page.goto(f"{base}/khong-co-trang-nay/")
        assert response is not None and response.status == 404
        assert page.inner_text("h1") == "Không tìm thấy trang"
        assert page.evaluate("document.documentElement.lang") == "vi"
    finally:
        context.close()
