"""/bao-cao/diem-thi-dua/: each agency's yearly score for keeping its data, with its breakdown,
for the DoHA to hand to the emulation council (Tuyên Quang Art. 8.2, Lào Cai Art. 17.5, Bình
Thuận Art. 15.5); as CSV or XLSX."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from core.reports.scores_export import scores_csv, scores_xlsx
from core.reports.selectors.scores import NO_METHOD, unit_scores_for_user
from core.transfers.export import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, xlsx_available
from frontend.common.views import acting, signed_in_page
from rules.domain.score import COMPONENT_LABELS

BAD_YEAR = "Năm không hợp lệ; đang hiển thị năm nay."


@signed_in_page
def unit_scores(request: HttpRequest) -> HttpResponse:
    this_year = timezone.localdate().year
    raw = request.GET.get("nam", "").strip()
    year = int(raw) if raw.isascii() and raw.isdigit() and 2000 <= int(raw) <= this_year else this_year
    table = unit_scores_for_user(user=acting(request), year=year)
    wanted = request.GET.get("tai-ve", "")
    if wanted in ("csv", "xlsx") and (wanted == "csv" or xlsx_available()):
        content, kind = (scores_csv(table), CSV_CONTENT_TYPE) if wanted == "csv" else (scores_xlsx(table), XLSX_CONTENT_TYPE)
        response = HttpResponse(content, content_type=kind)
        response["Content-Disposition"] = f'attachment; filename="diem-thi-dua-{year}.{wanted}"'
        return response
    return render(request, "reports/scores.html", {
        "table": table, "components": COMPONENT_LABELS.values(), "no_method": NO_METHOD,
        "bad_year": BAD_YEAR if raw and str(year) != raw else "", "xlsx": xlsx_available(),
    })
