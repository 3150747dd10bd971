"""Reading the scheduled reports: each through the reader's roles; missing and forbidden alike."""

from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from core.base.accounts.models import Account
from core.base.errors import NotFoundError
from core.models import Role
from core.permissions import ADMIN_ROLES, account_role_grants
from core.reports.models import ReportState, ScheduledReport

NOT_FOUND = "Không tìm thấy báo cáo."
MAX_ID = 2**63 - 1
# Admins keep the reports of their subtree; the head (approver) reviews and signs them.
REPORT_ROLES = (*ADMIN_ROLES, Role.APPROVER)
REPORT_TITLES = {
    "unit_to_doha": "Báo cáo của cơ quan, đơn vị gửi Sở Nội vụ",
    "doha_to_ministry": "Báo cáo của Sở Nội vụ gửi Bộ Nội vụ",
}


def report_title(report: ScheduledReport) -> str:
    return REPORT_TITLES.get(report.code, report.code)


def report_duty_reference(report_id: int) -> str:
    """How a report's duty (core `Obligation`, kind "report") names its source."""
    return f"report:{report_id}"


def report_visibility_q(user: Account) -> Q:
    """Reports of the units under the account's report roles (the DoHA: all of them)."""
    q = Q(pk__in=[])
    for grant in account_role_grants(user, REPORT_ROLES):
        q |= Q(org_unit__path__startswith=grant.org_unit.path)
    return q


def report_list_for_user(*, user: Account, year: int | None = None, state: str = "") -> QuerySet[ScheduledReport]:
    reports = ScheduledReport.objects.filter(report_visibility_q(user)).select_related("org_unit")
    if year is not None:
        reports = reports.filter(due__year=year)
    if state:
        reports = reports.filter(state=state)
    return reports.order_by("due", "code", "org_unit__path", "id")


def report_get_for_user(*, user: Account, report_id: int) -> ScheduledReport:
    try:
        pk = int(report_id)
    except (TypeError, ValueError):
        pk = 0
    report = (
        report_list_for_user(user=user).select_related("drafted_by", "signed_by", "sent_by").filter(pk=pk).first()
        if 0 < pk <= MAX_ID else None
    )
    if report is None:
        raise NotFoundError(NOT_FOUND)
    return report


def report_overdue_list_for_user(*, user: Account, today: date | None = None) -> QuerySet[ScheduledReport]:
    """Past their due date and not sent, oldest first: what a dashboard warns about."""
    today = today or timezone.localdate()
    return report_list_for_user(user=user).exclude(state=ReportState.SENT).filter(due__lt=today)
