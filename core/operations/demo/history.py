"""The demo province's past, so its pages show a province at work rather than one born today:
months already approved at the unit and at the province level (one month on time, in the
regulation's windows; a later one late, in exceptional windows the DoHA opened after the
regular ones closed), transfers in every state of their workflow that the province's rules
allow, and the duties they open in every state (open, due today, late, done).

Everything goes through the services, dated in the past (the approval's day, the decision's
day), so every window, due date and signature is the one the province's own rules give; the
signatures are the demo keys' (core.operations.demo.signing, which must have run). Only
generated people are used (core.operations.demo.population): the personas stay as documented,
and Sở Tài chính's changes are approved months ago, never today, so the personas' own queue is
untouched. Run once, when the province is built with generated people.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django_tenants.utils import tenant_context

from core.approvals.key_store import signer_for_account
from core.approvals.models import ApprovalLevel, MonthlyApproval
from core.approvals.services.approvals import province_approval_sign, unit_approval_sign
from core.approvals.services.exceptional_windows import exceptional_window_open
from core.base.accounts.models import Account
from core.models import (
    ChangeSet,
    Gender,
    OrgUnit,
    OrgUnitKind,
    Person,
    PersonCategory,
    Role,
    RoleGrant,
)
from core.operations.demo.population import GENERATED_ID
from core.services.change_sets import (
    change_set_create,
    change_set_review,
    change_set_submit,
    change_set_values_set,
)
from core.transfers.models import LeaveReason, TransferKind
from core.transfers.services.transfers import (
    DOHA_REQUEST_FLOW,
    Decision,
    arrival_flow,
    transfer_doha_request,
    transfer_handover,
    transfer_receive,
    transfer_start,
    transfer_take_over,
)
from rules.domain.compute import WindowDate
from rules.selectors import approval_windows_for, deadline_for, working_calendar
from tenants.models import Province

CHANGES_PER_MONTH = 2
LATE_REASON = "Cơ quan, đơn vị chưa phê duyệt trong thời gian quy định; Sở Nội vụ mở thời gian phê duyệt bổ sung."
ARRIVAL_SERIAL = 99_001  # below the generated people's serials, above the personas'


@dataclass(frozen=True)
class DemoHistory:
    approvals: list[MonthlyApproval]
    transfers: int


def demo_history_add(*, doha: Account, finance: OrgUnit, id_prefix: str, today: date | None = None) -> DemoHistory:
    """Approve two past months of generated people's changes in `finance` (the unit of the
    demo approver and officer), and start transfers in every state; nothing when the province
    has no generated people or already holds an approval."""
    today = today or timezone.localdate()
    people = list(Person.objects.filter(national_id__regex=GENERATED_ID).select_related("org_unit")
                  .order_by("national_id")[:200])
    if not people or MonthlyApproval.objects.exists():
        return DemoHistory(approvals=[], transfers=0)
    with transaction.atomic():
        approvals = _months_approve(doha, finance, today)
        transfers = _transfers_start(doha, people, finance, id_prefix, today)
    return DemoHistory(approvals=approvals, transfers=transfers)


# --- approvals ---------------------------------------------------------------------------------


def _months_approve(doha: Account, finance: OrgUnit, today: date) -> list[MonthlyApproval]:
    approver = _holder(Role.APPROVER, finance)
    officer = _holder(Role.UNIT_OFFICER, finance)
    if approver is None or officer is None:
        return []
    people = list(Person.objects.filter(national_id__regex=GENERATED_ID, org_unit__path__startswith=finance.path)
                  .order_by("national_id")[: 2 * CHANGES_PER_MONTH])
    on_time, late = _month_of(today, 3), _month_of(today, 2)
    windows = [w for year in (today.year - 1, today.year) for w in approval_windows_for(year=year)]
    done: list[MonthlyApproval] = []
    for month, batch, in_time in ((on_time, people[:CHANGES_PER_MONTH], True),
                                  (late, people[CHANGES_PER_MONTH:], False)):
        unit_day = _approval_day(doha, ApprovalLevel.UNIT, month, today, in_time=in_time, all_windows=windows)
        if unit_day is None or not batch:
            continue
        province_day = _approval_day(doha, ApprovalLevel.PROVINCE, month, today, in_time=in_time,
                                     all_windows=windows, after=unit_day)
        ids = [_reviewed(doha, officer, person, month).pk for person in batch]
        done += unit_approval_sign(acting_user=approver, change_set_ids=ids, signer=signer_for_account(approver),
                                   on=unit_day)
        if province_day is not None:
            done.append(province_approval_sign(acting_user=doha, signer=signer_for_account(doha), on=province_day))
    return done


def _approval_day(doha: Account, level: str, month: str, today: date, *, in_time: bool,
                  all_windows: list[WindowDate], after: date | None = None) -> date | None:
    """A day before `today` (and after `after`) to approve `month` at `level`: inside the
    regulation's window, or (late) a working day after that window closed and outside any
    regular one, for which the DoHA opens an exceptional window; None when there is none."""
    windows = [w for w in all_windows if w.level == level]
    regular = next((w for w in windows if w.month == month), None)
    if regular is None:
        return None
    if in_time:
        day = max(regular.opens, after + timedelta(days=1)) if after is not None else regular.opens
        return day if day <= regular.closes and day < today else None
    day = max(regular.closes, after or regular.closes) + timedelta(days=1)
    while day < today:
        if day.weekday() < 5 and not any(w.opens <= day <= w.closes for w in windows):
            exceptional_window_open(acting_user=doha, level=level, month=month, opens=day, closes=day,
                                    reason=LATE_REASON)
            return day
        day += timedelta(days=1)
    return None


def _reviewed(doha: Account, officer: Account, person: Person, month: str) -> ChangeSet:
    """A new phone number (no proving document needed), submitted and found in order."""
    change_set = change_set_create(acting_user=doha, person=person, changed_on=date.fromisoformat(f"{month}-10"))
    change_set_values_set(acting_user=doha, change_set=change_set, expected_version=change_set.version,
                          group="dossier", values={"phone": f"0983{person.pk % 1_000_000:06d}"})
    change_set = change_set_submit(acting_user=doha, change_set=change_set, expected_version=change_set.version)
    return change_set_review(acting_user=officer, change_set=change_set, expected_version=change_set.version)


# --- transfers ---------------------------------------------------------------------------------


def _transfers_start(doha: Account, people: list[Person], finance: OrgUnit, id_prefix: str, today: date) -> int:
    """Moves started (one whose handover falls due today where the rules give a due date, one
    decided today), one handed over (its take-over owed), one taken over (done); a leaving
    decided today; an arrival from outside the province, asked of the DoHA where the rules
    have the DoHA sync it (else the receiving unit syncs it itself: no "requested" state)."""
    agencies = list(OrgUnit.objects.filter(kind=OrgUnitKind.AGENCY, dissolved_on__isnull=True)
                    .exclude(path__startswith=finance.path).order_by("path"))
    movers = [p for p in people if not p.org_unit.path.startswith(finance.path)][:5]
    if len(agencies) < 2 or len(movers) < 5:
        return 0
    made = 0
    for person, decided, steps in ((movers[0], _decided_for_today(today), 0), (movers[1], today, 0),
                                   (movers[2], today - timedelta(days=30), 1),
                                   (movers[3], today - timedelta(days=45), 2)):
        to_unit = next(a for a in agencies if not person.org_unit.path.startswith(a.path))
        transfer = transfer_start(acting_user=doha, kind=TransferKind.MOVE_TO_OTHER_UNIT, person=person,
                                  to_unit=to_unit, effective_on=decided, position="Chuyên viên",
                                  decision=Decision(number=f"{100 + made}/QĐ-UBND", date=decided,
                                                    signer="Chủ tịch UBND tỉnh"))
        if steps >= 1:
            transfer = transfer_handover(acting_user=doha, transfer=transfer, decision=Decision(
                number=f"{20 + made}/BB-BG", date=decided + timedelta(days=7), signer="Thủ trưởng đơn vị",
                note="Biên bản bàn giao hồ sơ."))
        if steps >= 2:
            transfer_take_over(acting_user=doha, transfer=transfer, decision=Decision(
                number=f"{30 + made}/BB-TN", date=decided + timedelta(days=14), signer="Thủ trưởng đơn vị",
                note="Biên bản tiếp nhận hồ sơ."))
        made += 1
    transfer_start(acting_user=doha, kind=TransferKind.LEAVE, person=movers[4], effective_on=today,
                   leave_reason=LeaveReason.RESIGNED,
                   decision=Decision(number="401/QĐ-UBND", date=today, signer="Chủ tịch UBND tỉnh"))
    received = transfer_receive(
        acting_user=doha, kind=TransferKind.ARRIVAL_FROM_OUTSIDE, to_unit=agencies[0],
        national_id=f"{id_prefix}0{88:02d}{ARRIVAL_SERIAL:06d}", full_name="Trần Văn Hòa", gender=Gender.MALE,
        category=PersonCategory.CONG_CHUC, effective_on=today - timedelta(days=10), birth_year=1988,
        position="Chuyên viên", origin="Sở Nội vụ tỉnh Yên Bái",
        decision=Decision(number="77/QĐ-UBND", date=today - timedelta(days=10), signer="Chủ tịch UBND tỉnh"))
    if arrival_flow(today) == DOHA_REQUEST_FLOW:
        transfer_doha_request(acting_user=doha, transfer=received.transfer, decision=Decision(
            number="12/CV-TN", date=today - timedelta(days=3), signer="Thủ trưởng đơn vị",
            note="Đề nghị Sở Nội vụ đồng bộ dữ liệu từ CSDL quốc gia."))
    return made + 2


def _decided_for_today(today: date) -> date:
    """The decision day whose handover falls due today under the province's rules (on a day off,
    the next working day: no duty falls due on one); today itself where the rules set no day
    count."""
    calendar = working_calendar()
    due_on = demo_due_day(today)
    for back in range(1, 60):
        day = today - timedelta(days=back)
        due = deadline_for(event="move_to_other_unit", on=day, calendar=calendar).due
        if due is None or due < due_on:
            break
        if due == due_on:
            return day
    return today


def demo_due_day(today: date) -> date:
    """The first working day from `today` on: the day the demo's "due today" duty falls due."""
    calendar = working_calendar()
    day = today
    while not calendar.is_working_day(day):
        day += timedelta(days=1)
    return day


def _holder(role: str, unit: OrgUnit) -> Account | None:
    grant = (RoleGrant.objects.filter(role=role, org_unit=unit, revoked_at__isnull=True)
             .select_related("account").order_by("pk").first())
    return grant.account if grant is not None else None


def _month_of(today: date, back: int) -> str:
    year, month = today.year, today.month - back
    while month < 1:
        year, month = year - 1, month + 12
    return f"{year}-{month:02d}"


def demo_history_ensure(province: Province) -> DemoHistory:
    """The history of a demo province built with generated people (hoso_setup, after its keys)."""
    from core.operations.demo.data import PROVINCE_DATA, demo_persona_id
    from core.operations.onboarding import DOHA_ADMIN_USERNAME

    if province.code not in PROVINCE_DATA:
        return DemoHistory(approvals=[], transfers=0)
    with tenant_context(province):
        grant = (RoleGrant.objects.filter(role=Role.APPROVER, revoked_at__isnull=True,
                                          account__username=demo_persona_id(province, Role.APPROVER))
                 .select_related("org_unit").first())
        if grant is None:
            return DemoHistory(approvals=[], transfers=0)
        return demo_history_add(doha=Account.objects.get(username=DOHA_ADMIN_USERNAME), finance=grant.org_unit,
                                id_prefix=PROVINCE_DATA[province.code].id_prefix)
