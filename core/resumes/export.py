"""The list of incomplete dossiers as a file for the unit's follow-up: CSV always, XLSX when
openpyxl is installed (the compliance table's formats, core/transfers/export.py)."""

import csv
import io
from collections.abc import Sequence

from core.base.spreadsheet import row_safe
from core.resumes.selectors import IncompleteDossier

HEADER = ("Họ và tên", "Số định danh cá nhân", "Cơ quan, đơn vị", "Đối tượng", "Mẫu", "Mức đầy đủ (%)",
          "Còn thiếu")


def incomplete_rows(rows: Sequence[IncompleteDossier]) -> list[list[object]]:
    header: list[object] = list(HEADER)
    return [header] + [
        [row.person.full_name, row.person.national_id, row.person.org_unit.name, row.person.get_category_display(),
         row.completeness.form_label, row.completeness.percent, "; ".join(row.completeness.missing_labels)]
        for row in rows
    ]


def incomplete_csv(rows: Sequence[IncompleteDossier]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(row_safe(cells) for cells in incomplete_rows(rows))
    # With a BOM, spreadsheet programs read the Vietnamese letters as UTF-8.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def incomplete_xlsx(rows: Sequence[IncompleteDossier]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Hồ sơ chưa đầy đủ"
    for cells in incomplete_rows(rows):
        sheet.append(row_safe(cells))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
