"""What each role's home page shows: the person's duties (the same read as /nghia-vu/), and
per role the work waiting for them. One function per role's part; each reads only what the
account may see."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import QuerySet

from core.approvals.models import ApprovalLevel, SyncPacket, SyncStatus
from core.approvals.selectors import (
    UnitMonthStatus,
    approval_candidates_for_user,
    unit_status_for_month,
)
from core.approvals.windows import approval_window_current, exceptional_window_covering, vn_date
from core.backups.models import BackupRun, BackupScope, BackupStatus
from core.base.accounts.models import Account
from core.models import ChangeSet, Obligation, OrgUnit, Person, PersonStatus
from core.permissions import account_is_doha_admin
from core.reports.models import ReportState, ScheduledReport
from core.reports.selectors.scheduled import report_list_for_user
from core.selectors.change_sets import change_set_queue_for_user
from core.transfers.selectors import DutyState, duty_list_for_user
from tenants.context import current_schema_name

QUEUE_SHOWN = 10
REPORTS_AHEAD_DAYS = 45


def home_duties(*, user: Account, today: date) -> list[Obligation]:
    """The open duties of `user`, late ones included: exactly what /nghia-vu/ lists first."""
    return list(duty_list_for_user(user=user, state=DutyState.OPEN, today=today)[:200])


@dataclass(frozen=True)
class WindowState:
    """Where a level's approval window stands today, in words."""

    text: str
    open: bool


def window_state(*, level: str, today: date, org_unit: OrgUnit | None = None) -> WindowState:
    regular = approval_window_current(level=level, on=today)
    if regular is not None and regular.opens <= today <= regular.closes:
        return WindowState(f"Đang trong thời gian phê duyệt dữ liệu tháng {regular.month}: "
                           f"từ {vn_date(regular.opens)} đến {vn_date(regular.closes)}.", True)
    special = exceptional_window_covering(level=level, on=today, org_unit=org_unit)
    if special is not None:
        return WindowState(f"Đang mở đợt phê duyệt bổ sung dữ liệu tháng {special.month}: "
                           f"từ {vn_date(special.opens)} đến {vn_date(special.closes)}.", True)
    if regular is None:
        return WindowState("Quy chế của tỉnh chưa quy định thời gian phê duyệt.", False)
    return WindowState(f"Ngoài thời gian phê duyệt. Lần phê duyệt tiếp theo: từ {vn_date(regular.opens)} "
                       f"đến {vn_date(regular.closes)}.", False)


@dataclass(frozen=True)
class ApproverHome:
    waiting: list[ChangeSet]
    waiting_count: int
    window: WindowState


def approver_home(*, user: Account, today: date) -> ApproverHome:
    """The reviewed change sets waiting for the approver's signature, and the unit window."""
    waiting = approval_candidates_for_user(user=user)
    return ApproverHome(waiting=list(waiting[:QUEUE_SHOWN]), waiting_count=waiting.count(),
                        window=window_state(level=ApprovalLevel.UNIT, today=today))


@dataclass(frozen=True)
class OfficerHome:
    queue: list[ChangeSet]
    queue_count: int


def officer_home(*, user: Account) -> OfficerHome:
    """The first submitted change sets waiting for the officer's review."""
    queue: QuerySet[ChangeSet] = change_set_queue_for_user(user=user)
    return OfficerHome(queue=list(queue[:QUEUE_SHOWN]), queue_count=queue.count())


@dataclass(frozen=True)
class DohaHome:
    """The province at a glance."""

    headcount: int
    month: str
    units: list[UnitMonthStatus]
    units_approved: int
    province_window: WindowState
    reports_late: list[ScheduledReport]
    reports_due: list[ScheduledReport]
    last_backup: BackupRun | None
    last_sync: datetime | None
    sync_rejected: int


def doha_home(*, user: Account, today: date) -> DohaHome | None:
    """The DoHA admin's view of the province; None for anyone else."""
    if not account_is_doha_admin(user):
        return None
    window = approval_window_current(level=ApprovalLevel.PROVINCE, on=today)
    month = window.month if window is not None else today.strftime("%Y-%m")
    units = unit_status_for_month(month=month)
    reports = report_list_for_user(user=user).exclude(state=ReportState.SENT)
    last_sync = (SyncPacket.objects.filter(status=SyncStatus.ACCEPTED, accepted_at__isnull=False)
                 .order_by("-accepted_at").values_list("accepted_at", flat=True).first())
    return DohaHome(
        headcount=Person.objects.filter(status=PersonStatus.WORKING).count(),
        month=month, units=units, units_approved=sum(1 for u in units if u.approved),
        province_window=window_state(level=ApprovalLevel.PROVINCE, today=today),
        reports_late=list(reports.filter(due__lt=today)[:QUEUE_SHOWN]),
        reports_due=list(reports.filter(due__gte=today, due__lte=date.fromordinal(today.toordinal() + REPORTS_AHEAD_DAYS))
                         [:QUEUE_SHOWN]),
        last_backup=(BackupRun.objects.filter(province__schema_name=current_schema_name(), scope=BackupScope.PROVINCE,
                                              status=BackupStatus.OK).order_by("-started_at").first()),
        last_sync=last_sync,
        sync_rejected=SyncPacket.objects.filter(status=SyncStatus.REJECTED).count(),
    )
