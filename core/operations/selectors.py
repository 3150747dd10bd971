"""The operators' reads across provinces: counts, last sync and backup, the platform's log."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db import DatabaseError, connection, transaction
from django.db.models import Max

from core.approvals.models import SyncPacket
from core.backups.models import BackupRun, BackupStatus
from core.base.accounts.models import Account
from core.base.audit.models import AuditEvent
from core.models import Person
from tenants.models import Province, ProvinceMerger


@dataclass(frozen=True)
class ProvinceCounts:
    people: int | None
    users: int | None
    last_sync: datetime | None = None  # the last person the national database accepted


def province_counts(provinces: Iterable[Province]) -> dict[str, ProvinceCounts]:
    """People and active accounts of each province, by schema name: one UNION ALL query over
    every schema. A schema that cannot answer (a failed migration) counts as unknown (None)."""
    schemas = [p.schema_name for p in provinces if p.schema_dropped_at is None]
    if not schemas:
        return {}
    try:
        with transaction.atomic():
            return _counts_query(schemas, Person._meta.db_table)
    except DatabaseError:
        pass
    counts = {}
    for schema in schemas:  # one schema at a time, to find the one that cannot answer
        try:
            with transaction.atomic():
                counts.update(_counts_query([schema], Person._meta.db_table))
        except DatabaseError:
            counts[schema] = ProvinceCounts(None, None)
    return counts


def _counts_query(schemas: list[str], person_table: str) -> dict[str, ProvinceCounts]:
    quote = connection.ops.quote_name
    accounts = quote(Account._meta.db_table)
    people = quote(person_table)
    packets = quote(SyncPacket._meta.db_table)
    sql = " UNION ALL ".join(
        f"SELECT %s, (SELECT count(*) FROM {quote(s)}.{people}), "
        f"(SELECT count(*) FROM {quote(s)}.{accounts} WHERE is_active), "
        f"(SELECT max(accepted_at) FROM {quote(s)}.{packets})"
        for s in schemas
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, schemas)
        return {row[0]: ProvinceCounts(row[1], row[2], row[3]) for row in cursor.fetchall()}


def province_last_backups(provinces: Iterable[Province]) -> dict[int, datetime]:
    """When each province's last successful backup finished (core.backups), in one query."""
    rows = (BackupRun.objects.filter(province__in=[p.pk for p in provinces], status=BackupStatus.OK)
            .values("province_id").annotate(last=Max("finished_at")))
    return {row["province_id"]: row["last"] for row in rows if row["last"] is not None}


def province_audit_events(*, code: str, limit: int = 30) -> list[AuditEvent]:
    """The operators' actions on one province, from the platform's log in `public`."""
    return list(AuditEvent.objects.filter(target=code).select_related("actor")[:limit])


def platform_audit_events(*, limit: int = 50) -> list[AuditEvent]:
    return list(AuditEvent.objects.select_related("actor")[:limit])


def merger_list(*, limit: int = 50) -> list[ProvinceMerger]:
    """The newest province mergers, with both provinces."""
    return list(ProvinceMerger.objects.select_related("source", "target")[:limit])
