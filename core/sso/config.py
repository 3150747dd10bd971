"""The current province's single sign-on: its client (settings), whether its rules offer it,
and its provider's endpoints (OpenID Connect discovery, through the one outbound client)."""

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from core.base.errors import ApplicationError
from core.base.http import http_request
from rules.domain.registry import RuleKey
from rules.selectors import rules_effective
from tenants.context import current_province

UNREACHABLE = ("Không kết nối được máy chủ tài khoản dùng chung của tỉnh; vui lòng thử lại sau "
               "hoặc đăng nhập bằng mật khẩu.")
DISCOVERY_SECONDS = 3600
TIMEOUT_SECONDS = 10.0
CALLBACK_URL = "frontend:sso-callback"
# Marks a session opened through the shared account: its password is the provider's business,
# so hoso's issued-password change and rotation do not stop it.
SSO_SESSION_KEY = "hoso_sso"


@dataclass(frozen=True)
class ProviderEndpoints:
    authorization: str
    token: str
    userinfo: str
    jwks: str


@dataclass(frozen=True)
class ProvinceSso:
    """One province's client at its provider. `id_claim` names the claim with the ID number."""

    province_code: str
    issuer: str
    client_id: str
    client_secret: str
    id_claim: str
    scopes: str

    def client_settings(self, endpoints: ProviderEndpoints) -> dict[str, Any]:
        """The settings mozilla-django-oidc reads, for this province alone."""
        return {
            "OIDC_OP_AUTHORIZATION_ENDPOINT": endpoints.authorization,
            "OIDC_OP_TOKEN_ENDPOINT": endpoints.token,
            "OIDC_OP_USER_ENDPOINT": endpoints.userinfo,
            "OIDC_OP_JWKS_ENDPOINT": endpoints.jwks,
            "OIDC_RP_CLIENT_ID": self.client_id,
            "OIDC_RP_CLIENT_SECRET": self.client_secret,
            "OIDC_RP_SIGN_ALGO": "RS256",
            "OIDC_RP_SCOPES": self.scopes,
            "OIDC_USE_NONCE": True,
            "OIDC_USE_PKCE": True,
            "OIDC_CREATE_USER": False,
            "OIDC_AUTHENTICATION_CALLBACK_URL": CALLBACK_URL,
        }


def sso_config_current() -> ProvinceSso | None:
    """The single sign-on of the host's province: None unless settings name a client for it
    and its rules in force today offer it."""
    province = current_province()
    if province is None:
        return None
    entry = settings.HOSO_OIDC_PROVINCES.get(province.code)
    if not entry:
        return None
    if not rules_effective(as_of=timezone.localdate()).value(RuleKey.SSO_ENABLED):
        return None
    return ProvinceSso(province_code=province.code, issuer=entry["issuer"].rstrip("/"),
                       client_id=entry["client_id"], client_secret=entry["client_secret"],
                       id_claim=entry["id_claim"], scopes=entry["scopes"])


def sso_endpoints(config: ProvinceSso) -> ProviderEndpoints:
    """The provider's endpoints from its discovery document (kept an hour). The document must
    name the configured issuer, so a provider cannot pass for another."""
    key = "sso:discovery:" + hashlib.sha256(config.issuer.encode()).hexdigest()
    cached = cache.get(key)
    if isinstance(cached, ProviderEndpoints):
        return cached
    answer = http_request("GET", f"{config.issuer}/.well-known/openid-configuration",
                          headers={"Accept": "application/json"}, timeout=TIMEOUT_SECONDS)
    try:
        document = json.loads(answer.body) if answer.status == 200 else None
        if not isinstance(document, dict) or str(document.get("issuer", "")).rstrip("/") != config.issuer:
            raise ValueError("issuer")
        endpoints = ProviderEndpoints(
            authorization=_endpoint(document, "authorization_endpoint"),
            token=_endpoint(document, "token_endpoint"),
            userinfo=_endpoint(document, "userinfo_endpoint"),
            jwks=_endpoint(document, "jwks_uri"),
        )
    except ValueError as error:
        raise ApplicationError(UNREACHABLE, code="sso_unreachable") from error
    cache.set(key, endpoints, DISCOVERY_SECONDS)
    return endpoints


def _endpoint(document: dict[str, Any], name: str) -> str:
    value = document.get(name)
    if not isinstance(value, str) or not value.startswith(("https://", "http://")):
        raise ValueError(name)
    return value
