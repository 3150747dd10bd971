"""PAdES B-T/B-LT on the signed résumé: where the province configures a time-stamping authority
(a setting), each signature carries an RFC 3161 timestamp from it, and the certificates and
CRLs that validate the signatures are embedded; pyHanko finds the timestamp intact and trusted.
Tested against a TSA the test starts (tests/core/approvals/tsa_server.py)."""

import io
from collections.abc import Iterator

import pytest
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import hashes, serialization
from django.test import override_settings
from django.utils import timezone
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from core.approvals.dev_ca import crl_create
from core.approvals.dossier_pdf import AGENCY_FIELD, APPROVER_FIELD
from core.approvals.models import TrustedCA
from core.approvals.services.dossier_export import dossier_signed_pdf_export
from core.approvals.services.trust import trusted_ca_add, trusted_ca_crl_set
from tests.core.approvals.conftest import Pki
from tests.core.approvals.test_dossier_pdf import _agency_signer
from tests.core.approvals.tsa_server import TsaTestService
from tests.core.conftest import Personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def tsa() -> Iterator[TsaTestService]:
    service = TsaTestService().start()
    yield service
    service.stop()


def _root(certificate: object) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))  # type: ignore[attr-defined]


def _export(lc: Personas, pki: Pki) -> bytes:
    return dossier_signed_pdf_export(acting_user=lc.approver, person_id=lc.person(lc.employee).pk,
                                     signer=pki.signer_for(lc.approver), agency_signer=_agency_signer(pki, lc)).content


def test_each_signature_is_timestamped_and_carries_its_validation_data(
    lc: Personas, pki: Pki, tsa: TsaTestService,
) -> None:
    trusted_ca_crl_set(acting_user=lc.doha, ca=TrustedCA.objects.get(
        fingerprint_sha256=pki.ca.certificate.fingerprint(hashes.SHA256()).hex()),
                       crl_pem=crl_create(ca=pki.ca, revoked_serials=[12345], now=timezone.now()))
    trusted_ca_add(acting_user=lc.doha, name="Dịch vụ cấp dấu thời gian", certificate_pem=tsa.ca.certificate_pem)
    with override_settings(HOSO_SIGNING={"lao-cai": {"tsa": {"url": tsa.url}}}):
        pdf = _export(lc, pki)
    assert tsa.requests == 4  # per signature: one to size the placeholder (pyHanko), one for the token
    reader = PdfFileReader(io.BytesIO(pdf))
    signer_context = ValidationContext(trust_roots=[_root(pki.ca.certificate)])
    tsa_context = ValidationContext(trust_roots=[_root(tsa.ca.certificate)])
    statuses = {sig.field_name: validate_pdf_signature(sig, signer_context, ts_validation_context=tsa_context)
                for sig in reader.embedded_signatures}
    assert list(statuses) == [APPROVER_FIELD, AGENCY_FIELD]
    for status in statuses.values():
        assert status.intact and status.valid and status.trusted, status.pretty_print_details()
        stamp = status.timestamp_validity
        assert stamp is not None and stamp.intact and stamp.valid and stamp.trusted, status.pretty_print_details()
        assert abs((stamp.timestamp - timezone.now()).total_seconds()) < 120
    dss = reader.root["/DSS"]
    embedded = {asn1_x509.Certificate.load(ref.get_object().data).sha256 for ref in dss["/Certs"]}
    assert {_root(pki.ca.certificate).sha256, _root(tsa.ca.certificate).sha256} <= embedded
    assert len(dss["/CRLs"]) >= 1  # the province CA's CRL, for validation after expiry


def test_without_a_tsa_there_is_no_timestamp_and_no_validation_store(lc: Personas, pki: Pki,
                                                                      tsa: TsaTestService) -> None:
    pdf = _export(lc, pki)
    reader = PdfFileReader(io.BytesIO(pdf))
    context = ValidationContext(trust_roots=[_root(pki.ca.certificate)])
    for sig in reader.embedded_signatures:
        assert validate_pdf_signature(sig, context).timestamp_validity is None
    assert "/DSS" not in reader.root
    assert tsa.requests == 0


def test_an_unreachable_tsa_is_refused_in_words_and_nothing_is_audited(lc: Personas, pki: Pki) -> None:
    from core.base.audit.models import AuditEvent
    from core.base.errors import ApplicationError

    before = AuditEvent.objects.filter(action="dossier.signed_pdf").count()
    with override_settings(HOSO_SIGNING={"lao-cai": {"tsa": {"url": "http://127.0.0.1:9/tsa"}}}), \
            pytest.raises(ApplicationError) as refused:
        _export(lc, pki)
    assert refused.value.code == "timestamp_unavailable"
    assert refused.value.message == ("Không lấy được dấu thời gian từ dịch vụ cấp dấu thời gian của tỉnh: thử lại "
                                     "sau ít phút.")
    assert AuditEvent.objects.filter(action="dossier.signed_pdf").count() == before
