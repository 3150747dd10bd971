"""The résumé as DOCX (python-docx), for offices that still file an editable copy: the same
title block, items, tables and closing block as the PDF, which stays the signed original."""

import io
from typing import Any

from core.resumes.document import Heading, Line, Note, Part, Resume, Table, Text

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FONT = "Times New Roman"
DOTS = "." * 40


def resume_docx(resume: Resume) -> bytes:
    from docx import Document
    from docx.shared import Mm, Pt

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin = Mm(22), Mm(15)
    section.top_margin, section.bottom_margin = Mm(15), Mm(15)
    style = document.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(12)  # type: ignore[attr-defined]
    style.paragraph_format.space_after = Pt(2)  # type: ignore[attr-defined]
    document.core_properties.title = resume.document_title
    _title_block(document, resume)
    for block in resume.blocks:
        _block(document, block)
    _closing(document, resume)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _title_block(document: Any, resume: Resume) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    top = document.add_table(rows=1, cols=2)
    left, right = top.rows[0].cells
    left.width, right.width = Mm(110), Mm(63)
    left.paragraphs[0].text = ""
    for index, part in enumerate(resume.header):
        paragraph = left.paragraphs[0] if index == 0 else left.add_paragraph()
        _parts(paragraph, (part,), size=11)
    code = right.paragraphs[0]
    code.alignment = WD_ALIGN_PARAGRAPH.CENTER
    code.add_run(resume.form_code).bold = True
    basis = right.add_paragraph()
    basis.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = basis.add_run(resume.basis)
    run.italic, run.font.size = True, Pt(9)

    photo_row = document.add_table(rows=1, cols=2)
    box, title = photo_row.rows[0].cells
    box.width, title.width = Mm(32), Mm(141)
    if resume.photo:
        box.paragraphs[0].add_run().add_picture(io.BytesIO(resume.photo), width=Mm(30), height=Mm(40))
    else:
        box.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = box.paragraphs[0].add_run(f"\n\n{resume.photo_label}\n\n\n")
        run.italic, run.font.size = True, Pt(10)
        _borders(box)
    heading = title.paragraphs[0]
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(f"\n{resume.title}")
    run.bold, run.font.size = True, Pt(15)


def _block(document: Any, block: Any) -> None:
    from docx.shared import Pt

    if isinstance(block, Line):
        paragraph = document.add_paragraph()
        if block.number:
            paragraph.add_run(f"{block.number} ")
        _parts(paragraph, block.parts, size=12)
    elif isinstance(block, Note):
        run = document.add_paragraph().add_run(block.text)
        run.italic, run.font.size = True, Pt(10)
    elif isinstance(block, Heading):
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.space_before = Pt(6)
        paragraph.add_run(f"{block.number} {block.title}".strip()).bold = True
    elif isinstance(block, Table):
        _table(document, block)
    elif isinstance(block, Text):
        prefix = f"{block.label}: " if block.label else ""
        if block.text:
            document.add_paragraph(prefix + block.text)
        else:
            for index in range(block.lines):
                document.add_paragraph((prefix if index == 0 else "") + DOTS * 2)


def _parts(paragraph: Any, parts: tuple[Part, ...], *, size: float) -> None:
    from docx.shared import Pt

    for index, part in enumerate(parts):
        paragraph.add_run(f"{part.label}{part.separator}").font.size = Pt(size)
        value = paragraph.add_run(f"{part.value}{part.suffix}" if part.value else DOTS)
        value.bold, value.font.size = bool(part.value), Pt(size)
        if index < len(parts) - 1:
            paragraph.add_run(", ").font.size = Pt(size)


def _table(document: Any, table: Table) -> None:
    from docx.shared import Mm, Pt

    if table.caption:
        document.add_paragraph().add_run(table.caption).italic = True
    rows = list(table.rows) or [("",) * len(table.widths)] * table.blank_rows
    grid = document.add_table(rows=0, cols=len(table.widths))
    grid.style = "Table Grid"
    total = sum(table.widths)
    if table.headers:
        cells = grid.add_row().cells
        for cell, header in zip(cells, table.headers, strict=True):
            run = cell.paragraphs[0].add_run(header)
            run.bold, run.font.size = True, Pt(10)
    for values in rows:
        cells = grid.add_row().cells
        for index, (cell, text) in enumerate(zip(cells, values, strict=True)):
            run = cell.paragraphs[0].add_run(text)
            run.font.size = Pt(10)
            run.bold = table.first_column_headers and index == 0
    for row in grid.rows:
        for cell, width in zip(row.cells, table.widths, strict=True):
            cell.width = Mm(173 * width / total)
    document.add_paragraph()


def _closing(document: Any, resume: Resume) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    grid = document.add_table(rows=1, cols=2)
    left, right = grid.rows[0].cells
    declarant, confirmer = resume.declarant, resume.confirmer
    for cell, lines in (
        (left, (("", False, False), (declarant.title, True, False), (declarant.preamble, False, True),
                (declarant.hint, False, True), ("\n\n\n", False, False), (declarant.name, True, False))),
        (right, ((resume.place_and_date, False, True), (confirmer.title, True, False), (confirmer.hint, False, True),
                 ("\n\n\n", False, False), (confirmer.name, True, False))),
    ):
        for index, (text, bold, italic) in enumerate(lines):
            paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = paragraph.add_run(text)
            run.bold, run.italic = bold, italic


def _borders(cell: Any) -> None:
    """A ruled box around one cell (the photo's place): python-docx has no API for it."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = cell._tc.get_or_add_tcPr()
    borders = OxmlElement("w:tcBorders")
    for side in ("top", "left", "bottom", "right"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "single")
        edge.set(qn("w:sz"), "6")
        borders.append(edge)
    properties.append(borders)
