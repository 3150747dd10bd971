"""What every core API view shares: token sign-in per province, Vietnamese refusals, bounded
pages, and parsers that turn malformed input into a 400 rather than a 500."""

from typing import Any, NoReturn, cast

from django.core.exceptions import RequestDataTooBig
from rest_framework import exceptions, permissions
from rest_framework.authentication import SessionAuthentication
from rest_framework.generics import GenericAPIView
from rest_framework.metadata import SimpleMetadata
from rest_framework.pagination import BasePagination, LimitOffsetPagination
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import Serializer

from api.authentication import ProvinceTokenAuthentication
from core.base.accounts.models import Account
from core.base.errors import ApplicationError, PermissionDeniedError
from core.services.passwords import password_change_reason

NOT_SIGNED_IN = "Chưa đăng nhập: gửi kèm mã truy cập (Authorization: Token …)."
PARSE_ERROR = "Dữ liệu gửi lên không đọc được (JSON sai cú pháp)."
UNSUPPORTED_MEDIA = "Kiểu dữ liệu “{media_type}” không được nhận ở địa chỉ này."

# Keys made by rest_framework.authtoken: 40 hexadecimal characters. Anything else is refused
# before the database sees it.
# A page never starts past this row: a larger offset is a mistake, and the database refuses
# offsets past bigint.
MAX_OFFSET = 10_000_000


def acting_account(request: Request) -> Account:
    """The signed-in account, for views that reach this after IsAuthenticated: the user is a
    province Account, never AnonymousUser."""
    return cast(Account, request.user)


def query_valid(request: Request, serializer_class: type[Serializer]) -> dict[str, Any]:
    """The query string checked by the serializer its OpenAPI parameters are built from, so that
    what the schema calls valid is accepted and the rest refused (a parameter given empty is a
    value to check, not one left out): a 400 whose message names the first wrong parameter
    ("Tham số on (ngày): …"), with every wrong one in extra.fields."""
    serializer = serializer_class(data=request.query_params.dict())
    if serializer.is_valid():
        return dict(serializer.validated_data)
    fields = {name: [str(m) for m in messages] for name, messages in serializer.errors.items()}
    name, messages = next(iter(fields.items()))
    label = getattr(serializer.fields.get(name), "label", None)
    # A label given by the serializer glosses the name; DRF's default ("From") says nothing more.
    gloss = f" ({label})" if label and label != name.replace("_", " ").capitalize() else ""
    raise ApplicationError(f"Tham số {name}{gloss}: {messages[0]}", extra={"fields": fields})


class SafeJSONParser(JSONParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:  # deeply nested JSON
            raise exceptions.ParseError(PARSE_ERROR) from None


class Page(LimitOffsetPagination):
    default_limit = 20
    max_limit = 100
    limit_query_description = "Số dòng mỗi trang (mặc định 20, tối đa 100)."
    offset_query_description = "Bỏ qua bao nhiêu dòng đầu."

    def get_limit(self, request: Request) -> int:
        return self._bounded(request, self.limit_query_param, 1, self.max_limit, self.default_limit)

    def get_offset(self, request: Request) -> int:
        return self._bounded(request, self.offset_query_param, 0, MAX_OFFSET, 0)

    @staticmethod
    def _bounded(request: Request, name: str, low: int, high: int, default: int) -> int:
        """The parameter as given, or a 400 naming it (DRF alone quietly uses its default)."""
        raw = request.query_params.get(name)
        if raw is None:
            return default
        if not (raw.isascii() and raw.isdigit() and low <= int(raw) <= high):
            raise exceptions.ValidationError({name: [f"{name} phải là một số nguyên từ {low} đến {high}."]})
        return int(raw)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        bounds = {self.limit_query_param: (1, self.max_limit), self.offset_query_param: (0, MAX_OFFSET)}
        for parameter in parameters:
            low, high = bounds[parameter["name"]]
            parameter["schema"].update(minimum=low, maximum=high)
        return parameters


class NoActionsMetadata(SimpleMetadata):
    """OPTIONS names the view and its formats; the request and answer shapes are in the schema
    (/api/v1/schema/). DRF's own would build a serializer these views do not declare."""

    def determine_actions(self, request: Request, view: Any) -> dict[str, Any]:
        return {}


class CoreAPIView(GenericAPIView):
    authentication_classes = [ProvinceTokenAuthentication, SessionAuthentication]
    permission_classes = [permissions.IsAuthenticated]
    parser_classes = [SafeJSONParser]
    pagination_class: type[BasePagination] | None = Page
    metadata_class = NoActionsMetadata

    @property
    def account(self) -> Account:
        """Views reach this after IsAuthenticated: the user is a province Account."""
        return acting_account(self.request)

    # Views an account may still use while it must change its password (sign-out, tokens,
    # the password change itself).
    while_password_pending = False

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        user = request.user
        if not self.while_password_pending and isinstance(user, Account):
            reason = password_change_reason(user)
            if reason is not None:
                raise PermissionDeniedError(reason + " (POST /api/v1/auth/password/)", code="password_change_required")

    def permission_denied(self, request: Request, message: str | None = None, code: str | None = None) -> NoReturn:
        if request.authenticators and not request.successful_authenticator:
            raise exceptions.NotAuthenticated(NOT_SIGNED_IN)
        super().permission_denied(request, message, code)

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, exceptions.ParseError):
            exc = exceptions.ParseError(PARSE_ERROR)
        elif isinstance(exc, exceptions.UnsupportedMediaType):
            media_type = self.request.content_type
            exc = exceptions.UnsupportedMediaType(media_type, detail=UNSUPPORTED_MEDIA.format(media_type=media_type))
        elif isinstance(exc, RequestDataTooBig):
            exc = exceptions.ParseError("Dữ liệu gửi lên quá lớn.")
        return super().handle_exception(exc)

    def valid(self, serializer_class: type[Serializer], data: Any, **context: Any) -> dict[str, Any]:
        """Validated input, or a 400 naming each field in Vietnamese."""
        serializer = serializer_class(data=data, context=context)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def query(self, serializer_class: type[Serializer]) -> dict[str, Any]:
        """The query string checked as the schema documents it: a parameter given empty
        (`?state=`) is a value to check, not one left out (DRF's reading of HTML forms)."""
        return self.valid(serializer_class, self.request.query_params.dict())

    def page(self, queryset: Any, serializer_class: type[Serializer]) -> Response:
        rows = self.paginate_queryset(queryset)
        return self.get_paginated_response(serializer_class(rows, many=True).data)
