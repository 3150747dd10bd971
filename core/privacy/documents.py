"""The data subject's copy as a PDF: the same content as the JSON download, set out for
reading (DejaVu fonts for Vietnamese, as the reports' PDFs)."""

from pathlib import Path
from typing import Any

from django.conf import settings

from core.base.errors import ApplicationError
from core.reports.documents import DEFAULT_FONT_DIR, PDF_UNAVAILABLE

TITLE = "Dữ liệu cá nhân do hệ thống lưu giữ"
SECTIONS = (
    ("account", "Tài khoản"),
    ("roles", "Vai trò"),
    ("dossier", "Hồ sơ"),
    ("change_sets", "Đề nghị thay đổi"),
    ("obligations", "Nghĩa vụ, thời hạn"),
    ("consents", "Văn bản đồng ý khai thác hồ sơ"),
    ("requests", "Yêu cầu của chủ thể dữ liệu"),
)
READ_LOG = "Nhật ký khai thác hồ sơ (ai đã xem, khi nào, vì sao)"
READ_LOG_HEADERS = ("Thời điểm", "Người xem", "Qua", "Mục đích")
NO_READS = "Chưa có ai khác xem hồ sơ."


def _fonts() -> tuple[str, str]:
    folder = Path(getattr(settings, "HOSO_PDF_FONT_DIR", DEFAULT_FONT_DIR))
    regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
    if not (regular.is_file() and bold.is_file()):
        raise ApplicationError(PDF_UNAVAILABLE, code="pdf_unavailable")
    return str(regular), str(bold)


def _lines(value: Any, prefix: str = "") -> list[str]:
    """Nested JSON as "path: value" lines; empty values are left out."""
    if isinstance(value, dict):
        return [line for key, item in value.items() for line in _lines(item, f"{prefix}{key}.")]
    if isinstance(value, list):
        return [line for index, item in enumerate(value, start=1) for line in _lines(item, f"{prefix}{index}.")]
    if value is None or value == "":
        return []
    return [f"{prefix.rstrip('.')}: {value}"]


def data_subject_pdf(export: dict[str, Any]) -> bytes:
    from fpdf import FPDF

    regular, bold = _fonts()
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_font("DejaVu", "", regular)
    pdf.add_font("DejaVu", "B", bold)
    pdf.set_title(TITLE)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 13)
    pdf.multi_cell(0, 7, TITLE, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 9)
    pdf.multi_cell(0, 5, f"{export['province']} · {export['generated_at']}", align="C", new_x="LMARGIN", new_y="NEXT")
    for key, heading in SECTIONS:
        pdf.ln(3)
        pdf.set_font("DejaVu", "B", 11)
        pdf.multi_cell(0, 6, heading, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 9)
        for line in _lines(export[key]) or ["—"]:
            pdf.multi_cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("DejaVu", "B", 11)
    pdf.multi_cell(0, 6, READ_LOG, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 8)
    if not export["read_log"]:
        pdf.multi_cell(0, 5, NO_READS, new_x="LMARGIN", new_y="NEXT")
    else:
        with pdf.table(col_widths=(40, 50, 50, 50), first_row_as_headings=True) as grid:
            grid.row(READ_LOG_HEADERS)
            for read in export["read_log"]:
                through = read["role"] or read["consent_document"] or read["channel_label"]
                grid.row((read["read_at"], f"{read['reader_name']} ({read['reader']})", through, read["purpose"]))
    return bytes(pdf.output())
