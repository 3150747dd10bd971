"""Duties and their reminders: a person sees all they owe; the daily run marks late duties and
reminds before the due date, on it, and once late (the unit's head too), each reminder once."""

from datetime import date, timedelta
from typing import Any

from django.core import mail
from django.db import connection
from django.utils import timezone
from django_tenants.utils import tenant_context
from hoso.celery import app

from core.base.audit.models import AuditEvent
from core.models import Obligation, ObligationKind
from core.transfers.models import (
    DutyKind,
    LateMark,
    Notification,
    Reminder,
    ReminderStage,
    TransferKind,
)
from core.transfers.selectors import DutyState, duty_list_for_user, duty_state
from core.transfers.services.reminders import duties_remind
from core.transfers.services.transfers import transfer_handover, transfer_start
from core.transfers.tasks import duties_daily
from tenants.models import Province
from tenants.tasks import provinces_dispatch
from tests.core.conftest import Personas, personas_of
from tests.core.transfers.conftest import decision, unit

HANDOVER_ON = date(2026, 8, 28)
DUE = date(2026, 9, 16)  # Lào Cai: 10 working days after the handover


def _teacher_moves_to_finance(lc: Personas) -> Obligation:
    """The teacher moves to Sở Tài chính: the take-over is owed by Sở Tài chính, whose only
    admin is the DoHA and whose head is the approver persona."""
    transfer = transfer_start(acting_user=lc.agency_admin, kind=TransferKind.MOVE_TO_OTHER_UNIT,
                              person=lc.person(lc.teacher), to_unit=unit("Sở Tài chính"),
                              effective_on=date(2026, 8, 24), decision=decision())
    transfer_handover(acting_user=lc.agency_admin, transfer=transfer, decision=decision(on=HANDOVER_ON))
    lc.doha.email, lc.approver.email = "snv@laocai.example", "gd.stc@laocai.example"
    lc.doha.save(update_fields=["email"])
    lc.approver.save(update_fields=["email"])
    # Lào Cai counts the old unit's handover (Art. 11.3), not the take-over: dated here so that
    # the reminders have a due date to follow.
    Obligation.objects.filter(kind=DutyKind.TAKE_OVER).update(due=DUE)
    return Obligation.objects.get(kind=DutyKind.TAKE_OVER)


def _run(on: date, capture: Any) -> int:
    with capture(execute=True):
        return duties_remind(today=on).sent


def test_a_person_sees_all_they_owe(lc: Personas) -> None:
    """Their own duties and the duties of the units their roles act for; not others'."""
    duty = _teacher_moves_to_finance(lc)
    own = Obligation.objects.create(kind=ObligationKind.PERSONAL_UPDATE, person=lc.person(lc.employee),
                                    account=lc.employee, event_date=date(2026, 9, 1), due=date(2026, 9, 22))
    assert list(duty_list_for_user(user=lc.employee)) == [own]
    assert duty in duty_list_for_user(user=lc.doha)
    assert not duty_list_for_user(user=lc.agency_admin).filter(pk=duty.pk).exists()
    assert list(duty_list_for_user(user=lc.doha, state=DutyState.LATE, today=date(2026, 9, 17))) == [duty]
    assert (duty_state(duty, today=DUE), duty_state(duty, today=date(2026, 9, 17))) == ("open", "late")


def test_each_reminder_goes_once_before_on_and_after_the_due_date(
    lc: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    duty = _teacher_moves_to_finance(lc)
    mail.outbox.clear()
    assert _run(date(2026, 9, 10), django_capture_on_commit_callbacks) == 0  # too early
    for day, stage in [(date(2026, 9, 14), ReminderStage.BEFORE), (DUE, ReminderStage.DUE)]:
        assert _run(day, django_capture_on_commit_callbacks) == 1
        assert _run(day, django_capture_on_commit_callbacks) == 0
        assert Reminder.objects.get(obligation=duty, stage=stage).account == lc.doha
    assert not LateMark.objects.filter(obligation=duty).exists()
    assert _run(date(2026, 9, 17), django_capture_on_commit_callbacks) == 2
    assert _run(date(2026, 9, 17), django_capture_on_commit_callbacks) == 0
    assert _run(date(2026, 9, 18), django_capture_on_commit_callbacks) == 0
    assert LateMark.objects.filter(obligation=duty).exists()
    late = Reminder.objects.filter(obligation=duty, stage=ReminderStage.LATE)
    assert {(r.account, r.as_head) for r in late} == {(lc.doha, False), (lc.approver, True)}
    assert [(m.to, m.subject[:9]) for m in mail.outbox] == [
        (["snv@laocai.example"], "Sắp đến h"), (["snv@laocai.example"], "Đến hạn h"),
        (["snv@laocai.example"], "Quá hạn: "), (["gd.stc@laocai.example"], "Quá hạn: ")]
    assert mail.outbox[-1].subject == f"Quá hạn: Tiếp nhận hồ sơ chuyển đến – {duty.person.full_name} (hạn 16/09/2026)"
    assert Notification.objects.filter(account=lc.approver, read_at__isnull=True).count() == 1


def test_a_duty_done_in_time_gets_no_more_reminders(lc: Personas, django_capture_on_commit_callbacks: Any) -> None:
    duty = _teacher_moves_to_finance(lc)
    duty.state = "done"
    duty.save(update_fields=["state"])
    assert _run(date(2026, 9, 17), django_capture_on_commit_callbacks) == 0
    assert not LateMark.objects.exists()


def _drain_queue() -> list[Any]:
    messages = []
    with app.connection_for_read() as conn:
        queue = conn.SimpleQueue("celery")
        while True:
            try:
                message = queue.get(block=False)
            except queue.Empty:
                break
            message.ack()
            messages.append(message)
        queue.close()
    return messages


def test_the_daily_task_runs_in_each_province_and_only_there(lao_cai: Province, lai_chau: Province) -> None:
    """Fanned out from `public`, the run marks Lào Cai's late duty in Lào Cai and nowhere else;
    run twice, it sends nothing the second time."""
    with tenant_context(lao_cai):
        lc = personas_of(lao_cai)
        late = Obligation.objects.create(kind=ObligationKind.PERSONAL_UPDATE, person=lc.person(lc.employee),
                                         account=lc.employee, event_date=date(2020, 1, 2), due=date(2020, 1, 9))
    for _ in range(2):
        _drain_queue()
        queued = provinces_dispatch(task_name=duties_daily.name)
        assert {"lao_cai", "lai_chau"} <= set(queued)
        for message in _drain_queue():
            connection.set_schema_to_public()
            args, kwargs, _ = message.decode()
            app.tasks[message.headers["task"]].apply(args=args, kwargs=kwargs, headers=message.headers)
    with tenant_context(lao_cai):
        assert LateMark.objects.filter(obligation=late).exists()
        reminders = Reminder.objects.filter(obligation=late)
        assert {(r.account_id, r.as_head) for r in reminders} == {(lc.employee.pk, False), (lc.approver.pk, True)}
        assert AuditEvent.objects.filter(action="duties.remind").count() == 2
    with tenant_context(lai_chau):
        # Lai Châu's own (demo) late duties only, never Lào Cai's.
        own_late = set(Obligation.objects.filter(state="open", due__lt=timezone.localdate()).values_list("pk", flat=True))
        assert set(LateMark.objects.values_list("obligation_id", flat=True)) == own_late
        assert set(Reminder.objects.values_list("obligation_id", flat=True)) <= own_late
        assert AuditEvent.objects.filter(action="duties.remind").count() == 2


def test_duty_lists_take_each_state(lc: Personas) -> None:
    """Open includes the late ones; done keeps the finished; all is every duty owed."""
    person, today = lc.person(lc.employee), timezone.localdate()
    late = Obligation.objects.create(kind=ObligationKind.PERSONAL_UPDATE, person=person, account=lc.employee,
                                     event_date=today - timedelta(days=60), due=today - timedelta(days=30))
    upcoming = Obligation.objects.create(kind=ObligationKind.PERSONAL_UPDATE, person=person, account=lc.employee,
                                         event_date=today, due=today + timedelta(days=10))
    done = Obligation.objects.create(kind=ObligationKind.PERSONAL_UPDATE, person=person, account=lc.employee,
                                     event_date=today, due=today, state="done", done_at=timezone.now())

    def ids(state: str) -> set[int]:
        return set(duty_list_for_user(user=lc.employee, state=state).values_list("pk", flat=True)) & {
            late.pk, upcoming.pk, done.pk}

    assert ids(DutyState.OPEN) == {late.pk, upcoming.pk}
    assert ids(DutyState.LATE) == {late.pk}
    assert ids(DutyState.DONE) == {done.pk}
    assert ids("all") == {late.pk, upcoming.pk, done.pk}


def test_the_day_s_reminders_go_in_a_few_statements_and_a_concurrent_run_s_win(
    lc: Personas, django_capture_on_commit_callbacks: Any, monkeypatch: Any
) -> None:
    """However many duties are due, the reminders go in the same number of statements (their
    notifications and rows in one insert each); a run that meets a reminder a concurrent run sent
    first sends the others one at a time, and that person is not told twice."""
    from django.test.utils import CaptureQueriesContext

    from core.transfers.services import reminders

    duty = _teacher_moves_to_finance(lc)
    person = lc.person(lc.employee)

    def duties(n: int) -> None:
        Obligation.objects.bulk_create([
            Obligation(kind=ObligationKind.PERSONAL_UPDATE, person=person, account=lc.employee,
                       event_date=date(2026, 9, 1), due=DUE, reference=f"test:{n}:{i}") for i in range(n)])

    def statements(day: date) -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            sent = _run(day, django_capture_on_commit_callbacks)
        return sent, len(captured)

    duties(2)
    few = statements(date(2026, 9, 14))
    duties(20)
    many = statements(DUE)
    assert (few[0], many[0]) == (3, 23) and many[1] <= few[1]
    # A concurrent run read who was told before either wrote, then sent the late reminder to the DoHA.
    Reminder.objects.create(obligation=duty, stage=ReminderStage.LATE, account=lc.doha)
    before = Reminder.objects.count()
    with monkeypatch.context() as patch:
        patch.setattr(reminders.Reminder.objects, "filter", lambda **kw: Reminder.objects.none())
        sent = _run(date(2026, 9, 17), django_capture_on_commit_callbacks)
    assert sent == Reminder.objects.count() - before and sent >= 23
    assert Reminder.objects.filter(obligation=duty, stage=ReminderStage.LATE, account=lc.doha).count() == 1
    assert Reminder.objects.get(obligation=duty, stage=ReminderStage.LATE, account=lc.approver).as_head
