"""The OpenAPI document says exactly what the views accept and answer, so that a client generated
from it (and schemathesis, in tests/api/test_contract.py) is never surprised:

- text fields carry the pattern they are checked against (no NUL character; a non-blank value
  when blank is refused), dates the exact set of days the API takes (YYYY-MM-DD, 1900–2100);
- every operation documents the one error shape (`Message`) for each refusal it can give:
  400 bad input, 401 no or bad token, 403 not allowed, 404 not found (or not visible), 409 the
  row's state refuses the change;
- and, where parameters go in the address, gunicorn's own 414 (an HTML page, before Django sees
  the request) for a request line over its limit (`limit_request_line`, 4094 bytes): a query
  string can be made that long whatever its parameters' bounds (a parameter given many times);
  where there is a body, the 413 for one over HOSO_MAX_REQUEST_BYTES, refused unread
  (frontend.common.security.BodyLimitMiddleware).
"""

from typing import Any

from drf_spectacular.extensions import (
    OpenApiAuthenticationExtension,
    OpenApiSerializerFieldExtension,
)

from core.base.dates import DATE_MAX, DATE_MIN

# No NUL character anywhere (PostgreSQL cannot store it); at least one non-space character when
# blank is refused (DRF trims before the blank check).
TEXT_ANY = r"^[^\x00]*$"
TEXT_NOT_BLANK = r"^[^\x00]*[^\s\x00][^\x00]*$"
TEXT_NOT_EMPTY = r"^[^\x00]+$"

# Exactly the valid calendar days from 1900-01-01 to 2100-12-31, written YYYY-MM-DD (29 February
# in the leap years of 1904–2096; 1900 and 2100 are not leap years, 2000 is).
assert (DATE_MIN.year, DATE_MAX.year, DATE_MIN.timetuple()[1:3], DATE_MAX.timetuple()[1:3]) == (1900, 2100, (1, 1), (12, 31))
DATE_PATTERN = (
    r"^(?:(?:19\d\d|20\d\d|2100)-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\d|30)"
    r"|02-(?:0[1-9]|1\d|2[0-8]))|(?:19|20)(?:0[48]|[2468][048]|[13579][26])-02-29|2000-02-29)$"
)

# An agency's electronic code (core.validators.electronic_code_errors): LLL.KK.JJ.Xnn, zeros for
# "none", a level set only under a set one, level 1 numbered 01–99 (H a province, G a central body).
_NZ2 = r"(?:0[1-9]|[1-9][0-9])"
_NZ3 = r"(?:00[1-9]|0[1-9][0-9]|[1-9][0-9]{2})"
ELECTRONIC_CODE_PATTERN = (rf"^(?:000\.00\.00|000\.00\.{_NZ2}|000\.{_NZ2}\.{_NZ2}|{_NZ3}\.{_NZ2}\.{_NZ2})"
                           rf"\.[HG]{_NZ2}$")


def text_pattern(*, allow_blank: bool, trim_whitespace: bool) -> str:
    if allow_blank:
        return TEXT_ANY
    return TEXT_NOT_BLANK if trim_whitespace else TEXT_NOT_EMPTY


class TextFieldSchema(OpenApiSerializerFieldExtension):
    """api.v1.common.fields.TextField: a string (never a number), its pattern and length."""

    target_class = "api.v1.common.fields.TextField"
    match_subclasses = True

    def map_serializer_field(self, auto_schema: Any, direction: Any) -> Any:
        schema = auto_schema._map_serializer_field(self.target, direction, bypass_extensions=True)
        if direction == "request":
            pattern = text_pattern(allow_blank=self.target.allow_blank, trim_whitespace=self.target.trim_whitespace)
            if self.target.allow_blank:
                # Nested, so that drf-spectacular does not split it into a oneOf with "" (which
                # would then match both branches, and its default "" neither).
                schema["allOf"] = [{"pattern": pattern}]
            else:
                schema.update(pattern=pattern, minLength=1)
        return schema


class BoundedDateFieldSchema(OpenApiSerializerFieldExtension):
    """api.v1.common.fields.BoundedDateField: YYYY-MM-DD between 1900 and 2100, so exactly ten
    characters. The length is said outright as well: a generator that breaks the pattern keeps to
    it, and a query string stays far below gunicorn's request-line limit (4094 bytes), which
    answers an undocumented 414 past it."""

    target_class = "api.v1.common.fields.BoundedDateField"
    match_subclasses = True

    def map_serializer_field(self, auto_schema: Any, direction: Any) -> Any:
        schema = auto_schema._map_serializer_field(self.target, direction, bypass_extensions=True)
        if direction == "request":
            schema.update(pattern=DATE_PATTERN, minLength=len("YYYY-MM-DD"), maxLength=len("YYYY-MM-DD"))
        return schema


ERRORS = {
    "400": "Dữ liệu gửi lên chưa hợp lệ (extra.fields nêu từng trường).",
    "401": "Chưa đăng nhập, hoặc mã truy cập không hợp lệ, đã hết hạn hay đã bị thu hồi.",
    "403": "Không có quyền (hoặc phải đổi mật khẩu trước).",
    "404": "Không tìm thấy, hoặc không thuộc phạm vi bạn được xem (hai trường hợp trả lời như nhau).",
    "409": "Trạng thái hiện tại của dữ liệu không cho phép thao tác này (hoặc người khác đã lưu trước).",
    "413": "Dữ liệu gửi lên quá lớn: bị từ chối trước khi đọc.",
}
URI_TOO_LONG = {"content": {"text/html": {"schema": {"type": "string"}}},
                "description": "Địa chỉ yêu cầu quá dài (quá 4094 byte): máy chủ web từ chối trước khi xử lý."}
_UNSAFE = {"post", "put", "patch", "delete"}
_METHODS = {"get", "post", "put", "patch", "delete"}


class ProvinceTokenScheme(OpenApiAuthenticationExtension):
    """The schema names this scheme apart from DRF's own, which other views still use."""

    target_class = "api.authentication.ProvinceTokenAuthentication"
    name = "provinceTokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {"type": "apiKey", "in": "header", "name": "Authorization",
                "description": "Mã truy cập của tỉnh, dạng “Token <mã>” (lấy tại POST /api/v1/auth/token/); "
                               "hết hạn sau 10 giờ và bị thu hồi khi đăng xuất."}


def _statuses(method: str, operation: dict[str, Any]) -> list[str]:
    parameters = operation.get("parameters", [])
    security = operation.get("security") or []
    signed_in = bool(security) and {} not in security  # a token (or session) is required
    statuses = []
    if parameters or "requestBody" in operation:
        statuses.append("400")
    if signed_in:
        statuses += ["401", "403"]
    if signed_in or any(p.get("in") == "path" for p in parameters):
        statuses.append("404")  # the row named, or one the input refers to, is not visible
    if signed_in and method in _UNSAFE:
        statuses.append("409")
    if "requestBody" in operation:
        statuses.append("413")
    return statuses


def errors_documented(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """drf-spectacular postprocessing hook: each operation lists the refusals it can give, in the
    one error shape."""
    message = {"$ref": "#/components/schemas/Message"}
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if method not in _METHODS:
                continue
            responses = operation.setdefault("responses", {})
            for status in _statuses(method, operation):
                responses.setdefault(status, {"content": {"application/json": {"schema": message}},
                                              "description": ERRORS[status]})
            if any(p.get("in") in {"query", "path"} for p in operation.get("parameters", [])):
                responses.setdefault("414", URI_TOO_LONG)
    return result
