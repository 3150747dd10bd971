"""The daily run over every duty of the current province: late duties are marked, and reminders
go out before the due date, on it, and once late (then to the unit's head too). Each reminder
goes once: a `Reminder` row per duty, stage and account, written before the e-mail is queued."""

from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from core.base.accounts.models import Account
from core.base.audit.services import audit_record
from core.base.planning import jit_off_in_transaction
from core.models import Obligation, ObligationState, OrgUnit, Role, RoleGrant
from core.transfers.models import LateMark, Notification, Reminder, ReminderStage
from core.transfers.selectors import UNIT_DUTY_ROLES, duty_kind_label, role_grants_active
from core.transfers.services.notifications import notification_mail_queue
from rules.domain.calendar import WorkingCalendar
from rules.selectors import working_calendar

# The first reminder goes this many working days before the due date.
REMIND_WORKING_DAYS_BEFORE = 2
# `about`: the person the duty is about, or what a unit's own duty is for (its subject).
TITLES = {
    ReminderStage.BEFORE: "Sắp đến hạn: {kind} – {about} (hạn {due:%d/%m/%Y})",
    ReminderStage.DUE: "Đến hạn hôm nay: {kind} – {about}",
    ReminderStage.LATE: "Quá hạn: {kind} – {about} (hạn {due:%d/%m/%Y})",
}


@dataclass(frozen=True)
class RemindResult:
    marked_late: int
    sent: int


def duties_remind(*, today: date | None = None) -> RemindResult:
    """Mark late duties and send the reminders due today; running it again sends nothing new."""
    today = today or timezone.localdate()
    calendar = working_calendar()
    with transaction.atomic():
        jit_off_in_transaction()
        marked = _late_mark(today)
        grants = role_grants_active()
        # Only a duty due by the first reminder's day can have a stage today (reminder_stage): the
        # rest of a province's open duties, a year of career events, are not read.
        candidates = (Obligation.objects.filter(state=ObligationState.OPEN, due__isnull=False,
                                                due__lte=calendar.add_working_days(today, REMIND_WORKING_DAYS_BEFORE))
                      .select_related("person__org_unit", "org_unit", "account"))
        staged = [(duty, stage) for duty in candidates
                  if (stage := reminder_stage(duty.due, today=today, calendar=calendar)) is not None]
        # Who has had each stage of each duty, in one query rather than one per duty.
        told: dict[tuple[int, str], set[int]] = {}
        for obligation_id, stage, account_id in Reminder.objects.filter(
                obligation__in=[duty.pk for duty, _ in staged]).values_list("obligation_id", "stage", "account_id"):
            told.setdefault((obligation_id, stage), set()).add(account_id)
        sends = [send for duty, stage in staged
                 for send in _sends(duty, stage, grants, told.get((duty.pk, stage), set()))]
        sent = _send_all(sends)
        audit_record(acting_user=None, action="duties.remind", detail={
            "today": today.isoformat(), "marked_late": marked, "sent": sent})
    return RemindResult(marked_late=marked, sent=sent)


def reminder_stage(due: date | None, *, today: date, calendar: WorkingCalendar) -> str | None:
    """Which reminder today brings: late after the due date, due on it, before it from
    REMIND_WORKING_DAYS_BEFORE working days ahead; None otherwise."""
    if due is None:
        return None
    if today > due:
        return ReminderStage.LATE
    if today == due:
        return ReminderStage.DUE
    return ReminderStage.BEFORE if calendar.add_working_days(today, REMIND_WORKING_DAYS_BEFORE) >= due else None


def duty_owers(duty: Obligation, grants: list[RoleGrant]) -> list[Account]:
    """Who owes the duty: its account, or the nearest holders of the unit's acting role."""
    if duty.account_id is not None:
        account = duty.account
        return [account] if account is not None and account.is_active else []
    if duty.org_unit is None:
        return []
    return _nearest_holders(duty.org_unit, UNIT_DUTY_ROLES.get(duty.kind, ()), grants)


def duty_heads(duty: Obligation, grants: list[RoleGrant]) -> list[Account]:
    """The head over the unit that owes the duty (the approver role, nearest first)."""
    unit = _unit_of(duty)
    return _nearest_holders(unit, (Role.APPROVER,), grants) if unit is not None else []


def _unit_of(duty: Obligation) -> OrgUnit | None:
    """The unit that owes the duty, or else the unit of the person it is about."""
    return duty.org_unit or (duty.person.org_unit if duty.person is not None else None)


def _nearest_holders(unit: OrgUnit, roles: tuple[str, ...], grants: list[RoleGrant]) -> list[Account]:
    over = [g for g in grants if g.role in roles and unit.path.startswith(g.org_unit.path)]
    if not over:
        return []
    depth = max(g.org_unit.depth for g in over)
    return list({g.account_id: g.account for g in over if g.org_unit.depth == depth}.values())


def _late_mark(today: date) -> int:
    late = Obligation.objects.filter(state=ObligationState.OPEN, due__lt=today, late_mark__isnull=True)
    made = LateMark.objects.bulk_create([LateMark(obligation_id=pk) for pk in late.values_list("pk", flat=True)],
                                        ignore_conflicts=True)
    return len(made)


@dataclass(frozen=True)
class _Send:
    """One reminder to send: a stage of a duty to an account, with its text."""

    duty: Obligation
    stage: str
    account: Account
    as_head: bool
    title: str
    body: str


def _sends(duty: Obligation, stage: str, grants: list[RoleGrant], already: set[int]) -> list[_Send]:
    recipients = [(a, False) for a in duty_owers(duty, grants)]
    if stage == ReminderStage.LATE:
        owers = {a.pk for a, _ in recipients}
        recipients += [(a, True) for a in duty_heads(duty, grants) if a.pk not in owers]
    return [_Send(duty, stage, account, as_head, *_text(duty, stage, as_head=as_head))
            for account, as_head in recipients if account.pk not in already]


def _text(duty: Obligation, stage: str, *, as_head: bool) -> tuple[str, str]:
    assert duty.due is not None
    title = TITLES[ReminderStage(stage)].format(kind=duty_kind_label(duty.kind), about=duty.about, due=duty.due)
    unit = _unit_of(duty)
    body = (f"{title}.\nĐơn vị: {unit.name if unit is not None else 'cá nhân'}.\n"
            f"Ngày phát sinh: {duty.event_date:%d/%m/%Y}; căn cứ: {duty.citation or 'quy chế của tỉnh'}.")
    if as_head:
        body += "\nAnh/chị nhận thư này với vai trò thủ trưởng đơn vị."
    return title, body


def _send_all(sends: list[_Send]) -> int:
    """Send them all: their notifications and `Reminder` rows in two statements (a province's
    first run of the day sends hundreds: four round trips each took most of the reminders'
    time, bench_fleet_duties). How many were sent."""
    if not sends:
        return 0
    link = _duties_link()
    try:
        with transaction.atomic():
            notifications = Notification.objects.bulk_create([
                Notification(account=send.account, title=send.title[:300], body=send.body, link=link)
                for send in sends])
            Reminder.objects.bulk_create([
                Reminder(obligation=send.duty, stage=send.stage, account=send.account, as_head=send.as_head,
                         notification=notification, emailed=bool(send.account.email))
                for send, notification in zip(sends, notifications, strict=True)])
    except IntegrityError:
        # A concurrent run sent some of them first: one at a time, its rows win.
        return sum(_send(send, link) for send in sends)
    for send in sends:
        notification_mail_queue(account=send.account, title=send.title, body=send.body)
    return len(sends)


def _send(send: _Send, link: str) -> bool:
    try:
        with transaction.atomic():  # a concurrent run's row wins; this one sends nothing
            notification = Notification.objects.create(account=send.account, title=send.title[:300],
                                                       body=send.body, link=link)
            Reminder.objects.create(obligation=send.duty, stage=send.stage, account=send.account,
                                    as_head=send.as_head, notification=notification,
                                    emailed=bool(send.account.email))
    except IntegrityError:
        return False
    notification_mail_queue(account=send.account, title=send.title, body=send.body)
    return True


def _duties_link() -> str:
    try:
        return reverse("frontend:duty-list")
    except NoReverseMatch:  # pages not mounted (the worker of a deployment without them)
        return ""
