from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "core.base.accounts"
    label = "accounts"
    verbose_name = "Tài khoản"

    def ready(self) -> None:
        from core.base.accounts import signals  # noqa: F401  (connects the sign-in audit)
