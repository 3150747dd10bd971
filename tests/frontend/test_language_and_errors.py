"""Pages are Vietnamese whatever the browser asks for; English only by the header's switch.
Error pages are Vietnamese and never list URLs or show a traceback; /api/ addresses answer in
the API's error shape."""

import json
from collections.abc import Callable

from django.test import Client, RequestFactory
from django.utils import translation

from core.base.accounts.models import Account
from frontend.common.errors import server_error
from tenants.models import Province
from tests.conftest import client_for, host_of
from tests.core.conftest import Personas

ENGLISH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}


def test_an_english_browser_gets_vietnamese_pages_and_sign_in_errors(lao_cai: Province) -> None:
    """lang="vi" and Django's sign-in refusal in Vietnamese, for an en-US browser."""
    browser = client_for(lao_cai)
    page = browser.get("/dang-nhap/", **ENGLISH_BROWSER)
    assert '<html lang="vi">' in page.content.decode()
    assert page["Content-Language"] == "vi"
    refused = browser.post("/dang-nhap/", {"username": "010090001235", "password": "sai"}, **ENGLISH_BROWSER).content.decode()
    assert "Vui lòng điền vào" in refused and "mật khẩu chính xác" in refused
    assert "Please enter" not in refused


def test_the_language_switch_sticks(lc: Personas, browser_as: Callable[[Account], Client]) -> None:
    """Choosing EN in the header gives English menus on the next pages; VI brings Vietnamese back."""
    browser = browser_as(lc.employee)
    home = browser.get("/trang-cua-toi/").content.decode()
    assert 'id="language-switch"' in home and 'action="/ngon-ngu/"' in home
    answer = browser.post("/ngon-ngu/", {"language": "en", "next": "/trang-cua-toi/"})
    assert answer.status_code == 302 and answer["Location"] == "/trang-cua-toi/"
    english = browser.get("/ho-so-cua-toi/").content.decode()
    assert '<html lang="en">' in english
    assert ">My page</a>" in english and ">Sign out</button>" in english
    # Nothing after the English page's response runs in English.
    assert translation.get_language() == "vi"
    browser.post("/ngon-ngu/", {"language": "vi", "next": "/trang-cua-toi/"})
    again = browser.get("/trang-cua-toi/", **ENGLISH_BROWSER).content.decode()
    assert '<html lang="vi">' in again and ">Trang của tôi</a>" in again and ">Đăng xuất</button>" in again


def test_a_missing_page_is_vietnamese_and_lists_no_urls(lc: Personas, browser_as: Callable[[Account], Client]) -> None:
    answer = browser_as(lc.employee).get("/khong-co-trang-nay/", **ENGLISH_BROWSER)
    page = answer.content.decode()
    assert answer.status_code == 404
    assert "<h1>Không tìm thấy trang</h1>" in page
    assert "URLconf" not in page and "dang-nhap" not in page and "Traceback" not in page


def test_an_unmatched_api_path_answers_json_404(lao_cai: Province) -> None:
    answer = client_for(lao_cai).get("/api/v1/khong-co/")
    assert answer.status_code == 404
    assert answer["Content-Type"] == "application/json"
    assert json.loads(answer.content) == {"message": "Không tìm thấy.", "code": "not_found", "extra": {}}


def test_a_server_error_page_is_vietnamese_without_traceback(lao_cai: Province) -> None:
    request = RequestFactory().get("/trang-cua-toi/", HTTP_HOST=host_of(lao_cai))
    answer = server_error(request)
    page = answer.content.decode()
    assert answer.status_code == 500 and "<h1>Hệ thống gặp lỗi</h1>" in page and "Traceback" not in page
    api = server_error(RequestFactory().get("/api/v1/people/", HTTP_HOST=host_of(lao_cai)))
    assert api.status_code == 500 and json.loads(api.content)["code"] == "server_error"


def test_a_form_without_its_csrf_token_gets_a_vietnamese_page(lao_cai: Province) -> None:
    browser = Client(HTTP_HOST=host_of(lao_cai), enforce_csrf_checks=True)
    answer = browser.post("/dang-nhap/", {"username": "x", "password": "y"}, **ENGLISH_BROWSER)
    page = answer.content.decode()
    assert answer.status_code == 403
    assert "<h1>Không gửi được biểu mẫu</h1>" in page
    assert "hãy tải lại trang và thử lại" in page and "CSRF verification failed" not in page


def test_the_api_refuses_a_session_without_csrf_in_vietnamese(lao_cai: Province, lc: Personas) -> None:
    """A signed-in browser session posting to the API without the CSRF token."""
    from django_tenants.utils import tenant_context

    browser = Client(HTTP_HOST=host_of(lao_cai), enforce_csrf_checks=True)
    with tenant_context(lao_cai):
        browser.force_login(lc.employee)
    answer = browser.post("/api/v1/change-sets/", data="{}", content_type="application/json", **ENGLISH_BROWSER)
    assert answer.status_code == 403
    body = json.loads(answer.content)
    assert body["code"] == "csrf_failed"
    assert body["message"].startswith("Thiếu mã chống giả mạo (CSRF)")
