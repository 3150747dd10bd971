"""Operators maintain the national catalogues: add an entry, edit it, retire it, or take it back
into use. Each action is one transaction that writes the entry, one `CatalogueEntryVersion`
(before and after, the legal basis, the effective date, the operator's username) and one audit
row, or nothing at all when the input is refused.

Entries are never deleted. A retired entry keeps resolving by its code (old dossiers name it)
but is no longer offered for new input from its `retired_on` date (core.catalogues.selectors).

Every action takes the loader's advisory lock, so an operator's change and a `catalogues_load`
never interleave; the loader, for its part, leaves alone the fields operators have set
(core.catalogues.services).
"""

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import connection, transaction
from django_tenants.utils import get_public_schema_name, schema_context

from core.base.accounts.models import Account
from core.base.audit.services import audit_record
from core.base.errors import ApplicationError, NotFoundError
from core.catalogues.kinds import CatalogueKind
from core.catalogues.models import CatalogueEntry, CatalogueEntryVersion, SalaryScale
from core.catalogues.selectors import catalogue_cache_clear
from core.catalogues.services import ADVISORY_LOCK_KEY

REFUSED = "Chưa lưu: thông tin của mục hoặc căn cứ chưa hợp lệ."
COEFFICIENT_FIELDS = frozenset({"first_coefficient", "step_increment"})
INTEGER_FIELDS = frozenset({"steps", "step_interval_months", "level_order"})
DATE_FIELDS = frozenset({"valid_from", "valid_to"})
SMALLINT_MAX = 32767


def catalogue_entry_add(
    *, acting_user: Account, kind: CatalogueKind, values: Mapping[str, Any], legal_basis: str,
    effective_date: date | None,
) -> CatalogueEntry:
    """A new entry, offered for new input at once. `values` holds "code" and the catalogue's
    fields (kind.fields); text as typed, numbers as text or numbers."""
    if not kind.addable:
        raise ApplicationError(
            f"Danh mục {kind.label.lower()} chỉ được bổ sung bằng cách nạp dữ liệu của Tổng cục Thống kê "
            "(catalogues_load).", code="not_addable")
    with _locked():
        errors = _unknown_fields(values, allowed={"code", *kind.fields})
        code = _code(kind, values.get("code"), errors)
        cleaned = _clean(kind, values, errors, complete=True)
        errors.update(_basis_errors(legal_basis, effective_date))
        if errors:
            raise ApplicationError.for_fields(errors, REFUSED)
        entry = kind.model._default_manager.create(code=code, **cleaned)
        after = {"code": code, **{name: _json(value) for name, value in cleaned.items()}}
        _record(acting_user, kind, entry, CatalogueEntryVersion.Action.ADD, {}, after, legal_basis, effective_date)
    catalogue_cache_clear()
    return entry


def catalogue_entry_edit(
    *, acting_user: Account, kind: CatalogueKind, code: str, values: Mapping[str, Any], legal_basis: str,
    effective_date: date | None,
) -> CatalogueEntry:
    """Change some of the entry's fields (its code never changes); fields left out keep their
    values. Refused when nothing would change."""
    with _locked():
        entry = _entry_for_update(kind, code)
        errors = _unknown_fields(values, allowed=set(kind.fields))
        cleaned = _clean(kind, values, errors, complete=False, current=entry)
        errors.update(_basis_errors(legal_basis, effective_date))
        if errors:
            raise ApplicationError.for_fields(errors, REFUSED)
        changes = {name: value for name, value in cleaned.items() if getattr(entry, name) != value}
        if not changes:
            raise ApplicationError("Không có thay đổi nào so với mục hiện tại.", code="no_change")
        before = {name: _json(getattr(entry, name)) for name in changes}
        for name, value in changes.items():
            setattr(entry, name, value)
        entry.save(update_fields=sorted(changes))
        after = {name: _json(value) for name, value in changes.items()}
        _record(acting_user, kind, entry, CatalogueEntryVersion.Action.EDIT, before, after, legal_basis, effective_date)
    catalogue_cache_clear()
    return entry


def catalogue_entry_retire(
    *, acting_user: Account, kind: CatalogueKind, code: str, legal_basis: str, effective_date: date | None,
) -> CatalogueEntry:
    """Stop offering the entry for new input from `effective_date`; dossiers that name it keep it."""
    with _locked():
        entry = _entry_for_update(kind, code)
        if entry.retired_on is not None:
            raise ApplicationError(
                f"Mục “{entry.name}” đã ngừng sử dụng từ ngày {entry.retired_on:%d/%m/%Y}.", code="already_retired")
        errors = _basis_errors(legal_basis, effective_date)
        if errors or effective_date is None:
            raise ApplicationError.for_fields(errors, REFUSED)
        entry.retired_on = effective_date
        entry.save(update_fields=["retired_on"])
        _record(acting_user, kind, entry, CatalogueEntryVersion.Action.RETIRE, {"retired_on": None},
                {"retired_on": effective_date.isoformat()}, legal_basis, effective_date)
    catalogue_cache_clear()
    return entry


def catalogue_entry_restore(
    *, acting_user: Account, kind: CatalogueKind, code: str, legal_basis: str, effective_date: date | None,
) -> CatalogueEntry:
    """Offer a retired entry for new input again (a retirement made in error, or revoked)."""
    with _locked():
        entry = _entry_for_update(kind, code)
        if entry.retired_on is None:
            raise ApplicationError(f"Mục “{entry.name}” đang được sử dụng.", code="not_retired")
        errors = _basis_errors(legal_basis, effective_date)
        if errors:
            raise ApplicationError.for_fields(errors, REFUSED)
        before = {"retired_on": entry.retired_on.isoformat()}
        entry.retired_on = None
        entry.save(update_fields=["retired_on"])
        _record(acting_user, kind, entry, CatalogueEntryVersion.Action.RESTORE, before, {"retired_on": None},
                legal_basis, effective_date)
    catalogue_cache_clear()
    return entry


# --- one transaction, one version row, one audit row ---------------------------------------------


@contextmanager
def _locked() -> Iterator[None]:
    """`public`, one transaction, the loader's advisory lock; the cache is cleared on commit."""
    with schema_context(get_public_schema_name()), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK_KEY])
        transaction.on_commit(catalogue_cache_clear)
        yield


def _entry_for_update(kind: CatalogueKind, code: str) -> CatalogueEntry:
    entry = kind.model._default_manager.select_for_update().filter(code=code).first()
    if entry is None:
        raise NotFoundError(f"Không có mục mã “{code}” trong danh mục {kind.label.lower()}.")
    return entry


def _record(
    acting_user: Account, kind: CatalogueKind, entry: CatalogueEntry, action: str, before: dict[str, Any],
    after: dict[str, Any], legal_basis: str, effective_date: date | None,
) -> None:
    basis = legal_basis.strip()
    CatalogueEntryVersion.objects.create(
        kind=kind.key, code=entry.code, action=action, source=CatalogueEntryVersion.Source.OPERATOR,
        before=before, after=after, legal_basis=basis, effective_date=effective_date,
        recorded_by=acting_user.username,
    )
    audit_record(acting_user=acting_user, action=f"catalogues.entry_{action}", target=f"{kind.key}:{entry.code}",
                 detail={"before": before, "after": after, "legal_basis": basis,
                         "effective_date": effective_date.isoformat() if effective_date else None})


# --- checking the input ----------------------------------------------------------------------------


def _basis_errors(legal_basis: str, effective_date: date | None) -> dict[str, str]:
    errors = {}
    if not (legal_basis or "").strip():
        errors["legal_basis"] = "Cần ghi văn bản làm căn cứ (số, ký hiệu văn bản)."
    if effective_date is None:
        errors["effective_date"] = "Cần nhập ngày có hiệu lực."
    return errors


def _unknown_fields(values: Mapping[str, Any], *, allowed: set[str]) -> dict[str, str]:
    return {name: "Trường này không sửa được trong danh mục này." for name in values if name not in allowed}


def _code(kind: CatalogueKind, raw: object, errors: dict[str, str]) -> str:
    code = str(raw or "").strip()
    if not code:
        errors["code"] = "Cần ghi mã."
    elif not re.fullmatch(kind.code_pattern, code):
        errors["code"] = (f"Mã “{code}” không đúng dạng của danh mục {kind.label.lower()} "
                          f"(ví dụ: {kind.code_example}).")
    elif kind.model._default_manager.filter(code=code).exists():
        errors["code"] = f"Mã “{code}” đã có trong danh mục {kind.label.lower()}."
    return code


def _clean(
    kind: CatalogueKind, values: Mapping[str, Any], errors: dict[str, str], *, complete: bool,
    current: CatalogueEntry | None = None,
) -> dict[str, Any]:
    """The values in their Python types; each refusal goes into `errors` under its field."""
    names = kind.fields if complete else [name for name in kind.fields if name in values]
    cleaned: dict[str, Any] = {}
    for name in names:
        try:
            cleaned[name] = _parse(kind, name, values.get(name))
        except ValueError as error:
            errors[name] = str(error)
    start = cleaned.get("valid_from", getattr(current, "valid_from", None))
    end = cleaned.get("valid_to", getattr(current, "valid_to", None))
    if "valid_to" not in errors and "valid_from" not in errors and start and end and end < start:
        errors["valid_to"] = "Ngày áp dụng đến phải từ ngày áp dụng từ trở đi."
    return cleaned


def _parse(kind: CatalogueKind, name: str, raw: object) -> Any:
    field = kind.model._meta.get_field(name)
    label = kind.field_label(name)
    text = raw.strip() if isinstance(raw, str) else raw
    if text in (None, ""):
        if name in kind.required:
            raise ValueError(f"Cần ghi {label}.")
        return None if name in DATE_FIELDS else ""
    if name in COEFFICIENT_FIELDS:
        return _coefficient(text)
    if name in INTEGER_FIELDS:
        return _positive_int(text)
    if name in DATE_FIELDS:
        return _date(text)
    value = str(text)
    max_length = getattr(field, "max_length", None)
    if max_length and len(value) > max_length:
        raise ValueError(f"{label[:1].upper()}{label[1:]} dài tối đa {max_length} ký tự.")
    if name == "salary_group" and not SalaryScale.objects.filter(code=value).exists():
        raise ValueError(f"Loại bảng lương “{value}” không có trong danh mục bảng lương.")
    return value


def _coefficient(raw: object) -> Decimal:
    """A salary coefficient (Nghị định 204/2004/NĐ-CP writes them with two decimals, e.g. 2,34):
    a decimal comma is read as a point."""
    try:
        value = Decimal(str(raw).replace(",", "."))
    except InvalidOperation:
        value = Decimal(0)
    if not value.is_finite() or value <= 0:
        raise ValueError("Hệ số phải là số dương, ví dụ 2,34.")
    if value >= 100 or value != value.quantize(Decimal("0.01")):  # the bound first: quantize fails on 1E+30
        raise ValueError("Hệ số có tối đa hai chữ số thập phân và nhỏ hơn 100.")
    return value.quantize(Decimal("0.01"))


def _positive_int(raw: object) -> int:
    text = str(raw)
    if isinstance(raw, bool) or not text.isascii() or not text.isdigit() or int(text) == 0:
        raise ValueError("Phải là số nguyên dương.")
    if int(text) > SMALLINT_MAX:
        raise ValueError(f"Phải nhỏ hơn {SMALLINT_MAX + 1}.")
    return int(text)


def _date(raw: object) -> date:
    if isinstance(raw, date):
        return raw
    try:
        return date.fromisoformat(str(raw))
    except ValueError:
        raise ValueError("Ngày không hợp lệ (yyyy-mm-dd).") from None


def _json(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value
