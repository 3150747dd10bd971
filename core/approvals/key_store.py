"""Keys held on the server for development and demonstrations: one folder per province under
HOSO_VAR_DIR/signing/<schema>/ (HOSO_SIGNING_DIR overrides), holding the province's throwaway
CA (`ca.key.pem`, `ca.pem`), people's keys (`<sign-in>.key.pem`, `<sign-in>.pem`) and
agencies' seals (`co-quan-<id>.key.pem`, `.pem`). Production signs with the person's token,
a remote signing service or an HSM instead (infra/signing.md).

Several processes (parallel test runs, `make run`) may provision the same folder at once:
every file is written whole under a temporary name and renamed, and the CA is made once.
"""

import fcntl
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from django.utils import timezone

from core.approvals.dev_ca import (
    IssuedKey,
    agency_certificate_issue,
    ca_create,
    person_certificate_issue,
)
from core.approvals.models import TrustedCA
from core.approvals.services.trust import trusted_ca_add
from core.approvals.signing import SoftwareSigner
from core.approvals.signing_methods import agency_key_name, key_pair_stored, key_store_folder
from core.base.accounts.models import Account
from core.models import OrgUnit

RENEW_BEFORE = timedelta(days=30)


def signer_for_account(account: Account) -> SoftwareSigner | None:
    """The account's server-held key in this province, or None when it has none."""
    return _stored_signer(key_store_folder(), account.username)


def seal_for_unit(path: str, schema_name: str | None = None) -> SoftwareSigner | None:
    """The seal of the nearest unit, from the unit up to the root (`path` is the unit's
    "/1/4/9/"), that has one in the province's key store."""
    folder = key_store_folder(schema_name)
    for unit_id in reversed([part for part in path.strip("/").split("/") if part]):
        signer = _stored_signer(folder, agency_key_name(int(unit_id)))
        if signer is not None:
            return signer
    return None


@contextmanager
def key_store_locked(schema_name: str | None = None) -> Iterator[Path]:
    """The province's folder, held by this process alone (an advisory lock) while keys are
    made: two set-ups at once make one CA, and no one reads half a key pair."""
    folder = key_store_folder(schema_name)
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield folder
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def province_ca_ensure(*, province_name: str, schema_name: str | None = None) -> IssuedKey:
    """The province's throwaway CA, made once, and trusted by the province (current schema).
    Call it inside key_store_locked."""
    folder = key_store_folder(schema_name)
    folder.mkdir(parents=True, exist_ok=True)
    key_path, cert_path = folder / "ca.key.pem", folder / "ca.pem"
    if not (key_path.exists() and cert_path.exists()):
        made = ca_create(name=f"CA thử nghiệm hoso – {province_name}", now=timezone.now())
        _write_once(key_path, made.key_pem(), private=True)
        _write_once(cert_path, made.certificate_pem.encode("ascii"))
    key = serialization.load_pem_private_key(key_path.read_bytes(), None)
    assert isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey)
    ca = IssuedKey(key=key, certificate=x509.load_pem_x509_certificate(cert_path.read_bytes()))
    fingerprint = ca.certificate.fingerprint(hashes.SHA256()).hex()
    if not TrustedCA.objects.filter(fingerprint_sha256=fingerprint, removed_at__isnull=True).exists():
        trusted_ca_add(acting_user=None, name=f"CA thử nghiệm hoso – {province_name}",
                       certificate_pem=ca.certificate_pem)
    return ca


def person_key_issue(*, ca: IssuedKey, account: Account, days: int = 365, elliptic: bool = False,
                     schema_name: str | None = None) -> bool:
    """A key and certificate for `account`, unless a valid one from this CA is there. Whether
    one was made."""
    stem = account.username
    if _still_good(key_store_folder(schema_name), stem, ca):
        return False
    now = timezone.now()
    issued = person_certificate_issue(ca=ca, username=account.username, full_name=account.full_name,
                                      not_before=now - timedelta(minutes=5), not_after=now + timedelta(days=days),
                                      elliptic=elliptic)
    _key_write(key_store_folder(schema_name), stem, issued)
    return True


def seal_issue(*, ca: IssuedKey, unit: OrgUnit, days: int = 365, elliptic: bool = False,
               schema_name: str | None = None) -> bool:
    """A seal key and certificate for `unit`, unless a valid one from this CA is there."""
    stem = agency_key_name(unit.pk)
    if _still_good(key_store_folder(schema_name), stem, ca):
        return False
    now = timezone.now()
    issued = agency_certificate_issue(ca=ca, name=unit.name, code=stem, not_before=now - timedelta(minutes=5),
                                      not_after=now + timedelta(days=days), elliptic=elliptic)
    _key_write(key_store_folder(schema_name), stem, issued)
    return True


# --- internals -------------------------------------------------------------------------------


def _stored_signer(folder: Path, stem: str) -> SoftwareSigner | None:
    if not key_pair_stored(folder, stem):
        return None
    return SoftwareSigner.from_pem(folder / f"{stem}.key.pem", folder / f"{stem}.pem")


def _still_good(folder: Path, stem: str, ca: IssuedKey) -> bool:
    signer = _stored_signer(folder, stem)
    if signer is None:
        return False
    certificate = signer.certificate
    return (certificate.issuer == ca.certificate.subject
            and certificate.public_key() == signer.key.public_key()
            and _issued_by(certificate, ca.certificate)
            and certificate.not_valid_after_utc - RENEW_BEFORE > timezone.now())


def _issued_by(certificate: x509.Certificate, ca: x509.Certificate) -> bool:
    try:
        certificate.verify_directly_issued_by(ca)
    except Exception:  # noqa: BLE001 (any failure means: not this CA's)
        return False
    return True


def _key_write(folder: Path, stem: str, issued: IssuedKey) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    # The certificate last: a reader that finds both finds a matching pair or an old pair.
    _write(folder / f"{stem}.key.pem", issued.key_pem(), private=True)
    _write(folder / f"{stem}.pem", issued.certificate_pem.encode("ascii"))


def _write(path: Path, data: bytes, *, private: bool = False) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(handle, "wb") as file:
        file.write(data)
    os.chmod(temporary, 0o600 if private else 0o644)
    os.replace(temporary, path)


def _write_once(path: Path, data: bytes, *, private: bool = False) -> None:
    """Create `path` unless another process did first (the CA: one per province, ever)."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(handle, "wb") as file:
        file.write(data)
    os.chmod(temporary, 0o600 if private else 0o644)
    try:
        os.link(temporary, path)
    except FileExistsError:
        pass
    finally:
        os.unlink(temporary)
