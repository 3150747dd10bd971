from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "core.privacy"
    label = "privacy"
    verbose_name = "bảo vệ dữ liệu cá nhân"
    default_auto_field = "django.db.models.BigAutoField"
