"""A province's first DoHA admin signs in through a one-time link: a signed, expiring token on
the province's own host that lets its holder set the account's password once.

The token names the schema, the account and a fingerprint of the account's password hash: it
stops working as soon as the password is set (or the link is issued again), after
FIRST_SIGN_IN_MAX_AGE, and on any other province's host.
"""

from datetime import timedelta

from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from core.base.accounts.models import Account
from core.base.audit.services import audit_record
from core.base.errors import ApplicationError, NotFoundError
from core.selectors.security import security_rules
from core.services.passwords import password_errors
from tenants.context import current_schema_name

SALT = "hoso.tenants.first_sign_in"
FIRST_SIGN_IN_MAX_AGE = timedelta(days=3)
FIRST_SIGN_IN_PATH = "/kich-hoat/{token}/"
LINK_INVALID = "Liên kết đăng nhập không hợp lệ hoặc đã được dùng. Hãy đề nghị người vận hành cấp liên kết mới."
LINK_EXPIRED = "Liên kết đăng nhập đã hết hạn (hiệu lực 3 ngày). Hãy đề nghị người vận hành cấp liên kết mới."


def _fingerprint(account: Account) -> str:
    return salted_hmac(SALT, f"{account.password}|{account.last_login}").hexdigest()[:24]


def first_sign_in_token_issue(*, account: Account) -> str:
    """A fresh token for `account` in the current schema. Callers lock the account out first
    (an unusable password), so the link is the only way in and older links stop working."""
    return signing.dumps({"s": current_schema_name(), "a": account.pk, "f": _fingerprint(account)},
                         salt=SALT, compress=True)


def first_sign_in_account(*, token: str) -> Account:
    """The account a token opens in this schema; one answer for forged, used and foreign links."""
    try:
        data = signing.loads(token, salt=SALT, max_age=FIRST_SIGN_IN_MAX_AGE)
    except signing.SignatureExpired:
        raise ApplicationError(LINK_EXPIRED, code="link_expired") from None
    except signing.BadSignature:
        raise NotFoundError(LINK_INVALID) from None
    if not isinstance(data, dict) or data.get("s") != current_schema_name() or not isinstance(data.get("a"), int):
        raise NotFoundError(LINK_INVALID)
    account = Account.objects.filter(pk=int(data["a"]), is_active=True).first()
    if account is None or not constant_time_compare(str(data.get("f")), _fingerprint(account)):
        raise NotFoundError(LINK_INVALID)
    return account


def first_sign_in_password_set(*, token: str, password: str, password_again: str) -> Account:
    """Set the password the link allows, once; the link is dead afterwards."""
    with transaction.atomic():
        account = first_sign_in_account(token=token)
        account = Account.objects.select_for_update().get(pk=account.pk)
        if password != password_again:
            raise ApplicationError.for_fields({"password_again": "Hai lần nhập mật khẩu không khớp."})
        # The province's password rules first (length, kinds, history), then Django's list of
        # common passwords.
        errors = password_errors(account=account, password=password, policy=security_rules())
        if errors:
            raise ApplicationError.for_fields({"password": " ".join(errors)})
        try:
            validate_password(password, account)
        except ValidationError as error:
            raise ApplicationError.for_fields({"password": " ".join(error.messages)}) from None
        account.set_password(password)
        account.must_change_password = False
        account.password_changed_at = timezone.now()
        account.save(update_fields=["password", "must_change_password", "password_changed_at"])
        audit_record(acting_user=account, action="account.first_sign_in", target=account.username)
    return account


def first_sign_in_url(*, domain: str, token: str, port: str = "", secure: bool = False) -> str:
    scheme = "https" if secure else "http"
    host = domain if port in ("", "80", "443") else f"{domain}:{port}"
    return f"{scheme}://{host}{FIRST_SIGN_IN_PATH.format(token=token)}"
