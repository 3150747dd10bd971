import pytest
from django.db import connection
from django.test import Client, override_settings

from core.operations.demo.services import DEMO_PROVINCES
from tenants.models import Province
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("demo", DEMO_PROVINCES, ids=lambda d: d.code)
def test_each_province_host_shows_its_own_name(demo) -> None:  # type: ignore[no-untyped-def]
    """laocai.localhost shows "Lào Cai" with its diacritics, and no other province's name."""
    response = Client(HTTP_HOST=f"{demo.subdomain}.localhost").get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert demo.official_name in html
    others = [d.official_name for d in DEMO_PROVINCES if d.code != demo.code]
    assert not any(other in html for other in others)


def test_public_host_lists_all_five_provinces_to_anyone() -> None:
    """The public host's front page names each province and its address; the operators'
    console itself needs an operator's sign-in."""
    response = client_for(None).get("/")
    assert response.status_code == 200
    html = response.content.decode()
    for demo in DEMO_PROVINCES:
        assert demo.name in html
        assert f"{demo.subdomain}.localhost" in html
    assert client_for(None).get("/van-hanh/")["Location"].startswith("/dang-nhap/")


def test_unknown_host_answers_a_short_404_page(lao_cai: Province) -> None:
    """In `public`, even right after a request of a province the process remembers (whose host
    is answered without switching to `public` first)."""
    client_for(lao_cai).get("/dang-nhap/")
    assert connection.schema_name == lao_cai.schema_name  # type: ignore[attr-defined]
    response = Client(HTTP_HOST="khongco.localhost").get("/")
    assert response.status_code == 404
    assert "Địa chỉ này không thuộc tỉnh nào trên hệ thống." in response.content.decode()
    assert connection.schema_name == "public"  # type: ignore[attr-defined]


def test_a_host_not_allowed_is_a_404_in_public(lao_cai: Province) -> None:
    client_for(lao_cai).get("/dang-nhap/")
    with override_settings(ALLOWED_HOSTS=["localhost"]):
        assert client_for(lao_cai).get("/dang-nhap/").status_code == 404
    assert connection.schema_name == "public"  # type: ignore[attr-defined]


def test_unknown_path_on_a_province_is_404_not_500(lao_cai: Province) -> None:
    response = client_for(lao_cai).get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_suspended_province_shows_maintenance_page_and_keeps_data(lao_cai: Province) -> None:
    lao_cai.status = "suspended"
    lao_cai.save(update_fields=["status"])
    response = client_for(lao_cai).get("/")
    assert response.status_code == 503
    assert "đang tạm dừng để bảo trì" in response.content.decode()
