"""The rules settings pages, in Vietnamese: anyone reads them; only the DoHA admin edits."""

import pytest
from django.test import Client
from django_tenants.utils import tenant_context

from core.base.accounts.models import Account
from core.operations.demo.services import DEMO_PASSWORD
from core.operations.onboarding import DOHA_ADMIN_USERNAME
from rules.models import RuleVersion
from tenants.models import Province
from tests.conftest import client_for, sign_in

pytestmark = pytest.mark.django_db

EDIT_URL = "/quy-che/window.unit/sua/"
VALID = {
    "value-kind": "day_range", "value-start_day": "20", "value-end_day": "24", "value-roll_forward_end": "on",
    "value-signature_required": "on", "effective_from": "2027-03-01",
    "document": "Quyết định 99/2027/QĐ-UBND tỉnh Lào Cai", "article": "Điều 7 khoản 2",
}


def _doha_admin(province: Province) -> Client:
    return sign_in(province, DOHA_ADMIN_USERNAME, DEMO_PASSWORD)


def test_overview_shows_values_sources_and_citations(lao_cai: Province) -> None:
    html = client_for(lao_cai).get("/quy-che/?as_of=2026-06-01").content.decode()
    assert "Thời gian cơ quan, đơn vị phê duyệt dữ liệu hằng tháng" in html
    assert "Quy chế của tỉnh" in html
    assert "Theo Thông tư 06/2023/TT-BNV" in html
    assert "06/2024/QĐ-UBND" in html


def test_a_bad_as_of_date_is_explained_not_a_500(lao_cai: Province) -> None:
    response = client_for(lao_cai).get("/quy-che/?as_of=31-02-2026")
    assert response.status_code == 200
    assert "Ngày không hợp lệ, hãy chọn lại (yyyy-mm-dd)." in response.content.decode()


def test_an_employee_cannot_open_the_edit_page(lao_cai: Province) -> None:
    with tenant_context(lao_cai):
        Account.objects.create_user(username="010090000555", password="mat-khau-rieng")
    browser = sign_in(lao_cai, "010090000555", "mat-khau-rieng")
    assert browser.get(EDIT_URL).status_code == 403


def test_preview_shows_the_next_twelve_months_without_saving(lao_cai: Province) -> None:
    browser = _doha_admin(lao_cai)
    response = browser.post(EDIT_URL, {**VALID, "preview": "1"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert "12 tháng kể từ 01/03/2027" in html
    # 20 to 24 March 2027; 24 April 2027 is a Saturday, so the end moves to Monday 26/04.
    assert "20/03/2027" in html and "24/03/2027" in html
    assert "26/04/2027" in html
    with tenant_context(lao_cai):
        assert not RuleVersion.objects.filter(key="window.unit", effective_from="2027-03-01").exists()


@pytest.mark.parametrize(
    ("change", "field_id", "message"),
    [
        ({"value-end_day": "18"}, "field-end_day", "Ngày kết thúc không được trước ngày bắt đầu."),
        ({"value-start_day": "30"}, "field-start_day", "Ngày trong tháng phải từ 1 đến 28: tháng Hai không có ngày 29, 30, 31."),
        ({"document": ""}, "field-document", "Cần ghi văn bản làm căn cứ (số, ký hiệu văn bản)."),
        ({"effective_from": "2027-02-30"}, "field-effective_from", "Ngày không hợp lệ (dd/mm/yyyy hoặc yyyy-mm-dd)."),
    ],
)
def test_a_bad_value_is_shown_beside_its_field_and_nothing_is_saved(
    lao_cai: Province, change: dict[str, str], field_id: str, message: str
) -> None:
    browser = _doha_admin(lao_cai)
    with tenant_context(lao_cai):
        before = RuleVersion.objects.count()
    response = browser.post(EDIT_URL, {**VALID, **change, "save": "1"})
    assert response.status_code == 400
    html = response.content.decode()
    field_html = html.split(f'id="{field_id}"', 1)[1].split("</div>", 1)[0]
    assert message in field_html
    with tenant_context(lao_cai):
        assert RuleVersion.objects.count() == before


def test_saving_adds_a_version_and_the_history_lists_both(lao_cai: Province) -> None:
    browser = _doha_admin(lao_cai)
    response = browser.post(EDIT_URL, {**VALID, "save": "1"})
    assert response.status_code == 302
    history = browser.get("/quy-che/window.unit/lich-su/").content.decode()
    assert "Quyết định 99/2027/QĐ-UBND tỉnh Lào Cai" in history
    assert "06/2024/QĐ-UBND" in history
    assert "snv.quantri" in history or "Quản trị Sở Nội vụ" in history


def test_the_overview_shows_where_the_decree_of_2026_overrides_the_provinces_text(lao_cai: Province) -> None:
    """From 1/7/2026 Nghị định 27/2026/NĐ-CP: a personnel action's data is synced within one
    day, whatever Lào Cai's monthly DoHA window (Điều 7 khoản 1) says; not before."""
    before = client_for(lao_cai).get("/quy-che/?as_of=2026-06-30").content.decode()
    assert "Quy định quốc gia được áp dụng thay quy chế của tỉnh" not in before
    html = client_for(lao_cai).get("/quy-che/?as_of=2026-07-01").content.decode()
    assert "Quy định quốc gia được áp dụng thay quy chế của tỉnh" in html
    assert "Quyết định 06/2024/QĐ-UBND tỉnh Lào Cai, Điều 7 khoản 1" in html
    assert "Nghị định 27/2026/NĐ-CP" in html
    assert "không chờ kỳ phê duyệt hằng tháng" in html
