"""Sealing again, under the current data key, every value of some columns of one province.

Used by the migration that first sealed the sensitive columns (plain values are sealed) and by
`manage.py data_keys_rotate` (values under a former key are opened and sealed under the
current one). Rows already sealed under the current key are left alone, so a run can stop at
any time and start again: each batch is its own transaction. Every value written is opened
again before it is stored, and `columns_verify` opens everything at the end.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from core.base.sealed import (
    DataKey,
    data_key,
    data_keys,
    is_sealed,
    keyed_digest,
    seal,
    sealed_key_id,
    unseal,
)

BATCH = 500


@dataclass(frozen=True)
class SealedColumn:
    table: str
    column: str
    # The keyed digest kept beside it (statistics), recomputed whenever the value is sealed again.
    digest_column: str = ""
    # The digest's context: the model field's name (KeyedDigestField.source).
    digest_source: str = ""

    @property
    def context(self) -> str:
        return f"{self.table}.{self.column}"


@dataclass
class ResealCount:
    checked: int = 0
    resealed: int = 0


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _plain(value: str, *, schema: str, context: str, keys: dict[bytes, DataKey]) -> str:
    return unseal(value, schema=schema, context=context, keys=keys) if is_sealed(value) else value


def column_reseal(connection: Any, *, schema: str, column: SealedColumn,
                  extra_keys: dict[bytes, DataKey] | None = None, after_id: int = 0) -> ResealCount:
    """Seal again every value of `column` in `schema` not sealed under the current key.
    `extra_keys`: other keys whose values may be taken over (a merged province's);
    `after_id`: only rows with a greater id (the rows a merger moved in)."""
    current = data_key(schema)
    keys = {**(extra_keys or {}), **data_keys(schema)}
    count, last = ResealCount(), after_id
    table, col = _q(column.table), _q(column.column)
    while True:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute(f"SELECT id, {col} FROM {table} WHERE id > %s AND {col} IS NOT NULL "
                           f"ORDER BY id LIMIT {BATCH} FOR UPDATE", [last])
            rows = cursor.fetchall()
            if not rows:
                return count
            last = rows[-1][0]
            updates = []
            for pk, value in rows:
                count.checked += 1
                if is_sealed(value) and sealed_key_id(value) == current.key_id:
                    continue
                plain = _plain(value, schema=schema, context=column.context, keys=keys)
                sealed = seal(plain, schema=schema, context=column.context)
                if unseal(sealed, schema=schema, context=column.context) != plain:
                    raise RuntimeError(f"{column.context} #{pk}: a value sealed again does not open.")
                digest = keyed_digest(plain, schema=schema, context=column.digest_source)
                updates.append((sealed, digest, pk) if column.digest_column else (sealed, pk))
            if updates:
                digest_set = f", {_q(column.digest_column)} = %s" if column.digest_column else ""
                cursor.executemany(f"UPDATE {table} SET {col} = %s{digest_set} WHERE id = %s", updates)
                count.resealed += len(updates)


def columns_verify(connection: Any, *, schema: str, columns: Iterable[SealedColumn]) -> int:
    """Open every value of `columns`; each must be sealed under the current key. Answers how
    many were opened; raises on the first that is plain, under another key, or does not open."""
    current, opened = data_key(schema), 0
    for column in columns:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT id, {_q(column.column)} FROM {_q(column.table)} "
                           f"WHERE {_q(column.column)} IS NOT NULL")
            for pk, value in cursor.fetchall():
                if not is_sealed(value) or sealed_key_id(value) != current.key_id:
                    raise RuntimeError(f"{column.context} #{pk} is not sealed under the current key.")
                unseal(value, schema=schema, context=column.context, keys={current.key_id: current})
                opened += 1
    return opened
