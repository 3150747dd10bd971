"""Changes to the organisation tree. Every change is dated and keeps the history:
the open `OrgUnitVersion` is closed the day before and a new one opened, people's `Placement`
rows are closed and reopened, never edited in place.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr

from core.base.accounts.models import Account
from core.base.audit.services import audit_record
from core.base.errors import ApplicationError
from core.models import (
    OrgChange,
    OrgUnit,
    OrgUnitKind,
    OrgUnitVersion,
    Person,
    PersonStatus,
    Placement,
)
from core.permissions import ADMIN_ROLES, role_require

# The day every root's history starts: records of a province predate any unit in it.
ROOT_ESTABLISHED_ON = date(1900, 1, 1)

# Level-1 codes (Xnn) of QĐ 20/2020/QĐ-TTg by province code. Lai Châu and Lào Cai are confirmed;
# the others come from an alphabetical list (UNCONFIRMED, shared/domain/reference-data.md).
PROVINCE_LEVEL1_CODES = {
    "lai-chau": "H35",
    "lao-cai": "H38",
    "binh-thuan": "H11",
    "ha-giang": "H22",
    "lam-dong": "H36",
    "son-la": "H52",
    "tuyen-quang": "H60",
    "yen-bai": "H63",
}

ONE_DAY = timedelta(days=1)


def province_root_code(province_code: str) -> str:
    """`000.00.00.Xnn`, the province's own level-1 code, or "" when it is not known yet."""
    level1 = PROVINCE_LEVEL1_CODES.get(province_code)
    return f"000.00.00.{level1}" if level1 else ""


@dataclass(frozen=True)
class OrgUnitPart:
    """One of the units a split creates."""

    name: str
    electronic_code: str
    kind: str | None = None


def org_unit_root(*, for_update: bool = False) -> OrgUnit:
    qs = OrgUnit.objects.filter(parent__isnull=True, dissolved_on__isnull=True)
    return (qs.select_for_update() if for_update else qs).order_by("id").first() or _no_root()


def _no_root() -> OrgUnit:
    raise ApplicationError("Tỉnh chưa có cơ quan gốc (UBND tỉnh) trong cơ cấu tổ chức.", code="no_root")


def org_unit_root_ensure(*, acting_user: Account | None, name: str, electronic_code: str) -> OrgUnit:
    """The province's root (its UBND), made once at onboarding; later calls return it."""
    with transaction.atomic():
        root = OrgUnit.objects.filter(parent__isnull=True).order_by("id").first()
        if root is not None:
            return root
        root = _unit_insert(
            acting_user=acting_user, parent=None, kind=OrgUnitKind.PROVINCE, name=name,
            electronic_code=electronic_code, established_on=ROOT_ESTABLISHED_ON,
            change=OrgChange.CREATE, decision="",
        )
        audit_record(acting_user=acting_user, action="org_unit.create", target=f"org_unit:{root.pk}",
                     detail={"name": name, "root": True})
        return root


def org_unit_create(
    *,
    acting_user: Account,
    parent: OrgUnit,
    kind: str,
    name: str,
    electronic_code: str,
    established_on: date,
    decision: str = "",
) -> OrgUnit:
    """A new unit under `parent`; the caller needs an admin role over the parent."""
    with transaction.atomic():
        parent = _locked(parent)
        role_require(acting_user, roles=ADMIN_ROLES, org_unit=parent)
        name = name.strip()
        _validate_new_unit(kind=kind, name=name, electronic_code=electronic_code,
                           parent=parent, on=established_on)
        unit = _unit_insert(
            acting_user=acting_user, parent=parent, kind=kind, name=name,
            electronic_code=electronic_code, established_on=established_on,
            change=OrgChange.CREATE, decision=decision,
        )
        audit_record(acting_user=acting_user, action="org_unit.create", target=f"org_unit:{unit.pk}",
                     detail={"name": name, "parent": parent.pk, "on": established_on.isoformat(),
                             "decision": decision})
        return unit


def org_unit_rename(
    *,
    acting_user: Account,
    org_unit: OrgUnit,
    name: str,
    on: date,
    decision: str = "",
    electronic_code: str | None = None,
) -> OrgUnit:
    """A new name (and, if given, a new code) from `on`; the old name stays in its version."""
    with transaction.atomic():
        unit = _locked(org_unit)
        _require_admin_above(acting_user, unit)
        name = name.strip()
        code = unit.electronic_code if electronic_code is None else electronic_code.strip()
        errors = {}
        if not name:
            errors["name"] = "Tên cơ quan, đơn vị không được để trống."
        if code != unit.electronic_code:
            errors.update(_code_errors(code, exclude=unit))
        if errors:
            raise ApplicationError.for_fields(errors)
        old_name = unit.name
        _version_advance(unit, acting_user=acting_user, on=on, change=OrgChange.RENAME,
                         decision=decision, name=name, electronic_code=code)
        audit_record(acting_user=acting_user, action="org_unit.rename", target=f"org_unit:{unit.pk}",
                     detail={"from": old_name, "to": name, "on": on.isoformat(), "decision": decision})
        _refresh(org_unit, unit)
        return unit


def org_unit_move(
    *, acting_user: Account, org_unit: OrgUnit, new_parent: OrgUnit, on: date, decision: str = ""
) -> OrgUnit:
    """Put the unit (with its whole subtree) under `new_parent` from `on`."""
    with transaction.atomic():
        unit = _locked(org_unit)
        new_parent = _locked(new_parent)
        if unit.parent_id is None:
            raise ApplicationError("Không thể chuyển cơ quan gốc của tỉnh.")
        _require_admin_above(acting_user, unit)
        role_require(acting_user, roles=ADMIN_ROLES, org_unit=new_parent)
        if new_parent.path.startswith(unit.path):
            raise ApplicationError.for_fields(
                {"new_parent": "Không thể chuyển một đơn vị vào chính nó hoặc đơn vị cấp dưới của nó."})
        if not new_parent.is_active:
            raise ApplicationError.for_fields({"new_parent": f"“{new_parent.name}” đã chấm dứt hoạt động."})
        old_parent_id = unit.parent_id
        _version_advance(unit, acting_user=acting_user, on=on, change=OrgChange.MOVE,
                         decision=decision, parent=new_parent)
        _subtree_reroot(unit, new_parent)
        audit_record(acting_user=acting_user, action="org_unit.move", target=f"org_unit:{unit.pk}",
                     detail={"from": old_parent_id, "to": new_parent.pk, "on": on.isoformat(),
                             "decision": decision})
        _refresh(org_unit, unit)
        return unit


def org_unit_merge(
    *,
    acting_user: Account,
    sources: list[OrgUnit],
    target: OrgUnit,
    on: date,
    decision: str = "",
    new_name: str | None = None,
) -> OrgUnit:
    """Merge `sources` into `target` from `on`: their people, sub-units and dossiers move to
    the target; the sources end the day before, with the target as successor."""
    with transaction.atomic():
        original, target = target, _locked(target)
        units = [_locked(s) for s in sources]
        if not units or any(u.pk == target.pk for u in units):
            raise ApplicationError.for_fields({"sources": "Chọn các đơn vị sáp nhập khác với đơn vị tiếp nhận."})
        for unit in [*units, target]:
            _require_admin_above(acting_user, unit)
            if not unit.is_active:
                raise ApplicationError(f"“{unit.name}” đã chấm dứt hoạt động.")
        if any(target.path.startswith(u.path) for u in units):
            raise ApplicationError.for_fields({"target": "Đơn vị tiếp nhận không được nằm trong đơn vị bị sáp nhập."})
        if new_name and new_name.strip() != target.name:
            _version_advance(target, acting_user=acting_user, on=on, change=OrgChange.MERGE,
                             decision=decision, name=new_name.strip())
        for unit in units:
            _children_move(unit, target, acting_user=acting_user, on=on, decision=decision)
            _people_move(unit, target, on=on, reason=f"Sáp nhập vào {target.name}")
            _unit_end(unit, acting_user=acting_user, on=on, change=OrgChange.MERGE,
                      decision=decision, successor=target)
        audit_record(acting_user=acting_user, action="org_unit.merge", target=f"org_unit:{target.pk}",
                     detail={"sources": [u.pk for u in units], "on": on.isoformat(), "decision": decision})
        _refresh(original, target)
        for source, unit in zip(sources, units, strict=True):
            _refresh(source, unit)
        return target


def org_unit_split(
    *,
    acting_user: Account,
    org_unit: OrgUnit,
    parts: list[OrgUnitPart],
    on: date,
    person_parts: dict[int, int],
    decision: str = "",
) -> list[OrgUnit]:
    """Split a unit into new units beside it from `on`. `person_parts` maps every person working
    there (by id) to the index of their new unit; sub-units go to the first part."""
    with transaction.atomic():
        unit = _locked(org_unit)
        if unit.parent_id is None:
            raise ApplicationError("Không thể chia tách cơ quan gốc của tỉnh.")
        _require_admin_above(acting_user, unit)
        if len(parts) < 2:
            raise ApplicationError.for_fields({"parts": "Chia tách cần ít nhất hai đơn vị mới."})
        working = list(Person.objects.filter(org_unit=unit, status=PersonStatus.WORKING).order_by("id"))
        unplaced = [p for p in working if person_parts.get(p.pk) not in range(len(parts))]
        if unplaced:
            names = ", ".join(p.full_name for p in unplaced)
            raise ApplicationError.for_fields({"person_parts": f"Chưa xác định đơn vị mới cho: {names}."})
        assert unit.parent is not None
        parent = _locked(unit.parent)
        created = []
        for index, part in enumerate(parts):
            name = part.name.strip()
            kind = part.kind or unit.kind
            try:
                _validate_new_unit(kind=kind, name=name, electronic_code=part.electronic_code,
                                   parent=parent, on=on, exclude=unit)
            except ApplicationError as error:
                fields = {f"parts.{index}.{k}": v for k, v in error.extra.get("fields", {}).items()}
                raise ApplicationError.for_fields(fields) from error
            created.append(_unit_insert(
                acting_user=acting_user, parent=parent, kind=kind, name=name,
                electronic_code=part.electronic_code, established_on=on,
                change=OrgChange.SPLIT, decision=decision,
            ))
        _children_move(unit, created[0], acting_user=acting_user, on=on, decision=decision)
        reason = f"Chia tách từ {unit.name}"
        for index, part_unit in enumerate(created):
            ids = [p.pk for p in working if person_parts[p.pk] == index]
            _people_move(unit, part_unit, on=on, reason=reason, person_ids=ids)
        # Leavers' dossiers go with the first part, which keeps the unit's archive.
        Person.objects.filter(org_unit=unit).update(org_unit=created[0])
        _unit_end(unit, acting_user=acting_user, on=on, change=OrgChange.SPLIT,
                  decision=decision, successor=created[0])
        audit_record(acting_user=acting_user, action="org_unit.split", target=f"org_unit:{unit.pk}",
                     detail={"parts": [u.pk for u in created], "on": on.isoformat(), "decision": decision})
        _refresh(org_unit, unit)
        return created


def org_unit_dissolve(*, acting_user: Account, org_unit: OrgUnit, on: date, decision: str = "") -> OrgUnit:
    """End a unit with no one working in it and no active sub-unit; its archive stays in place."""
    with transaction.atomic():
        unit = _locked(org_unit)
        if unit.parent_id is None:
            raise ApplicationError("Không thể giải thể cơ quan gốc của tỉnh.")
        _require_admin_above(acting_user, unit)
        working = Person.objects.filter(org_unit=unit, status=PersonStatus.WORKING).count()
        if working:
            raise ApplicationError(
                f"“{unit.name}” còn {working} người đang công tác; hãy chuyển họ sang đơn vị khác trước khi giải thể.")
        if unit.children.filter(dissolved_on__isnull=True).exists():
            raise ApplicationError(f"“{unit.name}” còn đơn vị trực thuộc đang hoạt động.")
        _unit_end(unit, acting_user=acting_user, on=on, change=OrgChange.DISSOLVE, decision=decision)
        audit_record(acting_user=acting_user, action="org_unit.dissolve", target=f"org_unit:{unit.pk}",
                     detail={"on": on.isoformat(), "decision": decision})
        _refresh(org_unit, unit)
        return unit


# --- internals -------------------------------------------------------------------------------


def _locked(unit: OrgUnit) -> OrgUnit:
    return OrgUnit.objects.select_for_update().get(pk=unit.pk)


def _refresh(original: OrgUnit, fresh: OrgUnit) -> None:
    """Let the caller's instance see the new state."""
    fresh.refresh_from_db()
    for field in ("name", "electronic_code", "parent_id", "path", "depth", "dissolved_on",
                  "successor_id", "end_change", "end_decision"):
        setattr(original, field, getattr(fresh, field))


def _require_admin_above(acting_user: Account, unit: OrgUnit) -> None:
    """Structural changes to a unit are made by an admin of the unit above it (DoHA for agencies)."""
    role_require(acting_user, roles=ADMIN_ROLES, org_unit=unit.parent or unit)


def _code_errors(code: str, *, exclude: OrgUnit | None = None) -> dict[str, str]:
    from core.validators import electronic_code_errors

    if not code:
        return {"electronic_code": "Mã định danh điện tử không được để trống."}
    problems = electronic_code_errors(code)
    if problems:
        return {"electronic_code": " ".join(problems)}
    root = OrgUnit.objects.filter(parent__isnull=True).only("electronic_code").order_by("id").first()
    if root and root.electronic_code and code[-3:] != root.electronic_code[-3:]:
        return {"electronic_code": f"Mã định danh điện tử phải thuộc mã cấp 1 của tỉnh ({root.electronic_code[-3:]})."}
    taken = OrgUnit.objects.filter(electronic_code=code, dissolved_on__isnull=True)
    if exclude is not None:
        taken = taken.exclude(pk=exclude.pk)
    holder = taken.first()
    if holder is not None:
        return {"electronic_code": f"Mã định danh điện tử {code} đã được cấp cho “{holder.name}”."}
    return {}


def _validate_new_unit(*, kind: str, name: str, electronic_code: str, parent: OrgUnit, on: date,
                       exclude: OrgUnit | None = None) -> None:
    errors: dict[str, str] = {}
    if kind not in OrgUnitKind.values or kind == OrgUnitKind.PROVINCE:
        errors["kind"] = "Loại cơ quan, đơn vị không hợp lệ."
    if not name:
        errors["name"] = "Tên cơ quan, đơn vị không được để trống."
    errors.update(_code_errors(electronic_code.strip(), exclude=exclude))
    if not parent.is_active:
        errors["parent"] = f"“{parent.name}” đã chấm dứt hoạt động."
    elif on < parent.established_on:
        errors["established_on"] = (
            f"Ngày thành lập phải từ ngày {parent.established_on:%d/%m/%Y}, ngày thành lập của “{parent.name}”.")
    if errors:
        raise ApplicationError.for_fields(errors)


def _unit_insert(*, acting_user: Account | None, parent: OrgUnit | None, kind: str, name: str,
                 electronic_code: str, established_on: date, change: str, decision: str) -> OrgUnit:
    unit = OrgUnit.objects.create(
        kind=kind, name=name, electronic_code=electronic_code.strip(), parent=parent, path="",
        depth=0 if parent is None else parent.depth + 1, established_on=established_on,
    )
    unit.path = f"{parent.path if parent else '/'}{unit.pk}/"
    unit.save(update_fields=["path"])
    OrgUnitVersion.objects.create(
        org_unit=unit, name=unit.name, electronic_code=unit.electronic_code, parent=parent,
        valid_from=established_on, change=change, decision=decision, recorded_by=acting_user,
    )
    return unit


def _version_advance(unit: OrgUnit, *, acting_user: Account | None, on: date, change: str,
                     decision: str, **state: object) -> OrgUnitVersion:
    """Close the open version the day before `on` and open one with `state` applied."""
    current = unit.versions.select_for_update().get(valid_to__isnull=True)
    if on <= current.valid_from:
        raise ApplicationError.for_fields(
            {"on": f"Ngày hiệu lực phải sau ngày {current.valid_from:%d/%m/%Y} (lần thay đổi trước của “{unit.name}”)."})
    current.valid_to = on - ONE_DAY
    current.save(update_fields=["valid_to"])
    for field, value in state.items():
        setattr(unit, field, value)
    unit.save(update_fields=[*state.keys()])
    return OrgUnitVersion.objects.create(
        org_unit=unit, name=unit.name, electronic_code=unit.electronic_code, parent=unit.parent,
        valid_from=on, change=change, decision=decision, recorded_by=acting_user,
    )


def _unit_end(unit: OrgUnit, *, acting_user: Account | None, on: date, change: str, decision: str,
              successor: OrgUnit | None = None) -> None:
    current = unit.versions.select_for_update().get(valid_to__isnull=True)
    if on <= current.valid_from:
        raise ApplicationError.for_fields(
            {"on": f"Ngày hiệu lực phải sau ngày {current.valid_from:%d/%m/%Y} (lần thay đổi trước của “{unit.name}”)."})
    current.valid_to = on - ONE_DAY
    current.save(update_fields=["valid_to"])
    unit.dissolved_on = on
    unit.successor = successor
    unit.end_change = change
    unit.end_decision = decision
    unit.save(update_fields=["dissolved_on", "successor", "end_change", "end_decision"])


def _subtree_reroot(unit: OrgUnit, new_parent: OrgUnit) -> None:
    """Rewrite the paths of `unit` and everything below it in one statement."""
    old_path = unit.path
    new_path = f"{new_parent.path}{unit.pk}/"
    delta = new_parent.depth + 1 - unit.depth
    OrgUnit.objects.filter(path__startswith=old_path).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
        depth=F("depth") + delta,
    )


def _children_move(unit: OrgUnit, target: OrgUnit, *, acting_user: Account | None, on: date,
                   decision: str) -> None:
    for child in unit.children.filter(dissolved_on__isnull=True).select_for_update():
        _version_advance(child, acting_user=acting_user, on=on, change=OrgChange.MOVE,
                         decision=decision, parent=target)
        _subtree_reroot(child, target)


def _people_move(unit: OrgUnit, target: OrgUnit, *, on: date, reason: str,
                 person_ids: list[int] | None = None) -> None:
    """Close the open placements in `unit` the day before `on` and open them in `target`."""
    open_rows = Placement.objects.filter(org_unit=unit, end__isnull=True, start__lt=on)
    if person_ids is not None:
        open_rows = open_rows.filter(person_id__in=person_ids)
    rows = list(open_rows.select_for_update())
    open_rows.update(end=on - ONE_DAY)
    Placement.objects.bulk_create([
        Placement(person_id=row.person_id, org_unit=target, start=on, position=row.position, reason=reason)
        for row in rows
    ])
    people = Person.objects.filter(org_unit=unit)
    if person_ids is not None:
        people = people.filter(pk__in=person_ids)
    people.update(org_unit=target)
