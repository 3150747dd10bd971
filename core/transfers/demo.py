"""Open duties for a demo province, some late on the day the demo is built, so the DoHA's
compliance table has something to show and the daily run something to remind about.

Every duty comes from the real services with past event dates (a decision recorded weeks
ago, a handover 20 working days ago, a change in someone's life 30 working days ago), so its
due date is the one the province's own rules give; none is written by hand. The people are
the demo personas nobody else acts on (the commune official, and the official of the agency
merged in 2025), so the personas' other workflows stay free.

What each province's texts set (rules/domain/presets.py) decides what is late:
- move to another unit: the old unit's handover from the decision (Sơn La 5, Lào Cai 10, Lai Châu 5),
  or, where only the take-over is counted, the new unit's take-over after the handover (Bình Thuận 5);
  Tuyên Quang none;
- leaving: Lai Châu 10, Lào Cai 10, Sơn La 5; Bình Thuận and Tuyên Quang none;
- a personal update: Lai Châu 15, Lào Cai 15, Bình Thuận 5; Sơn La and Tuyên Quang none.
Tuyên Quang's text sets no day count for any duty: its demo duties are open with no due date.
Its late items are its scheduled reports instead (every unit reports by 10 January, Điều 8
khoản 5): the daily run (core.transfers.services.daily) tracks the year's reports as duties
and reminds about the late ones, as it does in every province whose rules ask for reports.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from core.base.accounts.models import Account
from core.models import OrgUnit, Person
from core.services.change_sets import change_set_create
from core.transfers.models import LeaveReason, TransferKind
from core.transfers.services.transfers import Decision, transfer_handover, transfer_start
from rules.domain.calendar import WorkingCalendar
from rules.selectors import deadline_for, working_calendar

# Which duties each province's demo holds: (merged agency's official, commune official).
MOVE, LEAVE, UPDATE = "move", "leave", "update"
DEMO_DUTIES: dict[str, tuple[str, str]] = {
    # Lào Cai's and Lai Châu's tests own the take-over duties of their provinces and Lào Cai's
    # change-set tests its only change set: their demo duties are leavings (and an update).
    "lao-cai": (LEAVE, LEAVE),
    "lai-chau": (LEAVE, UPDATE),
    "son-la": (MOVE, LEAVE),
    "binh-thuan": (MOVE, UPDATE),
    "tuyen-quang": (MOVE, UPDATE),
}
DECIDED_WORKING_DAYS_AGO = 25  # the decision on a move or a leaving
HANDED_OVER_WORKING_DAYS_AGO = 20  # the old unit's handover: the take-over is owed since
CHANGED_WORKING_DAYS_AGO = 30  # the change in someone's life their update is owed for


@dataclass(frozen=True)
class DemoDutyPeople:
    doha: Account
    merged: Person  # the official of Sở Thông tin và Truyền thông, in Sở KH&CN since 2025
    commune_official: Person
    move_to: OrgUnit  # where the merged agency's official moves (Sở Tư pháp)


def working_days_before(calendar: WorkingCalendar, day: date, n: int) -> date:
    """The working day `n` working days before `day` (so that n working days after it is `day` or later)."""
    counted = 0
    while counted < n:
        day -= timedelta(days=1)
        counted += calendar.is_working_day(day)
    return day


def demo_duties_open(*, province_code: str, people: DemoDutyPeople, today: date | None = None) -> None:
    """Open the province's demo duties through the services, dated before `today`."""
    if province_code not in DEMO_DUTIES:
        return
    today = today or timezone.localdate()
    calendar = working_calendar()
    decided = working_days_before(calendar, today, DECIDED_WORKING_DAYS_AGO)
    handed_over = working_days_before(calendar, today, HANDED_OVER_WORKING_DAYS_AGO)
    changed = working_days_before(calendar, today, CHANGED_WORKING_DAYS_AGO)
    for person, duty in zip((people.merged, people.commune_official), DEMO_DUTIES[province_code], strict=True):
        if duty == MOVE:
            transfer = transfer_start(
                acting_user=people.doha, kind=TransferKind.MOVE_TO_OTHER_UNIT, person=person,
                to_unit=people.move_to, effective_on=decided, position="Chuyên viên",
                decision=Decision(number="215/QĐ-UBND", date=decided, signer="Chủ tịch UBND tỉnh"))
            if deadline_for(event="move_to_other_unit", on=decided).due is not None:
                continue  # the old unit owes the handover (Lai Châu 2.7, Lào Cai 11.3, Sơn La 8)
            transfer_handover(acting_user=people.doha, transfer=transfer, decision=Decision(
                number="48/BB-SKHCN", date=handed_over, signer="Giám đốc Sở Khoa học và Công nghệ",
                note="Biên bản bàn giao hồ sơ; đơn vị tiếp nhận chưa tiếp nhận."))
        elif duty == LEAVE:
            transfer_start(
                acting_user=people.doha, kind=TransferKind.LEAVE, person=person, effective_on=decided,
                leave_reason=LeaveReason.RETIRED,
                decision=Decision(number="312/QĐ-UBND", date=decided, signer="Chủ tịch UBND tỉnh",
                                  note="Nghỉ hưu theo chế độ; đơn vị chưa cập nhật tình trạng hồ sơ."))
        else:
            account = person.account
            assert account is not None
            change_set_create(acting_user=account, person=person, changed_on=changed,
                              note="Được cử đi học bồi dưỡng; chưa cập nhật vào hồ sơ.")
