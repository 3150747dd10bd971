"""Which signer signs for whom, in the current province. *Which kind* of signer is a rule
value of the province (`signing.signers`, rules/domain/signing.py: dated, cited, shown on
/quy-che/); *where* each service is and the client credentials hoso uses are settings of the
deployment (`HOSO_SIGNING[<province code>]`: "csc", "mpki", "pkcs11", "tsa"), never rules.
A signature the rules leave unset is made with the keys the server holds for development
and demonstrations (key_store)."""

from typing import Any

from cryptography.hazmat.primitives import serialization
from django.conf import settings

from core.approvals.dossier_pdf import LongTerm
from core.approvals.hsm_signing import HsmConfig, Pkcs11Signer
from core.approvals.key_store import seal_for_unit, signer_for_account
from core.approvals.official_signing import MpkiClient, MpkiService, MpkiSigner
from core.approvals.remote_signing import CscClient, CscService, CscSigner
from core.approvals.selectors import trust_anchors
from core.approvals.signing import Signer
from core.approvals.signing_methods import agency_key_name, signer_kind
from core.approvals.smartca_signing import SmartCaService, SmartCaSigner
from core.base.accounts.models import Account
from core.base.errors import ApplicationError
from core.models import OrgUnit
from rules.domain.signing import (
    BROWSER_KINDS,
    CSC,
    OFFICIAL_MPKI,
    PKCS11,
    SMARTCA,
)
from tenants.context import current_province

NOT_CONFIGURED = ("Quy chế của tỉnh chọn {kind} nhưng máy chủ chưa được cấu hình địa chỉ dịch vụ: "
                  "liên hệ quản trị Sở Nội vụ.")
SERVICE_NAMES = {CSC: "ký số từ xa", SMARTCA: "ký số từ xa VNPT SmartCA",
                 OFFICIAL_MPKI: "ký số từ xa chuyên dùng công vụ (mPKI)",
                 PKCS11: "con dấu số trong HSM"}


def province_signing() -> dict[str, Any]:
    """This province's signing settings: where each service is (empty: none configured)."""
    province = current_province()
    configured: dict[str, Any] = getattr(settings, "HOSO_SIGNING", {}) or {}
    return dict(configured.get(province.code, {})) if province is not None else {}


def person_signer(account: Account, purpose: str = "unit_approval") -> Signer | None:
    """The signer the server reaches for `account` (None: they sign in the browser, or have
    no key here)."""
    kind = signer_kind(purpose)
    if kind == CSC:
        return CscSigner(CscClient(CscService.from_settings(_service(CSC, "csc"))), user_id=account.username)
    if kind == SMARTCA:
        return SmartCaSigner(SmartCaService.from_settings(_service(SMARTCA, "smartca")), user_id=account.username)
    if kind == OFFICIAL_MPKI:
        return MpkiSigner(MpkiClient(MpkiService.from_settings(_service(OFFICIAL_MPKI, "mpki"))),
                          user_id=account.username)
    if kind in BROWSER_KINDS:
        return None
    return signer_for_account(account)


def seal_signer(org_unit: OrgUnit) -> Signer | None:
    """The seal of the person's agency, by the kind the rules name for "seal": from the HSM
    (the key labelled like the key store's file, `co-quan-<id>`, of the nearest unit up the
    tree that has one), from a remote service (the credential of the agency's root unit's
    code), or the server's development seal."""
    kind = signer_kind("seal")
    labels = [agency_key_name(int(part)) for part in reversed(org_unit.path.strip("/").split("/")) if part]
    if kind == PKCS11:
        hsm = HsmConfig.from_settings(_service(PKCS11, "pkcs11"))
        return Pkcs11Signer(hsm, _first_present(hsm, labels))
    if kind == CSC:
        return CscSigner(CscClient(CscService.from_settings(_service(CSC, "csc"))), user_id=labels[0])
    return seal_for_unit(org_unit.path)


def pdf_long_term() -> LongTerm | None:
    """PAdES B-T/B-LT for the province's signed PDFs: its time-stamping authority
    (`HOSO_SIGNING[<code>]["tsa"]["url"]`, a setting) and, to embed, the certificates and CRLs
    of the CAs it trusts (the TSA's own CA among them); None when no TSA is configured."""
    url = str((province_signing().get("tsa") or {}).get("url") or "")
    if not url:
        return None
    anchors = trust_anchors()
    der = serialization.Encoding.DER
    return LongTerm(timestamp_url=url, trust_roots=tuple(a.certificate.public_bytes(der) for a in anchors),
                    crls=tuple(a.crl.public_bytes(der) for a in anchors if a.crl is not None))


def _service(kind: str, name: str) -> dict[str, Any]:
    config = province_signing().get(name)
    if not config:
        raise ApplicationError(NOT_CONFIGURED.format(kind=SERVICE_NAMES[kind]), code="signer_not_configured")
    return dict(config)


def _first_present(hsm: HsmConfig, labels: list[str]) -> str:
    for label in labels:
        signer = Pkcs11Signer(hsm, label)
        try:
            signer.certificate  # noqa: B018 (reading it checks the label is on the token)
        except Exception:  # noqa: BLE001 (absent: try the next unit up)
            continue
        return label
    return labels[-1] if labels else ""
