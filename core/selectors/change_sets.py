"""Reading change sets: the author's own, the review queue of a unit officer's subtree, and
the differences a reviewer looks at."""

from collections.abc import Iterable
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from core.base.accounts.models import Account
from core.base.errors import NotFoundError
from core.dossier_values import editable_fields, field_label, group_label, proof_needed
from core.models import (
    EDITABLE_STATES,
    Attachment,
    ChangeItem,
    ChangeOperation,
    ChangeSet,
    ChangeSetState,
)
from core.permissions import REVIEW_ROLES, account_role_grants, person_visibility_q
from core.selectors.people import (
    dossier_hidden_groups_for_user,
    dossier_reads_record,
    person_id_for_account,
)
from core.sensitive import field_group, values_mask

NOT_FOUND = "Không tìm thấy đề nghị cập nhật hồ sơ."
NO_OPEN_DRAFT = "Bạn chưa có đề nghị cập nhật hồ sơ nào đang soạn."


def change_set_queue_for_user(*, user: Account) -> QuerySet[ChangeSet]:
    """Submitted change sets waiting for `user`'s review: people in the subtrees where `user`
    is a unit officer, oldest first; never `user`'s own."""
    grants = account_role_grants(user, REVIEW_ROLES)
    if not grants:
        return ChangeSet.objects.none()
    scope = reduce(or_, (Q(person__org_unit__path__startswith=g.org_unit.path) for g in grants))
    return (
        ChangeSet.objects.filter(scope, state=ChangeSetState.SUBMITTED)
        .exclude(person__account_id=user.pk).exclude(created_by_id=user.pk)
        .select_related("person__org_unit", "created_by", "submitted_by")
        .order_by("submitted_at", "id")
    )


def change_set_queue_detailed_for_user(*, user: Account) -> QuerySet[ChangeSet]:
    """The review queue with each change set's items and their documents, as the review page
    shows them; the rows shown go through `change_sets_shown` before they are rendered."""
    return change_set_queue_for_user(user=user).prefetch_related(
        Prefetch("items", queryset=ChangeItem.objects.prefetch_related("attachments")))


def change_sets_shown(*, user: Account, change_sets: Iterable[ChangeSet], purpose: str) -> list[ChangeSet]:
    """The change sets as `user` is shown them, values included: each dossier's read is logged
    and the groups `user` may not see are masked."""
    shown = list(change_sets)
    dossier_reads_record(user=user, people=[cs.person for cs in shown], purpose=purpose)
    for change_set in shown:
        _items_mask(user, change_set)
    return shown


def change_set_list_for_user(*, user: Account, person_id: int | None = None,
                             state: str | None = None) -> QuerySet[ChangeSet]:
    """Change sets of the dossiers `user` may see (or of one person, or in one state), newest
    first."""
    sets = ChangeSet.objects.filter(person_visibility_q(user, prefix="person__"))
    if person_id is not None:
        sets = sets.filter(person_id=person_id)
    if state is not None:
        sets = sets.filter(state=state)
    return sets.select_related("person__org_unit", "created_by", "reviewed_by").order_by("-created_at", "-id")


def change_set_open_for_user(*, user: Account, person_id: int) -> ChangeSet | None:
    """The dossier's change set still being written (draft or returned), if any: a dossier
    has at most one."""
    return change_set_list_for_user(user=user, person_id=person_id).filter(state__in=EDITABLE_STATES).first()


def change_set_open_for_account(*, user: Account) -> ChangeSet:
    """The signed-in person's own change set still being written; NotFoundError when there is
    none (or the account has no dossier)."""
    open_set = change_set_open_for_user(user=user, person_id=person_id_for_account(user=user))
    if open_set is None:
        raise NotFoundError(NO_OPEN_DRAFT)
    return open_set


def change_set_get_for_user(*, user: Account, change_set_id: int, purpose: str = "change_set") -> ChangeSet:
    """One change set of a dossier `user` may see, with its items and documents. Its values
    (and each item's previous ones) are personal data: a read of someone else's is logged."""
    try:
        pk = int(change_set_id)
    except (TypeError, ValueError):
        raise NotFoundError(NOT_FOUND) from None
    items = ChangeItem.objects.prefetch_related(
        Prefetch("attachments", queryset=Attachment.objects.order_by("id")))
    change_set = (
        ChangeSet.objects.filter(person_visibility_q(user, prefix="person__"), pk=pk)
        .select_related("person__org_unit", "created_by", "submitted_by", "reviewed_by")
        .prefetch_related(Prefetch("items", queryset=items)).first()
    )
    if change_set is None:
        raise NotFoundError(NOT_FOUND)
    dossier_reads_record(user=user, people=[change_set.person], purpose=purpose)
    _items_mask(user, change_set)
    return change_set


def _items_mask(user: Account, change_set: ChangeSet) -> None:
    """Proposed and previous values of sensitive groups the reader may not see, masked in
    memory as on the dossier (core.sensitive); the services read the items afresh. The rule is
    read only when an item touches a sensitive field."""
    items = list(change_set.items.all())
    touched = [item for item in items
               if any(field_group(item.group, name) for name in (*item.values, *item.previous))]
    if not touched:
        return
    hidden = dossier_hidden_groups_for_user(user=user, person=change_set.person)
    for item in touched:
        item.values = values_mask(item.group, item.values, hidden)
        item.previous = values_mask(item.group, item.previous, hidden)


@dataclass(frozen=True)
class FieldDiff:
    name: str
    label: str
    before: Any
    after: Any


@dataclass(frozen=True)
class ItemDiff:
    item: ChangeItem
    group_label: str
    operation_label: str
    fields: list[FieldDiff]
    attachments: list[Attachment]
    needs_proof: bool = True


def change_set_diff(*, change_set: ChangeSet) -> list[ItemDiff]:
    """What each item changes, field by field, with readable labels and choice names
    (`change_set` from change_set_get_for_user, items prefetched)."""
    diffs = []
    for item in change_set.items.all():
        if item.operation == ChangeOperation.REMOVE:
            names = list(item.previous)
        else:
            names = list(item.values)
        fields = [
            FieldDiff(name=name, label=field_label(item.group, name),
                      before=_display(item.group, name, item.previous.get(name)),
                      after=None if item.operation == ChangeOperation.REMOVE
                      else _display(item.group, name, item.values.get(name)))
            for name in names
            if item.operation != ChangeOperation.CHANGE or item.previous.get(name) != item.values.get(name)
        ]
        diffs.append(ItemDiff(item=item, group_label=group_label(item.group),
                              operation_label=item.get_operation_display(), fields=fields,
                              attachments=list(item.attachments.all()),
                              needs_proof=proof_needed(group=item.group, operation=item.operation,
                                                       names=list(item.values))))
    return diffs


def _display(group: str, name: str, value: Any) -> Any:
    field = editable_fields(group).get(name)
    if field is not None and field.choices and value not in (None, ""):
        return dict(field.flatchoices).get(value, value)
    return value
