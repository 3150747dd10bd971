"""Journey: a DoHA admin changes a rule in the browser, previews it, saves it with its legal
basis and effective date; the old value still answers for dates before it."""

import json
import urllib.request

import pytest

from core.operations.demo.services import DEMO_PASSWORD
from core.operations.onboarding import DOHA_ADMIN_USERNAME

pytestmark = pytest.mark.browser


def _api(port: int, path: str) -> dict:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Host": f"laocai.localhost:{port}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def test_doha_admin_changes_previews_and_saves_a_rule(live_hoso: int, page) -> None:  # type: ignore[no-untyped-def]
    base = f"http://laocai.localhost:{live_hoso}"
    page.goto(f"{base}/dang-nhap/")
    page.fill("#id_username", DOHA_ADMIN_USERNAME)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.goto(f"{base}/quy-che/deadline.personal_update/sua/")
    assert "Thời hạn cá nhân cập nhật thông tin" in page.inner_text("h1")

    # A negative number is refused beside its field, and nothing is saved.
    page.fill("#id_value-n", "-2")
    page.fill("#id_effective_from", "2027-07-01")
    page.fill("#id_document", "Quyết định 99/2027/QĐ-UBND tỉnh Lào Cai")
    page.fill("#id_article", "Điều 6 khoản 3")
    page.click("button[name=save]")
    assert "Số ngày phải là số nguyên từ 1 đến 366." in page.inner_text("#field-n")

    page.fill("#id_value-n", "7")
    page.click("button[name=preview]")
    page.wait_for_selector("#preview")
    preview = page.inner_text("#preview")
    assert "12 tháng kể từ 01/07/2027" in preview
    # 7 working days from Thursday 01/07/2027.
    assert "12/07/2027" in preview

    page.click("button[name=save]")
    page.wait_for_url(f"{base}/quy-che/")
    assert "hiệu lực từ 01/07/2027" in page.inner_text(".messages")

    after = _api(live_hoso, "/api/v1/rules/?as_of=2027-07-01")["rules"]["deadline.personal_update"]
    before = _api(live_hoso, "/api/v1/rules/?as_of=2027-06-30")["rules"]["deadline.personal_update"]
    assert after["value"] == {"n": 7, "unit": "working"}
    assert after["citation"]["document"] == "Quyết định 99/2027/QĐ-UBND tỉnh Lào Cai"
    assert before["value"] == {"n": 15, "unit": "working"}

    page.goto(f"{base}/quy-che/deadline.personal_update/lich-su/")
    history = page.inner_text("table")
    assert "Quyết định 99/2027/QĐ-UBND tỉnh Lào Cai" in history
    assert "06/2024/QĐ-UBND" in history
