"""What a résumé is made from: the dossier as it stands (or as it stood on a date, from its
versions), read through the reader's scope and logged like any dossier read, and the
names of the units the form's title block carries."""

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.files.storage import default_storage
from django.db import connection
from django.db.models import Q
from django.utils import timezone

from core.base.accounts.models import Account
from core.base.errors import NotFoundError
from core.models import DossierVersion, OrgUnit, OrgUnitKind, OrgUnitVersion, Person
from core.resumes.document import Resume, date_spoken
from core.resumes.facts import ResumeContext
from core.resumes.form_items import resume_build
from core.selectors.people import (
    dossier_get_for_user,
    dossier_hidden_groups_for_user,
    person_get_for_user,
)
from core.sensitive import content_mask

if TYPE_CHECKING:
    from core.resumes.completeness import Completeness

NO_VERSION = "Hồ sơ chưa có phiên bản nào đến {day}."


@dataclass(frozen=True)
class ResumeSource:
    person: Person
    snapshot: dict[str, Any]
    context: ResumeContext
    as_of: date | None


def resume_source_get_for_user(*, user: Account, person_id: int, as_of: date | None = None,
                               purpose: str = "resume") -> ResumeSource:
    """The dossier `user` may read, now or (with `as_of`) in the last version made on or
    before that day; missing and forbidden answer alike (NotFoundError)."""
    if as_of is None:
        dossier = dossier_get_for_user(user=user, person_id=person_id, purpose=purpose)
        person, snapshot = dossier.person, dossier.content
    else:
        person = person_get_for_user(user=user, person_id=person_id, purpose=f"{purpose}:{as_of.isoformat()}")
        version = (DossierVersion.objects.filter(person=person, created_at__date__lte=as_of)
                   .order_by("-number").first())
        if version is None:
            raise NotFoundError(NO_VERSION.format(day=date_spoken(as_of)))
        snapshot = content_mask(version.snapshot, dossier_hidden_groups_for_user(user=user, person=person))
    unit_id = (snapshot.get("identity") or {}).get("org_unit") or person.org_unit_id
    managing, using = _units(int(unit_id), on=as_of)
    photo = _photo((snapshot.get("dossier") or {}).get("photo") or "")
    context = ResumeContext(province=_province(), managing_agency=managing, using_unit=using,
                            made_on=as_of or timezone.localdate(), photo=photo)
    return ResumeSource(person=person, snapshot=snapshot, context=context, as_of=as_of)


def resume_of(source: ResumeSource, *, confirmer: str = "") -> Resume:
    """The résumé on the person's form; `confirmer` names who signs for the agency."""
    context = source.context if not confirmer else ResumeContext(
        **{**source.context.__dict__, "confirmer": confirmer})
    return resume_build(source.snapshot, context)


def _province() -> str:
    tenant = getattr(connection, "tenant", None)
    return str(getattr(tenant, "name", "") or "")


def _units(unit_id: int, *, on: date | None) -> tuple[str, str]:
    """(managing agency, using unit): the using unit is the person's own unit above its
    departments (the Sở, the school, the commune); the managing agency is the one above it,
    or the province's own root when it sits right under it. Names as they were on `on`."""
    unit = OrgUnit.objects.filter(pk=unit_id).only("path").first()
    if unit is None:
        return "", ""
    ids = [int(part) for part in unit.path.strip("/").split("/") if part]
    chain = {u.pk: u for u in OrgUnit.objects.filter(pk__in=ids).only("kind", "name", "parent_id")}
    names = {u.pk: u.name for u in chain.values()}
    if on is not None:
        versions = OrgUnitVersion.objects.filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=on), org_unit_id__in=ids, valid_from__lte=on)
        names.update({v.org_unit_id: v.name for v in versions.order_by("valid_from", "id")})
    line = [chain[pk] for pk in ids if pk in chain]  # root first
    using_index = len(line) - 1
    while using_index > 0 and line[using_index].kind == OrgUnitKind.DEPARTMENT:
        using_index -= 1
    using = line[using_index]
    managing = line[using_index - 1] if using_index > 0 else using
    return names[managing.pk], names[using.pk]


def _photo(name: str) -> bytes | None:
    """The dossier photo's bytes; a missing or unreadable file prints the empty box instead."""
    if not name:
        return None
    try:
        with default_storage.open(name, "rb") as stored:
            data: bytes = stored.read()
    except (OSError, ValueError):
        return None
    return data or None


# --- completeness (issue 19 item 6: Lào Cai Art. 14.4, Bình Thuận Art. 14.2a, Sơn La Art. 12.2) ---

COMPLETENESS_ROW_GROUPS = ("degree", "work_history", "family_member", "salary_history", "labor_contract")
PENDING_STATES = ("submitted", "reviewed")


def _completeness_snapshot(person: Person) -> dict[str, Any]:
    """What the measure reads: identity and dossier values, and which rows exist (by id); `person`
    comes with its dossier and the COMPLETENESS_ROW_GROUPS prefetched."""
    from core.dossier_values import DOSSIER, IDENTITY, group_related_name, values_of

    return {
        IDENTITY: {"category": person.category, **values_of(person, IDENTITY)},
        DOSSIER: values_of(person.dossier, DOSSIER) if hasattr(person, "dossier") else {},
        "rows": {group: [{"id": row.pk} for row in getattr(person, group_related_name(group)).all()]
                 for group in COMPLETENESS_ROW_GROUPS},
    }


def _with_rows(people: Any) -> Any:
    from core.dossier_values import group_related_name

    return people.select_related("dossier", "org_unit").prefetch_related(
        *(group_related_name(group) for group in COMPLETENESS_ROW_GROUPS))


def dossier_completeness(*, person_id: int, with_pending: bool = True) -> "Completeness":
    """The dossier's completeness; with `with_pending`, as it will read once the person's
    submitted and reviewed change sets are applied (the first-entry duty asks for the person's
    part: everything sent in)."""
    from core.models import ChangeItem
    from core.resumes.completeness import PendingChange, completeness_of, snapshot_with_changes

    person = _with_rows(Person.objects.filter(pk=person_id)).get()
    snapshot = _completeness_snapshot(person)
    if with_pending:
        items = ChangeItem.objects.filter(change_set__person_id=person_id, change_set__state__in=PENDING_STATES)
        snapshot = snapshot_with_changes(snapshot, (
            PendingChange(item.group, item.operation, item.row_id, dict(item.values or {}))
            for item in items.order_by("change_set_id", "id")))
    return completeness_of(snapshot)


@dataclass(frozen=True)
class IncompleteDossier:
    person: Person
    completeness: "Completeness"


def incomplete_dossier_list_for_user(*, user: Account, unit_id: int | None = None) -> list[IncompleteDossier]:
    """The working people `user` may see (in `unit_id`'s subtree) whose dossier lacks a required
    item of its form, with what it lacks; least complete first. A fixed number of queries."""
    from core.resumes.completeness import completeness_of
    from core.selectors.people import person_list_for_user

    people = _with_rows(person_list_for_user(user=user, unit_id=unit_id))
    found = [IncompleteDossier(person, completeness_of(_completeness_snapshot(person))) for person in people]
    incomplete = [row for row in found if not row.completeness.complete]
    return sorted(incomplete, key=lambda row: (row.completeness.percent, row.person.search_name, row.person.pk))
