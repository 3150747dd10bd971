"""Reads the pages need that core does not offer yet.

Each is the smallest function for its job, shaped like core's selectors (keyword-only, `user`
first, NotFoundError for missing and forbidden alike), so it can move into core/selectors/
unchanged. Rules stay in core.permissions: these only combine what it already answers.
"""

from functools import reduce
from operator import or_

from django.db.models import Q, QuerySet

from core.accounts.models import Account
from core.exceptions import NotFoundError
from core.models import EDITABLE_STATES, Attachment, ChangeSet, ConsentGrant, Person, RoleGrant
from core.permissions import ADMIN_ROLES, CONSENT_ROLES, account_role_grants
from core.selectors.change_sets import change_set_list_for_user
from core.selectors.people import person_get_for_user

ATTACHMENT_NOT_FOUND = "Không tìm thấy tài liệu."
ACCOUNT_NOT_FOUND = "Không tìm thấy tài khoản."
NO_DOSSIER = "Tài khoản này không gắn với hồ sơ cá nhân nào."


def own_person_id(*, user: Account) -> int:
    """The id of the person whose account `user` is; NotFoundError for agency accounts."""
    person_id = Person.objects.filter(account_id=user.pk).values_list("pk", flat=True).first()
    if person_id is None:
        raise NotFoundError(NO_DOSSIER)
    return person_id


def change_set_open_for_user(*, user: Account, person_id: int) -> ChangeSet | None:
    """The dossier's change set still being written (draft or returned), if any."""
    return change_set_list_for_user(user=user, person_id=person_id).filter(state__in=EDITABLE_STATES).first()


def attachment_get_for_user(*, user: Account, attachment_id: int) -> Attachment:
    """A document of a dossier `user` may read; the read is logged like the dossier's."""
    attachment = Attachment.objects.filter(pk=attachment_id).first()
    if attachment is None:
        raise NotFoundError(ATTACHMENT_NOT_FOUND)
    try:
        person_get_for_user(user=user, person_id=attachment.person_id, purpose="attachment")
    except NotFoundError:
        raise NotFoundError(ATTACHMENT_NOT_FOUND) from None
    return attachment


def _subtree_q(grants: list[RoleGrant], *fields: str) -> Q:
    return reduce(or_, (Q(**{f"{field}__path__startswith": g.org_unit.path}) for g in grants for field in fields),
                  Q(pk__in=[]))


def role_grant_list_for_user(*, user: Account) -> QuerySet[RoleGrant]:
    """Active grants over units in the subtrees where `user` is an admin."""
    scope = _subtree_q(account_role_grants(user, ADMIN_ROLES), "org_unit")
    return (RoleGrant.objects.filter(scope, revoked_at__isnull=True)
            .select_related("account", "org_unit", "granted_by").order_by("org_unit__path", "role", "id"))


def consent_grant_list_for_user(*, user: Account) -> QuerySet[ConsentGrant]:
    """Consents `user` holds, and those over dossiers where `user` may record consent."""
    scope = Q(grantee_id=user.pk) | _subtree_q(account_role_grants(user, CONSENT_ROLES), "org_unit", "person__org_unit")
    return (ConsentGrant.objects.filter(scope)
            .select_related("grantee", "person", "org_unit", "granted_by").order_by("-granted_at", "-id"))


def account_get_for_user(*, user: Account, username: str) -> Account:
    """An active account of this province, by its sign-in, for someone who grants roles or
    consents; to anyone else every account is unknown (account names are ID numbers)."""
    username = username.strip().lower()
    if not username or not account_role_grants(user, {*ADMIN_ROLES, *CONSENT_ROLES}):
        raise NotFoundError(ACCOUNT_NOT_FOUND)
    account = Account.objects.filter(username=username, is_active=True).first()
    if account is None:
        raise NotFoundError(ACCOUNT_NOT_FOUND)
    return account
