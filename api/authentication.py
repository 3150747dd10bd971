"""The API's one authentication: DRF's token sign-in, with Vietnamese refusals.

Tokens live in the province's schema (rest_framework.authtoken is a tenant app), so another
province's token is simply unknown here. Kept apart from the views so that DRF's settings can
import it without importing any view.
"""

import re
from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.request import Request

TOKEN_REFUSED = "Mã truy cập không hợp lệ hoặc đã bị thu hồi."
TOKEN_KEY = re.compile(r"^[0-9a-f]{40}$")


class ProvinceTokenAuthentication(TokenAuthentication):
    """DRF's token sign-in, with one Vietnamese refusal. Tokens live in the province's schema:
    another province's token is simply unknown here."""

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        try:
            return super().authenticate(request)
        except exceptions.AuthenticationFailed:
            raise exceptions.AuthenticationFailed(TOKEN_REFUSED) from None

    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        if not TOKEN_KEY.match(key):
            raise exceptions.AuthenticationFailed(TOKEN_REFUSED)
        return super().authenticate_credentials(key)


class ProvinceTokenScheme(OpenApiAuthenticationExtension):
    """The schema names this scheme apart from DRF's own, which other views still use."""

    target_class = ProvinceTokenAuthentication
    name = "provinceTokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {"type": "apiKey", "in": "header", "name": "Authorization",
                "description": "Mã truy cập của tỉnh, dạng “Token <mã>” (lấy tại POST /api/v1/auth/token/)."}


