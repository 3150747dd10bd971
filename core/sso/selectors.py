from django.db.models import Q

from core.base.accounts.models import Account


def account_for_id_number(*, id_number: str) -> Account | None:
    """The province's account of the person with this ID number: signed in by it, or linked to
    the dossier that carries it. None when there is none, or more than one."""
    found = list(Account.objects.filter(Q(username=id_number) | Q(person__national_id=id_number)).distinct()[:2])
    return found[0] if len(found) == 1 else None
