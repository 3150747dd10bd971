"""Deadlines an account must meet: its own (first entry, updates) and its units' reviews.
Every duty a unit owes, by the roles that act on it, is listed by core.transfers.selectors."""

from django.db.models import Q, QuerySet

from core.base.accounts.models import Account
from core.models import Obligation, ObligationKind, ObligationState
from core.permissions import REVIEW_ROLES, account_role_grants


def obligation_list_for_user(*, user: Account, state: str = ObligationState.OPEN) -> QuerySet[Obligation]:
    """Open (or done) obligations on `user`: personal ones, and reviews due in the subtrees
    where `user` is a unit officer (not the unit's other duties: reports, approvals and
    transfer steps fall to other roles); soonest due first, no deadline last."""
    scope = Q(account_id=user.pk)
    for grant in account_role_grants(user, REVIEW_ROLES):
        scope |= Q(kind=ObligationKind.UNIT_REVIEW, org_unit__path__startswith=grant.org_unit.path,
                   account__isnull=True)
    return (
        Obligation.objects.filter(scope, state=state)
        .select_related("person", "org_unit", "change_set")
        .order_by("due", "id")
    )
