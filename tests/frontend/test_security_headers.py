"""Headers and sessions: a Content-Security-Policy with no inline script, no-store on signed-in
pages, the idle timeout from the province's rules, Swagger UI from this host, request bodies
refused from their announced size."""

import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from django.http import HttpResponse
from django.test import Client
from django_tenants.utils import tenant_context

from core.base.accounts.models import Account
from frontend.common.security import IDLE_SIGNED_OUT, LAST_SEEN_KEY
from tenants.models import Province
from tests.conftest import client_for
from tests.core.conftest import Personas

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"\s(on[a-z]+|hx-on[:\w-]*)\s*=", re.IGNORECASE)


def _csp(response: object) -> dict[str, str]:
    header = response["Content-Security-Policy"]  # type: ignore[index]
    return {part.split()[0]: part.strip() for part in header.split(";") if part.strip()}


def test_every_page_has_a_policy_without_inline_script(lao_cai: Province, lc: Personas,
                                                       browser_as: Callable[[Account], Client]) -> None:
    """The policy forbids inline script and eval; the pages carry none (hx-on handlers moved
    to frontend/hoso.js)."""
    pages = [(client_for(lao_cai), "/dang-nhap/"), (browser_as(lc.employee), "/ho-so-cua-toi/"),
             (browser_as(lc.doha), "/tai-khoan/"),
             (browser_as(lc.officer), "/duyet-ho-so/"), (browser_as(lc.doha), "/quy-che/")]
    for browser, path in pages:
        response = browser.get(path)
        assert response.status_code == 200, path
        policy = _csp(response)
        assert policy["script-src"] == "script-src 'self'", path
        assert "unsafe" not in policy["script-src"] and "'none'" in policy["frame-ancestors"]
        html = response.content.decode()
        assert not INLINE_SCRIPT.search(html), path
        assert not INLINE_HANDLER.search(html), (path, INLINE_HANDLER.search(html))


def test_no_template_holds_inline_script_or_handlers() -> None:
    """Every template of every feature, including those no test renders."""
    root = Path(__file__).resolve().parents[2] / "frontend"
    offenders = []
    for template in root.rglob("templates/**/*.html"):
        text = template.read_text()
        if INLINE_SCRIPT.search(text) or INLINE_HANDLER.search(text):
            offenders.append(str(template.relative_to(root)))
    assert offenders == []


def test_signed_in_pages_are_never_stored(lao_cai: Province, lc: Personas,
                                          browser_as: Callable[[Account], Client]) -> None:
    assert "no-store" in browser_as(lc.employee).get("/ho-so-cua-toi/")["Cache-Control"]


def test_a_session_idle_past_the_rule_is_signed_out(lao_cai: Province, lc: Personas,
                                                    browser_as: Callable[[Account], Client]) -> None:
    """The baseline idle timeout is 30 minutes; 31 minutes of nothing signs the person out."""
    browser = browser_as(lc.employee)
    assert browser.get("/ho-so-cua-toi/").status_code == 200
    session = browser.session
    session[LAST_SEEN_KEY] = int(time.time()) - 31 * 60
    session.save()
    response = browser.get("/ho-so-cua-toi/")
    assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/")
    page = browser.get(response["Location"])
    assert IDLE_SIGNED_OUT.format(minutes=30) in page.content.decode()
    assert browser.get("/ho-so-cua-toi/").status_code == 302


def test_swagger_ui_is_served_from_this_host(lao_cai: Province) -> None:
    """No CDN: Swagger UI's files come from drf-spectacular-sidecar, its start-up script from
    a separate request."""
    page = client_for(lao_cai).get("/api/v1/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "cdn.jsdelivr" not in html and "unpkg" not in html and "/static/drf_spectacular_sidecar/" in html
    assert not INLINE_SCRIPT.search(html)
    script = client_for(lao_cai).get("/api/v1/docs/?script=")
    assert script.status_code == 200 and "javascript" in script["Content-Type"]


def test_a_body_announced_too_large_is_refused_unread(lao_cai: Province) -> None:
    """The 10 MB cap was checked after the whole body arrived; now Content-Length alone
    decides (413), before the province is even looked up."""
    response = client_for(lao_cai).generic("POST", "/api/v1/auth/token/", b"{}", content_type="application/json",
                                           CONTENT_LENGTH=str(50 * 1024 * 1024))
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"


def test_the_login_page_is_a_download_free_zone(lao_cai: Province) -> None:
    """Anonymous pages carry the policy too, and clickjacking is refused."""
    response = client_for(lao_cai).get("/dang-nhap/")
    assert response["X-Frame-Options"] == "DENY"
    assert _csp(response)["object-src"] == "object-src 'none'"


def test_an_admin_created_account_with_an_issued_password_is_sent_to_change_it(lao_cai: Province) -> None:
    with tenant_context(lao_cai):
        account = Account.objects.create_user(username="moi.cap", password="Cap-Phat-2026!", must_change_password=True)
    browser = client_for(lao_cai)
    with tenant_context(lao_cai):
        browser.force_login(account)
    assert browser.get("/tai-khoan/")["Location"] == "/doi-mat-khau/"


def _policy_through_middleware(view: Callable[..., HttpResponse]) -> str:
    from django.test import RequestFactory

    from frontend.common.security import CSPMiddleware

    request = RequestFactory().get("/")
    middleware = CSPMiddleware(view)
    return middleware(request)["Content-Security-Policy"]


def test_the_policy_built_once_is_django_csps_own_and_follows_the_settings() -> None:
    """The cached policy is exactly what django-csp builds from the settings; a view that
    widens it (the local signing service's WebSocket) still gets its own; a settings change
    is seen at once."""
    from csp.decorators import csp_update
    from csp.utils import build_policy
    from django.test import override_settings

    def plain(request: object) -> HttpResponse:
        return HttpResponse("ok")

    @csp_update({"connect-src": ["ws://127.0.0.1:*"]})
    def widened(request: object) -> HttpResponse:
        return HttpResponse("ok")

    assert _policy_through_middleware(plain) == build_policy()
    assert "connect-src 'self' ws://127.0.0.1:*" in _policy_through_middleware(widened)
    assert "ws://" not in _policy_through_middleware(plain)
    with override_settings(CONTENT_SECURITY_POLICY={"DIRECTIVES": {"default-src": ["'none'"]}}):
        assert _policy_through_middleware(plain) == "default-src 'none'"
    assert _policy_through_middleware(plain) == build_policy()


def test_a_nonce_asked_for_after_the_header_is_written_is_refused() -> None:
    """As django-csp does: once the header is out, a nonce can no longer be added to it, so
    asking for one is an error, on every response (one shared object answers them all)."""
    from csp.exceptions import CSPNonceError
    from django.test import RequestFactory

    from frontend.common.security import CSPMiddleware

    for _ in range(2):
        request = RequestFactory().get("/")
        CSPMiddleware(lambda request: HttpResponse("ok"))(request)
        with pytest.raises(CSPNonceError):
            str(request.csp_nonce)  # type: ignore[attr-defined]


def test_the_policy_follows_debug_too() -> None:
    """The settings' policy is one header for every response only without DEBUG: with it,
    django-csp leaves Django's debug 404 page without a policy, and the switch back is seen."""
    from django.http import HttpResponseNotFound
    from django.test import RequestFactory, override_settings

    from frontend.common.security import CSPMiddleware

    def missing(request: object) -> HttpResponse:
        return HttpResponseNotFound("nothing")

    def policy() -> str | None:
        return CSPMiddleware(missing)(RequestFactory().get("/")).get("Content-Security-Policy")

    assert policy()
    with override_settings(DEBUG=True):
        assert policy() is None
    assert policy()


def test_a_request_without_a_session_cookie_is_anonymous_without_reading_the_session() -> None:
    """No session cookie: anonymous at once, the empty session never loaded, yet counted as read
    so that the answer still varies on Cookie. With a cookie, Django's lazy user as before."""
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.sessions.middleware import SessionMiddleware
    from django.test import RequestFactory
    from django.utils.functional import SimpleLazyObject

    from frontend.common.security import AuthenticationMiddleware

    seen = {}

    def view(request: object) -> HttpResponse:
        seen["user"] = request.user  # type: ignore[attr-defined]
        seen["loaded"] = hasattr(request.session, "_session_cache")  # type: ignore[attr-defined]
        return HttpResponse("ok")

    stack = SessionMiddleware(AuthenticationMiddleware(view))
    response = stack(RequestFactory().get("/"))
    assert type(seen["user"]) is AnonymousUser and seen["loaded"] is False
    assert "Cookie" in response["Vary"]
    stack(RequestFactory(HTTP_COOKIE="sessionid=unknown").get("/"))
    assert type(seen["user"]) is SimpleLazyObject


def test_anonymous_answers_still_vary_on_cookie(lao_cai: Province) -> None:
    """An answer that no form's CSRF token marks (a public API read) too."""
    response = client_for(lao_cai).get("/api/v1/calendar/working-days/?from=2026-04-01&to=2026-04-30")
    assert response.status_code == 200 and "Cookie" in response["Vary"]


def test_a_session_stamped_in_another_province_is_signed_out(lao_cai: Province, lc: Personas,
                                                             browser_as: Callable[[Account], Client]) -> None:
    """The first signed-in request stamps the session with its province; a session that shows
    another one's stamp (a store shared across schemas) is signed out, and its page not stored."""
    from tenants.middleware import SESSION_SCHEMA_KEY

    browser = browser_as(lc.employee)
    response = browser.get("/ho-so-cua-toi/")
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    with tenant_context(lao_cai):
        assert browser.session[SESSION_SCHEMA_KEY] == lao_cai.schema_name
        session = browser.session
        session[SESSION_SCHEMA_KEY] = "another_province"
        session.save()
    response = browser.get("/ho-so-cua-toi/")
    assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/")
    assert "no-store" not in response.get("Cache-Control", "")
