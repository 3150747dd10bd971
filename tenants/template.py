"""The template schema every new province is cloned from (settings.TENANT_BASE_SCHEMA).

It holds the province tables, fully migrated, and no province data: only what migrations and
their signals write (migration records, content types, permissions). `migrate_schemas` keeps it
migrated with the provinces (tenants/schema_migrations.py); onboarding checks it first, because
a clone of a stale template would be marked migrated while missing the newest tables.
"""

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django_tenants.utils import schema_context, schema_exists


def template_schema_name() -> str:
    return str(getattr(settings, "TENANT_BASE_SCHEMA", "province_template"))


def template_schema_create() -> bool:
    """Create the empty template schema when it is missing; True when it was created."""
    name = template_schema_name()
    if schema_exists(name):
        return False
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE SCHEMA "{name}"')
    return True


def template_pending_migrations() -> int:
    """How many migrations the template still lacks (every one when it does not exist)."""
    if not schema_exists(template_schema_name()):
        return -1
    with schema_context(template_schema_name()):
        executor = MigrationExecutor(connection)
        return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def template_ensure() -> None:
    """Make the template exist and be fully migrated; does nothing when it already is."""
    if template_pending_migrations() == 0:
        return
    template_schema_create()
    call_command("migrate_schemas", tenant=True, schema_name=template_schema_name(),
                 interactive=False, verbosity=0)


def clone_constraint_names_align(schema_name: str) -> int:
    """Give a clone's constraints the template's names; returns how many were renamed.

    The clone function writes unique constraints inline, so PostgreSQL names them itself
    (`…_key`) instead of Django's names (`…_uniq`, or a model's `UniqueConstraint(name=…)`).
    A later migration that removes or alters a constraint by name would then fail on cloned
    provinces only (django-tenants #1155 is the index-name cousin of this)."""
    query = """
        SELECT t.relname, pg_get_constraintdef(c.oid), c.conname FROM pg_constraint c
        JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = c.connamespace
        WHERE n.nspname = %s"""
    with connection.cursor() as cursor:
        cursor.execute(query, [template_schema_name()])
        wanted = {(table, definition): name for table, definition, name in cursor.fetchall()}
        cursor.execute(query, [schema_name])
        renames = [(table, name, wanted[(table, definition)]) for table, definition, name in cursor.fetchall()
                   if wanted.get((table, definition), name) != name]
        quote = connection.ops.quote_name
        for table, old, new in renames:
            cursor.execute(f"ALTER TABLE {quote(schema_name)}.{quote(table)} RENAME CONSTRAINT {quote(old)} TO {quote(new)}")
    return len(renames)
