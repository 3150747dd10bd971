"""Every scheduled report is a tracked duty (core `Obligation`, kind "report"): owed by its
unit, due on the report's due date, reminded before, on and after it by the daily run, and
done when the report is sent. Lào Cai: units report on 31/5 and 30/11 (Điều 15 khoản 7)."""

from datetime import date
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone
from django_tenants.utils import tenant_context

from core.models import Obligation, ObligationKind, ObligationState, Role, RoleGrant
from core.operations.demo.services import DEMO_PASSWORD
from core.reports.models import ReportState, ScheduledReport
from core.reports.services import report_draft, report_schedule_ensure, report_send, report_sign
from core.transfers.models import LateMark, Reminder, ReminderStage
from core.transfers.selectors import DutyState, duty_list_for_user, duty_state
from core.transfers.services.reminders import duties_remind
from tenants.models import Province
from tests.conftest import sign_in
from tests.core.conftest import Personas, personas_of
from tests.core.transfers.conftest import unit

pytestmark = pytest.mark.django_db

UNITS = "unit_to_doha"
MAY_31 = date(2026, 5, 31)
LATE_SUBJECT = "Quá hạn: Báo cáo định kỳ – Báo cáo của cơ quan, đơn vị gửi Sở Nội vụ (Sở Tài chính) (hạn 31/05/2026)"


def _finance_report() -> ScheduledReport:
    return ScheduledReport.objects.get(code=UNITS, org_unit=unit("Sở Tài chính"), due=MAY_31)


def _duty_of(report: ScheduledReport) -> Obligation:
    return Obligation.objects.get(kind=ObligationKind.REPORT, reference=f"report:{report.pk}")


def test_each_scheduled_report_opens_one_duty_due_on_its_due_date(lc: Personas) -> None:
    """Owed by the reporting unit (no person), started at the end of the period it covers,
    citing the text; the DoHA's own report is owed by the province's root. Tracking again
    opens nothing."""
    report_schedule_ensure(year=2026)
    report = _finance_report()
    duty = _duty_of(report)

    assert (duty.person, duty.org_unit, duty.account, duty.state) == (None, report.org_unit, None, ObligationState.OPEN)
    assert (duty.event_date, duty.due) == (date(2026, 5, 31), MAY_31)
    assert duty.citation == f"Điều 15 khoản 7, {report.citation['document']}"
    assert duty.about == "Báo cáo của cơ quan, đơn vị gửi Sở Nội vụ (Sở Tài chính)"
    ministry = _duty_of(ScheduledReport.objects.get(code="doha_to_ministry"))
    assert (ministry.org_unit.parent_id, ministry.due, ministry.about) == (
        None, date(2026, 1, 20), "Báo cáo của Sở Nội vụ gửi Bộ Nội vụ")
    assert Obligation.objects.filter(kind=ObligationKind.REPORT).count() == ScheduledReport.objects.count()

    report_schedule_ensure(year=2026)
    assert Obligation.objects.filter(kind=ObligationKind.REPORT).count() == ScheduledReport.objects.count()


def test_sending_the_report_closes_its_duty_and_a_late_one_stays_late(lc: Personas) -> None:
    report_schedule_ensure(year=2026)
    report = _finance_report()
    duties_remind(today=date(2026, 6, 2))
    assert LateMark.objects.filter(obligation=_duty_of(report)).exists()

    report = report_sign(acting_user=lc.doha, report=report_draft(acting_user=lc.doha, report=report))
    assert _duty_of(report).state == ObligationState.OPEN  # signed, not yet sent
    report_send(acting_user=lc.doha, report=report, reference="Số 21/BC-STC")

    duty = _duty_of(report)
    assert (duty.state, duty_state(duty, today=date(2026, 6, 2))) == (ObligationState.DONE, DutyState.DONE)
    assert duty.done_at is not None and timezone.localdate(duty.done_at) == timezone.localdate()
    assert LateMark.objects.filter(obligation=duty).exists()  # done late, and known as late
    assert duty in duty_list_for_user(user=lc.doha, state=DutyState.DONE)


def test_a_late_report_is_reminded_once_to_the_units_admin_and_once_late_to_its_head(
    lc: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    """Sở Tài chính's officer is made its data admin too: the reminders go to them before, on and
    after the due date, and once late to the unit's head (its approver); a second run sends
    nothing."""
    finance = unit("Sở Tài chính")
    RoleGrant.objects.create(account=lc.officer, role=Role.AGENCY_ADMIN, org_unit=finance, granted_by=lc.doha)
    lc.officer.email, lc.approver.email = "qt.stc@laocai.example", "gd.stc@laocai.example"
    lc.officer.save(update_fields=["email"])
    lc.approver.save(update_fields=["email"])
    report_schedule_ensure(year=2026)
    duty = _duty_of(_finance_report())
    mail.outbox.clear()

    for day in (date(2026, 5, 28), MAY_31, date(2026, 6, 1), date(2026, 6, 1), date(2026, 6, 2)):
        with django_capture_on_commit_callbacks(execute=True):
            duties_remind(today=day)
    reminders = Reminder.objects.filter(obligation=duty)
    assert sorted((r.stage, r.account.username, r.as_head) for r in reminders) == sorted([
        (ReminderStage.BEFORE, lc.officer.username, False),
        (ReminderStage.DUE, lc.officer.username, False),
        (ReminderStage.LATE, lc.officer.username, False),
        (ReminderStage.LATE, lc.approver.username, True),
    ])
    assert [m.subject for m in mail.outbox if m.to == ["gd.stc@laocai.example"]] == [LATE_SUBJECT]
    assert [m.subject for m in mail.outbox if m.to == ["qt.stc@laocai.example"]] == [
        "Sắp đến hạn: Báo cáo định kỳ – Báo cáo của cơ quan, đơn vị gửi Sở Nội vụ (Sở Tài chính) (hạn 31/05/2026)",
        "Đến hạn hôm nay: Báo cáo định kỳ – Báo cáo của cơ quan, đơn vị gửi Sở Nội vụ (Sở Tài chính)",
        LATE_SUBJECT,
    ]
    late = next(m for m in mail.outbox if m.to == ["gd.stc@laocai.example"])
    assert late.body == (f"{LATE_SUBJECT}.\nĐơn vị: Sở Tài chính.\nNgày phát sinh: 31/05/2026; căn cứ: "
                         f"{duty.citation}.\nAnh/chị nhận thư này với vai trò thủ trưởng đơn vị.")
    sent = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        assert duties_remind(today=date(2026, 6, 2)).sent == 0
    assert len(mail.outbox) == sent


def test_the_units_admin_and_head_see_the_duty_but_not_its_officer(lc: Personas) -> None:
    report_schedule_ensure(year=2026)
    duty = _duty_of(_finance_report())

    assert duty in duty_list_for_user(user=lc.doha)  # the only admin over Sở Tài chính
    assert not duty_list_for_user(user=lc.officer).filter(pk=duty.pk).exists()
    assert not duty_list_for_user(user=lc.agency_admin).filter(pk=duty.pk).exists()


def test_a_report_the_rules_no_longer_ask_for_drops_with_its_untouched_duty(lc: Personas) -> None:
    report_schedule_ensure(year=2026)
    report = _finance_report()
    stale = ScheduledReport.objects.create(
        code=UNITS, org_unit=report.org_unit, recipient=report.recipient, period_from=report.period_from,
        period_to=report.period_to, due=date(2026, 7, 15), citation=report.citation)
    Obligation.objects.create(kind=ObligationKind.REPORT, reference=f"report:{stale.pk}", org_unit=stale.org_unit,
                              event_date=stale.period_to, due=stale.due)
    report_schedule_ensure(year=2026)

    assert not ScheduledReport.objects.filter(pk=stale.pk).exists()
    assert not Obligation.objects.filter(reference=f"report:{stale.pk}").exists()
    assert _duty_of(report).state == ObligationState.OPEN


def test_a_report_sent_before_its_duty_was_tracked_gets_a_duty_done_then(lc: Personas) -> None:
    report_schedule_ensure(year=2026)
    report = _finance_report()
    Obligation.objects.filter(reference=f"report:{report.pk}").delete()
    sent_at = timezone.make_aware(timezone.datetime(2026, 5, 29, 9, 0))
    ScheduledReport.objects.filter(pk=report.pk).update(state=ReportState.SENT, sent_at=sent_at)
    report_schedule_ensure(year=2026)

    duty = _duty_of(report)
    assert (duty.state, duty.done_at) == (ObligationState.DONE, sent_at)


def test_the_duty_pages_and_api_name_the_report_and_its_unit(lao_cai: Province) -> None:
    """A unit's own duty has no person: pages and API show what it is for instead."""
    with tenant_context(lao_cai):
        lc = personas_of(lao_cai)
        report_schedule_ensure(year=2026)
        duty = _duty_of(_finance_report())
    doha = sign_in(lao_cai, lc.doha.username, DEMO_PASSWORD)
    html = doha.get("/nghia-vu/").content.decode()
    assert ("<td>Báo cáo định kỳ</td><td>Báo cáo của cơ quan, đơn vị gửi Sở Nội vụ (Sở Tài chính)</td>"
            "<td>Sở Tài chính</td>") in html
    [found] = [d for d in doha.get("/api/v1/duties/?state=all").json()["results"] if d["id"] == duty.pk]
    assert (found["person"], found["person_name"], found["about"], found["kind"], found["due"]) == (
        None, None, "Báo cáo của cơ quan, đơn vị gửi Sở Nội vụ (Sở Tài chính)", "report", "2026-05-31")
