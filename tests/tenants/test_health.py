"""The probes answer for any host (a pod's own address included), before tenancy, and reveal
nothing beyond "up" and "ready"."""

import pytest
from django.db import connection
from django.test import Client

from frontend.common import health
from tenants.models import Province
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("host", ["lao-cai", "localhost", "10.42.0.17:8000"])
def test_liveness_answers_for_every_host(host: str, lao_cai: Province) -> None:
    """A province's host, the console's, and a pod address that is no province's all answer."""
    browser = client_for(lao_cai) if host == "lao-cai" else Client(HTTP_HOST=host)
    response = browser.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readiness_on_a_pod_address() -> None:
    response = Client(HTTP_HOST="10.42.0.17:8000").get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"database": True, "migrations_applied": True}


def test_readiness_checks_public_even_after_a_province_request(lao_cai: Province) -> None:
    """The connection left in a province's schema by the previous request is reset to public."""
    client_for(lao_cai).get("/dang-nhap/")
    assert client_for(lao_cai).get("/readyz").json() == {"database": True, "migrations_applied": True}


def test_readiness_fails_with_unapplied_migrations(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(health, "_migrations_known_applied", False)
    monkeypatch.setattr("django.db.migrations.executor.MigrationExecutor.migration_plan",
                        lambda self, targets: [("pending", False)])
    response = Client(HTTP_HOST="localhost").get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"database": True, "migrations_applied": False}


def test_readiness_fails_when_the_database_does_not_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    from django.db import DatabaseError

    def refuse(*args: object, **kwargs: object) -> None:
        raise DatabaseError("connection refused")

    monkeypatch.setattr(connection, "cursor", refuse)
    response = Client(HTTP_HOST="localhost").get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"database": False, "migrations_applied": False}


def test_a_suspended_province_stays_live(lao_cai: Province) -> None:
    """Suspension shows a maintenance page, not a failed probe: pods must not be restarted."""
    Province.objects.filter(pk=lao_cai.pk).update(status="suspended")
    assert client_for(lao_cai).get("/").status_code == 503
    assert client_for(lao_cai).get("/healthz").status_code == 200
