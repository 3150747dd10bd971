"""Pages: transfers and their steps, what I owe, my notifications, the DoHA's compliance table.
Each view reads its form, calls one service or selector, and renders."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from core.base.errors import ApplicationError, NotFoundError
from core.permissions import account_is_doha_admin
from core.reports.services import report_schedule_ensure
from core.selectors.org_units import org_unit_get
from core.transfers import export
from core.transfers.models import StepAction
from core.transfers.selectors import (
    NOT_FOUND,
    PROVINCE_ROW_LABEL,
    ComplianceRow,
    DutyState,
    compliance_table_for_user,
    duty_kind_label,
    duty_list_for_user,
    duty_state,
    notification_list_for_user,
    person_by_national_id_for_user,
    transfer_get_for_user,
    transfer_list_for_user,
)
from core.transfers.services.notifications import notification_read, notifications_read_all
from core.transfers.services.transfers import (
    transfer_next_steps,
    transfer_receive,
    transfer_start,
    transfer_step,
)
from frontend.common.paging import page_of
from frontend.common.views import acting, errors_attach, signed_in_page
from frontend.transfers.forms import DutyFilterForm, ReceiveForm, StartForm, StepForm


@signed_in_page
def transfer_list(request: HttpRequest) -> HttpResponse:
    page = page_of(request, transfer_list_for_user(user=acting(request)))
    return render(request, "transfers/list.html", {"page": page})


@signed_in_page
def transfer_start_page(request: HttpRequest) -> HttpResponse:
    form = StartForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person = person_by_national_id_for_user(user=acting(request), national_id=data["national_id"])
            to_unit = org_unit_get(org_unit_id=data["to_unit"]) if data["to_unit"] else None
            transfer = transfer_start(acting_user=acting(request), kind=data["kind"], person=person, to_unit=to_unit,
                                      leave_reason=data["leave_reason"], position=data["position"],
                                      effective_on=data["effective_on"], decision=form.decision())
            return redirect("frontend:transfer-detail", transfer.pk)
        except ApplicationError as error:
            errors_attach(error, form)
    return render(request, "transfers/form.html", {"form": form, "title": "Ghi nhận quyết định chuyển, nghỉ"})


@signed_in_page
def transfer_receive_page(request: HttpRequest) -> HttpResponse:
    form = ReceiveForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            received = transfer_receive(
                acting_user=acting(request), kind=data["kind"], to_unit=org_unit_get(org_unit_id=data["to_unit"]),
                national_id=data["national_id"], full_name=data["full_name"], gender=data["gender"],
                category=data["category"], birth_date=data["birth_date"], birth_year=data["birth_year"],
                position=data["position"], origin=data["origin"], effective_on=data["effective_on"],
                decision=form.decision())
            # The first password is shown once, on this answer only.
            return render(request, "transfers/received.html", {"received": received})
        except ApplicationError as error:
            errors_attach(error, form)
    return render(request, "transfers/form.html", {"form": form, "title": "Tiếp nhận người chuyển đến"})


@signed_in_page
def transfer_detail(request: HttpRequest, transfer_id: int) -> HttpResponse:
    transfer = transfer_get_for_user(user=acting(request), transfer_id=transfer_id)
    form = StepForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            transfer_step(acting_user=acting(request), transfer=transfer, action=form.cleaned_data["action"],
                          decision=form.decision())
            messages.success(request, "Đã ghi nhận.")
            return redirect("frontend:transfer-detail", transfer.pk)
        except ApplicationError as error:
            errors_attach(error, form)
    steps = transfer.steps.select_related("acted_by", "opened_duty", "closed_duty")
    next_steps = [(action, StepAction(action).label) for action in transfer_next_steps(transfer)]
    return render(request, "transfers/detail.html", {
        "transfer": transfer, "steps": steps, "next_steps": next_steps, "form": form})


@signed_in_page
def duty_list(request: HttpRequest) -> HttpResponse:
    form = DutyFilterForm(request.GET or None)
    state = form.cleaned_data["state"] if form.is_valid() and form.cleaned_data["state"] else DutyState.OPEN
    today = timezone.localdate()
    page = page_of(request, duty_list_for_user(user=acting(request), state=state, today=today))
    duties = [(duty, duty_kind_label(duty.kind), DutyState.LABELS[duty_state(duty, today=today)]) for duty in page]
    return render(request, "transfers/duties.html", {"form": form, "duties": duties, "page": page})


@signed_in_page
def notification_list(request: HttpRequest) -> HttpResponse:
    page = page_of(request, notification_list_for_user(user=acting(request)))
    return render(request, "transfers/notifications.html", {"page": page})


@require_POST
@signed_in_page
def notification_read_page(request: HttpRequest, notification_id: int) -> HttpResponse:
    notification = notification_read(acting_user=acting(request), notification_id=notification_id)
    return redirect(notification.link or "frontend:notification-list")


@require_POST
@signed_in_page
def notifications_read_all_page(request: HttpRequest) -> HttpResponse:
    notifications_read_all(acting_user=acting(request))
    return redirect("frontend:notification-list")


@signed_in_page
def compliance(request: HttpRequest) -> HttpResponse:
    if not account_is_doha_admin(acting(request)):
        raise NotFoundError(NOT_FOUND)
    today = timezone.localdate()
    # The year's scheduled reports are tracked before "who has not reported" is read (the daily
    # task does the same; this covers a new year, or new units, before it runs).
    report_schedule_ensure(year=today.year)
    table = compliance_table_for_user(user=acting(request), today=today)
    wanted = request.GET.get("tai-ve", "")
    if wanted == "csv":
        return _download(export.compliance_csv(table), export.CSV_CONTENT_TYPE, table.today, "csv")
    if wanted == "xlsx" and export.xlsx_available():
        return _download(export.compliance_xlsx(table), export.XLSX_CONTENT_TYPE, table.today, "xlsx")
    def line(row: ComplianceRow) -> tuple[ComplianceRow, list[tuple[int, int]]]:
        return row, [(row.open.get(kind, 0), row.late.get(kind, 0)) for kind, _ in table.kinds]

    return render(request, "transfers/compliance.html", {
        "table": table, "lines": [line(row) for row in table.rows], "xlsx": export.xlsx_available(),
        "province_line": line(table.province) if table.province is not None else None,
        "province_label": PROVINCE_ROW_LABEL})


def _download(content: bytes, content_type: str, today: object, suffix: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="tuan-thu-{today}.{suffix}"'
    return response
