"""The demo data of each province holds open duties, some late on the day it is built: after
one run of the daily task, the DoHA's compliance table shows them, and the run has reminded
about each one once.

Due dates come from each province's rules (rules/domain/presets.py). Tuyên Quang's text sets
no day count for any duty, so its demo duties are open with no due date; its late items are
its yearly reports (Điều 8 khoản 5: every unit reports by 10 January), each a tracked duty
that the daily run opens from the year's schedule and reminds about. Lai Châu's text asks for
no periodic report: its late items are its demo duties only."""

from datetime import date
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone
from django_tenants.utils import tenant_context

from core.approvals.models import ApprovalLevel
from core.approvals.windows import approval_window_current
from core.base.accounts.models import Account
from core.models import Obligation, ObligationState
from core.operations.demo.data import PROVINCE_DATA, demo_populate
from core.reports.models import ReportState, ScheduledReport
from core.transfers.demo import DEMO_DUTIES, working_days_before
from core.transfers.models import (
    Announcement,
    DutyKind,
    LateMark,
    Notification,
    Reminder,
    ReminderStage,
)
from core.transfers.selectors import compliance_table_for_user
from core.transfers.services.daily import duties_daily_run
from core.transfers.tasks import duties_daily
from rules.selectors import deadline_for, working_calendar
from tenants.models import Province
from tests.core.conftest import personas_of
from tests.core.transfers.conftest import unit

pytestmark = pytest.mark.django_db

# The late duties each province's DoHA sees today, by kind, besides its scheduled reports.
LATE = {
    "lao-cai": {DutyKind.LEAVE: 2},  # leaving: 10 working days (Điều 11 khoản 5)
    "lai-chau": {DutyKind.LEAVE: 1, DutyKind.PERSONAL_UPDATE: 1},  # 10 and 15 working days (Mục 2.2, 2.7)
    # The old unit's handover and the leaving: 5 and 5 working days from the decision (Điều 8).
    "son-la": {DutyKind.HANDOVER: 1, DutyKind.LEAVE: 1},
    "binh-thuan": {DutyKind.TAKE_OVER: 1, DutyKind.PERSONAL_UPDATE: 1},  # 5 and 5 (Điều 11.3, 6.3)
    "tuyen-quang": {},  # no day count in its text: open duties with no due date
}
OPEN = {
    "lao-cai": {DutyKind.LEAVE: 2},
    "lai-chau": {DutyKind.LEAVE: 1, DutyKind.PERSONAL_UPDATE: 1},
    "son-la": {DutyKind.HANDOVER: 1, DutyKind.LEAVE: 1},
    "binh-thuan": {DutyKind.TAKE_OVER: 1, DutyKind.PERSONAL_UPDATE: 1},
    "tuyen-quang": {DutyKind.TAKE_OVER: 1, DutyKind.PERSONAL_UPDATE: 1},
}
EVENTS = {DutyKind.HANDOVER: "move_to_other_unit", DutyKind.TAKE_OVER: "take_over", DutyKind.LEAVE: "leave",
          DutyKind.PERSONAL_UPDATE: "personal_update"}
NOV_25 = date(2026, 11, 25)
TQ_UNITS = 18  # Tuyên Quang's agencies and communes right under the province


def _province(code: str) -> Province:
    connection.set_schema_to_public()
    return Province.objects.get(code=code)


def _totals(rows: list[Any], attr: str) -> dict[str, int]:
    totals: dict[str, int] = {}
    for row in rows:
        for kind, n in getattr(row, attr).items():
            totals[kind] = totals.get(kind, 0) + n
    return totals


def _demo_duties() -> list[Obligation]:
    """The duties the demo opened: those of the two personas it acts on, still open."""
    return list(Obligation.objects.filter(state=ObligationState.OPEN, kind__in=EVENTS)
                .select_related("person__account"))


def _reports_by(today: date, *, late: bool) -> int:
    """The scheduled reports of this year not sent, past due (or all of them)."""
    reports = ScheduledReport.objects.filter(due__year=today.year).exclude(state=ReportState.SENT)
    return reports.filter(due__lt=today).count() if late else reports.count()


def _with(counts: dict[str, int], reports: int) -> dict[str, int]:
    return {**counts, **({DutyKind.REPORT: reports} if reports else {})}


def _emails_for_everyone() -> None:
    """Every account has an address, so every notification is also an e-mail."""
    for account in Account.objects.filter(email=""):
        account.email = f"{account.username}@demo.example"
        account.save(update_fields=["email"])


def test_every_demo_province_has_its_demo_duties() -> None:
    assert set(DEMO_DUTIES) == set(PROVINCE_DATA) == set(LATE)


@pytest.mark.parametrize("code", list(PROVINCE_DATA))
def test_after_the_daily_run_the_dohas_dashboard_shows_late_items_by_the_provinces_rules(
    code: str, django_capture_on_commit_callbacks: Any
) -> None:
    province = _province(code)
    today = timezone.localdate()
    with tenant_context(province):
        ps = personas_of(province)
        with django_capture_on_commit_callbacks(execute=True):
            duties_daily()  # the Celery task, run in the province's schema
        table = compliance_table_for_user(user=ps.doha)
        assert table.province is not None
        rows = [*table.rows, table.province]
        assert _totals(rows, "late") == _with(LATE[code], _reports_by(today, late=True))
        # Besides the reports and the demo duties, the month's backup when the rules ask for it.
        backups = {DutyKind.BACKUP: 1} if Obligation.objects.filter(kind=DutyKind.BACKUP).exists() else {}
        assert _totals(rows, "open") == {**_with(OPEN[code], _reports_by(today, late=False)), **backups}
        assert _totals(rows, "late")  # every demo province has something late
        assert table.rows[0].late_total > 0  # the most late first
        # Each due date is the rules' own, from the event's date: none was written by hand.
        duties = _demo_duties()
        assert len(duties) == sum(OPEN[code].values())
        for duty in duties:
            assert duty.event_date < today
            assert duty.due == deadline_for(event=EVENTS[duty.kind], on=duty.event_date).due  # type: ignore[arg-type]
            if code == "tuyen-quang":
                assert duty.due is None and duty.citation == ""
            else:
                assert duty.due is not None and duty.due < today and duty.citation


@pytest.mark.parametrize("code", list(PROVINCE_DATA))
def test_the_daily_run_reminds_about_each_late_demo_duty_once(
    code: str, django_capture_on_commit_callbacks: Any
) -> None:
    province = _province(code)
    with tenant_context(province):
        _emails_for_everyone()
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            first = duties_daily()
        late = list(Obligation.objects.filter(state=ObligationState.OPEN, due__lt=timezone.localdate()))
        assert len(late) == sum(LATE[code].values()) + _reports_by(timezone.localdate(), late=True) > 0
        assert LateMark.objects.filter(obligation__in=late).count() == len(late) == first["marked_late"]
        for duty in late:
            assert Reminder.objects.filter(obligation=duty, stage=ReminderStage.LATE).exists()
        assert first["sent"] == Reminder.objects.count() > 0
        # One e-mail per reminder, one per approver told that a window opened today, and the
        # month's one about an incomplete dossier to each such person and unit officer.
        assert first["windows_announced"] + first["incomplete_reminded"] == Announcement.objects.count()
        told = first["sent"] + first["windows_announced"] + first["incomplete_reminded"]
        assert len(mail.outbox) == told == Notification.objects.count()
        sent = len(mail.outbox)
        with django_capture_on_commit_callbacks(execute=True):
            second = duties_daily()
        assert second == {"reports_scheduled": 0, "approval_duties_opened": 0, "approval_duties_closed": 0,
                          "windows_announced": 0, "marked_late": 0, "sent": 0, "career_duties_opened": 0,
                          "incomplete_reminded": 0}
        assert len(mail.outbox) == sent
        assert Reminder.objects.count() == first["sent"]


def test_tuyen_quangs_late_items_are_its_unsent_yearly_reports(django_capture_on_commit_callbacks: Any) -> None:
    """On 25/11/2026 every unit's yearly report (due 10/1, Điều 8 khoản 5) and the DoHA's own
    (due 25/1, Điều 11 khoản 7) are late: tracked duties on the dashboard, each reminded once,
    to the unit's admin (the DoHA where the unit has none) and, late, to the unit's head."""
    province = _province("tuyen-quang")
    with tenant_context(province):
        ps = personas_of(province)
        ps.doha.email, ps.approver.email = "snv@tuyenquang.example", "gd.stc@tuyenquang.example"
        ps.doha.save(update_fields=["email"])
        ps.approver.save(update_fields=["email"])
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            first = duties_daily_run(today=NOV_25)
        table = compliance_table_for_user(user=ps.doha, today=NOV_25)
        assert table.province is not None
        assert _totals(table.rows, "late") == {DutyKind.REPORT: TQ_UNITS}
        assert table.province.late == {DutyKind.REPORT: 1}
        assert first.marked_late == TQ_UNITS + 1
        finance = unit("Sở Tài chính")
        duty = Obligation.objects.get(kind=DutyKind.REPORT, org_unit=finance)
        assert (duty.person, duty.event_date, duty.due, duty.citation) == (
            None, date(2025, 12, 31), date(2026, 1, 10),
            "Điều 8 khoản 5, Dự thảo Quyết định …/2023/QĐ-UBND tỉnh Tuyên Quang")
        # Sở Giáo dục và Đào tạo has its own admin; every other unit's report falls to the DoHA.
        reminders = {(r.obligation.org_unit.name, r.account, r.as_head)
                     for r in Reminder.objects.select_related("obligation__org_unit", "account")}
        assert ("Sở Giáo dục và Đào tạo", ps.agency_admin, False) in reminders
        assert ("Sở Tài chính", ps.doha, False) in reminders
        assert ("Sở Tài chính", ps.approver, True) in reminders  # its head, once late
        assert first.sent == len(reminders) == (TQ_UNITS + 1) + 1
        # (the head also hears, as a person, that its own dossier is incomplete: not a duty's reminder)
        assert [m.subject for m in mail.outbox if m.to == ["gd.stc@tuyenquang.example"]
                and not m.subject.startswith("Hồ sơ của anh/chị chưa đầy đủ")] == [
            "Quá hạn: Báo cáo định kỳ – Báo cáo của cơ quan, đơn vị gửi Sở Nội vụ (Sở Tài chính) (hạn 10/01/2026)"]
        # The province window of November (TT06 Điều 7 khoản 1: the last five working days, by
        # the working-day calendar) is open: the DoHA is told first.
        window = approval_window_current(level=ApprovalLevel.PROVINCE, on=NOV_25)
        assert window is not None and window.opens <= NOV_25 <= window.closes
        assert [m.subject for m in mail.outbox if m.to == ["snv@tuyenquang.example"]][0] == (
            f"Đã mở thời gian phê duyệt dữ liệu tháng 11/2026: từ {window.opens:%d/%m/%Y} đến 30/11/2026")
        sent = len(mail.outbox)
        with django_capture_on_commit_callbacks(execute=True):
            second = duties_daily_run(today=NOV_25)
        assert (second.reports_scheduled, second.marked_late, second.sent, second.windows_announced) == (0, 0, 0, 0)
        assert len(mail.outbox) == sent


def test_populating_again_opens_no_more_duties() -> None:
    province = _province("binh-thuan")
    with tenant_context(province):
        before = Obligation.objects.count()
    demo_populate(province)
    with tenant_context(province):
        assert Obligation.objects.count() == before


def test_the_demo_duties_are_late_from_their_event_not_from_a_fixed_date() -> None:
    """Built today, the Bình Thuận take-over was handed over 20 working days ago: due 5 after."""
    province = _province("binh-thuan")
    with tenant_context(province):
        duty = Obligation.objects.get(kind=DutyKind.TAKE_OVER)
        calendar = working_calendar()
        assert duty.event_date == working_days_before(calendar, timezone.localdate(), 20)
        assert duty.due == calendar.add_working_days(duty.event_date, 5)
        assert duty.citation.startswith("Điều 11 khoản 3")
