"""The error pages: Vietnamese, never a URL list or a traceback; an address under /api/ gets the
API's error shape, {"message", "code"}, instead of a page."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string

NOT_FOUND = "Không tìm thấy."
SERVER_ERROR = "Hệ thống gặp lỗi khi xử lý yêu cầu; vui lòng thử lại sau."
CSRF_REFUSED = "Phiên làm việc đã hết hạn hoặc biểu mẫu không còn hợp lệ; hãy tải lại trang và thử lại."


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"message": NOT_FOUND, "code": "not_found", "extra": {}}, status=404)
    return render(request, "frontend/not_found.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """Rendered without the request context: whatever failed (the database, a context
    processor) must not fail this page too."""
    if _is_api(request):
        return JsonResponse({"message": SERVER_ERROR, "code": "server_error", "extra": {}}, status=500)
    return HttpResponse(render_to_string("frontend/server_error.html"), status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without a valid CSRF token (CSRF_FAILURE_VIEW); the reason stays in the log."""
    if _is_api(request):
        return JsonResponse({"message": CSRF_REFUSED, "code": "csrf_failed", "extra": {}}, status=403)
    return HttpResponse(render_to_string("frontend/csrf_failure.html", {"message": CSRF_REFUSED}), status=403)
