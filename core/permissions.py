"""Who holds which role over which part of the organisation, and what each role may do.

A role is held over a subtree: a grant on a unit covers that unit and every unit below it
(the unit's `path` is a prefix of theirs). The employee role is implied by an account's link
to a Person and covers that person's own dossier only. Anyone else's dossier opens through a
role over it or a written-consent grant (core.models.ConsentGrant), and nothing else.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from core.base.accounts.models import Account
from core.base.errors import PermissionDeniedError
from core.base.memo import request_memoised
from core.models import ConsentGrant, OrgUnit, Person, Role, RoleGrant

# Every stored role reads the dossiers of its subtree.
VIEW_ROLES = (Role.DOHA_ADMIN, Role.AGENCY_ADMIN, Role.SUBUNIT_ADMIN, Role.UNIT_OFFICER, Role.APPROVER,
              Role.UNIT_READER)
# Admin roles keep people, accounts and the organisation of their subtree.
ADMIN_ROLES = (Role.DOHA_ADMIN, Role.AGENCY_ADMIN, Role.SUBUNIT_ADMIN)
REVIEW_ROLES = (Role.UNIT_OFFICER,)
# The technical agency reads no dossier: it is outside VIEW_ROLES on purpose, so no selector
# that decides who sees whom ever counts it.
TECH_ROLES = (Role.TECH_AGENCY,)
# The managing agency consents in writing: its head (approver) or an admin records it.
CONSENT_ROLES = (*ADMIN_ROLES, Role.APPROVER)
# Account tiers (Lào Cai Art. 6.2, Bình Thuận Art. 6.2, Sơn La Art. 5): DoHA issues agency
# accounts, an agency its sub-units' accounts and roles; personal accounts come from any admin.
GRANTABLE_ROLES: dict[str, frozenset[str]] = {
    Role.DOHA_ADMIN: frozenset((*VIEW_ROLES, *TECH_ROLES)),
    Role.AGENCY_ADMIN: frozenset({Role.SUBUNIT_ADMIN, Role.UNIT_OFFICER, Role.APPROVER, Role.UNIT_READER}),
    Role.SUBUNIT_ADMIN: frozenset(),
}

NOT_ALLOWED = "Bạn không có quyền thực hiện thao tác này."


@dataclass(frozen=True)
class HeldRole:
    """A role an account holds now: over a subtree (`org_unit`), or over its own dossier."""

    role: str
    org_unit: OrgUnit | None
    grant: RoleGrant | None

    @property
    def label(self) -> str:
        return Role(self.role).label


def account_role_grants(account: Account, roles: Iterable[str] = VIEW_ROLES) -> list[RoleGrant]:
    """The account's active grants among `roles`, with their units (one query per request,
    whatever the roles asked: core/base/memo.py)."""
    if not account.is_authenticated or not account.is_active:
        return []
    wanted = set(roles)
    return [grant for grant in _account_grants(account.pk) if grant.role in wanted]


def _account_grants(account_id: int) -> list[RoleGrant]:
    return request_memoised(("role_grants", account_id), lambda: list(
        RoleGrant.objects.filter(account_id=account_id, revoked_at__isnull=True)
        .select_related("org_unit")
        .order_by("org_unit__depth", "id")
    ))


def account_is_person(account: Account) -> bool:
    """Whether the account is a person's own (the employee role over their dossier)."""
    return account.is_authenticated and request_memoised(
        ("is_person", account.pk), lambda: Person.objects.filter(account_id=account.pk).exists()
    )


def account_roles(account: Account) -> list[HeldRole]:
    """Every role the account holds: its grants, and `employee` when it is a person's account."""
    held = [HeldRole(role=g.role, org_unit=g.org_unit, grant=g)
            for g in account_role_grants(account, (*VIEW_ROLES, *TECH_ROLES))]
    if account_is_person(account):
        held.append(HeldRole(role=Role.EMPLOYEE, org_unit=None, grant=None))
    return held


def account_is_doha_admin(account: Account) -> bool:
    return bool(account_role_grants(account, roles=[Role.DOHA_ADMIN]))


def account_is_tech_agency(account: Account) -> bool:
    return bool(account_role_grants(account, roles=TECH_ROLES))


def unit_in_subtree(unit: OrgUnit, root: OrgUnit) -> bool:
    return unit.path.startswith(root.path)


def grant_over(grants: Iterable[RoleGrant], unit: OrgUnit) -> RoleGrant | None:
    """The first grant whose subtree holds `unit`."""
    return next((g for g in grants if unit_in_subtree(unit, g.org_unit)), None)


def role_require(account: Account, *, roles: Iterable[str], org_unit: OrgUnit,
                 message: str = NOT_ALLOWED) -> RoleGrant:
    """The grant that lets `account` act on `org_unit` in one of `roles`, or a refusal."""
    grant = grant_over(account_role_grants(account, roles), org_unit)
    if grant is None:
        raise PermissionDeniedError(message)
    return grant


def consent_grants_active(account: Account) -> list[ConsentGrant]:
    """Written consents the account may use today (until `valid_until` inclusive)."""
    if not account.is_authenticated or not account.is_active:
        return []
    today = timezone.localdate()
    return list(request_memoised(("consent_grants", account.pk, today), lambda: list(
        ConsentGrant.objects.filter(grantee_id=account.pk, revoked_at__isnull=True, valid_until__gte=today)
        .select_related("org_unit")
    )))


@dataclass(frozen=True)
class PersonAccess:
    """How an account reaches a person's dossier: itself, a role grant, or a consent grant."""

    channel: str  # "self", "role" or "consent"
    role_grant: RoleGrant | None = None
    consent_grant: ConsentGrant | None = None


def person_access(account: Account, person: Person) -> PersonAccess | None:
    """Why `account` may read `person`'s dossier, or None. `person.org_unit` must be loaded."""
    if not account.is_authenticated or not account.is_active:
        return None
    if person.account_id == account.pk:
        return PersonAccess(channel="self")
    grant = grant_over(account_role_grants(account), person.org_unit)
    if grant is not None:
        return PersonAccess(channel="role", role_grant=grant)
    for consent in consent_grants_active(account):
        if consent.person_id == person.pk or (
            consent.org_unit is not None and unit_in_subtree(person.org_unit, consent.org_unit)
        ):
            return PersonAccess(channel="consent", consent_grant=consent)
    return None


def person_visibility_q(account: Account, prefix: str = "") -> Q:
    """A filter on Person (or, with `prefix` "person__", on rows of a person) for the dossiers
    `account` may read: its own, its roles' subtrees, its valid consents. Two queries."""
    if not account.is_authenticated or not account.is_active:
        return Q(pk__in=[])
    q = Q(**{f"{prefix}account_id": account.pk})
    for grant in account_role_grants(account):
        if grant.org_unit.parent_id is None:
            return Q()  # the whole province
        q |= Q(**{f"{prefix}org_unit__path__startswith": grant.org_unit.path})
    for consent in consent_grants_active(account):
        if consent.person_id is not None:
            q |= Q(**{f"{prefix}pk" if not prefix else f"{prefix}id": consent.person_id})
        elif consent.org_unit is not None:
            q |= Q(**{f"{prefix}org_unit__path__startswith": consent.org_unit.path})
    return q


def role_can_grant(granter_role: str, role: str) -> bool:
    return role in GRANTABLE_ROLES.get(granter_role, frozenset())
