"""The DoHA's monthly backup as a tracked duty: Lào Cai's rules (Điều 10 khoản 1) ask the DoHA
to back the database up monthly, so each month owes one backup by its last day; a successful
backup of the whole province that month closes it. Tuyên Quang's text says "periodically"
with no period (Điều 9 khoản 3): no date, so no duty."""

from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone
from django_tenants.utils import schema_context, tenant_context

from core.backups.duties import backup_duty_ensure
from core.backups.models import BackupRun, BackupScope, BackupStatus
from core.models import Obligation, ObligationKind, ObligationState
from core.transfers.models import Reminder, ReminderStage
from core.transfers.selectors import duty_list_for_user
from core.transfers.services.reminders import duties_remind
from tenants.models import Province
from tests.core.conftest import Personas

pytestmark = pytest.mark.django_db

NOV_10 = date(2026, 11, 10)


def _run(province: Province, on: date, status: str = BackupStatus.OK, scope: str = BackupScope.PROVINCE) -> BackupRun:
    started = timezone.make_aware(datetime(on.year, on.month, on.day, 1, 30))
    return BackupRun.objects.create(province=province, scope=scope, status=status, started_at=started,
                                    finished_at=started + timedelta(minutes=3))


def test_each_month_owes_one_backup_by_its_last_day(lc: Personas) -> None:
    duty = backup_duty_ensure(today=NOV_10)

    assert duty is not None
    assert (duty.kind, duty.reference, duty.person, duty.org_unit.parent_id) == (
        ObligationKind.BACKUP, "backup:2026-11", None, None)
    assert (duty.event_date, duty.due, duty.about) == (date(2026, 11, 1), date(2026, 11, 30), "Tháng 11/2026")
    assert duty.citation.startswith("Điều 10 khoản 1, ")
    assert duty in duty_list_for_user(user=lc.doha)
    assert not duty_list_for_user(user=lc.agency_admin).filter(pk=duty.pk).exists()
    assert backup_duty_ensure(today=date(2026, 11, 11)) == duty
    assert Obligation.objects.filter(kind=ObligationKind.BACKUP).count() == 1


def test_a_successful_province_backup_in_the_month_closes_it(lao_cai: Province, lc: Personas) -> None:
    duty = backup_duty_ensure(today=NOV_10)
    assert duty is not None
    _run(lao_cai, date(2026, 10, 31))  # last month's: not this one
    _run(lao_cai, date(2026, 11, 12), status=BackupStatus.FAILED)
    _run(lao_cai, date(2026, 11, 12), scope=BackupScope.UNIT)
    assert backup_duty_ensure(today=date(2026, 11, 13)).state == ObligationState.OPEN  # type: ignore[union-attr]

    good = _run(lao_cai, date(2026, 11, 14))
    duty = backup_duty_ensure(today=date(2026, 11, 15))
    assert duty is not None
    assert (duty.state, duty.done_at) == (ObligationState.DONE, good.finished_at)


def test_a_missed_backup_is_late_and_reminded_to_the_doha(
    lc: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    lc.doha.email = "snv@laocai.example"
    lc.doha.save(update_fields=["email"])
    duty = backup_duty_ensure(today=NOV_10)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        duties_remind(today=date(2026, 12, 1))
    assert Reminder.objects.get(obligation=duty, stage=ReminderStage.LATE).account == lc.doha
    assert "Quá hạn: Sao lưu cơ sở dữ liệu – Tháng 11/2026 (hạn 30/11/2026)" in [m.subject for m in mail.outbox]


def test_another_provinces_backup_does_not_close_it(lao_cai: Province, lai_chau: Province) -> None:
    _run(lai_chau, date(2026, 11, 12))
    with tenant_context(lao_cai):
        duty = backup_duty_ensure(today=date(2026, 11, 13))
        assert duty is not None and duty.state == ObligationState.OPEN


def test_a_rule_without_a_period_sets_no_duty(db: None) -> None:
    with schema_context("public"):
        tuyen_quang = Province.objects.get(code="tuyen-quang")
    with tenant_context(tuyen_quang):
        assert backup_duty_ensure(today=NOV_10) is None
        assert not Obligation.objects.filter(kind=ObligationKind.BACKUP).exists()
