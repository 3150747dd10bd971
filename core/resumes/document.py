"""A résumé as the renderers see it: the form's title block, then blocks in the form's order
(numbered lines of "label: value" parts, headings, ruled tables, free text), then the
declaration and confirmation block. Values are already text (names, not codes; dates as the
form writes them); an empty value is "" and each renderer prints it as the form leaves it, a
dotted line."""

from dataclasses import dataclass, field
from datetime import date

DOTS = "…"


@dataclass(frozen=True)
class Part:
    """One "label: value" of a numbered line; `label` carries the form's own wording."""

    label: str
    value: str = ""
    suffix: str = ""  # printed after the value ("kg")
    separator: str = ": "  # between label and value ("Sinh" "ngày 14 tháng 5 năm 1992" takes " ")


@dataclass(frozen=True)
class Line:
    """A line of the form: `number` ("1)", "15.1-", "" for a continuation), then its parts."""

    number: str
    parts: tuple[Part, ...]


@dataclass(frozen=True)
class Note:
    """The form's small print under a line ("(Số nhà, đường phố, …)")."""

    text: str


@dataclass(frozen=True)
class Heading:
    """A numbered item that opens a table or free text ("27) ĐÀO TẠO, BỒI DƯỠNG …")."""

    number: str
    title: str


@dataclass(frozen=True)
class Table:
    """A ruled table. `widths` are relative; `rows` may be empty (the form keeps `blank_rows`
    empty ruled rows to write in). `first_column_headers`: the salary table of the forms runs
    across, its headers down the first column."""

    headers: tuple[str, ...]
    widths: tuple[float, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""
    blank_rows: int = 2
    first_column_headers: bool = False


@dataclass(frozen=True)
class Text:
    """Free text under a heading; `lines` dotted lines when it is empty."""

    text: str
    label: str = ""
    lines: int = 2


Block = Line | Note | Heading | Table | Text


@dataclass(frozen=True)
class Signature:
    """One signing place of the closing block: who signs there and how the form says it."""

    title: str  # "Người khai", "Thủ trưởng cơ quan, đơn vị …"
    hint: str  # "(Ký tên, ghi rõ họ tên)"
    name: str = ""  # the signer's name, printed under the space left for the signature
    preamble: str = ""  # "Tôi xin cam đoan …"


@dataclass(frozen=True)
class Resume:
    form_code: str  # "Mẫu 2C-BNV/2008"
    basis: str  # "(Ban hành kèm theo …)"
    header: tuple[Part, ...]  # managing agency, using unit, number
    title: str
    blocks: tuple[Block, ...]
    place_and_date: str  # "Lào Cai, ngày 14 tháng 5 năm 2026"
    declarant: Signature
    confirmer: Signature
    document_title: str  # the PDF's /Title
    photo: bytes | None = None
    photo_label: str = "Ảnh màu\n(3 × 4 cm)"
    footer: str = ""
    items: tuple[str, ...] = field(default=())  # each numbered item's label, in order (for checks)


def date_spoken(value: date | str | None) -> str:
    """A date as the forms write it: "ngày 14 tháng 5 năm 1992"; "" when unknown."""
    if not value:
        return ""
    day = date.fromisoformat(value) if isinstance(value, str) else value
    return f"ngày {day.day} tháng {day.month} năm {day.year}"


def birth_spoken(*, birth_date: str | None, birth_month: int | None, birth_year: int | None) -> str:
    """A birth date with what is known of it: the day, else month and year, else the year."""
    if birth_date:
        return date_spoken(birth_date)
    if birth_year and birth_month:
        return f"tháng {birth_month} năm {birth_year}"
    return f"năm {birth_year}" if birth_year else ""


def month_year(value: str | None) -> str:
    """"05/2015" of an ISO date, for the tables' "from month, year – to month, year"."""
    if not value:
        return ""
    day = date.fromisoformat(value)
    return f"{day.month:02d}/{day.year}"


def period(start: str | None, end: str | None) -> str:
    """"05/2015 – 09/2018", or "05/2015 – nay" while it lasts."""
    return f"{month_year(start)} – {month_year(end) or 'nay'}" if start else ""
