"""The list of incomplete dossiers as a file for the unit's follow-up: CSV always, XLSX when
openpyxl is installed (the compliance table's formats, core/transfers/export.py)."""

from collections.abc import Sequence

from core.base.spreadsheet import rows_csv, rows_xlsx
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
    return rows_csv(incomplete_rows(rows))


def incomplete_xlsx(rows: Sequence[IncompleteDossier]) -> bytes:
    return rows_xlsx(incomplete_rows(rows), title="Hồ sơ chưa đầy đủ")
