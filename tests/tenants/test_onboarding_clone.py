"""Onboarding clones a migrated template schema; the clone is whole, and a failure leaves nothing."""

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.test import override_settings
from django_tenants.utils import schema_context, schema_exists, tenant_context

from core.base.audit.models import AuditEvent
from core.operations import onboarding as services
from core.operations.onboarding import province_onboard
from tenants.models import Domain, Province
from tenants.schema_migrations import executor_get
from tenants.template import template_pending_migrations, template_schema_name

pytestmark = pytest.mark.django_db


def _onboard(code: str = "ha-giang", subdomain: str = "hagiang") -> Province:
    return province_onboard(code=code, name="Hà Giang", official_name="Tỉnh Hà Giang", subdomain=subdomain).province


def _sequences(schema: str) -> list[tuple[str, str, str]]:
    """Every sequence of the schema with the table and column that own it (serial and identity)."""
    with connection.cursor() as cursor:
        cursor.execute("""
            SELECT s.relname, t.relname, a.attname FROM pg_class s
            JOIN pg_namespace n ON n.oid = s.relnamespace
            JOIN pg_depend d ON d.objid = s.oid AND d.deptype IN ('a', 'i')
            JOIN pg_class t ON t.oid = d.refobjid
            JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
            WHERE s.relkind = 'S' AND n.nspname = %s ORDER BY t.relname""", [schema])
        return cursor.fetchall()


def _shape(schema: str) -> dict[str, set[tuple[str, ...]]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT table_name, column_name, data_type, is_nullable, coalesce(column_default, '') "
                       "FROM information_schema.columns WHERE table_schema = %s", [schema])
        columns = {tuple(str(v).replace(f'"{schema}".', "").replace(f"{schema}.", "") for v in row) for row in cursor.fetchall()}
        cursor.execute("SELECT tablename, indexname FROM pg_indexes WHERE schemaname = %s", [schema])
        indexes = {tuple(row) for row in cursor.fetchall()}
        cursor.execute("SELECT conrelid::regclass::text, conname, contype FROM pg_constraint c "
                       "JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = %s", [schema])
        constraints = {(row[0].split(".")[-1], row[1], row[2]) for row in cursor.fetchall()}
        # Each trigger calls the function of its own schema, never the template's.
        cursor.execute("SELECT c.relname, t.tgname, p.proname, p.pronamespace = c.relnamespace FROM pg_trigger t "
                       "JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_proc p ON p.oid = t.tgfoid "
                       "WHERE c.relnamespace = %s::regnamespace AND NOT t.tgisinternal", [schema])
        triggers = {tuple(row) for row in cursor.fetchall()}
    return {"columns": columns, "indexes": indexes, "constraints": constraints, "triggers": triggers}


def test_the_template_exists_and_is_fully_migrated() -> None:
    """`migrate_schemas` (run when the test database was made) keeps the template migrated."""
    assert schema_exists(template_schema_name())
    assert template_pending_migrations() == 0
    assert not Province.objects.filter(schema_name=template_schema_name()).exists()


def test_migrate_schemas_over_all_provinces_includes_the_template() -> None:
    executor = executor_get("standard")((), {"schema_name": None})
    seen: list[str] = []
    base = executor.__class__.__mro__[1]
    original = base.run_migrations
    base.run_migrations = lambda self, tenants=None: seen.extend(tenants)  # type: ignore[method-assign]
    try:
        executor.run_migrations(tenants=["lao_cai"])
        executor_get("standard")((), {"schema_name": "lao_cai"}).run_migrations(tenants=["lao_cai"])
        executor.run_migrations(tenants=["public"])
    finally:
        base.run_migrations = original  # type: ignore[method-assign]
    assert seen == ["lao_cai", template_schema_name(), "lao_cai", "public"]


def test_every_table_of_a_clone_takes_new_rows() -> None:
    """The clone copies the template's rows (content types, permissions, migration records) with
    their sequences advanced: the next insert in every table gets a fresh id (django-tenants #831)."""
    province = _onboard()
    sequences = _sequences(province.schema_name)
    assert len(sequences) >= 30
    with connection.cursor() as cursor:
        for sequence, table, column in sequences:
            cursor.execute(f'SELECT coalesce(max("{column}"), 0) FROM "{province.schema_name}"."{table}"')
            highest = cursor.fetchone()[0]
            cursor.execute(f"SELECT nextval('\"{province.schema_name}\".\"{sequence}\"')")
            assert cursor.fetchone()[0] > highest, table
    with tenant_context(province):
        content_type = ContentType.objects.create(app_label="hoso_test", model="probe")
        Permission.objects.create(content_type=content_type, codename="probe", name="probe")
        MigrationRecorder.Migration.objects.create(app="hoso_test", name="0001_probe")
        AuditEvent.objects.create(action="test.probe")


def test_a_clone_has_the_same_tables_columns_indexes_constraints_and_triggers_as_migrations() -> None:
    cloned = _onboard()
    with override_settings(TENANT_CREATION_FAKES_MIGRATIONS=False):
        migrated = _onboard(code="yen-bai", subdomain="yenbai")
    shape = _shape(cloned.schema_name)
    assert shape == _shape(migrated.schema_name)
    assert ("core_person", "core_person_statistics_written", "reports_statistics_written", True) in shape["triggers"]


def test_a_failed_onboarding_leaves_no_schema_domain_or_row(monkeypatch: pytest.MonkeyPatch) -> None:
    """The schema is cloned and the domain written, then the rules step fails: nothing remains."""
    before = (Province.objects.count(), Domain.objects.count(), AuditEvent.objects.count())

    def rules_fail(*args: object, **kwargs: object) -> None:
        assert schema_exists("ha_giang") and Domain.objects.filter(domain="hagiang.localhost").exists()
        raise RuntimeError("hỏng giữa chừng")

    monkeypatch.setattr(services, "_rules_start", rules_fail)
    with pytest.raises(RuntimeError, match="hỏng giữa chừng"):
        _onboard()
    connection.set_schema_to_public()
    assert (Province.objects.count(), Domain.objects.count(), AuditEvent.objects.count()) == before
    assert not schema_exists("ha_giang")
    assert template_pending_migrations() == 0
    monkeypatch.undo()
    assert _onboard().is_ready  # and the same onboarding then goes through


def test_a_leftover_schema_without_its_province_is_refused() -> None:
    with connection.cursor() as cursor:
        cursor.execute('CREATE SCHEMA "ha_giang"')
    from core.base.errors import ApplicationError

    with pytest.raises(ApplicationError) as refused:
        _onboard()
    assert "Đã có schema “ha_giang”" in refused.value.extra["fields"]["code"]
    with schema_context("public"):
        assert not Province.objects.filter(code="ha-giang").exists()
