"""Filling a fleet of benchmark provinces in minutes (tests/perf/bench_fleet_duties.py).

One province is filled in Python (tests.perf.bench_statistics._fill, Django's bulk inserts);
every other province gets a copy of its rows made by the server (`INSERT INTO "b".t SELECT …
FROM "a".t`), which is tens of times faster than generating them again. What is bound to a
province is made again for each copy, so every province's data opens under its own keys:

- sealed columns (core.base.fields, listed by core.operations.data_keys.sealed_columns) are
  sealed again under the copy's data key, and the keyed digests beside them (the ethnic group
  the statistics group by) are computed with the copy's digest key;
- an account's username names its province (`<schema>-<person id>`).

While the first province is filled, equal plain values of a sealed column get one sealed text
(`seals_shared`): the copy then seals each distinct value once (a few dozen) instead of opening
and sealing again 60,000 dossiers' values. Bench data only: sealing each value on its own is
what production does, and opening costs the same either way.

The statistics' write triggers (core/reports/migrations/0002, 0004) and the foreign keys fire
on the copies as on any insert. The person facts' insert triggers (0003) are held while the
rows go in, and the facts are then computed once for everyone by the function those triggers
call (`reports_personfacts_refresh`, every person), and the units written are recorded as those
triggers record them (0004): with them each of people, dossiers, placements and degrees
recomputed all 60,000 people's facts, 4 times the work (about 7 of a copy's 14 s); the facts come
out the same row for row.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction

# The tables the fill writes (bench_statistics._fill and bench_fleet_duties._accounts_give), in
# an order that keeps every row's foreign keys pointing at rows already copied.
TABLES = ("core_orgunit", "accounts_account", "core_person", "core_dossier", "core_placement", "core_degree",
          "core_salaryhistory", "core_appointment")


@contextmanager
def seals_shared() -> Iterator[None]:
    """Equal plain values of one column in one province share one sealed text while the block
    runs (see the module's docstring)."""
    from core.base import fields

    original = fields.seal
    sealed: dict[tuple[str, str, str], str] = {}

    def seal(plain: str, *, schema: str, context: str) -> str:
        key = (plain, schema, context)
        if key not in sealed:
            sealed[key] = original(plain, schema=schema, context=context)
        return sealed[key]

    fields.seal = seal  # type: ignore[assignment]
    try:
        yield
    finally:
        fields.seal = original  # type: ignore[assignment]


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def province_copy(source: str, target: str) -> int:
    """Copy the filled rows of schema `source` into the empty province schema `target` (one
    transaction); answers the people copied. Both provinces were onboarded the same way, so
    their root unit and DoHA admin have the same ids: checked, not assumed."""
    from core.base.sealed import keyed_digest, seal, unseal
    from core.operations.data_keys import sealed_columns

    sealed = {(column.table, column.column): column for column in sealed_columns() if column.table in TABLES}
    digests = {(column.table, column.digest_column): column for column in sealed.values() if column.digest_column}
    src, dst = _q(source), _q(target)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SELECT id, path FROM {src}.core_orgunit WHERE depth = 0 "
                       f"EXCEPT SELECT id, path FROM {dst}.core_orgunit WHERE depth = 0")
        if cursor.fetchall():
            raise RuntimeError(f"{target}: its root unit is not {source}'s; the rows cannot be copied as they are.")
        cursor.execute(f"SELECT count(*) FROM {dst}.core_person")
        if cursor.fetchone()[0]:
            raise RuntimeError(f"{target} has people already; copies go into empty provinces only.")
        # Each distinct sealed value of the source, sealed again under the target's key.
        cursor.execute("CREATE TEMPORARY TABLE fleet_seal (context text, old text, new text, digest text) "
                       "ON COMMIT DROP")
        rows = []
        for column in sealed.values():
            cursor.execute(f"SELECT DISTINCT {_q(column.column)} FROM {src}.{_q(column.table)} "
                           f"WHERE {_q(column.column)} IS NOT NULL")
            for (old,) in cursor.fetchall():
                plain = unseal(old, schema=source, context=column.context)
                digest = keyed_digest(plain, schema=target, context=column.digest_source) if column.digest_column else ""
                rows.append((column.context, old, seal(plain, schema=target, context=column.context), digest))
        with cursor.cursor.copy("COPY fleet_seal (context, old, new, digest) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute("CREATE INDEX ON fleet_seal (context, old)")
        cursor.execute("ANALYZE fleet_seal")
        cursor.execute("SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
                       " JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_proc f ON f.oid = t.tgfoid"
                       " WHERE n.nspname = %s AND f.proname = 'reports_personfacts_written'"
                       " AND t.tgtype & 4 = 4", [target])  # 4: fires on INSERT
        held = cursor.fetchall()
        for table, trigger in held:
            cursor.execute(f"ALTER TABLE {dst}.{_q(table)} DISABLE TRIGGER {_q(trigger)}")
        people = 0
        for table in TABLES:
            cursor.execute("SELECT column_name FROM information_schema.columns WHERE table_schema = %s "
                           "AND table_name = %s ORDER BY ordinal_position", [source, table])
            columns = [name for (name,) in cursor.fetchall()]
            aliases = {name: f"m{index}" for index, name in enumerate(c for c in columns if (table, c) in sealed)}
            selected, joins = [], []
            for name in columns:
                if (table, name) in sealed:
                    alias = aliases[name]
                    joins.append(f"LEFT JOIN fleet_seal {alias} ON {alias}.context = "
                                 f"'{sealed[table, name].context}' AND {alias}.old = s.{_q(name)}")
                    selected.append(f"{alias}.new")
                elif (table, name) in digests:
                    # No sealed value (NULL): the source's digest, the "" of no value.
                    selected.append(f"coalesce({aliases[digests[table, name].column]}.digest, s.{_q(name)})")
                elif table == "accounts_account" and name == "username":
                    selected.append(f"%s || substr(s.username, {len(source) + 1})")
                else:
                    selected.append(f"s.{_q(name)}")
            where = {
                "core_orgunit": "s.depth > 0",
                # Only the accounts the fill gave, not the province's own admin.
                "accounts_account": "s.username LIKE %s",
            }.get(table, "true")
            params = {"core_orgunit": [], "accounts_account": [target, f"{source}-%"]}.get(table, [])
            cursor.execute(f"INSERT INTO {dst}.{_q(table)} ({', '.join(map(_q, columns))}) "
                           f"SELECT {', '.join(selected)} FROM {src}.{_q(table)} s {' '.join(joins)} WHERE {where}",
                           params)
            if table == "core_person":
                people = cursor.rowcount
            # As the rows' own inserts would have left it: the next row gets the next id.
            cursor.execute(f"SELECT setval(pg_get_serial_sequence(%s, 'id'), max(id)) FROM {dst}.{_q(table)} "
                           f"HAVING max(id) IS NOT NULL", [f"{dst}.{_q(table)}"])
        # The foreign keys' checks now, not at commit: a table with checks pending cannot be altered.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for table, trigger in held:
            cursor.execute(f"ALTER TABLE {dst}.{_q(table)} ENABLE TRIGGER {_q(trigger)}")
        # What the held triggers do for an insert (core/reports/migrations/0004): the facts of the
        # people written, and the units where they have a placement as written by this transaction.
        cursor.execute(f"SELECT {dst}.reports_personfacts_refresh(%s, NULL)", [target])
        cursor.execute(f"INSERT INTO {dst}.reports_statisticsunitwrite (xid, unit_id) SELECT DISTINCT"
                       f" pg_current_xact_id(), org_unit_id FROM {dst}.core_placement ON CONFLICT DO NOTHING")
    with connection.cursor() as cursor:
        for table in (*TABLES, "reports_personfacts"):
            cursor.execute(f"ANALYZE {dst}.{_q(table)}")
    return people
