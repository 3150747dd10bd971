"""Reading transfers, duties and notifications, always through the reader's scope; missing
and forbidden answer alike (NotFoundError)."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from core.approvals.models import ApprovalLevel
from core.approvals.selectors import unit_status_for_month
from core.approvals.windows import approval_window_current
from core.base.accounts.models import Account
from core.base.errors import NotFoundError
from core.models import (
    Obligation,
    ObligationKind,
    ObligationState,
    OrgUnit,
    Person,
    PersonStatus,
    Role,
    RoleGrant,
)
from core.permissions import (
    ADMIN_ROLES,
    REVIEW_ROLES,
    VIEW_ROLES,
    account_is_doha_admin,
    account_role_grants,
    person_visibility_q,
)
from core.reports.selectors.scheduled import report_overdue_list_for_user
from core.resumes.incomplete import incomplete_dossier_unit_paths
from core.transfers.models import DutyKind, Notification, Transfer
from tenants.context import replica_reads

NOT_FOUND = "Không tìm thấy."
BIGINT_MAX = 2**63 - 1
# Duties a unit owes, and the roles that act on them for the unit.
UNIT_DUTY_ROLES: dict[str, tuple[str, ...]] = {
    DutyKind.UNIT_REVIEW: REVIEW_ROLES,
    DutyKind.MOVE_WITHIN_UNIT: ADMIN_ROLES,
    DutyKind.HANDOVER: ADMIN_ROLES,
    DutyKind.TAKE_OVER: ADMIN_ROLES,
    DutyKind.DOHA_REQUEST: ADMIN_ROLES,
    DutyKind.LEAVE: ADMIN_ROLES,
    DutyKind.DOHA_SYNC: (Role.DOHA_ADMIN,),
    # A unit's admins keep its scheduled reports (its head signs them, and hears once late).
    DutyKind.REPORT: ADMIN_ROLES,
    DutyKind.UNIT_APPROVAL: (Role.APPROVER,),
    DutyKind.PROVINCE_APPROVAL: (Role.DOHA_ADMIN,),
    DutyKind.BACKUP: (Role.DOHA_ADMIN,),
    # Career events (core.careers): the person's unit's admins prepare them.
    DutyKind.RETIREMENT_NOTICE: ADMIN_ROLES,
    DutyKind.RETIREMENT_DECISION: ADMIN_ROLES,
    DutyKind.SALARY_RAISE: ADMIN_ROLES,
    DutyKind.OVER_FRAME: ADMIN_ROLES,
    DutyKind.TERM_END: ADMIN_ROLES,
    # Personal data protection (core.privacy): the unit answers its people's requests; the
    # DoHA notifies a breach to the authority.
    DutyKind.PRIVACY_REQUEST: (*ADMIN_ROLES, *REVIEW_ROLES),
    DutyKind.BREACH_NOTICE: (Role.DOHA_ADMIN,),
}


class DutyState:
    """What a duty is now: core stores open or done; an open duty past its due date is late."""

    OPEN, DONE, LATE = "open", "done", "late"
    LABELS = {OPEN: "Đang mở", DONE: "Đã thực hiện", LATE: "Quá hạn"}
    CHOICES = list(LABELS.items())


def duty_state(duty: Obligation, *, today: date | None = None) -> str:
    if duty.state == ObligationState.DONE:
        return DutyState.DONE
    today = today or timezone.localdate()
    return DutyState.LATE if duty.due is not None and duty.due < today else DutyState.OPEN


def duty_kind_label(kind: str) -> str:
    return ObligationKind(kind).label if kind in ObligationKind.values else kind


def duty_owed_q(user: Account) -> Q:
    """The duties `user` owes: their own, and those of the units where a role of theirs acts."""
    q = Q(account_id=user.pk) if user.is_authenticated else Q(pk__in=[])
    grants = account_role_grants(user, roles=VIEW_ROLES)
    for kind, roles in UNIT_DUTY_ROLES.items():
        for grant in (g for g in grants if g.role in roles):
            q |= Q(kind=kind, account__isnull=True, org_unit__path__startswith=grant.org_unit.path)
    return q


def duty_list_for_user(*, user: Account, state: str = DutyState.OPEN, today: date | None = None) -> QuerySet[Obligation]:
    """Everything `user` owes in `state` ("open" includes the late ones; "all"), soonest first."""
    today = today or timezone.localdate()
    duties = Obligation.objects.filter(duty_owed_q(user))
    if state == DutyState.OPEN:
        duties = duties.filter(state=ObligationState.OPEN)
    elif state == DutyState.LATE:
        duties = duties.filter(state=ObligationState.OPEN, due__lt=today)
    elif state == DutyState.DONE:
        duties = duties.filter(state=ObligationState.DONE)
    return duties.select_related("person", "org_unit").order_by("due", "id")


def transfer_list_for_user(*, user: Account) -> QuerySet[Transfer]:
    """Transfers from or to the units in `user`'s roles, and the user's own."""
    q = Q(person__account_id=user.pk) if user.is_authenticated else Q(pk__in=[])
    for grant in account_role_grants(user, roles=VIEW_ROLES):
        if grant.org_unit.parent_id is None:
            q = Q()
            break
        q |= Q(from_unit__path__startswith=grant.org_unit.path) | Q(to_unit__path__startswith=grant.org_unit.path)
    return Transfer.objects.filter(q).select_related("person", "from_unit", "to_unit").order_by("-started_at", "-id")


def transfer_get_for_user(*, user: Account, transfer_id: int) -> Transfer:
    transfer = transfer_list_for_user(user=user).filter(pk=transfer_id).first() if _id_ok(transfer_id) else None
    if transfer is None:
        raise NotFoundError(NOT_FOUND)
    return transfer


def notification_list_for_user(*, user: Account, unread: bool = False) -> QuerySet[Notification]:
    notifications = Notification.objects.filter(account_id=user.pk)
    return notifications.filter(read_at__isnull=True) if unread else notifications


def notification_get_for_user(*, user: Account, notification_id: int) -> Notification:
    notification = (notification_list_for_user(user=user).filter(pk=notification_id).first()
                    if _id_ok(notification_id) else None)
    if notification is None:
        raise NotFoundError(NOT_FOUND)
    return notification


@dataclass
class ComplianceRow:
    """One agency (or commune) and its subtree's open and late duties, by kind; its approval
    status in the current unit window; and its scheduled reports past due and not sent."""

    unit: OrgUnit
    open: dict[str, int] = field(default_factory=dict)
    late: dict[str, int] = field(default_factory=dict)
    approval: str = ""  # "Đã phê duyệt", "Chưa phê duyệt", "Không có thay đổi"
    approval_waiting: int = 0  # reviewed change sets of its subtree not yet approved
    reports_late: list[date] = field(default_factory=list)  # due dates of its unsent reports
    # working people of its subtree whose dossier lacks a required item of its form (core.resumes)
    incomplete: int = 0

    @property
    def open_total(self) -> int:
        return sum(self.open.values())

    @property
    def late_total(self) -> int:
        return sum(self.late.values())

    @property
    def reports_late_total(self) -> int:
        return len(self.reports_late)

    @property
    def reports_late_label(self) -> str:
        """"10/01/2026; 31/05/2026": the due dates of the reports it has not sent."""
        return "; ".join(due.strftime("%d/%m/%Y") for due in self.reports_late)


# The row of the duties owed by the province's root unit: the DoHA's own (its report to the
# Ministry, the province's monthly approval, the backups).
PROVINCE_ROW_LABEL = "Việc của Sở Nội vụ (cấp tỉnh)"


@dataclass(frozen=True)
class ComplianceTable:
    today: date
    kinds: list[tuple[str, str]]
    rows: list[ComplianceRow]
    approval_month: str = ""  # "2026-01": the data month of the current unit window
    approval_opens: date | None = None  # the window's dates; None when the rules set none
    approval_closes: date | None = None
    province: ComplianceRow | None = None  # the root's own duties (PROVINCE_ROW_LABEL)

    @property
    def approval_month_label(self) -> str:
        """"01/2026"."""
        year, _, month = self.approval_month.partition("-")
        return f"{month}/{year}" if month else self.approval_month


@replica_reads  # an export's data: from the replica when one is set and healthy
def compliance_table_for_user(*, user: Account, today: date | None = None) -> ComplianceTable:
    """For the DoHA: per active unit directly under the province, its subtree's open and late
    duties by kind (a personal duty counts at the person's unit; a unit's own duty, such as a
    report or a monthly approval, at its unit), its approval status for the data month of the
    current unit window (core.approvals), and its scheduled reports past due and not sent
    (core.reports; the year's schedule and its duties are kept by `report_schedule_ensure`,
    which the caller or the daily run runs first). The duties owed by the province's root (the
    DoHA's own) make one row of their own, `province`; each row counts its incomplete dossiers
    (issue 19 item 6). A fixed number of queries, however many units there are."""
    if not account_is_doha_admin(user):
        raise NotFoundError(NOT_FOUND)
    today = today or timezone.localdate()
    units = {u.pk: u for u in OrgUnit.objects.filter(depth__lte=1, dissolved_on__isnull=True)}
    rows = {pk: ComplianceRow(unit=unit) for pk, unit in units.items()}
    duties = Obligation.objects.filter(state=ObligationState.OPEN).values_list(
        "kind", "due", "org_unit__path", "person__org_unit__path")
    for kind, due, unit_path, person_path in duties:
        top = _top_unit_id(unit_path or person_path)
        if top not in rows:
            continue
        row = rows[top]
        row.open[kind] = row.open.get(kind, 0) + 1
        if due is not None and due < today:
            row.late[kind] = row.late.get(kind, 0) + 1
    window = approval_window_current(level=ApprovalLevel.UNIT, on=today)
    month = window.month if window is not None else f"{today:%Y-%m}"
    for status in unit_status_for_month(month=month):
        if status.org_unit.pk in rows:
            rows[status.org_unit.pk].approval = status.label
            rows[status.org_unit.pk].approval_waiting = status.waiting_change_sets
    overdue = report_overdue_list_for_user(user=user, today=today).values_list("org_unit__path", "due")
    for path, due in overdue:
        top = _top_unit_id(path)
        if top in rows:
            rows[top].reports_late.append(due)
    for path in incomplete_dossier_unit_paths():
        top = _top_unit_id(path)
        if top in rows:
            rows[top].incomplete += 1
    kinds = [(k, duty_kind_label(k)) for k in DutyKind.values if any(k in r.open for r in rows.values())]
    province = next((r for r in rows.values() if r.unit.depth == 0), None)
    ordered = sorted((r for r in rows.values() if r is not province),
                     key=lambda r: (-r.late_total, -r.reports_late_total, -r.open_total, -r.approval_waiting,
                                    r.unit.name))
    return ComplianceTable(today=today, kinds=kinds, rows=ordered, approval_month=month,
                           approval_opens=window.opens if window is not None else None,
                           approval_closes=window.closes if window is not None else None, province=province)


def _top_unit_id(path: str | None) -> int | None:
    """"/1/4/9/" → 4: the unit directly under the province's root; "/1/" → 1, the root."""
    ids = (path or "").strip("/").split("/")
    if len(ids) > 1:
        return int(ids[1])
    return int(ids[0]) if ids[0] else None


def role_grants_active() -> list[RoleGrant]:
    """Every active grant of active accounts, with its unit (the daily run reads them once)."""
    return list(RoleGrant.objects.filter(revoked_at__isnull=True, account__is_active=True)
                .select_related("org_unit", "account"))


def person_by_national_id_for_user(*, user: Account, national_id: str) -> Person:
    """A working person `user` may see, by ID number; anyone else is "not found". A number that
    is not 12 digits is refused as such (ApplicationError)."""
    from core.selectors.people import national_id_format_require

    national_id = national_id_format_require(national_id)
    person = (Person.objects.filter(person_visibility_q(user), national_id=national_id, status=PersonStatus.WORKING)
              .select_related("org_unit").first())
    if person is None:
        raise NotFoundError("Không tìm thấy người đang công tác có số định danh này trong phạm vi của bạn.",
                            extra={"fields": {"national_id": "Không tìm thấy trong phạm vi của bạn."}})
    return person


def _id_ok(pk: int) -> bool:
    """An id beyond bigint could never match a row: "not found", not a database error."""
    return 0 < pk <= BIGINT_MAX
