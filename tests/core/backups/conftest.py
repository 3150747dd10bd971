"""Backups in tests: a test master key, a throwaway folder as the backup storage, and every
schema a test restores into dropped afterwards (restores commit on their own connection)."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from core.backups import postgres

TEST_MASTER_KEY = "hoso-test-backup-master-key"


@pytest.fixture(autouse=True)
def backup_settings(settings: Any, tmp_path: Path) -> Path:
    folder = tmp_path / "backups"
    settings.HOSO_BACKUP_KEY = TEST_MASTER_KEY
    settings.HOSO_BACKUP_OLD_KEYS = []
    settings.STORAGES = {
        **settings.STORAGES,
        "backups": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(folder)}},
    }
    return folder


@pytest.fixture
def new_schema() -> Iterator[Any]:
    """Names for restore targets; each one is dropped after the test."""
    made: list[str] = []

    def name(base: str) -> str:
        made.append(base)
        return base

    yield name
    for schema in made:
        postgres.schema_drop(schema)


@pytest.fixture
def sentry_messages(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    captured: list[str] = []
    monkeypatch.setattr("sentry_sdk.capture_message", lambda message, **_: captured.append(message))
    return captured
