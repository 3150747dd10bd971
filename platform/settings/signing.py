"""Where each province's signing services are (issue 17): settings of the deployment, never
rules. *Which* kind of signer signs which signature is the province's rule `signing.signers`
(rules/domain/signing.py); these say where the services it names answer and with which client
credentials (infra/signing.md):

    HOSO_SIGNING='{"lao-cai": {"csc": {"url": "https://…/csc/v1/", "client_id": "…", "client_secret": "…"},
                               "mpki": {"url": "https://…/", "client_id": "…", "client_secret": "…"},
                               "pkcs11": {"module": "/usr/lib/softhsm/libsofthsm2.so", "token_label": "…", "pin": "…"},
                               "tsa": {"url": "https://…/tsa"}}}'
"""

import json
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from hoso.settings.env import env_str

NOT_JSON = "HOSO_SIGNING must be a JSON object: {province code: {service: settings}} (infra/signing.md)."


def province_signing_services() -> dict[str, dict[str, Any]]:
    raw = env_str("HOSO_SIGNING")
    try:
        configured = json.loads(raw) if raw else {}
    except ValueError:
        raise ImproperlyConfigured(NOT_JSON) from None
    if not isinstance(configured, dict) or not all(isinstance(v, dict) for v in configured.values()):
        raise ImproperlyConfigured(NOT_JSON)
    return configured
