"""The template schema every new province is cloned from (settings.TENANT_BASE_SCHEMA).

It holds the province tables, fully migrated, and no province data: only what migrations and
their signals write (migration records, content types, permissions). `migrate_schemas` keeps it
migrated with the provinces (tenants/schema_migrations.py); onboarding checks it first, because
a clone of a stale template would be marked migrated while missing the newest tables.
"""

import re

from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
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


# The template's structure, read from the catalogue while the search path holds the template
# alone: names inside it come back unqualified (so they land in the new schema), names elsewhere
# (`public`) qualified.
_COLUMNS_SQL = """
    SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, a.attidentity,
           a.attgenerated, pg_get_expr(d.adbin, d.adrelid),
           CASE WHEN a.attcollation <> t.typcollation THEN quote_ident(cn.nspname) || '.' || quote_ident(co.collname) END,
           s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcache, s.seqcycle
    FROM pg_class c
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
    JOIN pg_type t ON t.oid = a.atttypid
    LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
    LEFT JOIN pg_collation co ON co.oid = a.attcollation
    LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace
    LEFT JOIN pg_depend dep ON dep.refobjid = c.oid AND dep.refobjsubid = a.attnum AND dep.deptype = 'i'
        AND dep.classid = 'pg_class'::regclass
    LEFT JOIN pg_sequence s ON s.seqrelid = dep.objid
    WHERE c.relnamespace = %(schema)s::regnamespace AND c.relkind = 'r'
    ORDER BY c.relname, a.attnum"""
_CONSTRAINTS_SQL = """
    SELECT c.relname, k.conname, pg_get_constraintdef(k.oid), k.contype = 'f'
    FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
    WHERE k.connamespace = %(schema)s::regnamespace
    ORDER BY c.relname, k.conname"""
_INDEXES_SQL = """
    SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN pg_class x ON x.oid = i.indexrelid
    WHERE x.relnamespace = %(schema)s::regnamespace
      AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.conrelid = i.indrelid)
    ORDER BY x.relname"""
_SEQUENCES_SQL = """
    SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = %(schema)s AND last_value IS NOT NULL"""
_FUNCTIONS_SQL = """
    SELECT pg_get_functiondef(p.oid) FROM pg_proc p WHERE p.pronamespace = %(schema)s::regnamespace ORDER BY p.proname"""
_TRIGGERS_SQL = """
    SELECT pg_get_triggerdef(t.oid) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
    WHERE c.relnamespace = %(schema)s::regnamespace AND NOT t.tgisinternal
    ORDER BY c.relname, t.tgname"""


def template_clone(schema_name: str) -> None:
    """Create `schema_name` as a copy of the template: its tables, identity columns, constraints
    and indexes under the template's own names, its rows (migration records, content types,
    permissions), its sequences' positions, its functions and triggers. Two round trips: one
    reads the template's structure, one sends every statement of the copy (replacing
    django-tenants' clone function and its `migrate_schemas --fake`, which replayed nothing the
    copied records do not say)."""
    template = template_schema_name()
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        # Only inside this transaction: the catalogue reads below qualify every name outside it.
        cursor.execute(f"SET LOCAL search_path = {quote(template)}")
        cursor.execute(_COLUMNS_SQL, {"schema": template})
        columns = cursor.fetchall()
        cursor.execute(_CONSTRAINTS_SQL, {"schema": template})
        constraints = cursor.fetchall()
        cursor.execute(_INDEXES_SQL, {"schema": template})
        # pg_get_indexdef names the table with its schema whatever the search path.
        plain = re.fullmatch(r"[a-z_][a-z0-9_]*", template)
        qualified = f" {template if plain else quote(template)}."
        indexes = [row[0].replace(qualified, " ", 1) for row in cursor.fetchall()]
        cursor.execute(_SEQUENCES_SQL, {"schema": template})
        sequences = cursor.fetchall()
        # pg_get_functiondef and pg_get_triggerdef name the function and the table with their
        # schema whatever the search path (the trigger's function comes back unqualified).
        cursor.execute(_FUNCTIONS_SQL, {"schema": template})
        functions = [row[0].replace(f"FUNCTION{qualified}", "FUNCTION ", 1) for row in cursor.fetchall()]
        cursor.execute(_TRIGGERS_SQL, {"schema": template})
        triggers = [row[0].replace(f" ON{qualified}", " ON ", 1) for row in cursor.fetchall()]
        # Keys and checks inside each CREATE TABLE, foreign keys once every table exists: one
        # statement per table for each, which PostgreSQL runs much faster than one per constraint.
        tables: dict[str, list[str]] = {}
        foreign: dict[str, list[str]] = {}
        for table, *column in columns:
            tables.setdefault(table, []).append(_column_sql(*column))
        for table, name, definition, is_foreign in constraints:
            if is_foreign:
                foreign.setdefault(table, []).append(f"ADD CONSTRAINT {quote(name)} {definition}")
            else:
                tables[table].append(f"CONSTRAINT {quote(name)} {definition}")
        statements = [f"CREATE SCHEMA {quote(schema_name)}", f"SET LOCAL search_path = {quote(schema_name)}"]
        statements += [f"CREATE TABLE {quote(table)} ({', '.join(parts)})" for table, parts in tables.items()]
        statements += [f"ALTER TABLE {quote(table)} {', '.join(parts)}" for table, parts in foreign.items()]
        statements += indexes
        statements += [f"INSERT INTO {quote(table)} OVERRIDING SYSTEM VALUE SELECT * FROM {quote(template)}.{quote(table)}"
                       for table in tables]
        statements += [f"SELECT setval('{quote(schema_name)}.{quote(name)}', {int(value)})" for name, value in sequences]
        # Triggers once the rows are in: copying them is not a write to record.
        statements += functions + triggers
        cursor.execute(";\n".join(statements))


def _column_sql(name: str, type_sql: str, not_null: bool, identity: str, generated: str, default: str | None,
                collation: str | None, start: int | None, step: int | None, low: int | None, high: int | None,
                cache: int | None, cycle: bool | None) -> str:
    sql = f"{connection.ops.quote_name(name)} {type_sql}"
    if collation:
        sql += f" COLLATE {collation}"
    if identity:
        kind = "ALWAYS" if identity == "a" else "BY DEFAULT"
        sql += (f" GENERATED {kind} AS IDENTITY (START WITH {start} INCREMENT BY {step} MINVALUE {low}"
                f" MAXVALUE {high} CACHE {cache}{' CYCLE' if cycle else ' NO CYCLE'})")
    elif generated == "s":
        sql += f" GENERATED ALWAYS AS ({default}) STORED"
    elif default is not None:
        sql += f" DEFAULT {default}"
    if not_null:
        sql += " NOT NULL"
    return sql
