"""Pages of the monthly approval: the approver's list of reviewed changes to sign (all or
some) or return, and the DoHA's month: each unit's status and the province's signature."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from core.approvals.key_store import signer_for_account
from core.approvals.selectors import (
    approval_candidates_for_user,
    approval_list_for_user,
    unit_status_for_month,
)
from core.approvals.services.approvals import (
    province_approval_sign,
    unit_approval_return,
    unit_approval_sign,
)
from core.approvals.windows import approval_window_current
from core.base.errors import ApplicationError
from core.permissions import account_is_doha_admin
from frontend.common.views import acting, int_or_none, signed_in_page

SHOWN = 50
# Redirects and form actions are relative to /phe-duyet/, so the pages work under whatever
# namespace frontend/urls.py includes them in.


@signed_in_page
def approvals_home(request: HttpRequest) -> HttpResponse:
    user = acting(request)
    today = timezone.localdate()
    unit_window = approval_window_current(level="unit", on=today)
    province_window = approval_window_current(level="province", on=today)
    is_doha = account_is_doha_admin(user)
    return render(request, "approvals/home.html", {
        "candidates": list(approval_candidates_for_user(user=user)[:SHOWN]),
        "approvals": list(approval_list_for_user(user=user)[:SHOWN]),
        "unit_window": unit_window, "province_window": province_window, "is_doha": is_doha,
        "statuses": unit_status_for_month(month=province_window.month) if is_doha and province_window else [],
        "has_key": signer_for_account(user) is not None,
    })


@require_POST
@signed_in_page
def unit_sign(request: HttpRequest) -> HttpResponse:
    user = acting(request)
    ids = [i for i in (int_or_none(raw) for raw in request.POST.getlist("change_set")) if i is not None]
    try:
        approvals = unit_approval_sign(acting_user=user, change_set_ids=ids, signer=signer_for_account(user))
    except ApplicationError as error:
        messages.error(request, _message(error))
    else:
        count = sum(a.change_sets.count() for a in approvals)
        messages.success(request, f"Đã phê duyệt {count} đề nghị cập nhật hồ sơ.")
    return redirect("../")


@require_POST
@signed_in_page
def change_set_return(request: HttpRequest, change_set_id: int) -> HttpResponse:
    try:
        unit_approval_return(acting_user=acting(request), change_set_id=change_set_id,
                             reason=request.POST.get("reason", ""))
    except ApplicationError as error:
        messages.error(request, _message(error))
    else:
        messages.success(request, f"Đã trả lại đề nghị số {change_set_id}.")
    return redirect("../../")


@require_POST
@signed_in_page
def province_sign(request: HttpRequest) -> HttpResponse:
    user = acting(request)
    try:
        approval = province_approval_sign(acting_user=user, signer=signer_for_account(user))
    except ApplicationError as error:
        messages.error(request, _message(error))
    else:
        messages.success(request, f"Sở Nội vụ đã phê duyệt dữ liệu tháng {approval.month}.")
    return redirect("../../")


def _message(error: ApplicationError) -> str:
    fields = error.extra.get("fields") or {}
    return " ".join(fields.values()) if fields else error.message


@signed_in_page
def dossier_signed_pdf(request: HttpRequest, person_id: int) -> HttpResponse:
    """The person's résumé as a PDF signed by the reader (with authority) and the agency."""
    from django.core.exceptions import PermissionDenied

    from core.approvals.services.dossier_export import PDF_TYPE, dossier_signed_pdf_export
    from core.base.errors import NotFoundError, PermissionDeniedError

    user = acting(request)
    try:
        exported = dossier_signed_pdf_export(acting_user=user, person_id=person_id, signer=signer_for_account(user))
    except NotFoundError:
        raise
    except PermissionDeniedError as error:
        raise PermissionDenied(error.message) from None
    except ApplicationError as error:
        messages.error(request, _message(error))
        return redirect("../../../")
    response = HttpResponse(exported.content, content_type=PDF_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{exported.filename}"'
    return response
