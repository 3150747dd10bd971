from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """The operators' work on the platform: operators and their sign-in, a province admin's
    first sign-in, province mergers, demo and reference data. It owns no tables: the
    provinces and mergers it works on are tenancy's (tenants.models)."""

    name = "core.operations"
    label = "operations"
    verbose_name = "Vận hành nền tảng"
