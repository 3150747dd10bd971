"""The province the current connection is in (django-tenants keeps it on the connection)."""

from django.db import connection

from tenants.models import Province


def current_schema_name() -> str:
    return str(getattr(connection, "schema_name", "public"))


def current_province() -> Province | None:
    """The province of the current schema, or None in `public`."""
    tenant = getattr(connection, "tenant", None)
    if isinstance(tenant, Province) and not tenant.is_public:
        return tenant
    return None
