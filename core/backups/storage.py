"""Where backup files live: `backups/<schema>/<timestamp>.dump.enc`, always written from `public`.

The storage is always STORAGES["backups"], never the documents' default storage (the regulations
ask for dedicated storage media; `platform/settings/storage.py` always defines it, apart from the
documents). Every call runs in `public` and the province is named by the key itself: the key is
built from the run's province, never taken from input.
"""

from __future__ import annotations

from datetime import datetime
from typing import BinaryIO

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files import File
from django.core.files.storage import Storage, storages
from django_tenants.utils import get_public_schema_name, schema_context

PREFIX = "backups"


BACKUP_STORAGE_MISSING = 'STORAGES["backups"] is not set: backups never fall back to the documents\' storage.'


def backup_storage() -> Storage:
    if "backups" not in settings.STORAGES:
        raise ImproperlyConfigured(BACKUP_STORAGE_MISSING)
    return storages["backups"]


def backup_key(*, schema: str, started_at: datetime, suffix: str = "") -> str:
    stamp = started_at.strftime("%Y%m%dT%H%M%S%fZ")
    return f"{PREFIX}/{schema}/{stamp}{suffix}.dump.enc"


def belongs_to(key: str, schema: str) -> bool:
    """True only for a key inside the province's own folder (no "..", no other folder)."""
    parts = key.split("/")
    return len(parts) == 3 and parts[0] == PREFIX and parts[1] == schema and parts[2] not in ("", ".", "..")


def backup_save(key: str, content: BinaryIO) -> str:
    with schema_context(get_public_schema_name()):
        return backup_storage().save(key, File(content, name=key))


def backup_open(key: str) -> BinaryIO:
    with schema_context(get_public_schema_name()):
        return backup_storage().open(key, "rb")  # type: ignore[return-value]


def backup_delete(key: str) -> None:
    with schema_context(get_public_schema_name()):
        backup_storage().delete(key)


def backup_file_list(schema: str) -> list[str]:
    """The backup files of one province only."""
    with schema_context(get_public_schema_name()):
        try:
            _, files = backup_storage().listdir(f"{PREFIX}/{schema}")
        except FileNotFoundError:  # no backup yet: the folder is made by the first one
            return []
    return sorted(f"{PREFIX}/{schema}/{name}" for name in files)
