"""The signed résumé: a PDF with the approver's and then the agency's PAdES signatures, both
checked by pyHanko against the throwaway CA; a changed byte breaks them; a reader without a
role over the person finds nothing (404), on the page and through the API."""

import io
from datetime import timedelta
from pathlib import Path

import pytest
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from django.core.management import call_command
from django.http import HttpResponse
from django.test import override_settings
from django.utils import timezone
from knox.models import AuthToken
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from core.approvals.dev_ca import agency_certificate_issue
from core.approvals.dossier_pdf import AGENCY_FIELD, APPROVER_FIELD
from core.approvals.key_store import signer_for_account
from core.approvals.models import SignatureRequest
from core.approvals.services.dossier_export import dossier_signed_pdf_export
from core.approvals.signing import SoftwareSigner
from core.base.errors import NotFoundError, PermissionDeniedError
from core.models import DossierReadLog
from core.operations.demo.services import DEMO_PASSWORD
from tests.conftest import client_for, sign_in
from tests.core.approvals.conftest import Pki
from tests.core.conftest import Personas

pytestmark = pytest.mark.django_db


def _agency_signer(pki: Pki, lc: Personas) -> SoftwareSigner:
    unit = lc.person(lc.employee).org_unit
    now = timezone.now()
    issued = agency_certificate_issue(ca=pki.ca, name=unit.name, code=f"co-quan-{unit.pk}",
                                      not_before=now - timedelta(days=1), not_after=now + timedelta(days=365))
    return SoftwareSigner(issued.key, issued.certificate)


def _context(pki: Pki) -> ValidationContext:
    root = asn1_x509.Certificate.load(pki.ca.certificate.public_bytes(serialization.Encoding.DER))
    return ValidationContext(trust_roots=[root])


def _statuses(pdf: bytes, pki: Pki) -> dict[str, object]:
    reader = PdfFileReader(io.BytesIO(pdf))
    return {sig.field_name: validate_pdf_signature(sig, _context(pki)) for sig in reader.embedded_signatures}


def test_the_resume_is_signed_by_the_approver_then_by_the_agency(lc: Personas, pki: Pki) -> None:
    person = lc.person(lc.employee)
    exported = dossier_signed_pdf_export(acting_user=lc.approver, person_id=person.pk,
                                         signer=pki.signer_for(lc.approver), agency_signer=_agency_signer(pki, lc))
    assert exported.content.startswith(b"%PDF") and exported.filename.endswith(f"{person.national_id}.pdf")
    # A signed PDF is a read of the whole dossier: logged for the person to see (issue 13).
    assert DossierReadLog.objects.filter(reader=lc.approver, person=person, purpose__startswith="signed_pdf").exists()

    reader = PdfFileReader(io.BytesIO(exported.content))
    assert [s.field_name for s in reader.embedded_signatures] == [APPROVER_FIELD, AGENCY_FIELD]
    statuses = _statuses(exported.content, pki)
    for status in statuses.values():
        assert status.intact and status.valid and status.trusted, status.pretty_print_details()  # type: ignore[attr-defined]
    approver, agency = statuses[APPROVER_FIELD], statuses[AGENCY_FIELD]
    assert approver.signing_cert.subject.native["user_id"] == lc.approver.username  # type: ignore[attr-defined]
    assert agency.signing_cert.subject.native["organization_name"] == person.org_unit.name[:64]  # type: ignore[attr-defined]
    assert agency.coverage.name == "ENTIRE_FILE"  # type: ignore[attr-defined]
    # The document is the résumé of that person.
    assert reader.trailer["/Info"]["/Title"] == f"Sơ yếu lý lịch – {person.full_name}"


def test_a_changed_byte_breaks_the_signatures(lc: Personas, pki: Pki) -> None:
    exported = dossier_signed_pdf_export(acting_user=lc.approver, person_id=lc.person(lc.employee).pk,
                                         signer=pki.signer_for(lc.approver), agency_signer=_agency_signer(pki, lc))
    at = exported.content.index(b"(hoso)")
    tampered = exported.content[:at] + b"(hosx)" + exported.content[at + 6:]
    for status in _statuses(tampered, pki).values():
        assert not status.intact and not status.bottom_line  # type: ignore[attr-defined]


def test_an_untrusted_ca_is_not_trusted(lc: Personas, pki: Pki) -> None:
    from core.approvals.dev_ca import ca_create

    other = Pki(ca=ca_create(name="CA khác", now=timezone.now()))
    exported = dossier_signed_pdf_export(acting_user=lc.approver, person_id=lc.person(lc.employee).pk,
                                         signer=other.signer_for(lc.approver), agency_signer=_agency_signer(other, lc))
    for status in _statuses(exported.content, pki).values():
        assert status.intact and not status.trusted  # type: ignore[attr-defined]


def test_no_role_over_the_person_reads_as_missing(lc: Personas, pki: Pki) -> None:
    person = lc.person(lc.employee)
    signer, agency = pki.signer_for(lc.teacher), _agency_signer(pki, lc)
    for person_id in (person.pk, 10**9):
        with pytest.raises(NotFoundError):
            dossier_signed_pdf_export(acting_user=lc.teacher, person_id=person_id, signer=signer, agency_signer=agency)
    # The person may read their own dossier, but certifying it takes the approver's authority.
    with pytest.raises(PermissionDeniedError):
        dossier_signed_pdf_export(acting_user=lc.employee, person_id=person.pk,
                                  signer=pki.signer_for(lc.employee), agency_signer=agency)


def resume_signed_through_pages(browser, person_id: int, ngay: str = "") -> HttpResponse:  # type: ignore[no-untyped-def]
    """The dossier page's signed résumé in the pages' two steps: what is about to be signed,
    prepare (POST), the signing page (whose, which version, the SHA-256 signed), sign, the
    page of the signed file, the file."""
    query = {"ngay": ngay} if ngay else {}
    page = browser.get(f"/phe-duyet/ho-so/{person_id}/pdf/", query)
    assert page.status_code == 200 and 'id="chuan-bi-so-yeu-ly-lich"' in page.content.decode()
    prepared = browser.post(f"/phe-duyet/ho-so/{person_id}/pdf/", query)
    assert prepared.status_code == 302 and prepared["Location"].startswith("../../../ky-so/"), prepared.content[:500]
    token = prepared["Location"].split("/")[-2]
    signing = browser.get(f"/phe-duyet/ky-so/{token}/").content.decode()
    assert "<h1>Ký số sơ yếu lý lịch</h1>" in signing and f'href="/can-bo/{person_id}/"' in signing
    signed = browser.post(f"/phe-duyet/ky-so/{token}/ky/")
    assert signed.status_code == 302 and signed["Location"] == "../da-ky/", signed.content[:500]
    done = browser.get(f"/phe-duyet/ky-so/{token}/da-ky/").content.decode()
    assert "Đã ký số sơ yếu lý lịch; máy chủ đã kiểm tra chữ ký và đóng dấu số của cơ quan." in done
    assert 'href="../pdf/"' in done
    return browser.get(f"/phe-duyet/ky-so/{token}/pdf/")


def test_page_and_api_with_keys_from_the_commands(lc: Personas, lao_cai, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    person = lc.person(lc.employee)
    with override_settings(HOSO_SIGNING_DIR=str(tmp_path)):
        devnull = open("/dev/null", "w")  # noqa: SIM115
        call_command("signing_keys_create", "--province", "lao-cai", "--username", lc.approver.username, stdout=devnull)
        call_command("signing_agency_key_create", "--province", "lao-cai", "--unit", str(person.org_unit_id),
                     stdout=devnull)
        assert signer_for_account(lc.approver) is not None
        ca_pem = (tmp_path / lao_cai.schema_name / "ca.pem").read_bytes()
        ca = asn1_x509.Certificate.load(
            x509.load_pem_x509_certificate(ca_pem).public_bytes(serialization.Encoding.DER))
        browser = sign_in(lao_cai, lc.approver.username, DEMO_PASSWORD)
        response = resume_signed_through_pages(browser, person.pk)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        reader = PdfFileReader(io.BytesIO(response.content))
        assert len(reader.embedded_signatures) == 2
        for sig in reader.embedded_signatures:
            status = validate_pdf_signature(sig, ValidationContext(trust_roots=[ca]))
            assert status.bottom_line, status.pretty_print_details()

        teacher = sign_in(lao_cai, lc.teacher.username, DEMO_PASSWORD)
        assert teacher.get(f"/phe-duyet/ho-so/{person.pk}/pdf/").status_code == 404
        assert teacher.post(f"/phe-duyet/ho-so/{person.pk}/pdf/").status_code == 404
        token = SignatureRequest.objects.get(account=lc.approver).token
        assert teacher.get(f"/phe-duyet/ky-so/{token}/pdf/").status_code == 404  # the signer's own file only



def test_api_gives_the_signed_pdf_in_scope(lc: Personas, lao_cai, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Needs api/urls.py to include api.v1.approvals.urls before api.v1.urls, whose
    `people/<pk>/dossier/<slug:section>/` would otherwise answer (404, unknown section)."""
    person = lc.person(lc.employee)
    with override_settings(HOSO_SIGNING_DIR=str(tmp_path)):
        devnull = open("/dev/null", "w")  # noqa: SIM115
        call_command("signing_keys_create", "--province", "lao-cai", "--username", lc.approver.username, stdout=devnull)
        call_command("signing_agency_key_create", "--province", "lao-cai", "--unit", str(person.org_unit_id),
                     stdout=devnull)
        approver_token = AuthToken.objects.create(user=lc.approver)[1]
        teacher_token = AuthToken.objects.create(user=lc.teacher)[1]
        api = client_for(lao_cai)
        url = f"/api/v1/people/{person.pk}/dossier/signed-pdf/"
        response = api.get(url, HTTP_AUTHORIZATION=f"Token {approver_token}")
        assert response.status_code == 200 and response.content.startswith(b"%PDF")
        assert len(PdfFileReader(io.BytesIO(response.content)).embedded_signatures) == 2
        assert api.get(url, HTTP_AUTHORIZATION=f"Token {teacher_token}").status_code == 404
