"""Pages: the statistics of a unit, a subtree or the province (tables, bars, XLSX and PDF), and
the scheduled reports from draft to sent. Each view validates input and calls one selector
or service; who may see what is theirs to answer."""

from datetime import date
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from core.base.errors import ApplicationError, NotFoundError
from core.reports import services
from core.reports.documents import (
    PDF_TYPE,
    XLSX_TYPE,
    Document,
    pdf_available,
    pdf_render,
    report_document,
    statistics_document,
    xlsx_render,
)
from core.reports.models import ReportState
from core.reports.selectors.scheduled import (
    report_get_for_user,
    report_list_for_user,
    report_overdue_list_for_user,
    report_title,
)
from core.reports.selectors.statistics import (
    Changes,
    Statistics,
    changes_of,
    statistics_for_user,
    statistics_units_for_user,
)
from frontend.common.paging import page_of
from frontend.common.views import acting, is_htmx, signed_in_page
from frontend.reports.forms import RemarksForm, SendForm, StatisticsForm
from tenants.models import ProvinceStatus

NOT_DRAFTED = "Báo cáo chưa được lập: hãy lập dự thảo trước khi tải về."
YEARS = range(2000, 2101)


@signed_in_page
def statistics_page(request: HttpRequest) -> HttpResponse:
    form, stats, changes = _statistics_request(request)
    context = {"form": form, "stats": stats, "changes": changes, "pdf": pdf_available(),
               "query": request.GET.urlencode()}
    template = "reports/_statistics_figures.html" if is_htmx(request) else "reports/statistics.html"
    return render(request, template, context)


@signed_in_page
def statistics_download(request: HttpRequest, kind: str) -> HttpResponse:
    _, stats, changes = _statistics_request(request)
    return _download(request, statistics_document(stats, changes), kind, back="frontend:reports-statistics")


@signed_in_page
def report_list(request: HttpRequest) -> HttpResponse:
    """The year's reports in my scope, late ones marked. The year's schedule is made from the
    rules the first time it is asked for (idempotent; the daily task does the same), except in
    an archived province, which is read-only."""
    user = acting(request)
    year = _year(request.GET.get("nam"))
    if getattr(request, "tenant", None) and request.tenant.status != ProvinceStatus.ARCHIVED:  # type: ignore[attr-defined]
        services.report_schedule_ensure(year=year)  # an archived province is read-only
    today = timezone.localdate()
    page = page_of(request, report_list_for_user(user=user, year=year))
    return render(request, "reports/report_list.html", {
        "year": year, "today": today, "page": page,
        "rows": [(r, report_title(r), r.is_late(today)) for r in page],
        "overdue": report_overdue_list_for_user(user=user, today=today).count(),
    })


@signed_in_page
def report_detail(request: HttpRequest, report_id: int) -> HttpResponse:
    report = report_get_for_user(user=acting(request), report_id=report_id)
    return _detail(request, report, RemarksForm(initial={"remarks": report.remarks}), SendForm())


@require_POST
@signed_in_page
def report_draft_action(request: HttpRequest, report_id: int) -> HttpResponse:
    report = report_get_for_user(user=acting(request), report_id=report_id)
    return _act(request, report.pk, lambda: services.report_draft(acting_user=acting(request), report=report),
                "Đã lập dự thảo báo cáo với số liệu mới nhất.")


@require_POST
@signed_in_page
def report_remarks_action(request: HttpRequest, report_id: int) -> HttpResponse:
    report = report_get_for_user(user=acting(request), report_id=report_id)
    form = RemarksForm(request.POST)
    if not form.is_valid():
        return _detail(request, report, form, SendForm(), status=400)
    return _act(request, report.pk, lambda: services.report_remarks_update(
        acting_user=acting(request), report=report, remarks=form.cleaned_data["remarks"]), "Đã lưu ý kiến.")


@require_POST
@signed_in_page
def report_sign_action(request: HttpRequest, report_id: int) -> HttpResponse:
    """Step one of the report's signature, as every signature: its content as it will be sent is
    prepared; the signing page shows it and signs it with the signer the rules name."""
    from core.approvals.services.signature_requests import report_signature_prepare

    report = report_get_for_user(user=acting(request), report_id=report_id)
    try:
        prepared = report_signature_prepare(acting_user=acting(request), report_id=report.pk)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("frontend:reports-detail", report_id=report.pk)
    return redirect(f"/phe-duyet/ky-so/{prepared.token}/")


@require_POST
@signed_in_page
def report_send_action(request: HttpRequest, report_id: int) -> HttpResponse:
    report = report_get_for_user(user=acting(request), report_id=report_id)
    form = SendForm(request.POST)
    if not form.is_valid():
        return _detail(request, report, RemarksForm(initial={"remarks": report.remarks}), form, status=400)
    return _act(request, report.pk, lambda: services.report_send(
        acting_user=acting(request), report=report, reference=form.cleaned_data["reference"]),
        "Đã ghi nhận báo cáo đã gửi.")


@signed_in_page
def report_download(request: HttpRequest, report_id: int, kind: str) -> HttpResponse:
    report = report_get_for_user(user=acting(request), report_id=report_id)
    if report.state == ReportState.PENDING:
        messages.error(request, NOT_DRAFTED)
        return redirect("frontend:reports-detail", report_id=report.pk)
    return _download(request, report_document(report), kind, back=report.get_absolute_url())


def _statistics_request(request: HttpRequest) -> tuple[StatisticsForm, Statistics, Changes]:
    user = acting(request)
    units = statistics_units_for_user(user=user)
    if not units:
        raise NotFoundError("Không có cơ quan, đơn vị nào trong phạm vi của bạn.")
    top = min(unit.depth for unit in units)
    choices = [(u.pk, f"{'— ' * (u.depth - top)}{u.name}") for u in units]
    form = StatisticsForm(request.GET or None, units=choices)
    params: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    on = params.get("ngay") or timezone.localdate()
    stats = statistics_for_user(user=user, org_unit_id=params.get("don_vi"), on=on)
    start, end = params.get("tu") or date(on.year, 1, 1), params.get("den") or on
    return form, stats, changes_of(scope=stats.scope, period_from=min(start, end), period_to=end)


def _download(request: HttpRequest, document: Document, kind: str, back: str) -> HttpResponse:
    if kind == "xlsx":
        body, content_type = xlsx_render(document), XLSX_TYPE
    elif kind == "pdf":
        try:
            body, content_type = pdf_render(document), PDF_TYPE
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect(back)
    else:
        raise Http404
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{document.filename}.{kind}"'
    return response


def _detail(request: HttpRequest, report: Any, remarks_form: RemarksForm, send_form: SendForm,
            status: int = 200) -> HttpResponse:
    today = timezone.localdate()
    return render(request, "reports/report_detail.html", {
        "report": report, "title": report_title(report), "late": report.is_late(today),
        "remarks_form": remarks_form, "send_form": send_form, "pdf": pdf_available(),
        "tables": (report.figures or {}).get("tables", []), "changes": (report.figures or {}).get("changes", []),
        "headcount": (report.figures or {}).get("headcount"),
        "results": (report.figures or {}).get("results", []),
    }, status=status)


def _act(request: HttpRequest, report_id: int, action: Any, done: str) -> HttpResponse:
    try:
        action()
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect("frontend:reports-detail", report_id=report_id)


def _year(raw: str | None) -> int:
    try:
        year = int(raw or "")
    except ValueError:
        return timezone.localdate().year
    return year if year in YEARS else timezone.localdate().year
