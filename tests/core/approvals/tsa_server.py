"""A time-stamping authority for the tests (RFC 3161 over HTTP, application/timestamp-query →
application/timestamp-reply): its own throwaway CA issues the TSA's certificate (extended key
usage timeStamping, critical), and pyHanko's DummyTimeStamper answers each request with a real
signed token."""

import asyncio
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler
from typing import Any

from asn1crypto import keys as asn1_keys
from asn1crypto import tsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from core.approvals.dev_ca import IssuedKey, ca_create
from tests.core.approvals.stand_in import HttpStandIn


class TsaTestService(HttpStandIn):
    PATH = "/tsa"

    def __init__(self) -> None:
        now = datetime.now(UTC)
        self.ca = ca_create(name="CA dịch vụ cấp dấu thời gian (thử nghiệm)", now=now)
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        certificate = (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "TSA thử nghiệm hoso")]))
            .issuer_name(self.ca.certificate.subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=365))
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
            .sign(self.ca.key, hashes.SHA256()))
        self.tsa = IssuedKey(key=key, certificate=certificate)
        self.requests = 0
        self._serve(_handler(self))

    def answer(self, body: bytes) -> bytes:
        from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
        from pyhanko_certvalidator.registry import SimpleCertificateStore

        der = serialization.Encoding.DER
        stamper = DummyTimeStamper(
            tsa_cert=asn1_x509.Certificate.load(self.tsa.certificate.public_bytes(der)),
            tsa_key=asn1_keys.PrivateKeyInfo.load(self.tsa.key.private_bytes(
                der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())),
            certs_to_embed=SimpleCertificateStore.from_certs(
                [asn1_x509.Certificate.load(self.ca.certificate.public_bytes(der))]))
        self.requests += 1
        response = asyncio.run(stamper.async_request_tsa_response(tsp.TimeStampReq.load(body)))
        return bytes(response.dump())


def _handler(service: TsaTestService) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's name)
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            data = service.answer(body)
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: Any) -> None:
            pass

    return Handler
