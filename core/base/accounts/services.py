"""The API's token sign-in: django-rest-knox tokens (hashed at rest, with an expiry) in the
province's schema, behind the django-axes lockout."""

from dataclasses import dataclass

from django.contrib.auth import authenticate
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from knox.models import AuthToken

from core.base.accounts.models import Account
from core.base.audit.services import audit_record
from core.base.errors import ApplicationError, NotFoundError

# One answer for a wrong password, an unknown name and a closed account: never say which.
SIGN_IN_REFUSED = "Tên đăng nhập hoặc mật khẩu không đúng."
LOCKED_OUT = ("Tài khoản hoặc địa chỉ này tạm bị khoá vì đăng nhập sai quá nhiều lần. "
              "Vui lòng thử lại sau 30 phút hoặc liên hệ quản trị của tỉnh để mở khoá.")


class LockedOutError(ApplicationError):
    code = "locked_out"
    status = 429


@dataclass(frozen=True)
class IssuedToken:
    token: AuthToken
    key: str  # shown once: only its hash is stored


def auth_token_issue(*, request: HttpRequest, username: str, password: str) -> IssuedToken:
    """A new token for a right sign-in; a locked-out account or address is refused first
    (django-axes counts the failure, the sign-in audit records it)."""
    account = authenticate(request, username=username.strip().lower(), password=password)
    if getattr(request, "axes_locked_out", False):
        raise LockedOutError(LOCKED_OUT)
    if not isinstance(account, Account) or not account.is_active:
        raise ApplicationError(SIGN_IN_REFUSED, code="sign_in_refused")
    with transaction.atomic():
        AuthToken.objects.filter(user=account, expiry__lt=timezone.now()).delete()
        token, key = AuthToken.objects.create(user=account)
        audit_record(acting_user=account, action="auth.token", target=f"account:{account.pk}",
                     detail={"token": token.token_key[:8], "address": request.META.get("REMOTE_ADDR", "")})
    return IssuedToken(token=token, key=key)


def auth_token_revoke(*, acting_user: Account, token_key: str) -> None:
    """Revoke one of the account's own tokens (by its public prefix); another's is "not found"."""
    with transaction.atomic():
        deleted, _ = AuthToken.objects.filter(user=acting_user, token_key=token_key).delete()
        if not deleted:
            raise NotFoundError("Không tìm thấy mã truy cập.")
        audit_record(acting_user=acting_user, action="auth.token_revoke", target=f"account:{acting_user.pk}",
                     detail={"token": token_key[:8]})


def auth_tokens_revoke_all(*, acting_user: Account) -> int:
    """Every token of the account (after a password change, say)."""
    with transaction.atomic():
        deleted, _ = AuthToken.objects.filter(user=acting_user).delete()
        audit_record(acting_user=acting_user, action="auth.token_revoke_all", target=f"account:{acting_user.pk}",
                     detail={"count": deleted})
    return deleted
