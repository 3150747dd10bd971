"""Console pages of a province merger: the dry run, the run with its verification, the
confirmation. Each calls the services of core.operations.merger.services."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from core.base.errors import ApplicationError
from core.operations.merger.report import merger_table_rows
from core.operations.merger.services import merger_confirm, merger_get, merger_plan, merger_run
from core.operations.selectors import merger_list
from frontend.common.views import errors_attach
from frontend.console.auth import operator_of, operator_required
from frontend.console.forms import MergerPlanForm
from tenants.models import ProvinceMerger
from tenants.selectors import province_primary_domain


@operator_required
def mergers(request: HttpRequest) -> HttpResponse:
    form = MergerPlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            merger = merger_plan(source_code=data["source"], target_code=data["target"],
                                 effective_on=data["effective_on"], basis=data["basis"],
                                 source_root_name=data["source_root_name"], acting_user=operator_of(request))
        except ApplicationError as error:
            errors_attach(error, form)
        else:
            return redirect("console:merger", merger_id=merger.pk)
    return render(request, "console/mergers.html", {
        "form": form, "mergers": merger_list()})


def _merger_or_404(merger_id: int) -> ProvinceMerger:
    try:
        return merger_get(merger_id=merger_id)
    except ApplicationError:
        raise Http404 from None


@operator_required
def merger_detail(request: HttpRequest, merger_id: int) -> HttpResponse:
    merger = _merger_or_404(merger_id)
    return render(request, "console/merger.html", {
        "m": merger, "rows": merger_table_rows(merger), "port": request.get_port(),
        "source_domain": province_primary_domain(merger.source), "target_domain": province_primary_domain(merger.target),
    })


@operator_required
@require_POST
def merger_execute(request: HttpRequest, merger_id: int) -> HttpResponse:
    merger = _merger_or_404(merger_id)
    try:
        merger = merger_run(merger=merger, acting_user=operator_of(request))
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Sáp nhập {merger.source.name} vào {merger.target.name}: "
                                  f"{merger.get_state_display().lower()}.")
    return redirect("console:merger", merger_id=merger.pk)


@operator_required
@require_POST
def merger_confirm_page(request: HttpRequest, merger_id: int) -> HttpResponse:
    merger = _merger_or_404(merger_id)
    if request.POST.get("confirm_code") != merger.source.code:
        messages.error(request, f"Nhập đúng mã tỉnh “{merger.source.code}” để xác nhận xoá dữ liệu tỉnh cũ.")
        return redirect("console:merger", merger_id=merger.pk)
    try:
        merger = merger_confirm(merger=merger, acting_user=operator_of(request))
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Đã sao lưu lần cuối và xoá dữ liệu của tỉnh {merger.source.name}.")
    return redirect("console:merger", merger_id=merger.pk)
