"""The yearly scores as a spreadsheet for the emulation council: one row per agency, each
component's counts, percentage, weight and points, then the score (CSV always, XLSX with openpyxl)."""

import csv
import io

from core.base.spreadsheet import row_safe
from core.reports.selectors.scores import ScoreTable
from rules.domain.score import COMPONENT_LABELS


def score_rows(table: ScoreTable) -> list[list[object]]:
    header: list[object] = ["Cơ quan, đơn vị"]
    for label in COMPONENT_LABELS.values():
        header += [f"{label}: đạt", f"{label}: tổng số", f"{label}: tỷ lệ (%)", f"{label}: trọng số",
                   f"{label}: điểm"]
    header.append("Tổng điểm")
    rows = [header]
    for row in table.rows:
        cells: list[object] = [row.unit.name]
        for line in row.breakdown.lines:
            cells += [line.done, line.out_of, line.percent, line.weight, line.points]
        cells.append(row.breakdown.score)
        rows.append(cells)
    return rows


def scores_csv(table: ScoreTable) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(row_safe(cells) for cells in score_rows(table))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def scores_xlsx(table: ScoreTable) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = f"Điểm năm {table.year}"
    for cells in score_rows(table):
        sheet.append(row_safe(cells))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
