"""The unit's incomplete dossiers, each with what its form still lacks, for the follow-up the texts
ask of the unit (Lào Cai Art. 14.4, Bình Thuận Art. 14.2a, Sơn La Art. 12.2); as CSV or XLSX."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from core.resumes import export
from core.resumes.selectors import incomplete_dossier_list_for_user
from core.transfers.export import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, xlsx_available
from frontend.common.views import acting, int_or_none, signed_in_page

BAD_UNIT = "Đơn vị không hợp lệ; đang hiển thị mọi đơn vị bạn được xem."


@signed_in_page
def incomplete_dossiers(request: HttpRequest) -> HttpResponse:
    raw_unit = request.GET.get("don-vi", "").strip()
    unit_id = int_or_none(raw_unit) if raw_unit else None
    rows = incomplete_dossier_list_for_user(user=acting(request), unit_id=unit_id)
    wanted = request.GET.get("tai-ve", "")
    if wanted == "csv":
        return _download(export.incomplete_csv(rows), CSV_CONTENT_TYPE, "csv")
    if wanted == "xlsx" and xlsx_available():
        return _download(export.incomplete_xlsx(rows), XLSX_CONTENT_TYPE, "xlsx")
    return render(request, "resumes/incomplete.html", {
        "rows": rows, "unit_id": unit_id, "xlsx": xlsx_available(),
        "bad_unit": BAD_UNIT if raw_unit and unit_id is None else "",
    })


def _download(content: bytes, content_type: str, suffix: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="ho-so-chua-day-du-{timezone.localdate()}.{suffix}"'
    return response
