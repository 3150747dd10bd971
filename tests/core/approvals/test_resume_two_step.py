"""The signed résumé in two steps through the API: the server lays out the PDF and answers the
hash to sign; the person's official-duty token (the local signing service's stand-in, its own
CA) signs it; the server assembles the signature, checks it with pyHanko (intact, trusted by
the province, this person's), seals it with the agency's key and keeps it for download. A
signature that does not verify keeps nothing and leaves the request open."""

import base64
import io

import pytest
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from core.approvals.dossier_pdf import AGENCY_FIELD, APPROVER_FIELD
from core.approvals.models import SignatureRequest
from core.approvals.services.resume_signing import NOT_MATCHING
from core.approvals.services.trust import trusted_ca_add
from core.approvals.signing import UNTRUSTED
from core.base.audit.models import AuditEvent
from core.operations.demo.services import DEMO_PASSWORD
from tenants.models import Province
from tests.conftest import sign_in
from tests.core.approvals.conftest import Pki
from tests.core.approvals.official_services import LocalSigningService
from tests.core.approvals.test_dossier_pdf import _agency_signer
from tests.core.conftest import Personas

pytestmark = pytest.mark.django_db

BASE = "/api/v1/signature-requests/"


@pytest.fixture
def token(lc: Personas) -> LocalSigningService:
    """The approver's official-duty USB token behind the local signing service (not started:
    the test speaks its messages directly)."""
    local = LocalSigningService()
    local.enrol(lc.approver.username, "Hoàng Văn Tuấn (USB)")
    return local


@pytest.fixture
def sealed(lc: Personas, pki: Pki, monkeypatch: pytest.MonkeyPatch) -> None:
    seal = _agency_signer(pki, lc)
    monkeypatch.setattr("core.approvals.services.resume_signing.seal_signer", lambda unit: seal)


def _roots(*cas: object) -> ValidationContext:
    der = serialization.Encoding.DER
    return ValidationContext(trust_roots=[asn1_x509.Certificate.load(ca.certificate.public_bytes(der))  # type: ignore[attr-defined]
                                          for ca in cas])


def _prepare(api, lc: Personas, local: LocalSigningService) -> dict:  # type: ignore[no-untyped-def]
    certificate = local.answer({"id": 0, "action": "get_certificate"})["certificate"]
    answer = api.post(BASE, {"purpose": "resume", "person_id": lc.person(lc.employee).pk, "certificate": certificate},
                      content_type="application/json")
    assert answer.status_code == 201, answer.content
    return answer.json()


def _submit(api, prepared: dict, raw: str) -> tuple[int, dict]:  # type: ignore[no-untyped-def]
    answer = api.post(f"{BASE}{prepared['token']}/signatures/", {"signatures": [raw]}, content_type="application/json")
    return answer.status_code, answer.json()


def test_the_token_signs_the_prepared_hash_and_the_sealed_pdf_validates(
    lc: Personas, in_lao_cai: Province, pki: Pki, token: LocalSigningService, sealed: None,
) -> None:
    trusted_ca_add(acting_user=lc.doha, name="Ban Cơ yếu Chính phủ (thử nghiệm)", certificate_pem=token.ca.certificate_pem)
    api = sign_in(in_lao_cai, lc.approver.username, DEMO_PASSWORD)
    prepared = _prepare(api, lc, token)
    assert prepared["purpose"] == "resume" and prepared["documents"] == []
    signed = token.answer({"id": 1, "action": "sign_hash", "hash": prepared["hash_to_sign"]})
    status, done = _submit(api, prepared, signed["signature"])
    assert status == 201, done
    assert done == {"approvals": [], "download": f"/api/v1/signature-requests/{prepared['token']}/pdf/"}
    pdf = api.get(done["download"])
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"].endswith(f'so-yeu-ly-lich-{lc.person(lc.employee).national_id}.pdf"')
    reader = PdfFileReader(io.BytesIO(pdf.content))
    assert [s.field_name for s in reader.embedded_signatures] == [APPROVER_FIELD, AGENCY_FIELD]
    context = _roots(token.ca, pki.ca)
    statuses = {s.field_name: validate_pdf_signature(s, context) for s in reader.embedded_signatures}
    for status_ in statuses.values():
        assert status_.intact and status_.valid and status_.trusted, status_.pretty_print_details()
    assert statuses[APPROVER_FIELD].signing_cert.subject.native["common_name"] == "Hoàng Văn Tuấn (USB)"
    assert AuditEvent.objects.filter(action="dossier.signed_pdf", actor=lc.approver).count() == 1
    # the download is the signer's alone
    assert sign_in(in_lao_cai, lc.doha.username, DEMO_PASSWORD).get(done["download"]).status_code == 404


@pytest.mark.parametrize("case", ["other_bytes", "untrusted", "someone_else"])
def test_a_signature_that_does_not_verify_keeps_nothing(
    case: str, lc: Personas, in_lao_cai: Province, pki: Pki, token: LocalSigningService, sealed: None,
) -> None:
    if case != "untrusted":
        trusted_ca_add(acting_user=lc.doha, name="Ban Cơ yếu Chính phủ (thử nghiệm)",
                       certificate_pem=token.ca.certificate_pem)
    api = sign_in(in_lao_cai, lc.approver.username, DEMO_PASSWORD)
    prepared = _prepare(api, lc, token)
    to_sign = prepared["hash_to_sign"]
    if case == "other_bytes":
        to_sign = base64.b64encode(bytes(32)).decode()
    if case == "someone_else":  # the officer's token, over the approver's prepared hash
        token.enrol(lc.officer.username, "Cán bộ kiểm tra")
    raw = token.answer({"id": 1, "action": "sign_hash", "hash": to_sign})["signature"]
    status, refused = _submit(api, prepared, raw)
    expected = {
        "other_bytes": ("signature_invalid", NOT_MATCHING),
        "untrusted": ("certificate_untrusted", UNTRUSTED),
        "someone_else": ("signature_invalid", NOT_MATCHING),  # the prepared certificate is the approver's
    }[case]
    assert status == 400 and (refused["code"], refused["message"]) == expected
    request = SignatureRequest.objects.get(token=prepared["token"])
    assert request.completed_at is None and request.result == {}
    assert not AuditEvent.objects.filter(action="dossier.signed_pdf").exists()
    assert api.get(f"{BASE}{prepared['token']}/pdf/").status_code == 404


def test_a_token_without_a_certificate_is_asked_for_one_and_a_server_signer_needs_none(
    lc: Personas, in_lao_cai: Province, pki: Pki, sealed: None, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from rules.services import rule_value_set

    api = sign_in(in_lao_cai, lc.approver.username, DEMO_PASSWORD)
    rule_value_set(acting_user=lc.doha, key="signing.signers", value={"resume": "official_usb"},
                   effective_from=lc.person(lc.employee).created_at.date(), document="Quyết định thử nghiệm",
                   article="Điều 1")
    asked = api.post(BASE, {"purpose": "resume", "person_id": lc.person(lc.employee).pk},
                     content_type="application/json")
    assert asked.status_code == 400
    assert asked.json()["extra"]["fields"] == {"certificate": "Người ký bằng thiết bị của mình gửi kèm chứng thư số "
                                                              "(DER, base64) lấy từ phần mềm ký số để chuẩn bị sơ yếu "
                                                              "lý lịch."}
    signer = pki.signer_for(lc.approver)
    monkeypatch.setattr("core.approvals.signers.person_signer", lambda account, purpose: signer)
    monkeypatch.setattr("api.v1.signing.views.person_signer", lambda account, purpose: signer)
    prepared = api.post(BASE, {"purpose": "resume", "person_id": lc.person(lc.employee).pk},
                        content_type="application/json").json()
    done = api.post(f"{BASE}{prepared['token']}/sign/")
    assert done.status_code == 201, done.content
    reader = PdfFileReader(io.BytesIO(api.get(done.json()["download"]).content))
    for signature in reader.embedded_signatures:
        assert validate_pdf_signature(signature, _roots(pki.ca)).trusted
