import io

import pytest
from django.core.management import CommandError, call_command
from django_tenants.utils import tenant_context

from core.base.accounts.models import Account
from core.base.errors import ApplicationError
from core.operations.onboarding import province_onboard
from tenants.models import Domain, Province

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, int, list[tuple[str, int]]]:
    accounts = []
    for province in Province.objects.exclude(schema_name="public"):
        with tenant_context(province):
            accounts.append((province.code, Account.objects.count()))
    return Province.objects.count(), Domain.objects.count(), sorted(accounts)


def test_running_the_setup_twice_changes_nothing() -> None:
    before = _counts()
    out = io.StringIO()
    call_command("hoso_setup", "--demo", stdout=out)
    assert _counts() == before
    assert before[0] == 6  # the platform row and the five provinces


def test_onboarding_prints_the_admin_one_time_link_once() -> None:
    first = io.StringIO()
    call_command("province_onboard", "--code", "ha-giang", "--name", "Hà Giang", "--subdomain", "hagiang",
                 "--preset", "copy:lao-cai", "--tech-agency", "Sở Khoa học và Công nghệ", "--port", "8000", stdout=first)
    assert "Đã khởi tạo: Hà Giang tại http://hagiang.localhost/" in first.getvalue()
    assert "Tài khoản quản trị Sở Nội vụ: snv.quantri. Liên kết đặt mật khẩu" in first.getvalue()
    assert "http://hagiang.localhost:8000/kich-hoat/" in first.getvalue()
    again = io.StringIO()
    call_command("province_onboard", "--code", "ha-giang", "--name", "Hà Giang", "--subdomain", "hagiang", stdout=again)
    assert "Đã có sẵn, không thay đổi" in again.getvalue()
    assert "kich-hoat" not in again.getvalue()
    province = Province.objects.get(code="ha-giang")
    with tenant_context(province):
        admin = Account.objects.get(username="snv.quantri")
        assert not admin.has_usable_password()  # the link is the only way in


def test_a_taken_subdomain_is_refused_and_nothing_is_made() -> None:
    before = _counts()
    with pytest.raises(ApplicationError) as refused:
        province_onboard(code="yen-bai", name="Yên Bái", official_name="Tỉnh Yên Bái", subdomain="laocai")
    assert refused.value.extra["fields"] == {"subdomain": "Tên miền con “laocai” đã được tỉnh Lào Cai sử dụng."}
    assert _counts() == before


def test_a_bad_subdomain_is_refused_with_a_vietnamese_message_from_the_command() -> None:
    with pytest.raises(CommandError) as refused:
        call_command("province_onboard", "--code", "yen-bai", "--name", "Yên Bái", "--subdomain", "Yên_Bái")
    assert "subdomain: Tên miền con chỉ gồm chữ thường không dấu" in str(refused.value)
    assert not Province.objects.filter(code="yen-bai").exists()
