"""Migrating every province: the template rides along, each province runs in its own process,
and one failing province is recorded without stopping the others."""

import functools
import io
import multiprocessing
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.db import connections, transaction
from django.utils import timezone
from django_tenants.migration_executors import get_executor
from django_tenants.migration_executors.base import MigrationExecutor
from django_tenants.utils import get_public_schema_name, schema_exists

from core.base.accounts.models import Account
from core.base.audit.services import audit_record
from tenants.models import MigrationState, Province, ProvinceMigrationState
from tenants.template import template_schema_create, template_schema_name

# psycopg connections a forked worker inherited from its parent: kept referenced, never closed
# (closing one would end the parent's session on the shared socket), never used.
_INHERITED: list[object] = []


def executor_get(codename: str | None = None) -> type[MigrationExecutor]:
    """settings.GET_EXECUTOR_FUNCTION: django-tenants' executor, plus the template schema on
    every run over all provinces, so `migrate_schemas` never leaves the template behind."""
    return _with_template(get_executor(codename))


@functools.cache
def _with_template(base: type[MigrationExecutor]) -> type[MigrationExecutor]:
    class TemplateAwareExecutor(base):  # type: ignore[valid-type,misc]
        def run_migrations(self, tenants: Sequence[str] | None = None) -> None:
            # A merged province whose schema was dropped (core.operations.merger.services) has nothing to migrate.
            schemas = [s for s in tenants or [] if s == self.PUBLIC_SCHEMA_NAME or schema_exists(s)]
            all_provinces = schemas != [self.PUBLIC_SCHEMA_NAME] and not self.options.get("schema_name")
            if all_provinces:
                template_schema_create()
                schemas.append(template_schema_name())
            super().run_migrations(tenants=schemas)

    TemplateAwareExecutor.__name__ = f"TemplateAware{base.__name__}"
    return TemplateAwareExecutor


@dataclass(frozen=True)
class SchemaMigrationResult:
    schema_name: str
    ok: bool
    seconds: float
    error: str = ""


def schema_migrate(schema_name: str) -> SchemaMigrationResult:
    """Migrate one schema in this process; a failure is returned, never raised."""
    started = time.monotonic()
    output = io.StringIO()
    try:
        call_command("migrate_schemas", tenant=True, schema_name=schema_name, interactive=False,
                     verbosity=1, stdout=output, stderr=output)
    except Exception as error:  # noqa: BLE001 - any failure is this province's result, not the run's
        connections["default"].close()
        detail = f"{type(error).__name__}: {error}"
        return SchemaMigrationResult(schema_name, False, time.monotonic() - started, detail[:4000])
    return SchemaMigrationResult(schema_name, True, time.monotonic() - started)


def _worker_start() -> None:
    for conn in connections.all(initialized_only=True):
        if conn.connection is not None:
            _INHERITED.append(conn.connection)
            conn.connection = None


def _worker_migrate(schema_name: str) -> SchemaMigrationResult:
    return schema_migrate(schema_name)


def schemas_migrate_parallel(schema_names: Sequence[str], *, processes: int | None = None) -> list[SchemaMigrationResult]:
    """Each schema in a forked worker (the start method django-tenants' multiprocessing executor
    uses): a crash or an error in one is that schema's result only."""
    if not schema_names:
        return []
    processes = processes or int(getattr(settings, "TENANT_MULTIPROCESSING_MAX_PROCESSES", 2))
    context = multiprocessing.get_context("fork")
    with context.Pool(processes=min(processes, len(schema_names)), initializer=_worker_start,
                      maxtasksperchild=1) as pool:
        pending = [(name, pool.apply_async(_worker_migrate, (name,))) for name in schema_names]
        return [_collect(name, result) for name, result in pending]


def _collect(schema_name: str, pending: Any) -> SchemaMigrationResult:
    try:
        return pending.get()  # type: ignore[no-any-return]
    except Exception as error:  # noqa: BLE001 - a worker that raised outside schema_migrate
        return SchemaMigrationResult(schema_name, False, 0.0, f"{type(error).__name__}: {error}"[:4000])


def provinces_migrate(*, acting_user: Account | None, processes: int | None = None) -> list[SchemaMigrationResult]:
    """Migrate the template and every province in parallel; record each province's result.

    A province whose run failed is marked not ready: no background work, and its host shows
    the maintenance page until a later run succeeds."""
    provinces = {p.schema_name: p for p in Province.objects.exclude(schema_name=get_public_schema_name())
                 .filter(schema_dropped_at__isnull=True)}
    template_schema_create()
    results = schemas_migrate_parallel([template_schema_name(), *provinces], processes=processes)
    with transaction.atomic():
        for result in results:
            province = provinces.get(result.schema_name)
            if province is not None:
                migration_state_record(province=province, ok=result.ok, seconds=result.seconds, error=result.error)
        audit_record(acting_user=acting_user, action="province.migrate", detail={
            "ok": [r.schema_name for r in results if r.ok],
            "failed": {r.schema_name: r.error[:300] for r in results if not r.ok},
        })
    return results


def migration_state_record(*, province: Province, ok: bool, seconds: float = 0, error: str = "") -> None:
    """Store a province's last migration result; readiness follows it."""
    values: dict[str, Any] = {"state": MigrationState.OK if ok else MigrationState.FAILED,
                              "ran_at": timezone.now(), "seconds": seconds, "error": error}
    ProvinceMigrationState.objects.update_or_create(province=province, defaults=values)
    if province.is_ready != ok:
        # A queryset update: TenantMixin.save() would try to (re)create a missing schema.
        Province.objects.filter(pk=province.pk).update(is_ready=ok)
        province.is_ready = ok
