"""Suspend, resume and archive a province from the console; each change is logged in public."""

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from core.base.audit.models import AuditEvent
from core.operations.demo.services import DEMO_PASSWORD
from core.operations.onboarding import DOHA_ADMIN_USERNAME
from tenants.models import Province
from tenants.selectors import province_list_for_background_work
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def _reload(province: Province) -> Province:
    return Province.objects.get(pk=province.pk)


def _operator_events(code: str) -> list[tuple[str, str]]:
    """The platform's log (requests to a province host leave the connection in its schema)."""
    with schema_context("public"):
        return list(AuditEvent.objects.filter(target=code, action__in=["province.suspend", "province.resume", "province.archive"])
                    .values_list("action", "detail__reason").order_by("id"))


def test_suspend_then_resume(console: Client, lao_cai: Province) -> None:
    response = console.post("/tinh/lao-cai/tam-dung/", {"reason": "Nâng cấp máy chủ"}, follow=True)
    assert "Đã tạm dừng tỉnh Lào Cai" in response.content.decode()
    assert _reload(lao_cai).status == "suspended"
    assert client_for(lao_cai).get("/").status_code == 503
    assert lao_cai not in province_list_for_background_work()
    assert client_for(lao_cai).get("/healthz").status_code == 200

    response = console.post("/tinh/lao-cai/tiep-tuc/", follow=True)
    assert "Tỉnh Lào Cai đã hoạt động trở lại." in response.content.decode()
    assert client_for(lao_cai).get("/").status_code == 200
    assert _operator_events("lao-cai") == [("province.suspend", "Nâng cấp máy chủ"), ("province.resume", "")]


def test_a_change_that_does_not_apply_is_refused_with_a_message(console: Client, lao_cai: Province) -> None:
    response = console.post("/tinh/lao-cai/tiep-tuc/", follow=True)
    assert "Không thể chuyển tỉnh Lào Cai từ “Đang hoạt động” sang “Đang hoạt động”." in response.content.decode()
    assert _operator_events("lao-cai") == []


@pytest.mark.parametrize("path", ["/tinh/khong-co/tam-dung/", "/tinh/lao-cai/xoa-het/", "/tinh/public/tam-dung/"])
def test_unknown_provinces_and_actions_are_404(console: Client, path: str) -> None:
    assert console.post(path).status_code == 404


def test_status_changes_need_post(console: Client) -> None:
    assert console.get("/tinh/lao-cai/tam-dung/").status_code == 405


def test_an_archived_province_reads_but_refuses_every_write(console: Client, lao_cai: Province) -> None:
    console.post("/tinh/lao-cai/luu-tru/")
    assert _reload(lao_cai).status == "archived"
    browser = client_for(lao_cai)
    # Signing in still works: reading the archive needs it.
    assert browser.post("/dang-nhap/", {"username": DOHA_ADMIN_USERNAME, "password": DEMO_PASSWORD}).status_code == 302
    assert browser.get("/quy-che/").status_code == 200
    refused = browser.post("/quy-che/lich-lam-viec/", {"day": "2027-09-03", "working": "0", "reason": "x"})
    assert refused.status_code == 423
    assert "Tỉnh Lào Cai đã chuyển sang lưu trữ: dữ liệu chỉ được xem" in refused.content.decode()
    for method in ("put", "patch", "delete"):
        assert getattr(browser, method)("/api/v1/rules/").status_code == 423
    api = browser.post("/api/v1/people/", {}, content_type="application/json")
    assert api.status_code == 423
    assert api.json()["code"] == "province_archived"
    assert _operator_events("lao-cai") == [("province.archive", "")]
