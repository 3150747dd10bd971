"""Cells written to every XLSX or CSV export: text that a spreadsheet would run as a formula
(CWE-1236) is neutralised. Numbers, dates and booleans pass unchanged."""

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
