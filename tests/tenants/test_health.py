import pytest

from tenants.models import Province
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_health_on_a_province_host_names_the_province(lao_cai: Province) -> None:
    response = client_for(lao_cai).get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": True, "migrations_applied": True, "province": "lao-cai", "schema": "lao_cai"}


def test_health_on_the_public_host_has_no_province() -> None:
    response = client_for(None).get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": True, "migrations_applied": True, "province": None, "schema": "public"}
