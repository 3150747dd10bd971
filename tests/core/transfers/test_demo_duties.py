"""The demo data of each province holds open duties, some late on the day it is built: the
DoHA's compliance table shows them, and the daily run reminds about each one once.

Due dates come from each province's rules (rules/domain/presets.py). Tuyên Quang's text sets
no day count for any duty, so its demo duties are open with no due date: nothing there can be
late, and the daily run has nothing to remind about."""

from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone
from django_tenants.utils import tenant_context

from core.models import Obligation, ObligationState
from core.transfers.demo import DEMO_DUTIES, working_days_before
from core.transfers.models import DutyKind, LateMark, Reminder, ReminderStage
from core.transfers.selectors import compliance_table_for_user
from core.transfers.services.reminders import duties_remind
from core.transfers.tasks import duties_daily
from rules.selectors import deadline_for, working_calendar
from tenants.demo_data import PROVINCE_DATA, demo_populate
from tenants.models import Province
from tests.core.conftest import personas_of

pytestmark = pytest.mark.django_db

# The late duties each province's DoHA sees today, by kind, and the units that owe them.
LATE = {
    "lao-cai": {DutyKind.LEAVE: 2},  # leaving: 10 working days (Điều 11 khoản 5)
    "lai-chau": {DutyKind.LEAVE: 1, DutyKind.PERSONAL_UPDATE: 1},  # 10 and 15 working days (Mục 2.2, 2.7)
    "son-la": {DutyKind.TAKE_OVER: 1, DutyKind.LEAVE: 1},  # 5 and 5 working days (Điều 8)
    "binh-thuan": {DutyKind.TAKE_OVER: 1, DutyKind.PERSONAL_UPDATE: 1},  # 5 and 5 (Điều 11.3, 6.3)
    "tuyen-quang": {},  # no day count in its text: open duties with no due date
}
OPEN = {
    "lao-cai": {DutyKind.LEAVE: 2},
    "lai-chau": {DutyKind.LEAVE: 1, DutyKind.PERSONAL_UPDATE: 1},
    "son-la": {DutyKind.TAKE_OVER: 1, DutyKind.LEAVE: 1},
    "binh-thuan": {DutyKind.TAKE_OVER: 1, DutyKind.PERSONAL_UPDATE: 1},
    "tuyen-quang": {DutyKind.TAKE_OVER: 1, DutyKind.PERSONAL_UPDATE: 1},
}
EVENTS = {DutyKind.TAKE_OVER: "move_to_other_unit", DutyKind.LEAVE: "leave",
          DutyKind.PERSONAL_UPDATE: "personal_update"}


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


def test_every_demo_province_has_its_demo_duties() -> None:
    assert set(DEMO_DUTIES) == set(PROVINCE_DATA) == set(LATE)


@pytest.mark.parametrize("code", list(PROVINCE_DATA))
def test_the_dohas_dashboard_shows_the_demo_duties_late_by_the_provinces_rules(code: str) -> None:
    province = _province(code)
    today = timezone.localdate()
    with tenant_context(province):
        ps = personas_of(province)
        table = compliance_table_for_user(user=ps.doha)
        assert _totals(table.rows, "late") == LATE[code]
        assert _totals(table.rows, "open") == OPEN[code]
        if LATE[code]:
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
        ps = personas_of(province)
        for account, email in [(ps.doha, "snv@demo.example"), (ps.commune_official, "xa@demo.example")]:
            account.email = email
            account.save(update_fields=["email"])
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            first = duties_remind()
        late = [d for d in _demo_duties() if d.due is not None and d.due < timezone.localdate()]
        assert len(late) == sum(LATE[code].values())
        assert LateMark.objects.filter(obligation__in=late).count() == len(late)
        for duty in late:
            assert Reminder.objects.filter(obligation=duty, stage=ReminderStage.LATE).exists()
        assert first.marked_late == len(late)
        assert first.sent == Reminder.objects.count() == len(mail.outbox)
        assert (first.sent > 0) == bool(LATE[code])
        sent = len(mail.outbox)
        with django_capture_on_commit_callbacks(execute=True):
            second = duties_daily()  # the Celery task, run in the province's schema
        assert second == {"marked_late": 0, "sent": 0}
        assert len(mail.outbox) == sent
        assert Reminder.objects.count() == first.sent


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
