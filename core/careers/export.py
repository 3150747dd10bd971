"""The career lists as rows, as XLSX files (openpyxl, as the compliance table) and as PDF tables."""

from pathlib import Path

from django.conf import settings

from core.base.errors import ApplicationError
from core.careers.selectors import (
    Barred,
    EarlyRaiseList,
    PersonCareer,
    RoundProgress,
    TermEnding,
    raise_date,
)
from core.reports.documents import DEFAULT_FONT_DIR, PDF_UNAVAILABLE  # the reports' font setting

PDF_CONTENT_TYPE = "application/pdf"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _d(value: object) -> str:
    return value.strftime("%d/%m/%Y") if hasattr(value, "strftime") else ""


def raise_rows(careers: list[PersonCareer]) -> list[list[object]]:
    rows: list[list[object]] = [["Họ và tên", "Số định danh", "Cơ quan, đơn vị", "Bảng lương", "Bậc hiện hưởng",
                                 "Hưởng từ", "Ngày nâng", "Nội dung", "Kéo dài (tháng)", "Ngày không tính"]]
    for c in careers:
        end = c.next_raise
        what = (f"Vượt khung {c.over_frame.next_percent} %" if c.over_frame is not None
                else f"Lên bậc {(c.step or 0) + 1}")
        rows.append([c.person.full_name, c.person.national_id, c.person.org_unit.name, c.scale_code, c.step,
                     _d(c.step_since), _d(raise_date(c)), what,
                     end.delay_months if end else sum(d.months for d in c.over_frame.next_delays) if c.over_frame else 0,
                     end.paused_days if end else 0])
    return rows


def retirement_rows(careers: list[PersonCareer]) -> list[list[object]]:
    rows: list[list[object]] = [["Tháng", "Họ và tên", "Số định danh", "Cơ quan, đơn vị", "Ngày sinh",
                                 "Tuổi nghỉ hưu", "Nghỉ hưu từ", "Thông báo trước", "Quyết định trước"]]
    for c in careers:
        r = c.retirement
        age = f"{r.age_years} tuổi" + (f" {r.age_rest_months} tháng" if r.age_rest_months else "")
        rows.append([f"{r.retire_on:%m/%Y}", c.person.full_name, c.person.national_id, c.person.org_unit.name,
                     _d(r.birth), age, _d(r.pension_from), _d(r.notice_by), _d(r.decision_by)])
    return rows


def term_rows(terms: list[TermEnding]) -> list[list[object]]:
    rows: list[list[object]] = [["Họ và tên", "Số định danh", "Chức vụ", "Bổ nhiệm từ", "Hết nhiệm kỳ",
                                 "Bắt đầu quy trình trước", "Quyết định trước", "Đề xuất", "Nhiệm kỳ liên tiếp"]]
    for t in terms:
        person = t.appointment.person
        action = "Kéo dài đến nghỉ hưu" if t.extend_to_retirement else "Bổ nhiệm lại"
        if t.limit_reached and not t.extend_to_retirement:
            action = "Đã đủ số nhiệm kỳ liên tiếp"
        rows.append([person.full_name, person.national_id, t.appointment.position, _d(t.appointment.start),
                     _d(t.term_end), _d(t.work_starts_by), _d(t.decision_by), action, t.consecutive_terms])
    return rows


def early_raise_rows(found: EarlyRaiseList) -> list[list[object]]:
    rows: list[list[object]] = [["Họ và tên", "Số định danh", "Cơ quan, đơn vị", "Bậc hiện hưởng", "Hưởng từ",
                                 "Nâng thường xuyên", "Nâng trước (tháng)", "Hưởng bậc mới từ", "Căn cứ",
                                 "Ngoài tỷ lệ"]]
    for c in found.cases:
        basis = (f"{c.reward.form} ({c.reward.level}, {c.reward.year})" if c.reward is not None
                 else f"Nghỉ hưu từ {c.career.retirement.pension_from:%d/%m/%Y}")
        rows.append([c.career.person.full_name, c.career.person.national_id, c.career.person.org_unit.name,
                     c.career.step, _d(c.career.step_since), _d(c.due), c.months_early, _d(c.raise_on), basis,
                     "Có" if c.retirement_case else ""])
    return rows


def barred_rows(found: list[Barred]) -> list[list[object]]:
    rows: list[list[object]] = [["Họ và tên", "Số định danh", "Cơ quan, đơn vị", "Hình thức kỷ luật", "Năm",
                                 "Quyết định", "Không nâng ngạch, quy hoạch, đào tạo, bổ nhiệm đến hết ngày",
                                 "Kéo dài nâng lương (tháng)", "Năm không hoàn thành nhiệm vụ"]]
    for b in found:
        rows.append([b.person.full_name, b.person.national_id, b.person.org_unit.name, b.discipline.form,
                     b.discipline.year, b.discipline.decision, _d(b.effect.bar_until), b.effect.salary_delay_months,
                     b.effect.not_completed_year])
    return rows


GRADE_COLUMNS = (("excellent", "Hoàn thành xuất sắc"), ("good", "Hoàn thành tốt"), ("completed", "Hoàn thành"),
                 ("not_completed", "Không hoàn thành"))


def evaluation_rows(progress: list[RoundProgress]) -> list[list[object]]:
    rows: list[list[object]] = [["Cơ quan, đơn vị", "Mã định danh", "Năm", "Số người", "Đã đánh giá",
                                 *(label for _, label in GRADE_COLUMNS), "Trạng thái"]]
    for p in progress:
        unit = p.round.org_unit
        rows.append([unit.name, unit.electronic_code, p.round.year, p.people, p.entered,
                     *(p.by_grade.get(grade, 0) for grade, _ in GRADE_COLUMNS), p.round.get_state_display()])
    return rows


def rows_pdf(rows: list[list[object]], title: str) -> bytes:
    """The same rows as a landscape A4 table (fpdf2, DejaVu for Vietnamese, as the reports'
    PDFs); refused in Vietnamese when the server has no such font."""
    from fpdf import FPDF

    folder = Path(getattr(settings, "HOSO_PDF_FONT_DIR", DEFAULT_FONT_DIR))
    regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
    if not (regular.is_file() and bold.is_file()):
        raise ApplicationError(PDF_UNAVAILABLE, code="pdf_unavailable")
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_auto_page_break(auto=True, margin=12)
    pdf.add_font("DejaVu", "", str(regular))
    pdf.add_font("DejaVu", "B", str(bold))
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 12)
    pdf.multi_cell(0, 7, title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font("DejaVu", "", 7)
    with pdf.table(first_row_as_headings=True) as grid:
        for cells in rows:
            grid.row(tuple("" if cell is None else str(cell) for cell in cells))
    return bytes(pdf.output())
