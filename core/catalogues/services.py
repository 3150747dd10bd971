"""Loading the national catalogues into `public` from the data files in `data/`.

Everything is read and checked before the first write, and written in one transaction: a
malformed file loads nothing. Loading is idempotent (rows are matched by `code`, created or
updated, never deleted), and a second process loading at the same time waits on an advisory
lock instead of racing the first (operators' edits take the same lock).

History and operators' edits. Each entry the loader creates or updates gets a
`CatalogueEntryVersion` with source "file", the changed values before and after, and as its
basis "Nạp từ tệp <file>" followed by the file's `# Nguồn: …` note. Operators also maintain
the catalogues in the console (core.catalogues.editing), and a reload must not undo that
silently, so the rule is per field: a field an operator has added or edited (any "operator"
version naming it) belongs to the operators from then on and the loader never writes it again,
even when the file says otherwise. The entry's other fields still follow the file. Each such
disagreement is reported (`LoadCount.kept`, printed by `catalogues_load` and put in the audit
row) for someone to decide: correct the file, or edit the entry in the console again. Retiring
(`retired_on`) is the operators' alone; no file column touches it, and an operator's entry that
is not in any file stays as it is.
"""

import hashlib
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django_tenants.utils import get_public_schema_name, schema_context

from core.base.accounts.models import Account
from core.base.audit.services import audit_record
from core.catalogues.datafiles import DATA_DIR, DataFileError, read_rows, source_note
from core.catalogues.kinds import CATALOGUE_OF_MODEL, CATALOGUES_BY_KEY
from core.catalogues.models import (
    AdministrativeUnit,
    CatalogueEntry,
    CatalogueEntryVersion,
    CatalogueLoad,
    EducationLevel,
    EthnicGroup,
    PoliticalTheoryLevel,
    ProfessionalTitle,
    Rank,
    Religion,
    SalaryScale,
    StateManagementLevel,
)
from core.catalogues.selectors import catalogue_cache_clear, catalogue_operator_fields

# Bump when the mapping from files to rows changes, so catalogues_ensure_loaded loads again.
LOADER_VERSION = "1"
# pg_advisory_xact_lock key shared by every process that loads the catalogues.
ADVISORY_LOCK_KEY = 4_686_011_017
LEGACY_UNTIL = date(2025, 6, 30)
CURRENT_FROM = date(2025, 7, 1)  # Nghị quyết 202/2025/QH15: 34 provinces, two tiers

Parser = Callable[[str], object]


def _text(raw: str) -> str:
    if not raw:
        raise ValueError("không được để trống")
    return raw


def _optional_text(raw: str) -> str:
    return raw


def _date(raw: str) -> date | None:
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise ValueError(f"“{raw}” không phải ngày dạng YYYY-MM-DD") from None


def _decimal(raw: str) -> Decimal:
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise ValueError(f"“{raw}” không phải số thập phân (dùng dấu chấm, ví dụ 2.34)") from None
    if not value.is_finite() or value <= 0:
        raise ValueError(f"“{raw}” phải là số dương")
    return value


def _positive_int(raw: str) -> int:
    if not raw.isascii() or not raw.isdigit() or int(raw) == 0:
        raise ValueError(f"“{raw}” phải là số nguyên dương")
    return int(raw)


COMMON_REQUIRED: Mapping[str, Parser] = {"code": _text, "name": _text}
COMMON_OPTIONAL: Mapping[str, Parser] = {"valid_from": _date, "valid_to": _date, "note": _optional_text}


@dataclass(frozen=True)
class CatalogueFile:
    label: str
    filename: str
    model: type[CatalogueEntry]
    code_pattern: str
    required: Mapping[str, Parser] = field(default_factory=dict)
    optional: Mapping[str, Parser] = field(default_factory=dict)
    defaults: Mapping[str, object] = field(default_factory=dict)


_LEVEL_ORDER = {"level_order": _positive_int}
_PROVINCE = {"division_type": _text}


def _pattern(key: str) -> str:
    return CATALOGUES_BY_KEY[key].code_pattern


CATALOGUE_FILES: tuple[CatalogueFile, ...] = (
    CatalogueFile(
        "Bảng lương", "salary_scales.csv", SalaryScale, _pattern("salary_scale"),
        required={"first_coefficient": _decimal, "step_increment": _decimal, "steps": _positive_int,
                  "step_interval_months": _positive_int},
    ),
    CatalogueFile("Dân tộc", "ethnic_groups.csv", EthnicGroup, _pattern("ethnic_group")),
    CatalogueFile("Tôn giáo", "religions.csv", Religion, _pattern("religion")),
    CatalogueFile(
        "Ngạch công chức", "ranks.csv", Rank, _pattern("rank"), optional={"salary_group": _optional_text},
    ),
    CatalogueFile(
        "Chức danh nghề nghiệp", "professional_titles.csv", ProfessionalTitle, _pattern("professional_title"),
        required={"grade": _text}, optional={"salary_group": _optional_text},
    ),
    CatalogueFile(
        "Trình độ đào tạo", "education_levels.csv", EducationLevel, _pattern("education_level"), required=_LEVEL_ORDER,
    ),
    CatalogueFile(
        "Trình độ lý luận chính trị", "political_theory_levels.csv", PoliticalTheoryLevel,
        _pattern("political_theory_level"),
        required=_LEVEL_ORDER,
    ),
    CatalogueFile(
        "Trình độ quản lý nhà nước", "state_management_levels.csv", StateManagementLevel,
        _pattern("state_management_level"),
        required=_LEVEL_ORDER,
    ),
    CatalogueFile(
        "Tỉnh, thành phố trước 1/7/2025", "legacy_provinces.csv", AdministrativeUnit, r"0[0-9]{2}",
        required=_PROVINCE, defaults={"level": "province", "legacy": True, "valid_to": LEGACY_UNTIL, "parent_id": None},
    ),
    CatalogueFile(
        "Tỉnh, thành phố từ 1/7/2025", "provinces_2025.csv", AdministrativeUnit, r"[0-9]{2}",
        required=_PROVINCE, defaults={"level": "province", "legacy": False, "valid_from": CURRENT_FROM, "parent_id": None},
    ),
)
PROVINCES_2025_FILE = "provinces_2025.csv"
COMMUNES_LABEL = "Xã, phường, đặc khu từ 1/7/2025"


@dataclass(frozen=True)
class Record:
    source: str
    line: int | None
    values: dict[str, Any]


@dataclass(frozen=True)
class LoadCount:
    label: str
    created: int
    updated: int
    unchanged: int
    # "code (field, …)" of each entry where the file disagrees with an operator's value, kept.
    kept: tuple[str, ...] = ()

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


@dataclass
class LoadPlan:
    fingerprint: str
    batches: list[tuple[str, type[CatalogueEntry], list[Record]]]
    communes: list[Record]
    # Per batch label, the basis its version rows cite.
    bases: dict[str, str] = field(default_factory=dict)


def catalogues_load(*, acting_user: Account | None = None, data_dir: Path = DATA_DIR) -> list[LoadCount]:
    """Load every catalogue into `public`; returns the counts per catalogue.

    Raises DataFileError (naming the file and line) before writing anything when a file is
    malformed.
    """
    plan = _plan(data_dir)
    counts = _apply(plan, acting_user=acting_user, skip_if_current=False)
    return counts or []


_ensured = False


def catalogues_ensure_loaded() -> None:
    """Load the catalogues unless this version of the data is already loaded.

    Called by the platform set-up; a no-op without a query once it has run in this process,
    and one query when another process has already loaded the same data.
    """
    global _ensured
    if _ensured:
        return
    fingerprint = data_fingerprint(DATA_DIR)
    with schema_context(get_public_schema_name()):
        if not CatalogueLoad.objects.filter(fingerprint=fingerprint).exists():
            _apply(_plan(DATA_DIR), acting_user=None, skip_if_current=True)
    _ensured = True


def data_fingerprint(data_dir: Path) -> str:
    digest = hashlib.sha256(f"loader {LOADER_VERSION}\n".encode())
    for path in sorted(data_dir.glob("*.csv")):
        digest.update(path.name.encode() + b"\n" + path.read_bytes())
    digest.update(f"\nvietnam-provinces {_package_version()}".encode())
    return digest.hexdigest()


def _plan(data_dir: Path) -> LoadPlan:
    """Read and check everything; nothing here writes."""
    package = _package_divisions()
    batches: list[tuple[str, type[CatalogueEntry], list[Record]]] = []
    bases: dict[str, str] = {}
    for spec in CATALOGUE_FILES:
        path = data_dir / spec.filename
        records = _records(spec, path)
        bases[spec.label] = f"Nạp từ tệp {spec.filename}. {source_note(path)}"
        if package is not None and spec.filename == PROVINCES_2025_FILE:
            records = package[0]
            bases[spec.label] = bases[COMMUNES_LABEL] = (
                f"Nạp từ gói vietnam-provinces {_package_version()}. {source_note(path)}")
        batches.append((spec.label, spec.model, records))
    _check_salary_groups(batches)
    _check_codes_across_files(batches)
    return LoadPlan(
        fingerprint=data_fingerprint(data_dir), batches=batches, communes=package[1] if package else [],
        bases=bases,
    )


def _records(spec: CatalogueFile, path: Path) -> list[Record]:
    parsers = {**COMMON_REQUIRED, **spec.required, **COMMON_OPTIONAL, **spec.optional}
    rows = read_rows(path, required=[*COMMON_REQUIRED, *spec.required], optional=[*COMMON_OPTIONAL, *spec.optional])
    blank = {column: parser("") for column, parser in {**COMMON_OPTIONAL, **spec.optional}.items()}
    records: list[Record] = []
    seen: dict[str, int] = {}
    for row in rows:
        values: dict[str, Any] = {**blank, **spec.defaults}
        for column, raw in row.values.items():
            try:
                values[column] = parsers[column](raw)
            except ValueError as error:
                raise DataFileError(path, row.line, f"cột {column}: {error}.") from None
        code = values["code"]
        if not re.fullmatch(spec.code_pattern, code):
            raise DataFileError(path, row.line, f"mã “{code}” không đúng dạng của danh mục {spec.label.lower()}.")
        if code in seen:
            raise DataFileError(path, row.line, f"mã “{code}” đã có ở dòng {seen[code]}.")
        seen[code] = row.line
        record = Record(source=str(path), line=row.line, values=values)
        _check_record(spec.model, record)
        records.append(record)
    return records


def _check_record(model: type[CatalogueEntry], record: Record) -> None:
    values = record.values
    if values.get("valid_from") and values.get("valid_to") and values["valid_from"] > values["valid_to"]:
        raise DataFileError(record.source, record.line, "ngày áp dụng từ sau ngày áp dụng đến.")
    try:
        model(**values).full_clean(exclude=["parent"], validate_unique=False)
    except ValidationError as error:
        problems = "; ".join(f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items())
        raise DataFileError(record.source, record.line, problems) from None


def _check_salary_groups(batches: list[tuple[str, type[CatalogueEntry], list[Record]]]) -> None:
    groups = {record.values["code"] for _, model, records in batches if model is SalaryScale for record in records}
    for _, model, records in batches:
        if model not in (Rank, ProfessionalTitle):
            continue
        for record in records:
            group = record.values.get("salary_group")
            if group and group not in groups:
                raise DataFileError(
                    record.source, record.line, f"loại bảng lương “{group}” không có trong salary_scales.csv."
                )


def _check_codes_across_files(batches: list[tuple[str, type[CatalogueEntry], list[Record]]]) -> None:
    """Two files of one model (the legacy and the current provinces) must not share a code."""
    owners: dict[tuple[type[CatalogueEntry], str], Record] = {}
    for _, model, records in batches:
        for record in records:
            other = owners.setdefault((model, record.values["code"]), record)
            if other is not record:
                raise DataFileError(
                    record.source, record.line,
                    f"mã “{record.values['code']}” trùng với {other.source}, dòng {other.line}.",
                )


def _package_version() -> str:
    try:
        import vietnam_provinces
    except ImportError:
        return "none"
    return f"{vietnam_provinces.__version__} ({vietnam_provinces.__data_version__})"


def _package_divisions() -> tuple[list[Record], list[Record]] | None:
    """The 34 provinces and their communes from the `vietnam-provinces` package (GSO data,
    bundled, no network), or None when the package is not installed."""
    try:
        from vietnam_provinces import NESTED_DIVISIONS_JSON_PATH
    except ImportError:
        return None
    source = f"vietnam-provinces {_package_version()}: {NESTED_DIVISIONS_JSON_PATH}"
    try:
        data = json.loads(NESTED_DIVISIONS_JSON_PATH.read_text(encoding="utf-8"))
        provinces: list[Record] = []
        communes: list[Record] = []
        for province in data:
            code = f"{int(province['code']):02d}"
            provinces.append(Record(f"{source}, mã {code}", None, {
                "code": code, "name": province["name"], "division_type": province["division_type"],
                "level": "province", "legacy": False, "valid_from": CURRENT_FROM, "valid_to": None, "note": "",
                "parent_id": None,
            }))
            communes.extend(Record(f"{source}, mã {int(ward['code']):05d}", None, {
                "code": f"{int(ward['code']):05d}", "name": ward["name"], "division_type": ward["division_type"],
                "level": "commune", "legacy": False, "valid_from": CURRENT_FROM, "valid_to": None, "note": "",
                "parent_code": code,
            }) for ward in province["wards"])
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise DataFileError(source, None, f"không đọc được dữ liệu của gói: {error!r}.") from None
    for record in [*provinces, *communes]:
        _check_record(AdministrativeUnit, Record(record.source, record.line, _without_parent(record.values)))
    return provinces, communes


def _without_parent(values: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in values.items() if key != "parent_code"}


def _apply(plan: LoadPlan, *, acting_user: Account | None, skip_if_current: bool) -> list[LoadCount] | None:
    with schema_context(get_public_schema_name()), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK_KEY])
        if skip_if_current and CatalogueLoad.objects.filter(fingerprint=plan.fingerprint).exists():
            return None
        writer = _VersionWriter(acting_user=acting_user)
        counts = [_upsert(label, model, records, plan.bases.get(label, ""), writer)
                  for label, model, records in plan.batches]
        if plan.communes:
            parents = dict(AdministrativeUnit.objects.filter(level="province", legacy=False).values_list("code", "id"))
            communes = [_with_parent(record, parents) for record in plan.communes]
            counts.append(_upsert(COMMUNES_LABEL, AdministrativeUnit, communes, plan.bases.get(COMMUNES_LABEL, ""),
                                  writer))
        CatalogueEntryVersion.objects.bulk_create(writer.versions, batch_size=1000)
        CatalogueLoad.objects.update_or_create(
            fingerprint=plan.fingerprint, defaults={"counts": {c.label: c.total for c in counts}}
        )
        if any(c.created or c.updated or c.kept for c in counts):
            audit_record(
                acting_user=acting_user, action="catalogues.load", target="danh mục dùng chung",
                detail={c.label: {"created": c.created, "updated": c.updated, **({"kept": list(c.kept)} if c.kept else {})}
                        for c in counts},
            )
        transaction.on_commit(catalogue_cache_clear)
    catalogue_cache_clear()
    return counts


def _with_parent(record: Record, parents: Mapping[str, int]) -> Record:
    code = record.values["parent_code"]
    if code not in parents:
        raise DataFileError(record.source, record.line, f"không có tỉnh mã “{code}” cho xã {record.values['code']}.")
    return Record(record.source, record.line, {**_without_parent(record.values), "parent_id": parents[code]})


class _VersionWriter:
    """Collects the loader's version rows, written in bulk at the end of the load."""

    def __init__(self, *, acting_user: Account | None):
        self.recorded_by = acting_user.username if acting_user is not None else ""
        self.versions: list[CatalogueEntryVersion] = []
        self._owned: dict[type[CatalogueEntry], dict[str, set[str]]] = {}

    def operator_fields(self, model: type[CatalogueEntry]) -> dict[str, set[str]]:
        if model not in self._owned:
            self._owned[model] = catalogue_operator_fields(kind=CATALOGUE_OF_MODEL[model])
        return self._owned[model]

    def add(self, model: type[CatalogueEntry], code: str, action: str, before: dict[str, Any],
            after: dict[str, Any], basis: str) -> None:
        self.versions.append(CatalogueEntryVersion(
            kind=CATALOGUE_OF_MODEL[model].key, code=code, action=action, source=CatalogueEntryVersion.Source.FILE,
            before=before, after=after, legal_basis=basis, recorded_by=self.recorded_by,
        ))


def _json_values(values: Mapping[str, Any]) -> dict[str, Any]:
    """A version's JSON form; the parent is a row id, meaningless in a history."""
    return {name: value.isoformat() if isinstance(value, date) else str(value) if isinstance(value, Decimal) else value
            for name, value in values.items() if name != "parent_id"}


def _upsert(label: str, model: type[CatalogueEntry], records: list[Record], basis: str,
            writer: _VersionWriter) -> LoadCount:
    """update_or_create by code, in bulk: one query to read, one to create, few to update;
    fields operators own are left as they are (see the module's docstring)."""
    existing = {obj.code: obj for obj in model._default_manager.filter(code__in=[r.values["code"] for r in records])}
    owned = writer.operator_fields(model)
    created, updated, unchanged, kept = [], [], 0, []
    changed_fields: set[str] = set()
    for record in records:
        code = record.values["code"]
        obj = existing.get(code)
        if obj is None:
            created.append(model(**record.values))
            writer.add(model, code, CatalogueEntryVersion.Action.ADD, {}, _json_values(record.values), basis)
            continue
        differing = {name: value for name, value in record.values.items() if getattr(obj, name) != value}
        held = sorted(name for name in differing if name in owned.get(code, ()))
        if held:
            kept.append(f"{code} ({', '.join(held)})")
        changes = {name: value for name, value in differing.items() if name not in held}
        if not changes:
            unchanged += 1
            continue
        before = _json_values({name: getattr(obj, name) for name in changes})
        for name, value in changes.items():
            setattr(obj, name, value)
        changed_fields.update(changes)
        updated.append(obj)
        if before:
            writer.add(model, code, CatalogueEntryVersion.Action.EDIT, before, _json_values(changes), basis)
    model._default_manager.bulk_create(created, batch_size=1000)
    if updated:
        fields = sorted(model._meta.get_field(name).name for name in changed_fields)
        model._default_manager.bulk_update(updated, fields, batch_size=1000)
    return LoadCount(label=label, created=len(created), updated=len(updated), unchanged=unchanged, kept=tuple(kept))
