"""Ký số từ xa through VNPT SmartCA, whose gateway only resembles CSC: the service provider
signs in with its own id and password in every body, answers in its own envelope
(`{"status_code", "message", "data"}`), has no authorize step (the person confirms the
transaction in the SmartCA app) and the result is polled. An adapter behind the same
KeySigner interface as the CSC and mPKI signers.

The shapes below follow VNPT's published integration guide for its "sp769" gateway as far as
hoso knows it; they are ASSUMPTIONS (infra/signing.md), tested against a stand-in
(tests/core/approvals/official_services.py: SmartCaTestService). Settings per province:
`HOSO_SIGNING[<code>]["smartca"] = {"url", "sp_id", "sp_password", "timeout", "poll"}`.

  POST credentials/get_certificate  {"sp_id", "sp_password", "user_id", "serial_number": "",
                                     "transaction_id"} -> data {"user_certificates":
                                     [{"serial_number", "cert_data": base64 DER}]}
  POST signatures/sign              {… "user_id", "serial_number", "transaction_id",
                                     "transaction_desc", "sign_files": [{"data_to_be_signed": hex
                                     SHA-256, "doc_id", "file_type": "other", "sign_type": "hash"}]}
                                     -> data {"transaction_id", "tran_code"}
  POST signatures/sign/<transaction_id>/status {"sp_id", "sp_password"}
                                     -> data {"status": "pending" | "signed" | "rejected" | "expired",
                                              "signatures": [{"doc_id", "signature_value": base64}]}
"""

import base64
import json
import time
import uuid
from dataclasses import dataclass
from typing import Any

from cryptography import x509

from core.approvals.signing import KeySigner
from core.base.errors import ApplicationError
from core.base.http import http_request

UNREACHABLE = "Không kết nối được dịch vụ ký số từ xa VNPT SmartCA ({detail}). Thử lại sau ít phút."
REFUSED = "Dịch vụ ký số từ xa VNPT SmartCA từ chối: {detail}"
NO_CERTIFICATE = "Bạn chưa có chứng thư số VNPT SmartCA: liên hệ quản trị Sở Nội vụ."
NOT_CONFIRMED = "Bạn chưa xác nhận ký trên ứng dụng VNPT SmartCA trong thời gian cho phép. Hãy ký lại."
REJECTED = "Bạn đã từ chối ký trên ứng dụng VNPT SmartCA."


@dataclass(frozen=True)
class SmartCaService:
    url: str
    sp_id: str
    sp_password: str
    timeout: float = 120.0
    poll: float = 2.0

    @classmethod
    def from_settings(cls, config: dict[str, Any]) -> "SmartCaService":
        return cls(url=str(config["url"]).rstrip("/") + "/", sp_id=str(config["sp_id"]),
                   sp_password=str(config["sp_password"]), timeout=float(config.get("timeout", 120)),
                   poll=float(config.get("poll", 2)))


class SmartCaSigner(KeySigner):
    """The person's SmartCA certificate (the first listed for their sign-in)."""

    def __init__(self, service: SmartCaService, user_id: str, description: str = "Ký số trên hoso"):
        self.service, self.user_id, self.description = service, user_id, description
        self._serial = ""
        self._certificate: x509.Certificate | None = None

    @property
    def certificate(self) -> x509.Certificate:
        if self._certificate is None:
            data = self._call("credentials/get_certificate", {"user_id": self.user_id, "serial_number": "",
                                                              "transaction_id": uuid.uuid4().hex})
            listed = data.get("user_certificates") or []
            if not listed or not listed[0].get("cert_data"):
                raise ApplicationError(NO_CERTIFICATE, code="remote_signing_no_credential")
            self._serial = str(listed[0].get("serial_number", ""))
            self._certificate = x509.load_der_x509_certificate(base64.b64decode(listed[0]["cert_data"]))
        return self._certificate

    def sign_digest(self, digest: bytes) -> bytes:
        self.certificate  # noqa: B018 (finds the serial)
        started = self._call("signatures/sign", {
            "user_id": self.user_id, "serial_number": self._serial, "transaction_id": uuid.uuid4().hex,
            "transaction_desc": self.description[:500],
            "sign_files": [{"data_to_be_signed": digest.hex(), "doc_id": "hoso", "file_type": "other",
                            "sign_type": "hash"}]})
        transaction = str(started.get("transaction_id", ""))
        deadline = time.monotonic() + self.service.timeout
        while True:
            state = self._call(f"signatures/sign/{transaction}/status", {})
            status = state.get("status")
            if status == "signed" and state.get("signatures"):
                return base64.b64decode(str(state["signatures"][0].get("signature_value", "")))
            if status == "rejected":
                raise ApplicationError(REJECTED, code="remote_signing_rejected")
            if status != "pending" or time.monotonic() >= deadline:
                raise ApplicationError(NOT_CONFIRMED, code="remote_signing_not_confirmed")
            time.sleep(self.service.poll)

    def _call(self, method: str, body: dict[str, Any]) -> dict[str, Any]:
        payload = {"sp_id": self.service.sp_id, "sp_password": self.service.sp_password, **body}
        answer = http_request("POST", self.service.url + method, body=json.dumps(payload).encode("utf-8"),
                              timeout=15, headers={"Content-Type": "application/json"})
        if answer.status == 0:
            raise ApplicationError(UNREACHABLE.format(detail=answer.body[:200]), code="remote_signing_unreachable")
        try:
            envelope = json.loads(answer.body) if answer.body else {}
        except ValueError:
            envelope = {}
        if not isinstance(envelope, dict) or answer.status != 200 or envelope.get("status_code") != 200:
            detail = envelope.get("message") if isinstance(envelope, dict) else ""
            raise ApplicationError(REFUSED.format(detail=detail or f"HTTP {answer.status}"),
                                   code="remote_signing_refused")
        data = envelope.get("data") or {}
        return data if isinstance(data, dict) else {}
