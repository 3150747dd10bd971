"""The organisation tree keeps its history: who worked where, and what a unit was called, on a date."""

from datetime import date

import pytest

from core.base.errors import ApplicationError, PermissionDeniedError
from core.models import OrgUnit, OrgUnitKind, Person
from core.selectors.org_units import (
    org_unit_list,
    org_unit_tree,
    org_unit_version_on,
    person_placement_on,
    placement_list_on,
)
from core.services.org_units import (
    OrgUnitPart,
    org_unit_create,
    org_unit_dissolve,
    org_unit_merge,
    org_unit_move,
    org_unit_rename,
    org_unit_split,
)
from tests.core.conftest import Personas
from tests.core.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _unit(name: str) -> OrgUnit:
    return OrgUnit.objects.get(name=name, dissolved_on__isnull=True)


def test_onboarding_made_the_root_and_the_demo_tree_has_a_dozen_agencies(lc: Personas) -> None:
    root = OrgUnit.objects.get(parent__isnull=True)
    assert (root.name, root.electronic_code, root.kind) == ("Tỉnh Lào Cai", "000.00.00.H38", "province")
    agencies = OrgUnit.objects.filter(parent=root, kind=OrgUnitKind.AGENCY, dissolved_on__isnull=True)
    assert agencies.count() >= 12
    assert OrgUnit.objects.filter(kind=OrgUnitKind.COMMUNE, name="UBND phường Sa Pa").exists()
    [tree_root] = org_unit_tree()
    assert tree_root.org_unit == root
    assert "Sở Tài chính" in [n.version.name for n in tree_root.children]


def test_a_new_unit_needs_a_valid_unused_code_of_the_province(lc: Personas) -> None:
    finance = _unit("Sở Tài chính")
    create = dict(acting_user=lc.doha, parent=finance, kind=OrgUnitKind.DEPARTMENT, name="Phòng Tin học",
                  established_on=date(2026, 1, 1))
    with pytest.raises(ApplicationError) as bad:
        org_unit_create(**create, electronic_code="00.1.03.H38")
    assert bad.value.extra["fields"] == {"electronic_code": "Mã định danh điện tử phải có dạng LLL.KK.JJ.Xnn, ví dụ 000.00.00.H38."}
    with pytest.raises(ApplicationError) as other_province:
        org_unit_create(**create, electronic_code="000.09.03.H35")
    assert other_province.value.extra["fields"] == {"electronic_code": "Mã định danh điện tử phải thuộc mã cấp 1 của tỉnh (H38)."}
    with pytest.raises(ApplicationError) as taken:
        org_unit_create(**create, electronic_code="000.02.03.H38")
    assert taken.value.extra["fields"] == {
        "electronic_code": "Mã định danh điện tử 000.02.03.H38 đã được cấp cho “Phòng Quản lý ngân sách”."}
    unit = org_unit_create(**create, electronic_code="000.09.03.H38")
    assert (unit.parent, unit.path, unit.depth) == (finance, f"{finance.path}{unit.pk}/", 2)


def test_an_agency_admin_shapes_only_its_own_subtree(lc: Personas) -> None:
    education = _unit("Sở Giáo dục và Đào tạo")
    school = org_unit_create(acting_user=lc.agency_admin, parent=education, kind=OrgUnitKind.PUBLIC_SERVICE_UNIT,
                             name="Trường THPT Bắc Hà", electronic_code="000.05.04.H38", established_on=date(2026, 1, 1))
    assert school.parent == education
    with pytest.raises(PermissionDeniedError):
        org_unit_create(acting_user=lc.agency_admin, parent=_unit("Sở Tài chính"), kind=OrgUnitKind.DEPARTMENT,
                        name="Phòng X", electronic_code="000.09.03.H38", established_on=date(2026, 1, 1))
    with pytest.raises(PermissionDeniedError):
        org_unit_rename(acting_user=lc.agency_admin, org_unit=education, name="Sở Giáo dục", on=date(2026, 1, 1))


def test_a_rename_keeps_the_old_name_for_dates_before_it(lc: Personas) -> None:
    unit = _unit("Sở Xây dựng")
    org_unit_rename(acting_user=lc.doha, org_unit=unit, name="Sở Xây dựng và Giao thông", on=date(2025, 3, 1),
                    decision="QĐ 12/QĐ-UBND")
    assert unit.name == "Sở Xây dựng và Giao thông"
    assert org_unit_version_on(org_unit=unit, on=date(2025, 2, 28)).name == "Sở Xây dựng"
    assert org_unit_version_on(org_unit=unit, on=date(2025, 3, 1)).name == "Sở Xây dựng và Giao thông"
    assert org_unit_version_on(org_unit=unit, on=date(2000, 1, 1)) is None
    with pytest.raises(ApplicationError) as backwards:
        org_unit_rename(acting_user=lc.doha, org_unit=unit, name="Sở Cũ", on=date(2025, 3, 1))
    assert backwards.value.extra["fields"] == {
        "on": "Ngày hiệu lực phải sau ngày 01/03/2025 (lần thay đổi trước của “Sở Xây dựng và Giao thông”)."}


def test_a_move_carries_the_subtree_and_keeps_the_old_parent_in_history(lc: Personas) -> None:
    hospital = _unit("Bệnh viện Đa khoa tỉnh Lào Cai")
    health, root = hospital.parent, OrgUnit.objects.get(parent__isnull=True)
    ward = _unit("Khoa Nội tổng hợp")
    org_unit_move(acting_user=lc.doha, org_unit=hospital, new_parent=root, on=date(2026, 1, 1))
    ward.refresh_from_db()
    assert (hospital.parent, hospital.depth) == (root, 1)
    assert ward.path == f"{root.path}{hospital.pk}/{ward.pk}/" and ward.depth == 2
    assert org_unit_version_on(org_unit=hospital, on=date(2025, 12, 31)).parent == health
    subunit_admin_still_sees = Person.objects.get(account=lc.subunit_admin)
    assert subunit_admin_still_sees.org_unit == hospital
    with pytest.raises(ApplicationError):
        org_unit_move(acting_user=lc.doha, org_unit=hospital, new_parent=ward, on=date(2026, 2, 1))


def test_who_worked_where_still_answers_after_the_2025_merger(lc: Personas) -> None:
    """In the demo data Sở Thông tin và Truyền thông merged into Sở Khoa học và Công nghệ on
    1/3/2025: on 28/2 its official worked there, on 1/3 in the merged agency."""
    merged = lc.person(lc.merged)
    old = OrgUnit.objects.get(name="Sở Thông tin và Truyền thông")
    science = _unit("Sở Khoa học và Công nghệ")
    assert (old.dissolved_on, old.successor, old.end_change) == (date(2025, 3, 1), science, "merge")
    assert merged.org_unit == science
    assert [p.person for p in placement_list_on(user=lc.doha, org_unit=old, on=date(2025, 2, 28))] == [merged]
    assert not placement_list_on(user=lc.doha, org_unit=old, on=date(2025, 3, 1)).exists()
    assert person_placement_on(user=lc.doha, person=merged, on=date(2025, 3, 1)).org_unit == science
    assert person_placement_on(user=lc.employee, person=merged, on=date(2025, 3, 1)) is None
    names_then = [v.name for v in org_unit_list(active_on=date(2025, 2, 28))]
    assert "Sở Thông tin và Truyền thông" in names_then
    assert "Sở Thông tin và Truyền thông" not in [v.name for v in org_unit_list()]


def test_a_merger_moves_people_sub_units_and_can_rename_the_target(lc: Personas) -> None:
    finance, trade = _unit("Sở Tài chính"), _unit("Sở Công Thương")
    worker = PersonFactory(org_unit=trade, full_name="Lê Văn Thương")
    org_unit_merge(acting_user=lc.doha, sources=[trade], target=finance, on=date(2026, 1, 1),
                   new_name="Sở Tài chính và Công Thương", decision="NQ 01/NQ-HĐND")
    worker.refresh_from_db()
    assert worker.org_unit == finance and finance.name == "Sở Tài chính và Công Thương"
    assert [p.org_unit for p in worker.placements.order_by("start")] == [trade, finance]
    assert worker.placements.get(org_unit=trade).end == date(2025, 12, 31)
    assert org_unit_version_on(org_unit=finance, on=date(2025, 12, 31)).name == "Sở Tài chính"


def test_a_split_places_everyone_and_refuses_when_someone_is_left_out(lc: Personas) -> None:
    agriculture = _unit("Sở Nông nghiệp và Môi trường")
    a = PersonFactory(org_unit=agriculture, full_name="Người A")
    b = PersonFactory(org_unit=agriculture, full_name="Người B")
    parts = [OrgUnitPart("Sở Nông nghiệp", "000.00.41.H38"), OrgUnitPart("Sở Môi trường", "000.00.42.H38")]
    with pytest.raises(ApplicationError) as missing:
        org_unit_split(acting_user=lc.doha, org_unit=agriculture, parts=parts, on=date(2026, 1, 1),
                       person_parts={a.pk: 0})
    assert missing.value.extra["fields"] == {"person_parts": "Chưa xác định đơn vị mới cho: Người B."}
    assert not OrgUnit.objects.filter(name="Sở Nông nghiệp").exists()
    farming, environment = org_unit_split(acting_user=lc.doha, org_unit=agriculture, parts=parts,
                                          on=date(2026, 1, 1), person_parts={a.pk: 0, b.pk: 1})
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.org_unit, b.org_unit) == (farming, environment)
    assert agriculture.dissolved_on == date(2026, 1, 1)
    assert [p.person for p in placement_list_on(user=lc.doha, org_unit=agriculture, on=date(2025, 12, 31))] == [a, b]


def test_a_unit_with_people_is_not_dissolved_and_an_empty_one_keeps_its_history(lc: Personas) -> None:
    school = _unit("Trường THPT Chuyên Lào Cai")
    with pytest.raises(ApplicationError) as busy:
        org_unit_dissolve(acting_user=lc.doha, org_unit=school, on=date(2026, 6, 1))
    assert busy.value.message == "“Trường THPT Chuyên Lào Cai” còn 1 người đang công tác; hãy chuyển họ sang đơn vị khác trước khi giải thể."
    inspectorate = _unit("Thanh tra tỉnh")
    org_unit_dissolve(acting_user=lc.doha, org_unit=inspectorate, on=date(2026, 6, 1), decision="QĐ 99")
    assert inspectorate.dissolved_on == date(2026, 6, 1)
    assert org_unit_version_on(org_unit=inspectorate, on=date(2026, 5, 31)).name == "Thanh tra tỉnh"
    assert "Thanh tra tỉnh" not in [v.name for v in org_unit_list()]
