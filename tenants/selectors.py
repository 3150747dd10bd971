"""Tenancy's reads: the provinces, which get background work, their addresses."""

from django.db.models import QuerySet
from django_tenants.utils import get_public_schema_name

from tenants.models import Province, ProvinceStatus


def province_list() -> QuerySet[Province]:
    """Every province, without the platform's own `public` row."""
    return (
        Province.objects.exclude(schema_name=get_public_schema_name())
        .prefetch_related("domains")
        .order_by("name")
    )


def province_list_for_background_work() -> QuerySet[Province]:
    """Provinces that get periodic tasks: active, and with their migrations done."""
    return province_list().filter(status=ProvinceStatus.ACTIVE, is_ready=True)


def province_primary_domain(province: Province) -> str:
    domains = list(province.domains.all())
    primary = next((d for d in domains if d.is_primary), domains[0] if domains else None)
    return primary.domain if primary else ""


def province_list_for_console() -> QuerySet[Province]:
    return province_list().select_related("migration_state", "merged_into")


def province_get_for_console(*, code: str) -> Province | None:
    return province_list_for_console().filter(code=code).first()
