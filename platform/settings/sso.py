"""Province single sign-on (OpenID Connect): which provinces sign in through their shared
account, with which provider and client. Read by core.sso; the province's rules
(`sso_enabled`) decide whether the sign-in page offers it.

HOSO_OIDC_PROVINCES is a JSON object keyed by province code, e.g.
{"lao-cai": {"issuer": "https://sso.laocai.gov.vn/realms/tinh", "client_id": "hoso",
"client_secret": "…", "id_claim": "so_dinh_danh", "scopes": "openid cccd"}}.
`id_claim` (default `preferred_username`) names the claim carrying the 12-digit ID number;
`scopes` defaults to `openid profile`.
"""

import json

from django.core.exceptions import ImproperlyConfigured
from hoso.settings.env import env_str

REQUIRED = ("issuer", "client_id", "client_secret")
OPTIONAL = {"id_claim": "preferred_username", "scopes": "openid profile"}


def oidc_provinces() -> dict[str, dict[str, str]]:
    raw = env_str("HOSO_OIDC_PROVINCES")
    if not raw:
        return {}
    try:
        parsed = json.loads(raw)
    except ValueError as error:
        raise ImproperlyConfigured(f"HOSO_OIDC_PROVINCES is not JSON: {error}") from error
    if not isinstance(parsed, dict):
        raise ImproperlyConfigured("HOSO_OIDC_PROVINCES must be an object keyed by province code.")
    return {str(code): _province(str(code), entry) for code, entry in parsed.items()}


def _province(code: str, entry: object) -> dict[str, str]:
    if not isinstance(entry, dict):
        raise ImproperlyConfigured(f"HOSO_OIDC_PROVINCES[{code!r}] must be an object.")
    missing = [name for name in REQUIRED if not isinstance(entry.get(name), str) or not entry[name].strip()]
    if missing:
        raise ImproperlyConfigured(f"HOSO_OIDC_PROVINCES[{code!r}] lacks {', '.join(missing)}.")
    return {**OPTIONAL, **{name: str(value).strip() for name, value in entry.items()}}
