"""Retention: nothing is deleted before its expiry and the latest good backup always stays.
Schedule: each province's duty decides what the daily check queues and what it reports missing."""

import io
from datetime import date, datetime
from pathlib import Path

import pytest
from django.utils import timezone

from core.backups.models import BackupRun, BackupStatus
from core.backups.selectors import backup_plan, backup_policy
from core.backups.services import add_months, backup_prune
from core.backups.storage import backup_file_list, backup_key, backup_save
from core.base.audit.models import AuditEvent
from tenants.models import Province

pytestmark = pytest.mark.django_db


def _stored_run(province: Province, started: date, *, status: str = BackupStatus.OK, keep_months: int = 3) -> BackupRun:
    moment = timezone.make_aware(datetime(started.year, started.month, started.day, 2, 0))
    key = ""
    if status == BackupStatus.OK:
        key = backup_save(backup_key(schema=province.schema_name, started_at=moment), io.BytesIO(b"sealed"))
    return BackupRun.objects.create(province=province, status=status, started_at=moment, storage_key=key,
                                    expires_on=add_months(started, keep_months))


def test_prune_deletes_only_expired_backups_and_keeps_younger_ones(lao_cai: Province, backup_settings: Path) -> None:
    old = [_stored_run(lao_cai, date(2025, month, 1)) for month in (1, 2, 3)]
    young = [_stored_run(lao_cai, date(2025, month, 1)) for month in (4, 5, 6)]

    pruned = backup_prune(province=lao_cai, today=date(2025, 6, 30))

    assert [run.pk for run in pruned] == [old[0].pk, old[1].pk, old[2].pk]
    assert backup_file_list("lao_cai") == sorted(run.storage_key for run in young)
    for run in old:
        run.refresh_from_db()
        assert run.pruned_at is not None
    assert all(BackupRun.objects.get(pk=run.pk).pruned_at is None for run in young)
    assert AuditEvent.objects.get(action="backup.prune").detail == {"backup_ids": [run.pk for run in old]}


def test_prune_never_deletes_on_the_day_before_expiry(lao_cai: Province) -> None:
    run = _stored_run(lao_cai, date(2025, 1, 15))
    _stored_run(lao_cai, date(2025, 5, 1))
    assert run.expires_on == date(2025, 4, 15)

    assert backup_prune(province=lao_cai, today=date(2025, 4, 14)) == []
    assert [r.pk for r in backup_prune(province=lao_cai, today=date(2025, 4, 15))] == [run.pk]


def test_prune_keeps_the_latest_good_backup_however_old(lao_cai: Province, lai_chau: Province) -> None:
    """Failed runs after it do not count as good; another province's backups are not touched."""
    first, latest_good = _stored_run(lao_cai, date(2024, 1, 1)), _stored_run(lao_cai, date(2024, 2, 1))
    _stored_run(lao_cai, date(2024, 3, 1), status=BackupStatus.FAILED)
    other = _stored_run(lai_chau, date(2024, 1, 1))

    pruned = backup_prune(province=lao_cai, today=date(2026, 1, 1))

    assert [run.pk for run in pruned] == [first.pk]
    assert backup_file_list("lao_cai") == [latest_good.storage_key]
    assert backup_file_list("lai_chau") == [other.storage_key]


def test_retention_follows_the_province_rules_with_a_three_month_floor(lao_cai: Province, son_la: Province) -> None:
    """Lào Cai keeps 3 months (Art. 10.1); Sơn La's text sets no period, so the floor applies."""
    assert backup_policy(province=lao_cai, as_of=date(2026, 1, 1)).keep_months == 3
    assert backup_policy(province=son_la, as_of=date(2026, 1, 1)).keep_months == 3
    assert add_months(date(2025, 11, 30), 3) == date(2026, 2, 28)


def test_the_daily_check_backs_up_on_the_first_and_reports_a_missing_backup_later(lao_cai: Province) -> None:
    first = backup_plan(province=lao_cai, today=date(2026, 3, 1))
    assert (first.province_due, first.missing) == (True, [])

    later = backup_plan(province=lao_cai, today=date(2026, 3, 4))
    assert (later.province_due, later.missing) == (True, ["province"])

    run = _stored_run(lao_cai, date(2026, 3, 2))
    done = backup_plan(province=lao_cai, today=date(2026, 3, 4))
    assert (done.province_due, done.missing, done.drill) == (False, [], run)


def test_binh_thuan_units_back_up_their_own_data(db: None) -> None:
    """Bình Thuận Art. 10.1: each agency or unit backs up its own data, besides the DoHA's whole copy."""
    binh_thuan = Province.objects.get(code="binh-thuan")
    plan = backup_plan(province=binh_thuan, today=date(2026, 3, 1))
    assert plan.province_due and plan.units_due
    lao_cai_plan = backup_plan(province=Province.objects.get(code="lao-cai"), today=date(2026, 3, 1))
    assert lao_cai_plan.units_due == []


def test_the_dispatcher_queues_each_provinces_work(lao_cai: Province, monkeypatch: pytest.MonkeyPatch) -> None:
    from hoso.celery import app

    from core.backups.tasks import backups_dispatch

    sent: list[tuple[str, dict[str, int]]] = []
    monkeypatch.setattr(app, "send_task", lambda name, kwargs: sent.append((name, kwargs)))
    monkeypatch.setattr(timezone, "localdate", lambda *args: date(2026, 3, 5))

    queued = backups_dispatch()

    assert queued["lao_cai"] == ["backups.tasks.backup_province", "backups.tasks.backup_prune_province"]
    assert ("backups.tasks.backup_province", {"province_id": lao_cai.pk}) in sent
    assert AuditEvent.objects.filter(action="backup.missing", target="lao-cai").exists()
