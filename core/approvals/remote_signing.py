"""Ký số từ xa: a remote signing service speaking the Cloud Signature Consortium API v1 (the
shape Viettel's MySign exposes): `oauth2/token` (the province's client credentials),
`credentials/list` (the person's keys, by their sign-in), `credentials/info` (the
certificate), `credentials/authorize` (the person confirms on their own device; the service
answers once they have, with a one-time SAD), `signatures/signHash` (a raw signature over the
SHA-256 digest). The key never leaves the service; hoso sends a hash and wraps the answer in
its CMS (signing.KeySigner), then verifies it like any other signature.

Where the service is and the client's credentials are settings per province
(`HOSO_SIGNING[<province code>]["csc"]`, from the environment), never code.
"""

import base64
import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import rsa

from core.approvals.signing import KeySigner
from core.base.errors import ApplicationError
from core.base.http import http_request

SHA256_OID = "2.16.840.1.101.3.4.2.1"
RSA_OID = "1.2.840.113549.1.1.1"
ECDSA_SHA256_OID = "1.2.840.10045.4.3.2"
UNREACHABLE = "Không kết nối được dịch vụ ký số từ xa ({detail}). Thử lại sau ít phút."
REFUSED = "Dịch vụ ký số từ xa từ chối: {detail}"
NO_CREDENTIAL = "Bạn chưa có chữ ký số từ xa ở dịch vụ ký số của tỉnh: liên hệ quản trị Sở Nội vụ."
NOT_CONFIRMED = "Bạn chưa xác nhận ký trên thiết bị của mình trong thời gian cho phép. Hãy ký lại."


@dataclass(frozen=True)
class CscService:
    """One province's remote signing service: its base URL (ending in /csc/v1/) and the
    client credentials hoso signs in to it with. `timeout` is how long the person has to
    confirm on their device."""

    url: str
    client_id: str
    client_secret: str
    timeout: float = 120.0

    @classmethod
    def from_settings(cls, config: dict[str, Any]) -> "CscService":
        return cls(url=str(config["url"]).rstrip("/") + "/", client_id=str(config["client_id"]),
                   client_secret=str(config["client_secret"]), timeout=float(config.get("timeout", 120)))


class CscClient:
    """The calls of CSC API v1 hoso makes, over the one outbound HTTP client."""

    def __init__(self, service: CscService):
        self.service = service
        self._token = ""

    def credentials_list(self, user_id: str) -> list[str]:
        return list(self._call("credentials/list", {"userID": user_id, "maxResults": 10}).get("credentialIDs", []))

    def credentials_info(self, credential_id: str) -> dict[str, Any]:
        return self._call("credentials/info", {"credentialID": credential_id, "certificates": "chain",
                                               "certInfo": False, "authInfo": True})

    def credentials_authorize(self, credential_id: str, digests: list[bytes], description: str) -> str:
        """Blocks until the person confirms on their device (or the service gives up)."""
        answer = self._call("credentials/authorize", {
            "credentialID": credential_id, "numSignatures": len(digests),
            "hash": [base64.b64encode(d).decode("ascii") for d in digests], "description": description[:500],
        }, timeout=self.service.timeout + 10, refused=NOT_CONFIRMED)
        return str(answer["SAD"])

    def signatures_sign_hash(self, credential_id: str, sad: str, digests: list[bytes], sign_algo: str) -> list[bytes]:
        answer = self._call("signatures/signHash", {
            "credentialID": credential_id, "SAD": sad, "hashAlgo": SHA256_OID, "signAlgo": sign_algo,
            "hash": [base64.b64encode(d).decode("ascii") for d in digests],
        })
        return [base64.b64decode(value) for value in answer["signatures"]]

    # --- internals ---------------------------------------------------------------------------

    def _access_token(self) -> str:
        if not self._token:
            form = urlencode({"grant_type": "client_credentials", "client_id": self.service.client_id,
                              "client_secret": self.service.client_secret}).encode("ascii")
            answer = http_request("POST", self.service.url + "oauth2/token", body=form, timeout=15,
                                  headers={"Content-Type": "application/x-www-form-urlencoded"})
            self._token = str(self._decode(answer.status, answer.body, REFUSED)["access_token"])
        return self._token

    def _call(self, method: str, body: dict[str, Any], *, timeout: float = 15, refused: str = REFUSED) -> dict[str, Any]:
        answer = http_request("POST", self.service.url + method, body=json.dumps(body).encode("utf-8"),
                              timeout=timeout, headers={"Content-Type": "application/json",
                                                        "Authorization": f"Bearer {self._access_token()}"})
        return self._decode(answer.status, answer.body, refused)

    @staticmethod
    def _decode(status: int, body: str, refused: str) -> dict[str, Any]:
        if status == 0:
            raise ApplicationError(UNREACHABLE.format(detail=body[:200]), code="remote_signing_unreachable")
        try:
            data = json.loads(body) if body else {}
        except ValueError:
            data = {}
        if status != 200 or not isinstance(data, dict):
            if refused is NOT_CONFIRMED:
                raise ApplicationError(NOT_CONFIRMED, code="remote_signing_not_confirmed")
            detail = (data.get("error_description") or data.get("error")) if isinstance(data, dict) else ""
            raise ApplicationError(refused.format(detail=detail or f"HTTP {status}"), code="remote_signing_refused")
        return data


class CscSigner(KeySigner):
    """The person's key at the province's remote signing service: the first credential the
    service lists for their sign-in."""

    def __init__(self, client: CscClient, user_id: str, description: str = "Ký số trên hoso"):
        self.client, self.user_id, self.description = client, user_id, description
        self._credential = ""
        self._certificate: x509.Certificate | None = None

    @property
    def certificate(self) -> x509.Certificate:
        if self._certificate is None:
            credentials = self.client.credentials_list(self.user_id)
            if not credentials:
                raise ApplicationError(NO_CREDENTIAL, code="remote_signing_no_credential")
            self._credential = credentials[0]
            chain = self.client.credentials_info(self._credential).get("cert", {}).get("certificates", [])
            if not chain:
                raise ApplicationError(NO_CREDENTIAL, code="remote_signing_no_credential")
            self._certificate = x509.load_der_x509_certificate(base64.b64decode(chain[0]))
        return self._certificate

    def sign_digest(self, digest: bytes) -> bytes:
        certificate = self.certificate  # also finds the credential
        sad = self.client.credentials_authorize(self._credential, [digest], self.description)
        algo = RSA_OID if isinstance(certificate.public_key(), rsa.RSAPublicKey) else ECDSA_SHA256_OID
        return self.client.signatures_sign_hash(self._credential, sad, [digest], algo)[0]
