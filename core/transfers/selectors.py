"""Reading transfers, duties and notifications, always through the reader's scope; missing
and forbidden answer alike (NotFoundError)."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from core.accounts.models import Account
from core.exceptions import NotFoundError
from core.models import Obligation, ObligationState, OrgUnit, Person, PersonStatus, Role, RoleGrant
from core.permissions import (
    ADMIN_ROLES,
    REVIEW_ROLES,
    VIEW_ROLES,
    account_is_doha_admin,
    account_role_grants,
    person_visibility_q,
)
from core.transfers.models import DutyKind, Notification, Transfer

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
    return DutyKind(kind).label if kind in DutyKind.values else kind


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
    """One agency (or commune) and its subtree's open and late duties, by kind."""

    unit: OrgUnit
    open: dict[str, int] = field(default_factory=dict)
    late: dict[str, int] = field(default_factory=dict)

    @property
    def open_total(self) -> int:
        return sum(self.open.values())

    @property
    def late_total(self) -> int:
        return sum(self.late.values())


@dataclass(frozen=True)
class ComplianceTable:
    today: date
    kinds: list[tuple[str, str]]
    rows: list[ComplianceRow]


def compliance_table_for_user(*, user: Account, today: date | None = None) -> ComplianceTable:
    """For the DoHA: per unit directly under the province, its subtree's open and late duties
    by kind (a personal duty counts at the person's unit). Three queries."""
    if not account_is_doha_admin(user):
        raise NotFoundError(NOT_FOUND)
    today = today or timezone.localdate()
    units = {u.pk: u for u in OrgUnit.objects.filter(depth=1, dissolved_on__isnull=True)}
    rows: dict[int, ComplianceRow] = {}
    duties = Obligation.objects.filter(state=ObligationState.OPEN).values_list(
        "kind", "due", "org_unit__path", "person__org_unit__path")
    for kind, due, unit_path, person_path in duties:
        top = _top_unit_id(unit_path or person_path)
        if top not in units:
            continue
        row = rows.setdefault(top, ComplianceRow(unit=units[top]))
        row.open[kind] = row.open.get(kind, 0) + 1
        if due is not None and due < today:
            row.late[kind] = row.late.get(kind, 0) + 1
    kinds = [(k, duty_kind_label(k)) for k in DutyKind.values if any(k in r.open for r in rows.values())]
    ordered = sorted(rows.values(), key=lambda r: (-r.late_total, -r.open_total, r.unit.name))
    return ComplianceTable(today=today, kinds=kinds, rows=ordered)


def _top_unit_id(path: str | None) -> int | None:
    """"/1/4/9/" → 4: the unit directly under the province's root."""
    ids = (path or "").strip("/").split("/")
    return int(ids[1]) if len(ids) > 1 else None


def role_grants_active() -> list[RoleGrant]:
    """Every active grant of active accounts, with its unit (the daily run reads them once)."""
    return list(RoleGrant.objects.filter(revoked_at__isnull=True, account__is_active=True)
                .select_related("org_unit", "account"))


def person_by_national_id_for_user(*, user: Account, national_id: str) -> Person:
    """A working person `user` may see, by ID number; anyone else is "not found"."""
    national_id = national_id.strip()
    person = (Person.objects.filter(person_visibility_q(user), national_id=national_id, status=PersonStatus.WORKING)
              .select_related("org_unit").first()) if national_id.isdigit() else None
    if person is None:
        raise NotFoundError("Không tìm thấy người đang công tác có số định danh này trong phạm vi của bạn.",
                            extra={"fields": {"national_id": "Không tìm thấy trong phạm vi của bạn."}})
    return person


def _id_ok(pk: int) -> bool:
    """An id beyond bigint could never match a row: "not found", not a database error."""
    return 0 < pk <= BIGINT_MAX
