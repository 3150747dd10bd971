"""Former units on the pages and the API (Nghị quyết 202/2025/QH15: Hà Giang merged into Tuyên
Quang from 01/07/2025): a unit shows what it was formerly, and an old code looked up answers the
unit of today."""

import pytest
from django_tenants.utils import tenant_context

from core.models import OrgUnit
from core.operations.onboarding import DOHA_ADMIN_USERNAME
from tests.conftest import _province, sign_in

pytestmark = pytest.mark.django_db
PASSWORD = "hoso-demo-2026"


def _home_affairs() -> int:
    with tenant_context(_province("tuyen-quang")):
        return OrgUnit.objects.get(name="Sở Nội vụ", dissolved_on__isnull=True).pk


def test_the_unit_page_and_api_show_what_it_was_formerly() -> None:
    unit_id = _home_affairs()
    browser = sign_in(_province("tuyen-quang"), DOHA_ADMIN_USERNAME, PASSWORD)
    page = browser.get(f"/to-chuc/{unit_id}/").content.decode()
    assert "<h2>Trước đây</h2>" in page and "Sở Nội vụ tỉnh Hà Giang" in page and "000.00.02.H22" in page
    assert "30/06/2025" in page and "Nghị quyết 202/2025/QH15" in page
    body = browser.get(f"/api/v1/org-units/{unit_id}/").json()
    (former,) = body["formerly"]
    assert {k: former[k] for k in ("name", "electronic_code", "last_day", "change", "successor")} == {
        "name": "Sở Nội vụ tỉnh Hà Giang", "electronic_code": "000.00.02.H22", "last_day": "2025-06-30",
        "change": "merge", "successor": {"id": unit_id, "name": "Sở Nội vụ"}}


def test_an_old_code_answers_the_unit_of_today_on_the_api() -> None:
    unit_id = _home_affairs()
    browser = sign_in(_province("tuyen-quang"), DOHA_ADMIN_USERNAME, PASSWORD)
    body = browser.get("/api/v1/org-units/by-code/", {"code": "000.00.02.H22"}).json()
    assert body["current"] == {"id": unit_id, "name": "Sở Nội vụ", "electronic_code": body["current"]["electronic_code"],
                               "active": True}
    assert (body["matched"]["name"], body["matched"]["valid_to"]) == ("Sở Nội vụ tỉnh Hà Giang", "2025-06-30")
    assert [c["name"] for c in body["chain"]] == ["Sở Nội vụ tỉnh Hà Giang"]
    unknown = browser.get("/api/v1/org-units/by-code/", {"code": "000.00.02.H63"})
    assert unknown.status_code == 404
    assert unknown.json()["message"] == ("Không có cơ quan, đơn vị nào mang mã định danh điện tử “000.00.02.H63”, "
                                         "hiện nay hay trước đây.")
    assert browser.get("/api/v1/org-units/by-code/").status_code == 400


def test_the_tree_page_looks_up_an_old_code() -> None:
    unit_id = _home_affairs()
    browser = sign_in(_province("tuyen-quang"), DOHA_ADMIN_USERNAME, PASSWORD)
    found = browser.get("/to-chuc/", {"ma": "000.00.02.H22"}, follow=True)
    assert found.redirect_chain == [(f"/to-chuc/{unit_id}/", 302)]
    assert ("Mã 000.00.02.H22 là mã của “Sở Nội vụ tỉnh Hà Giang” trước ngày 01/07/2025; nay thuộc “Sở Nội vụ”."
            in found.content.decode())
    unknown = browser.get("/to-chuc/", {"ma": "000.00.99.H22"})
    assert unknown.status_code == 400
    assert "Không có cơ quan, đơn vị nào mang mã định danh điện tử “000.00.99.H22”" in unknown.content.decode()
