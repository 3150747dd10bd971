"""A unit's own system pushes a change to a dossier of its unit through the API, where the
province's text allows it (rule `units_push_to_national_db`: Bình Thuận Art. 12.3): the change
set is drafted, its proving document attached and submitted in one step, then goes through the
same review and approval as any other."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.files import File
from django.db import transaction
from django.utils import timezone

from core.base.accounts.models import Account
from core.base.audit.services import audit_record
from core.base.errors import ApplicationError, NotFoundError, PermissionDeniedError
from core.dossier_values import DOSSIER, IDENTITY
from core.models import ChangeItem, ChangeSet, Person
from core.permissions import ADMIN_ROLES, role_require
from core.services.attachments import attachment_add
from core.services.change_sets import (
    change_set_create,
    change_set_row_add,
    change_set_row_change,
    change_set_row_remove,
    change_set_submit,
    change_set_values_set,
)
from rules.domain.registry import RuleKey
from rules.selectors import rules_effective

PUSH_NOT_ALLOWED = ("Quy chế của tỉnh không cho phép hệ thống của đơn vị gửi thay đổi qua API kết nối: "
                    "hãy cập nhật hồ sơ trên hoso.")
PUSH_GROUPS = (IDENTITY, DOSSIER)
NOTHING_PUSHED = "Chưa có thay đổi nào: gửi giá trị (values) hoặc dòng thông tin (rows)."
UNUSED_DOCUMENT = "Tài liệu thứ {index} (documents) không gắn với thay đổi nào: ghi “document”: {index} ở dòng nó chứng minh."
NO_SUCH_DOCUMENT = "Không có tài liệu thứ {index}: tài liệu 0 là “document”, 1, 2… là các tệp “documents”."
ROW_ACTIONS = ("add", "change", "remove")


@dataclass(frozen=True)
class RowPush:
    """One change to a repeating group (work history, salary history, family…): add a row,
    change a row (`row` its id) or remove it; `document` the index of the file proving it (0:
    the push's main document)."""

    group: str
    action: str
    row: int | None = None
    values: dict[str, Any] = field(default_factory=dict)
    document: int = 0


def change_set_push(
    *, acting_user: Account, person: Person, values: dict[str, dict[str, Any]], documents: Sequence[File],
    rows: Sequence[RowPush] = (), changed_on: date | None = None, note: str = "",
) -> ChangeSet:
    """Draft, prove and submit a whole change set of `person`: single values (`values`: group →
    field → value) and row changes (`rows`), each item proved by one of `documents` (the single
    values and any row naming none by the first), by an admin of the person's unit, where the
    rules allow unit pushes. The set then goes through the unit's review and the approvals like
    any other. All or nothing: a refusal at any step writes nothing."""
    rule = rules_effective(as_of=timezone.localdate())[RuleKey.UNITS_PUSH_TO_NATIONAL_DB]
    if not rule.value:
        raise PermissionDeniedError(PUSH_NOT_ALLOWED, code="push_not_allowed")
    _shape_require(values, rows, documents)
    with transaction.atomic():
        role_require(acting_user, roles=ADMIN_ROLES, org_unit=person.org_unit)
        change_set = change_set_create(acting_user=acting_user, person=person, changed_on=changed_on, note=note)
        proved: list[tuple[ChangeItem, int]] = []
        for group, group_values in values.items():
            item = change_set_values_set(acting_user=acting_user, change_set=change_set,
                                         expected_version=_version(change_set), group=group, values=group_values)
            if item is not None:
                proved.append((item, 0))
        for index, row in enumerate(rows):
            proved.append((_row_push(acting_user, change_set, row, index), row.document))
        if not proved:
            raise ApplicationError("Các giá trị gửi lên trùng với hồ sơ: không có thay đổi nào.", code="no_change")
        for item, document in proved:
            attachment_add(acting_user=acting_user, change_set=change_set, expected_version=_version(change_set),
                           item_id=item.pk, file=documents[document], description="Gửi qua API kết nối của đơn vị")
        change_set_submit(acting_user=acting_user, change_set=change_set, expected_version=_version(change_set))
        audit_record(acting_user=acting_user, action="change_set.push", target=f"change_set:{change_set.pk}",
                     detail={"person": person.pk, "groups": sorted(values),
                             "rows": [f"{row.action}:{row.group}" for row in rows], "documents": len(documents)})
        change_set.refresh_from_db()
        return change_set


def _shape_require(values: dict[str, dict[str, Any]], rows: Sequence[RowPush], documents: Sequence[File]) -> None:
    unknown = sorted(set(values) - set(PUSH_GROUPS))
    if unknown:
        raise ApplicationError.for_fields({"values": "Chỉ gửi các nhóm thông tin một giá trị: "
                                                     + ", ".join(PUSH_GROUPS) + "."})
    if not values and not rows:
        raise ApplicationError.for_fields({"values": NOTHING_PUSHED})
    errors = {f"rows.{i}.document": NO_SUCH_DOCUMENT.format(index=row.document)
              for i, row in enumerate(rows) if not 0 <= row.document < len(documents)}
    used = {0} | {row.document for row in rows}
    errors.update({f"documents.{i}": UNUSED_DOCUMENT.format(index=i) for i in range(1, len(documents)) if i not in used})
    if errors:
        raise ApplicationError.for_fields(errors)


def _version(change_set: ChangeSet) -> int:
    change_set.refresh_from_db(fields=["version"])
    return change_set.version


def _row_push(acting_user: Account, change_set: ChangeSet, row: RowPush, index: int) -> ChangeItem:
    """One row change through the same services as the pages; a refusal names the row."""
    try:
        if row.action == "add":
            return change_set_row_add(acting_user=acting_user, change_set=change_set,
                                      expected_version=_version(change_set), group=row.group, values=row.values)
        if row.row is None:
            raise ApplicationError.for_fields({"row": "Chưa ghi mã dòng (row) cần sửa hoặc xóa."})
        if row.action == "change":
            return change_set_row_change(acting_user=acting_user, change_set=change_set,
                                         expected_version=_version(change_set), group=row.group, row_id=row.row,
                                         values=row.values)
        return change_set_row_remove(acting_user=acting_user, change_set=change_set,
                                     expected_version=_version(change_set), group=row.group, row_id=row.row)
    except (NotFoundError, ApplicationError) as error:
        if type(error) not in (ApplicationError, NotFoundError):
            raise  # a conflict or a refusal of the actor keeps its own answer
        fields = error.extra.get("fields") or {"": error.message}
        raise ApplicationError.for_fields(
            {f"rows.{index}{'.' + name if name else ''}": message for name, message in fields.items()},
            message=error.message) from None
