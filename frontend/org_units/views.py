"""The organisation pages: the tree today or on a past date, and one unit's history."""

from datetime import date

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render

from core.base.errors import ApplicationError
from core.selectors.org_units import (
    org_unit_by_code,
    org_unit_formerly,
    org_unit_get,
    org_unit_history,
    org_unit_tree,
)
from frontend.common.views import signed_in_page


def _on_date(request: HttpRequest) -> tuple[date | None, str]:
    raw = request.GET.get("ngay", "")
    if not raw:
        return None, ""
    try:
        return date.fromisoformat(raw), ""
    except ValueError:
        return None, "Ngày không hợp lệ, hãy chọn lại (yyyy-mm-dd). Đang hiển thị cơ cấu hiện nay."


@signed_in_page
def org_tree(request: HttpRequest) -> HttpResponseBase:
    """The organisation tree today, or on a past date, with each unit's electronic code; a code
    looked up (`ma`, today's or a former unit's) leads to the unit that holds it today."""
    on, error = _on_date(request)
    code, code_error = request.GET.get("ma", "").strip(), ""
    if code:
        try:
            found = org_unit_by_code(code=code)
        except ApplicationError as refusal:  # unknown or malformed: said beside the lookup
            code_error = refusal.message
        else:
            if found.current.pk != found.matched.pk:
                messages.info(request, f"Mã {found.code} là mã của “{found.version.name}” trước ngày "
                                       f"{found.matched.dissolved_on:%d/%m/%Y}; nay thuộc “{found.current.name}”.")
            return redirect("frontend:org-unit", found.current.pk)
    return render(request, "org_units/org_tree.html", {"tree": org_unit_tree(active_on=on), "on": on,
                                                        "date_error": error, "code": code, "code_error": code_error},
                  status=400 if code_error else 200)


@signed_in_page
def org_unit(request: HttpRequest, unit_id: int) -> HttpResponse:
    """A unit's history: every name, code and parent it has had, with dates and decisions."""
    unit = org_unit_get(org_unit_id=unit_id)
    return render(request, "org_units/org_unit.html", {"unit": unit, "history": org_unit_history(org_unit=unit),
                                                        "formerly": org_unit_formerly(org_unit=unit)})
