"""Incomplete dossiers followed up (issue 19 item 6; Lào Cai Art. 14.4, Bình Thuận Art. 14.2a, Sơn
La Art. 12.2): each dossier is measured against the required items of its résumé form, the unit
lists what each lacks, and the first-entry duty closes only once the dossier is complete."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile

from core.base.accounts.models import Account
from core.models import (
    Dossier,
    FamilyMember,
    Obligation,
    OrgUnit,
    Person,
    SalaryHistory,
    WorkHistory,
)
from core.resumes.completeness import PendingChange, completeness_of, snapshot_with_changes
from core.resumes.selectors import dossier_completeness, incomplete_dossier_list_for_user
from core.services.attachments import attachment_add
from core.services.change_sets import (
    change_set_create,
    change_set_row_add,
    change_set_submit,
    change_set_values_set,
)
from core.services.people import person_account_create, person_create
from tests.core.conftest import Personas

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
FAMILY = {"side": "own", "relation": "Mẹ", "full_name": "Lò Thị Xuân", "birth_year": 1968}
NEW_DOSSIER_MISSING_HS02 = [
    "4) Nơi sinh", "5) Quê quán", "6) Dân tộc", "7) Tôn giáo", "9) Số sổ BHXH",
    "10) Nơi đăng ký hộ khẩu thường trú; nơi ở hiện nay", "13) Ngày được tuyển dụng lần đầu; cơ quan tuyển dụng",
    "19) Trình độ giáo dục phổ thông", "20) Trình độ chuyên môn cao nhất", "28) Công việc chính được giao",
    "30) Chức danh nghề nghiệp; bậc lương, hệ số, ngày hưởng", "31) Tình trạng sức khỏe",
    "33) Tóm tắt quá trình công tác", "36) Quan hệ gia đình", "37.1- Quá trình lương của bản thân",
]


def _new_teacher(actor: Account) -> Person:
    return person_create(acting_user=actor, org_unit=OrgUnit.objects.get(name="Trường THPT Chuyên Lào Cai"),
                         national_id="010195004321", full_name="Sùng Thị Dợ", gender="female",
                         birth_date=date(1995, 4, 2), category="vien_chuc", start=date(2020, 9, 1),
                         position="Giáo viên")


def _fill_all_but_family(person: Person) -> None:
    """Everything the HS02 form requires, entered as the unit's records hold it, except item 36."""
    Dossier.objects.filter(person=person).update(
        birth_place="Xã Bản Phiệt, huyện Bảo Thắng", home_town="Xã Bản Phiệt, huyện Bảo Thắng",
        social_insurance_number="1012345678", permanent_address="Phường Cốc Lếu, Lào Cai",
        current_address="Phường Cốc Lếu, Lào Cai", first_recruited_on=date(2020, 9, 1),
        recruiting_agency="Sở Giáo dục và Đào tạo", general_education="12/12", highest_qualification="Đại học",
        main_duties="Dạy Ngữ văn", professional_title_code="V.07.05.15", salary_step=2,
        salary_coefficient=Decimal("2.67"), salary_effective_on=date(2022, 9, 1), health_status="Tốt",
    )
    dossier = Dossier.objects.get(person=person)
    dossier.ethnic_group_code, dossier.religion_code = "01", "00"
    dossier.save()
    WorkHistory.objects.create(person=person, start=date(2020, 9, 1), unit_name="Trường THPT Chuyên Lào Cai",
                               position="Giáo viên")
    SalaryHistory.objects.create(person=person, effective_on=date(2020, 9, 1), rank_code="V.07.05.15", step=1,
                                 coefficient=Decimal("2.34"))


def _submit(person: Person, author: Account, *, phone: str = "", family: bool = False) -> None:
    change_set = change_set_create(acting_user=author, person=person, changed_on=date(2026, 12, 1))
    if phone:
        change_set_values_set(acting_user=author, change_set=change_set, expected_version=change_set.version,
                              group="dossier", values={"phone": phone})
    if family:
        item = change_set_row_add(acting_user=author, change_set=change_set, expected_version=change_set.version,
                                  group="family_member", values=FAMILY)
        attachment_add(acting_user=author, change_set=change_set, expected_version=change_set.version,
                       item_id=item.pk, file=ContentFile(PDF, name="so-ho-khau.pdf"), description="Sổ hộ khẩu")
    change_set_submit(acting_user=author, change_set=change_set, expected_version=change_set.version)


def test_a_new_dossier_lacks_every_required_item_but_its_identity(lc: Personas) -> None:
    """A viên chức's dossier is measured on form HS02-VC/BNV, item by item in the form's words."""
    person = _new_teacher(lc.agency_admin)
    measured = dossier_completeness(person_id=person.pk)
    assert measured.form_label == "Mẫu HS02-VC/BNV"
    assert measured.missing_labels == NEW_DOSSIER_MISSING_HS02
    assert (measured.required, measured.filled, measured.percent) == (17, 2, 11)


def test_pending_changes_count_toward_completeness_rows_added_changed_and_removed() -> None:
    snapshot = {"identity": {"category": "nguoi_lao_dong", "full_name": "A", "gender": "male", "birth_year": 1990},
                "dossier": {"home_town": "Lào Cai"}, "rows": {"labor_contract": [{"id": 7}]}}
    assert [str(i) for i in completeness_of(snapshot).missing] == [" Nơi cư trú", " Trình độ"]
    later = snapshot_with_changes(snapshot, [
        PendingChange("dossier", "set", None, {"permanent_address": "Phường Cốc Lếu"}),
        PendingChange("degree", "add", None, {"level_code": "DH"}),
        PendingChange("labor_contract", "remove", 7, {}),
    ])
    assert [str(i) for i in completeness_of(later).missing] == [" Hợp đồng lao động"]
    assert snapshot["rows"]["labor_contract"] == [{"id": 7}]  # the snapshot itself is untouched


def test_the_first_entry_duty_stays_open_until_the_dossier_is_complete(lc: Personas) -> None:
    """Lào Cai Art. 14.4: a first submission that leaves item 36 empty keeps the first-entry duty
    open (not closed at the first submission); the submission that fills it closes the duty."""
    person = _new_teacher(lc.agency_admin)
    account = person_account_create(acting_user=lc.agency_admin, person=person).account
    duty = Obligation.objects.get(person=person, kind="first_entry")
    _fill_all_but_family(person)

    _submit(person, account, phone="0912345678")
    duty.refresh_from_db()
    assert duty.state == "open"
    assert dossier_completeness(person_id=person.pk).missing_labels == ["36) Quan hệ gia đình"]

    _submit(person, account, family=True)
    duty.refresh_from_db()
    assert (duty.state, duty.done_at is not None) == ("done", True)
    # Not yet approved: the dossier as it stands still lacks item 36; with the submission, nothing.
    assert dossier_completeness(person_id=person.pk, with_pending=False).missing_labels == ["36) Quan hệ gia đình"]
    assert not FamilyMember.objects.filter(person=person).exists()


def test_the_unit_s_list_names_what_each_dossier_lacks_within_the_reader_s_scope(
    lc: Personas, django_assert_max_num_queries: object
) -> None:
    """The school's admin sees the new teacher with what is missing; the Sở Tài chính officer, whose
    scope does not hold the school, does not; the query count does not grow with the people."""
    person = _new_teacher(lc.agency_admin)
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        listed = incomplete_dossier_list_for_user(user=lc.agency_admin)
    (row,) = [r for r in listed if r.person.pk == person.pk]
    assert row.completeness.missing_labels == NEW_DOSSIER_MISSING_HS02
    assert [r.completeness.percent for r in listed] == sorted(r.completeness.percent for r in listed)
    assert person.pk not in {r.person.pk for r in incomplete_dossier_list_for_user(user=lc.officer)}


def test_the_compliance_dashboard_counts_each_agency_s_incomplete_dossiers(lc: Personas) -> None:
    """The DoHA's dashboard: a new dossier under Sở Giáo dục và Đào tạo adds one to that agency's
    count of incomplete dossiers, and the count matches the unit lists."""
    from core.transfers.selectors import compliance_table_for_user

    def count() -> int:
        table = compliance_table_for_user(user=lc.doha, today=date(2026, 12, 4))
        (row,) = [r for r in table.rows if r.unit.name == "Sở Giáo dục và Đào tạo"]
        return row.incomplete

    before = count()
    assert before == len(incomplete_dossier_list_for_user(
        user=lc.doha, unit_id=OrgUnit.objects.get(name="Sở Giáo dục và Đào tạo").pk))
    _new_teacher(lc.agency_admin)
    assert count() == before + 1


def test_the_province_wide_measure_reads_only_what_the_items_need_and_agrees_with_the_lists(
    lc: Personas,
) -> None:
    """The monthly reminders and the dashboard measure every working person from the columns the
    required items look at (core.resumes.incomplete); the unit lists measure whole dossiers. Both
    name the same people and the same missing items: a new teacher with everything but the
    family (HS02 item 36), one with nothing filled in, and the demo province's own people."""
    from core.resumes.completeness import completeness_reads
    from core.resumes.incomplete import incomplete_dossiers_working

    assert {"ethnic_group_code", "religion_code", "health_status", "highest_qualification"} <= set(
        completeness_reads("dossier"))
    assert "phone" not in completeness_reads("dossier")
    nearly = _new_teacher(lc.agency_admin)
    _fill_all_but_family(nearly)
    bare = person_create(acting_user=lc.agency_admin, org_unit=OrgUnit.objects.get(name="Trường THPT Chuyên Lào Cai"),
                         national_id="010094004322", full_name="Lò Văn Pảo", gender="male",
                         birth_date=date(1994, 1, 9), category="cong_chuc", start=date(2021, 3, 1),
                         position="Chuyên viên")
    measured = {one.person_id: one.completeness.missing_labels for one in incomplete_dossiers_working()}
    listed = {row.person.pk: row.completeness.missing_labels for row in incomplete_dossier_list_for_user(user=lc.doha)}
    assert measured == listed
    assert measured[nearly.pk] == ["36) Quan hệ gia đình"]
    assert "6) Dân tộc" in measured[bare.pk] and "23) Tình trạng sức khỏe" in measured[bare.pk]
