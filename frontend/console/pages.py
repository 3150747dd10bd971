"""The operators' console: provinces, onboarding, lifecycle, national reference data."""

from datetime import date

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from core.base.errors import ApplicationError
from core.operations.first_sign_in import first_sign_in_url
from core.operations.onboarding import (
    DOHA_ADMIN_USERNAME,
    province_admin_link_issue,
    province_onboard,
)
from core.operations.reference_data import (
    national_calendar_history,
    national_calendar_override_remove,
    national_calendar_overrides,
)
from core.operations.selectors import (
    platform_audit_events,
    province_audit_events,
    province_counts,
    province_last_backups,
)
from frontend.common.views import errors_attach
from frontend.console.auth import operator_of, operator_required
from frontend.console.forms import (
    NationalCalendarOverrideForm,
    ProvinceOnboardForm,
    StatusChangeForm,
)
from rules.services import national_calendar_override_set
from tenants import lifecycle
from tenants.selectors import (
    province_get_for_console,
    province_list_for_console,
    province_primary_domain,
)
from tenants.services import province_domain

STATUS_ACTIONS = {
    "tam-dung": (lifecycle.province_suspend, "Đã tạm dừng tỉnh {name}: trang của tỉnh hiển thị thông báo bảo trì."),
    "tiep-tuc": (lifecycle.province_resume, "Tỉnh {name} đã hoạt động trở lại."),
    "luu-tru": (lifecycle.province_archive, "Đã chuyển tỉnh {name} sang lưu trữ: chỉ xem, không thể thay đổi."),
}


def _link(request: HttpRequest, domain: str, token: str) -> str:
    return first_sign_in_url(domain=domain, token=token, port=request.get_port(), secure=request.is_secure())


@operator_required
def home(request: HttpRequest) -> HttpResponse:
    provinces = list(province_list_for_console())
    counts = province_counts(provinces)
    backups = province_last_backups(provinces)
    rows = [{"province": p, "domain": province_primary_domain(p), "counts": counts.get(p.schema_name),
             "migration": getattr(p, "migration_state", None), "last_backup": backups.get(p.pk)}
            for p in provinces]
    return render(request, "console/home.html", {"rows": rows, "port": request.get_port()})


@operator_required
def province_detail(request: HttpRequest, code: str) -> HttpResponse:
    province = province_get_for_console(code=code)
    if province is None:
        raise Http404
    return render(request, "console/province.html", {
        "p": province, "domain": province_primary_domain(province),
        "counts": province_counts([province]).get(province.schema_name),
        "last_backup": province_last_backups([province]).get(province.pk),
        "migration": getattr(province, "migration_state", None),
        "events": province_audit_events(code=province.code), "form": StatusChangeForm(),
        "port": request.get_port(),
    })


@operator_required
def province_onboard_page(request: HttpRequest) -> HttpResponse:
    form = ProvinceOnboardForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = province_onboard(
                code=data["code"].strip(), name=data["name"].strip(),
                official_name=data["official_name"].strip() or f"Tỉnh {data['name'].strip()}",
                subdomain=data["subdomain"].strip(), rule_preset=data["rule_preset"],
                tech_agency=data["tech_agency"], acting_user=operator_of(request),
            )
        except ApplicationError as error:
            errors_attach(error, form)
        else:
            if not result.created:
                form.add_error("code", f"Đã có tỉnh mã “{result.province.code}”.")
            else:
                domain = province_domain(data["subdomain"].strip())
                link = _link(request, domain, result.admin_sign_in_token or "")
                return render(request, "console/onboarded.html", {
                    "p": result.province, "domain": domain, "link": link,
                    "admin_username": result.admin_username, "port": request.get_port(),
                })
    return render(request, "console/onboard.html", {"form": form})


@operator_required
@require_POST
def province_status(request: HttpRequest, code: str, action: str) -> HttpResponse:
    if action not in STATUS_ACTIONS:
        raise Http404
    service, done = STATUS_ACTIONS[action]
    form = StatusChangeForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        province = service(code=code, acting_user=operator_of(request), reason=reason)
    except ApplicationError as error:
        if error.status == 404:
            raise Http404 from None
        messages.error(request, error.message)
    else:
        messages.success(request, done.format(name=province.name))
    return redirect("console:province", code=code)


@operator_required
@require_POST
def province_admin_link(request: HttpRequest, code: str) -> HttpResponse:
    try:
        province, token = province_admin_link_issue(code=code, acting_user=operator_of(request))
    except ApplicationError as error:
        if error.status == 404:
            raise Http404 from None
        raise
    return render(request, "console/onboarded.html", {
        "p": province, "domain": province_primary_domain(province), "reissued": True,
        "link": _link(request, province_primary_domain(province), token), "admin_username": DOHA_ADMIN_USERNAME,
        "port": request.get_port(),
    })


@operator_required
def national_calendar(request: HttpRequest) -> HttpResponse:
    form = NationalCalendarOverrideForm(request.POST or None)
    if request.method == "POST" and "remove" in request.POST:
        try:
            day = date.fromisoformat(request.POST["remove"])
            national_calendar_override_remove(acting_user=operator_of(request), day=day,
                                              reason=request.POST.get("removal_reason", ""))
        except ValueError:
            messages.error(request, "Ngày không hợp lệ.")
        except ApplicationError as error:
            messages.error(request, " ".join(error.extra.get("fields", {}).values()) or error.message)
        else:
            messages.success(request, f"Đã bỏ điều chỉnh ngày {day:%d/%m/%Y}; lịch sử vẫn ghi lại điều chỉnh này.")
        return redirect("console:national_calendar")
    if request.method == "POST" and form.is_valid():
        try:
            override = national_calendar_override_set(acting_user=operator_of(request), **form.cleaned_data)
        except ApplicationError as error:
            errors_attach(error, form)
        else:
            messages.success(request, f"Đã lưu điều chỉnh toàn quốc ngày {override.day:%d/%m/%Y}.")
            return redirect("console:national_calendar")
    return render(request, "console/national_calendar.html",
                  {"form": form, "overrides": national_calendar_overrides(), "history": national_calendar_history()})


@operator_required
def audit_log(request: HttpRequest) -> HttpResponse:
    return render(request, "console/audit.html", {"events": platform_audit_events(limit=200)})
