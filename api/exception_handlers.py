"""The API's one error shape: {"message", "code", "extra": {"fields": ...}}."""

from typing import Any

from django.core.exceptions import (
    PermissionDenied,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.utils import OperationalError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from core.base.errors import ApplicationError


def _fields_of(detail: Any) -> dict[str, Any]:
    if isinstance(detail, dict):
        return {key: [str(m) for m in value] if isinstance(value, list) else str(value) for key, value in detail.items()}
    return {"non_field_errors": [str(m) for m in detail] if isinstance(detail, list) else [str(detail)]}


TOO_MANY_PARTS = "Dữ liệu gửi lên có quá nhiều trường hoặc tệp."
TOO_BIG = "Dữ liệu gửi lên quá lớn."
CSRF_REFUSED = "Thiếu mã chống giả mạo (CSRF) của phiên đăng nhập: tải lại trang, hoặc dùng mã truy cập (Authorization: Token …)."

# DRF's own refusals, in Vietnamese for every view (its vi catalogue is incomplete).
_VIETNAMESE = {
    exceptions.NotAuthenticated: "Chưa đăng nhập: gửi kèm mã truy cập (Authorization: Token …).",
    exceptions.AuthenticationFailed: "Mã truy cập không hợp lệ hoặc đã bị thu hồi.",
    exceptions.ParseError: "Dữ liệu gửi lên không đọc được (JSON sai cú pháp).",
    exceptions.Throttled: "Quá nhiều yêu cầu; vui lòng thử lại sau.",
    exceptions.NotAcceptable: "Không trả được dữ liệu theo kiểu yêu cầu.",
}


def _in_vietnamese(exc: exceptions.APIException) -> str:
    for kind, message in _VIETNAMESE.items():
        if type(exc) is kind and not _already_vietnamese(exc):
            return message
    return str(exc.detail)


def _already_vietnamese(exc: exceptions.APIException) -> bool:
    """Views may raise these with their own Vietnamese wording: keep it."""
    return str(exc.detail) != str(exc.default_detail)


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ApplicationError):
        return Response({"message": exc.message, "code": exc.code, "extra": exc.extra}, status=exc.status)
    if isinstance(exc, (TooManyFieldsSent, TooManyFilesSent, RequestDataTooBig)):
        # Django's own limits on a form body, met while DRF parses it: a 400 in the API's shape,
        # not Django's HTML page.
        return Response({"message": TOO_MANY_PARTS if not isinstance(exc, RequestDataTooBig) else TOO_BIG,
                         "code": "parse_error", "extra": {}}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound("Không tìm thấy.")
    if isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied("Bạn không có quyền thực hiện thao tác này.")
    if isinstance(exc, exceptions.PermissionDenied) and str(exc.detail).startswith("CSRF Failed"):
        # Session sign-in without the page's CSRF token: DRF words it in English.
        return Response({"message": CSRF_REFUSED, "code": "csrf_failed", "extra": {}}, status=status.HTTP_403_FORBIDDEN)
    if isinstance(exc, OperationalError) and "lock" in str(exc).lower():
        return Response({"message": "Dữ liệu đang được người khác cập nhật, vui lòng thử lại.", "code": "conflict", "extra": {}},
                        status=status.HTTP_409_CONFLICT)
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = {"message": "Dữ liệu gửi lên chưa hợp lệ.", "code": "invalid", "extra": {"fields": _fields_of(exc.detail)}}
    elif isinstance(exc, exceptions.APIException):
        codes = exc.get_codes()
        response.data = {"message": _in_vietnamese(exc), "code": codes if isinstance(codes, str) else "error", "extra": {}}
    return response
