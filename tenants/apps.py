from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class TenantsConfig(AppConfig):
    name = "tenants"
    verbose_name = "Tỉnh"

    def ready(self) -> None:
        from tenants.models import Domain, Province

        # A province or domain saved or deleted: every process forgets its host lookups.
        for model in (Province, Domain):
            post_save.connect(_forget_hosts, sender=model, dispatch_uid=f"tenants.hosts.save.{model.__name__}")
            post_delete.connect(_forget_hosts, sender=model, dispatch_uid=f"tenants.hosts.delete.{model.__name__}")


def _forget_hosts(**kwargs: Any) -> None:
    from tenants.hosts import province_hosts_forget

    province_hosts_forget()
