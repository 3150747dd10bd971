"""The probes answer for any host (a pod's own address included), before tenancy, and reveal
nothing beyond "up" and "ready"."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
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
    """A migration file of the code that `public` has not recorded: not ready, as Django's own
    migration plan says."""
    monkeypatch.setattr(health, "_migrations_known_applied", False)
    connection.set_schema_to_public()  # type: ignore[attr-defined]  # django-tenants backend
    executor = MigrationExecutor(connection)
    (latest,) = [node for node in executor.loader.graph.leaf_nodes() if node[0] == "core"]
    MigrationRecorder(connection).record_unapplied(*latest)
    executor.loader.build_graph()
    assert executor.migration_plan(executor.loader.graph.leaf_nodes())
    response = Client(HTTP_HOST="localhost").get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"database": True, "migrations_applied": False}


def test_readiness_lists_the_migrations_that_django_would_load() -> None:
    """The probe reads the migration files' names instead of importing them (memory of every web
    worker): the same migrations as Django's loader, app by app."""
    assert health._migrations_on_disk() == set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)


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
