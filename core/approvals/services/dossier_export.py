"""The signed résumé export: a person's dossier, read through the reader's scope, as a PDF
signed by the person with authority (approver, or the DoHA) and then sealed by the agency.

Missing and forbidden read alike (NotFoundError, a 404). A reader who may see the dossier but
holds no authority over the person (the person, a consent holder, a unit officer) is refused
(PermissionDeniedError): the export certifies the dossier, a plain read does not.
"""

from dataclasses import dataclass
from pathlib import Path

from django.db import connection
from django.utils import timezone

from core.approvals.dossier_pdf import (
    AGENCY_FIELD,
    APPROVER_FIELD,
    ResumeHeader,
    certificate_name,
    pdf_sign,
    resume_pdf_render,
)
from core.approvals.key_store import key_store_folder
from core.approvals.signing import Signer, SoftwareSigner
from core.base.accounts.models import Account
from core.base.audit.services import audit_record
from core.base.errors import ApplicationError, PermissionDeniedError
from core.models import Role
from core.permissions import role_require
from core.selectors.people import dossier_get_for_user

AUTHORITY_ROLES = (Role.APPROVER, Role.DOHA_ADMIN)
NO_AUTHORITY = "Chỉ thủ trưởng (người được ủy quyền phê duyệt) của cơ quan, đơn vị mới ký xác nhận sơ yếu lý lịch."
NO_PERSONAL_KEY = "Chưa có chữ ký số của bạn trên máy chủ này (xem infra/signing.md)."
NO_AGENCY_KEY = "Cơ quan, đơn vị của người này chưa có chữ ký số của cơ quan trên máy chủ (xem infra/signing.md)."
PDF_TYPE = "application/pdf"


@dataclass(frozen=True)
class SignedDossierPdf:
    filename: str
    content: bytes


def agency_key_name(org_unit_id: int) -> str:
    """The file stem of an agency's seal in the key store: `co-quan-<id>.key.pem`, `.pem`."""
    return f"co-quan-{org_unit_id}"


def agency_signer_for_unit(path: str, schema_name: str | None = None) -> Signer | None:
    """The seal of the nearest unit, from the person's unit up to the root (`path` is the
    unit's "/1/4/9/"), that has one in the province's key store."""
    folder = key_store_folder(schema_name)
    for unit_id in reversed([part for part in path.strip("/").split("/") if part]):
        stem = folder / agency_key_name(int(unit_id))
        key, cert = Path(f"{stem}.key.pem"), Path(f"{stem}.pem")
        if key.exists() and cert.exists():
            return SoftwareSigner.from_pem(key, cert)
    return None


def dossier_signed_pdf_export(
    *, acting_user: Account, person_id: int, signer: Signer | None, agency_signer: Signer | None = None,
) -> SignedDossierPdf:
    """The résumé of `person_id` as PDF, signed by `signer` (the acting user's key) and then by
    the agency's seal (`agency_signer`, or the one found in the key store)."""
    dossier = dossier_get_for_user(user=acting_user, person_id=person_id, purpose="signed_pdf")
    person = dossier.person
    role_require(acting_user, roles=AUTHORITY_ROLES, org_unit=person.org_unit, message=NO_AUTHORITY)
    if signer is None:
        raise PermissionDeniedError(NO_PERSONAL_KEY)
    agency_signer = agency_signer or agency_signer_for_unit(person.org_unit.path)
    if agency_signer is None:
        raise ApplicationError(NO_AGENCY_KEY, code="agency_key_missing")
    tenant = getattr(connection, "tenant", None)
    province = str(getattr(tenant, "official_name", "") or getattr(tenant, "name", ""))
    approver_name = certificate_name(signer) or acting_user.full_name or acting_user.username
    agency_name = certificate_name(agency_signer) or person.org_unit.name
    header = ResumeHeader(province=province, org_unit=person.org_unit.name, approver=approver_name,
                          agency=agency_name, made_at=timezone.localtime())
    pdf = resume_pdf_render(dossier.content, header)
    pdf = pdf_sign(pdf, signer=signer, field_name=APPROVER_FIELD, location=province,
                   reason=f"Xác nhận sơ yếu lý lịch của {person.full_name}")
    pdf = pdf_sign(pdf, signer=agency_signer, field_name=AGENCY_FIELD, location=province,
                   reason=f"{agency_name} xác nhận")
    audit_record(acting_user=acting_user, action="dossier.signed_pdf", target=f"person:{person.pk}",
                 detail={"version": dossier.content.get("version")})
    return SignedDossierPdf(filename=f"so-yeu-ly-lich-{person.national_id}.pdf", content=pdf)
