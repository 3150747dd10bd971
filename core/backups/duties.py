"""The DoHA's backup duty as a tracked duty (core `Obligation`), kept by the daily run.

A province whose rules say the DoHA backs the database up monthly owes one backup per month,
by the month's last day, owed by the province's root unit and acted on by its DoHA admins;
the duty is done once a successful backup of the whole province started in that month. A rule
with no frequency, or "periodic" with no period given (Tuyên Quang Điều 9 khoản 3), sets no
date: no duty. The runs live in `public`; the duty in the province's schema.
"""

import calendar
from datetime import date

from django.db import transaction
from django.utils import timezone

from core.backups.models import BackupRun, BackupScope, BackupStatus
from core.backups.selectors import current_schema
from core.base.audit.services import audit_record
from core.models import Obligation, ObligationKind, ObligationState, OrgUnit
from core.services.obligations import obligation_citation, obligations_ensure
from rules.domain.registry import RuleKey
from rules.domain.types import BackupDuty
from rules.selectors import rules_effective


def backup_duty_reference(*, month: date) -> str:
    return f"backup:{month:%Y-%m}"


def backup_duty_ensure(*, today: date) -> Obligation | None:
    """Open this month's backup duty if the rules in force today ask for one, and close every
    open backup duty whose month has a successful backup; the duty of this month, if any."""
    with transaction.atomic():
        opened = _month_duty_open(today)
        closed = _done_close()
        duty = Obligation.objects.filter(kind=ObligationKind.BACKUP,
                                         reference=backup_duty_reference(month=today)).first()
        if opened or closed:
            audit_record(acting_user=None, action="backup.duty", target=backup_duty_reference(month=today),
                         detail={"opened": opened, "closed": closed})
    return duty


def _month_duty_open(today: date) -> int:
    rules = rules_effective(as_of=today)
    rule, cited = rules.value(RuleKey.BACKUP), rules[RuleKey.BACKUP].citation
    if not isinstance(rule, BackupDuty) or rule.frequency != "monthly" or "doha" not in rule.who:
        return 0
    first = today.replace(day=1)
    last = today.replace(day=calendar.monthrange(today.year, today.month)[1])
    root = OrgUnit.objects.get(parent__isnull=True)
    return len(obligations_ensure([Obligation(
        kind=ObligationKind.BACKUP, reference=backup_duty_reference(month=today), org_unit=root,
        event_date=first, due=last, subject=f"Tháng {today:%m/%Y}",
        citation=obligation_citation(article=cited.article, document=cited.document) if cited else "",
    )]))


def _done_close() -> int:
    """Each open duty (this month's, or an earlier one missed) is done by a successful
    province backup started within its month."""
    closed = 0
    for duty in Obligation.objects.filter(kind=ObligationKind.BACKUP, state=ObligationState.OPEN):
        run = (BackupRun.objects.filter(province__schema_name=current_schema(), scope=BackupScope.PROVINCE,
                                        status=BackupStatus.OK, started_at__date__gte=duty.event_date,
                                        started_at__date__lte=duty.due or duty.event_date)
               .order_by("finished_at", "started_at").first())
        if run is not None:
            duty.state, duty.done_at = ObligationState.DONE, run.finished_at or run.started_at or timezone.now()
            duty.save(update_fields=["state", "done_at"])
            closed += 1
    return closed
