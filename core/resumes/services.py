"""Exports of the résumé that certify nothing: the editable DOCX copy. (The signed PDF, the
original, is core.approvals.services.dossier_export.)"""

from dataclasses import dataclass
from datetime import date

from core.base.accounts.models import Account
from core.base.audit.services import audit_record
from core.resumes.selectors import resume_of, resume_source_get_for_user
from core.resumes.word import DOCX_TYPE, resume_docx


@dataclass(frozen=True)
class ResumeFile:
    filename: str
    content_type: str
    content: bytes


def resume_docx_export(*, acting_user: Account, person_id: int, as_of: date | None = None) -> ResumeFile:
    """The résumé of a dossier `acting_user` may read, as DOCX, now or as of a date; the read
    is logged like any dossier read and the export audited."""
    source = resume_source_get_for_user(user=acting_user, person_id=person_id, as_of=as_of, purpose="resume_docx")
    content = resume_docx(resume_of(source))
    audit_record(acting_user=acting_user, action="dossier.resume_docx", target=f"person:{source.person.pk}",
                 detail={"version": source.snapshot.get("version"), "as_of": as_of.isoformat() if as_of else None})
    suffix = f"-{as_of:%Y%m%d}" if as_of else ""
    return ResumeFile(filename=f"so-yeu-ly-lich-{source.person.national_id}{suffix}.docx", content_type=DOCX_TYPE,
                      content=content)
