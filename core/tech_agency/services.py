"""The technical agency's writes: its periodic checks, and the maintenance window announced to
the province's users (Sơn La Art. 3.2). Each in one transaction with an audit row."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from core.base.accounts.models import Account
from core.base.audit.services import audit_record
from core.base.dates import DATE_OUT_OF_RANGE, date_in_bounds
from core.base.errors import ApplicationError
from core.tech_agency.models import CheckResult, CheckSubject, TechCheck
from core.tech_agency.selectors import maintenance_notice_rule, tech_access_require
from rules.domain.types import Citation
from tenants.context import province_maintenance_set

MESSAGE_MAX = 500
CHECKED_IN_FUTURE = "Ngày kiểm tra không được sau hôm nay."
NO_SUBJECT = "Chọn ít nhất một nội dung đã kiểm tra."
WRONG_SUBJECT = "Nội dung kiểm tra không hợp lệ."
WRONG_RESULT = "Chọn kết quả kiểm tra."
NOTES_NEEDED = "Kết quả có tồn tại: ghi rõ tồn tại và việc cần khắc phục."
END_BEFORE_START = "Thời điểm kết thúc phải sau thời điểm bắt đầu."
MESSAGE_NEEDED = "Nhập nội dung thông báo bảo trì (tối đa 500 ký tự)."


def tech_check_record(*, acting_user: Account, checked_on: date, subjects: list[str], result: str,
                      notes: str = "") -> TechCheck:
    """Record one periodic check of storage and backups (Tuyên Quang Art. 11.9, Lào Cai Art. 16.7
    and 17.4, Sơn La Art. 14.5): by the technical agency or the DoHA admin."""
    tech_access_require(user=acting_user)
    errors: dict[str, str] = {}
    if not date_in_bounds(checked_on):
        errors["checked_on"] = DATE_OUT_OF_RANGE
    elif checked_on > timezone.localdate():
        errors["checked_on"] = CHECKED_IN_FUTURE
    if not subjects:
        errors["subjects"] = NO_SUBJECT
    elif any(subject not in CheckSubject.values for subject in subjects):
        errors["subjects"] = WRONG_SUBJECT
    if result not in CheckResult.values:
        errors["result"] = WRONG_RESULT
    elif result == CheckResult.ISSUES and not notes.strip():
        errors["notes"] = NOTES_NEEDED
    if errors:
        raise ApplicationError.for_fields(errors)
    ordered = [code for code in CheckSubject.values if code in set(subjects)]
    with transaction.atomic():
        check = TechCheck.objects.create(checked_on=checked_on, subjects=ordered, result=result,
                                         notes=notes.strip(), recorded_by=acting_user)
        audit_record(acting_user=acting_user, action="tech_check.record", target=str(check.pk),
                     detail={"checked_on": checked_on.isoformat(), "subjects": ordered, "result": result})
    return check


def maintenance_announce(*, acting_user: Account, starts_at: datetime, ends_at: datetime, message: str,
                         now: datetime | None = None) -> None:
    """Announce a maintenance pause to the province's users, at least the rule's lead time
    before it starts (`maintenance.notice_hours`; Sơn La Art. 3.2 "có thông báo cụ thể"). From
    now until `ends_at` every page of the province shows it; a new announcement replaces the
    previous one."""
    province = tech_access_require(user=acting_user)
    now = now or timezone.now()
    rule = maintenance_notice_rule(as_of=timezone.localdate(now))
    errors: dict[str, str] = {}
    earliest = now + timedelta(hours=rule.hours)
    if starts_at < earliest:
        errors["starts_at"] = _too_soon(rule.hours, rule.citation, earliest)
    if ends_at <= starts_at:
        errors["ends_at"] = END_BEFORE_START
    if not message.strip() or len(message.strip()) > MESSAGE_MAX:
        errors["message"] = MESSAGE_NEEDED
    if errors:
        raise ApplicationError.for_fields(errors)
    with transaction.atomic():
        province_maintenance_set(province_id=province.pk, announced_at=now, starts_at=starts_at, ends_at=ends_at,
                                 message=message.strip())
        audit_record(acting_user=acting_user, action="maintenance.announce", target=province.code,
                     detail={"starts_at": starts_at.isoformat(), "ends_at": ends_at.isoformat(),
                             "message": message.strip()})


def maintenance_withdraw(*, acting_user: Account) -> None:
    """Withdraw the announcement (the work was called off, or ended early): the banner goes."""
    province = tech_access_require(user=acting_user)
    with transaction.atomic():
        province_maintenance_set(province_id=province.pk, announced_at=None, starts_at=None, ends_at=None,
                                 message="")
        audit_record(acting_user=acting_user, action="maintenance.withdraw", target=province.code)


def _too_soon(hours: int, citation: Citation | None, earliest: datetime) -> str:
    source = (f" ({citation.document}, {citation.article})" if citation is not None
              else " (mặc định của hệ thống: quy chế không nêu số giờ)")
    return (f"Phải thông báo trước ít nhất {hours} giờ{source}: bắt đầu sớm nhất lúc "
            f"{timezone.localtime(earliest):%H:%M %d/%m/%Y}.")
