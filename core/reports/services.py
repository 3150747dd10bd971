"""The life of a scheduled report: tracked from the rules, drafted by hoso, reviewed and
signed by the responsible person, marked sent. Each step is one transaction with an audit row."""

import json
from dataclasses import asdict
from datetime import date
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from core.base.accounts.models import Account
from core.base.audit.services import audit_record
from core.base.errors import ApplicationError, StateError
from core.models import Obligation, ObligationKind, ObligationState, OrgUnit
from core.permissions import role_require
from core.reports.models import ReportState, ScheduledReport
from core.reports.selectors.results import ResultTable, results_of
from core.reports.selectors.scheduled import REPORT_ROLES, report_duty_reference, report_title
from core.reports.selectors.statistics import WRITES_KEPT_DAYS, Breakdown, changes_of, statistics_of
from core.reports.signing import report_signer
from core.services.obligations import obligation_citation, obligations_close, obligations_ensure
from core.services.org_units import org_unit_root
from rules.selectors import reports_for

# The tables a drafted report carries: the totals the texts name (Lào Cai Art. 16.8, Bình
# Thuận Art. 16.5, Sơn La Art. 13.5), with the split by category before them.
REPORT_TABLES = ("category", "rank", "professional_title", "job_position")
DRAFTABLE = (ReportState.PENDING, ReportState.DRAFTED)
NOT_DRAFTABLE = "Báo cáo đã ký, không lập lại số liệu được nữa."
NOT_EDITABLE = "Chỉ sửa ý kiến khi báo cáo đang ở dạng dự thảo (chưa ký)."
NOT_SIGNABLE = "Chỉ ký báo cáo đã lập dự thảo và chưa ký."
NOT_SENDABLE = "Chỉ đánh dấu đã gửi cho báo cáo đã ký."
REMARKS_MAX = 20_000


def report_schedule_ensure(*, year: int, acting_user: Account | None = None) -> int:
    """Track every report the rules make due in `year`: one row per reporting unit and due
    date (units: each active unit directly under the province; the DoHA: the province's root),
    and one duty (`ObligationKind.REPORT`) per row, owed by its unit, due on its due date.
    Re-running adds what is missing and drops untouched rows the rules no longer ask for,
    with their duties."""
    dues = reports_for(year=year)
    root = OrgUnit.objects.get(parent__isnull=True)
    units = list(OrgUnit.objects.filter(parent=root, dissolved_on__isnull=True))
    wanted = [
        ScheduledReport(
            code=due.code, org_unit=unit, recipient=due.recipient, via=due.via or "",
            period_from=due.period_from, period_to=due.period_to, due=due.due,
            contents=list(due.contents), citation=due.citation.to_dict(),
        )
        for due in dues
        for unit in ([root] if due.reporter == "doha" else units)
    ]
    with transaction.atomic():
        before = ScheduledReport.objects.filter(due__year=year).count()
        ScheduledReport.objects.bulk_create(wanted, ignore_conflicts=True)
        keep = {(due.code, due.due) for due in dues}
        stale = [
            pk for pk, code, due in ScheduledReport.objects.filter(due__year=year, state=ReportState.PENDING)
            .values_list("pk", "code", "due") if (code, due) not in keep
        ]
        Obligation.objects.filter(kind=ObligationKind.REPORT, state=ObligationState.OPEN, reference__in=[
            report_duty_reference(pk) for pk in stale]).delete()
        ScheduledReport.objects.filter(pk__in=stale).delete()
        created = ScheduledReport.objects.filter(due__year=year).count() - before + len(stale)
        opened = _report_duties_ensure(year)
        if created or stale or opened:
            audit_record(acting_user=acting_user, action="report.schedule", target=f"year:{year}",
                         detail={"created": created, "dropped": len(stale), "duties_opened": opened})
    return created


def _report_duties_ensure(year: int) -> int:
    """The duty of each report of `year`: opened once, done when the report is sent (a report
    sent before its duty was tracked gets a duty done at that time). How many were opened."""
    reports = list(ScheduledReport.objects.filter(due__year=year).select_related("org_unit"))
    opened = obligations_ensure(_report_duty(report) for report in reports)
    sent = {report_duty_reference(r.pk): r.sent_at for r in reports if r.state == ReportState.SENT}
    for duty in Obligation.objects.filter(kind=ObligationKind.REPORT, state=ObligationState.OPEN,
                                          reference__in=list(sent)):
        duty.state, duty.done_at = ObligationState.DONE, sent[duty.reference] or timezone.now()
        duty.save(update_fields=["state", "done_at"])
    return len(opened)


def _report_duty(report: ScheduledReport) -> Obligation:
    """Owed by the reporting unit (the root: the DoHA's own), due on the report's due date,
    started at the end of the period it covers, citing the text that asks for it."""
    unit, title, cited = report.org_unit, report_title(report), report.citation or {}
    sent = report.state == ReportState.SENT
    return Obligation(
        kind=ObligationKind.REPORT, reference=report_duty_reference(report.pk), org_unit=unit,
        event_date=min(report.period_to, report.due), due=report.due,
        citation=obligation_citation(article=cited.get("article", ""), document=cited["document"])
        if cited.get("document") else "",
        subject=(title if unit.parent_id is None else f"{title} ({unit.name})")[:300],
        state=ObligationState.DONE if sent else ObligationState.OPEN,
        done_at=(report.sent_at or timezone.now()) if sent else None,
    )


def report_draft(*, acting_user: Account, report: ScheduledReport, today: date | None = None) -> ScheduledReport:
    """Fill the report with the figures of its unit's subtree: the headcount at the end of the
    period (or today, if the period is not over) and the changes over the period. Drafting
    again refreshes them, until the report is signed."""
    today = today or timezone.localdate()
    with transaction.atomic():
        report = _locked(report)
        role_require(acting_user, roles=REPORT_ROLES, org_unit=report.org_unit)
        if report.state not in DRAFTABLE:
            raise StateError(NOT_DRAFTABLE, code="report_signed")
        on = min(report.period_to, today)
        stats = statistics_of(scope=report.org_unit, on=on)
        changes = changes_of(scope=report.org_unit, period_from=min(report.period_from, on), period_to=on)
        report.figures_on = on
        report.figures = {
            "headcount": stats.headcount,
            "tables": [_breakdown_json(stats.breakdown(code)) for code in REPORT_TABLES],
            "changes": [asdict(row) for row in changes.rows],
            # Lào Cai Art. 15.7, Bình Thuận Art. 15.9: the period's updates, approvals, national
            # sync and late duties, per unit directly under the reporting unit.
            "results": [_results_json(table) for table in results_of(
                scope=report.org_unit, period_from=min(report.period_from, on), period_to=on)],
        }
        report.state = ReportState.DRAFTED
        report.drafted_at = timezone.now()
        report.drafted_by = acting_user
        report.save(update_fields=["figures_on", "figures", "state", "drafted_at", "drafted_by"])
        audit_record(acting_user=acting_user, action="report.draft", target=f"report:{report.pk}",
                     detail={"figures_on": on.isoformat(), "headcount": stats.headcount})
        return report


def report_remarks_update(*, acting_user: Account, report: ScheduledReport, remarks: str) -> ScheduledReport:
    """The reviewer's text: problems met, proposals (the part the figures cannot say)."""
    remarks = remarks.strip()
    with transaction.atomic():
        report = _locked(report)
        role_require(acting_user, roles=REPORT_ROLES, org_unit=report.org_unit)
        if report.state != ReportState.DRAFTED:
            raise StateError(NOT_EDITABLE, code="report_not_draft")
        if len(remarks) > REMARKS_MAX:
            raise ApplicationError.for_fields({"remarks": f"Tối đa {REMARKS_MAX} ký tự."})
        report.remarks = remarks
        report.save(update_fields=["remarks"])
        audit_record(acting_user=acting_user, action="report.remarks", target=f"report:{report.pk}")
        return report


def report_sign(*, acting_user: Account, report: ScheduledReport) -> ScheduledReport:
    """Record who signed and when; a configured digital-signature module signs the content too."""
    with transaction.atomic():
        report = _locked(report)
        role_require(acting_user, roles=REPORT_ROLES, org_unit=report.org_unit)
        if report.state != ReportState.DRAFTED:
            raise StateError(NOT_SIGNABLE, code="report_not_draft")
        signer = report_signer()
        if signer is not None:
            report.signature = signer(report=report, account=acting_user, payload=report_payload(report))
        report.state = ReportState.SIGNED
        report.signed_at = timezone.now()
        report.signed_by = acting_user
        report.save(update_fields=["state", "signed_at", "signed_by", "signature"])
        audit_record(acting_user=acting_user, action="report.sign", target=f"report:{report.pk}",
                     detail={"digital_signature": bool(report.signature)})
        return report


def report_send(*, acting_user: Account, report: ScheduledReport, reference: str = "") -> ScheduledReport:
    """Mark the signed report sent (with the outgoing document's number, if any)."""
    reference = reference.strip()
    with transaction.atomic():
        report = _locked(report)
        role_require(acting_user, roles=REPORT_ROLES, org_unit=report.org_unit)
        if report.state != ReportState.SIGNED:
            raise StateError(NOT_SENDABLE, code="report_not_signed")
        if len(reference) > 200:
            raise ApplicationError.for_fields({"reference": "Tối đa 200 ký tự."})
        report.state = ReportState.SENT
        report.sent_at = timezone.now()
        report.sent_by = acting_user
        report.sent_reference = reference
        report.save(update_fields=["state", "sent_at", "sent_by", "sent_reference"])
        # Its duty is done now; one sent late keeps the late mark the daily run gave it.
        obligations_close(Obligation.objects.filter(kind=ObligationKind.REPORT,
                                                    reference=report_duty_reference(report.pk)))
        audit_record(acting_user=acting_user, action="report.send", target=f"report:{report.pk}",
                     detail={"reference": reference, "late": report.is_late(timezone.localdate())})
        return report


def report_payload(report: ScheduledReport) -> bytes:
    """What a signature covers: the figures and remarks as canonical JSON."""
    content: dict[str, Any] = {
        "code": report.code, "org_unit": report.org_unit_id, "due": report.due.isoformat(),
        "period": [report.period_from.isoformat(), report.period_to.isoformat()],
        "figures_on": report.figures_on.isoformat() if report.figures_on else None,
        "figures": report.figures, "remarks": report.remarks,
    }
    return json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def _locked(report: ScheduledReport) -> ScheduledReport:
    return ScheduledReport.objects.select_for_update(of=("self",)).select_related("org_unit").get(pk=report.pk)


def _results_json(table: ResultTable) -> dict[str, Any]:
    return {"code": table.code, "title": table.title, "rows": [asdict(row) for row in table.rows]}


def _breakdown_json(breakdown: Breakdown) -> dict[str, Any]:
    return {"code": breakdown.code, "title": breakdown.title, "rows": [asdict(row) for row in breakdown.rows]}


def statistics_warm(*, on: date | None = None) -> int:
    """Count the province's statistics for `on` (today) before anyone asks: each unit's counts, kept
    in the cache until something they count is written (core.reports.selectors.statistics). Run
    each morning (reports.tasks.statistics_warm), so that the day's first reading sums kept
    counts instead of counting every unit. Answers the province's headcount."""
    try:
        root = org_unit_root()
    except ApplicationError:  # a province without its root unit yet: nothing to count
        return 0
    return statistics_of(scope=root, on=on or timezone.localdate()).headcount


def statistics_writes_forget() -> int:
    """Forget which transactions wrote what statistics read, after WRITES_KEPT_DAYS: every cached
    answer is younger than that (core.reports.selectors.statistics), so none can still need them.
    A transaction still running keeps its record; one from another server (a schema restored from
    elsewhere carries ids this one has not reached, which keep every cached answer counting
    again) goes too. Answers how many were forgotten."""
    old = ("written_at < now() - make_interval(days => %(days)s)"
           " AND (xid < pg_snapshot_xmin(pg_current_snapshot()) OR xid > pg_current_xact_id())")
    with connection.cursor() as cursor:
        # The units each transaction wrote go with it (core/reports/migrations/0004_statistics_unit_writes.py).
        cursor.execute(f"DELETE FROM reports_statisticsunitwrite WHERE {old}", {"days": WRITES_KEPT_DAYS})
        cursor.execute(f"DELETE FROM reports_statisticswrite WHERE {old}", {"days": WRITES_KEPT_DAYS})
        return cursor.rowcount
