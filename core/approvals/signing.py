"""Ký số of an approval: a canonical manifest, signed as a detached CMS (PKCS#7) SignedData
with the approver's X.509 certificate, and verified against the province's trusted CAs.

cryptography (50.x) builds CMS but does not verify it, so verification is done here: the
SignedData is read with a small DER walker, the signer's certificate is checked to be issued
by a trusted CA (the CA's signature on it), within its validity and not on the CA's CRL, and
the CMS signature is checked over the manifest. Signing uses `NoAttributes`, so the signature
is PKCS#1 v1.5 (RSA) or ECDSA over SHA-256 of the manifest itself; any CMS verifier (OpenSSL
`cms -verify -binary -noattr`) accepts it. What must not change: the manifest bytes are
stored as signed, never rebuilt for verification.
"""

import hashlib
import json
from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import Prehashed
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from core.base.errors import ApplicationError

UNTRUSTED = "Chứng thư số không do tổ chức cung cấp dịch vụ chứng thực được tỉnh tin cậy cấp."
EXPIRED = "Chứng thư số đã hết hạn hoặc chưa có hiệu lực (hiệu lực từ {start} đến {end})."
REVOKED = "Chứng thư số đã bị thu hồi (số hiệu {serial})."
TAMPERED = "Chữ ký số không khớp với nội dung phê duyệt: nội dung đã bị thay đổi sau khi ký."
MALFORMED = "Chữ ký số không đúng định dạng CMS/PKCS#7."
NOT_THE_SIGNER = "Chứng thư số không phải của người phê duyệt ({username})."
CHANGED_SINCE_PREPARED = "Nội dung cần ký đã thay đổi kể từ khi chuẩn bị ký: hãy mở lại trang và ký lại."
SIGNATURE_REQUIRED = "Quy chế của tỉnh yêu cầu ký số khi phê duyệt: hãy dùng chứng thư số của bạn."


def manifest_bytes(data: dict[str, Any]) -> bytes:
    """Canonical JSON: sorted keys, no spaces, UTF-8. The same dict gives the same bytes."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class SignedManifest:
    """A detached CMS SignedData (DER) over the manifest, and the signer's certificate (PEM)."""

    cms_der: bytes
    certificate_pem: str


class Signer(Protocol):
    """The one interface every signature goes through: give it the exact bytes the server
    prepared (a manifest, a report's payload), get back a detached CMS over them. Server-held
    keys (SoftwareSigner), an HSM (Pkcs11Signer), a remote signing service (CscSigner) and a
    signature made in the person's browser (PreparedSigner) all answer this; the server
    verifies what comes back before recording anything (signature_verify)."""

    def sign(self, manifest: bytes) -> SignedManifest: ...


class KeySigner(ABC):
    """A signer that holds (or reaches) one key and its certificate and signs a SHA-256
    digest: PKCS#1 v1.5 for RSA, ECDSA (DER) for EC. The CMS around it is built here, the
    same for every key holder, so a remote service or an HSM only ever sees a hash."""

    @property
    @abstractmethod
    def certificate(self) -> x509.Certificate: ...

    @abstractmethod
    def sign_digest(self, digest: bytes) -> bytes:
        """The raw signature over a SHA-256 `digest`."""

    def sign(self, manifest: bytes) -> SignedManifest:
        signature = self.sign_digest(hashlib.sha256(manifest).digest())
        pem = self.certificate.public_bytes(serialization.Encoding.PEM).decode("ascii")
        return SignedManifest(cms_der=cms_detached(self.certificate, signature), certificate_pem=pem)


class SoftwareSigner(KeySigner):
    """A private key and certificate on disk: PKCS#12 (`.p12`), or PEM key and PEM certificate.
    For development and demonstrations only: the key sits on the server."""

    def __init__(self, key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey, certificate: x509.Certificate):
        self.key = key
        self._certificate = certificate

    @property
    def certificate(self) -> x509.Certificate:
        return self._certificate

    @classmethod
    def from_pkcs12(cls, path: Path, password: bytes | None = None) -> "SoftwareSigner":
        key, cert, _ = pkcs12.load_key_and_certificates(path.read_bytes(), password)
        if not isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey) or cert is None:
            raise ApplicationError("Tệp khóa không chứa khóa RSA hoặc ECDSA kèm chứng thư số.")
        return cls(key, cert)

    @classmethod
    def from_pem(cls, key_path: Path, cert_path: Path, password: bytes | None = None) -> "SoftwareSigner":
        key = serialization.load_pem_private_key(key_path.read_bytes(), password)
        if not isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey):
            raise ApplicationError("Chỉ hỗ trợ khóa RSA hoặc ECDSA.")
        return cls(key, x509.load_pem_x509_certificate(cert_path.read_bytes()))

    def sign_digest(self, digest: bytes) -> bytes:
        if isinstance(self.key, rsa.RSAPrivateKey):
            return self.key.sign(digest, padding.PKCS1v15(), Prehashed(hashes.SHA256()))
        return self.key.sign(digest, ec.ECDSA(Prehashed(hashes.SHA256())))


class PreparedSigner:
    """Signatures made elsewhere (the person's token through the browser, the official-duty
    signing service) over manifests the server prepared: `sign` hands back the one posted for
    exactly these bytes. A manifest the server did not prepare (the data changed since) has
    none, and is refused rather than signed by anyone."""

    def __init__(self, signatures: dict[bytes, bytes]):
        self.signatures = signatures

    def sign(self, manifest: bytes) -> SignedManifest:
        cms = self.signatures.get(manifest)
        if cms is None:
            raise ApplicationError(CHANGED_SINCE_PREPARED, code="manifest_changed")
        certificate, _ = _cms_signer(cms)
        pem = certificate.public_bytes(serialization.Encoding.PEM).decode("ascii")
        return SignedManifest(cms_der=cms, certificate_pem=pem)


def cms_detached(certificate: x509.Certificate, signature: bytes) -> bytes:
    """A detached CMS SignedData, one signer, SHA-256, no signed attributes, around a raw
    signature over the content's digest (what OpenSSL's `cms -sign -noattr -binary` makes)."""
    # Imported here: asn1crypto (2 MB) is needed only when a signature is made, and this module
    # is loaded by every web worker through the approvals' selectors.
    from asn1crypto import algos
    from asn1crypto import cms as asn1_cms
    from asn1crypto import x509 as asn1_x509

    cert = asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))
    mechanism = "rsassa_pkcs1v15" if isinstance(certificate.public_key(), rsa.RSAPublicKey) else "sha256_ecdsa"
    sha256 = algos.DigestAlgorithm({"algorithm": "sha256"})
    signer_info = asn1_cms.SignerInfo({
        "version": "v1",
        "sid": asn1_cms.SignerIdentifier({"issuer_and_serial_number": asn1_cms.IssuerAndSerialNumber(
            {"issuer": cert.issuer, "serial_number": cert.serial_number})}),
        "digest_algorithm": sha256,
        "signature_algorithm": algos.SignedDigestAlgorithm({"algorithm": mechanism}),
        "signature": signature,
    })
    signed_data = asn1_cms.SignedData({
        "version": "v1", "digest_algorithms": [sha256], "encap_content_info": {"content_type": "data"},
        "certificates": [cert], "signer_infos": [signer_info],
    })
    return bytes(asn1_cms.ContentInfo({"content_type": "signed_data", "content": signed_data}).dump())


@dataclass(frozen=True)
class TrustAnchor:
    """A trusted CA certificate and, optionally, its CRL."""

    certificate: x509.Certificate
    crl: x509.CertificateRevocationList | None = None


@dataclass(frozen=True)
class VerifiedSignature:
    certificate: x509.Certificate
    subject: str
    serial: str
    username: str


def signature_verify(
    *, manifest: bytes, cms_der: bytes, anchors: Iterable[TrustAnchor], at: datetime,
    expected_username: str | None = None,
) -> VerifiedSignature:
    """Check a detached CMS over `manifest` at time `at`; a refusal says why, in Vietnamese."""
    certificate, signature = _cms_signer(cms_der)
    anchor = _issuer(certificate, anchors)
    if not (certificate.not_valid_before_utc <= at <= certificate.not_valid_after_utc):
        raise ApplicationError(EXPIRED.format(start=f"{certificate.not_valid_before_utc:%d/%m/%Y}",
                                              end=f"{certificate.not_valid_after_utc:%d/%m/%Y}"),
                               code="certificate_expired")
    serial = format(certificate.serial_number, "x")
    if anchor.crl is not None and anchor.crl.get_revoked_certificate_by_serial_number(certificate.serial_number):
        raise ApplicationError(REVOKED.format(serial=serial), code="certificate_revoked")
    username = certificate_username(certificate)
    if expected_username is not None and username != expected_username:
        raise ApplicationError(NOT_THE_SIGNER.format(username=expected_username), code="certificate_not_signer")
    try:
        _public_verify(certificate, signature, manifest)
    except InvalidSignature:
        raise ApplicationError(TAMPERED, code="signature_invalid") from None
    return VerifiedSignature(certificate=certificate, subject=certificate.subject.rfc4514_string(),
                             serial=serial, username=username)


def certificate_username(certificate: x509.Certificate) -> str:
    """The account the certificate belongs to: its UID attribute (hoso's dev CA puts the
    sign-in, the 12-digit ID number, there), else its serialNumber attribute."""
    for oid in (NameOID.USER_ID, NameOID.SERIAL_NUMBER):
        values = certificate.subject.get_attributes_for_oid(oid)
        if values:
            return str(values[0].value)
    return ""


def trust_anchor_load(certificate_pem: str, crl_pem: str = "") -> TrustAnchor:
    """Parse a CA and its CRL; a CRL not signed by that CA is refused."""
    try:
        ca = x509.load_pem_x509_certificate(certificate_pem.encode("ascii"))
        crl = x509.load_pem_x509_crl(crl_pem.encode("ascii")) if crl_pem.strip() else None
    except ValueError:
        raise ApplicationError("Chứng thư số hoặc CRL không đúng định dạng PEM.", code="pem_invalid") from None
    if crl is not None and not crl.is_signature_valid(ca.public_key()):  # type: ignore[arg-type]
        raise ApplicationError("CRL không do tổ chức này ký.", code="crl_invalid")
    return TrustAnchor(certificate=ca, crl=crl)


# --- internals -------------------------------------------------------------------------------


def _issuer(certificate: x509.Certificate, anchors: Iterable[TrustAnchor]) -> TrustAnchor:
    for anchor in anchors:
        ca = anchor.certificate
        if ca.subject != certificate.issuer:
            continue
        try:
            certificate.verify_directly_issued_by(ca)
        except (ValueError, TypeError, InvalidSignature):
            continue
        return anchor
    raise ApplicationError(UNTRUSTED, code="certificate_untrusted")


def _public_verify(certificate: x509.Certificate, signature: bytes, data: bytes) -> None:
    key = certificate.public_key()
    if isinstance(key, rsa.RSAPublicKey):
        key.verify(signature, data, padding.PKCS1v15(), hashes.SHA256())
    elif isinstance(key, ec.EllipticCurvePublicKey):
        key.verify(signature, data, ec.ECDSA(hashes.SHA256()))
    else:
        raise ApplicationError("Chỉ hỗ trợ chứng thư số RSA hoặc ECDSA.", code="key_unsupported")


def _cms_signer(cms_der: bytes) -> tuple[x509.Certificate, bytes]:
    """The signer's certificate and signature of a SignedData with one signer and no signed
    attributes. ContentInfo ::= SEQUENCE { contentType, [0] EXPLICIT SignedData };
    SignedData ::= SEQUENCE { version, digestAlgorithms, encapContentInfo,
    [0] IMPLICIT certificates OPTIONAL, [1] crls OPTIONAL, signerInfos SET };
    SignerInfo ::= SEQUENCE { version, sid, digestAlgorithm, [0] signedAttrs OPTIONAL,
    signatureAlgorithm, signature OCTET STRING, ... }."""
    try:
        content_info = _children(_tlv(cms_der, 0)[1])
        signed_data = _children(_children(content_info[1][1])[0][1])
        certificates = [value for tag, value in signed_data if tag == 0xA0]
        signer_infos = _children(signed_data[-1][1])
        if len(signer_infos) != 1 or not certificates:
            raise ValueError
        signer_info = _children(signer_infos[0][1])
        if any(tag == 0xA0 for tag, _ in signer_info):
            raise ValueError  # signed attributes: not produced by hoso, refused rather than half-checked
        signature = next(value for tag, value in signer_info if tag == 0x04)
        sid_serial = int.from_bytes(_children(signer_info[1][1])[1][1], "big", signed=True)
        for tag_value in _raw_children(certificates[0]):
            certificate = x509.load_der_x509_certificate(tag_value)
            if certificate.serial_number == sid_serial:
                return certificate, signature
        raise ValueError
    except (ValueError, IndexError, StopIteration):
        raise ApplicationError(MALFORMED, code="signature_malformed") from None


def _tlv(data: bytes, offset: int) -> tuple[int, bytes, int]:
    """(tag, value, end) of the DER element at `offset`."""
    tag = data[offset]
    length = data[offset + 1]
    offset += 2
    if length & 0x80:
        count = length & 0x7F
        if count == 0 or count > 4:
            raise ValueError
        length = int.from_bytes(data[offset:offset + count], "big")
        offset += count
    end = offset + length
    if end > len(data):
        raise ValueError
    return tag, data[offset:end], end


def _children(value: bytes) -> list[tuple[int, bytes]]:
    found, offset = [], 0
    while offset < len(value):
        tag, inner, offset = _tlv(value, offset)
        found.append((tag, inner))
    return found


def _raw_children(value: bytes) -> list[bytes]:
    """Each child element whole (tag and length included), e.g. certificates to load as DER."""
    found, offset = [], 0
    while offset < len(value):
        start = offset
        _, _, offset = _tlv(value, offset)
        found.append(value[start:offset])
    return found
