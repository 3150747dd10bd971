"""What each role's home page shows: the person's duties (the same read as /nghia-vu/), and
per role the work waiting for them. One function per role's part; each reads only what the
account may see."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, QuerySet, Window

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


@dataclass(frozen=True)
class HomeDuties:
    shown: Sequence[Obligation]
    count: int


def home_duties(*, user: Account, today: date) -> HomeDuties:
    """The first open duties of `user` (late ones first, then the soonest due: what /nghia-vu/
    lists first) and how many are open, both from one query (the count over the whole list
    rides on each row), so the home page stays the same size however much is owed."""
    duties = duty_list_for_user(user=user, state=DutyState.OPEN, today=today)
    shown = list(duties.annotate(open_total=Window(Count("id")))[:QUEUE_SHOWN])
    return HomeDuties(shown=shown, count=shown[0].open_total if shown else 0)


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
    units: list[UnitMonthStatus]  # the first QUEUE_SHOWN, those still waiting first
    units_count: int
    units_approved: int
    province_window: WindowState
    reports_late: Sequence[ScheduledReport]  # the first QUEUE_SHOWN of reports_late_count
    reports_due: Sequence[ScheduledReport]
    reports_late_count: int
    reports_due_count: int
    last_backup: BackupRun | None
    last_sync: datetime | None
    sync_rejected: int


def _first_with_total(reports: QuerySet[ScheduledReport]) -> tuple[Sequence[ScheduledReport], int]:
    """The first QUEUE_SHOWN reports and how many there are, in one query (the count rides on
    each row)."""
    shown = list(reports.annotate(listed_total=Window(Count("id")))[:QUEUE_SHOWN])
    return shown, (shown[0].listed_total if shown else 0)


def doha_home(*, user: Account, today: date) -> DohaHome | None:
    """The DoHA admin's view of the province; None for anyone else."""
    if not account_is_doha_admin(user):
        return None
    window = approval_window_current(level=ApprovalLevel.PROVINCE, on=today)
    month = window.month if window is not None else today.strftime("%Y-%m")
    units = unit_status_for_month(month=month)
    reports = report_list_for_user(user=user).exclude(state=ReportState.SENT)
    late, late_count = _first_with_total(reports.filter(due__lt=today))
    due, due_count = _first_with_total(reports.filter(due__gte=today, due__lte=today + timedelta(days=REPORTS_AHEAD_DAYS)))
    last_sync = (SyncPacket.objects.filter(status=SyncStatus.ACCEPTED, accepted_at__isnull=False)
                 .order_by("-accepted_at").values_list("accepted_at", flat=True).first())
    return DohaHome(
        headcount=Person.objects.filter(status=PersonStatus.WORKING).count(),
        month=month, units=sorted(units, key=lambda u: u.approved)[:QUEUE_SHOWN], units_count=len(units),
        units_approved=sum(1 for u in units if u.approved),
        province_window=window_state(level=ApprovalLevel.PROVINCE, today=today),
        reports_late=late, reports_late_count=late_count, reports_due=due, reports_due_count=due_count,
        last_backup=(BackupRun.objects.filter(province__schema_name=current_schema_name(), scope=BackupScope.PROVINCE,
                                              status=BackupStatus.OK).order_by("-started_at").first()),
        last_sync=last_sync,
        sync_rejected=SyncPacket.objects.filter(status=SyncStatus.REJECTED).count(),
    )
