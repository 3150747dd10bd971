"""The signed résumé in two steps, for a person whose signer the server does not hold (their
official-duty token in the browser) or that must wait for them (a remote service): prepare
lays the approver's visible signature into the résumé and keeps the SHA-256 the signer signs;
the raw signature that comes back is assembled into the PDF, which pyHanko must find intact,
valid, trusted by the province and signed by this person before the agency's seal (and the
timestamp, where the province has a TSA) is added and the file kept for them to download. A
refusal keeps nothing and leaves the request open."""

import io
from datetime import date

from cryptography import x509
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from core.approvals.dossier_pdf import AGENCY_FIELD, APPROVER_FIELD, Appearance, pdf_sign
from core.approvals.models import SignaturePurpose, SignatureRequest
from core.approvals.pdf_two_step import PreparedPdf, pdf_finish, pdf_prepare
from core.approvals.selectors import trust_anchors
from core.approvals.services.dossier_export import (
    AUTHORITY_ROLES,
    NO_AGENCY_KEY,
    NO_AUTHORITY,
    SignedDossierPdf,
    _size_mm,
)
from core.approvals.signers import pdf_long_term, seal_signer
from core.approvals.signing import (
    CHANGED_SINCE_PREPARED,
    NOT_THE_SIGNER,
    UNTRUSTED,
    KeySigner,
    certificate_username,
)
from core.base.accounts.models import Account
from core.base.audit.services import audit_record
from core.base.errors import ApplicationError, NotFoundError
from core.permissions import role_require
from core.resumes.pdf import resume_pdf
from core.resumes.selectors import resume_of, resume_source_get_for_user
from core.resumes.stamps import seal_image, signature_image

FOLDER = "ky-so/so-yeu-ly-lich"
NOT_MATCHING = "Chữ ký số không khớp với sơ yếu lý lịch đã chuẩn bị để ký: hãy ký lại."
CERTIFICATE_NEEDED = ("Người ký bằng thiết bị của mình gửi kèm chứng thư số (DER, base64) lấy từ phần mềm ký số "
                      "để chuẩn bị sơ yếu lý lịch.")
CERTIFICATE_MALFORMED = "Chứng thư số không đúng định dạng DER (base64)."
NOT_READY = "Không tìm thấy sơ yếu lý lịch đã ký này (chưa ký xong hoặc không phải của bạn)."


def resume_signature_request(*, acting_user: Account, person_id: int, as_of: date | None = None,
                             certificate_der: bytes | None = None) -> SignatureRequest:
    """Step one for whichever signer the province's rules name for the résumé: the certificate
    the person's token gave (`certificate_der`), or that of the signer the server reaches."""
    from core.approvals.signers import person_signer

    if certificate_der:
        try:
            certificate = x509.load_der_x509_certificate(certificate_der)
        except ValueError:
            raise ApplicationError.for_fields({"certificate": CERTIFICATE_MALFORMED}) from None
    else:
        signer = person_signer(acting_user, "resume")
        if not isinstance(signer, KeySigner):
            raise ApplicationError.for_fields({"certificate": CERTIFICATE_NEEDED})
        certificate = signer.certificate
    return resume_signature_prepare(acting_user=acting_user, person_id=person_id, certificate=certificate,
                                    as_of=as_of)


def resume_signature_prepare(*, acting_user: Account, person_id: int, certificate: x509.Certificate,
                             as_of: date | None = None) -> SignatureRequest:
    """Step one: the résumé of `person_id` (as of `as_of`) with the approver's signature laid out
    for `certificate`; refused now for what signing would refuse (no authority, no seal)."""
    from core.approvals.services.signature_requests import LIFETIME

    source = resume_source_get_for_user(user=acting_user, person_id=person_id, as_of=as_of, purpose="signed_pdf")
    person = source.person
    grant = role_require(acting_user, roles=AUTHORITY_ROLES, org_unit=person.org_unit, message=NO_AUTHORITY)
    if seal_signer(person.org_unit) is None:
        raise ApplicationError(NO_AGENCY_KEY, code="agency_key_missing")
    name = _common_name(certificate) or acting_user.full_name or acting_user.username
    rendered = resume_pdf(resume_of(source, confirmer=name))
    box = rendered.approver_box
    png = signature_image(name=name, position=f"{grant.get_role_display()}, {grant.org_unit.name}",
                          signed_at=timezone.localtime(), size_mm=_size_mm(box.box))
    prepared = pdf_prepare(rendered.content, certificate=certificate, field_name=APPROVER_FIELD,
                           reason=f"Xác nhận sơ yếu lý lịch của {person.full_name}", location=source.context.province,
                           appearance=Appearance(box.page, box.box, png))
    params = {"person_id": person.pk, "as_of": as_of.isoformat() if as_of else None,
              "national_id": person.national_id, "full_name": person.full_name, "version": source.snapshot.get("version"),
              "agency_box": [rendered.agency_box.page, list(rendered.agency_box.box)], "prepared": prepared.to_json()}
    with transaction.atomic():
        request = SignatureRequest.objects.create(
            purpose=SignaturePurpose.RESUME, account=acting_user, params=params, documents=[prepared.to_sign.hex()],
            expires_at=timezone.now() + LIFETIME)
        audit_record(acting_user=acting_user, action="signature.prepare", target=f"signature_request:{request.pk}",
                     detail={"purpose": SignaturePurpose.RESUME, "person": person.pk, "sha256": request.documents})
    return request


def resume_signature_sign(*, acting_user: Account, request: SignatureRequest, signer: KeySigner) -> SignedDossierPdf:
    """Step two with a signer the server reaches: it signs exactly the prepared digest, with
    the certificate the résumé was prepared for."""
    prepared = PreparedPdf.from_json(request.params["prepared"])
    if x509.load_der_x509_certificate(prepared.certificate) != signer.certificate:
        raise ApplicationError(CHANGED_SINCE_PREPARED, code="manifest_changed")
    return resume_signature_finish(acting_user=acting_user, request=request,
                                   signature=signer.sign_digest(prepared.to_sign))


def resume_signature_finish(*, acting_user: Account, request: SignatureRequest, signature: bytes) -> SignedDossierPdf:
    """Assemble, check, seal, keep. Call inside the request's lock (signature_requests)."""
    prepared = PreparedPdf.from_json(request.params["prepared"])
    pdf = pdf_finish(prepared, signature)
    _verify(pdf, acting_user)
    person_id = int(request.params["person_id"])
    source = resume_source_get_for_user(user=acting_user, person_id=person_id, purpose="signed_pdf")
    agency_signer = seal_signer(source.person.org_unit)
    if agency_signer is None:
        raise ApplicationError(NO_AGENCY_KEY, code="agency_key_missing")
    page, box = request.params["agency_box"]
    agency_name = _common_name(getattr(agency_signer, "certificate", None)) or source.person.org_unit.name
    seal = seal_image(agency=agency_name, diameter_mm=_size_mm(tuple(box))[0])
    pdf = pdf_sign(pdf, signer=agency_signer, field_name=AGENCY_FIELD, location=source.context.province,
                   reason=f"{agency_name} xác nhận", appearance=Appearance(int(page), tuple(box), seal),
                   long_term=pdf_long_term())
    as_of = request.params.get("as_of")
    filename = f"so-yeu-ly-lich-{request.params['national_id']}{'-' + as_of.replace('-', '') if as_of else ''}.pdf"
    stored = default_storage.save(f"{FOLDER}/{request.token}.pdf", ContentFile(pdf))
    request.completed_at, request.result = timezone.now(), {"file": stored, "filename": filename}
    request.save(update_fields=["completed_at", "result"])
    audit_record(acting_user=acting_user, action="dossier.signed_pdf", target=f"person:{person_id}",
                 detail={"version": request.params.get("version"), "as_of": as_of, "two_step": True})
    return SignedDossierPdf(filename=filename, content=pdf)


def resume_signed_pdf_get_for_user(*, user: Account, token: str) -> SignedDossierPdf:
    """The résumé `user` signed in two steps; anyone else's, or one not finished, reads as missing."""
    from core.approvals.services.signature_requests import _is_uuid

    request = (SignatureRequest.objects.filter(token=token, account=user, purpose=SignaturePurpose.RESUME,
                                               completed_at__isnull=False).first() if _is_uuid(token) else None)
    if request is None or not request.result.get("file"):
        raise NotFoundError(NOT_READY)
    try:
        with default_storage.open(request.result["file"], "rb") as stored:
            content = stored.read()
    except OSError:
        raise NotFoundError(NOT_READY) from None
    return SignedDossierPdf(filename=str(request.result.get("filename") or "so-yeu-ly-lich.pdf"), content=content)


# --- internals -------------------------------------------------------------------------------


def _common_name(certificate: object) -> str:
    from cryptography.x509.oid import NameOID

    if not isinstance(certificate, x509.Certificate):
        return ""
    names = certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(names[0].value) if names else ""


def _verify(pdf: bytes, acting_user: Account) -> None:
    """pyHanko's verdict on the approver's signature, against the province's trusted CAs."""
    from asn1crypto import crl as asn1_crl
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives import serialization
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import async_validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    from core.approvals.pdf_two_step import _run

    anchors = trust_anchors()
    der = serialization.Encoding.DER
    context = ValidationContext(
        trust_roots=[asn1_x509.Certificate.load(a.certificate.public_bytes(der)) for a in anchors],
        crls=[asn1_crl.CertificateList.load(a.crl.public_bytes(der)) for a in anchors if a.crl is not None],
        allow_fetching=False, revocation_mode="soft-fail")
    [signature] = PdfFileReader(io.BytesIO(pdf)).embedded_signatures

    status = _run(async_validate_pdf_signature(signature, context))
    if not (status.intact and status.valid):
        raise ApplicationError(NOT_MATCHING, code="signature_invalid")
    if not status.trusted:
        raise ApplicationError(UNTRUSTED, code="certificate_untrusted")
    certificate = x509.load_der_x509_certificate(status.signing_cert.dump())
    if certificate_username(certificate) != acting_user.username:
        raise ApplicationError(NOT_THE_SIGNER.format(username=acting_user.username), code="certificate_not_signer")
