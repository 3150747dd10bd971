"""Sensitive groups of the dossier and who sees their values (rule `access.sensitive_groups`,
Luật 91/2025/QH15, Nghị định 356/2025/NĐ-CP).

A reader whose role the rule does not name for a group sees every field of it as `HIDDEN`: the
field is there, its value is not. The person always sees their own dossier whole. Masking
happens where the dossier is read (core.selectors.people), so pages, the API, résumés and
exports built from that read all show the same thing.
"""

from __future__ import annotations

import copy
from typing import Any, cast

from django.utils import timezone

from core.base.accounts.models import Account
from core.models import FamilyMember, Person
from core.permissions import PersonAccess, account_role_grants, unit_in_subtree
from rules.domain.registry import RuleKey
from rules.domain.sensitive import NATIONAL_VISIBILITY, SENSITIVE_GROUPS, SensitiveVisibility
from rules.selectors import rules_effective

HIDDEN = "Đã ẩn — dữ liệu nhạy cảm"

# The dossier's single values in each group; the whole family table is the "family" group.
DOSSIER_FIELDS: dict[str, tuple[str, ...]] = {
    "ethnicity": ("ethnic_group_code",),
    "religion": ("religion_code",),
    "health": ("health_status", "height_cm", "weight_kg", "blood_type"),
    "party": ("party_admitted_on", "party_official_on", "party_position"),
}
ROW_GROUPS: dict[str, str] = {"family_member": "family"}
# What stays visible of a hidden row: which row it is, and which half of the table.
ROW_KEPT = ("id", "side")
ALL_GROUPS = frozenset(SENSITIVE_GROUPS)


def sensitive_visibility() -> SensitiveVisibility:
    value = rules_effective(as_of=timezone.localdate()).value(RuleKey.SENSITIVE_VISIBILITY)
    return value if isinstance(value, SensitiveVisibility) else NATIONAL_VISIBILITY


def hidden_groups(*, user: Account, person: Person, access: PersonAccess) -> frozenset[str]:
    """The sensitive groups of `person` whose values `user` may not see: none for oneself;
    for a role, the groups the rule does not name for any of the user's roles over the
    person's unit; for a written consent, every group (consent opens the dossier, not its
    sensitive data)."""
    if access.channel == "self":
        return frozenset()
    if access.channel != "role":
        return ALL_GROUPS
    roles = {grant.role for grant in account_role_grants(user) if unit_in_subtree(person.org_unit, grant.org_unit)}
    visibility = sensitive_visibility()
    return frozenset(group for group in SENSITIVE_GROUPS if not any(visibility.sees(group, r) for r in roles))


def field_group(section: str, name: str) -> str | None:
    """The sensitive group of one field (`section` "dossier" or a row group), or None."""
    if section in ROW_GROUPS:
        return ROW_GROUPS[section] if name not in ROW_KEPT else None
    return next((group for group, names in DOSSIER_FIELDS.items() if section == "dossier" and name in names), None)


def values_mask(section: str, values: dict[str, Any], hidden: frozenset[str]) -> dict[str, Any]:
    """`values` of one section or change item with each hidden field's value replaced."""
    if not hidden:
        return values
    return {name: HIDDEN if field_group(section, name) in hidden else value for name, value in values.items()}


def content_mask(content: dict[str, Any], hidden: frozenset[str]) -> dict[str, Any]:
    """A dossier's JSON form (`dossier_snapshot`, a stored version) as `hidden` allows."""
    if not hidden:
        return content
    masked = copy.deepcopy(content)
    if isinstance(masked.get("dossier"), dict):
        masked["dossier"] = values_mask("dossier", masked["dossier"], hidden)
    rows = masked.get("rows") or {}
    for section in ROW_GROUPS:
        if isinstance(rows.get(section), list):
            rows[section] = [values_mask(section, row, hidden) for row in rows[section]]
    return masked


def person_mask(person: Person, hidden: frozenset[str]) -> None:
    """Mask the loaded dossier and family rows of `person` in memory, for pages that render the
    model instances. Never saved: the change-set services read the dossier afresh."""
    if not hidden:
        return
    dossier = getattr(person, "dossier", None)
    for group, names in DOSSIER_FIELDS.items():
        if group in hidden and dossier is not None:
            for name in names:
                setattr(dossier, name, HIDDEN)
    if "family" in hidden:
        members = cast(list[FamilyMember], list(person.family_members.all()))
        for member in members:
            for field in FamilyMember._meta.concrete_fields:
                if field.name not in (*ROW_KEPT, "person") and field_group("family_member", field.name):
                    setattr(member, field.attname, HIDDEN)


def without_hidden(values: dict[str, Any]) -> dict[str, Any]:
    """Proposed values without the fields a reader was shown hidden (an edit form posts the
    marker back): a hidden value is never changed by someone who could not see it."""
    return {name: value for name, value in values.items() if value != HIDDEN}
