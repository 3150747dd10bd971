"""GET /api/v1/rules/ is public law; POST needs the DoHA admin."""

import pytest
from django_tenants.utils import tenant_context
from knox.models import AuthToken

from core.base.accounts.models import Account
from core.operations.onboarding import DOHA_ADMIN_USERNAME
from rules.models import RuleVersion
from tenants.models import Province
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

CHANGE = {
    "key": "deadline.unit_review", "value": {"n": 3, "unit": "working"}, "effective_from": "2027-01-01",
    "document": "Quyết định 99/2027/QĐ-UBND tỉnh Lào Cai", "article": "Điều 14 khoản 3",
}


def _token_for(province: Province, username: str) -> str:
    with tenant_context(province):
        account = Account.objects.get_or_create(username=username)[0]
        return AuthToken.objects.create(user=account)[1]


def test_rules_name_each_value_with_its_source_and_citation(lao_cai: Province) -> None:
    response = client_for(lao_cai).get("/api/v1/rules/?as_of=2026-06-01")
    assert response.status_code == 200
    body = response.json()
    assert body["province"] == "lao-cai" and body["as_of"] == "2026-06-01"
    window = body["rules"]["window.unit"]
    assert window["source"] == "province"
    assert window["value"]["kind"] == "day_range"
    assert (window["value"]["start_day"], window["value"]["end_day"]) == (21, 25)
    assert window["value"]["roll_forward_end"] is True
    assert window["citation"]["article"].startswith("Điều 7")
    assert body["rules"]["deadline.first_entry"]["source"] == "baseline"


def test_the_doha_admin_adds_a_version_through_the_api(lao_cai: Province) -> None:
    token = _token_for(lao_cai, DOHA_ADMIN_USERNAME)
    response = client_for(lao_cai).post("/api/v1/rules/", CHANGE, content_type="application/json",
                                        HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 201, response.content
    after = client_for(lao_cai).get("/api/v1/rules/?as_of=2027-01-01").json()["rules"]["deadline.unit_review"]
    assert after["value"] == {"n": 3, "unit": "working"}
    before = client_for(lao_cai).get("/api/v1/rules/?as_of=2026-12-31").json()["rules"]["deadline.unit_review"]
    assert before["value"] is None


def test_an_ordinary_account_cannot_change_rules(lao_cai: Province) -> None:
    token = _token_for(lao_cai, "001090000777")
    response = client_for(lao_cai).post("/api/v1/rules/", CHANGE, content_type="application/json",
                                        HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 403
    assert response.json()["message"] == "Chỉ quản trị Sở Nội vụ được thay đổi quy chế."
    with tenant_context(lao_cai):
        assert not RuleVersion.objects.filter(key="deadline.unit_review", effective_from="2027-01-01").exists()


def test_a_token_from_another_province_is_not_accepted(lao_cai: Province, lai_chau: Province) -> None:
    token = _token_for(lai_chau, DOHA_ADMIN_USERNAME)
    response = client_for(lao_cai).post("/api/v1/rules/", CHANGE, content_type="application/json",
                                        HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 401


def test_a_bad_value_through_the_api_names_the_field(lao_cai: Province) -> None:
    token = _token_for(lao_cai, DOHA_ADMIN_USERNAME)
    bad = {**CHANGE, "key": "window.unit",
           "value": {"kind": "day_range", "start_day": 25, "end_day": 21, "roll_forward_end": False, "signature_required": True}}
    response = client_for(lao_cai).post("/api/v1/rules/", bad, content_type="application/json",
                                        HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 400
    fields = response.json()["extra"]["fields"]
    assert list(fields) == ["value.end_day"]


def test_refusals_from_the_framework_are_in_vietnamese(lao_cai: Province) -> None:
    """A missing or unknown token and a wrong method answer in Vietnamese, on every view."""
    anonymous = client_for(lao_cai).post("/api/v1/rules/", CHANGE, content_type="application/json")
    assert anonymous.status_code in (401, 403)
    assert anonymous.json()["message"] == "Chưa đăng nhập: gửi kèm mã truy cập (Authorization: Token …)."
    bad_token = client_for(lao_cai).post("/api/v1/rules/", CHANGE, content_type="application/json",
                                         HTTP_AUTHORIZATION="Token khong-co")
    assert bad_token.json()["message"] == "Mã truy cập không hợp lệ hoặc đã bị thu hồi."
    wrong_method = client_for(lao_cai).delete("/api/v1/calendar/reports/?year=2026")
    assert wrong_method.status_code == 405
    assert wrong_method.json()["message"] == "Phương thức “DELETE” không được chấp nhận."
