"""Every sign-in, right or wrong, leaves an audit row in the schema of the host signed in to."""

from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from core.base.accounts.backends import lockout_username
from core.base.audit.services import audit_record


def client_address(request: HttpRequest | None) -> str:
    return (request.META.get("REMOTE_ADDR", "") if request is not None else "")[:45]


@receiver(user_logged_in, dispatch_uid="hoso.audit.sign_in")
def _signed_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    audit_record(acting_user=user, action="auth.sign_in", target=f"account:{user.pk}",
                 detail={"address": client_address(request)})


@receiver(user_logged_out, dispatch_uid="hoso.audit.sign_out")
def _signed_out(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is not None and user.is_authenticated:
        audit_record(acting_user=user, action="auth.sign_out", target=f"account:{user.pk}",
                     detail={"address": client_address(request)})


@receiver(user_login_failed, dispatch_uid="hoso.audit.sign_in_failed")
def _sign_in_failed(sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None,
                    **kwargs: Any) -> None:
    """The name tried (never the password) and the address; whether it came while the name or
    the address was already locked out."""
    locked = request is not None and AxesProxyHandler.is_locked(request, credentials)
    audit_record(acting_user=None, action="auth.sign_in_failed",
                 target=f"username:{(lockout_username(request, credentials) or '')[:150]}",
                 detail={"address": client_address(request),
                         "locked_out": bool(locked)})
