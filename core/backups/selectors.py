"""Reading backups and backup duties.

Runs live in `public`, but a province's context sees its own runs only: a lookup by id from
another province answers exactly as for a run that does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db import connection
from django.db.models import QuerySet
from django_tenants.utils import get_public_schema_name, tenant_context

from core.backups.models import BackupRun, BackupScope, BackupStatus
from core.base.errors import NotFoundError
from rules.domain.registry import RuleKey
from rules.domain.types import BackupDuty
from tenants.context import Province

# The platform's floor: regulations that say "periodic" or nothing still get a monthly backup
# kept three months (the longest retention any province's text sets).
DEFAULT_FREQUENCY = "monthly"
MIN_KEEP_MONTHS = 3


@dataclass(frozen=True)
class BackupPolicy:
    frequency: str
    keep_months: int
    unit_backups: bool  # each agency or unit backs up its own data (Bình Thuận Art. 10.1)


@dataclass(frozen=True)
class BackupPlan:
    province_due: bool
    units_due: list[int] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # "province" or "unit:<id>", overdue
    drill: BackupRun | None = None


def backup_policy(*, province: Province, as_of: date) -> BackupPolicy:
    """The province's backup duty in force on `as_of`, with the platform's floor applied."""
    from rules.selectors import rules_effective

    with tenant_context(province):
        duty = rules_effective(as_of=as_of).value(RuleKey.BACKUP)
    if not isinstance(duty, BackupDuty):
        return BackupPolicy(DEFAULT_FREQUENCY, MIN_KEEP_MONTHS, unit_backups=False)
    return BackupPolicy(
        frequency=DEFAULT_FREQUENCY,  # "monthly" and "periodic" (no number given) alike
        keep_months=max(MIN_KEEP_MONTHS, duty.keep_months or 0),
        unit_backups="unit" in duty.who,
    )


def current_schema() -> str:
    return str(getattr(connection, "schema_name", get_public_schema_name()))


def backup_list() -> QuerySet[BackupRun]:
    """Every run the current context may see: all of them in `public`, else the province's own."""
    runs = BackupRun.objects.select_related("province")
    if current_schema() != get_public_schema_name():
        runs = runs.filter(province__schema_name=current_schema())
    return runs


def backup_get(*, backup_id: int) -> BackupRun:
    run = backup_list().filter(pk=backup_id).first()
    if run is None:
        raise NotFoundError("Không tìm thấy bản sao lưu.")
    return run


def backup_latest_ok(*, province: Province, scope: str = BackupScope.PROVINCE,
                     org_unit_id: int | None = None) -> BackupRun | None:
    return (
        BackupRun.objects.filter(province=province, scope=scope, org_unit_id=org_unit_id,
                                 status=BackupStatus.OK, pruned_at__isnull=True)
        .order_by("-started_at", "-id")
        .first()
    )


def backup_units_with_duty(*, province: Province) -> list[int]:
    """The agencies and communes directly under the province (depth 1), still active."""
    from core.models import OrgUnit

    with tenant_context(province):
        return list(OrgUnit.objects.filter(depth=1, dissolved_on__isnull=True).order_by("id")
                    .values_list("id", flat=True))


def _done_since(*, province: Province, since: date, scope: str, org_unit_id: int | None) -> bool:
    return BackupRun.objects.filter(province=province, scope=scope, org_unit_id=org_unit_id,
                                    status=BackupStatus.OK, started_at__date__gte=since).exists()


def backup_plan(*, province: Province, today: date) -> BackupPlan:
    """What the daily check does for one province: back up what this month lacks (the 1st is the
    regular monthly run; later days catch up, and a gap after the 1st counts as missing), and
    drill the latest good backup once."""
    policy = backup_policy(province=province, as_of=today)
    since = today.replace(day=1)
    province_due = not _done_since(province=province, since=since, scope=BackupScope.PROVINCE, org_unit_id=None)
    units_due = []
    if policy.unit_backups:
        units_due = [unit for unit in backup_units_with_duty(province=province)
                     if not _done_since(province=province, since=since, scope=BackupScope.UNIT, org_unit_id=unit)]
    missing = []
    if today.day > 1:
        missing = (["province"] if province_due else []) + [f"unit:{unit}" for unit in units_due]
    latest = backup_latest_ok(province=province)
    drill = latest if latest is not None and latest.drilled_at is None else None
    return BackupPlan(province_due=province_due, units_due=units_due, missing=missing, drill=drill)


@dataclass(frozen=True)
class ProvinceBackups:
    """A province's line on the operators' backup page."""

    latest: BackupRun | None
    latest_ok: BackupRun | None
    drilled: BackupRun | None


def backup_latest_by_province() -> dict[int, ProvinceBackups]:
    """Each province's latest whole-province run, latest successful one and latest restore
    drill, by province id: three DISTINCT ON queries, whatever the number of provinces."""
    runs = backup_list().filter(scope=BackupScope.PROVINCE)
    latest = _first_by_province(runs)
    latest_ok = _first_by_province(runs.filter(status=BackupStatus.OK))
    drilled = _first_by_province(backup_list().filter(drilled_at__isnull=False), "-drilled_at")
    return {pk: ProvinceBackups(latest.get(pk), latest_ok.get(pk), drilled.get(pk))
            for pk in latest.keys() | latest_ok.keys() | drilled.keys()}


def backup_list_for_province(*, province: Province) -> QuerySet[BackupRun]:
    """A province's runs, newest first."""
    return backup_list().filter(province=province)


def backup_list_restorable(*, province: Province) -> QuerySet[BackupRun]:
    """A province's successful backups whose files are still kept."""
    return backup_list().filter(province=province, status=BackupStatus.OK, pruned_at__isnull=True)


def _first_by_province(runs: QuerySet[BackupRun], order: str = "-started_at") -> dict[int, BackupRun]:
    picked = runs.order_by("province_id", order, "-id").distinct("province_id")
    return {run.province_id: run for run in picked}
