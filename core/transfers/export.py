"""The compliance table as a file: CSV always, XLSX when openpyxl is installed."""

from importlib.util import find_spec

from core.base.spreadsheet import rows_csv, rows_xlsx
from core.transfers.selectors import PROVINCE_ROW_LABEL, ComplianceTable

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_available() -> bool:
    return find_spec("openpyxl") is not None


def compliance_rows(table: ComplianceTable) -> list[list[object]]:
    header: list[object] = ["Cơ quan, đơn vị", "Đang mở", "Quá hạn"]
    for _, label in table.kinds:
        header += [f"{label}: đang mở", f"{label}: quá hạn"]
    header += [f"Phê duyệt dữ liệu tháng {table.approval_month_label}", "Hồ sơ chờ phê duyệt",
               "Báo cáo định kỳ quá hạn chưa gửi", "Hạn nộp báo cáo chưa gửi", "Hồ sơ chưa đầy đủ"]
    rows = [header]
    # The units, the most late first; then the DoHA's own duties for the whole province.
    for row, name in [(r, r.unit.name) for r in table.rows] + (
            [(table.province, PROVINCE_ROW_LABEL)] if table.province is not None else []):
        cells: list[object] = [name, row.open_total, row.late_total]
        for kind, _ in table.kinds:
            cells += [row.open.get(kind, 0), row.late.get(kind, 0)]
        cells += [row.approval, row.approval_waiting, row.reports_late_total, row.reports_late_label, row.incomplete]
        rows.append(cells)
    return rows


def compliance_csv(table: ComplianceTable) -> bytes:
    return rows_csv(compliance_rows(table))


def compliance_xlsx(table: ComplianceTable) -> bytes:
    return rows_xlsx(compliance_rows(table), title=f"Tuân thủ {table.today:%d-%m-%Y}")
