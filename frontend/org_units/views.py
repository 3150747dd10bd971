"""The organisation pages: the tree today or on a past date, and one unit's history."""

from datetime import date

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from core.selectors.org_units import org_unit_get, org_unit_history, org_unit_tree
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
def org_tree(request: HttpRequest) -> HttpResponse:
    """The organisation tree today, or on a past date, with each unit's electronic code."""
    on, error = _on_date(request)
    return render(request, "org_units/org_tree.html", {"tree": org_unit_tree(active_on=on), "on": on, "date_error": error})


@signed_in_page
def org_unit(request: HttpRequest, unit_id: int) -> HttpResponse:
    """A unit's history: every name, code and parent it has had, with dates and decisions."""
    unit = org_unit_get(org_unit_id=unit_id)
    return render(request, "org_units/org_unit.html", {"unit": unit, "history": org_unit_history(org_unit=unit)})
