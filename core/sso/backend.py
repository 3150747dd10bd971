"""The authentication backend of the province's shared account (OpenID Connect's
authorization-code flow, configured per province).

It acts only when the single sign-on callback calls it (`sso=` the province's client), so a
password sign-in never reaches it. Django builds every backend in AUTHENTICATION_BACKENDS on
each password sign-in and on each request of a session signed in through this one (sessions
store this class's path), so this module stays light: mozilla-django-oidc's flow, which brings
requests, josepy and cryptography, and PyJWT are imported by the callback only (core/sso/oidc.py).

Every call to the provider goes through hoso's one outbound client (https, public addresses,
no redirects). The ID token must be signed (RS256) by a key of the provider's JWKS and name
this province's issuer and client: a token issued to another province's client is refused,
whatever its signature.
"""

import json
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest

from core.base.accounts.models import Account
from core.base.errors import ApplicationError
from core.base.http import http_request
from core.sso.config import TIMEOUT_SECONDS, ProvinceSso
from core.sso.selectors import account_for_id_number

if TYPE_CHECKING:
    import jwt

FAILED = ("Không đăng nhập được bằng tài khoản dùng chung của tỉnh: máy chủ xác thực không xác "
          "nhận được phiên đăng nhập. Vui lòng thử lại.")
NO_ID_NUMBER = ("Tài khoản dùng chung của tỉnh không cho biết số định danh cá nhân (trường "
                "“{claim}”), nên không đối chiếu được với tài khoản nào trên hệ thống.")
UNKNOWN = ("Số định danh cá nhân {id_number} chưa có tài khoản trên hệ thống của tỉnh. Đề nghị "
           "quản trị của cơ quan, đơn vị cấp tài khoản rồi đăng nhập lại.")
DISABLED = ("Tài khoản ứng với số định danh cá nhân {id_number} đã bị khoá; không đăng nhập được "
            "bằng tài khoản dùng chung của tỉnh.")
REQUIRED_CLAIMS = ["exp", "iat", "iss", "aud", "sub"]


class ProvinceSsoBackend(ModelBackend):
    """Signs in from the single sign-on callback only; get_user and permissions are
    ModelBackend's. The provider's three answers are read by the methods below, which
    mozilla-django-oidc's flow calls (core.sso.oidc.ProvinceOidcFlow)."""

    config: ProvinceSso
    OIDC_OP_TOKEN_ENDPOINT: str
    OIDC_OP_USER_ENDPOINT: str
    OIDC_OP_JWKS_ENDPOINT: str
    OIDC_RP_SIGN_ALGO: str

    def authenticate(self, request: HttpRequest | None, sso: ProvinceSso | None = None,  # type: ignore[override]
                     **kwargs: Any) -> Account | None:
        """The account of the person the provider vouches for, or ApplicationError saying why
        not (Vietnamese); None when the call is not the single sign-on callback's."""
        if request is None or sso is None:
            return None
        from core.sso.oidc import ProvinceOidcFlow  # the callback's libraries, on its first call

        return ProvinceOidcFlow(sso).sign_in(request, **kwargs)

    # The provider's three answers, through the one outbound client.

    def get_token(self, payload: dict[str, Any]) -> dict[str, Any]:
        answer = http_request("POST", self.OIDC_OP_TOKEN_ENDPOINT, timeout=TIMEOUT_SECONDS,
                              headers={"Content-Type": "application/x-www-form-urlencoded",
                                       "Accept": "application/json"},
                              body=urlencode(payload).encode())
        return _json_object(answer.status, answer.body)

    def retrieve_matching_jwk(self, token: str) -> "jwt.PyJWK":
        import jwt

        answer = http_request("GET", self.OIDC_OP_JWKS_ENDPOINT, timeout=TIMEOUT_SECONDS,
                              headers={"Accept": "application/json"})
        header = jwt.get_unverified_header(token)
        for key in _json_object(answer.status, answer.body).get("keys", []):
            if key.get("kid") == header.get("kid") and key.get("alg", header.get("alg")) == header.get("alg"):
                return jwt.PyJWK(key)
        raise SuspiciousOperation("no signing key of the provider matches the token")

    def get_userinfo(self, access_token: str, id_token: str, payload: dict[str, Any]) -> dict[str, Any]:
        answer = http_request("GET", self.OIDC_OP_USER_ENDPOINT, timeout=TIMEOUT_SECONDS,
                              headers={"Authorization": f"Bearer {access_token}",
                                       "Accept": "application/json"})
        claims = _json_object(answer.status, answer.body)
        if claims.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("userinfo names another subject than the ID token")
        return claims

    def get_payload_data(self, token: str, key: Any) -> dict[str, Any]:
        """The ID token's claims: RS256 only, this province's issuer and client, not expired."""
        import jwt

        claims: dict[str, Any] = jwt.decode(token, key, algorithms=[self.OIDC_RP_SIGN_ALGO],
                                            audience=self.config.client_id, issuer=self.config.issuer,
                                            options={"require": REQUIRED_CLAIMS})
        return claims

    def store_tokens(self, access_token: str, id_token: str) -> None:
        """The provider's tokens are not kept: the hoso session stands on its own."""

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]) -> Account:
        claims = self.get_userinfo(access_token, id_token, payload)
        id_number = claims.get(self.config.id_claim)
        if not isinstance(id_number, str) or not id_number.strip():
            raise ApplicationError(NO_ID_NUMBER.format(claim=self.config.id_claim), code="sso_no_id_number")
        id_number = id_number.strip()
        account = account_for_id_number(id_number=id_number)
        if account is None:
            raise ApplicationError(UNKNOWN.format(id_number=id_number), code="sso_unknown_account")
        if not account.is_active:
            raise ApplicationError(DISABLED.format(id_number=id_number), code="sso_account_disabled")
        return account


def _json_object(status: int, body: str) -> dict[str, Any]:
    if status != 200:
        raise SuspiciousOperation(f"the provider answered {status}")
    parsed = json.loads(body)
    if not isinstance(parsed, dict):
        raise SuspiciousOperation("the provider's answer is not an object")
    return parsed
