"""How the dossier's pages group its fields into sections (as the résumé forms print them),
and how a stored value reads. Presentation only: which fields a change may touch and how they
are checked stay in core.dossier_values."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import models
from django.http import Http404

from core.dossier_values import DOSSIER, IDENTITY, editable_fields, group_label, group_related_name
from core.models import Person, PersonCategory


@dataclass(frozen=True)
class ValuesPart:
    """Single values of `group` ("identity" or "dossier"), edited in one form."""

    group: str
    fields: tuple[str, ...]
    title: str = ""
    kind: str = "values"

    @property
    def key(self) -> str:
        return f"{self.group}-{self.fields[0]}"


@dataclass(frozen=True)
class RowsPart:
    """A repeating group; `columns` are shown in the table, every field in the row's form."""

    group: str
    columns: tuple[str, ...]
    kind: str = "rows"

    @property
    def key(self) -> str:
        return self.group

    @property
    def title(self) -> str:
        return group_label(self.group)


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    parts: tuple[ValuesPart | RowsPart, ...]
    categories: tuple[str, ...] = field(default=())  # empty: everyone

    def applies_to(self, person: Person) -> bool:
        return not self.categories or person.category in self.categories


SECTIONS = (
    Section("dinh-danh", "Thông tin định danh", (
        ValuesPart(IDENTITY, ("full_name", "gender", "birth_date", "birth_year", "birth_month"), "Họ tên, giới tính, ngày sinh"),
        ValuesPart(DOSSIER, ("other_names", "national_id_issued_on", "social_insurance_number", "health_insurance_number",
                             "ethnic_group_code", "religion_code", "phone", "email"), "Giấy tờ, dân tộc, tôn giáo, liên hệ"),
    )),
    Section("que-quan", "Nơi sinh, quê quán, nơi ở", (
        ValuesPart(DOSSIER, ("birth_place_code", "birth_place", "home_town_code", "home_town",
                             "permanent_address", "current_address")),
    )),
    Section("tuyen-dung", "Tuyển dụng, chức vụ", (
        ValuesPart(DOSSIER, ("occupation_before_recruitment", "first_recruited_on", "recruiting_agency",
                             "joined_current_agency_on", "current_position", "position_appointed_on",
                             "concurrent_positions", "party_position", "job_position", "main_duties")),
        RowsPart("appointment", ("position", "decision", "start", "term_end")),
    )),
    Section("trinh-do", "Trình độ, văn bằng", (
        ValuesPart(DOSSIER, ("general_education", "highest_qualification", "academic_title",
                             "political_theory_level_code", "state_management_level", "it_level", "ethnic_language")),
        RowsPart("degree", ("level_code", "field", "institution", "year")),
        RowsPart("language_skill", ("language", "level", "certificate")),
    )),
    Section("ngach-luong", "Ngạch, chức danh và lương", (
        ValuesPart(DOSSIER, ("rank_code", "professional_title_code", "rank_appointed_on", "salary_scale_code",
                             "salary_step", "salary_coefficient", "salary_effective_on", "over_frame_percent")),
        RowsPart("salary_history", ("effective_on", "rank_code", "step", "coefficient")),
    )),
    Section("phu-cap", "Phụ cấp", (RowsPart("allowance", ("kind", "name", "coefficient", "percent", "start", "end")),)),
    Section("cong-tac", "Quá trình công tác", (RowsPart("work_history", ("start", "end", "unit_name", "position")),)),
    Section("dao-tao", "Đào tạo, bồi dưỡng", (RowsPart("training", ("kind", "start", "end", "institution", "subject")),)),
    Section("chinh-tri", "Đảng, đoàn thể, quân ngũ", (
        ValuesPart(DOSSIER, ("party_admitted_on", "party_official_on", "military_enlisted_on",
                             "military_discharged_on", "military_rank", "honours", "policy_category")),
        RowsPart("organisation_membership", ("organisation", "joined_on", "left_on", "position")),
    )),
    Section("khen-thuong", "Khen thưởng", (RowsPart("reward", ("year", "form", "level", "decision")),)),
    Section("ky-luat", "Kỷ luật", (RowsPart("discipline", ("year", "form", "reason", "effect_until")),)),
    Section("danh-gia", "Đánh giá, xếp loại và quy hoạch", (
        RowsPart("evaluation", ("year", "grade", "emulation_title", "award")),
        RowsPart("planning", ("period", "planned_position")),
    )),
    Section("suc-khoe", "Sức khỏe", (
        ValuesPart(DOSSIER, ("health_status", "height_cm", "weight_kg", "blood_type")),
    )),
    Section("gia-dinh", "Quan hệ gia đình, hoàn cảnh kinh tế", (
        RowsPart("family_member", ("side", "relation", "full_name", "birth_year", "occupation")),
        ValuesPart(DOSSIER, ("economic_situation", "personal_history_notes")),
    )),
    Section("hop-dong", "Hợp đồng lao động", (
        RowsPart("labor_contract", ("number", "signed_on", "kind_of_work", "contract_type", "start", "end")),
    ), categories=(PersonCategory.NGUOI_LAO_DONG,)),
)
SECTIONS_BY_SLUG = {section.slug: section for section in SECTIONS}


def section_get(slug: str, person: Person) -> Section:
    section = SECTIONS_BY_SLUG.get(slug)
    if section is None or not section.applies_to(person):
        raise Http404
    return section


def sections_for(person: Person) -> list[Section]:
    return [s for s in SECTIONS if s.applies_to(person)]


def part_get(section: Section, key: str) -> ValuesPart | RowsPart:
    for part in section.parts:
        if part.key == key:
            return part
    raise Http404


# --- reading values ----------------------------------------------------------------------------


def _catalogue_kind(group: str, name: str) -> str | None:
    from core.dossier_values import group_model

    return getattr(group_model(group), "CATALOGUE_FIELDS", {}).get(name)


def _catalogue_label(kind: str, code: str) -> str:
    from core.catalogues.selectors import catalogue_coded_label

    return catalogue_coded_label(kind=kind, code=code)


def value_display(group: str, name: str, value: Any) -> str:
    """A stored (or JSON) value as a reader expects it: choice names, catalogue names,
    dates as dd/mm/yyyy, "—" for nothing."""
    if value is None or value == "":
        return "—"
    model_field = editable_fields(group).get(name)
    if model_field is not None and model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    kind = _catalogue_kind(group, name)
    if kind and isinstance(value, str):
        return _catalogue_label(kind, value)
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, str) and isinstance(model_field, models.DateField):
        try:
            return date.fromisoformat(value).strftime("%d/%m/%Y")
        except ValueError:
            return value
    if isinstance(value, Decimal):
        return str(value)
    return str(value)


def field_label(group: str, name: str) -> str:
    label = str(editable_fields(group)[name].verbose_name)
    return label[:1].upper() + label[1:]


@dataclass(frozen=True)
class ShownValue:
    name: str
    label: str
    value: str


@dataclass(frozen=True)
class ShownRow:
    row_id: int
    cells: list[str]


@dataclass(frozen=True)
class ShownPart:
    part: ValuesPart | RowsPart
    values: list[ShownValue] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)
    rows: list[ShownRow] = field(default_factory=list)


def part_instance(person: Person, group: str) -> models.Model:
    return person if group == IDENTITY else person.dossier


def part_rows(person: Person, group: str) -> list[models.Model]:
    return list(getattr(person, group_related_name(group)).all())


def part_show(person: Person, part: ValuesPart | RowsPart) -> ShownPart:
    """One part as read from the dossier (`person` with its dossier and rows loaded)."""
    if isinstance(part, ValuesPart):
        instance = part_instance(person, part.group)
        return ShownPart(part=part, values=[
            ShownValue(name, field_label(part.group, name),
                       value_display(part.group, name, getattr(instance, name)))
            for name in part.fields
        ])
    return ShownPart(
        part=part,
        headers=[field_label(part.group, name) for name in part.columns],
        rows=[ShownRow(row.pk, [value_display(part.group, name, getattr(row, name)) for name in part.columns])
              for row in part_rows(person, part.group)],
    )


def sections_show(person: Person) -> list[tuple[Section, list[ShownPart]]]:
    return [(section, [part_show(person, part) for part in section.parts]) for section in sections_for(person)]
