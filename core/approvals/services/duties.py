"""The monthly approvals as tracked duties (core `Obligation`), kept by the daily run.

While the regulation's unit window is open, each unit with reviewed change sets waiting owes
its approval by the window's last day (TT06 Art. 7.1; the province's window rule); while the
province window is open and units have approved its month, the DoHA owes the province's
approval. An approval closes its duty, and so does the run once a unit has nothing left
waiting (a duty missed stays late until then). The first run inside a window tells its
approvers, once each, that it is open.
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.urls import NoReverseMatch, reverse

from core.approvals.models import ApprovalLevel, ApprovalStatus, MonthlyApproval
from core.approvals.selectors import approval_waiting_by_unit
from core.approvals.windows import LEVEL_OWNER, approval_window_current, vn_date
from core.base.accounts.models import Account
from core.base.audit.services import audit_record
from core.models import Obligation, ObligationKind, OrgUnit, Role, RoleGrant
from core.services.obligations import obligation_citation, obligations_close, obligations_ensure
from core.transfers.services.notifications import announcements_send
from rules.domain.compute import WindowDate

WINDOW_OPEN = "Đã mở thời gian phê duyệt dữ liệu tháng {month}: từ {opens} đến {closes}"
WINDOW_OPEN_BODY = ("{title}.\nThời gian phê duyệt của {owner} theo quy chế của tỉnh; căn cứ: {citation}.\n"
                    "Sau ngày {closes}, dữ liệu chưa phê duyệt được nhắc là quá hạn.")
# Who approves at each level, and so is told when its window opens.
LEVEL_APPROVERS: dict[str, str] = {ApprovalLevel.UNIT: Role.APPROVER, ApprovalLevel.PROVINCE: Role.DOHA_ADMIN}


@dataclass(frozen=True)
class ApprovalDutiesResult:
    opened: int
    closed: int
    announced: int


def unit_approval_reference(*, org_unit_id: int, month: str) -> str:
    return f"approval:unit:{org_unit_id}:{month}"


def province_approval_reference(*, month: str) -> str:
    return f"approval:province:{month}"


def approval_duties_ensure(*, today: date) -> ApprovalDutiesResult:
    """The daily run's part: open the duties of the windows open today, close those settled,
    and announce the windows; running it again the same day changes nothing."""
    with transaction.atomic():
        unit_window = _open_window(ApprovalLevel.UNIT, today)
        province_window = _open_window(ApprovalLevel.PROVINCE, today)
        opened = _unit_duties_open(unit_window) + _province_duty_open(province_window)
        closed = approval_duties_settle()
        announced = sum(_window_announce(window) for window in (unit_window, province_window) if window)
        if opened or closed or announced:
            audit_record(acting_user=None, action="approval.duties", detail={
                "today": today.isoformat(), "opened": opened, "closed": closed, "announced": announced})
    return ApprovalDutiesResult(opened=opened, closed=closed, announced=announced)


def approval_duties_settle() -> int:
    """Close the unit duties of units with nothing left waiting, and the DoHA's duties of months
    with no unit approval left to take up. Called inside the caller's transaction (an approval,
    or the daily run); how many were closed."""
    waiting = approval_waiting_by_unit()
    closed = obligations_close(Obligation.objects.filter(kind=ObligationKind.UNIT_APPROVAL)
                               .exclude(org_unit_id__in=list(waiting)))
    months = set(MonthlyApproval.objects.filter(level=ApprovalLevel.UNIT, status=ApprovalStatus.UNIT_APPROVED)
                 .values_list("month", flat=True))
    closed += obligations_close(Obligation.objects.filter(kind=ObligationKind.PROVINCE_APPROVAL).exclude(
        reference__in=[province_approval_reference(month=m) for m in months]))
    return closed


def _open_window(level: str, today: date) -> WindowDate | None:
    """The regulation's window at `level` if `today` falls in it."""
    window = approval_window_current(level=level, on=today)
    return window if window is not None and window.opens <= today <= window.closes else None


def _unit_duties_open(window: WindowDate | None) -> int:
    if window is None:
        return 0
    return len(obligations_ensure(
        _duty(ObligationKind.UNIT_APPROVAL, window, waiting.org_unit,
              unit_approval_reference(org_unit_id=waiting.org_unit.pk, month=window.month))
        for waiting in approval_waiting_by_unit().values()))


def _province_duty_open(window: WindowDate | None) -> int:
    if window is None or not MonthlyApproval.objects.filter(
            level=ApprovalLevel.UNIT, month=window.month, status=ApprovalStatus.UNIT_APPROVED).exists():
        return 0
    root = OrgUnit.objects.get(parent__isnull=True)
    return len(obligations_ensure([
        _duty(ObligationKind.PROVINCE_APPROVAL, window, root, province_approval_reference(month=window.month))]))


def _duty(kind: str, window: WindowDate, unit: OrgUnit, reference: str) -> Obligation:
    """Owed by `unit` from the window's first day to its last (the window's own rule cited)."""
    month = _month_label(window.month)
    subject = f"Dữ liệu tháng {month}" + (f" ({unit.name})" if unit.parent_id is not None else " của toàn tỉnh")
    return Obligation(kind=kind, reference=reference, org_unit=unit, event_date=window.opens, due=window.closes,
                      citation=_citation(window), subject=subject[:300])


def _window_announce(window: WindowDate) -> int:
    """Tell the window's approvers it is open: each account once per level and month."""
    grants = RoleGrant.objects.filter(role=LEVEL_APPROVERS[window.level], revoked_at__isnull=True,
                                      account__is_active=True).select_related("account").order_by("account_id")
    accounts: list[Account] = list({g.account_id: g.account for g in grants}.values())
    title = WINDOW_OPEN.format(month=_month_label(window.month), opens=vn_date(window.opens),
                               closes=vn_date(window.closes))
    body = WINDOW_OPEN_BODY.format(title=title, owner=LEVEL_OWNER[ApprovalLevel(window.level)],
                                   citation=_citation(window) or "quy chế của tỉnh", closes=vn_date(window.closes))
    return announcements_send(key=f"approval-window:{window.level}:{window.month}", accounts=accounts,
                              title=title, body=body, link=_approvals_link())


def _citation(window: WindowDate) -> str:
    cited = window.citation
    return obligation_citation(article=cited.article, document=cited.document) if cited is not None else ""


def _month_label(month: str) -> str:
    """"2026-11" → "11/2026"."""
    year, _, number = month.partition("-")
    return f"{number}/{year}"


def _approvals_link() -> str:
    try:
        return reverse("frontend:approvals:home")
    except NoReverseMatch:  # pages not mounted (the worker of a deployment without them)
        return ""

