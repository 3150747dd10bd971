"""The console's merger pages: dry run, run, confirmation; operators only."""

from datetime import UTC
from typing import Any

import pytest
from django.test import Client
from django_tenants.utils import tenant_context

from core.base.accounts.models import Account
from core.models import Person
from core.operations.onboarding import province_onboard
from core.operations.operators import OperatorCreated
from tenants.models import MergerState, Province, ProvinceMerger
from tests.conftest import client_for, sign_in

pytestmark = pytest.mark.django_db

PLAN = {"source": "binh-thuan", "target": "lam-dong", "effective_on": "2025-07-01", "basis": "",
        "source_root_name": ""}


@pytest.fixture
def lam_dong(db: None) -> Province:
    return province_onboard(code="lam-dong", name="Lâm Đồng", official_name="Tỉnh Lâm Đồng",
                            subdomain="lamdong", rule_preset="baseline").province


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path)


def test_an_operator_dry_runs_runs_and_sees_every_table_match(console: Client, lam_dong: Province) -> None:
    response = console.post("/van-hanh/sap-nhap/", PLAN)
    assert response.status_code == 302
    merger = ProvinceMerger.objects.get()
    html = console.get(response["Location"]).content.decode()
    assert "Sáp nhập Bình Thuận vào Lâm Đồng" in html and "Đã chạy thử" in html
    assert "snv.quantri → binh-thuan.snv.quantri" in html and "Thực hiện sáp nhập" in html
    with tenant_context(lam_dong):
        assert Person.objects.count() == 0

    response = console.post(f"/van-hanh/sap-nhap/{merger.pk}/thuc-hien/", follow=True)
    html = response.content.decode()
    assert "Sáp nhập Bình Thuận vào Lâm Đồng: đã chuyển hướng tên miền." in html
    assert "Không khớp" not in html and html.count(">Khớp<") == len(merger.plan["tables"])
    assert "Xác nhận, xoá dữ liệu tỉnh cũ" in html
    home = console.get("/van-hanh/").content.decode()
    assert "Đã sáp nhập</span> vào Lâm Đồng" in home
    detail = console.get("/tinh/binh-thuan/").content.decode()
    assert "Đã sáp nhập vào Lâm Đồng: địa chỉ cũ chuyển hướng sang tỉnh nhận." in detail
    assert "Cho hoạt động trở lại" not in detail

    response = console.post(f"/van-hanh/sap-nhap/{merger.pk}/xac-nhan/", {"confirm_code": "lam-dong"}, follow=True)
    assert "Nhập đúng mã tỉnh “binh-thuan” để xác nhận xoá dữ liệu tỉnh cũ." in response.content.decode()
    merger.refresh_from_db()
    assert merger.state == MergerState.SWITCHED


def test_bad_choices_are_named_beside_their_fields(console: Client, lam_dong: Province) -> None:
    html = console.post("/van-hanh/sap-nhap/", {**PLAN, "target": "binh-thuan", "effective_on": "31/02/2025"}
                        ).content.decode()
    assert "Ngày không hợp lệ (dd/mm/yyyy hoặc yyyy-mm-dd)." in html
    html = console.post("/van-hanh/sap-nhap/", {**PLAN, "target": "binh-thuan"}).content.decode()
    assert "Tỉnh nhận phải khác tỉnh sáp nhập." in html
    html = console.post("/van-hanh/sap-nhap/", {**PLAN, "source": "ha-noi"}).content.decode()
    assert "Tỉnh không có trong danh sách." in html
    assert not ProvinceMerger.objects.exists()


def test_only_operators_reach_the_merger_pages(lam_dong: Province, operator: OperatorCreated) -> None:
    assert client_for(None).get("/van-hanh/sap-nhap/").status_code == 302
    password_only = client_for(None)
    password_only.force_login(operator.account)  # without the second factor
    assert password_only.post("/van-hanh/sap-nhap/", PLAN).status_code == 302
    someone = client_for(None)
    someone.force_login(Account.objects.create_user(username="khong.phai.van.hanh", password="Mat-khau-dai-2026"))
    assert someone.post("/van-hanh/sap-nhap/", PLAN).status_code == 403
    doha = sign_in(Province.objects.get(code="lao-cai"), "snv.quantri", "hoso-demo-2026")
    assert doha.get("/van-hanh/sap-nhap/").status_code == 404  # the console lives on the public host only
    assert not ProvinceMerger.objects.exists()


def test_an_unknown_merger_is_not_found(console: Client) -> None:
    assert console.get("/van-hanh/sap-nhap/999999/").status_code == 404
    assert console.get("/van-hanh/sap-nhap/99999999999999999999/").status_code == 404


def test_the_list_shows_each_province_last_backup_and_national_sync(console: Client, settings: Any,
                                                                    tmp_path: Any) -> None:
    from datetime import datetime

    from core.backups.models import BackupRun, BackupStatus

    son_la = Province.objects.get(code="son-la")
    finished = datetime(2026, 11, 20, 1, 30, tzinfo=UTC)
    BackupRun.objects.create(province=son_la, status=BackupStatus.OK, started_at=finished, finished_at=finished)
    BackupRun.objects.create(province=son_la, status=BackupStatus.FAILED, started_at=finished,
                             finished_at=datetime(2026, 11, 21, 1, 30, tzinfo=UTC))
    html = console.get("/van-hanh/").content.decode()
    row = html.split('id="province-son-la"')[1].split("</tr>")[0]
    assert "20/11/2026 08:30" in row and "21/11/2026" not in row  # Asia/Ho_Chi_Minh; the failed run does not count
    assert "20/11/2026 08:30" in console.get("/tinh/son-la/").content.decode()
