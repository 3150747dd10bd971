"""Transfers and leaving (province-rules.md section 3) as workflows of recorded steps.

Each step is one service: keyword-only, an `acting_user`, one transaction, an audit row, the
written decision behind it (`Decision`), the duty it closes and the one it opens for whoever
acts next, with the due date from the rules in force on the event's date.

- move within a unit: start (decision) → move (the unit moves the dossier to the department);
- move to another unit: start → handover by the old unit, due n working days after the
  decision takes effect (Lai Châu 2.7 and Sơn La Art. 8: 5, Lào Cai Art. 11.3: 10), which at
  once revokes the person's roles in it (Bình Thuận Art. 11.3) → take-over by the new unit,
  due n working days after the handover (Bình Thuận Art. 11.3: 5; the others set no count);
- arrival from outside the province: receive (account created) → the unit's written request
  to the DoHA → the DoHA syncs from the national database;
- arrival from a system that cannot sync (Party, mass organisations): receive, a new dossier;
- leaving: start → archive (status, access revoked, dossier kept in the archive).

Every step that changes the dossier records an approved change set with its decision and a
national sync packet the same day (`core.transfers.services.dossier`).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.files.base import File
from django.db import transaction
from django.utils import timezone

from core.base.accounts.models import Account
from core.base.audit.services import audit_record
from core.base.errors import ApplicationError
from core.models import (
    Obligation,
    ObligationState,
    OrgUnit,
    OrgUnitKind,
    Person,
    PersonStatus,
    Placement,
    Role,
    RoleGrant,
    WorkHistory,
)
from core.permissions import ADMIN_ROLES, role_require
from core.services.attachments import ATTACHMENT_MAX_BYTES, MAGIC_BYTES
from core.services.obligations import obligation_close, obligation_open
from core.services.people import person_account_create, person_create, person_leave
from core.transfers.models import (
    DutyKind,
    LeaveReason,
    StepAction,
    Transfer,
    TransferKind,
    TransferState,
    TransferStep,
)
from core.transfers.services.dossier import ActionRecord, dossier_action_record
from rules.domain.registry import RuleKey

LEAVE_STATUS = {
    LeaveReason.LEFT_PROVINCE: PersonStatus.MOVED_OUT,
    LeaveReason.LEFT_STATE_SECTOR: PersonStatus.MOVED_OUT,
    LeaveReason.RETIRED: PersonStatus.RETIRED,
    LeaveReason.RESIGNED: PersonStatus.RESIGNED,
    LeaveReason.CONTRACT_ENDED: PersonStatus.RESIGNED,
    LeaveReason.DECEASED: PersonStatus.DECEASED,
}
WRONG_STEP = "Hồ sơ chuyển giao này không ở bước “{step}”."
WRONG_FILE = "Tệp văn bản phải là PDF, JPEG hoặc PNG, không quá 10 MB."
# The arrival flows of rules.domain.registry.ARRIVAL_FLOWS.
UNIT_SYNCS, DOHA_REQUEST_FLOW = "unit_syncs", "doha_request"


@dataclass(frozen=True)
class Decision:
    """The written decision behind a step (quyết định, biên bản bàn giao, công văn)."""

    number: str
    date: date
    signer: str
    file: File | None = None
    note: str = ""

    def errors(self) -> dict[str, str]:
        errors = {}
        if not self.number.strip():
            errors["decision_number"] = "Nhập số văn bản."
        if not self.signer.strip():
            errors["signer"] = "Nhập người ký văn bản."
        if self.file is not None and not _file_accepted(self.file):
            errors["file"] = WRONG_FILE
        return errors


@dataclass(frozen=True)
class Received:
    transfer: Transfer
    # The personal account's first password, shown once to the receiving unit's admin.
    password: str


def transfer_start(
    *, acting_user: Account, kind: str, person: Person, effective_on: date, decision: Decision,
    to_unit: OrgUnit | None = None, leave_reason: str = "", position: str = "",
) -> Transfer:
    """The managing unit records a move or a leaving decision; its duty starts."""
    with transaction.atomic():
        person = Person.objects.select_for_update(of=("self",)).select_related("org_unit").get(pk=person.pk)
        role_require(acting_user, roles=ADMIN_ROLES, org_unit=person.org_unit)
        errors = decision.errors() | _start_errors(kind, person, to_unit, leave_reason)
        if errors:
            raise ApplicationError.for_fields(errors, "Chưa thể ghi nhận: dữ liệu chưa hợp lệ.")
        transfer = Transfer.objects.create(
            kind=kind, person=person, from_unit=person.org_unit, to_unit=to_unit if kind != TransferKind.LEAVE else None,
            leave_reason=leave_reason if kind == TransferKind.LEAVE else "", position=position.strip()[:200],
            effective_on=effective_on, started_by=acting_user,
        )
        duty_kind, event = {
            TransferKind.MOVE_WITHIN_UNIT: (DutyKind.MOVE_WITHIN_UNIT, "move_within_unit"),
            # The old unit's handover, counted from the decision (Lai Châu 2.7, Lào Cai Art.
            # 11.3, Sơn La Art. 8); the new unit's take-over has its own rule from the handover.
            TransferKind.MOVE_TO_OTHER_UNIT: (DutyKind.HANDOVER, "move_to_other_unit"),
            TransferKind.LEAVE: (DutyKind.LEAVE, "leave"),
        }[TransferKind(kind)]
        duty = obligation_open(kind=duty_kind, person=person, org_unit=unit_managing(person.org_unit), deadline_event=event,
                         event_date=effective_on)
        _step(transfer, StepAction.START, decision, acting_user, opened=duty)
        return transfer


def transfer_move(*, acting_user: Account, transfer: Transfer, decision: Decision) -> Transfer:
    """The unit moves the dossier to the new department (move within a unit)."""
    with transaction.atomic():
        transfer = _locked(transfer, TransferKind.MOVE_WITHIN_UNIT, TransferState.STARTED, StepAction.MOVE)
        assert transfer.from_unit is not None and transfer.to_unit is not None
        role_require(acting_user, roles=ADMIN_ROLES, org_unit=transfer.from_unit)
        _decision_check(decision)
        _relocate(transfer, acting_user, StepAction.MOVE, decision)
        duty = _duty_of(transfer, DutyKind.MOVE_WITHIN_UNIT)
        _finish(transfer)
        _step(transfer, StepAction.MOVE, decision, acting_user, closed=obligation_close(duty))
        return transfer


def transfer_handover(*, acting_user: Account, transfer: Transfer, decision: Decision) -> Transfer:
    """The old unit hands the dossier over on `decision.date` and, at once, revokes the person's
    roles in the old unit (Bình Thuận Art. 11.3); the new unit's take-over is due from then."""
    with transaction.atomic():
        transfer = _locked(transfer, TransferKind.MOVE_TO_OTHER_UNIT, TransferState.STARTED, StepAction.HANDOVER)
        assert transfer.from_unit is not None and transfer.to_unit is not None
        role_require(acting_user, roles=ADMIN_ROLES, org_unit=transfer.from_unit)
        _decision_check(decision)
        _access_revoke(acting_user, transfer, within=unit_managing(transfer.from_unit))
        _relocate(transfer, acting_user, StepAction.HANDOVER, decision)
        closed = obligation_close(_duty_of(transfer, DutyKind.HANDOVER))
        opened = obligation_open(kind=DutyKind.TAKE_OVER, person=transfer.person, org_unit=unit_managing(transfer.to_unit),
                           deadline_event="take_over", event_date=decision.date)
        transfer.state = TransferState.HANDED_OVER
        transfer.save(update_fields=["state"])
        _step(transfer, StepAction.HANDOVER, decision, acting_user, closed=closed, opened=opened)
        return transfer


def transfer_take_over(*, acting_user: Account, transfer: Transfer, decision: Decision) -> Transfer:
    """The new unit takes the dossier over (and its data from then on)."""
    with transaction.atomic():
        transfer = _locked(transfer, TransferKind.MOVE_TO_OTHER_UNIT, TransferState.HANDED_OVER, StepAction.TAKE_OVER)
        assert transfer.to_unit is not None
        role_require(acting_user, roles=ADMIN_ROLES, org_unit=transfer.to_unit)
        _decision_check(decision)
        closed = obligation_close(_duty_of(transfer, DutyKind.TAKE_OVER))
        _finish(transfer)
        _step(transfer, StepAction.TAKE_OVER, decision, acting_user, closed=closed)
        return transfer


def transfer_receive(
    *, acting_user: Account, kind: str, to_unit: OrgUnit, national_id: str, full_name: str, gender: str,
    category: str, effective_on: date, decision: Decision, origin: str, birth_date: date | None = None,
    birth_year: int | None = None, position: str = "",
) -> Received:
    """The receiving unit takes in someone from outside the province, then, as the province's
    rules say (transfer.arrival_flow), either asks the DoHA in writing to sync their data (Lào Cai
    Art. 11.1, Bình Thuận Art. 11.1) or syncs it itself (Lai Châu 2.7), or from a system that
    cannot sync (a new dossier)."""
    with transaction.atomic():
        role_require(acting_user, roles=ADMIN_ROLES, org_unit=to_unit)
        errors = decision.errors()
        if kind not in (TransferKind.ARRIVAL_FROM_OUTSIDE, TransferKind.ARRIVAL_NO_SYNC):
            errors["kind"] = "Loại tiếp nhận không hợp lệ."
        if not origin.strip():
            errors["origin"] = "Nhập nơi chuyển đến từ."
        if errors:
            raise ApplicationError.for_fields(errors, "Chưa thể tiếp nhận: dữ liệu chưa hợp lệ.")
        person = person_create(acting_user=acting_user, org_unit=to_unit, national_id=national_id,
                               full_name=full_name, gender=gender, category=category, start=effective_on,
                               birth_date=birth_date, birth_year=birth_year, position=position)
        issued = person_account_create(acting_user=acting_user, person=person)
        person.account = issued.account
        transfer = Transfer.objects.create(kind=kind, person=person, to_unit=to_unit, origin=origin.strip()[:300],
                                           position=position.strip()[:200], effective_on=effective_on,
                                           started_by=acting_user)
        WorkHistory.objects.create(person=person, start=effective_on, unit_name=unit_label(to_unit),
                                   position=transfer.position)
        _dossier_record(transfer, StepAction.RECEIVE if kind == TransferKind.ARRIVAL_FROM_OUTSIDE
                        else StepAction.NEW_DOSSIER, decision, acting_user,
                        previous={}, values={"org_unit": to_unit.pk, "status": person.status})
        if kind == TransferKind.ARRIVAL_FROM_OUTSIDE:
            # Lai Châu 2.7: the receiving unit creates the account and syncs within 10 wd itself.
            first = DutyKind.TAKE_OVER if arrival_flow(effective_on) == UNIT_SYNCS else DutyKind.DOHA_REQUEST
            duty = obligation_open(kind=first, person=person, org_unit=unit_managing(to_unit),
                             deadline_event="transfer_in_from_outside", event_date=effective_on)
            _step(transfer, StepAction.RECEIVE, decision, acting_user, opened=duty)
        else:
            _finish(transfer)
            _step(transfer, StepAction.NEW_DOSSIER, decision, acting_user)
        return Received(transfer=transfer, password=issued.password)


def transfer_unit_sync(*, acting_user: Account, transfer: Transfer, decision: Decision) -> Transfer:
    """Where the rules have the receiving unit sync the arrival's data itself (Lai Châu 2.7): the
    unit records that it synced them from the national database, which closes the transfer."""
    with transaction.atomic():
        transfer = _locked(transfer, TransferKind.ARRIVAL_FROM_OUTSIDE, TransferState.STARTED, StepAction.TAKE_OVER)
        assert transfer.to_unit is not None
        role_require(acting_user, roles=ADMIN_ROLES, org_unit=transfer.to_unit)
        _decision_check(decision)
        closed = obligation_close(_duty_of(transfer, DutyKind.TAKE_OVER))
        _finish(transfer)
        _step(transfer, StepAction.TAKE_OVER, decision, acting_user, closed=closed)
        return transfer


def arrival_flow(on: date) -> str:
    """"unit_syncs" or "doha_request": who syncs an arrival from outside, by the rules in force on `on`."""
    from rules.selectors import rules_effective

    return str(rules_effective(as_of=on).value(RuleKey.ARRIVAL_FLOW) or DOHA_REQUEST_FLOW)


def transfer_doha_request(*, acting_user: Account, transfer: Transfer, decision: Decision) -> Transfer:
    """The receiving unit's written request to the DoHA to sync from the national database."""
    with transaction.atomic():
        transfer = _locked(transfer, TransferKind.ARRIVAL_FROM_OUTSIDE, TransferState.STARTED, StepAction.DOHA_REQUEST)
        assert transfer.to_unit is not None
        role_require(acting_user, roles=ADMIN_ROLES, org_unit=transfer.to_unit)
        _decision_check(decision)
        closed = obligation_close(_duty_of(transfer, DutyKind.DOHA_REQUEST))
        root = OrgUnit.objects.get(parent__isnull=True)
        opened = obligation_open(kind=DutyKind.DOHA_SYNC, person=transfer.person, org_unit=root, deadline_event=None,
                           event_date=decision.date)
        transfer.state = TransferState.REQUESTED
        transfer.save(update_fields=["state"])
        _step(transfer, StepAction.DOHA_REQUEST, decision, acting_user, closed=closed, opened=opened)
        return transfer


def transfer_doha_sync(*, acting_user: Account, transfer: Transfer, decision: Decision) -> Transfer:
    """The DoHA records that it synced (or created) the person's data."""
    with transaction.atomic():
        transfer = _locked(transfer, TransferKind.ARRIVAL_FROM_OUTSIDE, TransferState.REQUESTED, StepAction.DOHA_SYNC)
        role_require(acting_user, roles=[Role.DOHA_ADMIN], org_unit=transfer.person.org_unit)
        _decision_check(decision)
        closed = obligation_close(_duty_of(transfer, DutyKind.DOHA_SYNC))
        _finish(transfer)
        _step(transfer, StepAction.DOHA_SYNC, decision, acting_user, closed=closed)
        return transfer


def transfer_archive(*, acting_user: Account, transfer: Transfer, decision: Decision) -> Transfer:
    """The unit updates a leaver's status: every role revoked, the account closed, the dossier
    kept read-only in the archive of the unit they left (Bình Thuận Art. 11.2, 11.5)."""
    with transaction.atomic():
        transfer = _locked(transfer, TransferKind.LEAVE, TransferState.STARTED, StepAction.ARCHIVE)
        assert transfer.from_unit is not None
        role_require(acting_user, roles=ADMIN_ROLES, org_unit=transfer.person.org_unit)
        _decision_check(decision)
        person = transfer.person
        _access_revoke(acting_user, transfer, within=None)
        reason = LeaveReason(transfer.leave_reason)
        WorkHistory.objects.filter(person=person, end__isnull=True).update(end=transfer.effective_on)
        WorkHistory.objects.create(person=person, start=transfer.effective_on, unit_name=reason.label,
                                   duties=f"{decision.number}, {decision.signer}"[:500])
        previous_status = person.status
        person_leave(acting_user=acting_user, person=person, status=LEAVE_STATUS[reason], on=transfer.effective_on,
                     reason=reason.label)
        # Their own duties end with the account: nobody is left to meet them.
        if person.account_id is not None:
            Obligation.objects.filter(account_id=person.account_id, state=ObligationState.OPEN).update(
                state=ObligationState.DONE, done_at=timezone.now())
        person.refresh_from_db(fields=["status", "version"])
        _dossier_record(transfer, StepAction.ARCHIVE, decision, acting_user, previous={"status": previous_status},
                        values={"status": person.status, "leave_reason": reason.value})
        closed = obligation_close(_duty_of(transfer, DutyKind.LEAVE))
        _finish(transfer)
        _step(transfer, StepAction.ARCHIVE, decision, acting_user, closed=closed)
        return transfer


def unit_managing(unit: OrgUnit) -> OrgUnit:
    """The unit that keeps a department's dossiers: the nearest ancestor that is not a department."""
    ids = [int(pk) for pk in unit.path.strip("/").split("/") if pk]
    chain = {u.pk: u for u in OrgUnit.objects.filter(pk__in=ids)}
    return next((chain[pk] for pk in reversed(ids) if chain[pk].kind != OrgUnitKind.DEPARTMENT), unit)


def unit_label(unit: OrgUnit) -> str:
    """"Phòng Quản lý ngân sách, Sở Tài chính" for a department; the unit's name otherwise."""
    managing = unit_managing(unit)
    return unit.name if managing.pk == unit.pk else f"{unit.name}, {managing.name}"


def _start_errors(kind: str, person: Person, to_unit: OrgUnit | None, leave_reason: str) -> dict[str, str]:
    errors = {}
    if person.is_archived:
        errors["person"] = f"Hồ sơ của {person.full_name} đã ở trong lưu trữ."
    elif Transfer.objects.filter(person=person).exclude(state=TransferState.DONE).exists():
        errors["person"] = f"{person.full_name} đang có một việc chuyển giao chưa hoàn thành."
    if kind == TransferKind.LEAVE:
        if leave_reason not in LeaveReason.values:
            errors["leave_reason"] = "Chọn lý do nghỉ."
        return errors
    if kind not in (TransferKind.MOVE_WITHIN_UNIT, TransferKind.MOVE_TO_OTHER_UNIT):
        errors["kind"] = "Loại chuyển giao không hợp lệ."
    elif to_unit is None or not to_unit.is_active:
        errors["to_unit"] = "Chọn cơ quan, đơn vị tiếp nhận đang hoạt động."
    elif to_unit.pk == person.org_unit_id:
        errors["to_unit"] = f"{person.full_name} đang ở “{to_unit.name}”."
    else:
        same = unit_managing(to_unit).pk == unit_managing(person.org_unit).pk
        if kind == TransferKind.MOVE_WITHIN_UNIT and not same:
            errors["to_unit"] = "Điều chuyển trong đơn vị: chọn một phòng, ban của cùng cơ quan, đơn vị."
        if kind == TransferKind.MOVE_TO_OTHER_UNIT and same:
            errors["to_unit"] = "Đơn vị tiếp nhận thuộc cùng cơ quan: dùng điều chuyển trong đơn vị."
    return errors


def _decision_check(decision: Decision) -> None:
    if errors := decision.errors():
        raise ApplicationError.for_fields(errors, "Chưa thể ghi nhận: văn bản chưa hợp lệ.")


def _locked(transfer: Transfer, kind: str, state: str, action: str) -> Transfer:
    locked = (Transfer.objects.select_for_update(of=("self",))
              .select_related("person__org_unit", "from_unit", "to_unit").get(pk=transfer.pk))
    if locked.kind != kind or locked.state != state:
        raise ApplicationError(WRONG_STEP.format(step=StepAction(action).label), code="wrong_step")
    # The dossier changes under this step: nobody else changes it meanwhile.
    Person.objects.select_for_update(of=("self",)).filter(pk=locked.person_id).exists()
    return locked


def _duty_of(transfer: Transfer, kind: str) -> Obligation | None:
    return (Obligation.objects.filter(pk__in=transfer.steps.values("opened_duty"), kind=kind)
            .order_by("-id").first())


def _relocate(transfer: Transfer, acting_user: Account, action: str, decision: Decision) -> None:
    """The person works in `to_unit` from the decision's effective date: placements and work
    history close the day before, new rows open, and the dossier moves to the new unit."""
    person, to_unit, on = transfer.person, transfer.to_unit, transfer.effective_on
    assert to_unit is not None
    for model in (Placement, WorkHistory):
        for row in model.objects.filter(person=person, end__isnull=True):  # type: ignore[attr-defined]
            row.end = max(row.start, on - timedelta(days=1))
            row.save(update_fields=["end"])
    Placement.objects.create(person=person, org_unit=to_unit, start=on, position=transfer.position,
                             reason=TransferKind(transfer.kind).label)
    WorkHistory.objects.create(person=person, start=on, unit_name=unit_label(to_unit), position=transfer.position)
    previous = {"org_unit": person.org_unit_id}
    person.org_unit = to_unit
    person.save(update_fields=["org_unit", "updated_at"])
    _dossier_record(transfer, action, decision, acting_user, previous=previous,
                    values={"org_unit": to_unit.pk, "position": transfer.position})


def _dossier_record(transfer: Transfer, action: str, decision: Decision, acting_user: Account, *,
                    previous: dict, values: dict) -> None:
    """The step's change to the dossier, versioned and sent to the national database today."""
    record = ActionRecord(
        reference=f"transfer:{transfer.pk}:{action}", kind=f"{transfer.kind}:{action}",
        completed_on=timezone.localdate(),
        decision={"number": decision.number.strip(), "date": decision.date.isoformat(),
                  "signer": decision.signer.strip()},
        previous=previous, values=values,
    )
    dossier_action_record(transfer.person, acting_user=acting_user, record=record)


def _access_revoke(acting_user: Account, transfer: Transfer, *, within: OrgUnit | None) -> None:
    """End the person's roles (in `within`'s subtree, or all) now. The transfer is the authority:
    whoever may record it may end these grants, whatever tier granted them."""
    account_id = transfer.person.account_id
    if account_id is None:
        return
    grants = RoleGrant.objects.select_for_update(of=("self",)).filter(account_id=account_id, revoked_at__isnull=True)
    if within is not None:
        grants = grants.filter(org_unit__path__startswith=within.path)
    now = timezone.now()
    for grant in grants:
        grant.revoked_at = now
        grant.save(update_fields=["revoked_at"])
        audit_record(acting_user=acting_user, action="role.revoke", target=f"account:{account_id}",
                     detail={"role": grant.role, "org_unit": grant.org_unit_id, "transfer": transfer.pk})


def _finish(transfer: Transfer) -> None:
    transfer.state, transfer.done_at = TransferState.DONE, timezone.now()
    transfer.save(update_fields=["state", "done_at"])


def _step(transfer: Transfer, action: str, decision: Decision, acting_user: Account, *,
          closed: Obligation | None = None, opened: Obligation | None = None) -> TransferStep:
    step = TransferStep(transfer=transfer, action=action, decision_number=decision.number.strip()[:100],
                        decision_date=decision.date, signer=decision.signer.strip()[:200],
                        note=decision.note.strip()[:500], closed_duty=closed, opened_duty=opened,
                        acted_by=acting_user)
    if decision.file is not None:
        decision.file.seek(0)
        # Stored last, just before its row: every check that can refuse has run by now.
        step.file.save(f"van-ban{_suffix(decision.file)}", decision.file, save=False)
    step.save()
    audit_record(acting_user=acting_user, action=f"transfer.{action}", target=f"transfer:{transfer.pk}",
                 detail={"kind": transfer.kind, "person": transfer.person_id, "decision": step.decision_number,
                         "decision_date": decision.date.isoformat(), "signer": step.signer,
                         "file": step.file.name or "", "closed": closed.pk if closed else None,
                         "opened": opened.pk if opened else None,
                         "due": opened.due.isoformat() if opened and opened.due else None})
    return step


def _file_accepted(file: File) -> bool:
    return (file.size or 0) <= ATTACHMENT_MAX_BYTES and _suffix(file) != ""


def _suffix(file: File) -> str:
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    return next((suffix for magic, _, suffix in MAGIC_BYTES if head.startswith(magic)), "")



def transfer_next_steps(transfer: Transfer) -> list[str]:
    """The step(s) that may follow now, whoever may take them."""
    if ((transfer.kind, transfer.state) == (TransferKind.ARRIVAL_FROM_OUTSIDE, TransferState.STARTED)
            and arrival_flow(transfer.effective_on) == UNIT_SYNCS):
        return [StepAction.TAKE_OVER]
    return [action for (kind, state), action in _NEXT.items() if (kind, state) == (transfer.kind, transfer.state)]


def transfer_step(*, acting_user: Account, transfer: Transfer, action: str, decision: Decision) -> Transfer:
    """Take step `action` of `transfer` (pages and API name the step; each has its service)."""
    service = _STEP_SERVICES.get(action)
    if action == StepAction.TAKE_OVER and transfer.kind == TransferKind.ARRIVAL_FROM_OUTSIDE:
        service = transfer_unit_sync
    if service is None or action not in transfer_next_steps(transfer):
        raise ApplicationError(WRONG_STEP.format(step=StepAction(action).label if action in StepAction.values
                                                 else action), code="wrong_step")
    return service(acting_user=acting_user, transfer=transfer, decision=decision)


_NEXT = {
    (TransferKind.MOVE_WITHIN_UNIT, TransferState.STARTED): StepAction.MOVE,
    (TransferKind.MOVE_TO_OTHER_UNIT, TransferState.STARTED): StepAction.HANDOVER,
    (TransferKind.MOVE_TO_OTHER_UNIT, TransferState.HANDED_OVER): StepAction.TAKE_OVER,
    (TransferKind.ARRIVAL_FROM_OUTSIDE, TransferState.STARTED): StepAction.DOHA_REQUEST,
    (TransferKind.ARRIVAL_FROM_OUTSIDE, TransferState.REQUESTED): StepAction.DOHA_SYNC,
    (TransferKind.LEAVE, TransferState.STARTED): StepAction.ARCHIVE,
}
_STEP_SERVICES: dict[str, Callable[..., Transfer]] = {
    StepAction.MOVE: transfer_move,
    StepAction.HANDOVER: transfer_handover,
    StepAction.TAKE_OVER: transfer_take_over,
    StepAction.DOHA_REQUEST: transfer_doha_request,
    StepAction.DOHA_SYNC: transfer_doha_sync,
    StepAction.ARCHIVE: transfer_archive,
}
