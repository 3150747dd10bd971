"""Journey: on laocai.localhost the unit officer opens an employee's dossier; the employee then
finds "Dữ liệu cá nhân của tôi" in their menu, downloads everything held about them as JSON and
as PDF, sees the officer's read in both, and sends a request that the page shows with its due
date."""

import json
import re

import pytest

from core.models import Role
from core.operations.demo.data import demo_persona_id
from core.operations.demo.services import DEMO_PASSWORD
from tenants.models import Province

pytestmark = pytest.mark.browser

LAO_CAI = Province(code="lao-cai")
EMPLOYEE = demo_persona_id(LAO_CAI, Role.EMPLOYEE, "stc_ns")
OFFICER = demo_persona_id(LAO_CAI, Role.UNIT_OFFICER)


def _sign_in(page, base: str, username: str) -> None:  # type: ignore[no-untyped-def]
    page.context.clear_cookies()
    page.goto(f"{base}/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_load_state()


def test_an_employee_downloads_their_data_with_who_read_it(live_hoso: int, page) -> None:  # type: ignore[no-untyped-def]
    base = f"http://laocai.localhost:{live_hoso}"

    # The unit officer finds the employee by ID number and opens the dossier (a logged read).
    _sign_in(page, base, OFFICER)
    page.goto(f"{base}/can-bo/?q={EMPLOYEE}")
    page.locator("tr", has_text=EMPLOYEE).locator("a[href^='/can-bo/']").first.click()
    page.wait_for_load_state()
    assert re.search(r"/can-bo/[^/]+/$", page.url), page.url

    # The employee reaches the page from the menu.
    _sign_in(page, base, EMPLOYEE)
    page.goto(f"{base}/trang-cua-toi/")
    page.click("#menu summary:has-text('Của tôi')")
    page.click("#menu a[href='/du-lieu-cua-toi/']")
    page.wait_for_url(f"{base}/du-lieu-cua-toi/")

    with page.expect_download() as as_json:
        page.click("a[href='/du-lieu-cua-toi/tai-ve.json']")
    assert as_json.value.suggested_filename == "du-lieu-cua-toi.json"
    export = json.loads(open(as_json.value.path(), encoding="utf-8").read())  # noqa: SIM115
    assert export["account"]["username"] == EMPLOYEE
    # Other journeys of the same run may have read this dossier too (the review, the approval):
    # the officer's read is among them, and nobody's read is missing its reader.
    readers = [read["reader"] for read in export["read_log"]]
    assert OFFICER in readers and all(readers), readers

    with page.expect_download() as as_pdf:
        page.click("a[href='/du-lieu-cua-toi/tai-ve.pdf']")
    assert as_pdf.value.suggested_filename == "du-lieu-cua-toi.pdf"
    assert open(as_pdf.value.path(), "rb").read(5) == b"%PDF-"  # noqa: SIM115

    # A request, answered by the unit within the rules' time.
    page.select_option("#id_kind", "access")
    page.fill("#id_detail", "Đề nghị cho biết hồ sơ đã được chia sẻ cho ai.")
    page.click("form.form button[type=submit]")
    page.wait_for_url(f"{base}/du-lieu-cua-toi/")
    assert re.search(r"Đã gửi yêu cầu; đơn vị quản lý hồ sơ trả lời chậm nhất ngày \d\d/\d\d/\d{4}\.",
                     page.inner_text(".messages"))
    assert "Đề nghị cho biết hồ sơ đã được chia sẻ cho ai." in page.inner_text("table")
