"""What the technical agency reads: backups, restore drills, national-sync health, the announced
maintenance window and its own checks. Never a person or a dossier: the sync health counts
packets, it does not list them.

Only the tech agency and the DoHA admin read these; anyone else gets the same "not found" as for
a page that does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, Min, QuerySet

from core.approvals.models import SyncPacket, SyncStatus
from core.backups.models import BackupRun, BackupScope, BackupStatus
from core.backups.selectors import BackupPlan, backup_list, backup_plan
from core.base.accounts.models import Account
from core.base.errors import NotFoundError
from core.permissions import account_is_doha_admin, account_is_tech_agency
from core.tech_agency.models import TechCheck
from rules.domain.registry import RuleKey
from rules.domain.types import Citation
from rules.selectors import rules_effective
from tenants.context import Province, current_province

NOT_FOUND = "Không tìm thấy."
# No text sets a number of hours (Sơn La Art. 3.2 asks for a specific announcement only): the
# platform's default until a province records its own value of `maintenance.notice_hours`.
DEFAULT_NOTICE_HOURS = 24


def tech_access_require(*, user: Account) -> Province:
    """The province of the current schema, for its technical agency or DoHA admin; "not found"
    for anyone else and outside a province."""
    province = current_province()
    if province is None or not (account_is_tech_agency(user) or account_is_doha_admin(user)):
        raise NotFoundError(NOT_FOUND)
    return province


@dataclass(frozen=True)
class NoticeRule:
    hours: int
    citation: Citation | None  # None: the platform's default, no text sets it


def maintenance_notice_rule(*, as_of: date) -> NoticeRule:
    effective = rules_effective(as_of=as_of)[RuleKey.MAINTENANCE_NOTICE_HOURS]
    if isinstance(effective.value, int):
        return NoticeRule(effective.value, effective.citation)
    return NoticeRule(DEFAULT_NOTICE_HOURS, None)


@dataclass(frozen=True)
class SyncHealth:
    """The national-sync outbox in numbers: how many packets per state, the oldest one still
    waiting, the last one the national database accepted."""

    by_status: list[tuple[str, int]]
    oldest_waiting: datetime | None
    last_accepted: datetime | None

    @property
    def failing(self) -> int:
        counts = dict(self.by_status)
        return counts.get(SyncStatus.REJECTED.label, 0) + counts.get(SyncStatus.INVALID.label, 0)


def sync_health() -> SyncHealth:
    """Two queries, whatever the number of packets."""
    counts = dict(SyncPacket.objects.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    oldest = SyncPacket.objects.filter(status__in=(SyncStatus.WAITING, SyncStatus.SENT)).aggregate(
        oldest=Min("created_at"))["oldest"]
    last = (SyncPacket.objects.filter(status=SyncStatus.ACCEPTED, accepted_at__isnull=False)
            .order_by("-accepted_at").values_list("accepted_at", flat=True).first())
    return SyncHealth(by_status=[(status.label, counts.get(status.value, 0)) for status in SyncStatus],
                      oldest_waiting=oldest, last_accepted=last)


@dataclass(frozen=True)
class TechHome:
    province: Province
    latest_backup: BackupRun | None
    latest_ok: BackupRun | None
    latest_drill: BackupRun | None
    plan: BackupPlan
    sync: SyncHealth
    checks: list[TechCheck]
    notice: NoticeRule


HOME_CHECKS = 5


def tech_home_for_user(*, user: Account, today: date) -> TechHome:
    province = tech_access_require(user=user)
    runs = backup_list().filter(scope=BackupScope.PROVINCE)
    return TechHome(
        province=province,
        latest_backup=runs.first(),
        latest_ok=runs.filter(status=BackupStatus.OK).first(),
        latest_drill=runs.filter(drilled_at__isnull=False).order_by("-drilled_at", "-id").first(),
        plan=backup_plan(province=province, today=today),
        sync=sync_health(),
        checks=list(TechCheck.objects.select_related("recorded_by")[:HOME_CHECKS]),
        notice=maintenance_notice_rule(as_of=today),
    )


def tech_check_list_for_user(*, user: Account) -> QuerySet[TechCheck]:
    """Every recorded check, newest first (the caller pages through them); "not found" for
    anyone but the tech agency and the DoHA admin, before anything is read."""
    tech_access_require(user=user)
    return TechCheck.objects.select_related("recorded_by").order_by("-checked_on", "-id")
