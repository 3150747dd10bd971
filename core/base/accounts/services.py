"""The API's token sign-in (DRF tokens live in the province's schema)."""

from django.contrib.auth import authenticate
from django.db import transaction
from rest_framework.authtoken.models import Token

from core.base.audit.services import audit_record
from core.base.errors import ApplicationError

# One answer for a wrong password, an unknown name and a closed account: never say which.
SIGN_IN_REFUSED = "Tên đăng nhập hoặc mật khẩu không đúng."


def auth_token_issue(*, username: str, password: str) -> Token:
    """The account's API token in this province (made on first sign-in), for a right sign-in."""
    account = authenticate(username=username.strip().lower(), password=password)
    if account is None or not account.is_active:
        raise ApplicationError(SIGN_IN_REFUSED, code="sign_in_refused")
    with transaction.atomic():
        token, created = Token.objects.get_or_create(user=account)
        audit_record(acting_user=account, action="auth.token", target=f"account:{account.pk}",
                     detail={"created": created})
    return token
