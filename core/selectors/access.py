"""Scoped reads of access data: documents, role grants, written consents, accounts.

Shaped like the other selectors (keyword-only, `user` first, NotFoundError for missing and
forbidden alike). The rules stay in core.permissions: these only combine what it answers.
"""

import re
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import Q, QuerySet
from django.utils import timezone

from core.base.accounts.models import Account
from core.base.errors import NotFoundError, PermissionDeniedError
from core.models import Attachment, ConsentGrant, OrgUnit, Role, RoleGrant
from core.permissions import (
    ADMIN_ROLES,
    CONSENT_ROLES,
    GRANTABLE_ROLES,
    NOT_ALLOWED,
    account_role_grants,
)
from core.selectors.people import dossier_hidden_groups_for_user, person_get_for_user
from rules.domain.registry import RuleKey
from rules.selectors import rules_effective

ATTACHMENT_NOT_FOUND = "Không tìm thấy tài liệu."
SENSITIVE_DOCUMENT = ("Bản số hóa giấy tờ là dữ liệu cá nhân nhạy cảm: vai trò của bạn không được xem "
                      "(quy tắc “Vai trò được xem từng nhóm dữ liệu cá nhân nhạy cảm”).")
ACCOUNT_NOT_FOUND = "Không tìm thấy tài khoản."
ROLE_GRANT_NOT_FOUND = "Không tìm thấy phân quyền."
CONSENT_NOT_FOUND = "Không tìm thấy văn bản đồng ý khai thác."


def attachment_get_for_user(*, user: Account, attachment_id: int) -> Attachment:
    """A document of a dossier `user` may read; the read is logged like the dossier's."""
    attachment = Attachment.objects.filter(pk=attachment_id).first()
    if attachment is None:
        raise NotFoundError(ATTACHMENT_NOT_FOUND)
    try:
        attachment.person = person_get_for_user(user=user, person_id=attachment.person_id, purpose="attachment")
    except NotFoundError:
        raise NotFoundError(ATTACHMENT_NOT_FOUND) from None
    if "id_documents" in dossier_hidden_groups_for_user(user=user, person=attachment.person):
        raise PermissionDeniedError(SENSITIVE_DOCUMENT, code="sensitive_document")
    return attachment


@dataclass(frozen=True)
class GrantableRole:
    role: str
    org_unit: OrgUnit


def grantable_roles_for_user(*, user: Account) -> list[GrantableRole]:
    """Each role `user` may grant, with the unit whose subtree it may grant it over."""
    return [
        GrantableRole(role=role, org_unit=grant.org_unit)
        for grant in account_role_grants(user, ADMIN_ROLES)
        for role in roles_offered(sorted(GRANTABLE_ROLES.get(grant.role, frozenset())))
    ]


def roles_offered(roles: list[str]) -> list[str]:
    """`roles` without those the province's rules do not provide (the read-only unit role
    exists only where the text gives it: Bình Thuận Art. 8.3-8.4)."""
    if Role.UNIT_READER in roles and not rules_effective(as_of=timezone.localdate()).value(RuleKey.UNIT_READER_ROLE):
        return [role for role in roles if role != Role.UNIT_READER]
    return roles


def _subtree_q(grants: list[RoleGrant], *fields: str) -> Q:
    """Rows whose unit (reached through any of `fields`) lies in a subtree of `grants`."""
    return reduce(or_, (Q(**{f"{field}__path__startswith": g.org_unit.path}) for g in grants for field in fields),
                  Q(pk__in=[]))


def role_grant_list_for_user(*, user: Account) -> QuerySet[RoleGrant]:
    """Active grants over units in the subtrees where `user` is an admin."""
    scope = _subtree_q(account_role_grants(user, ADMIN_ROLES), "org_unit")
    return (RoleGrant.objects.filter(scope, revoked_at__isnull=True)
            .select_related("account", "org_unit", "granted_by").order_by("org_unit__path", "role", "id"))


def role_grant_document_for_user(*, user: Account, grant_id: int) -> RoleGrant:
    """A grant whose scanned authorisation `user`, an admin over it, may download; missing,
    forbidden and without a file answer alike."""
    grant = role_grant_get_for_user(user=user, grant_id=grant_id)
    if not grant.authorisation_file:
        raise NotFoundError(ROLE_GRANT_NOT_FOUND)
    return grant


def role_grant_get_for_user(*, user: Account, grant_id: int) -> RoleGrant:
    grant = role_grant_list_for_user(user=user).filter(pk=grant_id).first()
    if grant is None:
        raise NotFoundError(ROLE_GRANT_NOT_FOUND)
    return grant


def consent_grant_list_for_user(*, user: Account) -> QuerySet[ConsentGrant]:
    """Consents `user` holds, and those over dossiers where `user` may record consent."""
    scope = Q(grantee_id=user.pk) | _subtree_q(account_role_grants(user, CONSENT_ROLES),
                                               "org_unit", "person__org_unit")
    return (ConsentGrant.objects.filter(scope)
            .select_related("grantee", "person", "org_unit", "granted_by").order_by("-granted_at", "-id"))


def consent_grant_get_for_user(*, user: Account, consent_id: int) -> ConsentGrant:
    consent = consent_grant_list_for_user(user=user).filter(pk=consent_id).first()
    if consent is None:
        raise NotFoundError(CONSENT_NOT_FOUND)
    return consent


_USERNAME = re.compile(r"^[\w.@+-]{1,150}$")


def account_get_for_user(*, user: Account, username: str, disabled_too: bool = False) -> Account:
    """An active account of this province (or a disabled one too, for an admin who may re-enable
    it), found by its sign-in, for someone who grants roles or records consents. Anyone else is
    refused before looking, whatever the name: account names are ID numbers, and their existence
    is not everyone's to learn."""
    if not account_role_grants(user, ADMIN_ROLES if disabled_too else {*ADMIN_ROLES, *CONSENT_ROLES}):
        raise PermissionDeniedError(NOT_ALLOWED)
    username = username.strip().lower()
    found = Account.objects.filter(username=username) if disabled_too else Account.objects.filter(
        username=username, is_active=True)
    account = found.first() if _USERNAME.match(username) else None
    if account is None:
        raise NotFoundError(ACCOUNT_NOT_FOUND)
    return account
