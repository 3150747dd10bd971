"""Scheduled reports: each province's calendar from its rules, the life of a report from draft
to sent, who may act on it, and the late ones a dashboard shows."""

from datetime import date

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context, tenant_context

from core.base.audit.models import AuditEvent
from core.base.errors import ApplicationError, PermissionDeniedError
from core.models import OrgUnit
from core.reports.models import ReportState, ScheduledReport
from core.reports.selectors.scheduled import report_list_for_user, report_overdue_list_for_user
from core.reports.services import (
    NOT_SIGNABLE,
    report_draft,
    report_remarks_update,
    report_schedule_ensure,
    report_send,
    report_sign,
)
from tenants.models import Province
from tests.core.conftest import Personas
from tests.core.reports.conftest import Fixture

UNITS, DOHA = "unit_to_doha", "doha_to_ministry"

CALENDAR_2026 = {
    "lai-chau": set(),
    "tuyen-quang": {(UNITS, date(2026, 1, 10)), (DOHA, date(2026, 1, 25))},
    "lao-cai": {(UNITS, date(2026, 5, 31)), (UNITS, date(2026, 11, 30)), (DOHA, date(2026, 1, 20))},
    # "trước ngày 05/01": the last day allowed is 4 January.
    "son-la": {(UNITS, date(2026, 1, 4)), (DOHA, date(2026, 1, 31))},
    "binh-thuan": {(UNITS, date(2026, 5, 31)), (UNITS, date(2026, 11, 30)), (DOHA, date(2026, 1, 20))},
}


@pytest.mark.parametrize("code", list(CALENDAR_2026))
def test_each_province_tracks_the_reports_its_rules_require_in_2026(db: None, code: str) -> None:
    """Units report to the DoHA and the DoHA to the Ministry on the dates of the province's text;
    Lai Châu's text sets no periodic report."""
    with schema_context("public"):
        province = Province.objects.get(code=code)
    with tenant_context(province):
        report_schedule_ensure(year=2026)
        found = set(ScheduledReport.objects.values_list("code", "due").distinct())
        root = OrgUnit.objects.get(parent__isnull=True)
        ministry = ScheduledReport.objects.filter(code=DOHA)
        units = OrgUnit.objects.filter(parent=root, dissolved_on__isnull=True).count()

        assert found == CALENDAR_2026[code]
        assert all(r.org_unit_id == root.pk and r.recipient == "ministry" for r in ministry)
        for due in {d for c, d in found if c == UNITS}:
            assert ScheduledReport.objects.filter(code=UNITS, due=due).count() == units


def test_tuyen_quang_reports_to_the_ministry_through_the_peoples_committee(db: None) -> None:
    with schema_context("public"):
        province = Province.objects.get(code="tuyen-quang")
    with tenant_context(province):
        report_schedule_ensure(year=2026)
        report = ScheduledReport.objects.get(code=DOHA)

        assert report.via == "Ủy ban nhân dân tỉnh"
        assert (report.period_from, report.period_to) == (date(2025, 1, 1), date(2025, 12, 31))


def test_lao_cai_half_yearly_periods_and_contents(lc: Personas) -> None:
    """31/5 covers 1/12 to 31/5; the ministry's report names the totals by rank, title, position."""
    report_schedule_ensure(year=2026)
    may = ScheduledReport.objects.filter(code=UNITS, due=date(2026, 5, 31)).first()
    ministry = ScheduledReport.objects.get(code=DOHA)

    assert may is not None
    assert (may.period_from, may.period_to) == (date(2025, 12, 1), date(2026, 5, 31))
    assert ministry.contents[:3] == [
        "Tổng số cán bộ, công chức, viên chức, người lao động hiện có chia theo ngạch công chức",
        "Tổng số chia theo chức danh nghề nghiệp viên chức",
        "Tổng số chia theo vị trí việc làm",
    ]
    assert ministry.citation["article"] == "Điều 16 khoản 8"


def test_scheduling_again_changes_nothing(lc: Personas) -> None:
    first = report_schedule_ensure(year=2026)
    rows = ScheduledReport.objects.count()

    assert first == rows > 0
    assert report_schedule_ensure(year=2026) == 0
    assert ScheduledReport.objects.count() == rows


def test_a_report_goes_from_draft_to_sent(built: Fixture, lc: Personas) -> None:
    """hoso drafts the figures, the head adds remarks and signs, the DoHA marks it sent; each
    step records who and when, and leaves an audit row."""
    report_schedule_ensure(year=2026)
    report = ScheduledReport.objects.get(code=UNITS, org_unit=built.agency, due=date(2026, 5, 31))

    report = report_draft(acting_user=lc.doha, report=report, today=date(2026, 6, 2))
    assert report.state == ReportState.DRAFTED
    assert report.figures_on == date(2026, 5, 31)
    assert report.figures["headcount"] == 4
    rank = next(t for t in report.figures["tables"] if t["code"] == "rank")
    assert {r["key"]: r["count"] for r in rank["rows"]} == {"01.003": 1, "01.002": 1, "": 2}
    changes = {r["key"]: r["count"] for r in report.figures["changes"]}
    assert changes["left"] == 0  # the period is 1/12/2025–31/5/2026: the retiree left before

    report = report_remarks_update(acting_user=lc.doha, report=report, remarks="  Thiếu chữ ký số.  ")
    report = report_sign(acting_user=lc.doha, report=report)
    report = report_send(acting_user=lc.doha, report=report, reference="Số 15/BC-BTK")

    assert report.remarks == "Thiếu chữ ký số."
    assert (report.state, report.signed_by, report.sent_by) == (ReportState.SENT, lc.doha, lc.doha)
    assert report.signed_at is not None and report.sent_at is not None
    assert report.signature == ""  # no digital-signature module configured
    assert report.sent_reference == "Số 15/BC-BTK"
    assert list(AuditEvent.objects.filter(target=f"report:{report.pk}").order_by("id")
                .values_list("action", flat=True)) == ["report.draft", "report.remarks", "report.sign", "report.send"]


def fake_signer(*, report: ScheduledReport, account: object, payload: bytes) -> str:
    assert b'"figures"' in payload
    return f"sig:{report.pk}:{account}"


def test_a_digital_signature_module_plugs_into_signing(lc: Personas, settings) -> None:  # type: ignore[no-untyped-def]
    settings.HOSO_REPORT_SIGNER = "tests.core.reports.test_schedule.fake_signer"
    report_schedule_ensure(year=2026)
    report = report_draft(acting_user=lc.doha, report=ScheduledReport.objects.get(code=DOHA))

    assert report_sign(acting_user=lc.doha, report=report).signature == f"sig:{report.pk}:{lc.doha}"


def test_steps_out_of_order_are_refused_and_write_nothing(lc: Personas) -> None:
    report_schedule_ensure(year=2026)
    report = ScheduledReport.objects.get(code=DOHA)

    with pytest.raises(ApplicationError) as refused:
        report_sign(acting_user=lc.doha, report=report)
    assert (refused.value.message, refused.value.code) == (NOT_SIGNABLE, "report_not_draft")
    with pytest.raises(ApplicationError):
        report_send(acting_user=lc.doha, report=report)
    with pytest.raises(ApplicationError):
        report_remarks_update(acting_user=lc.doha, report=report, remarks="x")
    report.refresh_from_db()
    assert (report.state, report.signed_at, report.remarks) == (ReportState.PENDING, None, "")

    report = report_sign(acting_user=lc.doha, report=report_draft(acting_user=lc.doha, report=report))
    with pytest.raises(ApplicationError) as redraft:
        report_draft(acting_user=lc.doha, report=report)
    assert redraft.value.code == "report_signed"


def test_only_roles_over_the_reporting_unit_may_act(built: Fixture, lc: Personas) -> None:
    """A unit's admin and head act on their own unit's report only; the ministry report is the
    DoHA's. An employee has none."""
    report_schedule_ensure(year=2026)
    ministry = ScheduledReport.objects.get(code=DOHA)
    education = lc.person(lc.agency_admin).org_unit
    own = ScheduledReport.objects.get(code=UNITS, org_unit=education, due=date(2026, 5, 31))

    for account in (lc.agency_admin, lc.approver, lc.employee):
        with pytest.raises(PermissionDeniedError):
            report_draft(acting_user=account, report=ministry)
    assert report_draft(acting_user=lc.agency_admin, report=own).state == ReportState.DRAFTED
    with pytest.raises(PermissionDeniedError):
        report_draft(acting_user=lc.approver, report=own)  # the head of the finance department
    ministry.refresh_from_db()
    assert ministry.state == ReportState.PENDING


def test_a_unit_admin_lists_only_their_units_reports(lc: Personas) -> None:
    report_schedule_ensure(year=2026)
    education = lc.person(lc.agency_admin).org_unit

    assert {r.org_unit_id for r in report_list_for_user(user=lc.agency_admin, year=2026)} == {education.pk}
    assert report_list_for_user(user=lc.employee, year=2026).count() == 0
    assert report_list_for_user(user=lc.doha, year=2026).count() == ScheduledReport.objects.count()


def test_late_reports_are_those_past_due_and_not_sent(lc: Personas) -> None:
    """On 1/6/2026 the ministry's report (20/1) and the units' May reports are late; November's
    are not yet. Sending one takes it off the list, and it stays marked as sent late."""
    report_schedule_ensure(year=2026)
    today = date(2026, 6, 1)
    late = report_overdue_list_for_user(user=lc.doha, today=today)

    assert {(r.code, r.due) for r in late} == {(DOHA, date(2026, 1, 20)), (UNITS, date(2026, 5, 31))}
    ministry = ScheduledReport.objects.get(code=DOHA)
    report_send(acting_user=lc.doha, report=report_sign(
        acting_user=lc.doha, report=report_draft(acting_user=lc.doha, report=ministry)))
    ministry.refresh_from_db()

    assert not report_overdue_list_for_user(user=lc.doha, today=today).filter(pk=ministry.pk).exists()
    assert ministry.is_late(today)  # sent on the real today, after 20/1/2026
    education = lc.person(lc.agency_admin).org_unit
    assert {r.org_unit_id for r in report_overdue_list_for_user(user=lc.agency_admin, today=today)} == {education.pk}


def test_the_daily_task_tracks_this_years_reports(lc: Personas) -> None:
    """The task (queued per province by the beat) schedules the current year in its schema."""
    from core.reports.tasks import report_schedule_ensure_task

    created = report_schedule_ensure_task()

    assert created == ScheduledReport.objects.filter(due__year=timezone.localdate().year).count() > 0
