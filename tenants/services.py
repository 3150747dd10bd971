"""Tenancy's writes: the platform's own row and host, and a new province's schema and host.

The operators' onboarding around it (rules, the root unit, the first DoHA admin and their
one-time link) is core/operations/onboarding.py."""

from django.conf import settings
from django_tenants.utils import get_public_schema_name

from tenants.models import Domain, Province
from tenants.schema_migrations import migration_state_record


def province_domain(subdomain: str) -> str:
    return f"{subdomain}.{settings.BASE_DOMAIN}"


def platform_ensure() -> Province:
    """The `public` row and its host (BASE_DOMAIN) that django-tenants routes the console by."""
    public, _ = Province.objects.get_or_create(
        schema_name=get_public_schema_name(),
        defaults={"code": "public", "name": "hoso", "official_name": "Nền tảng hoso", "is_ready": True},
    )
    for host in (settings.BASE_DOMAIN, "127.0.0.1"):
        Domain.objects.get_or_create(domain=host, defaults={"tenant": public, "is_primary": host == settings.BASE_DOMAIN})
    return public


def schema_name_for(code: str) -> str:
    return code.replace("-", "_")


def province_create(*, code: str, name: str, official_name: str, subdomain: str) -> Province:
    """The province's row, its schema (a clone of the template schema, TENANT_BASE_SCHEMA) and
    its host; the caller holds the transaction."""
    province = Province(code=code, name=name, official_name=official_name, schema_name=schema_name_for(code))
    province.save(verbosity=0)
    Domain.objects.create(domain=province_domain(subdomain), tenant=province, is_primary=True)
    migration_state_record(province=province, ok=True)
    return province
