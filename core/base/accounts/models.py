from django.contrib.auth.models import AbstractUser
from django.db import models


class Account(AbstractUser):
    """A sign-in. In a province's schema: that province's people and admins; in `public`: operators.

    The table exists in every schema, so an account, its session and its token belong to exactly
    one province (or to the operators) by construction.
    """

    full_name = models.CharField("họ và tên", max_length=200, blank=True)
    # Provinces require a new password after an account is issued (Lào Cai Art. 3.3,
    # Bình Thuận Art. 4.4); the rules app decides whether this province does.
    must_change_password = models.BooleanField("phải đổi mật khẩu", default=False)
    password_changed_at = models.DateTimeField("đổi mật khẩu lúc", null=True, blank=True)

    class Meta:
        verbose_name = "tài khoản"
        verbose_name_plural = "tài khoản"

    def __str__(self) -> str:
        return self.full_name or self.username


class PasswordHistory(models.Model):
    """A password an account used before (its hash only), so a change cannot go back to it."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField("mật khẩu (đã băm)", max_length=128)
    replaced_at = models.DateTimeField("thay lúc", auto_now_add=True)

    class Meta:
        ordering = ["-replaced_at", "-id"]
        verbose_name = "mật khẩu đã dùng"
        verbose_name_plural = "mật khẩu đã dùng"

    def __str__(self) -> str:
        return f"{self.account_id} {self.replaced_at:%Y-%m-%d}"
