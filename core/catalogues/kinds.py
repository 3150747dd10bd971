"""The national catalogues as data: each one's model, Vietnamese name, address in the console,
the shape of its codes and the fields an operator may edit.

The code shapes are the loader's too (`services.CATALOGUE_FILES`), so an entry added in the
console looks like one loaded from a file.
"""

from dataclasses import dataclass

from core.catalogues.models import (
    AdministrativeUnit,
    CatalogueEntry,
    EducationLevel,
    EthnicGroup,
    PoliticalTheoryLevel,
    ProfessionalTitle,
    Rank,
    Religion,
    SalaryScale,
    StateManagementLevel,
)

# Every entry has these; an operator edits them on any catalogue.
COMMON_FIELDS = ("name", "note", "valid_from", "valid_to")


@dataclass(frozen=True)
class CatalogueKind:
    key: str  # the name dossier models use in CATALOGUE_FIELDS ("ethnic_group")
    slug: str  # its address in the console (/van-hanh/danh-muc/dan-toc/)
    label: str
    model: type[CatalogueEntry]
    code_pattern: str
    code_example: str
    own_fields: tuple[str, ...] = ()  # editable beyond COMMON_FIELDS
    required: tuple[str, ...] = ("name",)
    # Administrative units come with their place in the tree (province, commune, before or
    # after 1/7/2025) from the GSO data; the console corrects them but does not create them.
    addable: bool = True

    @property
    def fields(self) -> tuple[str, ...]:
        return ("name", *self.own_fields, "note", "valid_from", "valid_to")

    def field_label(self, name: str) -> str:
        """The field's Vietnamese name, lower case as the model has it ("hệ số bậc 1")."""
        return str(getattr(self.model._meta.get_field(name), "verbose_name", name))


_LEVEL = r"[A-Z]{2,4}"

CATALOGUES: tuple[CatalogueKind, ...] = (
    CatalogueKind("ethnic_group", "dan-toc", "Dân tộc", EthnicGroup, r"[0-9]{2}", "55"),
    CatalogueKind("religion", "ton-giao", "Tôn giáo", Religion, r"[0-9]{2}", "17"),
    CatalogueKind("rank", "ngach", "Ngạch công chức", Rank, r"[0-9]{2}\.[0-9]{3}", "01.011",
                  own_fields=("salary_group",)),
    CatalogueKind("professional_title", "chuc-danh-nghe-nghiep", "Chức danh nghề nghiệp", ProfessionalTitle,
                  r"V\.[0-9]{2}\.[0-9]{2}\.[0-9]{2}", "V.07.05.16", own_fields=("grade", "salary_group"),
                  required=("name", "grade")),
    CatalogueKind("education_level", "trinh-do-dao-tao", "Trình độ đào tạo", EducationLevel, _LEVEL, "CKII",
                  own_fields=("level_order",), required=("name", "level_order")),
    CatalogueKind("political_theory_level", "trinh-do-ly-luan-chinh-tri", "Trình độ lý luận chính trị",
                  PoliticalTheoryLevel, _LEVEL, "CC", own_fields=("level_order",), required=("name", "level_order")),
    CatalogueKind("state_management_level", "trinh-do-quan-ly-nha-nuoc", "Trình độ quản lý nhà nước",
                  StateManagementLevel, _LEVEL, "CVCC", own_fields=("level_order",), required=("name", "level_order")),
    CatalogueKind("salary_scale", "bang-luong", "Bảng lương", SalaryScale, r"[ABC][0-9]?(\.[0-9])?|CG", "A2.3",
                  own_fields=("first_coefficient", "step_increment", "steps", "step_interval_months"),
                  required=("name", "first_coefficient", "step_increment", "steps", "step_interval_months")),
    CatalogueKind("administrative_unit", "don-vi-hanh-chinh", "Đơn vị hành chính", AdministrativeUnit,
                  r"0[0-9]{2}|[0-9]{2}|[0-9]{5}", "02269", own_fields=("division_type",),
                  required=("name", "division_type"), addable=False),
)
CATALOGUES_BY_KEY = {kind.key: kind for kind in CATALOGUES}
CATALOGUES_BY_SLUG = {kind.slug: kind for kind in CATALOGUES}
CATALOGUE_OF_MODEL = {kind.model: kind for kind in CATALOGUES}
