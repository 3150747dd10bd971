from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "core.base.accounts"
    label = "accounts"
    verbose_name = "Tài khoản"
