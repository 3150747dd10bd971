"""The province's trust store for ký số: the CAs whose certificates it accepts, and their CRLs."""

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from django.db import transaction
from django.utils import timezone

from core.approvals.models import TrustedCA
from core.approvals.signing import trust_anchor_load
from core.base.accounts.models import Account
from core.base.audit.services import audit_record
from core.base.errors import ApplicationError
from core.models import OrgUnit, Role
from core.permissions import role_require


def trusted_ca_add(*, acting_user: Account | None, name: str, certificate_pem: str, crl_pem: str = "") -> TrustedCA:
    """Trust a CA (the DoHA, or the system when `acting_user` is None: set-up commands)."""
    if acting_user is not None:
        role_require(acting_user, roles=[Role.DOHA_ADMIN], org_unit=OrgUnit.objects.get(parent__isnull=True))
    anchor = trust_anchor_load(certificate_pem, crl_pem)
    if not _is_ca(anchor.certificate):
        raise ApplicationError("Chứng thư số này không phải của một tổ chức cung cấp dịch vụ chứng thực (CA).")
    fingerprint = anchor.certificate.fingerprint(hashes.SHA256()).hex()
    with transaction.atomic():
        ca, created = TrustedCA.objects.update_or_create(
            fingerprint_sha256=fingerprint,
            defaults={"name": name, "certificate_pem": certificate_pem, "crl_pem": crl_pem, "added_by": acting_user,
                      "removed_at": None})
        audit_record(acting_user=acting_user, action="approval.trusted_ca_add" if created else "approval.trusted_ca_update",
                     target=f"trusted_ca:{ca.pk}", detail={"name": name, "crl": bool(crl_pem.strip())})
        return ca


def trusted_ca_crl_set(*, acting_user: Account | None, ca: TrustedCA, crl_pem: str) -> TrustedCA:
    trust_anchor_load(ca.certificate_pem, crl_pem)
    with transaction.atomic():
        ca.crl_pem = crl_pem
        ca.save(update_fields=["crl_pem"])
        audit_record(acting_user=acting_user, action="approval.trusted_ca_crl", target=f"trusted_ca:{ca.pk}")
        return ca


def trusted_ca_remove(*, acting_user: Account, ca: TrustedCA) -> None:
    role_require(acting_user, roles=[Role.DOHA_ADMIN], org_unit=OrgUnit.objects.get(parent__isnull=True))
    with transaction.atomic():
        ca.removed_at = timezone.now()
        ca.save(update_fields=["removed_at"])
        audit_record(acting_user=acting_user, action="approval.trusted_ca_remove", target=f"trusted_ca:{ca.pk}")


def _is_ca(certificate: x509.Certificate) -> bool:
    try:
        return bool(certificate.extensions.get_extension_for_class(x509.BasicConstraints).value.ca)
    except x509.ExtensionNotFound:
        return False

