"""Sessions and headers of every page: the lockout answer, the idle timeout from the
province's rules, a required password change first, no-store on signed-in pages and a request
body limit enforced from Content-Length before the body is read."""

import time
from collections.abc import Callable
from functools import cache, partial
from typing import Any

from csp.constants import HEADER as CSP_HEADER
from csp.middleware import CheckableLazyObject
from csp.middleware import CSPMiddleware as PolicyPerResponseMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.middleware import (
    AuthenticationMiddleware as DjangoAuthenticationMiddleware,
)
from django.contrib.auth.middleware import auser
from django.contrib.auth.models import AnonymousUser
from django.core.signals import setting_changed
from django.db import connection
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse

from core.base.accounts.models import Account
from core.base.accounts.services import LOCKED_OUT
from core.selectors.security import security_rules
from core.services.passwords import password_change_reason
from core.sso.config import SSO_SESSION_KEY
from tenants.middleware import session_province_guard

LAST_SEEN_KEY = "hoso_last_seen"
# The session is written at most once a minute just to note activity.
LAST_SEEN_RESOLUTION = 60
IDLE_SIGNED_OUT = "Phiên làm việc đã hết do không thao tác quá {minutes} phút: vui lòng đăng nhập lại."
TOO_LARGE = "Dữ liệu gửi lên quá lớn (tối đa {megabytes} MB)."
# Pages an account that must change its password may still open.
PASSWORD_PENDING_PATHS = ("/doi-mat-khau/", "/dang-xuat/", "/kich-hoat/", "/static/", "/api/")

Middleware = Callable[[HttpRequest], HttpResponse]


def lockout_response(request: HttpRequest, original_response: HttpResponse | None = None,
                     credentials: dict[str, Any] | None = None) -> HttpResponse:
    """django-axes' answer to a locked-out sign-in: the API's error shape, or the sign-in page
    with the Vietnamese message (429 either way)."""
    if request.path.startswith("/api/"):
        return JsonResponse({"message": LOCKED_OUT, "code": "locked_out", "extra": {}}, status=429)
    return render(request, "registration/locked_out.html", {"message": LOCKED_OUT}, status=429)


def _is_province(request: HttpRequest) -> bool:
    return connection.schema_name != settings.PUBLIC_SCHEMA_NAME  # type: ignore[attr-defined]


class BodyLimitMiddleware:
    """A body announced larger than HOSO_MAX_REQUEST_BYTES is refused (413) unread."""

    def __init__(self, get_response: Middleware):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.HOSO_MAX_REQUEST_BYTES
        if length > limit:
            message = TOO_LARGE.format(megabytes=limit // (1024 * 1024))
            if request.path.startswith("/api/"):
                return JsonResponse({"message": message, "code": "too_large", "extra": {}}, status=413)
            return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


class AuthenticationMiddleware(DjangoAuthenticationMiddleware):
    """Django's, in its place in MIDDLEWARE (a subclass, as the system checks expect), except
    that a request without a session cookie is anonymous at once: its session is new and empty,
    so Django's lazy user would find nobody in it, after a lazy object, a session lookup and an
    exception. `login()` and `logout()` set request.user themselves, as they always do. The
    session still counts as read, as when the lazy user looked into it (every request asks who
    is signed in): the answer keeps its `Vary: Cookie`, so no cache hands an anonymous answer to
    a signed-in browser."""

    # Synchronous only, without MiddlewareMixin's dispatch; Django adapts it under ASGI.
    async_capable = False

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.SESSION_COOKIE_NAME in request.COOKIES or not hasattr(request, "session"):
            self.process_request(request)
        else:
            request.user = request._cached_user = AnonymousUser()  # type: ignore[attr-defined]
            request.session.accessed = True  # type: ignore[attr-defined]
            request.auser = partial(auser, request)  # type: ignore[attr-defined]
        return self.get_response(request)  # type: ignore[return-value]


class SignedInMiddleware:
    """What a signed-in request goes through, in one middleware after messages' one (four before
    issue 15, each a layer every request crossed):

    1. its session is valid only in the province where it was opened
       (tenants.middleware.session_province_guard);
    2. a page session idle longer than the province's rule (session.idle_minutes) is signed out:
       a page goes to the sign-in page, an API call goes on unsigned;
    3. an account that must change its password (issued, or past the rotation period) sees the
       password-change page before any other page; not a session opened through the province's
       shared account, whose password is not hoso's;

    and on the way out, nothing shown to a signed-in person (or answered to a token) is kept by a
    browser or a proxy cache: `Cache-Control: no-store`."""

    def __init__(self, get_response: Middleware):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = _before_view(request) if request.user.is_authenticated else None
        if response is None:
            response = self.get_response(request)
        # META, not request.headers: that would build a dictionary of every header per request.
        if request.user.is_authenticated or request.META.get("HTTP_AUTHORIZATION"):
            response["Cache-Control"] = "no-store, private"
            response["Pragma"] = "no-cache"
        return response


def _before_view(request: HttpRequest) -> HttpResponse | None:
    """A signed-in request's checks, in order; each later one sees the person the earlier ones
    left signed in (or not)."""
    session_province_guard(request)
    if not _is_province(request):
        return None
    if request.user.is_authenticated and _idle_signed_out(request) and not request.path.startswith("/api/"):
        return HttpResponseRedirect(f"{reverse('frontend:login')}?next={request.path}")
    user = request.user
    if (isinstance(user, Account)
            and not request.path.startswith(PASSWORD_PENDING_PATHS)
            and not request.session.get(SSO_SESSION_KEY)):
        reason = password_change_reason(user)
        if reason is not None:
            messages.warning(request, reason)
            return HttpResponseRedirect(reverse("frontend:password-change"))
    return None


def _idle_signed_out(request: HttpRequest) -> bool:
    """Signs out a session idle too long (and says so); otherwise notes its activity, at most
    once a minute."""
    now = int(time.time())
    last = request.session.get(LAST_SEEN_KEY)
    minutes = security_rules().idle_minutes
    if isinstance(last, int) and now - last > minutes * 60:
        logout(request)
        messages.warning(request, IDLE_SIGNED_OUT.format(minutes=minutes))
        return True
    if not isinstance(last, int) or now - last >= LAST_SEEN_RESOLUTION:
        request.session[LAST_SEEN_KEY] = now
    return False


# A view that changes its policy (django-csp's decorators) marks its response with one of these.
_POLICY_CHANGES = ("_csp_config", "_csp_update", "_csp_replace", "_csp_exempt")


@cache
def _settings_policy() -> str:
    return build_policy()


@cache
def _settings_policy_plain() -> bool:
    """Is the settings' policy one header for every response: a policy, no report-only one, no
    excluded prefixes, no DEBUG (django-csp leaves DEBUG's error pages alone)?"""
    policy = getattr(settings, "CONTENT_SECURITY_POLICY", None) or {}
    return bool(
        policy
        and not settings.DEBUG
        and not policy.get("EXCLUDE_URL_PREFIXES")
        and not getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
    )


@receiver(setting_changed)
def _settings_policy_forget(*, setting: str, **kwargs: Any) -> None:
    if setting.startswith("CONTENT_SECURITY_POLICY") or setting == "DEBUG":
        _settings_policy.cache_clear()
        _settings_policy_plain.cache_clear()


def _nonce_after_response() -> None:
    CSPMiddleware._csp_nonce_post_response()


# As django-csp does: a nonce asked for after the header was written is an error. One object
# serves every response: asking it raises each time, so it never holds a value.
_NONCE_AFTER_RESPONSE = CheckableLazyObject(_nonce_after_response)


class CSPMiddleware(PolicyPerResponseMiddleware):
    """django-csp with the settings' policy built once per process, not on every response
    (about 11 % of a one-query request in issue 15's profile). A response whose view changes
    the policy, a page that used a nonce, a report-only policy, excluded prefixes or DEBUG go
    through django-csp's own per-response path."""

    # Synchronous only, without MiddlewareMixin's dispatch; Django adapts it under ASGI.
    async_capable = False

    def __call__(self, request: HttpRequest) -> HttpResponse:
        self.process_request(request)
        return self.process_response(request, self.get_response(request))  # type: ignore[arg-type]

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:  # type: ignore[override]
        if not self._is_plain(request, response):
            return super().process_response(request, response)  # type: ignore[return-value]
        if CSP_HEADER not in response:
            response[CSP_HEADER] = _settings_policy()
        request.csp_nonce = _NONCE_AFTER_RESPONSE  # type: ignore[attr-defined]
        return response

    @staticmethod
    def _is_plain(request: HttpRequest, response: HttpResponse) -> bool:
        return (
            _settings_policy_plain()
            and getattr(request, "_csp_nonce", None) is None
            and not any(hasattr(response, name) for name in _POLICY_CHANGES)
        )
