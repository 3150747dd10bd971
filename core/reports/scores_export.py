"""The yearly scores as a spreadsheet for the emulation council: one row per agency, each
component's counts, percentage, weight and points, then the score (CSV always, XLSX with openpyxl)."""

from core.base.spreadsheet import rows_csv, rows_xlsx
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
    return rows_csv(score_rows(table))


def scores_xlsx(table: ScoreTable) -> bytes:
    return rows_xlsx(score_rows(table), title=f"Điểm năm {table.year}")
