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

Every trigger fires on the copies as on any insert in production: the statistics' writes, the
person facts and the units written (core/reports/migrations/0002–0004), and the foreign keys
(checked at commit). People go in last: the facts triggers of the dossiers, placements and degrees
inserted before them find no person yet (nothing to compute), and the people's own insert then
computes every person's facts once, from rows all there. In the order of the fill (people first)
each of the four tables' inserts recomputed all 60,000 people's facts: a copy took 7.3 s instead
of 5.6 (load average 1.7; 14 s at load 4.5).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction

# The tables the fill writes (bench_statistics._fill and bench_fleet_duties._accounts_give), in the
# order they are copied: people last (see above); foreign keys are checked at commit.
TABLES = ("core_orgunit", "accounts_account", "core_dossier", "core_placement", "core_degree",
          "core_salaryhistory", "core_appointment", "core_person")


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
    with connection.cursor() as cursor:
        for table in (*TABLES, "reports_personfacts"):
            cursor.execute(f"ANALYZE {dst}.{_q(table)}")
    return people
