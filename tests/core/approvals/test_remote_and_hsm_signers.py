"""The signers the server reaches, each against a real implementation the tests start: a CSC
API v1 remote signing service (its own CA, the person confirming on their "phone"), and the
agency's seal in SoftHSM2 through PKCS#11. What they return is verified like any signature."""

import io
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from django.utils import timezone

from core.approvals.dev_ca import IssuedKey, ca_create
from core.approvals.dossier_pdf import AGENCY_FIELD, pdf_sign
from core.approvals.hsm_signing import HsmConfig, Pkcs11Signer
from core.approvals.remote_signing import NOT_CONFIRMED, CscClient, CscService, CscSigner
from core.approvals.services.approvals import unit_approval_sign
from core.approvals.services.trust import trusted_ca_add
from core.approvals.signing import TrustAnchor, signature_verify
from core.base.errors import ApplicationError
from tests.core.approvals.conftest import UNIT_DAY, reviewed_change_set
from tests.core.approvals.csc_server import CLIENT_ID, CLIENT_SECRET, CscTestService
from tests.core.conftest import Personas

SOFTHSM = next((p for p in ("/usr/lib/softhsm/libsofthsm2.so", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so")
                if os.path.exists(p)), "")
PIN = "123456"


@pytest.fixture
def csc() -> Iterator[CscTestService]:
    service = CscTestService(wait_seconds=5).start()
    yield service
    service.stop()


def _signer(service: CscTestService, user: str, secret: str = CLIENT_SECRET) -> CscSigner:
    return CscSigner(CscClient(CscService(url=service.url, client_id=CLIENT_ID, client_secret=secret, timeout=5)),
                     user_id=user)


def test_the_remote_service_signs_once_the_person_confirms(csc: CscTestService) -> None:
    """The signature arrives only after the confirmation, over the manifest's hash only, and
    verifies against the service's CA as the person's."""
    csc.enrol("001085001234", "Nguyễn Văn A")
    signer = _signer(csc, "001085001234")
    manifest = b'{"format":"hoso.approval/1","month":"2026-11"}'
    confirming = threading.Thread(target=csc.confirm, args=("001085001234",))
    confirming.start()
    signed = signer.sign(manifest)
    confirming.join()
    verified = signature_verify(manifest=manifest, cms_der=signed.cms_der, anchors=[TrustAnchor(csc.ca.certificate)],
                                at=timezone.now(), expected_username="001085001234")
    assert verified.username == "001085001234"
    assert csc.calls == ["oauth2/token", "credentials/list", "credentials/info", "credentials/authorize",
                         "signatures/signHash"]


def test_no_confirmation_no_signature(csc: CscTestService) -> None:
    csc.enrol("001085001234", "Nguyễn Văn A", elliptic=True)
    csc.wait_seconds = 0.2
    with pytest.raises(ApplicationError) as refused:
        _signer(csc, "001085001234").sign(b"{}")
    assert refused.value.message == NOT_CONFIRMED
    assert "signatures/signHash" not in csc.calls


def test_unknown_person_and_wrong_client_are_refused_in_vietnamese(csc: CscTestService) -> None:
    with pytest.raises(ApplicationError) as unknown:
        _signer(csc, "001085009999").sign(b"{}")
    assert unknown.value.code == "remote_signing_no_credential"
    with pytest.raises(ApplicationError) as wrong:
        _signer(csc, "001085009999", secret="sai").sign(b"{}")
    assert wrong.value.message == "Dịch vụ ký số từ xa từ chối: Sai thông tin ứng dụng"


@pytest.mark.django_db
def test_an_approval_signed_remotely_is_recorded(lc: Personas) -> None:
    """The province trusts the service's CA; the approver's remote signature is recorded."""
    service = CscTestService(confirm_all=True).start()
    try:
        service.enrol(lc.approver.username, lc.approver.full_name)
        trusted_ca_add(acting_user=lc.doha, name="Dịch vụ ký số từ xa", certificate_pem=service.ca.certificate_pem)
        [approval] = unit_approval_sign(acting_user=lc.approver, change_set_ids=[reviewed_change_set(lc).pk],
                                        signer=_signer(service, lc.approver.username), on=UNIT_DAY)
    finally:
        service.stop()
    assert approval.is_signed and f"UID={lc.approver.username}" in approval.certificate_subject


# --- PKCS#11 (SoftHSM2) ----------------------------------------------------------------------


@pytest.fixture(scope="session")
def hsm(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[HsmConfig, IssuedKey]]:
    """A SoftHSM2 token with an RSA seal and an EC seal generated inside it, each with a
    certificate from a test CA stored beside it."""
    if not SOFTHSM or not shutil.which("softhsm2-util"):
        pytest.skip("SoftHSM2 is not installed (make test installs it when run as root)")
    import pkcs11
    from pkcs11.util.ec import encode_ec_public_key, encode_named_curve_parameters
    from pkcs11.util.rsa import encode_rsa_public_key

    folder = tmp_path_factory.mktemp("softhsm")
    (folder / "tokens").mkdir()
    conf = folder / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {folder / 'tokens'}\nobjectstore.backend = file\n")
    os.environ["SOFTHSM2_CONF"] = str(conf)
    subprocess.run(["softhsm2-util", "--init-token", "--free", "--label", "hoso-seals", "--so-pin", PIN,
                    "--pin", PIN], check=True, capture_output=True)
    config = HsmConfig(module=SOFTHSM, token_label="hoso-seals", pin=PIN)
    ca = ca_create(name="CA con dấu (thử nghiệm)", now=timezone.now())
    token = pkcs11.lib(SOFTHSM).get_token(token_label="hoso-seals")
    with token.open(user_pin=PIN, rw=True) as session:
        rsa_public, _ = session.generate_keypair(pkcs11.KeyType.RSA, 2048, label="co-quan-1", store=True)
        _certificate_store(session, "co-quan-1", encode_rsa_public_key(rsa_public), ca)
        parameters = session.create_domain_parameters(
            pkcs11.KeyType.EC, {pkcs11.Attribute.EC_PARAMS: encode_named_curve_parameters("secp256r1")}, local=True)
        ec_public, _ = parameters.generate_keypair(label="co-quan-2", store=True)
        _certificate_store(session, "co-quan-2", encode_ec_public_key(ec_public), ca)
    yield config, ca


def _certificate_store(session, label: str, public_der: bytes, ca: IssuedKey) -> None:  # type: ignore[no-untyped-def]
    import pkcs11

    now = timezone.now()
    name = x509.Name([x509.NameAttribute(x509.NameOID.COMMON_NAME, f"Sở Tài chính ({label})"),
                      x509.NameAttribute(x509.NameOID.SERIAL_NUMBER, label)])
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(ca.certificate.subject)
                   .public_key(serialization.load_der_public_key(public_der))  # type: ignore[arg-type]
                   .serial_number(x509.random_serial_number())
                   .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=365))
                   .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True,
                                                key_encipherment=False, data_encipherment=False, key_agreement=False,
                                                key_cert_sign=False, crl_sign=False, encipher_only=False,
                                                decipher_only=False), critical=True)
                   .sign(ca.key, hashes.SHA256()))
    session.create_object({pkcs11.Attribute.CLASS: pkcs11.ObjectClass.CERTIFICATE,
                           pkcs11.Attribute.CERTIFICATE_TYPE: pkcs11.CertificateType.X_509,
                           pkcs11.Attribute.TOKEN: True, pkcs11.Attribute.LABEL: label,
                           pkcs11.Attribute.SUBJECT: name.public_bytes(),
                           pkcs11.Attribute.VALUE: certificate.public_bytes(serialization.Encoding.DER)})


@pytest.mark.parametrize("label", ["co-quan-1", "co-quan-2"])
def test_the_seal_in_the_hsm_signs_a_manifest(hsm: tuple[HsmConfig, IssuedKey], label: str) -> None:
    """RSA and EC keys that never left the token sign; the CMS verifies against the CA."""
    config, ca = hsm
    manifest = b'{"format":"hoso.report/1"}'
    signed = Pkcs11Signer(config, label).sign(manifest)
    verified = signature_verify(manifest=manifest, cms_der=signed.cms_der, anchors=[TrustAnchor(ca.certificate)],
                                at=timezone.now())
    assert verified.username == label


def test_the_seal_in_the_hsm_signs_a_pdf(hsm: tuple[HsmConfig, IssuedKey]) -> None:
    """pyHanko's PAdES signature with the HSM's key validates as intact and trusted."""
    from asn1crypto import x509 as asn1_x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext
    from pypdf import PdfWriter

    config, ca = hsm
    buffer = io.BytesIO()
    blank = PdfWriter()
    blank.add_blank_page(595, 842)
    blank.write(buffer)
    signed = pdf_sign(buffer.getvalue(), signer=Pkcs11Signer(config, "co-quan-1"), field_name=AGENCY_FIELD,
                      reason="Xác nhận")
    [signature] = PdfFileReader(io.BytesIO(signed)).embedded_signatures
    root = asn1_x509.Certificate.load(ca.certificate.public_bytes(serialization.Encoding.DER))
    status = validate_pdf_signature(signature, ValidationContext(trust_roots=[root]))
    assert status.intact and status.valid and status.trusted, status.pretty_print_details()


def test_a_pdf_is_signed_from_inside_a_running_event_loop(hsm: tuple[HsmConfig, IssuedKey]) -> None:
    """pyHanko's synchronous signing starts its own event loop; called where one already runs
    (an async server, a test harness) it signs on a worker thread instead of failing."""
    import asyncio

    from pyhanko.pdf_utils.reader import PdfFileReader
    from pypdf import PdfWriter

    config, _ca = hsm
    buffer = io.BytesIO()
    blank = PdfWriter()
    blank.add_blank_page(595, 842)
    blank.write(buffer)

    async def inside_a_loop() -> bytes:
        return pdf_sign(buffer.getvalue(), signer=Pkcs11Signer(config, "co-quan-1"), field_name=AGENCY_FIELD,
                        reason="Xác nhận")

    signed = asyncio.run(inside_a_loop())
    assert [sig.field_name for sig in PdfFileReader(io.BytesIO(signed)).embedded_signatures] == [AGENCY_FIELD]


def test_a_missing_seal_is_refused(hsm: tuple[HsmConfig, IssuedKey]) -> None:
    with pytest.raises(ApplicationError) as refused:
        Pkcs11Signer(hsm[0], "co-quan-999").sign(b"{}")
    assert refused.value.message == "HSM không có con dấu số “co-quan-999” của cơ quan."


def test_softhsm_path_exists_for_make_test() -> None:
    assert Path("/usr/bin/softhsm2-util").exists() or not SOFTHSM
