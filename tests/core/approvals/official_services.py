"""Stand-ins for the two ways official-duty signatures (chữ ký số chuyên dùng công vụ) reach
hoso, speaking the messages hoso assumes (infra/signing.md) with real cryptography: a
throwaway CA issues each person's key.

- `LocalSigningService`: the Government Cipher Committee's signing software on the person's
  machine, a WebSocket server on 127.0.0.1 that the signing page talks to. "Inserting the
  token" is `enrol`; the PIN prompt is skipped.
- `MpkiTestService`: the committee's remote signing service (mPKI), over HTTP; a signature
  is released once the test confirms (`confirm`) as the person would on their phone, or is
  refused (`reject`).
"""

import asyncio
import base64
import json
import secrets
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs

from cryptography.hazmat.primitives import serialization

from core.approvals.dev_ca import IssuedKey, ca_create, person_certificate_issue
from core.approvals.signing import SoftwareSigner
from tests.core.approvals.csc_server import _sign
from tests.core.approvals.stand_in import HttpStandIn

CLIENT_ID, CLIENT_SECRET = "hoso-lao-cai", "bi-mat-mpki"


def _issue(ca: IssuedKey, username: str, full_name: str, elliptic: bool) -> IssuedKey:
    now = datetime.now(UTC)
    return person_certificate_issue(ca=ca, username=username, full_name=full_name, elliptic=elliptic,
                                    not_before=now - timedelta(days=1), not_after=now + timedelta(days=365))


def _der_b64(issued: IssuedKey) -> str:
    return base64.b64encode(issued.certificate.public_bytes(serialization.Encoding.DER)).decode()


class LocalSigningService:
    """ws://127.0.0.1:<port>/ answering, per JSON text frame:
    {"id", "action": "get_certificate"} -> {"id", "certificate": base64 DER}
    {"id", "action": "sign_cms", "data": base64} -> {"id", "signature": base64 detached CMS}
    {"id", "action": "sign_hash", "hash": base64 SHA-256} -> {"id", "signature": base64 raw,
                                                              "certificate": base64 DER}
    anything else, or no token inserted -> {"id", "error": "…"}."""

    def __init__(self, port: int = 0):
        self.ca = ca_create(name="CA chuyên dùng công vụ (thử nghiệm)", now=datetime.now(UTC))
        self.token: IssuedKey | None = None
        self.requested_port = port
        self.port = 0
        self.requests: list[dict[str, Any]] = []
        self.origins: list[str] = []
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._runner: Any = None
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def enrol(self, username: str, full_name: str, *, elliptic: bool = True) -> IssuedKey:
        self.token = _issue(self.ca, username, full_name, elliptic)
        return self.token

    def start(self) -> "LocalSigningService":
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("the local signing stand-in did not start")
        return self

    def stop(self) -> None:
        if self._runner is not None:
            asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/"

    def answer(self, message: dict[str, Any]) -> dict[str, Any]:
        self.requests.append(message)
        ident = message.get("id")
        if self.token is None:
            return {"id": ident, "error": "Chưa cắm thiết bị ký số."}
        signer = SoftwareSigner(self.token.key, self.token.certificate)
        action = message.get("action")
        if action == "get_certificate":
            return {"id": ident, "certificate": _der_b64(self.token)}
        if action == "sign_cms":
            cms = signer.sign(base64.b64decode(str(message.get("data", "")))).cms_der
            return {"id": ident, "signature": base64.b64encode(cms).decode()}
        if action == "sign_hash":
            raw = signer.sign_digest(base64.b64decode(str(message.get("hash", ""))))
            return {"id": ident, "signature": base64.b64encode(raw).decode(), "certificate": _der_b64(self.token)}
        return {"id": ident, "error": f"Không hỗ trợ yêu cầu {action}."}

    # --- the server ----------------------------------------------------------------------------

    def _serve(self) -> None:
        from aiohttp import WSMsgType, web

        async def socket(request: web.Request) -> web.WebSocketResponse:
            self.origins.append(request.headers.get("Origin", ""))
            ws = web.WebSocketResponse()
            await ws.prepare(request)
            async for frame in ws:
                if frame.type == WSMsgType.TEXT:
                    await ws.send_str(json.dumps(self.answer(json.loads(frame.data))))
            return ws

        async def start() -> None:
            app = web.Application()
            app.router.add_get("/", socket)
            self._runner = web.AppRunner(app)
            await self._runner.setup()
            site = web.TCPSite(self._runner, "127.0.0.1", self.requested_port)
            await site.start()
            self.port = self._runner.addresses[0][1]
            self._ready.set()

        asyncio.set_event_loop(self._loop)
        self._loop.run_until_complete(start())
        self._loop.run_forever()


@dataclass
class Transaction:
    user: str
    digest: bytes
    status: str = "pending"
    signature: str = ""
    decided: threading.Event = field(default_factory=threading.Event)


class MpkiTestService(HttpStandIn):
    PATH = "/mpki/v1/"

    """The assumed mPKI API (core/approvals/official_signing.py) at `url`."""

    def __init__(self, *, confirm_all: bool = False):
        self.ca = ca_create(name="CA chuyên dùng công vụ mPKI (thử nghiệm)", now=datetime.now(UTC))
        self.keys: dict[str, IssuedKey] = {}
        self.tokens: set[str] = set()
        self.transactions: dict[str, Transaction] = {}
        self.confirm_all = confirm_all
        self.calls: list[str] = []
        self._serve(_handler(self))

    def enrol(self, username: str, full_name: str, *, elliptic: bool = False) -> IssuedKey:
        self.keys[username] = _issue(self.ca, username, full_name, elliptic)
        return self.keys[username]

    def decide(self, username: str, *, accept: bool, seconds: float = 10) -> None:
        """The person confirms (or refuses) on their phone, once the request has arrived."""
        deadline = datetime.now() + timedelta(seconds=seconds)
        while datetime.now() < deadline:
            for transaction in list(self.transactions.values()):
                if transaction.user == username and transaction.status == "pending":
                    self._settle(transaction, accept)
                    return
            threading.Event().wait(0.05)
        raise AssertionError(f"no signing request waiting for {username}")

    def _settle(self, transaction: Transaction, accept: bool) -> None:
        if accept:
            transaction.signature = base64.b64encode(_sign(self.keys[transaction.user], transaction.digest)).decode()
        transaction.status = "signed" if accept else "rejected"

    def handle(self, path: str, body: dict[str, Any], bearer: str) -> tuple[int, dict[str, Any]]:
        method = path.removeprefix("/mpki/v1/")
        self.calls.append(method)
        if method == "oauth/token":
            if body.get("client_id") != CLIENT_ID or body.get("client_secret") != CLIENT_SECRET:
                return 401, {"message": "Sai thông tin ứng dụng"}
            token = secrets.token_urlsafe(16)
            self.tokens.add(token)
            return 200, {"access_token": token}
        if bearer not in self.tokens:
            return 401, {"message": "Phiên làm việc không hợp lệ"}
        if method == "certificates":
            issued = self.keys.get(str(body.get("user_id", "")))
            if issued is None:
                return 200, {"certificates": []}
            chain = [_der_b64(issued), base64.b64encode(self.ca.certificate.public_bytes(
                serialization.Encoding.DER)).decode()]
            return 200, {"certificates": [{"serial": format(issued.certificate.serial_number, "x"), "chain": chain}]}
        if method == "sign-hash":
            user = str(body.get("user_id", ""))
            issued = self.keys.get(user)
            if issued is None or body.get("serial") != format(issued.certificate.serial_number, "x"):
                return 400, {"message": "Chứng thư số không hợp lệ"}
            ident = secrets.token_hex(8)
            self.transactions[ident] = transaction = Transaction(user, base64.b64decode(str(body.get("hash", ""))))
            if self.confirm_all:
                self._settle(transaction, True)
            return 200, {"transaction_id": ident, "status": "pending"}
        if method == "transactions/get":
            found = self.transactions.get(str(body.get("transaction_id", "")))
            if found is None:
                return 404, {"message": "Không có giao dịch này"}
            return 200, {"status": found.status, "signature": found.signature}
        return 404, {"message": f"unknown method {method}"}


def _handler(service: MpkiTestService) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's name)
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if self.headers.get("Content-Type", "").startswith("application/x-www-form-urlencoded"):
                body: dict[str, Any] = {k: v[0] for k, v in parse_qs(raw.decode()).items()}
            else:
                body = json.loads(raw or b"{}")
            status, answer = service.handle(self.path, body, self.headers.get("Authorization", "")[7:])
            data = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: Any) -> None:
            pass

    return Handler



SP_ID, SP_PASSWORD = "hoso-lao-cai", "mat-khau-sp"


class SmartCaTestService(HttpStandIn):
    PATH = "/sca/sp769/v1/"

    """VNPT SmartCA's gateway as core/approvals/smartca_signing.py assumes it, over HTTP, with
    its own CA; the person confirms (or refuses) in the app through `decide`, or every request
    is confirmed at once with `confirm_all`."""

    def __init__(self, *, confirm_all: bool = False):
        self.ca = ca_create(name="CA VNPT SmartCA (thử nghiệm)", now=datetime.now(UTC))
        self.keys: dict[str, IssuedKey] = {}
        self.transactions: dict[str, Transaction] = {}
        self.confirm_all = confirm_all
        self.calls: list[str] = []
        self._serve(_smartca_handler(self))

    def enrol(self, username: str, full_name: str) -> IssuedKey:
        self.keys[username] = _issue(self.ca, username, full_name, False)
        return self.keys[username]

    def decide(self, username: str, *, accept: bool, seconds: float = 10) -> None:
        deadline = datetime.now() + timedelta(seconds=seconds)
        while datetime.now() < deadline:
            for transaction in list(self.transactions.values()):
                if transaction.user == username and transaction.status == "pending":
                    self._settle(transaction, accept)
                    return
            threading.Event().wait(0.05)
        raise AssertionError(f"no signing request waiting for {username}")

    def _settle(self, transaction: Transaction, accept: bool) -> None:
        if accept:
            transaction.signature = base64.b64encode(_sign(self.keys[transaction.user], transaction.digest)).decode()
        transaction.status = "signed" if accept else "rejected"

    def handle(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        method = path.removeprefix("/sca/sp769/v1/")
        self.calls.append(method.split("/")[0] + ("/status" if method.endswith("/status") else ""))
        if body.get("sp_id") != SP_ID or body.get("sp_password") != SP_PASSWORD:
            return {"status_code": 401, "message": "Sai thông tin nhà cung cấp dịch vụ", "data": None}
        if method == "credentials/get_certificate":
            issued = self.keys.get(str(body.get("user_id", "")))
            listed = [] if issued is None else [{"serial_number": format(issued.certificate.serial_number, "x"),
                                                 "cert_data": _der_b64(issued)}]
            return {"status_code": 200, "message": "success", "data": {"user_certificates": listed}}
        if method == "signatures/sign":
            user = str(body.get("user_id", ""))
            [file] = body.get("sign_files") or [{}]
            ident = secrets.token_hex(8)
            self.transactions[ident] = transaction = Transaction(user, bytes.fromhex(file.get("data_to_be_signed", "")))
            if self.confirm_all:
                self._settle(transaction, True)
            return {"status_code": 200, "message": "success", "data": {"transaction_id": ident, "tran_code": ident[:6]}}
        if method.startswith("signatures/sign/") and method.endswith("/status"):
            found = self.transactions.get(method.split("/")[2])
            if found is None:
                return {"status_code": 404, "message": "Không có giao dịch này", "data": None}
            signatures = [{"doc_id": "hoso", "signature_value": found.signature}] if found.signature else []
            return {"status_code": 200, "message": "success", "data": {"status": found.status, "signatures": signatures}}
        return {"status_code": 404, "message": f"unknown method {method}", "data": None}


def _smartca_handler(service: SmartCaTestService) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's name)
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
            data = json.dumps(service.handle(self.path, body)).encode()
            self.send_response(200)  # the gateway answers 200 and says what happened in its envelope
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: Any) -> None:
            pass

    return Handler
