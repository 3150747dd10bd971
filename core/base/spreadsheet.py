"""Cells written to every XLSX or CSV export: text that a spreadsheet would run as a formula
(CWE-1236) is neutralised. Numbers, dates and booleans pass unchanged."""

import csv
import io
from collections.abc import Iterable

# A spreadsheet reads a cell starting with one of these as a formula (or, for tab and CR, lets
# the next character start one).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell_safe(value: object) -> object:
    """Text starting like a formula gets a leading apostrophe, which spreadsheets show as the
    text itself and never evaluate (the OWASP "CSV injection" advice)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def row_safe(cells: Iterable[object]) -> list[object]:
    return [cell_safe(cell) for cell in cells]


def rows_csv(rows: Iterable[Iterable[object]]) -> bytes:
    """Rows as CSV, cells made safe; with a BOM, spreadsheet programs read the Vietnamese
    letters as UTF-8."""
    out = io.StringIO()
    csv.writer(out).writerows(row_safe(cells) for cells in rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def rows_xlsx(rows: Iterable[Iterable[object]], *, title: str) -> bytes:
    """Rows as one XLSX sheet named `title` (cut to the 31 characters a sheet name may have)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    for cells in rows:
        sheet.append(row_safe(cells))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
