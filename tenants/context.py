"""Tenancy as the rest of hoso sees it: the province of the current connection, and the few
province look-ups the domain needs (backups and signing keys work per province). core imports
tenancy only from here (an import-linter contract holds it), so the province model, its
domains and the middleware stay free to change."""

from django.db import connection

from tenants.lifecycle import province_maintenance_set
from tenants.models import Province
from tenants.replica import read_alias, replica_reads
from tenants.selectors import province_list, province_list_for_background_work

__all__ = [
    "Province",
    "current_province",
    "current_schema_name",
    "province_by_code",
    "province_by_id",
    "province_list",
    "province_list_for_background_work",
    "province_maintenance_set",
    "read_alias",
    "replica_reads",
    "schema_is_province",
]


def current_schema_name() -> str:
    return str(getattr(connection, "schema_name", "public"))


def current_province() -> Province | None:
    """The province of the current schema, or None in `public`."""
    tenant = getattr(connection, "tenant", None)
    if isinstance(tenant, Province) and not tenant.is_public:
        return tenant
    return None


def province_by_code(code: str) -> Province | None:
    return Province.objects.filter(code=code).first()


def province_by_id(province_id: int) -> Province:
    """The province with this id (Province.DoesNotExist when there is none): background
    tasks carry ids, never rows."""
    return Province.objects.get(pk=province_id)


def schema_is_province(schema_name: str) -> bool:
    """Whether a province (or the template) owns this schema: never restore over it."""
    return Province.objects.filter(schema_name=schema_name).exists()

