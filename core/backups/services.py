"""Backing up, restoring, verifying and pruning a province's data.

A run is recorded before the work starts and closed with its outcome, so a failure is a row
with its error, never a silence; failures and missing backups also go to the audit log and to
Sentry. Restores only ever create a NEW schema, and a restore refuses a file whose SHA-256 is
not the one recorded when it was made.
"""

from __future__ import annotations

import calendar
import hashlib
import logging
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django_tenants.utils import get_public_schema_name, tenant_context

from core.backups import postgres
from core.backups.crypto import decrypt_stream, encrypt_stream, province_key
from core.backups.errors import BackupError
from core.backups.models import BackupRun, BackupScope, BackupStatus
from core.backups.selectors import backup_latest_ok, backup_policy, current_schema
from core.backups.storage import backup_delete, backup_key, backup_open, backup_save, belongs_to
from core.base.accounts.models import Account
from core.base.audit.services import audit_record
from core.base.errors import ApplicationError, NotFoundError
from tenants.context import Province, schema_is_province

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Verification:
    schema: str
    # table -> {"expected": {...}, "found": {...}} for every table that differs or is missing
    mismatches: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.mismatches


@dataclass(frozen=True)
class RestoreResult:
    backup: BackupRun
    schema: str
    verification: Verification


def add_months(day: date, months: int) -> date:
    years, month_index = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, month_index + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def _check_context(province: Province) -> None:
    """From a province's context only that province is reachable; `public` reaches all.

    The refusal is the answer for a backup that does not exist, so nothing leaks.
    """
    if current_schema() not in (get_public_schema_name(), province.schema_name):
        raise NotFoundError("Không tìm thấy bản sao lưu.")
    if province.is_public:
        raise ApplicationError("Chỉ sao lưu, khôi phục dữ liệu của một tỉnh.", code="backup_not_a_province")


def _sentry_message(message: str) -> None:
    # Imported here, not with the module: sentry_sdk (and gevent, which it loads) would weigh on
    # every web worker that routes a backups page, for the rare failure that reports to it.
    import sentry_sdk

    sentry_sdk.capture_message(message, level="error")


def _alert(*, acting_user: Account | None, action: str, message: str, target: str, detail: dict[str, Any]) -> None:
    """A failure someone must act on: an audit row here and a Sentry message (off without a DSN)."""
    audit_record(acting_user=acting_user, action=action, target=target, detail={"message": message, **detail})
    _sentry_message(message)
    logger.error(message)


def _label(acting_user: Account | None) -> str:
    return "hệ thống" if acting_user is None else acting_user.username


# --- backup -------------------------------------------------------------------------------


def backup_run(*, acting_user: Account | None, province: Province, org_unit_id: int | None = None) -> BackupRun:
    """Back up the province (or one unit's people when `org_unit_id` is given) and record the run.

    Answers the run whatever happened: `status` is "ok", or "failed" with the error.
    """
    _check_context(province)
    if org_unit_id is not None:
        _unit_path(province=province, org_unit_id=org_unit_id)  # refuses an unknown unit up front
    started = timezone.now()
    policy = backup_policy(province=province, as_of=timezone.localdate(started))
    run = BackupRun.objects.create(
        province=province, scope=BackupScope.UNIT if org_unit_id is not None else BackupScope.PROVINCE,
        org_unit_id=org_unit_id, started_at=started, requested_by=_label(acting_user),
        expires_on=add_months(timezone.localdate(started), policy.keep_months),
    )
    clock = time.monotonic()
    try:
        _dump_seal_store(run)
        run.status = BackupStatus.OK
    except Exception as error:  # any failure is recorded on the run, then reported
        run.status, run.error = BackupStatus.FAILED, _error_text(error)
    run.finished_at = timezone.now()
    run.duration = timedelta(seconds=time.monotonic() - clock)
    with transaction.atomic():
        run.save()
        _record_outcome(run, acting_user=acting_user)
    return run


def _error_text(error: Exception) -> str:
    text = error.message if isinstance(error, ApplicationError) else f"{type(error).__name__}: {error}"
    return text[:5000]


def _record_outcome(run: BackupRun, *, acting_user: Account | None) -> None:
    target = f"{run.province.code}/{run.pk}"
    detail = {"backup_id": run.pk, "scope": run.scope, "org_unit_id": run.org_unit_id}
    if run.status == BackupStatus.OK:
        audit_record(acting_user=acting_user, action="backup.run", target=target,
                     detail={**detail, "size": run.size_bytes, "checksum": run.checksum})
        return
    _alert(acting_user=acting_user, action="backup.failed", target=target, detail=detail,
           message=f"Sao lưu {run.province.name} thất bại: {run.error}")


def _dump_seal_store(run: BackupRun) -> None:
    schema = run.province.schema_name
    major = postgres.server_major_version()
    with tempfile.TemporaryDirectory(prefix="hoso-backup-") as folder:
        dump, sealed = Path(folder) / "dump", Path(folder) / "sealed"
        if run.org_unit_id is None:
            source, stats = schema, postgres.dump_schema(schema=schema, target=dump, major=major)
        else:
            source, stats = _dump_unit(run, dump=dump, major=major)
        key = province_key(schema)
        with dump.open("rb") as plain, sealed.open("wb") as out:
            checksum = encrypt_stream(plain, out, key=key)
        with sealed.open("rb") as content:
            stored = backup_save(backup_key(schema=schema, started_at=run.started_at,
                                            suffix=f"-unit{run.org_unit_id}" if run.org_unit_id else ""), content)
        run.storage_key, run.size_bytes, run.checksum = stored, sealed.stat().st_size, checksum
    run.source_schema, run.table_stats, run.key_id, run.server_version = source, stats, key.key_id.hex(), major


def _unit_path(*, province: Province, org_unit_id: int) -> str:
    from core.models import OrgUnit

    with tenant_context(province):
        path = OrgUnit.objects.filter(pk=org_unit_id).values_list("path", flat=True).first()
    if not path:
        raise NotFoundError("Không tìm thấy cơ quan, đơn vị.")
    return path


def _unit_tables() -> list[tuple[str, str]]:
    """The unit's org units and their history, its people, and every row that names a person."""
    from django.apps import apps

    from core.models import OrgUnit, OrgUnitVersion, Person

    tables = [(OrgUnit._meta.db_table, "unit_self"), (OrgUnitVersion._meta.db_table, "unit"),
              (Person._meta.db_table, "person_self")]
    for model in apps.get_app_config("core").get_models():
        person = next((f for f in model._meta.concrete_fields if f.name == "person"), None)
        if person is not None and person.related_model is Person:
            tables.append((model._meta.db_table, "person"))
    return tables


def _dump_unit(run: BackupRun, *, dump: Path, major: int) -> tuple[str, postgres.TableStats]:
    """A unit's export: its rows copied into a staging schema, dumped, and the staging dropped."""
    assert run.org_unit_id is not None
    schema = run.province.schema_name
    staging = f"bk_{schema}_u{run.org_unit_id}_{run.started_at:%Y%m%d%H%M%S}"[:63]
    path = _unit_path(province=run.province, org_unit_id=run.org_unit_id)
    try:
        postgres.unit_staging_create(schema=schema, staging=staging, path_prefix=path, tables=_unit_tables())
        return staging, postgres.dump_schema(schema=staging, target=dump, major=major)
    finally:
        postgres.schema_drop(staging)


# --- restore and verify ---------------------------------------------------------------------


def _check_target(name: str) -> None:
    if not postgres.SCHEMA_NAME.match(name) or name.startswith("pg_") or name in postgres.RESERVED_SCHEMAS:
        raise ApplicationError.for_fields(
            {"schema": "Tên lược đồ gồm chữ thường không dấu, chữ số, dấu gạch dưới, bắt đầu bằng chữ, tối đa 63 ký tự."},
            "Tên lược đồ khôi phục không hợp lệ.",
        )
    if postgres.schema_exists(name) or schema_is_province(name):
        raise ApplicationError.for_fields(
            {"schema": f"Lược đồ “{name}” đã tồn tại; khôi phục chỉ vào một lược đồ mới."},
            "Không khôi phục đè lên lược đồ đã có.",
        )


def backup_restore(*, acting_user: Account | None, backup: BackupRun, target_schema: str) -> RestoreResult:
    """Restore `backup` into the new schema `target_schema`, then verify it against the run.

    Refused, writing nothing: another province's backup (as not found), an existing schema,
    a pruned or failed run, a file whose SHA-256 differs from the recorded one, a wrong key.
    """
    _check_context(backup.province)
    if not backup.is_restorable or not belongs_to(backup.storage_key, backup.province.schema_name):
        raise BackupError("Bản sao lưu này không còn hoặc chưa từng thành công.", code="backup_not_restorable")
    _check_target(target_schema)
    with tempfile.TemporaryDirectory(prefix="hoso-restore-") as folder:
        sealed, dump = Path(folder) / "sealed", Path(folder) / "dump"
        if _fetch(backup.storage_key, sealed) != backup.checksum:
            message = f"Tệp sao lưu #{backup.pk} của {backup.province.name} không khớp mã kiểm tra SHA-256 đã ghi: tệp đã bị thay đổi."
            _sentry_message(message)
            raise BackupError(message, code="backup_checksum_mismatch")
        with sealed.open("rb") as source, dump.open("wb") as plain:
            decrypt_stream(source, plain, schema=backup.province.schema_name)
        postgres.restore_as(dump=dump, source_schema=backup.source_schema, target_schema=target_schema,
                            major=postgres.server_major_version())
    verification = backup_verify(backup=backup, schema=target_schema)
    audit_record(acting_user=acting_user, action="backup.restore", target=f"{backup.province.code}/{backup.pk}",
                 detail={"schema": target_schema, "verified": verification.ok,
                         "mismatches": sorted(verification.mismatches)})
    return RestoreResult(backup=backup, schema=target_schema, verification=verification)


def _fetch(key: str, target: Path) -> str:
    """Copy the stored file to `target`; answer its SHA-256 (hex)."""
    digest = hashlib.sha256()
    with backup_open(key) as source, target.open("wb") as out:
        for chunk in iter(lambda: source.read(1 << 20), b""):
            digest.update(chunk)
            out.write(chunk)
    return digest.hexdigest()


def backup_verify(*, backup: BackupRun, schema: str) -> Verification:
    """Compare each table's row count and fingerprint in `schema` with those taken at backup time."""
    found = postgres.schema_stats(schema)
    mismatches = {
        table: {"expected": backup.table_stats.get(table), "found": found.get(table)}
        for table in sorted(set(backup.table_stats) | set(found))
        if backup.table_stats.get(table) != found.get(table)
    }
    return Verification(schema=schema, mismatches=mismatches)


def backup_restore_drill(*, province: Province, acting_user: Account | None = None) -> Verification | None:
    """Restore the latest good backup into a throwaway schema, verify, drop it, log the result."""
    latest = backup_latest_ok(province=province)
    if latest is None:
        _alert(acting_user=acting_user, action="backup.missing", target=province.code, detail={"drill": True},
               message=f"Không có bản sao lưu thành công nào của {province.name} để diễn tập khôi phục.")
        return None
    throwaway = f"drill_{province.schema_name}_{timezone.now():%Y%m%d%H%M%S}"[:63]
    verification, error = None, ""
    try:
        verification = backup_restore(acting_user=acting_user, backup=latest, target_schema=throwaway).verification
    except ApplicationError as refused:
        error = refused.message
    finally:
        postgres.schema_drop(throwaway)
    ok = verification is not None and verification.ok
    latest.drilled_at, latest.drill_ok = timezone.now(), ok
    with transaction.atomic():
        latest.save(update_fields=["drilled_at", "drill_ok"])
        detail = {"backup_id": latest.pk, "ok": ok, "error": error,
                  "mismatches": sorted(verification.mismatches) if verification else []}
        if ok:
            audit_record(acting_user=acting_user, action="backup.drill", target=province.code, detail=detail)
        else:
            _alert(acting_user=acting_user, action="backup.drill_failed", target=province.code, detail=detail,
                   message=f"Diễn tập khôi phục {province.name} không đạt: {error or 'dữ liệu không khớp'}")
    return verification


# --- retention and checks ---------------------------------------------------------------------


def backup_prune(*, province: Province, today: date) -> list[BackupRun]:
    """Delete the files of good backups whose retention has ended, keeping the latest good one of
    each scope whatever its age. A backup is never deleted before its `expires_on`."""
    _check_context(province)
    expired = list(BackupRun.objects.filter(province=province, status=BackupStatus.OK, pruned_at__isnull=True,
                                            expires_on__lte=today).order_by("started_at", "id"))
    keep = {
        latest.pk
        for scope, unit in {(run.scope, run.org_unit_id) for run in expired}
        if (latest := backup_latest_ok(province=province, scope=scope, org_unit_id=unit)) is not None
    }
    pruned = []
    for run in expired:
        if run.pk in keep or not belongs_to(run.storage_key, province.schema_name):
            continue
        backup_delete(run.storage_key)
        run.pruned_at = timezone.now()
        run.save(update_fields=["pruned_at"])
        pruned.append(run)
    if pruned:
        audit_record(acting_user=None, action="backup.prune", target=province.code,
                     detail={"backup_ids": [run.pk for run in pruned]})
    return pruned


def backup_report_missing(*, province: Province, missing: list[str], today: date) -> None:
    """The month's backup has not been made after its day: say so, loudly."""
    _alert(acting_user=None, action="backup.missing", target=province.code,
           detail={"missing": missing, "month": f"{today:%Y-%m}"},
           message=f"{province.name} chưa có bản sao lưu thành công của tháng {today:%m/%Y} ({', '.join(missing)}).")


def backup_restored_schema_drop(*, schema: str) -> None:
    """Drop a schema made by a restore. Never a province's live schema, never `public`."""
    if (schema in postgres.RESERVED_SCHEMAS or schema_is_province(schema)
            or not postgres.SCHEMA_NAME.match(schema)):
        raise ApplicationError("Không xóa lược đồ đang dùng.", code="backup_schema_in_use")
    postgres.schema_drop(schema)
