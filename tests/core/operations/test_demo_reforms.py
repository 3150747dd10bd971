"""The 2025 reorganisation in the demo data. Nghị quyết 202/2025/QH15 (effective 01/07/2025)
merged Hà Giang into Tuyên Quang and Yên Bái into Lào Cai; the Law on Local Government 2025
(Luật Tổ chức chính quyền địa phương 2025) left two tiers, province and commune, from the same
day. So every demo tree has its communes and wards directly under the province, Tuyên Quang's
tree holds the former Hà Giang units and Lào Cai's the former Yên Bái units, each ended on
30/06/2025 into the unit that took it over, and an old code still answers today's unit."""

from datetime import date

import pytest
from django_tenants.utils import tenant_context

from core.base.errors import ApplicationError, NotFoundError
from core.models import OrgChange, OrgUnit, OrgUnitKind
from core.selectors.org_units import org_unit_by_code, org_unit_formerly, org_unit_tree
from core.services.org_units import org_unit_merge
from tests.conftest import _province
from tests.core.conftest import personas_of

pytestmark = pytest.mark.django_db
CODES = ["lai-chau", "tuyen-quang", "lao-cai", "son-la", "binh-thuan"]
ON = date(2025, 7, 1)


def _names(nodes: list) -> set[str]:  # type: ignore[type-arg]
    found = set()
    for node in nodes:
        found.add(node.version.name)
        found |= _names(node.children)
    return found


@pytest.mark.parametrize("code", CODES)
def test_communes_and_wards_sit_directly_under_the_province(code: str) -> None:
    """Two tiers: no active unit stands between the province and a commune or ward."""
    with tenant_context(_province(code)):
        root = OrgUnit.objects.get(parent__isnull=True)
        communes = OrgUnit.objects.filter(kind=OrgUnitKind.COMMUNE, dissolved_on__isnull=True)
        assert communes.count() == 6
        assert set(communes.values_list("parent_id", flat=True)) == {root.pk}


@pytest.mark.parametrize(("code", "former", "level1", "units"), [
    ("tuyen-quang", "Hà Giang", "H22", {"Sở Nội vụ tỉnh Hà Giang": "Sở Nội vụ",
                                        "Sở Giáo dục và Đào tạo tỉnh Hà Giang": "Sở Giáo dục và Đào tạo",
                                        "UBND thành phố Hà Giang": "UBND phường Hà Giang 1",
                                        "UBND huyện Đồng Văn": "UBND xã Đồng Văn"}),
    ("lao-cai", "Yên Bái", "H63", {"Sở Nội vụ tỉnh Yên Bái": "Sở Nội vụ",
                                   "Sở Giáo dục và Đào tạo tỉnh Yên Bái": "Sở Giáo dục và Đào tạo",
                                   "UBND thành phố Yên Bái": "UBND phường Yên Bái"}),
])
def test_the_merged_province_keeps_the_former_units_with_their_history(code: str, former: str, level1: str,
                                                                        units: dict[str, str]) -> None:
    """Each former unit existed until 30/06/2025 and was merged into today's unit from 01/07/2025,
    on the resolution's or the law's basis; the tree of 30/06/2025 shows them, today's does not."""
    with tenant_context(_province(code)):
        committee = OrgUnit.objects.get(name=f"UBND tỉnh {former}")
        root = OrgUnit.objects.get(parent__isnull=True)
        assert (committee.electronic_code, committee.dissolved_on, committee.successor_id) == (
            f"000.00.00.{level1}", ON, root.pk)
        for name, successor in units.items():
            unit = OrgUnit.objects.select_related("successor").get(name=name)
            assert unit.electronic_code.endswith(level1)
            assert (unit.dissolved_on, unit.end_change, unit.successor.name) == (ON, OrgChange.MERGE, successor)
            assert unit.successor.is_active and unit.successor.parent_id == root.pk
            (created, *_) = unit.versions.order_by("valid_from")
            assert created.parent_id == committee.pk and unit.versions.get().valid_to == date(2025, 6, 30)
            basis = "Luật Tổ chức chính quyền địa phương 2025" if unit.kind == OrgUnitKind.COMMUNE else "Nghị quyết 202/2025/QH15"
            assert unit.end_decision.startswith(basis)
        before, today = _names(org_unit_tree(active_on=date(2025, 6, 30))), _names(org_unit_tree())
        assert {f"UBND tỉnh {former}", *units} <= before
        assert not {f"UBND tỉnh {former}", *units} & today


@pytest.mark.parametrize("code", ["lai-chau", "son-la", "binh-thuan"])
def test_provinces_not_merged_into_have_no_former_province_units(code: str) -> None:
    with tenant_context(_province(code)):
        level1 = OrgUnit.objects.get(parent__isnull=True).electronic_code[-3:]
        assert not OrgUnit.objects.exclude(electronic_code__endswith=level1).exists()


def test_an_old_code_answers_the_unit_of_today() -> None:
    """000.00.02.H22 was Sở Nội vụ tỉnh Hà Giang: today it is Tuyên Quang's Sở Nội vụ."""
    with tenant_context(_province("tuyen-quang")):
        found = org_unit_by_code(code=" 000.00.02.h22 ")
        assert (found.code, found.version.name, found.version.valid_to) == (
            "000.00.02.H22", "Sở Nội vụ tỉnh Hà Giang", date(2025, 6, 30))
        assert found.current.name == "Sở Nội vụ" and found.current.is_active
        assert [f.name for f in found.chain] == ["Sở Nội vụ tỉnh Hà Giang"]
        assert org_unit_by_code(code="000.00.00.H22").current == OrgUnit.objects.get(parent__isnull=True)
        today = found.current.electronic_code
        assert (org_unit_by_code(code=today).current, org_unit_by_code(code=today).chain) == (found.current, [])


def test_an_unknown_or_malformed_code_is_refused_in_vietnamese() -> None:
    with tenant_context(_province("tuyen-quang")):
        with pytest.raises(NotFoundError) as unknown:
            org_unit_by_code(code="000.00.02.H63")  # Yên Bái's: Lào Cai's tree, not this one
        assert unknown.value.message == ("Không có cơ quan, đơn vị nào mang mã định danh điện tử “000.00.02.H63”, "
                                         "hiện nay hay trước đây.")
        with pytest.raises(ApplicationError) as malformed:
            org_unit_by_code(code="H22")
        assert malformed.value.message == "Mã định danh điện tử phải có dạng LLL.KK.JJ.Xnn, ví dụ 000.00.00.H38."


def test_a_unit_lists_what_it_was_formerly_through_every_succession() -> None:
    """Sở Nội vụ of Tuyên Quang was formerly Sở Nội vụ tỉnh Hà Giang; a later merger of it into
    another unit carries both into that unit's former units."""
    province = _province("tuyen-quang")
    with tenant_context(province):
        home = OrgUnit.objects.get(name="Sở Nội vụ", dissolved_on__isnull=True)
        assert [(f.name, f.last_day) for f in org_unit_formerly(org_unit=home)] == [
            ("Sở Nội vụ tỉnh Hà Giang", date(2025, 6, 30))]
        later = OrgUnit.objects.get(name="Sở Tư pháp")
        org_unit_merge(acting_user=personas_of(province).doha, sources=[home], target=later, on=date(2026, 1, 1),
                       decision="Thử nghiệm")
        assert [(f.name, f.successor.name if f.successor else None) for f in org_unit_formerly(org_unit=later)] == [
            ("Sở Nội vụ", "Sở Tư pháp"), ("Sở Nội vụ tỉnh Hà Giang", "Sở Nội vụ")]
        assert org_unit_by_code(code="000.00.02.H22").current == later
