"""Which province a request belongs to, decided by its host alone; refuse rather than reveal."""

import sys

from django.contrib.auth import logout
from django.core.exceptions import DisallowedHost
from django.db import connection
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseNotFound,
    HttpResponsePermanentRedirect,
    JsonResponse,
)
from django.shortcuts import render
from django_tenants.middleware.main import TenantMainMiddleware

from tenants.context import current_schema_name
from tenants.hosts import province_for_host
from tenants.models import Domain, Province, ProvinceStatus

SESSION_SCHEMA_KEY = "hoso_province_schema"
# An archived province still lets people sign in and out to read it.
ARCHIVED_WRITABLE_PATHS = frozenset({"/dang-nhap/", "/dang-xuat/"})
ARCHIVED_MESSAGE = "Tỉnh {name} đã chuyển sang lưu trữ: dữ liệu chỉ được xem, không thể thêm, sửa hoặc xoá."
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class ProvinceMiddleware(TenantMainMiddleware):
    """Sets the schema from the host. Unknown host: a short 404 page, never a 500.
    A suspended province, or one whose last migration run failed (not ready): a maintenance
    page, its data untouched. An archived province: reads only, every write refused (423).
    The host's province is remembered in the process (tenants/hosts.py): no query for it.

    django-tenants' own process_request, without what a remembered host does not need on every
    request: switching to `public` before the lookup (only a lookup in the database reads it:
    province_for_host switches then) and finding the domain model in the app registry. The end is
    the same: the province's schema, or `public` for an unknown or disallowed host."""

    # Synchronous only, without MiddlewareMixin's dispatch on every request (looking for the
    # hooks it may have); Django adapts it under ASGI.
    async_capable = False

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.process_request(request)
        if response is None:
            response = self.get_response(request)
        return response

    def process_request(self, request: HttpRequest) -> HttpResponse | None:
        try:
            hostname = self.hostname_from_request(request)
        except DisallowedHost:
            connection.set_schema_to_public()  # type: ignore[attr-defined]  # django-tenants backend
            return HttpResponseNotFound()
        try:
            province = province_for_host(hostname)
        except Domain.DoesNotExist:
            connection.set_schema_to_public()  # type: ignore[attr-defined]  # django-tenants backend
            return render(request, "frontend/unknown_host.html", status=404)
        province.domain_url = hostname
        request.tenant = province  # type: ignore[attr-defined]
        connection.set_tenant(province)  # type: ignore[attr-defined]  # django-tenants backend
        self.setup_url_routing(request)
        _tag_error_reports(province.code)
        if province.is_public:
            return None
        if province.status == ProvinceStatus.MERGED and province.merged_into_id is not None:
            return _merged_redirect(request, province)
        if province.status == ProvinceStatus.SUSPENDED or not province.is_ready:
            return render(request, "frontend/maintenance.html", {"province": province}, status=503)
        if province.status == ProvinceStatus.ARCHIVED and _is_write(request):
            return _archived_refusal(request, province)
        return None


def _merged_redirect(request: HttpRequest, province: Province) -> HttpResponse:
    """A merged province's host sends every address to the same path on the receiving one."""
    from tenants.selectors import province_primary_domain

    target = Province.objects.prefetch_related("domains").get(pk=province.merged_into_id)
    port = request.get_port()
    host = province_primary_domain(target) + ("" if port in ("80", "443") else f":{port}")
    scheme = "https" if request.is_secure() else "http"
    return HttpResponsePermanentRedirect(f"{scheme}://{host}{request.get_full_path()}")


def _is_write(request: HttpRequest) -> bool:
    return request.method not in SAFE_METHODS and request.path not in ARCHIVED_WRITABLE_PATHS


def _archived_refusal(request: HttpRequest, province: object) -> HttpResponse:
    """423 Locked: the province is read-only; the API answers in its usual error shape."""
    message = ARCHIVED_MESSAGE.format(name=getattr(province, "name", ""))
    if request.path.startswith("/api/"):
        return JsonResponse({"message": message, "code": "province_archived", "extra": {}}, status=423)
    return render(request, "console/archived.html", {"province": province, "message": message}, status=423)


def _tag_error_reports(province_code: str) -> None:
    # Only where Sentry reports: hoso.settings.monitoring.sentry_init imports sentry_sdk when a
    # DSN is set. Without one, importing it here would load it (and the gevent it pulls in, 5 MB)
    # into every web worker on its first request, for a tag that nobody sends.
    sentry_sdk = sys.modules.get("sentry_sdk")
    if sentry_sdk is None:
        return
    sentry_sdk.get_isolation_scope().set_tag("province", province_code)


def session_province_guard(request: HttpRequest) -> None:
    """A signed-in session is valid only in the province where it was opened: the first request
    stamps the session with its schema, a request in another schema signs it out.

    Sessions already live in each province's schema; this check also covers a session store
    shared across schemas (a cache, say) where a cookie could otherwise cross provinces. Called
    for a signed-in request by frontend.common.security.SignedInMiddleware.
    """
    stamped = request.session.get(SESSION_SCHEMA_KEY)
    if stamped is None:
        request.session[SESSION_SCHEMA_KEY] = current_schema_name()
    elif stamped != current_schema_name():
        logout(request)
