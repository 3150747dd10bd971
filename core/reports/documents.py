"""Statistics and scheduled reports as documents (facts, paragraphs, tables), and those
documents as XLSX (openpyxl) and PDF (fpdf2, with a font that has Vietnamese glyphs)."""

import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import timezone

from core.base.errors import ApplicationError
from core.base.spreadsheet import cell_safe, row_safe
from core.reports.formatting import share, vn_date, vn_number, vn_percent
from core.reports.models import ScheduledReport
from core.reports.selectors.scheduled import report_title
from core.reports.selectors.statistics import CATALOGUE_OF, Breakdown, Changes, Statistics

HEADERS = ("STT", "Mã", "Tên gọi", "Số lượng", "Tỷ lệ (%)")
TOTAL_LABEL = "Tổng cộng"
DEFAULT_FONT_DIR = "/usr/share/fonts/truetype/dejavu"
PDF_UNAVAILABLE = "Máy chủ chưa có phông chữ tiếng Việt để xuất PDF; hãy tải tệp Excel."
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF_TYPE = "application/pdf"


@dataclass(frozen=True)
class Table:
    """Counts by one attribute: rows of (code, name, count), a total row added on output."""

    title: str
    rows: tuple[tuple[str, str, int], ...]

    @property
    def total(self) -> int:
        return sum(count for _, _, count in self.rows)


@dataclass(frozen=True)
class Document:
    title: str
    facts: tuple[tuple[str, str], ...]
    paragraphs: tuple[tuple[str, str], ...]
    tables: tuple[Table, ...]
    filename: str  # without extension


def statistics_document(stats: Statistics, changes: Changes | None = None) -> Document:
    facts = [
        ("Tỉnh", _province_name()),
        ("Phạm vi", stats.scope.name),
        ("Số liệu tại ngày", vn_date(stats.on)),
        ("Tổng số người đang công tác", vn_number(stats.headcount)),
    ]
    tables = [_table(b.code, b.title, ((r.key, r.label, r.count) for r in b.rows)) for b in stats.breakdowns]
    if changes is not None:
        facts.append(("Biến động từ ngày … đến ngày", f"{vn_date(changes.period_from)} – {vn_date(changes.period_to)}"))
        tables.append(Table("Biến động trong kỳ", tuple(("", r.label, r.count) for r in changes.rows)))
        tables.append(_breakdown_table(changes.left))
    return Document(
        title="THỐNG KÊ SỐ LƯỢNG, CƠ CẤU CÁN BỘ, CÔNG CHỨC, VIÊN CHỨC, NGƯỜI LAO ĐỘNG",
        facts=tuple(facts), paragraphs=(), tables=tuple(tables),
        filename=f"thong-ke-{stats.scope.pk}-{stats.on.isoformat()}",
    )


def report_document(report: ScheduledReport) -> Document:
    figures: dict[str, Any] = report.figures or {}
    facts = [
        ("Tỉnh", _province_name()),
        ("Đơn vị báo cáo", report.org_unit.name),
        ("Nơi nhận", report.get_recipient_display() + (f" (qua {report.via})" if report.via else "")),
        ("Kỳ báo cáo", f"{vn_date(report.period_from)} – {vn_date(report.period_to)}"),
        ("Hạn nộp", vn_date(report.due)),
        ("Căn cứ", ", ".join(filter(None, [report.citation.get("document", ""), report.citation.get("article", "")]))),
        ("Trạng thái", report.get_state_display()),
    ]
    if report.figures_on:
        facts.append(("Số liệu tính đến ngày", vn_date(report.figures_on)))
        facts.append(("Tổng số người đang công tác", vn_number(figures.get("headcount", 0))))
    if report.signed_at and report.signed_by:
        facts.append(("Người ký", f"{report.signed_by} – {timezone.localtime(report.signed_at):%d/%m/%Y %H:%M}"))
    if report.sent_at:
        facts.append(("Đã gửi", f"{timezone.localtime(report.sent_at):%d/%m/%Y %H:%M} {report.sent_reference}".strip()))
    tables = [
        _table(t["code"], t["title"], ((r["key"], r["label"], r["count"]) for r in t["rows"]))
        for t in figures.get("tables", [])
    ]
    if figures.get("changes"):
        tables.append(Table("Biến động trong kỳ", tuple(("", r["label"], r["count"]) for r in figures["changes"])))
    # The period's results by unit (Lào Cai Art. 15.7, Bình Thuận Art. 15.9).
    tables += [Table(t["title"], tuple((r["key"], r["label"], r["count"]) for r in t["rows"]))
               for t in figures.get("results", [])]
    paragraphs = [("Nội dung theo quy định", "\n".join(f"– {line}" for line in report.contents))]
    paragraphs.append(("Ý kiến, khó khăn, vướng mắc, đề xuất", report.remarks or "(chưa có)"))
    return Document(
        title=report_title(report).upper(), facts=tuple(facts), paragraphs=tuple(paragraphs),
        tables=tuple(tables), filename=f"bao-cao-{report.code}-{report.org_unit_id}-{report.due.isoformat()}",
    )


def xlsx_render(document: Document) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    summary = book.active
    summary.title = "Tổng hợp"
    summary.append(row_safe([document.title]))
    summary["A1"].font = Font(bold=True, size=13)
    summary.append([])
    for label, value in document.facts:
        summary.append(row_safe([label, value]))
    for heading, text in document.paragraphs:
        summary.append([])
        summary.append(row_safe([heading]))
        summary.cell(row=summary.max_row, column=1).font = Font(bold=True)
        summary.append([cell_safe(text)])
        summary.cell(row=summary.max_row, column=1).alignment = Alignment(wrap_text=True, vertical="top")
    summary.column_dimensions["A"].width = 38
    summary.column_dimensions["B"].width = 70
    used: set[str] = {summary.title}
    for table in document.tables:
        sheet = book.create_sheet(_sheet_name(table.title, used))
        sheet.append(row_safe([table.title]))
        sheet["A1"].font = Font(bold=True)
        sheet.append(list(HEADERS))
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for index, (code, name, count) in enumerate(table.rows, start=1):
            sheet.append(row_safe([index, code, name, count, share(count, table.total)]))
        sheet.append(["", "", TOTAL_LABEL, table.total, 100.0 if table.total else 0.0])
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
        for row in sheet.iter_rows(min_row=3, min_col=4, max_col=5):
            row[0].number_format = "#,##0"
            row[1].number_format = "0.0"
        for column, width in zip("ABCDE", (6, 14, 60, 12, 10), strict=True):
            sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def pdf_render(document: Document) -> bytes:
    from fpdf import FPDF

    regular, bold = _fonts()
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_font("DejaVu", "", regular)
    pdf.add_font("DejaVu", "B", bold)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 12)
    pdf.multi_cell(0, 7, document.title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("DejaVu", "", 10)
    for label, value in document.facts:
        pdf.multi_cell(0, 6, f"{label}: {value}", new_x="LMARGIN", new_y="NEXT")
    for heading, text in document.paragraphs:
        pdf.ln(2)
        pdf.set_font("DejaVu", "B", 10)
        pdf.multi_cell(0, 6, heading, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 10)
        pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
    for table in document.tables:
        pdf.ln(4)
        pdf.set_font("DejaVu", "B", 10)
        pdf.multi_cell(0, 6, table.title, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 9)
        with pdf.table(col_widths=(10, 24, 96, 22, 22), text_align=("RIGHT", "LEFT", "LEFT", "RIGHT", "RIGHT"),
                       first_row_as_headings=True) as grid:
            grid.row(HEADERS)
            for index, (code, name, count) in enumerate(table.rows, start=1):
                grid.row((str(index), code, name, vn_number(count), vn_percent(count, table.total)))
            grid.row(("", "", TOTAL_LABEL, vn_number(table.total), "100,0" if table.total else "0,0"))
    return bytes(pdf.output())


def pdf_available() -> bool:
    try:
        _fonts()
    except ApplicationError:
        return False
    return True


def _fonts() -> tuple[str, str]:
    folder = Path(getattr(settings, "HOSO_PDF_FONT_DIR", DEFAULT_FONT_DIR))
    regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
    if not (regular.is_file() and bold.is_file()):
        raise ApplicationError(PDF_UNAVAILABLE, code="pdf_unavailable")
    return str(regular), str(bold)


def _table(code: str, title: str, rows: Iterable[tuple[str, str, int]]) -> Table:
    # Codes mean something to readers only for the national catalogues (ranks, titles, …).
    shows_code = code in CATALOGUE_OF
    return Table(title, tuple((key if shows_code else "", label, count) for key, label, count in rows))


def _breakdown_table(breakdown: Breakdown) -> Table:
    return Table(breakdown.title, tuple(("", row.label, row.count) for row in breakdown.rows))


def _sheet_name(title: str, used: set[str]) -> str:
    """Excel's limits: 31 characters, none of []:*?/\\, unique in the workbook."""
    base = re.sub(r"[\[\]:*?/\\]", " ", title)[:31].strip()
    name, n = base, 2
    while name in used:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(name)
    return name


def _province_name() -> str:
    tenant = getattr(connection, "tenant", None)
    return str(getattr(tenant, "official_name", "") or getattr(tenant, "name", ""))
