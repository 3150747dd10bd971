"""Benchmark (run by hand): back up and restore a province of 100,000 people.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/hoso_backup \\
        .venv/bin/python tests/perf/bench_backup.py [--people 100000]

Creates (or reuses) a throwaway province `bench-backup` (schema `bench_backup`) in that
database, fills it with bulk inserts (people, dossiers, placements), then times one backup
(pg_dump, encryption, checksum, storage), one restore into a new schema with its verification,
and a second verification alone. Files go to a temporary folder; the restored schema and the
runs are removed at the end, the filled province is kept for the next run.
"""

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hoso.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import override_settings  # noqa: E402
from django_tenants.utils import tenant_context  # noqa: E402

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Lò", "Giàng", "Vàng", "Cầm"]
GIVEN = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hùng", "Lan", "Mai", "Nam", "Páo", "Sùng", "Yến"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=100_000)
    args = parser.parse_args()
    call_command("migrate_schemas", "--shared", verbosity=0)
    from core.operations.onboarding import province_onboard
    from tenants.services import platform_ensure

    platform_ensure()
    province = province_onboard(code="bench-backup", name="Bench Backup", official_name="Tỉnh Bench Backup",
                                subdomain="benchbackup").province
    with tenant_context(province):
        _fill(args.people)
    with tempfile.TemporaryDirectory(prefix="hoso-bench-backup-") as folder:
        storages = {**settings.STORAGES, "backups": {
            "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": folder}}}
        key = os.environ.get("HOSO_BACKUP_KEY") or "hoso-bench-backup-key"
        with override_settings(STORAGES=storages, HOSO_BACKUP_KEY=key):
            _measure(province)


def _fill(total: int) -> None:
    from core.base.text import search_normalise
    from core.models import Dossier, OrgUnit, Person, Placement

    have = Person.objects.count()
    if have >= total:
        print(f"{have} người đã có sẵn.")
        return
    root = OrgUnit.objects.get(parent__isnull=True)
    rng = random.Random(11)
    started = time.perf_counter()
    for start in range(have, total, 10_000):
        people = []
        for i in range(start, min(start + 10_000, total)):
            name = f"{rng.choice(FAMILY)} Văn {rng.choice(GIVEN)}"
            year = rng.randint(1960, 2003)
            people.append(Person(national_id=f"099{(year // 100 - 19) * 2}{year % 100:02d}{i:06d}", full_name=name,
                                 search_name=search_normalise(name), gender="male", birth_year=year,
                                 category="vien_chuc", org_unit=root))
        people = Person.objects.bulk_create(people)
        Dossier.objects.bulk_create([Dossier(person=p, rank_code="01.003") for p in people])
        Placement.objects.bulk_create([Placement(person=p, org_unit=root, start="2015-01-01") for p in people])
    print(f"Đã tạo {total - have} người trong {time.perf_counter() - started:.1f} s.")


def _measure(province) -> None:  # type: ignore[no-untyped-def]
    from core.backups import postgres
    from core.backups.services import backup_restore, backup_run, backup_verify

    with tenant_context(province):
        from core.models import Person

        people = Person.objects.count()
    started = time.perf_counter()
    run = backup_run(acting_user=None, province=province)
    backup_seconds = time.perf_counter() - started
    if run.status != "ok":
        raise SystemExit(f"Sao lưu thất bại: {run.error}")
    target = f"bench_restore_{int(time.time())}"
    try:
        started = time.perf_counter()
        result = backup_restore(acting_user=None, backup=run, target_schema=target)
        restore_seconds = time.perf_counter() - started
        started = time.perf_counter()
        backup_verify(backup=run, schema=target)
        verify_seconds = time.perf_counter() - started
    finally:
        postgres.schema_drop(target)
        run.delete()
    rows = sum(table["rows"] for table in run.table_stats.values())
    print(f"PostgreSQL {run.server_version}; {people} người, {rows} dòng trong {len(run.table_stats)} bảng")
    print(f"sao lưu (pg_dump + dấu kiểm, mã hóa, SHA-256, lưu): {backup_seconds:6.2f} s, "
          f"tệp {run.size_bytes / 1_000_000:.1f} MB")
    print(f"khôi phục vào lược đồ mới + đối chiếu:              {restore_seconds:6.2f} s, "
          f"khớp: {result.verification.ok}")
    print(f"chỉ đối chiếu (đếm + md5 từng bảng):                {verify_seconds:6.2f} s")


if __name__ == "__main__":
    main()
