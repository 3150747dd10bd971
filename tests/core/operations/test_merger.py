"""Merging the demo Bình Thuận into a newly onboarded Lâm Đồng (Nghị quyết 202/2025/QH15).

Each test runs in its own transaction (schemas and rows roll back), so the session's demo
Bình Thuận is whole again for the next test."""

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django_tenants.utils import schema_exists, tenant_context

from core.base.accounts.models import Account
from core.base.errors import ApplicationError
from core.models import (
    DOSSIER_ROW_MODELS,
    Attachment,
    ChangeItem,
    DossierVersion,
    Obligation,
    ObligationKind,
    ObligationState,
    OrgUnit,
    Person,
    Role,
    RoleGrant,
    WorkHistory,
)
from core.operations.merger import services as merger_module
from core.operations.merger.services import merger_confirm, merger_plan, merger_run
from core.operations.onboarding import province_onboard
from core.reports.models import ScheduledReport
from core.services.attachments import attachment_add
from core.services.change_sets import change_set_create, change_set_row_change
from core.transfers.services.daily import duties_daily_run
from tenants.models import MergerState, Province, ProvinceMerger, ProvinceStatus
from tests.conftest import client_for
from tests.core.backups.conftest import TEST_MASTER_KEY
from tests.core.conftest import personas_of

pytestmark = pytest.mark.django_db

EFFECTIVE = date(2025, 7, 1)
PDF = b"%PDF-1.4\n% hoso test decision\n"
WORK_HISTORY = next(group for group, model in DOSSIER_ROW_MODELS.items() if model is WorkHistory)


@pytest.fixture(autouse=True)
def _files_and_backups_in_tmp(settings: Any, tmp_path: Path) -> Iterator[None]:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.HOSO_BACKUP_KEY = TEST_MASTER_KEY
    settings.HOSO_BACKUP_OLD_KEYS = []
    settings.STORAGES = {**settings.STORAGES, "backups": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path / "bk")}}}
    storages["default"].__dict__.pop("relative_media_root", None)
    yield
    storages["default"].__dict__.pop("relative_media_root", None)


@pytest.fixture
def binh_thuan(db: None) -> Province:
    return Province.objects.get(code="binh-thuan")


@pytest.fixture
def lam_dong(db: None) -> Province:
    return province_onboard(code="lam-dong", name="Lâm Đồng", official_name="Tỉnh Lâm Đồng",
                            subdomain="lamdong", rule_preset="baseline").province


def _snapshot(province: Province) -> dict[str, Any]:
    """What must arrive: people by ID number with their unit's name, versions per person."""
    with tenant_context(province):
        return {
            "people": {p.national_id: (p.full_name, p.org_unit.name)
                       for p in Person.objects.select_related("org_unit")},
            "versions": sorted((v.person.national_id, v.number) for v in DossierVersion.objects.select_related("person")),
            "obligations": sorted((o.kind, o.due.isoformat() if o.due else "", o.person.national_id if o.person else "")
                                  for o in Obligation.objects.select_related("person")),
            "units": OrgUnit.objects.count(),
        }


def _pending_change_with_document(province: Province) -> tuple[str, int]:
    """An employee's draft changing one work-history row, with a PDF decision attached."""
    with tenant_context(province):
        people = personas_of(province)
        person = people.person(people.employee)
        row = WorkHistory.objects.filter(person=person).first()
        assert row is not None
        change_set = change_set_create(acting_user=people.employee, person=person)
        item = change_set_row_change(acting_user=people.employee, change_set=change_set,
                                     expected_version=change_set.version, group=WORK_HISTORY, row_id=row.pk,
                                     values={"position": "Phó Trưởng phòng"})
        change_set.refresh_from_db()
        attachment_add(acting_user=people.employee, change_set=change_set, expected_version=change_set.version,
                       item_id=item.pk, file=ContentFile(PDF, name="quyet-dinh.pdf"))
        return person.national_id, row.pk


def test_the_dry_run_counts_everything_and_moves_nothing(binh_thuan: Province, lam_dong: Province) -> None:
    before = _snapshot(lam_dong)
    merger = merger_plan(source_code="binh-thuan", target_code="lam-dong", effective_on=EFFECTIVE, acting_user=None)
    assert merger.state == MergerState.PLANNED and merger.plan["errors"] == []
    tables = {t["table"]: t["rows"] for t in merger.plan["tables"]}
    with tenant_context(binh_thuan):
        assert tables["core_person"] == Person.objects.count() == merger.plan["people"] > 0
        assert tables["core_dossierversion"] == DossierVersion.objects.count()
    assert merger.plan["renames"] == {"snv.quantri": "binh-thuan.snv.quantri"}
    skipped = {s["table"]: s["reason"] for s in merger.plan["skipped"]}
    assert skipped["rules_ruleversion"].startswith("Quy chế của tỉnh nhận áp dụng từ ngày hiệu lực sáp nhập")
    assert _snapshot(lam_dong) == before
    assert Province.objects.get(pk=binh_thuan.pk).status == ProvinceStatus.ACTIVE


def test_merging_moves_every_person_version_and_file_verifies_and_redirects(
    binh_thuan: Province, lam_dong: Province
) -> None:
    national_id, row_id = _pending_change_with_document(binh_thuan)
    expected = _snapshot(binh_thuan)
    lam_dong_own = _snapshot(lam_dong)
    merger = merger_plan(source_code="binh-thuan", target_code="lam-dong", effective_on=EFFECTIVE, acting_user=None)
    merger = merger_run(merger=merger, acting_user=None)

    assert merger.state == MergerState.SWITCHED
    assert all(result["ok"] for result in merger.verification["tables"].values())
    assert merger.files == {"total": 1, "copied": 1, "already_present": 0, "problems": []}
    arrived = _snapshot(lam_dong)
    assert arrived["people"] == {**lam_dong_own["people"], **expected["people"]}
    assert arrived["versions"] == sorted(lam_dong_own["versions"] + expected["versions"])
    assert arrived["obligations"] == sorted(lam_dong_own["obligations"] + expected["obligations"])
    assert arrived["units"] == lam_dong_own["units"] + expected["units"]
    with tenant_context(lam_dong):
        root = OrgUnit.objects.get(parent__isnull=True)
        old_root = OrgUnit.objects.get(name="Khu vực Tỉnh Bình Thuận (trước sáp nhập)")
        assert (old_root.parent_id, old_root.depth) == (root.pk, 1)
        assert list(old_root.versions.values_list("name", "valid_to", "change")) == [
            ("Tỉnh Bình Thuận", date(2025, 6, 30), "create"),
            ("Khu vực Tỉnh Bình Thuận (trước sáp nhập)", None, "merge")]
        person = Person.objects.select_related("org_unit").get(national_id=national_id)
        assert person.org_unit.path.startswith(old_root.path) and person.org_unit.path.startswith(root.path)
        # The pending change still names the same row (its id moved with the row).
        item = ChangeItem.objects.get(change_set__person=person, group=WORK_HISTORY)
        assert WorkHistory.objects.get(pk=item.row_id).person_id == person.pk
        attachment = Attachment.objects.get(person=person)
        with default_storage.open(attachment.file.name, "rb") as handle:
            assert handle.read() == PDF
        # Bình Thuận's DoHA admin keeps the account under a new name, without the province role.
        old_admin = Account.objects.get(username="binh-thuan.snv.quantri")
        assert not RoleGrant.objects.filter(account=old_admin, role=Role.DOHA_ADMIN, revoked_at__isnull=True).exists()
        assert RoleGrant.objects.filter(account__username="snv.quantri", role=Role.DOHA_ADMIN,
                                        revoked_at__isnull=True, org_unit=root).exists()
    # Bình Thuận's own schema is untouched until the operator confirms.
    assert _snapshot(binh_thuan) == expected
    source = Province.objects.get(pk=binh_thuan.pk)
    assert (source.status, source.merged_into_id) == (ProvinceStatus.MERGED, lam_dong.pk)

    response = client_for(binh_thuan).get("/ho-so-cua-toi/?tab=1")
    assert response.status_code == 301
    assert response["Location"] == "http://lamdong.localhost/ho-so-cua-toi/?tab=1"
    signed_in = client_for(lam_dong)
    response = signed_in.post("/dang-nhap/", {"username": national_id, "password": "hoso-demo-2026"})
    assert response.status_code == 302


def test_an_id_number_in_both_provinces_stops_the_merger_before_anything_moves(
    binh_thuan: Province, lam_dong: Province
) -> None:
    with tenant_context(binh_thuan):
        clash = Person.objects.order_by("national_id").first()
        assert clash is not None
    with tenant_context(lam_dong):
        root = OrgUnit.objects.get(parent__isnull=True)
        Person.objects.create(national_id=clash.national_id, full_name="Người trùng số", gender=clash.gender,
                              birth_date=clash.birth_date, birth_year=clash.birth_year, category=clash.category, org_unit=root)
    merger = merger_plan(source_code="binh-thuan", target_code="lam-dong", effective_on=EFFECTIVE, acting_user=None)
    assert merger.plan["errors"] == [
        f"1 số định danh cá nhân có ở cả hai tỉnh: {clash.national_id}. Cần xử lý trùng trước khi sáp nhập."]
    with pytest.raises(ApplicationError) as refused:
        merger_run(merger=merger, acting_user=None)
    assert refused.value.message == "Chạy thử còn lỗi: xử lý các lỗi rồi chạy thử lại trước khi sáp nhập."
    with tenant_context(lam_dong):
        assert Person.objects.count() == 1
    assert Province.objects.get(pk=binh_thuan.pk).status == ProvinceStatus.ACTIVE


def test_an_interrupted_copy_leaves_nothing_and_the_re_run_completes(
    binh_thuan: Province, lam_dong: Province, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = _snapshot(binh_thuan)
    merger = merger_plan(source_code="binh-thuan", target_code="lam-dong", effective_on=EFFECTIVE, acting_user=None)
    real, calls = merger_module._projection, []

    def dies_midway(spec: Any, context: Any) -> Any:
        calls.append(spec.table)
        if len(calls) == 12:  # the worker dies after eleven tables were inserted
            raise ConnectionError("worker lost")
        return real(spec, context)

    monkeypatch.setattr(merger_module, "_projection", dies_midway)
    with pytest.raises(ConnectionError):
        merger_run(merger=merger, acting_user=None)
    with tenant_context(lam_dong):
        assert Person.objects.count() == 0 and OrgUnit.objects.count() == 1
    merger.refresh_from_db()
    assert merger.state == MergerState.PLANNED
    # The province stays in maintenance while its merger is unfinished.
    assert Province.objects.get(pk=binh_thuan.pk).status == ProvinceStatus.SUSPENDED

    monkeypatch.setattr(merger_module, "_projection", real)
    merger = merger_run(merger=merger, acting_user=None)
    assert merger.state == MergerState.SWITCHED
    assert _snapshot(lam_dong)["people"] == expected["people"]


def test_an_interruption_after_the_copy_resumes_without_copying_twice(
    binh_thuan: Province, lam_dong: Province, monkeypatch: pytest.MonkeyPatch
) -> None:
    _pending_change_with_document(binh_thuan)
    merger = merger_plan(source_code="binh-thuan", target_code="lam-dong", effective_on=EFFECTIVE, acting_user=None)
    real_files = merger_module._files
    monkeypatch.setattr(merger_module, "_files", lambda *a, **k: (_ for _ in ()).throw(OSError("disk gone")))
    with pytest.raises(OSError):
        merger_run(merger=merger, acting_user=None)
    merger.refresh_from_db()
    assert merger.state == MergerState.COPIED
    people = len(_snapshot(binh_thuan)["people"])

    monkeypatch.setattr(merger_module, "_files", real_files)
    merger = merger_run(merger=merger, acting_user=None)
    assert merger.state == MergerState.SWITCHED
    assert merger.files["copied"] == 1
    with tenant_context(lam_dong):
        assert Person.objects.count() == people
    assert merger_run(merger=merger, acting_user=None).state == MergerState.SWITCHED  # a third run: nothing


def test_confirming_backs_up_bình_thuận_then_drops_its_schema(binh_thuan: Province, lam_dong: Province,
                                                               console: Client) -> None:
    merger = merger_plan(source_code="binh-thuan", target_code="lam-dong", effective_on=EFFECTIVE, acting_user=None)
    with pytest.raises(ApplicationError) as early:
        merger_confirm(merger=merger, acting_user=None)
    assert early.value.message == ("Chỉ xác nhận được khi dữ liệu đã chuyển, kiểm tra khớp và tên miền đã chuyển "
                                   "hướng.")
    merger = merger_run(merger=merger, acting_user=None)
    merger = merger_confirm(merger=merger, acting_user=None)
    assert merger.state == MergerState.CONFIRMED
    from core.backups.models import BackupRun

    backup = BackupRun.objects.get(pk=merger.final_backup_id)
    assert (backup.status, backup.province_id, backup.source_schema) == ("ok", binh_thuan.pk, "binh_thuan")
    assert not schema_exists("binh_thuan")
    assert Province.objects.get(pk=binh_thuan.pk).schema_dropped_at is not None
    assert client_for(binh_thuan).get("/").status_code == 301
    connection.set_schema_to_public()
    row = console.get("/van-hanh/").content.decode().split('id="province-binh-thuan"')[1].split("</tr>")[0]
    assert "Đã sáp nhập</span> vào Lâm Đồng" in row
    assert "Dữ liệu cũ đã xoá lúc" in console.get("/tinh/binh-thuan/").content.decode()


def test_the_command_runs_the_dry_run_then_the_merger(binh_thuan: Province, lam_dong: Province,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    call_command("province_merge", "--from", "binh-thuan", "--into", "lam-dong", "--effective-date", "2025-07-01",
                 "--dry-run")
    out = capsys.readouterr().out
    assert "Sáp nhập Bình Thuận vào Lâm Đồng" in out and "Đã chạy thử." in out
    assert "Đổi tên đăng nhập: snv.quantri → binh-thuan.snv.quantri" in out
    with tenant_context(lam_dong):
        assert Person.objects.count() == 0
    call_command("province_merge", "--from", "binh-thuan", "--into", "lam-dong", "--effective-date", "2025-07-01")
    out = capsys.readouterr().out
    assert "Đã chuyển hướng tên miền." in out and "KHÔNG KHỚP" not in out
    assert ProvinceMerger.objects.get().state == MergerState.SWITCHED
    with pytest.raises(CommandError, match="Ngày hiệu lực “01/07/2025” không hợp lệ"):
        call_command("province_merge", "--from", "lao-cai", "--into", "lam-dong", "--effective-date", "01/07/2025")
    with pytest.raises(CommandError, match="Tỉnh Bình Thuận đã được sáp nhập vào tỉnh khác."):
        call_command("province_merge", "--from", "binh-thuan", "--into", "son-la", "--dry-run")


def test_two_demo_provinces_merge_with_every_record_accounted_for(binh_thuan: Province) -> None:
    son_la = Province.objects.get(code="son-la")
    for province in (binh_thuan, son_la):  # both hold their reports' and backup's duties, same month
        with tenant_context(province):
            duties_daily_run(today=date(2026, 11, 25))
    expected, own = _snapshot(binh_thuan), _snapshot(son_la)
    with tenant_context(binh_thuan):
        report_duty = (Obligation.objects.filter(kind=ObligationKind.REPORT, org_unit__parent__isnull=False)
                       .select_related("org_unit").first())
        assert report_duty is not None
        report_key = (report_duty.org_unit.name, report_duty.due)
        backup_open = Obligation.objects.filter(kind=ObligationKind.BACKUP, state=ObligationState.OPEN).count()
    merger = merger_plan(source_code="binh-thuan", target_code="son-la", effective_on=EFFECTIVE, acting_user=None)
    merger = merger_run(merger=merger, acting_user=None)
    planned = {t["table"]: t["rows"] for t in merger.plan["tables"]}
    checked = merger.verification["tables"]
    assert {table: result["landed_rows"] for table, result in checked.items()} == planned
    assert all(result["ok"] and result["md5"] == result["landed_md5"] for result in checked.values())
    arrived = _snapshot(son_la)
    assert arrived["people"] == {**own["people"], **expected["people"]}
    assert len(arrived["people"]) == len(own["people"]) + len(expected["people"])
    assert arrived["versions"] == sorted(own["versions"] + expected["versions"])
    assert arrived["obligations"] == sorted(own["obligations"] + expected["obligations"])
    with tenant_context(son_la):
        # A report's duty still names its report, now under its new id.
        old_root = OrgUnit.objects.get(name="Khu vực Tỉnh Bình Thuận (trước sáp nhập)")
        moved = [d for d in Obligation.objects.filter(kind=ObligationKind.REPORT).select_related("org_unit")
                 if (d.org_unit.name, d.due) == report_key and d.org_unit.path.startswith(old_root.path)]
        assert len(moved) == 1
        report = ScheduledReport.objects.get(pk=int(moved[0].reference.split(":")[1]))
        assert (report.org_unit_id, report.due) == (moved[0].org_unit_id, moved[0].due)
        # Bình Thuận's own DoHA duties end with it: Sơn La's DoHA owes the merged province's.
        assert Obligation.objects.filter(reference="backup:2026-11:binh-thuan", state=ObligationState.DONE).count() \
            == backup_open
        assert Obligation.objects.filter(reference="backup:2026-11", state=ObligationState.OPEN).count() == 1
    assert merger.adjustments["province_duties_closed"] >= backup_open


def test_a_clash_made_after_the_dry_run_is_refused_and_leaves_bình_thuận_working(
    binh_thuan: Province, lam_dong: Province
) -> None:
    merger = merger_plan(source_code="binh-thuan", target_code="lam-dong", effective_on=EFFECTIVE, acting_user=None)
    assert merger.plan["errors"] == []
    with tenant_context(binh_thuan):
        clash = Person.objects.order_by("national_id").first()
        assert clash is not None
    with tenant_context(lam_dong):
        Person.objects.create(national_id=clash.national_id, full_name="Người trùng số", gender=clash.gender,
                              birth_date=clash.birth_date, birth_year=clash.birth_year, category=clash.category,
                              org_unit=OrgUnit.objects.get(parent__isnull=True))
    with pytest.raises(ApplicationError) as refused:
        merger_run(merger=merger, acting_user=None)
    assert refused.value.message == (
        "Dữ liệu đã thay đổi từ lần chạy thử và có lỗi: 1 số định danh cá nhân có ở cả hai tỉnh: "
        f"{clash.national_id}. Cần xử lý trùng trước khi sáp nhập.")
    merger.refresh_from_db()
    assert merger.state == MergerState.PLANNED and len(merger.plan["errors"]) == 1
    assert Province.objects.get(pk=binh_thuan.pk).status == ProvinceStatus.ACTIVE
