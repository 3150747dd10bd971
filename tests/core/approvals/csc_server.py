"""A remote signing service for the tests, speaking CSC API v1 with real cryptography: its
own CA issues each user's key; `credentials/authorize` waits until the test confirms on the
user's behalf (as the person would on their phone) or gives up; `signatures/signHash` signs
only the hashes that were authorized, once."""

import base64
import json
import secrets
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import Prehashed

from core.approvals.dev_ca import IssuedKey, ca_create, person_certificate_issue
from tests.core.approvals.stand_in import HttpStandIn

CLIENT_ID, CLIENT_SECRET = "hoso-lao-cai", "bi-mat-thu-nghiem"


@dataclass
class Authorization:
    user: str
    hashes: list[str]
    confirmed: threading.Event = field(default_factory=threading.Event)


class CscTestService(HttpStandIn):
    PATH = "/csc/v1/"

    """Start with `start()`; `url` is its /csc/v1/ base. `confirm_all` answers every
    authorization at once; otherwise the test calls `confirm(user)`."""

    def __init__(self, *, confirm_all: bool = False, wait_seconds: float = 10):
        self.ca = ca_create(name="CA dịch vụ ký số từ xa (thử nghiệm)", now=datetime.now(UTC))
        self.keys: dict[str, IssuedKey] = {}
        self.tokens: set[str] = set()
        self.pending: dict[str, Authorization] = {}
        self.sads: dict[str, Authorization] = {}
        self.confirm_all, self.wait_seconds = confirm_all, wait_seconds
        self.calls: list[str] = []
        self._serve(_handler(self))

    def enrol(self, username: str, full_name: str, *, elliptic: bool = False) -> IssuedKey:
        now = datetime.now(UTC)
        issued = person_certificate_issue(ca=self.ca, username=username, full_name=full_name, elliptic=elliptic,
                                          not_before=now - timedelta(days=1), not_after=now + timedelta(days=365))
        self.keys[username] = issued
        return issued

    def confirm(self, username: str, seconds: float = 10) -> None:
        """The person taps "Xác nhận" on their phone (waits for the request to arrive)."""
        deadline = datetime.now() + timedelta(seconds=seconds)
        while datetime.now() < deadline:
            for authorization in list(self.pending.values()):
                if authorization.user == username:
                    authorization.confirmed.set()
                    return
            threading.Event().wait(0.05)
        raise AssertionError(f"no authorization waiting for {username}")

    # --- the API -------------------------------------------------------------------------------

    def handle(self, path: str, body: dict[str, Any], bearer: str) -> tuple[int, dict[str, Any]]:
        method = path.removeprefix("/csc/v1/")
        self.calls.append(method)
        if method == "oauth2/token":
            if body.get("client_id") != CLIENT_ID or body.get("client_secret") != CLIENT_SECRET:
                return 401, {"error": "invalid_client", "error_description": "Sai thông tin ứng dụng"}
            token = secrets.token_urlsafe(16)
            self.tokens.add(token)
            return 200, {"access_token": token, "token_type": "Bearer", "expires_in": 3600}
        if bearer not in self.tokens:
            return 401, {"error": "invalid_token"}
        if method == "credentials/list":
            user = body.get("userID", "")
            return 200, {"credentialIDs": [f"cred-{user}"] if user in self.keys else []}
        user = str(body.get("credentialID", "")).removeprefix("cred-")
        if user not in self.keys:
            return 400, {"error": "invalid_request", "error_description": "Invalid parameter credentialID"}
        issued = self.keys[user]
        if method == "credentials/info":
            chain = [base64.b64encode(c.public_bytes(serialization.Encoding.DER)).decode()
                     for c in (issued.certificate, self.ca.certificate)]
            algo = "1.2.840.113549.1.1.1" if isinstance(issued.key, rsa.RSAPrivateKey) else "1.2.840.10045.2.1"
            return 200, {"key": {"status": "enabled", "algo": [algo]}, "cert": {"status": "valid", "certificates": chain},
                         "authMode": "implicit", "SCAL": "2", "multisign": 1}
        if method == "credentials/authorize":
            authorization = Authorization(user=user, hashes=list(body.get("hash", [])))
            key = secrets.token_urlsafe(8)
            self.pending[key] = authorization
            confirmed = self.confirm_all or authorization.confirmed.wait(self.wait_seconds)
            del self.pending[key]
            if not confirmed:
                return 400, {"error": "access_denied", "error_description": "Người dùng không xác nhận"}
            sad = secrets.token_urlsafe(24)
            self.sads[sad] = authorization
            return 200, {"SAD": sad, "expiresIn": 300}
        if method == "signatures/signHash":
            authorization = self.sads.pop(str(body.get("SAD", "")), None)
            if authorization is None or authorization.user != user or body.get("hash") != authorization.hashes:
                return 400, {"error": "invalid_request", "error_description": "Invalid SAD"}
            signatures = [base64.b64encode(_sign(issued, base64.b64decode(h))).decode() for h in body["hash"]]
            return 200, {"signatures": signatures}
        return 404, {"error": "invalid_request", "error_description": f"unknown method {method}"}


def _sign(issued: IssuedKey, digest: bytes) -> bytes:
    if isinstance(issued.key, rsa.RSAPrivateKey):
        return issued.key.sign(digest, padding.PKCS1v15(), Prehashed(hashes.SHA256()))
    return issued.key.sign(digest, ec.ECDSA(Prehashed(hashes.SHA256())))


def _handler(service: CscTestService) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's name)
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if self.headers.get("Content-Type", "").startswith("application/x-www-form-urlencoded"):
                body: dict[str, Any] = {k: v[0] for k, v in parse_qs(raw.decode()).items()}
            else:
                body = json.loads(raw or b"{}")
            bearer = self.headers.get("Authorization", "").removeprefix("Bearer ")
            status, answer = service.handle(self.path, body, bearer)
            data = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: Any) -> None:
            pass

    return Handler
