"""Reading the organisation tree, now or on any past date."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Q, QuerySet

from core.base.accounts.models import Account
from core.base.errors import ApplicationError, NotFoundError
from core.models import OrgUnit, OrgUnitVersion, Person, Placement
from core.permissions import person_visibility_q

NOT_FOUND = "Không tìm thấy cơ quan, đơn vị."


def org_unit_get(*, org_unit_id: int) -> OrgUnit:
    """A unit of this province (the tree is not secret inside a province)."""
    try:
        return OrgUnit.objects.select_related("parent", "successor").get(pk=int(org_unit_id))
    except (OrgUnit.DoesNotExist, TypeError, ValueError):
        raise NotFoundError(NOT_FOUND) from None


def org_unit_names(*, org_unit_ids: Iterable[int]) -> dict[int, str]:
    """The names of these units of the province, in one query (a missing id is left out)."""
    return dict(OrgUnit.objects.filter(pk__in=list(org_unit_ids)).values_list("pk", "name"))


def org_unit_list_open_below_root() -> QuerySet[OrgUnit]:
    """The units that exist today, without the province's root, in tree order."""
    return OrgUnit.objects.filter(dissolved_on__isnull=True, parent__isnull=False).order_by("path")


def org_unit_list(*, active_on: date | None = None, root: OrgUnit | None = None) -> QuerySet[OrgUnitVersion]:
    """The tree as it stood on `active_on` (default: today's open versions), in tree order:
    one version per unit, with its name, code and parent of that day."""
    versions = OrgUnitVersion.objects.select_related("org_unit")
    if active_on is None:
        versions = versions.filter(valid_to__isnull=True, org_unit__dissolved_on__isnull=True)
    else:
        versions = versions.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=active_on), valid_from__lte=active_on)
    if root is not None:
        versions = versions.filter(org_unit__path__startswith=root.path)
    return versions.order_by("org_unit__path")


@dataclass
class OrgTreeNode:
    version: OrgUnitVersion
    children: list["OrgTreeNode"] = field(default_factory=list)

    @property
    def org_unit(self) -> OrgUnit:
        return self.version.org_unit


def org_unit_tree(*, active_on: date | None = None) -> list[OrgTreeNode]:
    """The tree on a date as nested nodes (roots first), in one query."""
    nodes = {v.org_unit_id: OrgTreeNode(version=v) for v in org_unit_list(active_on=active_on)}
    roots: list[OrgTreeNode] = []
    for node in nodes.values():
        parent = nodes.get(node.version.parent_id) if node.version.parent_id else None
        (parent.children if parent else roots).append(node)
    for node in nodes.values():
        node.children.sort(key=lambda n: n.version.name)
    return roots


def org_unit_version_on(*, org_unit: OrgUnit, on: date) -> OrgUnitVersion | None:
    """The unit's name, code and parent on a date; None if it did not exist then."""
    return (
        org_unit.versions.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on), valid_from__lte=on)
        .select_related("parent").first()
    )


def org_unit_history(*, org_unit: OrgUnit) -> QuerySet[OrgUnitVersion]:
    return org_unit.versions.select_related("parent", "recorded_by").order_by("valid_from", "id")


# --- Former units and their codes (mergers, the 2025 reorganisation) ----------------------------

@dataclass(frozen=True)
class FormerUnit:
    """A unit that ended into another (merged, split, dissolved with a successor): its last name
    and code, the last day it existed, and the unit that took it over."""

    org_unit: OrgUnit
    name: str
    electronic_code: str
    last_day: date | None
    successor: OrgUnit | None


def _former(unit: OrgUnit) -> FormerUnit:
    last_day = unit.dissolved_on - timedelta(days=1) if unit.dissolved_on else None
    return FormerUnit(unit, unit.name, unit.electronic_code, last_day, unit.successor)


# Successions are dated and go forward: a chain longer than this is a cycle in bad data.
_MAX_SUCCESSIONS = 50


def org_unit_formerly(*, org_unit: OrgUnit) -> list[FormerUnit]:
    """The units that ended into `org_unit`, directly or through others (the former Hà Giang
    units in Tuyên Quang's tree from 01/07/2025), latest end first; one query per generation."""
    found: list[FormerUnit] = []
    seen, frontier = {org_unit.pk}, [org_unit.pk]
    for _ in range(_MAX_SUCCESSIONS):
        if not frontier:
            break
        rows = [u for u in OrgUnit.objects.filter(successor_id__in=frontier).select_related("successor")
                if u.pk not in seen]
        seen.update(u.pk for u in rows)
        found += [_former(u) for u in rows]
        frontier = [u.pk for u in rows]
    return sorted(found, key=lambda f: (f.last_day or date.max, f.name), reverse=True)


@dataclass(frozen=True)
class CodeAnswer:
    """What an electronic code names: the unit that carried it (`matched`, with the state in
    which it did), the units it passed to (`chain`), and the unit that holds it all today
    (`current`: the chain's end; not active when the last one ended without a successor)."""

    code: str
    matched: OrgUnit
    version: OrgUnitVersion
    chain: list[FormerUnit]
    current: OrgUnit


CODE_FORM = "Mã định danh điện tử phải có dạng LLL.KK.JJ.Xnn, ví dụ 000.00.00.H38."
CODE_UNKNOWN = "Không có cơ quan, đơn vị nào mang mã định danh điện tử “{code}”, hiện nay hay trước đây."


def org_unit_by_code(*, code: str) -> CodeAnswer:
    """The unit an electronic code names, today or formerly, and the unit that took it over:
    an old code (a former Hà Giang or Yên Bái unit) answers the unit of the merged province.
    A unit carrying the code today wins over one that carried it before (codes are reissued)."""
    from core.validators import ELECTRONIC_CODE_PATTERN

    code = code.strip().upper()
    if not ELECTRONIC_CODE_PATTERN.fullmatch(code):
        # The form only: a code of that form that no unit carries (even one no unit could carry)
        # is simply unknown.
        raise ApplicationError(CODE_FORM, code="invalid", extra={"fields": {"code": [CODE_FORM]}})
    versions = OrgUnitVersion.objects.filter(electronic_code__iexact=code).select_related(
        "org_unit", "org_unit__successor")
    version = (versions.filter(valid_to__isnull=True, org_unit__dissolved_on__isnull=True).first()
               or versions.order_by("-valid_from", "-id").first())
    if version is None:
        raise NotFoundError(CODE_UNKNOWN.format(code=code), extra={"fields": {"code": [CODE_UNKNOWN.format(code=code)]}})
    matched = current = version.org_unit
    chain: list[FormerUnit] = []
    seen = {current.pk}
    while current.successor_id is not None and current.successor_id not in seen and len(chain) < _MAX_SUCCESSIONS:
        chain.append(_former(current))
        current = OrgUnit.objects.select_related("successor").get(pk=current.successor_id)
        seen.add(current.pk)
    return CodeAnswer(code=code, matched=matched, version=version, chain=chain, current=current)


def placement_list_on(*, user: Account, org_unit: OrgUnit, on: date, subtree: bool = False) -> QuerySet[Placement]:
    """Who worked in `org_unit` (or its subtree) on a date, among the people `user` may see:
    "who worked where" still answers after renames, moves and mergers."""
    rows = Placement.objects.filter(
        Q(end__isnull=True) | Q(end__gte=on), start__lte=on,
    ).filter(person_visibility_q(user, prefix="person__"))
    rows = rows.filter(org_unit__path__startswith=org_unit.path) if subtree else rows.filter(org_unit=org_unit)
    return rows.select_related("person", "org_unit").order_by("person__search_name", "person_id")


def person_placement_on(*, user: Account, person: Person, on: date) -> Placement | None:
    """Where a person (whom `user` may see) worked on a date."""
    return (
        Placement.objects.filter(Q(end__isnull=True) | Q(end__gte=on), person=person, start__lte=on)
        .filter(person_visibility_q(user, prefix="person__"))
        .select_related("org_unit").order_by("-start").first()
    )
