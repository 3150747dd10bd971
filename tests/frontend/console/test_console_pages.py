"""The console's pages: the province list and detail, onboarding, the national calendar."""

from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_exists, tenant_context

from core.base.audit.models import AuditEvent
from core.operations.demo.services import DEMO_PROVINCES
from core.operations.selectors import province_counts
from rules.domain.registry import RuleKey
from rules.models import RuleVersion
from rules.national.models import CalendarOverride
from tenants.models import Domain, Province
from tenants.selectors import province_list
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

HA_GIANG = {"code": "ha-giang", "name": "Hà Giang", "official_name": "", "subdomain": "hagiang",
            "rule_preset": "copy:lao-cai", "tech_agency": "Sở Khoa học và Công nghệ tỉnh Hà Giang"}


def test_the_list_shows_every_province_with_its_counts_and_placeholders(console: Client) -> None:
    html = console.get("/van-hanh/").content.decode()
    for demo in DEMO_PROVINCES:
        assert demo.name in html and f"{demo.subdomain}.localhost" in html
    assert "Đang hoạt động" in html
    assert "Sao lưu gần nhất" in html and "Đồng bộ quốc gia gần nhất" in html


def test_people_and_accounts_of_every_province_are_counted_in_one_query(lao_cai: Province) -> None:
    provinces = list(province_list())
    with CaptureQueriesContext(connection) as queries:
        counts = province_counts(provinces)
    selects = [q["sql"] for q in queries if q["sql"].startswith("SELECT")]
    assert len(selects) == 1  # the rest is the savepoint around it and django-tenants' search_path
    assert set(counts) == {p.schema_name for p in provinces}
    with tenant_context(lao_cai):
        from core.base.accounts.models import Account
        from core.models import Person

        expected = (Person.objects.count(), Account.objects.filter(is_active=True).count())
    assert (counts["lao_cai"].people, counts["lao_cai"].users) == expected
    assert expected[0] > 0


def test_a_province_page_and_an_unknown_code(console: Client) -> None:
    html = console.get("/tinh/lao-cai/").content.decode()
    assert "Tỉnh Lào Cai" in html and "lao_cai" in html and "laocai.localhost" in html
    assert console.get("/tinh/khong-co/").status_code == 404


def test_onboarding_from_the_console_makes_the_province_and_shows_a_one_time_link(console: Client) -> None:
    response = console.post("/tinh/moi/", HA_GIANG)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Đã khởi tạo Tỉnh Hà Giang" in html
    assert "http://hagiang.localhost/kich-hoat/" in html
    province = Province.objects.get(code="ha-giang")
    assert province.is_ready and province.status == "active" and province.migration_state.state == "ok"
    assert Domain.objects.get(tenant=province).domain == "hagiang.localhost"
    event = AuditEvent.objects.get(action="province.onboard", target="ha-giang")
    assert event.actor.username == "vanhanh.an"
    assert event.detail["rule_preset"] == "copy:lao-cai"
    with tenant_context(province):
        agency = RuleVersion.objects.filter(key=str(RuleKey.TECH_AGENCY)).latest("entered_at")
        assert agency.value == "Sở Khoa học và Công nghệ tỉnh Hà Giang"
        assert agency.entered_by is None  # the operator is a public account, not this province's
    assert client_for(province).get("/").status_code == 200
    connection.set_schema_to_public()


@pytest.mark.parametrize(("field", "value", "message"), [
    ("subdomain", "Hà_Giang", "Tên miền con chỉ gồm chữ thường không dấu"),
    ("subdomain", "laocai", "Tên miền con “laocai” đã được tỉnh Lào Cai sử dụng."),
    ("code", "Hà Giang", "Mã tỉnh chỉ gồm chữ thường không dấu"),
    ("code", "public", "Mã “public” được dành riêng cho hệ thống."),
    ("code", "province-template", "được dành riêng cho hệ thống"),
    ("rule_preset", "copy:khong-co", "Hãy chọn một lựa chọn hợp lệ."),
])
def test_bad_onboarding_input_is_refused_beside_its_field_and_nothing_is_made(
    console: Client, field: str, value: str, message: str
) -> None:
    before = (Province.objects.count(), Domain.objects.count())
    response = console.post("/tinh/moi/", {**HA_GIANG, field: value})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert (Province.objects.count(), Domain.objects.count()) == before
    assert not schema_exists("ha_giang")


def test_onboarding_a_code_that_exists_is_refused(console: Client) -> None:
    response = console.post("/tinh/moi/", {**HA_GIANG, "code": "lao-cai", "subdomain": "laocai"})
    assert "Đã có tỉnh mã “lao-cai”." in response.content.decode()


def test_the_national_calendar_is_kept_from_the_console_and_logged(console: Client) -> None:
    response = console.post("/lich-toan-quoc/", {"day": "2027-09-03", "working": "0",
                                                 "reason": "Thông báo 123/TB-BNV", "legal_basis": ""})
    assert response.status_code == 302
    assert CalendarOverride.objects.get(day=date(2027, 9, 3)).working is False
    assert "Thông báo 123/TB-BNV" in console.get("/lich-toan-quoc/").content.decode()
    console.post("/lich-toan-quoc/", {"remove": "2027-09-03", "removal_reason": "Thông báo 124/TB-BNV"})
    assert not CalendarOverride.objects.filter(day=date(2027, 9, 3)).exists()
    actions = list(AuditEvent.objects.filter(target="2027-09-03").values_list("action", "actor__username"))
    assert actions == [("rules.national_calendar_override_remove", "vanhanh.an"),
                       ("rules.national_calendar_override", "vanhanh.an")]


@pytest.mark.parametrize("data", [
    {"day": "31/02/2027", "working": "0", "reason": "x"},
    {"day": "2027-09-03", "working": "9", "reason": "x"},
    {"day": "2027-09-03", "working": "0", "reason": ""},
    {"remove": "không-phải-ngày"},
    {"remove": "2031-01-01"},
])
def test_bad_calendar_input_never_fails_the_page(console: Client, data: dict[str, str]) -> None:
    response = console.post("/lich-toan-quoc/", data, follow=True)
    assert response.status_code == 200
    assert not CalendarOverride.objects.filter(day=date(2027, 9, 3)).exists()


def test_every_console_page_answers_in_vietnamese(console: Client) -> None:
    for path in ("/", "/tinh/lao-cai/", "/tinh/moi/", "/lich-toan-quoc/", "/nhat-ky/"):
        response = console.get(path)
        assert response.status_code == 200, path
        assert 'lang="vi"' in response.content.decode()
