"""A province's backup holds that province and nothing else, restores into a new schema equal
table by table, and is refused when altered, foreign, or aimed at an existing schema."""

import subprocess
from datetime import date
from pathlib import Path

import pytest
from django.db import connection
from django_tenants.utils import schema_context, tenant_context

from core.backups import postgres
from core.backups.crypto import decrypt_stream
from core.backups.errors import BackupError
from core.backups.models import BackupRun, BackupScope, BackupStatus
from core.backups.selectors import backup_get, backup_list
from core.backups.services import backup_restore, backup_restore_drill, backup_run, backup_verify
from core.backups.storage import backup_file_list, backup_open
from core.base.audit.models import AuditEvent
from core.base.errors import ApplicationError, NotFoundError
from core.models import OrgUnit, Person
from tenants.models import Province

pytestmark = pytest.mark.django_db


def _national_ids(schema: str) -> set[str]:
    with postgres.side_connection(autocommit=True) as conn:
        rows = conn.execute(f'SELECT national_id FROM "{schema}".core_person').fetchall()
    return {row[0] for row in rows}


def _plain_dump(run: BackupRun, folder: Path) -> Path:
    sealed, plain = folder / "sealed", folder / "dump"
    with backup_open(run.storage_key) as source:
        sealed.write_bytes(source.read())
    with sealed.open("rb") as source, plain.open("wb") as out:
        decrypt_stream(source, out, schema=run.province.schema_name)
    return plain


def _toc_entries(dump: Path) -> list[list[str]]:
    """The entries of the dump's table of contents (`pg_restore --list`), split into words."""
    pg_restore = postgres.pg_binary("pg_restore", postgres.server_major_version())
    listing = subprocess.run([str(pg_restore), "--list", str(dump)], capture_output=True, text=True, check=True).stdout
    return [line.split() for line in listing.splitlines() if line.strip() and not line.startswith(";")]


def test_a_backup_of_lao_cai_holds_lao_cai_rows_and_none_of_lai_chau(
    lao_cai: Province, lai_chau: Province, new_schema, tmp_path: Path
) -> None:
    run = backup_run(acting_user=None, province=lao_cai)

    assert (run.status, run.error) == (BackupStatus.OK, "")
    assert run.storage_key.startswith("backups/lao_cai/") and run.storage_key.endswith(".dump.enc")
    assert len(run.checksum) == 64 and run.size_bytes and run.size_bytes > 0
    assert run.expires_on is not None and run.expires_on >= date(run.started_at.year, run.started_at.month, 1)
    entries = _toc_entries(_plain_dump(run, tmp_path))
    assert len(entries) > 50
    # Every entry is Lào Cai's schema or an object in it ("<id>; <oid> <oid> <TYPE…> lao_cai <name> …").
    assert all("lao_cai" in words and "lai_chau" not in words and "public" not in words for words in entries)
    with tenant_context(lao_cai):
        assert run.table_stats["core_person"]["rows"] == Person.objects.count() > 0
    lao_cai_ids, lai_chau_ids = _national_ids("lao_cai"), _national_ids("lai_chau")
    assert lai_chau_ids and lao_cai_ids.isdisjoint(lai_chau_ids)

    backup_restore(acting_user=None, backup=run, target_schema=new_schema("test_restore_lc"))

    restored = _national_ids("test_restore_lc")
    assert restored == lao_cai_ids
    assert restored.isdisjoint(lai_chau_ids)


def test_a_restore_into_a_new_schema_has_the_same_counts_and_checksums(lao_cai: Province, new_schema) -> None:
    run = backup_run(acting_user=None, province=lao_cai)

    result = backup_restore(acting_user=None, backup=run, target_schema=new_schema("test_restore_eq"))

    assert result.verification.ok, result.verification.mismatches
    assert postgres.schema_stats("test_restore_eq") == run.table_stats == postgres.schema_stats("lao_cai")
    assert len(run.table_stats) > 20
    assert AuditEvent.objects.filter(action="backup.restore", detail__schema="test_restore_eq").count() == 1


def test_verification_names_a_table_that_differs(lao_cai: Province, new_schema) -> None:
    run = backup_run(acting_user=None, province=lao_cai)
    backup_restore(acting_user=None, backup=run, target_schema=new_schema("test_restore_diff"))
    with postgres.side_connection(autocommit=True) as conn:
        conn.execute("UPDATE test_restore_diff.core_person SET full_name = full_name || ' (sửa)' "
                     "WHERE id = (SELECT min(id) FROM test_restore_diff.core_person)")

    verification = backup_verify(backup=run, schema="test_restore_diff")

    assert list(verification.mismatches) == ["core_person"]
    mismatch = verification.mismatches["core_person"]
    assert mismatch["expected"]["rows"] == mismatch["found"]["rows"]
    assert mismatch["expected"]["md5"] != mismatch["found"]["md5"]


def test_a_restore_never_overwrites_an_existing_schema(lao_cai: Province, lai_chau: Province) -> None:
    """Neither another province's live schema nor any schema that exists is a restore target."""
    run = backup_run(acting_user=None, province=lao_cai)
    before = postgres.schema_stats("lai_chau")

    for existing in ("lai_chau", "lao_cai", "public"):
        with pytest.raises(ApplicationError) as refused:
            backup_restore(acting_user=None, backup=run, target_schema=existing)
        assert refused.value.extra["fields"]["schema"]

    assert postgres.schema_stats("lai_chau") == before
    assert not AuditEvent.objects.filter(action="backup.restore").exists()


def test_a_tampered_backup_file_is_refused_on_restore(lao_cai: Province, backup_settings: Path,
                                                       sentry_messages: list[str]) -> None:
    run = backup_run(acting_user=None, province=lao_cai)
    stored = backup_settings / run.storage_key
    data = bytearray(stored.read_bytes())
    data[len(data) // 2] ^= 0x01
    stored.write_bytes(bytes(data))

    with pytest.raises(BackupError) as refused:
        backup_restore(acting_user=None, backup=run, target_schema="test_restore_tampered")

    assert refused.value.code == "backup_checksum_mismatch"
    assert "không khớp mã kiểm tra SHA-256" in refused.value.message
    assert not postgres.schema_exists("test_restore_tampered")
    assert not AuditEvent.objects.filter(action="backup.restore").exists()
    assert sentry_messages == [refused.value.message]


def test_another_provinces_context_can_neither_see_nor_restore_a_backup(
    lao_cai: Province, lai_chau: Province
) -> None:
    """From Lai Châu, Lào Cai's backup answers as a backup that does not exist."""
    run = backup_run(acting_user=None, province=lao_cai)

    with tenant_context(lai_chau):
        assert not backup_list().filter(pk=run.pk).exists()
        with pytest.raises(NotFoundError) as missing:
            backup_get(backup_id=run.pk)
        with pytest.raises(NotFoundError) as foreign:
            backup_restore(acting_user=None, backup=run, target_schema="test_restore_foreign")
        with pytest.raises(NotFoundError):
            backup_run(acting_user=None, province=lao_cai)
        with pytest.raises(NotFoundError) as absent:
            backup_get(backup_id=run.pk + 10_000)
    assert missing.value.message == foreign.value.message == absent.value.message
    assert backup_file_list("lai_chau") == []
    assert backup_file_list("lao_cai") == [run.storage_key]
    with tenant_context(lao_cai):
        assert backup_get(backup_id=run.pk) == run
    assert not postgres.schema_exists("test_restore_foreign")


def test_a_failed_pg_dump_is_recorded_as_failed_with_its_error(
    lao_cai: Province, monkeypatch: pytest.MonkeyPatch, sentry_messages: list[str]
) -> None:
    real_env = postgres.libpq_env
    monkeypatch.setattr(postgres, "libpq_env", lambda: {**real_env(), "PGDATABASE": "hoso_no_such_database"})

    run = backup_run(acting_user=None, province=lao_cai)

    run.refresh_from_db()
    assert run.status == BackupStatus.FAILED
    assert run.error.startswith("pg_dump thất bại (mã 1):")
    assert "hoso_no_such_database" in run.error
    assert (run.storage_key, run.checksum, run.size_bytes) == ("", "", None)
    assert run.finished_at is not None and run.duration is not None
    assert backup_file_list("lao_cai") == []
    event = AuditEvent.objects.get(action="backup.failed")
    assert event.target == f"lao-cai/{run.pk}" and event.detail["message"] == sentry_messages[0]
    assert sentry_messages == [f"Sao lưu Lào Cai thất bại: {run.error}"]


def test_a_failed_backup_cannot_be_restored(lao_cai: Province, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(postgres, "libpq_env", lambda: {"PATH": "", "PGDATABASE": "hoso_no_such_database"})
    run = backup_run(acting_user=None, province=lao_cai)

    with pytest.raises(BackupError) as refused:
        backup_restore(acting_user=None, backup=run, target_schema="test_restore_failed")
    assert refused.value.code == "backup_not_restorable"


def test_a_unit_backup_holds_only_the_people_of_that_unit(lao_cai: Province, new_schema) -> None:
    with tenant_context(lao_cai):
        unit = (OrgUnit.objects.filter(depth=1, people__isnull=False).distinct().order_by("id").first())
        assert unit is not None
        expected = set(Person.objects.filter(org_unit__path__startswith=unit.path).values_list("national_id", flat=True))
        assert 0 < len(expected) < Person.objects.count()

    run = backup_run(acting_user=None, province=lao_cai, org_unit_id=unit.pk)
    result = backup_restore(acting_user=None, backup=run, target_schema=new_schema("test_restore_unit"))

    assert (run.status, run.scope, run.org_unit_id) == (BackupStatus.OK, BackupScope.UNIT, unit.pk)
    assert result.verification.ok
    assert _national_ids("test_restore_unit") == expected
    assert not postgres.schema_exists(run.source_schema), "the staging copy is dropped"


def test_the_restore_drill_restores_verifies_and_drops(lao_cai: Province) -> None:
    run = backup_run(acting_user=None, province=lao_cai)

    verification = backup_restore_drill(province=lao_cai)

    assert verification is not None and verification.ok
    run.refresh_from_db()
    assert run.drill_ok is True and run.drilled_at is not None
    assert not postgres.schema_exists(verification.schema)
    assert AuditEvent.objects.get(action="backup.drill").detail["ok"] is True


def test_the_restore_drill_without_any_backup_reports_it_missing(son_la: Province, sentry_messages: list[str]) -> None:
    assert backup_restore_drill(province=son_la) is None
    assert AuditEvent.objects.filter(action="backup.missing", target="son-la").count() == 1
    assert len(sentry_messages) == 1


def test_pg_dump_matches_the_server_major_version() -> None:
    major = postgres.server_major_version()
    assert connection.schema_name == "public"
    pg_dump = postgres.pg_binary("pg_dump", major)
    version = subprocess.run([str(pg_dump), "--version"], capture_output=True, text=True).stdout
    assert f") {major}." in version

    with pytest.raises(BackupError) as missing:
        postgres.pg_binary("pg_dump", 9)
    assert missing.value.message.startswith("Không tìm thấy pg_dump của PostgreSQL 9")


def test_public_is_not_backed_up_as_a_province() -> None:
    with schema_context("public"):
        platform = Province.objects.get(schema_name="public")
    with pytest.raises(ApplicationError) as refused:
        backup_run(acting_user=None, province=platform)
    assert refused.value.code == "backup_not_a_province"
    assert not BackupRun.objects.exists()
