"""Reading the catalogue data files in `data/`: UTF-8 CSV, `#` comment lines first (one of them
`# Nguồn: …` naming the legal source), then a header row, then one entry per line.

Pure file reading, no database: `core.validators` imports `LEGACY_PROVINCES` from here.
"""

import csv
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

DATA_DIR = Path(__file__).resolve().parent / "data"


class DataFileError(Exception):
    """A malformed data file; the message names the file and, when known, the line."""

    def __init__(self, path: Path | str, line: int | None, message: str):
        self.path = str(path)
        self.line = line
        self.message = message
        where = f"{self.path}, dòng {line}" if line else self.path
        super().__init__(f"Tệp dữ liệu {where}: {message}")


@dataclass(frozen=True)
class Row:
    line: int
    values: dict[str, str]


def read_rows(path: Path, *, required: Sequence[str], optional: Sequence[str] = ()) -> list[Row]:
    """The file's entries with their line numbers; refuses unknown or missing columns."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise DataFileError(path, None, "không tìm thấy tệp.") from None
    except UnicodeDecodeError:
        raise DataFileError(path, None, "tệp không phải văn bản UTF-8.") from None
    header: list[str] | None = None
    has_source = False
    rows: list[Row] = []
    for number, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        if text.startswith("#"):
            has_source = has_source or "Nguồn:" in text
            continue
        fields = [field.strip() for field in next(csv.reader([text]))]
        if header is None:
            if not has_source:
                raise DataFileError(path, number, "thiếu dòng chú thích “# Nguồn: …” nêu văn bản gốc trước dòng tiêu đề.")
            header = _check_header(path, number, fields, required=required, optional=optional)
            continue
        if len(fields) != len(header):
            raise DataFileError(path, number, f"có {len(fields)} cột, tiêu đề có {len(header)} cột.")
        rows.append(Row(line=number, values=dict(zip(header, fields, strict=True))))
    if header is None:
        raise DataFileError(path, None, "thiếu dòng tiêu đề.")
    return rows


def source_note(path: Path) -> str:
    """The file's `# Nguồn: …` comment lines, joined: the legal source its entries cite."""
    notes: list[str] = []
    for text in path.read_text(encoding="utf-8").splitlines():
        if not text.startswith("#"):
            if text.strip():
                break
            continue
        if notes or "Nguồn:" in text:
            notes.append(text.lstrip("#").strip())
    return " ".join(notes)


def _check_header(
    path: Path, line: int, fields: list[str], *, required: Sequence[str], optional: Sequence[str]
) -> list[str]:
    missing = [name for name in required if name not in fields]
    if missing:
        raise DataFileError(path, line, f"tiêu đề thiếu cột {', '.join(missing)}.")
    unknown = [name for name in fields if name not in required and name not in optional]
    if unknown:
        raise DataFileError(path, line, f"tiêu đề có cột không dùng được: {', '.join(unknown)}.")
    if len(set(fields)) != len(fields):
        raise DataFileError(path, line, "tiêu đề có cột lặp lại.")
    return fields


def _legacy_provinces() -> Mapping[str, str]:
    rows = read_rows(DATA_DIR / "legacy_provinces.csv", required=("code", "name", "division_type"))
    return MappingProxyType({row.values["code"]: row.values["name"] for row in rows})


# The 63 province codes of the ID number's first three digits, with names: Thông tư
# 59/2021/TT-BCA, Phụ lục I (data/legacy_provinces.csv). Numbers already issued keep these codes
# after the 2025 merger, so the list must not follow the 34 current provinces.
LEGACY_PROVINCES: Mapping[str, str] = _legacy_provinces()
