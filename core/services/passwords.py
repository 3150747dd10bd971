"""Passwords under the province's rules: strength, change after an issued password, rotation,
no reuse of recent ones. Pages and the API both change passwords here."""

from datetime import timedelta

from django.contrib.auth.hashers import check_password
from django.db import transaction
from django.utils import timezone

from core.base.accounts.models import Account, PasswordHistory
from core.base.audit.services import audit_record
from core.base.errors import ApplicationError
from core.selectors.security import SecurityRules, security_rules

MAX_LENGTH = 128

CURRENT_WRONG = "Mật khẩu hiện tại không đúng."
MUST_CHANGE = "Mật khẩu được cấp phải được đổi trước khi tiếp tục sử dụng hệ thống."
EXPIRED = "Mật khẩu đã quá {days} ngày theo quy chế của tỉnh: vui lòng đổi mật khẩu mới."


def password_change_reason(account: Account) -> str | None:
    """Why the account must change its password before anything else, or None.

    An issued password (by an admin, onboarding or an operator) is always changed at first
    sign-in: someone else has seen it. Rotation follows the province's rule.
    """
    if account.must_change_password:
        return MUST_CHANGE
    max_age = security_rules().max_age_days
    if max_age is not None:
        changed = account.password_changed_at or account.date_joined
        if changed + timedelta(days=max_age) < timezone.now():
            return EXPIRED.format(days=max_age)
    return None


def password_errors(*, account: Account, password: str, policy: SecurityRules) -> list[str]:
    """What is wrong with `password` for `account`, in Vietnamese (empty when it is fine)."""
    errors = []
    if len(password) < policy.min_length:
        errors.append(f"Mật khẩu phải có ít nhất {policy.min_length} ký tự.")
    if len(password) > MAX_LENGTH:
        errors.append(f"Mật khẩu dài tối đa {MAX_LENGTH} ký tự.")
    classes = sum((any(c.islower() for c in password), any(c.isupper() for c in password),
                   any(c.isdigit() for c in password), any(not c.isalnum() for c in password)))
    if classes < 3:
        errors.append("Mật khẩu phải có ít nhất ba trong bốn loại: chữ thường, chữ hoa, chữ số, ký tự đặc biệt.")
    lowered = password.lower()
    if account.username and account.username.lower() in lowered:
        errors.append("Mật khẩu không được chứa tên đăng nhập (số định danh).")
    if len(set(password)) < 5:
        errors.append("Mật khẩu quá đơn giản: có quá ít ký tự khác nhau.")
    if not errors and _reused(account, password, policy.history):
        errors.append(f"Không được dùng lại {policy.history} mật khẩu gần nhất.")
    return errors


def _reused(account: Account, password: str, history: int) -> bool:
    if account.check_password(password):
        return True
    earlier = PasswordHistory.objects.filter(account=account).values_list("password", flat=True)[:max(history - 1, 0)]
    return any(check_password(password, hashed) for hashed in earlier)


def password_change(*, acting_user: Account, current_password: str, new_password: str) -> Account:
    """Change the signed-in account's own password; the old hash joins its history.

    A wrong current password or a weak, reused new one writes nothing.
    """
    with transaction.atomic():
        account = Account.objects.select_for_update().get(pk=acting_user.pk)
        if not account.check_password(current_password):
            raise ApplicationError.for_fields({"current_password": CURRENT_WRONG}, CURRENT_WRONG)
        errors = password_errors(account=account, password=new_password, policy=security_rules())
        if errors:
            raise ApplicationError.for_fields({"new_password": " ".join(errors)}, errors[0])
        PasswordHistory.objects.create(account=account, password=account.password)
        account.set_password(new_password)
        account.must_change_password = False
        account.password_changed_at = timezone.now()
        account.save(update_fields=["password", "must_change_password", "password_changed_at"])
        audit_record(acting_user=account, action="auth.password_change", target=f"account:{account.pk}")
    acting_user.password = account.password
    return account
