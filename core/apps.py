from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Hồ sơ cán bộ, công chức, viên chức"
