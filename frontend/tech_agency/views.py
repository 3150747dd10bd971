"""The technical agency's pages (`/ky-thuat/`): its home (backups, restore drills, national-sync
health, the announced maintenance, its latest checks), its periodic checks, and the maintenance
announcement. The tech agency and the DoHA admin only; anyone else gets "not found". Each view
calls one selector or service."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from core.base.errors import ApplicationError
from core.tech_agency.selectors import (
    maintenance_notice_rule,
    tech_access_require,
    tech_check_list_for_user,
    tech_home_for_user,
)
from core.tech_agency.services import maintenance_announce, maintenance_withdraw, tech_check_record
from frontend.common.paging import page_of
from frontend.common.views import acting, errors_attach, signed_in_page
from frontend.tech_agency.forms import CheckForm, MaintenanceForm

CHECK_RECORDED = "Đã ghi nhận lần kiểm tra ngày {day:%d/%m/%Y}."
ANNOUNCED = "Đã thông báo bảo trì: người dùng của tỉnh thấy thông báo trên mọi trang đến {end:%H:%M %d/%m/%Y}."
WITHDRAWN = "Đã rút thông báo bảo trì."


@signed_in_page
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "tech_agency/home.html",
                  {"home": tech_home_for_user(user=acting(request), today=timezone.localdate())})


@signed_in_page
def checks(request: HttpRequest) -> HttpResponse:
    user = acting(request)
    page = page_of(request, tech_check_list_for_user(user=user))
    form = CheckForm(request.POST or None, initial={"checked_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            check = tech_check_record(acting_user=user, checked_on=data["checked_on"], subjects=data["subjects"],
                                      result=data["result"], notes=data["notes"] or "")
        except ApplicationError as error:
            errors_attach(error, form)
        else:
            messages.success(request, CHECK_RECORDED.format(day=check.checked_on))
            return redirect("frontend:tech-checks")
    status = 400 if request.method == "POST" else 200
    return render(request, "tech_agency/checks.html", {"form": form, "checks": page, "page": page}, status=status)


@signed_in_page
def maintenance(request: HttpRequest) -> HttpResponse:
    user = acting(request)
    province = tech_access_require(user=user)
    form = MaintenanceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            maintenance_announce(acting_user=user, starts_at=data["starts_at"], ends_at=data["ends_at"],
                                 message=data["message"])
        except ApplicationError as error:
            errors_attach(error, form)
        else:
            messages.success(request, ANNOUNCED.format(end=timezone.localtime(data["ends_at"])))
            return redirect("frontend:tech-maintenance")
    status = 400 if request.method == "POST" else 200
    return render(request, "tech_agency/maintenance.html", {
        "form": form, "window": province if province.maintenance_banner else None,
        "notice": maintenance_notice_rule(as_of=timezone.localdate()),
    }, status=status)


@signed_in_page
@require_POST
def maintenance_withdraw_now(request: HttpRequest) -> HttpResponse:
    maintenance_withdraw(acting_user=acting(request))
    messages.success(request, WITHDRAWN)
    return redirect("frontend:tech-maintenance")
