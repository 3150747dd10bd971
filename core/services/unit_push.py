"""A unit's own system pushes a change to a dossier of its unit through the API, where the
province's text allows it (rule `units_push_to_national_db`: Bình Thuận Art. 12.3): the change
set is drafted, its proving document attached and submitted in one step, then goes through the
same review and approval as any other."""

from datetime import date
from typing import Any

from django.core.files import File
from django.db import transaction
from django.utils import timezone

from core.base.accounts.models import Account
from core.base.audit.services import audit_record
from core.base.errors import ApplicationError, PermissionDeniedError
from core.dossier_values import DOSSIER, IDENTITY
from core.models import ChangeSet, Person
from core.permissions import ADMIN_ROLES, role_require
from core.services.attachments import attachment_add
from core.services.change_sets import change_set_create, change_set_submit, change_set_values_set
from rules.domain.registry import RuleKey
from rules.selectors import rules_effective

PUSH_NOT_ALLOWED = ("Quy chế của tỉnh không cho phép hệ thống của đơn vị gửi thay đổi qua API kết nối: "
                    "hãy cập nhật hồ sơ trên hoso.")
PUSH_GROUPS = (IDENTITY, DOSSIER)


def change_set_push(
    *, acting_user: Account, person: Person, values: dict[str, dict[str, Any]], document: File,
    changed_on: date | None = None, note: str = "",
) -> ChangeSet:
    """Draft, prove with `document` and submit a change of `person`'s single values (`values`:
    group → field → value), by an admin of the person's unit, where the rules allow unit pushes.
    All or nothing: a refusal at any step writes nothing."""
    rule = rules_effective(as_of=timezone.localdate())[RuleKey.UNITS_PUSH_TO_NATIONAL_DB]
    if not rule.value:
        raise PermissionDeniedError(PUSH_NOT_ALLOWED, code="push_not_allowed")
    unknown = sorted(set(values) - set(PUSH_GROUPS))
    if unknown or not values:
        raise ApplicationError.for_fields({"values": "Chỉ gửi các nhóm thông tin một giá trị: "
                                                     + ", ".join(PUSH_GROUPS) + "."})
    with transaction.atomic():
        role_require(acting_user, roles=ADMIN_ROLES, org_unit=person.org_unit)
        change_set = change_set_create(acting_user=acting_user, person=person, changed_on=changed_on, note=note)
        items = []
        for group, group_values in values.items():
            change_set.refresh_from_db(fields=["version"])
            item = change_set_values_set(acting_user=acting_user, change_set=change_set,
                                         expected_version=change_set.version, group=group, values=group_values)
            if item is not None:
                items.append(item)
        if not items:
            raise ApplicationError("Các giá trị gửi lên trùng với hồ sơ: không có thay đổi nào.", code="no_change")
        for item in items:
            change_set.refresh_from_db(fields=["version"])
            attachment_add(acting_user=acting_user, change_set=change_set, expected_version=change_set.version,
                           item_id=item.pk, file=document, description="Gửi qua API kết nối của đơn vị")
        change_set.refresh_from_db(fields=["version"])
        change_set_submit(acting_user=acting_user, change_set=change_set, expected_version=change_set.version)
        audit_record(acting_user=acting_user, action="change_set.push", target=f"change_set:{change_set.pk}",
                     detail={"person": person.pk, "groups": sorted(values)})
        change_set.refresh_from_db()
        return change_set
