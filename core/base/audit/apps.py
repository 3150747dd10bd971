from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "core.base.audit"
    label = "audit"
    verbose_name = "Nhật ký"
