"""The monthly approvals as tracked duties: while Lào Cai's unit window is open (21–25/12/2026,
Điều 7 khoản 2), a unit with reviewed change sets waiting owes its approval by the window's
last day; in the province window (27–31/12, Điều 7 khoản 1) the DoHA owes the month's. The
approval closes the duty; the first run inside a window tells the approvers it is open."""

from datetime import date
from typing import Any

import pytest
from django.core import mail

from core.approvals.services.approvals import (
    province_approval_sign,
    unit_approval_return,
    unit_approval_sign,
)
from core.approvals.services.duties import approval_duties_ensure
from core.models import Obligation, ObligationKind, ObligationState
from core.transfers.models import Announcement, Notification
from core.transfers.selectors import duty_list_for_user
from core.transfers.services.daily import duties_daily_run
from tests.core.approvals.conftest import (
    PROVINCE_DAY,
    UNIT_DAY,
    Pki,
    colleague_in_finance,
    reviewed_change_set,
)
from tests.core.conftest import Personas
from tests.core.transfers.conftest import unit

pytestmark = pytest.mark.django_db

OPENS, CLOSES = date(2026, 12, 21), date(2026, 12, 25)
PROVINCE_OPENS = date(2026, 12, 27)
UNIT_WINDOW_OPEN = "Đã mở thời gian phê duyệt dữ liệu tháng 12/2026: từ 21/12/2026 đến 25/12/2026"


def _unit_duties() -> list[Obligation]:
    return list(Obligation.objects.filter(kind=ObligationKind.UNIT_APPROVAL).select_related("org_unit"))


def test_a_unit_with_reviewed_sets_waiting_owes_its_approval_in_the_window(lc: Personas, pki: Pki) -> None:
    change_set = reviewed_change_set(lc)
    assert approval_duties_ensure(today=date(2026, 12, 20)).opened == 0  # the window is not open yet
    assert approval_duties_ensure(today=OPENS).opened == 1
    assert approval_duties_ensure(today=date(2026, 12, 22)).opened == 0  # once per unit and month

    [duty] = _unit_duties()
    finance = unit("Sở Tài chính")
    assert (duty.org_unit, duty.person, duty.reference) == (finance, None, f"approval:unit:{finance.pk}:2026-12")
    assert (duty.event_date, duty.due, duty.state) == (OPENS, CLOSES, ObligationState.OPEN)
    assert duty.citation.startswith("Điều 7 khoản 2, ")
    assert duty.about == "Dữ liệu tháng 12/2026 (Sở Tài chính)"
    assert list(duty_list_for_user(user=lc.approver)) == [duty]
    assert not duty_list_for_user(user=lc.officer).exists()

    unit_approval_sign(acting_user=lc.approver, change_set_ids=[change_set.pk], signer=pki.signer_for(lc.approver),
                       on=UNIT_DAY)
    duty.refresh_from_db()
    assert duty.state == ObligationState.DONE and duty.done_at is not None
    assert not duty_list_for_user(user=lc.approver).exists()


def test_an_approval_that_leaves_sets_waiting_keeps_the_duty_open(lc: Personas, pki: Pki) -> None:
    first = reviewed_change_set(lc)
    second = reviewed_change_set(lc, colleague_in_finance(lc))
    approval_duties_ensure(today=OPENS)
    unit_approval_sign(acting_user=lc.approver, change_set_ids=[first.pk], signer=pki.signer_for(lc.approver),
                       on=UNIT_DAY)
    [duty] = _unit_duties()
    assert duty.state == ObligationState.OPEN

    # Returned instead of approved: nothing waits any more, and the next run closes the duty.
    unit_approval_return(acting_user=lc.approver, change_set_id=second.pk, reason="Thiếu quyết định.", on=UNIT_DAY)
    assert approval_duties_ensure(today=UNIT_DAY).closed == 1
    [duty] = _unit_duties()
    assert duty.state == ObligationState.DONE


def test_a_unit_with_nothing_waiting_owes_nothing(lc: Personas) -> None:
    assert approval_duties_ensure(today=OPENS).opened == 0
    assert not _unit_duties()


def test_the_window_opening_is_announced_once_to_the_approvers(
    lc: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    lc.approver.email = "gd.stc@laocai.example"
    lc.approver.save(update_fields=["email"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert approval_duties_ensure(today=OPENS).announced == 1  # the province's only approver
    with django_capture_on_commit_callbacks(execute=True):
        assert approval_duties_ensure(today=UNIT_DAY).announced == 0

    [message] = mail.outbox
    assert (message.to, message.subject) == (["gd.stc@laocai.example"], UNIT_WINDOW_OPEN)
    assert message.body.startswith(f"{UNIT_WINDOW_OPEN}.\nThời gian phê duyệt của cơ quan, đơn vị theo quy chế "
                                   "của tỉnh; căn cứ: Điều 7 khoản 2, ")
    notification = Notification.objects.get(account=lc.approver)
    assert (notification.title, notification.link) == (UNIT_WINDOW_OPEN, "/phe-duyet/")
    assert Announcement.objects.get().key == "approval-window:unit:2026-12"


def test_the_dohas_province_approval_is_a_duty_until_signed(
    lc: Personas, pki: Pki, django_capture_on_commit_callbacks: Any
) -> None:
    sets = [reviewed_change_set(lc), reviewed_change_set(lc, colleague_in_finance(lc))]
    unit_approval_sign(acting_user=lc.approver, change_set_ids=[s.pk for s in sets],
                       signer=pki.signer_for(lc.approver), on=UNIT_DAY)
    with django_capture_on_commit_callbacks(execute=True):
        result = approval_duties_ensure(today=PROVINCE_DAY)
    assert (result.opened, result.announced) == (1, 1)  # the DoHA's duty, and its window told once
    duty = Obligation.objects.get(kind=ObligationKind.PROVINCE_APPROVAL)
    assert (duty.reference, duty.org_unit.parent_id, duty.event_date, duty.due) == (
        "approval:province:2026-12", None, PROVINCE_OPENS, date(2026, 12, 31))
    assert duty.about == "Dữ liệu tháng 12/2026 của toàn tỉnh"
    assert duty in duty_list_for_user(user=lc.doha)

    province_approval_sign(acting_user=lc.doha, signer=pki.signer_for(lc.doha), on=PROVINCE_DAY)
    duty.refresh_from_db()
    assert duty.state == ObligationState.DONE


def test_the_daily_run_opens_the_duty_and_tells_the_approver_once(
    lc: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    reviewed_change_set(lc)
    with django_capture_on_commit_callbacks(execute=True):
        first = duties_daily_run(today=OPENS)
    with django_capture_on_commit_callbacks(execute=True):
        second = duties_daily_run(today=OPENS)
    assert (first.approval_duties_opened, first.windows_announced) == (1, 1)
    assert (second.approval_duties_opened, second.windows_announced, second.sent) == (0, 0, 0)
    assert Notification.objects.filter(account=lc.approver, title=UNIT_WINDOW_OPEN).count() == 1
