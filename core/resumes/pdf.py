"""A résumé on A4 paper as its form prints it, with fpdf2 and the DejaVu Serif faces
(Vietnamese glyphs; the paper forms are set in a serif). Empty items get the form's dotted
line, tables are ruled, and the closing block leaves the two places where the approver's
signature and the agency's seal go; their positions come back with the PDF so the signing
step can put the visible signatures exactly there (Nghị định 30/2020/NĐ-CP, Phụ lục I)."""

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings

from core.base.errors import ApplicationError
from core.resumes.document import Heading, Line, Note, Part, Resume, Table, Text

DEFAULT_FONT_DIR = "/usr/share/fonts/truetype/dejavu"
FONT = "Serif"
FONT_FILES = {"": "DejaVuSerifCondensed.ttf", "B": "DejaVuSerifCondensed-Bold.ttf",
              "I": "DejaVuSerifCondensed-Italic.ttf"}
FONT_MISSING = "Máy chủ chưa có phông chữ tiếng Việt (DejaVu Serif) để in sơ yếu lý lịch."
MM_TO_PT = 72 / 25.4
LEFT, RIGHT, TOP, BOTTOM = 22.0, 15.0, 15.0, 15.0
PHOTO_W, PHOTO_H = 30.0, 40.0
BODY, SMALL = 11.0, 9.0
LINE_H = 6.0
DOT_GAP = 30.0  # dotted width left for an empty value that is not last on its line


@dataclass(frozen=True)
class SignatureBox:
    """Where a visible signature goes: page index (0-based) and (x1, y1, x2, y2) in PDF points
    from the page's lower left corner, as pyHanko wants it."""

    page: int
    box: tuple[int, int, int, int]


@dataclass(frozen=True)
class RenderedPdf:
    content: bytes
    approver_box: SignatureBox
    agency_box: SignatureBox


def resume_pdf(resume: Resume) -> RenderedPdf:
    pdf = _Pdf(resume.footer)
    pdf.set_creator("hoso")
    pdf.set_title(resume.document_title)
    pdf.set_margins(LEFT, TOP, RIGHT)
    pdf.set_auto_page_break(auto=True, margin=BOTTOM + 5)
    for style, path in _fonts().items():
        pdf.add_font(FONT, style, path)
    pdf.add_page()
    photo_bottom = _title_block(pdf, resume)
    for block in resume.blocks:
        if pdf.l_margin != LEFT and pdf.get_y() >= photo_bottom:
            pdf.set_left_margin(LEFT)
            pdf.set_x(LEFT)
        _block(pdf, block)
    pdf.set_left_margin(LEFT)
    approver, agency = _closing(pdf, resume)
    return RenderedPdf(content=bytes(pdf.output()), approver_box=approver, agency_box=agency)


class _Pdf:
    """fpdf2's FPDF with the footer the form carries on every page (version, page number)."""

    def __new__(cls, footer: str) -> Any:
        from fpdf import FPDF

        class Document(FPDF):  # type: ignore[misc]
            def footer(self) -> None:
                self.set_y(-BOTTOM)
                self.set_font(FONT, "I", 8)
                text = f"{footer} – trang {self.page_no()}/{{nb}}" if footer else f"Trang {self.page_no()}/{{nb}}"
                self.cell(0, 5, text, align="R")

        return Document(orientation="P", unit="mm", format="A4")


def _fonts() -> dict[str, str]:
    folder = Path(getattr(settings, "HOSO_PDF_FONT_DIR", DEFAULT_FONT_DIR))
    paths = {style: folder / name for style, name in FONT_FILES.items()}
    if not all(path.is_file() for path in paths.values()):
        raise ApplicationError(FONT_MISSING, code="pdf_unavailable")
    return {style: str(path) for style, path in paths.items()}


def _title_block(pdf: Any, resume: Resume) -> float:
    """Header lines at the left, the form's code in the right corner, then the photo box and
    the title; returns the photo's bottom edge (the first items run beside it)."""
    width = pdf.w - LEFT - RIGHT
    corner_w = 62.0
    pdf.set_xy(pdf.w - RIGHT - corner_w, TOP)
    pdf.set_font(FONT, "B", 10)
    pdf.multi_cell(corner_w, 5, resume.form_code, align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_font(FONT, "I", 8)
    pdf.multi_cell(corner_w, 4, resume.basis, align="C", new_x="LMARGIN", new_y="NEXT")
    corner_bottom = pdf.get_y()
    pdf.set_xy(LEFT, TOP)
    pdf.set_right_margin(RIGHT + corner_w + 4)
    for part in resume.header:
        _parts(pdf, (part,), size=10)
        pdf.ln(LINE_H - 1)
    pdf.set_right_margin(RIGHT)
    top = max(pdf.get_y(), corner_bottom) + 4
    pdf.set_draw_color(0)
    pdf.set_line_width(0.3)
    pdf.rect(LEFT, top, PHOTO_W, PHOTO_H)
    if resume.photo:
        pdf.image(io.BytesIO(resume.photo), x=LEFT + 0.5, y=top + 0.5, w=PHOTO_W - 1, h=PHOTO_H - 1,
                  keep_aspect_ratio=True)
    else:
        pdf.set_font(FONT, "I", 9)
        pdf.set_xy(LEFT, top + PHOTO_H / 2 - 5)
        pdf.multi_cell(PHOTO_W, 5, resume.photo_label, align="C")
    beside = LEFT + PHOTO_W + 6
    pdf.set_xy(beside, top + 4)
    pdf.set_font(FONT, "B", 14)
    pdf.multi_cell(width - PHOTO_W - 6, 8, resume.title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_left_margin(beside)
    pdf.set_xy(beside, pdf.get_y() + 4)
    return top + PHOTO_H


def _block(pdf: Any, block: Any) -> None:
    if isinstance(block, Line):
        _line(pdf, block)
    elif isinstance(block, Note):
        pdf.set_font(FONT, "I", SMALL)
        pdf.multi_cell(0, 4.5, block.text, align="L", new_x="LMARGIN", new_y="NEXT")
    elif isinstance(block, Heading):
        pdf.ln(2)
        if pdf.will_page_break(30):
            pdf.add_page()
        pdf.set_font(FONT, "B", BODY)
        pdf.multi_cell(0, LINE_H, f"{block.number} {block.title}".strip(), align="L", new_x="LMARGIN",
                       new_y="NEXT")
        pdf.ln(1)
    elif isinstance(block, Table):
        _table(pdf, block)
    elif isinstance(block, Text):
        _text(pdf, block)


def _line(pdf: Any, line: Line) -> None:
    pdf.set_x(pdf.l_margin)
    if line.number:
        pdf.set_font(FONT, "", BODY)
        pdf.write(LINE_H, f"{line.number} ")
    _parts(pdf, line.parts, size=BODY)
    pdf.ln(LINE_H)


def _parts(pdf: Any, parts: tuple[Part, ...], *, size: float) -> None:
    """"label: value, label: value"; an empty value is a dotted run (to the line's end when last)."""
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        pdf.set_font(FONT, "", size)
        pdf.write(LINE_H, f"{part.label}{part.separator}")
        if part.value:
            pdf.set_font(FONT, "B", size)
            pdf.write(LINE_H, f"{part.value}{part.suffix}")
            pdf.set_font(FONT, "", size)
            if not last:
                pdf.write(LINE_H, ", ")
            continue
        room = pdf.w - pdf.r_margin - pdf.get_x() - 2
        if room < 12:
            pdf.ln(LINE_H)
            room = pdf.w - pdf.r_margin - pdf.l_margin - 1
        span = room if last else min(room, DOT_GAP)
        pdf.write(LINE_H, _dots(pdf, span) + ("" if last else " "))


def _dots(pdf: Any, width: float) -> str:
    # One dot short of the width: a dot that does not fit would wrap alone onto the next line.
    return "." * max(int(width / pdf.get_string_width(".")) - 1, 3)


def _table(pdf: Any, table: Table) -> None:
    from fpdf.fonts import FontFace

    if table.caption:
        pdf.set_font(FONT, "I", BODY - 0.5)
        pdf.multi_cell(0, LINE_H, table.caption, align="L", new_x="LMARGIN", new_y="NEXT")
    if pdf.will_page_break(20):
        pdf.add_page()
    pdf.set_font(FONT, "", 9.5)
    pdf.set_line_width(0.2)
    columns = len(table.widths)
    rows = list(table.rows) + [("",) * columns] * (0 if table.rows else table.blank_rows)
    with pdf.table(col_widths=table.widths, width=pdf.w - LEFT - RIGHT, line_height=5, text_align="LEFT",
                   first_row_as_headings=bool(table.headers), headings_style=FontFace(emphasis="B", size_pt=9.5),
                   padding=(1, 1.5), v_align="MIDDLE", min_row_height=6.5) as grid:
        if table.headers:
            heading = grid.row()
            for header in table.headers:
                heading.cell(header, align="C")
        for cells in rows:
            row = grid.row()
            for index, text in enumerate(cells):
                bold = table.first_column_headers and index == 0
                row.cell(text, style=FontFace(emphasis="B") if bold else None,
                         align="L" if bold or not table.first_column_headers else "C")
    pdf.ln(2)


def _text(pdf: Any, block: Text) -> None:
    pdf.set_font(FONT, "", BODY)
    if block.label:
        pdf.write(LINE_H, f"{block.label}: ")
    if block.text:
        pdf.multi_cell(0, LINE_H, block.text, align="L", new_x="LMARGIN", new_y="NEXT")
        return
    for index in range(block.lines):
        start = pdf.get_x() if index == 0 else pdf.l_margin
        pdf.set_x(start)
        pdf.cell(0, LINE_H, _dots(pdf, pdf.w - pdf.r_margin - start - 1), new_x="LMARGIN", new_y="NEXT")


def _closing(pdf: Any, resume: Resume) -> tuple[SignatureBox, SignatureBox]:
    """The declaration at the left, the agency's confirmation at the right, kept on one page."""
    if pdf.will_page_break(78):
        pdf.add_page()
    pdf.ln(4)
    top = pdf.get_y()
    half = (pdf.w - LEFT - RIGHT) / 2
    left_x, right_x = LEFT, LEFT + half
    declarant, confirmer = resume.declarant, resume.confirmer

    pdf.set_xy(right_x, top)
    pdf.set_font(FONT, "I", BODY)
    pdf.multi_cell(half, LINE_H, resume.place_and_date, align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_font(FONT, "B", BODY)
    pdf.multi_cell(half, LINE_H, confirmer.title, align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_font(FONT, "I", SMALL + 1)
    pdf.multi_cell(half, 5, confirmer.hint, align="C", new_x="LEFT", new_y="NEXT")
    sign_top = pdf.get_y() + 1
    sign_h = 30.0
    pdf.set_xy(right_x, sign_top + sign_h)
    pdf.set_font(FONT, "B", BODY)
    pdf.multi_cell(half, LINE_H, confirmer.name, align="C")
    right_bottom = pdf.get_y()

    pdf.set_xy(left_x, top + LINE_H)
    pdf.set_font(FONT, "B", BODY)
    pdf.multi_cell(half, LINE_H, declarant.title, align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_font(FONT, "I", SMALL + 1)
    pdf.multi_cell(half, 5, f"{declarant.preamble}\n{declarant.hint}", align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_xy(left_x, sign_top + sign_h)
    pdf.set_font(FONT, "B", BODY)
    pdf.multi_cell(half, LINE_H, declarant.name, align="C")
    pdf.set_y(max(pdf.get_y(), right_bottom))

    # The approver's signature image centred under the title; the seal over its left third.
    sign_w = 52.0
    sign_x = right_x + (half - sign_w) / 2
    seal = 32.0
    seal_x = sign_x + sign_w / 3 - seal * 0.75
    page = pdf.page_no() - 1
    return (SignatureBox(page, _points(pdf, sign_x, sign_top + 2, sign_w, sign_h - 4)),
            SignatureBox(page, _points(pdf, seal_x, sign_top, seal, seal)))


def _points(pdf: Any, x: float, y: float, w: float, h: float) -> tuple[int, int, int, int]:
    """A box given in mm from the top left as PDF points from the bottom left."""
    return (round(x * MM_TO_PT), round((pdf.h - y - h) * MM_TO_PT),
            round((x + w) * MM_TO_PT), round((pdf.h - y) * MM_TO_PT))
