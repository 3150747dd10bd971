"""The agency's seal in a hardware security module, through PKCS#11 (python-pkcs11): the key
never leaves the token; hoso asks it to sign a SHA-256 digest and reads the certificate stored
beside the key (same label). Tested against SoftHSM2; a real HSM differs only in its module
path, token label and PIN, which are settings per province (`HOSO_SIGNING[<code>]["pkcs11"]`).
"""

from dataclasses import dataclass
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from core.approvals.signing import KeySigner
from core.base.errors import ApplicationError

# DigestInfo prefix of SHA-256 (RFC 8017 §9.2 note 1): CKM_RSA_PKCS signs DigestInfo || digest.
SHA256_DIGEST_INFO = bytes.fromhex("3031300d060960864801650304020105000420")
NO_TOKEN = "Không mở được thiết bị HSM chứa con dấu số của cơ quan ({detail})."
NO_SEAL = "HSM không có con dấu số “{label}” của cơ quan."


@dataclass(frozen=True)
class HsmConfig:
    module: str
    token_label: str
    pin: str

    @classmethod
    def from_settings(cls, config: dict[str, Any]) -> "HsmConfig":
        return cls(module=str(config["module"]), token_label=str(config["token_label"]), pin=str(config["pin"]))


class Pkcs11Signer(KeySigner):
    """The key and certificate labelled `label` on the configured token."""

    def __init__(self, config: HsmConfig, label: str):
        self.config, self.label = config, label
        self._certificate: x509.Certificate | None = None

    @property
    def certificate(self) -> x509.Certificate:
        if self._certificate is None:
            import pkcs11

            with self._session() as session:
                found = list(session.get_objects({pkcs11.Attribute.CLASS: pkcs11.ObjectClass.CERTIFICATE,
                                                  pkcs11.Attribute.LABEL: self.label}))
                if not found:
                    raise ApplicationError(NO_SEAL.format(label=self.label), code="hsm_no_seal")
                self._certificate = x509.load_der_x509_certificate(bytes(found[0][pkcs11.Attribute.VALUE]))
        return self._certificate

    def sign_digest(self, digest: bytes) -> bytes:
        import pkcs11

        public = self.certificate.public_key()
        with self._session() as session:
            try:
                key = session.get_key(object_class=pkcs11.ObjectClass.PRIVATE_KEY, label=self.label)
            except (pkcs11.NoSuchKey, pkcs11.MultipleObjectsReturned):
                raise ApplicationError(NO_SEAL.format(label=self.label), code="hsm_no_seal") from None
            if isinstance(public, rsa.RSAPublicKey):
                return bytes(key.sign(SHA256_DIGEST_INFO + digest, mechanism=pkcs11.Mechanism.RSA_PKCS))
            if isinstance(public, ec.EllipticCurvePublicKey):
                raw = bytes(key.sign(digest, mechanism=pkcs11.Mechanism.ECDSA))  # r || s
                half = len(raw) // 2
                return encode_dss_signature(int.from_bytes(raw[:half], "big"), int.from_bytes(raw[half:], "big"))
        raise ApplicationError("Chỉ hỗ trợ khóa RSA hoặc ECDSA.", code="key_unsupported")

    def _session(self) -> Any:
        import pkcs11

        try:
            token = pkcs11.lib(self.config.module).get_token(token_label=self.config.token_label)
            return token.open(user_pin=self.config.pin)
        except (pkcs11.PKCS11Error, RuntimeError, OSError) as error:
            raise ApplicationError(NO_TOKEN.format(detail=type(error).__name__), code="hsm_unavailable") from None
