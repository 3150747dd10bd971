"""A province's life on the platform: suspended (maintenance page), resumed, archived (read-only).

Each change is an operator's action, logged in `public`. Data is never touched."""

from datetime import datetime

from django.db import transaction
from django_tenants.utils import get_public_schema_name

from core.base.accounts.models import Account
from core.base.audit.services import audit_record
from core.base.errors import ApplicationError, NotFoundError
from tenants.models import Province, ProvinceStatus

# Which statuses each action may start from.
_ALLOWED_FROM: dict[str, tuple[str, ...]] = {
    ProvinceStatus.SUSPENDED: (ProvinceStatus.ACTIVE,),
    ProvinceStatus.ACTIVE: (ProvinceStatus.SUSPENDED, ProvinceStatus.ARCHIVED),
    ProvinceStatus.ARCHIVED: (ProvinceStatus.ACTIVE, ProvinceStatus.SUSPENDED),
}
_ACTION = {ProvinceStatus.SUSPENDED: "province.suspend", ProvinceStatus.ACTIVE: "province.resume",
           ProvinceStatus.ARCHIVED: "province.archive"}


def _status_set(*, code: str, status: ProvinceStatus, acting_user: Account | None, reason: str) -> Province:
    with transaction.atomic():
        province = (Province.objects.select_for_update().exclude(schema_name=get_public_schema_name())
                    .filter(code=code).first())
        if province is None:
            raise NotFoundError(f"Không có tỉnh “{code}”.")
        if province.status not in _ALLOWED_FROM[status]:
            raise ApplicationError(
                f"Không thể chuyển tỉnh {province.name} từ “{province.get_status_display()}” "
                f"sang “{status.label}”.", code="status_unchanged" if province.status == status else "status_invalid")
        previous = province.status
        province.status = status
        province.save(update_fields=["status"])
        audit_record(acting_user=acting_user, action=_ACTION[status], target=province.code,
                     detail={"from": previous, "to": str(status), "reason": reason})
    return province


def province_suspend(*, code: str, acting_user: Account | None, reason: str = "") -> Province:
    """Maintenance: the province's host answers with the maintenance page, background work stops."""
    return _status_set(code=code, status=ProvinceStatus.SUSPENDED, acting_user=acting_user, reason=reason)


def province_resume(*, code: str, acting_user: Account | None, reason: str = "") -> Province:
    """Back to normal work, from a suspension or from the archive."""
    return _status_set(code=code, status=ProvinceStatus.ACTIVE, acting_user=acting_user, reason=reason)


def province_archive(*, code: str, acting_user: Account | None, reason: str = "") -> Province:
    """Read-only: pages and API still read, every write is refused (tenants.middleware)."""
    return _status_set(code=code, status=ProvinceStatus.ARCHIVED, acting_user=acting_user, reason=reason)


def province_maintenance_set(*, province_id: int, announced_at: datetime | None, starts_at: datetime | None,
                             ends_at: datetime | None, message: str) -> None:
    """Record the province's announced maintenance window (all None: no window). The rules and
    the audit row are the caller's (core.tech_agency.services); the update makes every process
    forget its host lookups, so the banner shows within a second everywhere."""
    Province.objects.filter(pk=province_id).update(
        maintenance_announced_at=announced_at, maintenance_starts_at=starts_at, maintenance_ends_at=ends_at,
        maintenance_message=message)
