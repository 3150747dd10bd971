"""The API's one authentication: django-rest-knox tokens, with Vietnamese refusals.

Only a hash of each token is stored (knox), each has an expiry and is revoked at sign-out.
Tokens live in the province's schema (knox is a tenant app), so another province's token is
simply unknown here. Kept apart from the views so that DRF's settings can import it without
importing any view; its OpenAPI description is in api/v1/common/schema.py, which imports
drf-spectacular's plumbing only when a schema is made.
"""

import re
from typing import Any

from knox.auth import TokenAuthentication
from rest_framework import exceptions
from rest_framework.request import Request

TOKEN_REFUSED = "Mã truy cập không hợp lệ hoặc đã bị thu hồi."
# Keys made by knox: 64 hexadecimal characters. Anything else is refused before the database
# sees it.
TOKEN_KEY = re.compile(r"^[0-9a-f]{64}$")


class ProvinceTokenAuthentication(TokenAuthentication):
    """knox's token sign-in, with one Vietnamese refusal for a malformed, unknown, expired or
    revoked token, and for a closed account."""

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        try:
            return super().authenticate(request)  # type: ignore[no-any-return]
        except exceptions.AuthenticationFailed:
            raise exceptions.AuthenticationFailed(TOKEN_REFUSED) from None

    def authenticate_credentials(self, token: bytes) -> tuple[Any, Any]:
        try:
            text = token.decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(TOKEN_REFUSED) from None
        if not TOKEN_KEY.match(text):
            raise exceptions.AuthenticationFailed(TOKEN_REFUSED)
        return super().authenticate_credentials(token)  # type: ignore[no-any-return]

