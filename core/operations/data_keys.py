"""Sealing a province's data again under the current data key (key rotation), and verifying it.

`province_data_reseal` goes over every sealed column (core.base.fields) and every stored
document of one province: what is plain (stored before sealing), or sealed under a former
master secret (HOSO_DATA_OLD_KEYS) or, after a merger, under the merged province's key, is
opened and sealed under the current key; what already is is left alone. Then everything is
opened once more. A run that stops half-way is simply run again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connection, models
from django_tenants.utils import schema_context

from core.base.fields import KeyedDigestField, SealedMixin
from core.base.resealing import SealedColumn, column_reseal, columns_verify
from core.base.sealed import (
    DataKey,
    data_key,
    data_keys,
    is_sealed_file,
    seal_file,
    sealed_file_key_id,
    unseal_file,
)


@dataclass
class ResealReport:
    schema: str
    values_checked: int = 0
    values_resealed: int = 0
    values_verified: int = 0
    files_checked: int = 0
    files_resealed: int = 0
    files_verified: int = 0
    files_missing: list[str] = field(default_factory=list)


def _province_models() -> list[type[models.Model]]:
    names = set(settings.TENANT_APPS)
    return [model for model in apps.get_models()
            if model._meta.app_config is not None and model._meta.app_config.name in names
            and not model._meta.proxy and model._meta.managed]


def sealed_columns() -> list[SealedColumn]:
    """Every sealed column of the province schema, with the keyed digest kept beside it."""
    found: list[SealedColumn] = []
    for model in _province_models():
        digests = {f.source: str(f.column) for f in model._meta.concrete_fields if isinstance(f, KeyedDigestField)}
        for f in model._meta.concrete_fields:
            if isinstance(f, SealedMixin):
                found.append(SealedColumn(model._meta.db_table, str(f.column), digests.get(f.name, ""),
                                          f.name if f.name in digests else ""))
    return found


def _file_names() -> Iterable[str]:
    for model in _province_models():
        for f in model._meta.concrete_fields:
            if isinstance(f, models.FileField):
                yield from model._default_manager.exclude(**{f.name: ""}).values_list(f.name, flat=True)


def province_data_reseal(*, schema: str, also_from: Iterable[str] = ()) -> ResealReport:
    """Seal `schema`'s values and documents under its current key, then open them all again.
    `also_from`: schemas whose keys may have sealed some of them (a merged province)."""
    report = ResealReport(schema=schema)
    extra: dict[bytes, DataKey] = {}
    for other in also_from:
        extra.update(data_keys(other))
    with schema_context(schema):
        columns = sealed_columns()
        for column in columns:
            count = column_reseal(connection, schema=schema, column=column, extra_keys=extra)
            report.values_checked += count.checked
            report.values_resealed += count.resealed
        report.values_verified = columns_verify(connection, schema=schema, columns=columns)
        _files_reseal(schema, extra, report)
    return report


def merged_values_reseal(*, source: str, target: str, moved_after: dict[str, int]) -> int:
    """After a merger copied `source`'s rows into `target` (ids past `moved_after[table]`),
    seal their values under `target`'s key, digests included; answers how many. Runs inside
    the merger's copy transaction, after its fingerprints (which compare the rows as copied)."""
    extra = data_keys(source)
    resealed = 0
    with schema_context(target):
        for column in sealed_columns():
            count = column_reseal(connection, schema=target, column=column, extra_keys=extra,
                                  after_id=moved_after.get(column.table, 0))
            resealed += count.resealed
    return resealed


def _files_reseal(schema: str, extra: dict[bytes, DataKey], report: ResealReport) -> None:
    storage: Any = default_storage
    if not hasattr(storage, "raw_read"):  # a storage that does not seal (a test double)
        return
    current = data_key(schema)
    keys = {**extra, **data_keys(schema)}
    for name in sorted(set(_file_names())):
        try:
            stored = storage.raw_read(name)
        except FileNotFoundError:
            report.files_missing.append(name)
            continue
        report.files_checked += 1
        if not (is_sealed_file(stored) and sealed_file_key_id(stored) == current.key_id):
            plain = unseal_file(stored, schema=schema, keys=keys)
            sealed = seal_file(plain, schema=schema)
            if unseal_file(sealed, schema=schema, keys={current.key_id: current}) != plain:
                raise RuntimeError(f"{name}: a file sealed again does not open.")
            storage.raw_replace(name, sealed)
            report.files_resealed += 1
        check = storage.raw_read(name)
        if not (is_sealed_file(check) and sealed_file_key_id(check) == current.key_id):
            raise RuntimeError(f"{name} is not sealed under the current key.")
        unseal_file(check, schema=schema, keys={current.key_id: current})
        report.files_verified += 1
