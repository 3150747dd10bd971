"""Operators: accounts in the `public` schema, in the Django group "operators", signing in to
the console with a password and a TOTP code (django-otp)."""

import secrets
from dataclasses import dataclass

from django.contrib.auth import authenticate
from django.contrib.auth.models import Group
from django.db import transaction
from django.http import HttpRequest
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.models import Device
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.base.accounts.models import Account
from core.base.audit.services import audit_record
from core.base.errors import ApplicationError
from tenants.context import current_schema_name

OPERATORS_GROUP = "operators"
SIGN_IN_REFUSED = "Tên đăng nhập, mật khẩu hoặc mã xác thực không đúng."


@dataclass(frozen=True)
class OperatorCreated:
    account: Account
    password: str
    provisioning_uri: str


def _require_public() -> None:
    # Operators exist only in `public`; a province's accounts are never operators.
    if current_schema_name() != "public":
        raise ApplicationError("Tài khoản vận hành chỉ được tạo trên nền tảng (schema public).", code="not_public")


def account_is_operator(account: object) -> bool:
    if current_schema_name() != "public" or not isinstance(account, Account) or not account.is_active:
        return False
    return account.groups.filter(name=OPERATORS_GROUP).exists()


def operator_create(*, username: str, full_name: str = "", acting_user: Account | None = None) -> OperatorCreated:
    """A new operator with a one-time password (to change at first sign-in) and a TOTP device."""
    _require_public()
    username = username.strip()
    if not username:
        raise ApplicationError.for_fields({"username": "Cần nhập tên đăng nhập."})
    if Account.objects.filter(username=username).exists():
        raise ApplicationError.for_fields({"username": f"Tài khoản “{username}” đã có."})
    password = secrets.token_urlsafe(12)
    with transaction.atomic():
        account = Account.objects.create_user(username=username, password=password, full_name=full_name,
                                              must_change_password=True)
        group, _ = Group.objects.get_or_create(name=OPERATORS_GROUP)
        account.groups.add(group)
        device = TOTPDevice.objects.create(user=account, name="hoso", confirmed=True)
        audit_record(acting_user=acting_user, action="operator.create", target=username)
    return OperatorCreated(account=account, password=password, provisioning_uri=device.config_url)


def operator_verify(*, request: HttpRequest, username: str, password: str, otp_token: str) -> tuple[Account, Device]:
    """Both factors, or one refusal that does not say which was wrong; every try is logged."""
    _require_public()
    account = authenticate(request, username=username, password=password)
    device = None
    if isinstance(account, Account) and account_is_operator(account):
        device = _totp_verified(account, otp_token.strip())
    if device is None:
        audit_record(acting_user=None, action="console.sign_in_refused", target=username[:200])
        raise ApplicationError(SIGN_IN_REFUSED, code="sign_in_refused")
    assert isinstance(account, Account)
    audit_record(acting_user=account, action="console.sign_in", target=account.username)
    return account, device


def _totp_verified(account: Account, token: str) -> TOTPDevice | None:
    """The operator's TOTP device when `token` is its current code (django-otp throttles
    repeated failures and refuses a code used before)."""
    if not token.isdigit():
        return None
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(user=account, confirmed=True).first()
        if device is None or not device.verify_is_allowed()[0]:
            return None
        return device if device.verify_token(token) else None


def operator_session_verified(request: HttpRequest) -> bool:
    """Signed in as an operator, and the session passed that operator's second factor."""
    user = request.user
    if not account_is_operator(user):
        return False
    persistent_id = request.session.get(DEVICE_ID_SESSION_KEY)
    device = Device.from_persistent_id(persistent_id) if persistent_id else None
    return device is not None and device.confirmed and device.user_id == user.pk  # type: ignore[attr-defined]


def operator_password_change(*, account: Account, password: str) -> None:
    """The operator replaces the one-time password."""
    with transaction.atomic():
        from django.utils import timezone

        account.set_password(password)
        account.must_change_password = False
        account.password_changed_at = timezone.now()
        account.save(update_fields=["password", "must_change_password", "password_changed_at"])
        audit_record(acting_user=account, action="operator.password_change", target=account.username)


def operator_sign_out_record(*, acting_user: Account) -> None:
    """The operator's sign-out in the platform's log (the session itself ends in the view)."""
    audit_record(acting_user=acting_user, action="console.sign_out", target=acting_user.get_username())
