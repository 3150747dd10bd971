"""How complete a dossier is: the items of its résumé form that every person must fill in
(Lào Cai Art. 14.4, Bình Thuận Art. 14.2a, Sơn La Art. 12.2 ask the unit to see that every field
is filled in; the forms are those of `core.resumes.form_items`: Mẫu 2C-BNV/2008 for cán bộ and
công chức, HS02-VC/BNV for viên chức; người lao động declare on the labour-contract form of
Thông tư 05/2023/TT-BNV, Phụ lục II).

Only the items every person has are required: the Party, the armed forces, honours, titles or
a second language are filled in when they apply, so their absence says nothing. Each item is
numbered and worded as its form numbers it, so "what is missing" reads like the form.

Pure over a dossier snapshot (`core.dossier_values.dossier_snapshot`): the same measure for a
dossier as it stands and for one with a submitted change set laid over it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from core.models import PersonCategory
from core.resumes.form_items import FORM_2C, FORM_HS02

FORM_LABOUR = "HĐLĐ-TT05/2023"
FORM_LABELS = {
    FORM_2C: "Mẫu 2C-BNV/2008",
    FORM_HS02: "Mẫu HS02-VC/BNV",
    FORM_LABOUR: "Mẫu hợp đồng lao động (Phụ lục II Thông tư 05/2023/TT-BNV)",
}

Snapshot = dict[str, Any]


@dataclass(frozen=True)
class Check:
    """Whether a snapshot fills an item, and which of its values that looks at: the monthly
    measure of a whole province loads those columns only (core.resumes.incomplete)."""

    test: Callable[[Snapshot], bool]
    reads: frozenset[tuple[str, str]]

    def __call__(self, snapshot: Snapshot) -> bool:
        return self.test(snapshot)


def value_filled(value: object) -> bool:
    """Whether a value counts as entered: the only thing any required item asks of a value."""
    return value not in (None, "", [], {})


def _identity(*names: str) -> Check:
    return Check(lambda s: all(value_filled((s.get("identity") or {}).get(n)) for n in names),
                 frozenset(("identity", n) for n in names))


def _dossier(*names: str) -> Check:
    return Check(lambda s: all(value_filled((s.get("dossier") or {}).get(n)) for n in names),
                 frozenset(("dossier", n) for n in names))


def _any_of(*checks: Check) -> Check:
    return Check(lambda s: any(check(s) for check in checks), frozenset().union(*(c.reads for c in checks)))


def _rows(group: str) -> Check:
    return Check(lambda s: bool(((s.get("rows") or {}).get(group)) or []), frozenset({("rows", group)}))


_BORN = _any_of(_identity("birth_date"), _identity("birth_year"))


def _both(*checks: Check) -> Check:
    return Check(lambda s: all(check(s) for check in checks), frozenset().union(*(c.reads for c in checks)))


@dataclass(frozen=True)
class RequiredItem:
    """An item of the form, as the form numbers and words it, and how to tell it is filled."""

    number: str
    label: str
    check: Check

    def __str__(self) -> str:
        return f"{self.number} {self.label}"


_NAME = RequiredItem("1)", "Họ và tên khai sinh", _identity("full_name"))
_BIRTH = RequiredItem("3)", "Sinh ngày; giới tính", _both(_BORN, _identity("gender")))
_BIRTH_PLACE = RequiredItem("4)", "Nơi sinh", _any_of(_dossier("birth_place"), _dossier("birth_place_code")))
_HOME_TOWN = RequiredItem("5)", "Quê quán", _any_of(_dossier("home_town"), _dossier("home_town_code")))
_ETHNIC = RequiredItem("6)", "Dân tộc", _dossier("ethnic_group_code"))
_RELIGION = RequiredItem("7)", "Tôn giáo", _dossier("religion_code"))
_QUALIFICATION = _any_of(_dossier("highest_qualification"), _rows("degree"))
_RANK_AND_SALARY = _both(_any_of(_dossier("rank_code"), _dossier("professional_title_code")),
                         _dossier("salary_step", "salary_coefficient", "salary_effective_on"))

REQUIRED_ITEMS: dict[str, tuple[RequiredItem, ...]] = {
    FORM_2C: (
        _NAME, _BIRTH, _BIRTH_PLACE, _HOME_TOWN, _ETHNIC, _RELIGION,
        RequiredItem("8)", "Nơi đăng ký hộ khẩu thường trú", _dossier("permanent_address")),
        RequiredItem("9)", "Nơi ở hiện nay", _dossier("current_address")),
        RequiredItem("11)", "Ngày tuyển dụng; cơ quan tuyển dụng", _dossier("first_recruited_on", "recruiting_agency")),
        RequiredItem("13)", "Công việc chính được giao", _dossier("main_duties")),
        RequiredItem("14)", "Ngạch công chức; bậc lương, hệ số, ngày hưởng", _RANK_AND_SALARY),
        RequiredItem("15.1-", "Trình độ giáo dục phổ thông", _dossier("general_education")),
        RequiredItem("15.2-", "Trình độ chuyên môn cao nhất", _QUALIFICATION),
        RequiredItem("23)", "Tình trạng sức khỏe", _dossier("health_status")),
        RequiredItem("26)", "Số sổ BHXH", _dossier("social_insurance_number")),
        RequiredItem("28)", "Tóm tắt quá trình công tác", _rows("work_history")),
        RequiredItem("30)", "Quan hệ gia đình", _rows("family_member")),
        RequiredItem("31)", "Diễn biến quá trình lương", _rows("salary_history")),
    ),
    FORM_HS02: (
        _NAME, _BIRTH, _BIRTH_PLACE, _HOME_TOWN, _ETHNIC, _RELIGION,
        RequiredItem("9)", "Số sổ BHXH", _dossier("social_insurance_number")),
        RequiredItem("10)", "Nơi đăng ký hộ khẩu thường trú; nơi ở hiện nay",
                     _dossier("permanent_address", "current_address")),
        RequiredItem("13)", "Ngày được tuyển dụng lần đầu; cơ quan tuyển dụng",
                     _dossier("first_recruited_on", "recruiting_agency")),
        RequiredItem("19)", "Trình độ giáo dục phổ thông", _dossier("general_education")),
        RequiredItem("20)", "Trình độ chuyên môn cao nhất", _QUALIFICATION),
        RequiredItem("28)", "Công việc chính được giao", _dossier("main_duties")),
        RequiredItem("30)", "Chức danh nghề nghiệp; bậc lương, hệ số, ngày hưởng", _RANK_AND_SALARY),
        RequiredItem("31)", "Tình trạng sức khỏe", _dossier("health_status")),
        RequiredItem("33)", "Tóm tắt quá trình công tác", _rows("work_history")),
        RequiredItem("36)", "Quan hệ gia đình", _rows("family_member")),
        RequiredItem("37.1-", "Quá trình lương của bản thân", _rows("salary_history")),
    ),
    FORM_LABOUR: (
        RequiredItem("", "Họ và tên", _identity("full_name")),
        RequiredItem("", "Ngày sinh; giới tính", _both(_BORN, _identity("gender"))),
        RequiredItem("", "Quê quán", _any_of(_dossier("home_town"), _dossier("home_town_code"))),
        RequiredItem("", "Nơi cư trú", _dossier("permanent_address")),
        RequiredItem("", "Trình độ", _QUALIFICATION),
        RequiredItem("", "Hợp đồng lao động", _rows("labor_contract")),
    ),
}


def completeness_reads(part: str) -> list[str]:
    """The values of a snapshot's `part` ("identity", "dossier", "rows") that some form's
    required items look at, sorted: everything completeness_of needs of it."""
    return sorted({name for items in REQUIRED_ITEMS.values() for item in items
                   for read_part, name in item.check.reads if read_part == part})


def completeness_form(category: str) -> str:
    """The form whose items a dossier of `category` must fill in."""
    if category == PersonCategory.NGUOI_LAO_DONG:
        return FORM_LABOUR
    return FORM_HS02 if category == PersonCategory.VIEN_CHUC else FORM_2C


@dataclass(frozen=True)
class Completeness:
    form: str
    required: int
    missing: tuple[RequiredItem, ...]

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def filled(self) -> int:
        return self.required - len(self.missing)

    @property
    def percent(self) -> int:
        """Whole percent, rounded down: 99 % is not complete."""
        return self.filled * 100 // self.required if self.required else 100

    @property
    def missing_labels(self) -> list[str]:
        return [str(item) for item in self.missing]

    @property
    def form_label(self) -> str:
        return FORM_LABELS[self.form]


def completeness_of(snapshot: Snapshot) -> Completeness:
    """Which required items of its form a dossier snapshot lacks."""
    form = completeness_form(str((snapshot.get("identity") or {}).get("category") or ""))
    items = REQUIRED_ITEMS[form]
    return Completeness(form=form, required=len(items),
                        missing=tuple(item for item in items if not item.check(snapshot)))


@dataclass(frozen=True)
class PendingChange:
    """A change set's item as the completeness measure needs it (core.models.ChangeItem)."""

    group: str
    operation: str
    row_id: int | None
    values: dict[str, Any]


def snapshot_with_changes(snapshot: Snapshot, changes: Iterable[PendingChange]) -> Snapshot:
    """The snapshot as it will read once `changes` are applied: values set, rows added, changed
    or removed (the measure of a submitted change set, before its approval writes it)."""
    result: Snapshot = {
        "identity": dict(snapshot.get("identity") or {}),
        "dossier": dict(snapshot.get("dossier") or {}),
        "rows": {group: [dict(row) for row in rows] for group, rows in (snapshot.get("rows") or {}).items()},
    }
    for change in changes:
        if change.group in ("identity", "dossier"):
            result[change.group].update(change.values)
            continue
        rows = result["rows"].setdefault(change.group, [])
        if change.operation == "add":
            rows.append(dict(change.values))
        elif change.operation == "remove":
            rows[:] = [row for row in rows if row.get("id") != change.row_id]
        elif change.operation == "change":
            for row in rows:
                if row.get("id") == change.row_id:
                    row.update(change.values)
    return result
