"""The merger's plan and verification as rows for the console and lines for the command."""

from dataclasses import dataclass
from typing import Any

from tenants.models import ProvinceMerger


@dataclass(frozen=True)
class MergerTableRow:
    table: str
    label: str
    planned_rows: int
    source_rows: int | None  # A's rows when copied (A suspended): unchanged since the plan?
    landed_rows: int | None  # B's rows in the range reserved for A
    ok: bool | None  # counts and fingerprints equal; None: not copied yet

    @property
    def source_unchanged(self) -> bool | None:
        return None if self.source_rows is None else self.source_rows == self.planned_rows


def merger_table_rows(merger: ProvinceMerger) -> list[MergerTableRow]:
    checked: dict[str, Any] = merger.verification.get("tables", {})
    rows = []
    for table in merger.plan.get("tables", []):
        result = checked.get(table["table"])
        rows.append(MergerTableRow(
            table=table["table"], label=table["label"], planned_rows=table["rows"],
            source_rows=result["source"]["rows"] if result else None,
            landed_rows=result["landed_rows"] if result else None,
            ok=result["ok"] if result else None,
        ))
    return rows


def merger_summary_lines(merger: ProvinceMerger) -> list[str]:
    plan = merger.plan
    lines = [f"Sáp nhập {merger.source.name} vào {merger.target.name} (lần #{merger.pk}), hiệu lực "
             f"{merger.effective_on:%d/%m/%Y}: {merger.get_state_display()}.",
             f"Số người: {plan.get('people', 0)}; tệp đính kèm: {plan.get('files', 0)}."]
    for row in merger_table_rows(merger):
        if row.planned_rows or row.landed_rows:
            check = "" if row.ok is None else (" — khớp" if row.ok else " — KHÔNG KHỚP")
            landed = "" if row.landed_rows is None else f" → {row.landed_rows}"
            lines.append(f"  {row.table}: {row.planned_rows}{landed}{check}")
    for skipped in plan.get("skipped", []):
        if skipped["rows"]:
            lines.append(f"  (không chuyển) {skipped['table']}: {skipped['rows']} — {skipped['reason']}")
    for old, new in plan.get("renames", {}).items():
        lines.append(f"  Đổi tên đăng nhập: {old} → {new}")
    files = merger.files
    if files:
        lines.append(f"Tệp: {files.get('copied', 0)} đã chép, {files.get('already_present', 0)} đã có; "
                     f"lỗi: {len(files.get('problems', []))}.")
    lines += [f"LỖI: {error}" for error in plan.get("errors", [])]
    return lines
