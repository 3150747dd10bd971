"""Loading the national catalogues: into `public` once, seen by every province, idempotent, and
all-or-nothing when a data file is broken."""

import io
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django_tenants.utils import schema_context, tenant_context

from core.base.audit.models import AuditEvent
from core.catalogues import services
from core.catalogues.datafiles import DATA_DIR
from core.catalogues.models import (
    AdministrativeUnit,
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
from core.catalogues.selectors import catalogue_cache_clear, catalogue_entry_exists
from tenants.models import Province

pytestmark = pytest.mark.django_db

MODELS = (EthnicGroup, Religion, Rank, ProfessionalTitle, EducationLevel, PoliticalTheoryLevel,
          StateManagementLevel, SalaryScale, AdministrativeUnit)
HAS_PACKAGE = services._package_divisions() is not None


def _load(*args: str) -> str:
    out = io.StringIO()
    call_command("catalogues_load", *args, stdout=out)
    return out.getvalue()


def _snapshot() -> dict[str, list[tuple[object, ...]]]:
    with schema_context("public"):
        return {
            model.__name__: list(model.objects.order_by("code").values_list(
                *[f.attname for f in model._meta.concrete_fields if f.name != "id"]
            ))
            for model in MODELS
        }


def _table_schemas(table: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT table_schema FROM information_schema.tables WHERE table_name = %s", [table])
        return sorted(row[0] for row in cursor.fetchall())


def test_the_command_loads_public_and_a_province_reads_it_through_its_search_path(lao_cai: Province) -> None:
    """One copy in `public`; Lào Cai's schema has no table of its own yet sees every entry."""
    out = _load()
    with schema_context("public"):
        assert EthnicGroup.objects.count() == 54
        assert EthnicGroup.objects.get(code="01").name == "Kinh"
        assert Religion.objects.get(code="00").name == "Không"
        assert Rank.objects.get(code="01.003").salary_group == "A1"
        assert ProfessionalTitle.objects.get(code="V.07.05.13").grade == "I"
        assert PoliticalTheoryLevel.objects.count() == 4
        assert AdministrativeUnit.objects.filter(level="province", legacy=True).count() == 63
        assert AdministrativeUnit.objects.filter(level="province", legacy=False).count() == 34
    assert "Dân tộc: 54 mục" in out
    assert _table_schemas("catalogues_ethnicgroup") == ["public"]
    with tenant_context(lao_cai):
        assert connection.schema_name == lao_cai.schema_name  # type: ignore[attr-defined]
        assert EthnicGroup.objects.count() == 54
        assert AdministrativeUnit.objects.get(code="010").name == "Lào Cai"
        assert AdministrativeUnit.objects.get(code="15").name == "Lào Cai"
        catalogue_cache_clear()
        assert catalogue_entry_exists(kind="ethnic_group", code="54")


@pytest.mark.skipif(not HAS_PACKAGE, reason="the vietnam-provinces package is not installed")
def test_communes_come_from_the_vietnam_provinces_package() -> None:
    _load()
    with schema_context("public"):
        communes = AdministrativeUnit.objects.filter(level="commune")
        assert communes.count() == 3321
        assert set(communes.values_list("parent__legacy", flat=True)) == {False}
        thuong_lam = communes.select_related("parent").get(code="02269")
        assert thuong_lam.parent is not None
        assert (thuong_lam.name, thuong_lam.parent.name) == ("Xã Thượng Lâm", "Tuyên Quang")


@pytest.mark.skipif(not HAS_PACKAGE, reason="the vietnam-provinces package is not installed")
def test_the_shipped_province_list_matches_the_package() -> None:
    """provinces_2025.csv is the fallback without the package: it must say the same thing."""
    shipped = services._records(services.CATALOGUE_FILES[-1], DATA_DIR / services.PROVINCES_2025_FILE)
    package, _ = services._package_divisions()  # type: ignore[misc]
    assert [r.values for r in shipped] == [r.values for r in package]


def test_loading_twice_changes_nothing() -> None:
    _load()
    before, audits = _snapshot(), AuditEvent.objects.count()
    out = _load()
    assert _snapshot() == before
    assert AuditEvent.objects.count() == audits
    assert "thêm 0, cập nhật 0" in out
    assert "thêm 1" not in out and "cập nhật 1" not in out


def test_a_changed_file_updates_only_its_rows(tmp_path: Path) -> None:
    _load()
    data = _copy_data(tmp_path)
    _replace(data / "ethnic_groups.csv", "08,Hmông", "08,Mông")
    out = _load("--data-dir", str(data))
    assert "Dân tộc: 54 mục (thêm 0, cập nhật 1, không đổi 53)" in out
    with schema_context("public"):
        assert EthnicGroup.objects.get(code="08").name == "Mông"
        assert AuditEvent.objects.filter(action="catalogues.load").exists()


def _copy_data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if line.startswith(text))


@pytest.mark.parametrize(
    ("filename", "old", "new", "message"),
    [
        ("religions.csv", "03,Tin lành,", "03,Tin lành", "có 2 cột, tiêu đề có 3 cột."),
        ("ranks.csv", "01.003,Chuyên viên,A1,", "01.003,Chuyên viên,Z9,", "loại bảng lương “Z9” không có trong salary_scales.csv."),
        ("ranks.csv", "01.004,Cán sự,", "01.003,Cán sự,", "mã “01.003” đã có ở dòng 6."),
        ("salary_scales.csv", "A1,Công chức loại A1,2.34,", "A1,Công chức loại A1,2,34,", "có 8 cột, tiêu đề có 7 cột."),
        ("salary_scales.csv", "A0,Công chức loại A0,2.10,", "A0,Công chức loại A0,hai,", "cột first_coefficient: “hai” không phải số thập phân (dùng dấu chấm, ví dụ 2.34)."),
        ("education_levels.csv", "TS,Tiến sĩ,6", "TS,,6", "cột name: không được để trống."),
        ("legacy_provinces.csv", "010,Lào Cai,", "10,Lào Cai,", "mã “10” không đúng dạng của danh mục tỉnh, thành phố trước 1/7/2025."),
        ("political_theory_levels.csv", "SC,Sơ cấp,1,", "SC,Sơ cấp,0,", "cột level_order: “0” phải là số nguyên dương."),
    ],
)
def test_a_broken_file_loads_nothing_and_names_file_and_line(
    tmp_path: Path, filename: str, old: str, new: str, message: str
) -> None:
    """A valid change elsewhere (the ethnic groups) is not written either: one transaction."""
    _load()
    data = _copy_data(tmp_path)
    _replace(data / "ethnic_groups.csv", "08,Hmông", "08,Mông")
    path = data / filename
    _replace(path, old, new)
    line = _line_of(path, new)
    before, audits = _snapshot(), AuditEvent.objects.count()

    with pytest.raises(CommandError) as raised:
        _load("--data-dir", str(data))

    assert str(raised.value) == f"Tệp dữ liệu {path}, dòng {line}: {message} Không nạp mục nào."
    assert _snapshot() == before
    assert AuditEvent.objects.count() == audits


def test_a_file_without_its_source_is_refused(tmp_path: Path) -> None:
    data = _copy_data(tmp_path)
    path = data / "religions.csv"
    path.write_text("\n".join(line for line in path.read_text(encoding="utf-8").splitlines()
                              if not line.startswith("#")) + "\n", encoding="utf-8")
    with pytest.raises(CommandError) as raised:
        _load("--data-dir", str(data))
    assert str(raised.value) == (
        f"Tệp dữ liệu {path}, dòng 1: thiếu dòng chú thích “# Nguồn: …” nêu văn bản gốc trước dòng tiêu đề."
        " Không nạp mục nào."
    )


def test_ensure_loaded_loads_once_then_costs_nothing(monkeypatch: pytest.MonkeyPatch,
                                                     django_assert_max_num_queries, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    """The set-up's hook: loads when this data version is missing, then is a no-op."""
    monkeypatch.setattr(services, "_ensured", False)
    with schema_context("public"):
        CatalogueLoad.objects.all().delete()
    services.catalogues_ensure_loaded()
    with schema_context("public"):
        assert CatalogueLoad.objects.filter(fingerprint=services.data_fingerprint(DATA_DIR)).exists()
        assert EthnicGroup.objects.count() == 54
    with django_assert_num_queries(0):
        services.catalogues_ensure_loaded()
    monkeypatch.setattr(services, "_ensured", False)
    before = _snapshot()
    # Another process loaded this data already: switching to `public` and one existence check.
    with django_assert_max_num_queries(2):
        services.catalogues_ensure_loaded()
    assert _snapshot() == before
