"""The résumés of a unit in bulk: one ZIP of PDFs on the official forms (the copies that certify
nothing, as the DOCX: a signed original is asked for one person at a time), built in the
background by a Celery task with its progress kept on the batch, for the person who asked and
only within their scope, downloadable until the batch expires (`HOSO_RESUME_BATCH_HOURS`, a
setting, default 24 hours). Each dossier read is logged like any other; the start and the
download are audited."""

import io
import zipfile
from datetime import date, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from core.approvals.models import ResumeBatch, ResumeBatchState
from core.base.accounts.models import Account
from core.base.audit.services import audit_record
from core.base.errors import ApplicationError, NotFoundError, PermissionDeniedError
from core.models import OrgUnit, Person, PersonStatus, Role
from core.permissions import role_require
from core.resumes.pdf import resume_pdf
from core.resumes.selectors import resume_of, resume_source_get_for_user

ROLES = (Role.DOHA_ADMIN, Role.AGENCY_ADMIN, Role.SUBUNIT_ADMIN, Role.UNIT_OFFICER, Role.APPROVER)
UNIT_NOT_FOUND = "Không tìm thấy cơ quan, đơn vị này trong phạm vi bạn quản lý."
BATCH_NOT_FOUND = "Không tìm thấy bản sơ yếu lý lịch hàng loạt này (đã hết hạn tải hoặc không phải của bạn)."
NOBODY = "Cơ quan, đơn vị này chưa có hồ sơ nào."
FOLDER = "so-yeu-ly-lich/hang-loat"
PROGRESS_EVERY = 5


def resume_batch_hours() -> int:
    return int(getattr(settings, "HOSO_RESUME_BATCH_HOURS", 24))


def resume_batch_units_for_user(*, user: Account) -> list[OrgUnit]:
    """The units whose résumés `user` may ask for in bulk: those under their grants."""
    from functools import reduce
    from operator import or_

    from django.db.models import Q

    from core.permissions import account_role_grants

    grants = list(account_role_grants(user, ROLES))
    if not grants:
        return []
    scope = reduce(or_, (Q(path__startswith=grant.org_unit.path) for grant in grants))
    return list(OrgUnit.objects.filter(scope).order_by("path")[:500])


def resume_batch_start(*, acting_user: Account, org_unit_id: int, as_of: date | None = None) -> ResumeBatch:
    """Queue the ZIP of the résumés of everyone in `org_unit_id` and below; a unit outside the
    person's scope reads as missing."""
    unit = OrgUnit.objects.filter(pk=org_unit_id).first()
    if unit is None:
        raise NotFoundError(UNIT_NOT_FOUND)
    try:
        role_require(acting_user, roles=ROLES, org_unit=unit, message=UNIT_NOT_FOUND)
    except PermissionDeniedError:
        raise NotFoundError(UNIT_NOT_FOUND) from None
    total = _people(unit).count()
    if total == 0:
        raise ApplicationError.for_fields({"org_unit": NOBODY}, NOBODY)
    with transaction.atomic():
        batch = ResumeBatch.objects.create(account=acting_user, org_unit=unit, as_of=as_of, total=total,
                                           expires_at=timezone.now() + timedelta(hours=resume_batch_hours()))
        audit_record(acting_user=acting_user, action="resume.batch_start", target=f"org_unit:{unit.pk}",
                     detail={"batch": batch.pk, "people": total, "as_of": as_of.isoformat() if as_of else None})
        transaction.on_commit(lambda: _queue(batch.pk))
    return batch


def resume_batch_build(*, batch_id: int) -> ResumeBatch:
    """What the task does: each person's résumé (read through the asker's scope, as of the
    batch's date), into one ZIP kept in the province's storage; progress saved as it goes."""
    batch = ResumeBatch.objects.select_related("account", "org_unit").get(pk=batch_id)
    if batch.state != ResumeBatchState.QUEUED:
        return batch
    batch.state = ResumeBatchState.RUNNING
    batch.save(update_fields=["state"])
    buffer = io.BytesIO()
    skipped = []
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, person in enumerate(_people(batch.org_unit).only("pk", "national_id"), start=1):
            try:
                source = resume_source_get_for_user(user=batch.account, person_id=person.pk, as_of=batch.as_of,
                                                    purpose="resume_batch")
                archive.writestr(f"so-yeu-ly-lich-{person.national_id}.pdf", resume_pdf(resume_of(source)).content)
            except ApplicationError as error:  # no version yet on that date, out of scope since
                skipped.append(f"{person.national_id}: {error.message}")
            if index % PROGRESS_EVERY == 0:
                ResumeBatch.objects.filter(pk=batch.pk).update(done=index)
        if skipped:
            archive.writestr("khong-tao-duoc.txt", "\n".join(skipped) + "\n")
    batch.file = default_storage.save(f"{FOLDER}/{batch.pk}.zip", ContentFile(buffer.getvalue()))
    batch.done, batch.state = batch.total, ResumeBatchState.READY
    batch.save(update_fields=["file", "done", "state"])
    return batch


def resume_batch_get_for_user(*, user: Account, batch_id: int) -> ResumeBatch:
    """The user's own batch, while it may still be downloaded; anyone else's reads as missing."""
    batch = ResumeBatch.objects.filter(pk=batch_id, account=user, expires_at__gt=timezone.now()).first()
    if batch is None:
        raise NotFoundError(BATCH_NOT_FOUND)
    return batch


def resume_batch_download(*, acting_user: Account, batch_id: int) -> tuple[str, bytes]:
    batch = resume_batch_get_for_user(user=acting_user, batch_id=batch_id)
    if batch.state != ResumeBatchState.READY or not batch.file:
        raise NotFoundError(BATCH_NOT_FOUND)
    with default_storage.open(batch.file, "rb") as stored:
        content = stored.read()
    audit_record(acting_user=acting_user, action="resume.batch_download", target=f"org_unit:{batch.org_unit_id}",
                 detail={"batch": batch.pk})
    suffix = f"-{batch.as_of:%Y%m%d}" if batch.as_of else ""
    return f"so-yeu-ly-lich-don-vi-{batch.org_unit_id}{suffix}.zip", content


# --- internals -------------------------------------------------------------------------------


def _people(unit: OrgUnit):  # type: ignore[no-untyped-def]
    return Person.objects.filter(org_unit__path__startswith=unit.path, status=PersonStatus.WORKING).order_by(
        "national_id")


def _queue(batch_id: int) -> None:
    from core.approvals.tasks import resume_batch_build_task

    resume_batch_build_task.delay(batch_id)
