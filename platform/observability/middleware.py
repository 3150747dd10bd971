"""One middleware, outermost after the probes: a request id, one log line, the metrics.

It runs on every request, so it reads the one header it needs from META (request.headers would
build a dictionary of them all) and builds the log line only when the line is written."""

import logging
import sys
import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from hoso.observability.context import request_id_from_header, request_id_set
from hoso.observability.metrics import NO_PROVINCE, request_observe

logger = logging.getLogger("hoso.request")


class RequestMiddleware:
    """Before ProvinceMiddleware, so an unknown host's 404 is counted and logged too; the
    province is read from the request once the inner layers have set it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request_id_from_header(request.META.get("HTTP_X_REQUEST_ID"))
        request_id_set(request_id)
        _tag_error_reports(request_id)
        started = time.perf_counter()
        response = self.get_response(request)
        seconds = time.perf_counter() - started
        tenant = getattr(request, "tenant", None)
        province = tenant.schema_name if tenant is not None else NO_PROVINCE
        request_observe(province=province, method=request.method or "", status=response.status_code, seconds=seconds)
        response["X-Request-ID"] = request_id
        if logger.isEnabledFor(logging.INFO):
            # The path only: query strings can carry names and ID numbers (searches).
            logger.info(
                "%s %s %s", request.method, request.path, response.status_code,
                extra={"province": province, "method": request.method, "path": request.path,
                       "status": response.status_code, "duration_ms": round(seconds * 1000, 1)},
            )
        return response


def _tag_error_reports(request_id: str) -> None:
    # Only where Sentry reports: hoso.settings.monitoring.sentry_init imports sentry_sdk when a
    # DSN is set. Without one, importing it here would load it (and the gevent it pulls in, 5 MB)
    # into every web worker on its first request, for a tag that nobody sends.
    sentry_sdk = sys.modules.get("sentry_sdk")
    if sentry_sdk is None:
        return
    sentry_sdk.get_isolation_scope().set_tag("request_id", request_id)
