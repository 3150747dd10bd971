"""The API's one error shape: {"message", "code", "extra": {"fields": ...}}."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.utils import OperationalError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from core.exceptions import ApplicationError


def _fields_of(detail: Any) -> dict[str, Any]:
    if isinstance(detail, dict):
        return {key: [str(m) for m in value] if isinstance(value, list) else str(value) for key, value in detail.items()}
    return {"non_field_errors": [str(m) for m in detail] if isinstance(detail, list) else [str(detail)]}


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ApplicationError):
        return Response({"message": exc.message, "code": exc.code, "extra": exc.extra}, status=exc.status)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound("Không tìm thấy.")
    if isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied("Bạn không có quyền thực hiện thao tác này.")
    if isinstance(exc, OperationalError) and "lock" in str(exc).lower():
        return Response({"message": "Dữ liệu đang được người khác cập nhật, vui lòng thử lại.", "code": "conflict", "extra": {}},
                        status=status.HTTP_409_CONFLICT)
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = {"message": "Dữ liệu gửi lên chưa hợp lệ.", "code": "invalid", "extra": {"fields": _fields_of(exc.detail)}}
    elif isinstance(exc, exceptions.APIException):
        response.data = {"message": str(exc.detail), "code": exc.get_codes() if isinstance(exc.get_codes(), str) else "error", "extra": {}}
    return response
