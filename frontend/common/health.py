from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse

from tenants.context import current_schema_name


def _migrations_applied() -> bool:
    executor = MigrationExecutor(connection)
    return not executor.migration_plan(executor.loader.graph.leaf_nodes())


def healthz(request: HttpRequest) -> JsonResponse:
    """Is this host's schema reachable and fully migrated? For load balancers and operators."""
    tenant = getattr(request, "tenant", None)
    code = None if tenant is None or tenant.is_public else tenant.code
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        applied = _migrations_applied()
    except DatabaseError:
        return JsonResponse({"database": False, "migrations_applied": False, "province": code}, status=503)
    return JsonResponse(
        {"database": True, "migrations_applied": applied, "province": code, "schema": current_schema_name()},
        status=200 if applied else 503,
    )
