"""Résumés in bulk for a unit: ask (unit and as-of date), watch the progress (htmx polls the
batch every two seconds), download the ZIP until it expires."""

from datetime import date

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from core.approvals.services.resume_batches import (
    resume_batch_download,
    resume_batch_get_for_user,
    resume_batch_hours,
    resume_batch_start,
    resume_batch_units_for_user,
)
from core.base.errors import ApplicationError, NotFoundError
from frontend.common.views import acting, int_or_none, signed_in_page

BAD_DATE = "Ngày không hợp lệ (yyyy-mm-dd)."
NO_UNIT = "Chọn cơ quan, đơn vị."


@signed_in_page
def batch_start(request: HttpRequest) -> HttpResponse:
    user = acting(request)
    units = resume_batch_units_for_user(user=user)
    errors: dict[str, str] = {}
    if request.method == "POST":
        unit_id = int_or_none(request.POST.get("org_unit", ""))
        raw = request.POST.get("ngay", "").strip()
        as_of = None
        try:
            as_of = date.fromisoformat(raw) if raw else None
        except ValueError:
            errors["ngay"] = BAD_DATE
        if unit_id is None:
            errors["org_unit"] = NO_UNIT
        if not errors and unit_id is not None:
            try:
                batch = resume_batch_start(acting_user=user, org_unit_id=unit_id, as_of=as_of)
            except ApplicationError as error:
                errors["org_unit"] = (error.extra.get("fields") or {}).get("org_unit") or error.message
            else:
                return redirect(f"{batch.pk}/")
    return render(request, "resumes/batch_start.html", {"units": units, "errors": errors, "hours": resume_batch_hours(),
                                                        "posted": request.POST},
                  status=400 if errors else 200)


@signed_in_page
def batch_page(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = resume_batch_get_for_user(user=acting(request), batch_id=batch_id)
    template = "resumes/_batch_progress.html" if request.headers.get("HX-Request") else "resumes/batch.html"
    return render(request, template, {"batch": batch})


@require_POST
@signed_in_page
def batch_download(request: HttpRequest, batch_id: int) -> HttpResponse:
    try:
        filename, content = resume_batch_download(acting_user=acting(request), batch_id=batch_id)
    except NotFoundError as error:
        messages.error(request, error.message)
        return redirect("../../")
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
