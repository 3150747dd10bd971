"""A throwaway certification authority for development and tests: never for real signing
(real certificates come from a licensed CA and live on the signer's token)."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

KEY_SIZE = 2048


@dataclass(frozen=True)
class IssuedKey:
    key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey
    certificate: x509.Certificate

    @property
    def certificate_pem(self) -> str:
        return self.certificate.public_bytes(serialization.Encoding.PEM).decode("ascii")

    def key_pem(self) -> bytes:
        return self.key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                      serialization.NoEncryption())


def ca_create(*, name: str, now: datetime, days: int = 3650) -> IssuedKey:
    key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_SIZE)
    subject = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                         x509.NameAttribute(NameOID.ORGANIZATION_NAME, "hoso (phát triển)"),
                         x509.NameAttribute(NameOID.COMMON_NAME, name)])
    certificate = (
        x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False, key_encipherment=False,
                                     data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                     crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
        .sign(key, hashes.SHA256())
    )
    return IssuedKey(key=key, certificate=certificate)


def person_certificate_issue(
    *, ca: IssuedKey, username: str, full_name: str, not_before: datetime, not_after: datetime,
    elliptic: bool = False,
) -> IssuedKey:
    """A signing certificate for one account: UID = the sign-in, CN = the person's name.
    `elliptic`: a P-256 key (made in a millisecond, where the demo set-up makes dozens)."""
    return _signing_certificate_issue(ca=ca, not_before=not_before, not_after=not_after, elliptic=elliptic, subject=[
        x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
        x509.NameAttribute(NameOID.COMMON_NAME, full_name or username),
        x509.NameAttribute(NameOID.USER_ID, username)])


def agency_certificate_issue(*, ca: IssuedKey, name: str, code: str, not_before: datetime,
                             not_after: datetime, elliptic: bool = False) -> IssuedKey:
    """A seal certificate for an agency: O and CN are the agency's name, serialNumber its code
    in hoso."""
    return _signing_certificate_issue(ca=ca, not_before=not_before, not_after=not_after, elliptic=elliptic, subject=[
        x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, name[:64]),
        x509.NameAttribute(NameOID.COMMON_NAME, name[:64]),
        x509.NameAttribute(NameOID.SERIAL_NUMBER, code)])


def _signing_certificate_issue(*, ca: IssuedKey, subject: list[x509.NameAttribute], not_before: datetime,
                               not_after: datetime, elliptic: bool = False) -> IssuedKey:
    key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey = (
        ec.generate_private_key(ec.SECP256R1()) if elliptic
        else rsa.generate_private_key(public_exponent=65537, key_size=KEY_SIZE))
    certificate = (
        x509.CertificateBuilder().subject_name(x509.Name(subject)).issuer_name(ca.certificate.subject)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(not_before).not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                     data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                     crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
        .sign(ca.key, hashes.SHA256())
    )
    return IssuedKey(key=key, certificate=certificate)


def crl_create(*, ca: IssuedKey, revoked_serials: list[int], now: datetime) -> str:
    builder = (x509.CertificateRevocationListBuilder().issuer_name(ca.certificate.subject)
               .last_update(now - timedelta(minutes=1)).next_update(now + timedelta(days=7)))
    for serial in revoked_serials:
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder().serial_number(serial).revocation_date(now - timedelta(minutes=1)).build())
    crl = builder.sign(ca.key, hashes.SHA256())
    return crl.public_bytes(serialization.Encoding.PEM).decode("ascii")
