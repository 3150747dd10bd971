"""Self-service changes to a dossier: a draft change set, each change with its proving
document, submitted to the unit officer, who reviews it or returns it with a reason.

Nothing is overwritten: a change set records the values its author saw (`previous`) and the
ones proposed; applying it (after the monthly approval) stores a new dossier version. Two
people editing one draft are kept apart by its version number: the second save is refused.
"""

from datetime import date

from django.db import transaction
from django.utils import timezone

from core.base.accounts.models import Account
from core.base.audit.services import audit_record
from core.base.errors import (
    ApplicationError,
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    StateError,
)
from core.dossier_values import (
    DOSSIER,
    IDENTITY,
    JsonValues,
    field_label,
    group_is_rows,
    group_label,
    group_model,
    proof_needed,
    values_apply,
    values_clean,
    values_of,
)
from core.models import (
    EDITABLE_STATES,
    ChangeItem,
    ChangeOperation,
    ChangeSet,
    ChangeSetState,
    Obligation,
    ObligationKind,
    Person,
    Role,
)
from core.permissions import (
    ADMIN_ROLES,
    NOT_ALLOWED,
    REVIEW_ROLES,
    account_role_grants,
    grant_over,
    role_require,
)
from core.services.obligations import obligation_open, obligations_close
from core.services.people import _version_record
from core.transfers.services.step_notices import (
    change_set_returned_notify,
    change_set_reviewed_notify,
    change_set_submitted_notify,
    change_sets_approved_notify,
)

DRAFT_CONFLICT = (
    "Đề nghị cập nhật này vừa được người khác lưu (phiên bản {current}, bạn đang sửa phiên bản "
    "{expected}); thay đổi của bạn chưa được lưu. Hãy tải lại để xem nội dung mới nhất rồi thực hiện lại."
)
DOSSIER_CONFLICT = (
    "Hồ sơ đã thay đổi sau khi đề nghị này được lập ({fields}); đề nghị chưa được cập nhật vào "
    "hồ sơ. Hãy trả lại để người lập kiểm tra lại."
)
ARCHIVED = "Hồ sơ đã được lưu trữ và chỉ được xem, không được cập nhật."
APPROVE_ROLES = (Role.APPROVER, Role.DOHA_ADMIN)


def change_set_create(
    *, acting_user: Account, person: Person, changed_on: date | None = None, note: str = ""
) -> ChangeSet:
    """Open a draft for `person`'s dossier: by the person, or by an admin of their unit.
    `changed_on` is the day the change happened in real life; the update clock runs from it."""
    today = timezone.localdate()
    changed_on = changed_on or today
    with transaction.atomic():
        person = Person.objects.select_for_update().select_related("org_unit").get(pk=person.pk)
        _require_author(acting_user, person)
        if person.is_archived:
            raise ApplicationError(ARCHIVED, code="archived")
        if changed_on > today:
            raise ApplicationError.for_fields({"changed_on": "Ngày phát sinh thay đổi không được sau hôm nay."})
        open_set = person.change_sets.filter(state__in=EDITABLE_STATES).first()
        if open_set is not None:
            raise StateError(
                f"Hồ sơ đang có đề nghị cập nhật số {open_set.pk} chưa gửi; hãy tiếp tục đề nghị đó.",
                code="open_change_set", extra={"change_set": open_set.pk})
        change_set = ChangeSet.objects.create(person=person, changed_on=changed_on, note=note.strip(),
                                              base_version=person.version, created_by=acting_user)
        obligation_open(kind=ObligationKind.PERSONAL_UPDATE, deadline_event=ObligationKind.PERSONAL_UPDATE, person=person, account=person.account,
                        event_date=changed_on, change_set=change_set)
        audit_record(acting_user=acting_user, action="change_set.create", target=f"change_set:{change_set.pk}",
                     detail={"person": person.pk, "changed_on": changed_on.isoformat()})
        return change_set


def change_set_values_set(
    *, acting_user: Account, change_set: ChangeSet, expected_version: int, group: str, values: JsonValues
) -> ChangeItem | None:
    """Propose single values of `group` ("identity" or "dossier"). Values equal to the dossier's
    drop out; the item disappears when none is left (then None is returned)."""
    if group not in (IDENTITY, DOSSIER):
        raise ApplicationError.for_fields({"group": "Nhóm thông tin này gồm nhiều dòng: hãy thêm, sửa hoặc xóa dòng."})
    with transaction.atomic():
        locked = _editable(acting_user, change_set, expected_version)
        person = locked.person
        current = person if group == IDENTITY else person.dossier
        item = locked.items.filter(group=group, operation=ChangeOperation.SET).first()
        proposed = {**(item.values if item else {}), **values}
        cleaned = values_clean(_copy(current), group, proposed, complete=False)
        previous = values_of(current, group, list(cleaned))
        changed = {name: value for name, value in cleaned.items() if previous[name] != value}
        if item is None and changed:
            item = ChangeItem(change_set=locked, group=group, operation=ChangeOperation.SET)
        if item is not None:
            if changed:
                item.values, item.previous = changed, {name: previous[name] for name in changed}
                item.save()
            else:
                _item_delete(item)
                item = None
        _saved(locked, change_set, acting_user, "change_set.values_set", group=group, fields=sorted(changed))
        return item


def change_set_row_add(
    *, acting_user: Account, change_set: ChangeSet, expected_version: int, group: str, values: JsonValues
) -> ChangeItem:
    """Propose a new row of a repeating group (a training, a reward, a family member…)."""
    _require_rows(group)
    with transaction.atomic():
        locked = _editable(acting_user, change_set, expected_version)
        row = group_model(group)(person=locked.person)
        cleaned = values_clean(row, group, values, complete=True)
        item = ChangeItem.objects.create(change_set=locked, group=group, operation=ChangeOperation.ADD,
                                         values=cleaned)
        _saved(locked, change_set, acting_user, "change_set.row_add", group=group, item=item.pk)
        return item


def change_set_row_change(
    *, acting_user: Account, change_set: ChangeSet, expected_version: int, group: str, row_id: int,
    values: JsonValues,
) -> ChangeItem:
    """Propose new values for an existing row; a second change of the same row adds to the first."""
    _require_rows(group)
    with transaction.atomic():
        locked = _editable(acting_user, change_set, expected_version)
        row = _row(locked.person, group, row_id)
        item = locked.items.filter(group=group, row_id=row_id).first()
        if item is not None and item.operation == ChangeOperation.REMOVE:
            raise ApplicationError("Dòng này đã được đề nghị xóa; hãy bỏ đề nghị xóa trước khi sửa.")
        proposed = {**(item.values if item else {}), **values}
        cleaned = values_clean(_copy(row), group, proposed, complete=False)
        if item is None:
            item = ChangeItem(change_set=locked, group=group, operation=ChangeOperation.CHANGE,
                              row_id=row_id, previous=values_of(row, group))
        item.values = cleaned
        item.save()
        _saved(locked, change_set, acting_user, "change_set.row_change", group=group, row=row_id)
        return item


def change_set_row_remove(
    *, acting_user: Account, change_set: ChangeSet, expected_version: int, group: str, row_id: int
) -> ChangeItem:
    """Propose removing a row; a proposed change of the same row becomes the removal."""
    _require_rows(group)
    with transaction.atomic():
        locked = _editable(acting_user, change_set, expected_version)
        row = _row(locked.person, group, row_id)
        item, _ = ChangeItem.objects.update_or_create(
            change_set=locked, group=group, row_id=row_id,
            defaults={"operation": ChangeOperation.REMOVE, "values": {}, "previous": values_of(row, group)},
        )
        _saved(locked, change_set, acting_user, "change_set.row_remove", group=group, row=row_id)
        return item


def change_set_item_update(
    *, acting_user: Account, change_set: ChangeSet, expected_version: int, item_id: int, values: JsonValues
) -> ChangeItem:
    """Edit the values of a proposed new row."""
    with transaction.atomic():
        locked = _editable(acting_user, change_set, expected_version)
        item = _item(locked, item_id)
        if item.operation != ChangeOperation.ADD:
            raise ApplicationError("Chỉ sửa trực tiếp được dòng đề nghị thêm mới.")
        row = group_model(item.group)(person=locked.person)
        item.values = values_clean(row, item.group, {**item.values, **values}, complete=True)
        item.save(update_fields=["values"])
        _saved(locked, change_set, acting_user, "change_set.item_update", item=item.pk)
        return item


def change_set_item_discard(
    *, acting_user: Account, change_set: ChangeSet, expected_version: int, item_id: int
) -> None:
    """Withdraw one proposed change, with its documents."""
    with transaction.atomic():
        locked = _editable(acting_user, change_set, expected_version)
        _item_delete(_item(locked, item_id))
        _saved(locked, change_set, acting_user, "change_set.item_discard", item=item_id)


def change_set_discard(*, acting_user: Account, change_set: ChangeSet, expected_version: int) -> None:
    """Drop a draft (or a returned set) its author no longer wants, empty or not: its changes,
    their documents and the update duty it opened go with it; the audit row keeps the trace."""
    with transaction.atomic():
        locked = _editable(acting_user, change_set, expected_version)
        items = list(locked.items.prefetch_related("attachments"))
        for item in items:
            _item_delete(item)
        # The duty to update existed only for this draft; a returned set's closed review stays in the audit.
        duties = Obligation.objects.filter(change_set=locked)
        duty_ids = sorted(duties.values_list("pk", flat=True))
        duties.delete()
        pk, person_id = locked.pk, locked.person_id
        locked.delete()
        audit_record(acting_user=acting_user, action="change_set.discard", target=f"change_set:{pk}",
                     detail={"person": person_id, "items": len(items), "obligations": duty_ids})


def change_set_submit(*, acting_user: Account, change_set: ChangeSet, expected_version: int) -> ChangeSet:
    """Send the draft to the unit officers of the person's unit; each change needs its proof."""
    with transaction.atomic():
        locked = _editable(acting_user, change_set, expected_version)
        items = list(locked.items.prefetch_related("attachments"))
        if not items:
            raise ApplicationError("Đề nghị chưa có thay đổi nào để gửi.")
        unproved = [_item_title(item) for item in items if _needs_proof(item) and not item.attachments.all()]
        if unproved:
            raise ApplicationError(
                "Mỗi thay đổi cần kèm bản số hóa tài liệu chứng minh; còn thiếu ở: " + "; ".join(unproved) + ".",
                code="proof_missing")
        now = timezone.now()
        locked.state = ChangeSetState.SUBMITTED
        locked.submitted_by, locked.submitted_at = acting_user, now
        locked.return_reason = ""
        locked.save(update_fields=["state", "submitted_by", "submitted_at", "return_reason"])
        person = locked.person
        obligations_close(Obligation.objects.filter(change_set=locked, kind=ObligationKind.PERSONAL_UPDATE))
        _first_entry_close_if_complete(person.pk)
        obligation_open(kind=ObligationKind.UNIT_REVIEW, deadline_event=ObligationKind.UNIT_REVIEW, person=person, org_unit=person.org_unit,
                        event_date=timezone.localdate(), change_set=locked)
        _saved(locked, change_set, acting_user, "change_set.submit")
        change_set_submitted_notify(change_set=locked, acting_user=acting_user)
        return change_set


def change_set_review(*, acting_user: Account, change_set: ChangeSet, expected_version: int) -> ChangeSet:
    """The unit officer finds the changes in order: the set waits for the monthly approval."""
    with transaction.atomic():
        locked = _for_review(acting_user, change_set, expected_version)
        locked.state = ChangeSetState.REVIEWED
        locked.reviewed_by, locked.reviewed_at = acting_user, timezone.now()
        locked.save(update_fields=["state", "reviewed_by", "reviewed_at"])
        obligations_close(Obligation.objects.filter(change_set=locked, kind=ObligationKind.UNIT_REVIEW))
        _saved(locked, change_set, acting_user, "change_set.review")
        change_set_reviewed_notify(change_set=locked, acting_user=acting_user)
        return change_set


def change_set_return(
    *, acting_user: Account, change_set: ChangeSet, expected_version: int, reason: str
) -> ChangeSet:
    """The unit officer sends the set back to its author, saying why; the author edits and resubmits."""
    reason = reason.strip()
    if not reason:
        raise ApplicationError.for_fields({"reason": "Nêu lý do trả lại."})
    with transaction.atomic():
        locked = _for_review(acting_user, change_set, expected_version)
        locked.state = ChangeSetState.RETURNED
        locked.return_reason = reason
        locked.reviewed_by, locked.reviewed_at = acting_user, timezone.now()
        locked.save(update_fields=["state", "return_reason", "reviewed_by", "reviewed_at"])
        obligations_close(Obligation.objects.filter(change_set=locked, kind=ObligationKind.UNIT_REVIEW))
        _saved(locked, change_set, acting_user, "change_set.return", reason=reason)
        change_set_returned_notify(change_set=locked, acting_user=acting_user, reason=reason)
        return change_set


def change_set_apply(*, acting_user: Account, change_set: ChangeSet) -> ChangeSet:
    """Write a reviewed set into the dossier as its next version (called by the monthly
    approval). Refused, writing nothing, if a value it changes moved since the author saw it."""
    with transaction.atomic():
        locked = ChangeSet.objects.select_for_update().get(pk=change_set.pk)
        person = (Person.objects.select_for_update(of=("self",))
                  .select_related("org_unit", "dossier").get(pk=locked.person_id))
        role_require(acting_user, roles=APPROVE_ROLES, org_unit=person.org_unit)
        if locked.state != ChangeSetState.REVIEWED:
            raise ApplicationError("Chỉ cập nhật vào hồ sơ đề nghị đã được kiểm tra.")
        items = list(locked.items.all())
        stale = [label for item in items for label in _stale_labels(person, item)]
        if stale:
            raise ConflictError(DOSSIER_CONFLICT.format(fields=", ".join(stale)), code="dossier_conflict")
        for item in items:
            _item_apply(person, item)
        person.version += 1
        person.save()
        _version_record(person, acting_user=acting_user, change_set_id=locked.pk)
        locked.state = ChangeSetState.APPROVED
        locked.applied_at = timezone.now()
        locked.save(update_fields=["state", "applied_at"])
        audit_record(acting_user=acting_user, action="change_set.apply", target=f"change_set:{locked.pk}",
                     detail={"person": person.pk, "version": person.version})
        _first_entry_close_if_complete(person.pk)
        change_sets_approved_notify(change_sets=[locked], acting_user=acting_user, by_province=False)
        change_set.state, change_set.applied_at = locked.state, locked.applied_at
        return change_set


# --- internals -------------------------------------------------------------------------------


def _first_entry_close_if_complete(person_id: int) -> None:
    """The first-entry duty closes once the dossier, with everything the person has sent in, fills
    every required item of its form, not at the first submission (issue 19 item 6; Lào Cai
    Art. 14.4, Bình Thuận Art. 14.2a, Sơn La Art. 12.2)."""
    from core.resumes.selectors import dossier_completeness

    duties = Obligation.objects.filter(person_id=person_id, kind=ObligationKind.FIRST_ENTRY, state="open")
    if duties.exists() and dossier_completeness(person_id=person_id).complete:
        obligations_close(duties)


def _require_author(acting_user: Account, person: Person) -> None:
    if person.account_id is not None and person.account_id == acting_user.pk and acting_user.is_active:
        return
    role_require(acting_user, roles=ADMIN_ROLES, org_unit=person.org_unit)


def _require_rows(group: str) -> None:
    if not group_is_rows(group):
        raise ApplicationError.for_fields({"group": f"“{group}” không phải nhóm thông tin nhiều dòng."})


def _locked(change_set: ChangeSet) -> ChangeSet:
    try:
        return (ChangeSet.objects.select_for_update(of=("self",))
                .select_related("person__org_unit", "person__dossier").get(pk=change_set.pk))
    except ChangeSet.DoesNotExist:  # discarded by someone else since it was read
        raise NotFoundError("Không tìm thấy đề nghị này (có thể vừa bị hủy).") from None


def _version_check(locked: ChangeSet, expected_version: int) -> None:
    """Called only after the permission check, so a stranger never learns a draft's version."""
    if locked.version != expected_version:
        raise ConflictError(DRAFT_CONFLICT.format(current=locked.version, expected=expected_version),
                            extra={"current_version": locked.version})


def _editable(acting_user: Account, change_set: ChangeSet, expected_version: int) -> ChangeSet:
    locked = _locked(change_set)
    _require_author(acting_user, locked.person)
    _version_check(locked, expected_version)
    if locked.person.is_archived:
        raise ApplicationError(ARCHIVED, code="archived")
    if locked.state not in EDITABLE_STATES:
        raise ApplicationError(f"Đề nghị đang ở trạng thái “{locked.get_state_display()}”, không sửa được nữa.")
    return locked


def _for_review(acting_user: Account, change_set: ChangeSet, expected_version: int) -> ChangeSet:
    locked = _locked(change_set)
    person = locked.person
    if grant_over(account_role_grants(acting_user, REVIEW_ROLES), person.org_unit) is None:
        raise PermissionDeniedError(NOT_ALLOWED)
    if acting_user.pk in (person.account_id, locked.created_by_id):
        raise PermissionDeniedError("Không thể tự kiểm tra đề nghị cập nhật hồ sơ của chính mình.")
    _version_check(locked, expected_version)
    if locked.state != ChangeSetState.SUBMITTED:
        raise ApplicationError(f"Đề nghị đang ở trạng thái “{locked.get_state_display()}”, không kiểm tra được.")
    return locked


def _saved(locked: ChangeSet, original: ChangeSet, acting_user: Account, action: str, **detail: object) -> None:
    """Count the save (the next one must name this version), tell the caller's copy, audit."""
    locked.version += 1
    locked.save(update_fields=["version"])
    for name in ("version", "state", "return_reason", "submitted_at", "reviewed_at"):
        setattr(original, name, getattr(locked, name))
    audit_record(acting_user=acting_user, action=action, target=f"change_set:{locked.pk}",
                 detail={"person": locked.person_id, **detail})


def _copy(instance):  # type: ignore[no-untyped-def]
    """A detached copy to check proposed values on, leaving the caller's instance untouched."""
    clone = type(instance)()
    clone.__dict__.update({k: v for k, v in instance.__dict__.items() if k != "_state"})
    return clone


def _row(person: Person, group: str, row_id: int):  # type: ignore[no-untyped-def]
    row = group_model(group)._default_manager.filter(person=person, pk=row_id).first()
    if row is None:
        raise NotFoundError("Không tìm thấy dòng thông tin này trong hồ sơ.")
    return row


def _item(change_set: ChangeSet, item_id: int) -> ChangeItem:
    item = change_set.items.filter(pk=item_id).first()
    if item is None:
        raise NotFoundError("Không tìm thấy nội dung thay đổi này trong đề nghị.")
    return item


def _item_delete(item: ChangeItem) -> None:
    files = [a.file.name for a in item.attachments.all() if a.file.name]
    item.attachments.all().delete()
    item.delete()
    if files:
        transaction.on_commit(lambda: _files_delete(files))


def _files_delete(names: list[str]) -> None:
    from django.core.files.storage import default_storage

    for name in names:
        default_storage.delete(name)


def _needs_proof(item: ChangeItem) -> bool:
    return proof_needed(group=item.group, operation=item.operation, names=list(item.values))


def _item_title(item: ChangeItem) -> str:
    return f"{item.get_operation_display()} – {group_label(item.group)}"


def _stale_labels(person: Person, item: ChangeItem) -> list[str]:
    """Labels of the values this item was based on that no longer hold."""
    if item.operation == ChangeOperation.ADD:
        return []
    if item.operation == ChangeOperation.SET:
        current = person if item.group == IDENTITY else person.dossier
        now = values_of(current, item.group, list(item.previous))
        return [field_label(item.group, name) for name, value in item.previous.items() if now[name] != value]
    row = group_model(item.group)._default_manager.filter(person=person, pk=item.row_id).first()
    if row is None or values_of(row, item.group) != item.previous:
        return [f"{group_label(item.group)} (dòng {item.row_id})"]
    return []


def _item_apply(person: Person, item: ChangeItem) -> None:
    if item.operation == ChangeOperation.SET:
        target = person if item.group == IDENTITY else person.dossier
        values_apply(target, item.group, item.values)
        if item.group == DOSSIER:
            target.save()
        return
    model = group_model(item.group)
    if item.operation == ChangeOperation.ADD:
        row = model(person=person)
        values_apply(row, item.group, item.values)
        row.save()
        item.row_id = row.pk
        item.save(update_fields=["row_id"])
    elif item.operation == ChangeOperation.CHANGE:
        row = model._default_manager.get(person=person, pk=item.row_id)
        values_apply(row, item.group, item.values)
        row.save()
    else:
        model._default_manager.filter(person=person, pk=item.row_id).delete()
