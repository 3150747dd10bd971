"""Which signer signs for whom, in the current province. Settings per province
(`HOSO_SIGNING`, read from the environment by hoso.settings.signing) name the remote signing
service for people and the HSM for agencies' seals; without them, the keys the server holds
for development and demonstrations (key_store) sign."""

from typing import Any

from django.conf import settings

from core.approvals.hsm_signing import HsmConfig, Pkcs11Signer
from core.approvals.key_store import agency_key_name, seal_for_unit, signer_for_account
from core.approvals.remote_signing import CscClient, CscService, CscSigner
from core.approvals.signing import Signer
from core.base.accounts.models import Account
from core.models import OrgUnit
from tenants.context import current_province

PERSON_SERVER, PERSON_REMOTE, PERSON_BROWSER = "server", "remote", "browser"


def province_signing() -> dict[str, Any]:
    """This province's signing settings (empty: the server's development keys)."""
    province = current_province()
    configured: dict[str, Any] = getattr(settings, "HOSO_SIGNING", {}) or {}
    return dict(configured.get(province.code, {})) if province is not None else {}


def person_signing_method() -> str:
    """How people of this province sign: the remote service, their token through the browser
    (the official-duty local signing service), or a server-held development key."""
    config = province_signing()
    if config.get("person") in {PERSON_REMOTE, PERSON_BROWSER}:
        return str(config["person"])
    return PERSON_REMOTE if "csc" in config else PERSON_SERVER


def person_signer(account: Account) -> Signer | None:
    """The signer the server reaches for `account` (None: they sign in the browser, or have
    no key here)."""
    method = person_signing_method()
    if method == PERSON_REMOTE:
        return CscSigner(CscClient(CscService.from_settings(province_signing()["csc"])), user_id=account.username)
    if method == PERSON_BROWSER:
        return None
    return signer_for_account(account)


def seal_signer(org_unit: OrgUnit) -> Signer | None:
    """The seal of the person's agency: from the HSM when one is configured (the key labelled
    like the key store's file, `co-quan-<id>`, of the nearest unit up the tree that has one),
    else the server's development seal."""
    config = province_signing().get("pkcs11")
    if config:
        hsm = HsmConfig.from_settings(config)
        labels = [agency_key_name(int(part)) for part in reversed(org_unit.path.strip("/").split("/")) if part]
        return Pkcs11Signer(hsm, _first_present(hsm, labels))
    return seal_for_unit(org_unit.path)


def _first_present(hsm: HsmConfig, labels: list[str]) -> str:
    for label in labels:
        signer = Pkcs11Signer(hsm, label)
        try:
            signer.certificate  # noqa: B018 (reading it checks the label is on the token)
        except Exception:  # noqa: BLE001 (absent: try the next unit up)
            continue
        return label
    return labels[-1] if labels else ""
