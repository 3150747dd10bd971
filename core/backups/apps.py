from django.apps import AppConfig


class BackupsConfig(AppConfig):
    name = "core.backups"
    label = "backups"
    verbose_name = "Sao lưu"
