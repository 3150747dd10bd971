"""mozilla-django-oidc's authorization-code flow with the province's client and
core.sso.backend's answers: imported by the single sign-on callback's first call, so that the
backend every sign-in builds does not bring requests, josepy, cryptography and PyJWT."""

from typing import Any

import jwt
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings

from core.base.accounts.models import Account
from core.base.errors import ApplicationError
from core.sso.backend import FAILED, ProvinceSsoBackend
from core.sso.config import ProvinceSso, sso_endpoints


class ProvinceOidcFlow(ProvinceSsoBackend, OIDCAuthenticationBackend):  # type: ignore[misc]
    """One callback's check: the code for tokens, the ID token's signature and claims, the
    account (ProvinceSsoBackend's methods override mozilla-django-oidc's)."""

    client_settings: dict[str, Any]

    def __init__(self, sso: ProvinceSso) -> None:
        # Not mozilla-django-oidc's __init__: it reads the client from Django's settings, and
        # each province has its own.
        self.UserModel = Account
        self.config = sso
        self.client_settings = sso.client_settings(sso_endpoints(sso))
        for name in ("OIDC_OP_TOKEN_ENDPOINT", "OIDC_OP_USER_ENDPOINT", "OIDC_OP_JWKS_ENDPOINT",
                     "OIDC_RP_CLIENT_ID", "OIDC_RP_CLIENT_SECRET", "OIDC_RP_SIGN_ALGO"):
            setattr(self, name, self.client_settings[name])
        self.OIDC_RP_IDP_SIGN_KEY = None

    def get_settings(self, attr: str, *args: Any) -> Any:  # type: ignore[override]
        if attr in self.client_settings:
            return self.client_settings[attr]
        return import_from_settings(attr, *args)

    def sign_in(self, request: HttpRequest, **kwargs: Any) -> Account | None:
        try:
            return OIDCAuthenticationBackend.authenticate(self, request, **kwargs)  # type: ignore[no-any-return]
        except (SuspiciousOperation, jwt.PyJWTError, KeyError, TypeError, ValueError) as error:
            raise ApplicationError(FAILED, code="sso_failed") from error
