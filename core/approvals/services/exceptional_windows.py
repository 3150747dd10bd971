"""The DoHA opens an exceptional approval window (a unit that missed its window, a level
delayed by an outage), with its reason in the audit log."""

from datetime import date

from django.db import transaction

from core.approvals.models import ApprovalLevel, ExceptionalWindow
from core.base.accounts.models import Account
from core.base.audit.services import audit_record
from core.base.errors import ApplicationError
from core.models import OrgUnit, Role
from core.permissions import role_require

MONTH_FORMAT = "Tháng dữ liệu ghi theo dạng NNNN-TT, ví dụ 2026-12."


def exceptional_window_open(
    *, acting_user: Account, level: str, month: str, opens: date, closes: date, reason: str,
    org_unit: OrgUnit | None = None,
) -> ExceptionalWindow:
    """Only the DoHA (over the whole province) opens one; a province-level window is for the
    whole province, so it names no unit."""
    root = OrgUnit.objects.get(parent__isnull=True)
    role_require(acting_user, roles=[Role.DOHA_ADMIN], org_unit=root)
    fields = {}
    if level not in ApprovalLevel.values:
        fields["level"] = "Chọn cấp phê duyệt."
    if not _month_valid(month):
        fields["month"] = MONTH_FORMAT
    if closes < opens:
        fields["closes"] = "Ngày kết thúc không được trước ngày bắt đầu."
    if not reason.strip():
        fields["reason"] = "Nêu lý do mở thời gian phê duyệt bổ sung."
    if level == ApprovalLevel.PROVINCE and org_unit is not None:
        fields["org_unit"] = "Thời gian phê duyệt của Sở Nội vụ áp dụng cho cả tỉnh, không chọn đơn vị."
    if fields:
        raise ApplicationError.for_fields(fields)
    with transaction.atomic():
        window = ExceptionalWindow.objects.create(level=level, org_unit=org_unit, month=month, opens=opens,
                                                  closes=closes, reason=reason.strip(), opened_by=acting_user)
        audit_record(acting_user=acting_user, action="approval.window_open", target=f"exceptional_window:{window.pk}",
                     detail={"level": level, "org_unit": org_unit.pk if org_unit else None, "month": month,
                             "opens": opens.isoformat(), "closes": closes.isoformat(), "reason": window.reason})
        return window


def _month_valid(month: str) -> bool:
    year, _, number = month.partition("-")
    return len(month) == 7 and year.isdigit() and number.isdigit() and 1 <= int(number) <= 12
