"""Reads only the pages need.

Shaped like core's selectors (keyword-only, `user` first, NotFoundError for missing and
forbidden alike); the scoped reads the API shares live in core/selectors/access.py.
"""

from core.base.accounts.models import Account
from core.base.errors import NotFoundError
from core.models import EDITABLE_STATES, ChangeSet, Person
from core.selectors.change_sets import change_set_list_for_user

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
