"""The signed résumé export: a person's dossier, read through the reader's scope, as a PDF
signed by the person with authority (approver, or the DoHA) and then sealed by the agency.

Missing and forbidden read alike (NotFoundError, a 404). A reader who may see the dossier but
holds no authority over the person (the person, a consent holder, a unit officer) is refused
(PermissionDeniedError): the export certifies the dossier, a plain read does not.
"""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from core.approvals.dossier_pdf import (
    AGENCY_FIELD,
    APPROVER_FIELD,
    Appearance,
    certificate_name,
    pdf_sign,
)
from core.approvals.signers import pdf_long_term, seal_signer
from core.approvals.signing import Signer
from core.base.accounts.models import Account
from core.base.audit.services import audit_record
from core.base.errors import ApplicationError, PermissionDeniedError
from core.models import Role
from core.permissions import role_require
from core.resumes.pdf import resume_pdf
from core.resumes.selectors import resume_of, resume_source_get_for_user
from core.resumes.stamps import seal_image, signature_image

AUTHORITY_ROLES = (Role.APPROVER, Role.DOHA_ADMIN)
NO_AUTHORITY = "Chỉ thủ trưởng (người được ủy quyền phê duyệt) của cơ quan, đơn vị mới ký xác nhận sơ yếu lý lịch."
NO_PERSONAL_KEY = "Bạn chưa có chữ ký số dùng được để ký sơ yếu lý lịch: liên hệ quản trị Sở Nội vụ để được cấp."
NO_AGENCY_KEY = "Cơ quan, đơn vị của người này chưa có chữ ký số (con dấu) của cơ quan: liên hệ quản trị Sở Nội vụ."
PDF_TYPE = "application/pdf"


@dataclass(frozen=True)
class SignedDossierPdf:
    filename: str
    content: bytes


def dossier_signed_pdf_export(
    *, acting_user: Account, person_id: int, signer: Signer | None, agency_signer: Signer | None = None,
    as_of: date | None = None,
) -> SignedDossierPdf:
    """The résumé of `person_id` on its official form (as of `as_of`, from the dossier's
    versions, or as it stands), signed by `signer` (the acting user's key) and then by the
    agency's seal (`agency_signer`, or the one found in the key store), both visibly."""
    source = resume_source_get_for_user(user=acting_user, person_id=person_id, as_of=as_of, purpose="signed_pdf")
    person = source.person
    grant = role_require(acting_user, roles=AUTHORITY_ROLES, org_unit=person.org_unit, message=NO_AUTHORITY)
    if signer is None:
        raise PermissionDeniedError(NO_PERSONAL_KEY)
    agency_signer = agency_signer or seal_signer(person.org_unit)
    if agency_signer is None:
        raise ApplicationError(NO_AGENCY_KEY, code="agency_key_missing")
    province = source.context.province
    approver_name = certificate_name(signer) or acting_user.full_name or acting_user.username
    agency_name = certificate_name(agency_signer) or person.org_unit.name
    rendered = resume_pdf(resume_of(source, confirmer=approver_name))
    signed_at = timezone.localtime()
    approver_box, agency_box = rendered.approver_box, rendered.agency_box
    long_term = pdf_long_term()
    approver_png = signature_image(name=approver_name, position=f"{grant.get_role_display()}, {grant.org_unit.name}",
                                   signed_at=signed_at, size_mm=_size_mm(approver_box.box))
    seal_png = seal_image(agency=agency_name, diameter_mm=_size_mm(agency_box.box)[0])
    pdf = pdf_sign(rendered.content, signer=signer, field_name=APPROVER_FIELD, location=province,
                   reason=f"Xác nhận sơ yếu lý lịch của {person.full_name}",
                   appearance=Appearance(approver_box.page, approver_box.box, approver_png), long_term=long_term)
    pdf = pdf_sign(pdf, signer=agency_signer, field_name=AGENCY_FIELD, location=province,
                   reason=f"{agency_name} xác nhận",
                   appearance=Appearance(agency_box.page, agency_box.box, seal_png), long_term=long_term)
    audit_record(acting_user=acting_user, action="dossier.signed_pdf", target=f"person:{person.pk}",
                 detail={"version": source.snapshot.get("version"),
                         "as_of": as_of.isoformat() if as_of else None})
    suffix = f"-{as_of:%Y%m%d}" if as_of else ""
    return SignedDossierPdf(filename=f"so-yeu-ly-lich-{person.national_id}{suffix}.pdf", content=pdf)


def _size_mm(box: tuple[int, int, int, int]) -> tuple[float, float]:
    x1, y1, x2, y2 = box
    return (x2 - x1) * 25.4 / 72, (y2 - y1) * 25.4 / 72
