"""An account's own API tokens (what it may list and revoke)."""

from django.db.models import QuerySet
from django.utils import timezone
from knox.models import AuthToken

from core.base.accounts.models import Account


def auth_tokens_of(*, account: Account) -> QuerySet[AuthToken]:
    """The account's tokens still in force, newest first (their hashes never leave here)."""
    return AuthToken.objects.filter(user=account).exclude(expiry__lt=timezone.now()).order_by("-created")
