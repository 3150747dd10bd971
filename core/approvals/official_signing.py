"""Chữ ký số chuyên dùng công vụ (Nghị định 68/2024/NĐ-CP), issued by the Government Cipher
Committee (Ban Cơ yếu Chính phủ) to cán bộ, công chức, viên chức, reaches hoso two ways:

- its **USB token**, through the committee's local signing service on the person's machine,
  which the signing page (frontend/static/approvals/signing.js) reaches over a local
  WebSocket; the page posts back what the token made and the server verifies it
  (signature_requests.signature_request_submit);
- its **remote signing service (mPKI)**, which signs by API after the person confirms on the
  committee's mobile app: `MpkiSigner` below, a KeySigner like every other, so it signs
  approvals' manifests and PDFs alike.

The committee's interfaces are not public. The message shapes hoso speaks are ASSUMPTIONS,
written down in infra/signing.md ("Official-duty signatures: assumed messages"), and tested
against local stand-ins that do real cryptography with a throwaway CA
(tests/core/approvals/official_services.py). Adapting to the real service changes this
module and the stand-in, nothing else. Where the mPKI service is and hoso's client
credentials are settings per province (`HOSO_SIGNING[<code>]["mpki"]`), never code.

Assumed mPKI API (JSON over HTTPS, base URL ending in /):
  POST oauth/token        form grant_type=client_credentials, client_id, client_secret
                          -> {"access_token"}
  POST certificates       {"user_id"} -> {"certificates": [{"serial", "chain": [base64 DER, …]}]}
  POST sign-hash          {"user_id", "serial", "hash": base64, "hash_algorithm": "SHA-256",
                           "description"} -> {"transaction_id", "status": "pending"}
  POST transactions/get   {"transaction_id"} -> {"status": "pending" | "signed" | "rejected" |
                           "expired", "signature": base64 raw signature (PKCS#1 v1.5 or ECDSA DER)}
"""

import base64
import json
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from cryptography import x509

from core.approvals.signing import KeySigner
from core.base.errors import ApplicationError
from core.base.http import http_request

UNREACHABLE = "Không kết nối được dịch vụ ký số từ xa chuyên dùng công vụ ({detail}). Thử lại sau ít phút."
REFUSED = "Dịch vụ ký số từ xa chuyên dùng công vụ từ chối: {detail}"
NO_CERTIFICATE = ("Bạn chưa có chứng thư số chuyên dùng công vụ ký từ xa (mPKI): liên hệ tổ chức cung cấp dịch vụ "
                  "chứng thực chữ ký số chuyên dùng công vụ qua quản trị Sở Nội vụ.")
NOT_CONFIRMED = "Bạn chưa xác nhận ký trên ứng dụng ký số của mình trong thời gian cho phép. Hãy ký lại."
REJECTED = "Bạn đã từ chối ký trên ứng dụng ký số của mình."


@dataclass(frozen=True)
class MpkiService:
    """One province's mPKI service: base URL, hoso's client credentials, how long the person
    has to confirm on their phone (`timeout`) and how often hoso asks (`poll`)."""

    url: str
    client_id: str
    client_secret: str
    timeout: float = 120.0
    poll: float = 2.0

    @classmethod
    def from_settings(cls, config: dict[str, Any]) -> "MpkiService":
        return cls(url=str(config["url"]).rstrip("/") + "/", client_id=str(config["client_id"]),
                   client_secret=str(config["client_secret"]), timeout=float(config.get("timeout", 120)),
                   poll=float(config.get("poll", 2)))


class MpkiClient:
    def __init__(self, service: MpkiService):
        self.service = service
        self._token = ""

    def certificates(self, user_id: str) -> list[dict[str, Any]]:
        return list(self._call("certificates", {"user_id": user_id}).get("certificates", []))

    def sign_hash(self, user_id: str, serial: str, digest: bytes, description: str) -> bytes:
        """Asks for the signature, then polls until the person confirmed, refused, or the time
        is up."""
        started = self._call("sign-hash", {"user_id": user_id, "serial": serial, "hash_algorithm": "SHA-256",
                                           "hash": base64.b64encode(digest).decode("ascii"),
                                           "description": description[:500]})
        transaction = str(started.get("transaction_id", ""))
        deadline = time.monotonic() + self.service.timeout
        while True:
            state = self._call("transactions/get", {"transaction_id": transaction})
            status = state.get("status")
            if status == "signed":
                return base64.b64decode(str(state.get("signature", "")))
            if status == "rejected":
                raise ApplicationError(REJECTED, code="remote_signing_rejected")
            if status != "pending" or time.monotonic() >= deadline:
                raise ApplicationError(NOT_CONFIRMED, code="remote_signing_not_confirmed")
            time.sleep(self.service.poll)

    # --- internals ---------------------------------------------------------------------------

    def _access_token(self) -> str:
        if not self._token:
            form = urlencode({"grant_type": "client_credentials", "client_id": self.service.client_id,
                              "client_secret": self.service.client_secret}).encode("ascii")
            answer = http_request("POST", self.service.url + "oauth/token", body=form, timeout=15,
                                  headers={"Content-Type": "application/x-www-form-urlencoded"})
            self._token = str(_decode(answer.status, answer.body).get("access_token", ""))
        return self._token

    def _call(self, method: str, body: dict[str, Any]) -> dict[str, Any]:
        answer = http_request("POST", self.service.url + method, body=json.dumps(body).encode("utf-8"), timeout=15,
                              headers={"Content-Type": "application/json",
                                       "Authorization": f"Bearer {self._access_token()}"})
        return _decode(answer.status, answer.body)


def _decode(status: int, body: str) -> dict[str, Any]:
    if status == 0:
        raise ApplicationError(UNREACHABLE.format(detail=body[:200]), code="remote_signing_unreachable")
    try:
        data = json.loads(body) if body else {}
    except ValueError:
        data = {}
    if status != 200 or not isinstance(data, dict):
        detail = data.get("message") if isinstance(data, dict) else ""
        raise ApplicationError(REFUSED.format(detail=detail or f"HTTP {status}"), code="remote_signing_refused")
    return data


class MpkiSigner(KeySigner):
    """The person's official-duty certificate at the mPKI service: the first one it lists for
    their sign-in (the 12-digit ID number)."""

    def __init__(self, client: MpkiClient, user_id: str, description: str = "Ký số trên hoso"):
        self.client, self.user_id, self.description = client, user_id, description
        self._serial = ""
        self._certificate: x509.Certificate | None = None

    @property
    def certificate(self) -> x509.Certificate:
        if self._certificate is None:
            listed = self.client.certificates(self.user_id)
            chain = listed[0].get("chain", []) if listed else []
            if not chain:
                raise ApplicationError(NO_CERTIFICATE, code="remote_signing_no_credential")
            self._serial = str(listed[0].get("serial", ""))
            self._certificate = x509.load_der_x509_certificate(base64.b64decode(chain[0]))
        return self._certificate

    def sign_digest(self, digest: bytes) -> bytes:
        self.certificate  # noqa: B018 (finds the serial)
        return self.client.sign_hash(self.user_id, self._serial, digest, self.description)
