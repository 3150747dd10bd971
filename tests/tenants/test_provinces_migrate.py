"""Migrating every province in parallel: one failure is recorded and shown, the others go on."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client

from core.base.audit.models import AuditEvent
from tenants import schema_migrations
from tenants.models import Province, ProvinceMigrationState
from tenants.schema_migrations import SchemaMigrationResult
from tenants.selectors import province_list_for_background_work
from tenants.template import template_schema_name
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def lai_chau_breaks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Lai Châu's migration raises in its worker (forked workers inherit the patch)."""
    real = schema_migrations.schema_migrate

    def migrate(schema_name: str) -> SchemaMigrationResult:
        if schema_name == "lai_chau":
            raise RuntimeError("cột trùng tên")
        return real(schema_name)

    monkeypatch.setattr(schema_migrations, "schema_migrate", migrate)


def _run() -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("provinces_migrate", "--processes", "3", stdout=out, stderr=err)
    except CommandError as error:
        return out.getvalue(), str(error)
    return out.getvalue(), ""


def test_every_province_and_the_template_are_migrated_and_recorded() -> None:
    out, failure = _run()
    assert failure == ""
    assert "6/6 schema thành công" in out and template_schema_name() in out
    # The spares are made again at the state just migrated (tenants/spares.py).
    assert "2 bản sao dự phòng sẵn sàng (2 bản mới, 0 bản cũ đã xoá)." in out
    states = dict(ProvinceMigrationState.objects.values_list("province__code", "state"))
    assert states == {code: "ok" for code in ("lai-chau", "tuyen-quang", "lao-cai", "son-la", "binh-thuan")}
    assert AuditEvent.objects.filter(action="province.migrate").count() == 1


def test_a_failing_province_is_recorded_without_stopping_the_others(lai_chau_breaks: None, console: Client) -> None:
    out, failure = _run()
    assert "5/6 schema thành công" in failure and "Lỗi: lai_chau." in failure
    assert "LỖI lai_chau" in out
    state = ProvinceMigrationState.objects.get(province__code="lai-chau")
    assert state.state == "failed"
    # The worker's exception crossed the process boundary: the pool reports it as the schema's error.
    assert "cột trùng tên" in state.error
    assert ProvinceMigrationState.objects.filter(state="ok").count() == 4
    lai_chau = Province.objects.get(code="lai-chau")
    assert not lai_chau.is_ready and lai_chau not in province_list_for_background_work()
    assert "cột trùng tên" in console.get("/tinh/lai-chau/").content.decode()
    assert "Lỗi" in console.get("/van-hanh/").content.decode()
    # Not ready: the province's host shows the maintenance page (health stays readable).
    assert client_for(lai_chau).get("/").status_code == 503
    assert client_for(lai_chau).get("/healthz").status_code == 200
    connection.set_schema_to_public()


def test_the_next_good_run_makes_the_province_ready_again(lai_chau_breaks: None, monkeypatch: pytest.MonkeyPatch) -> None:
    _run()
    monkeypatch.undo()
    assert _run()[1] == ""
    lai_chau = Province.objects.get(code="lai-chau")
    assert lai_chau.is_ready and lai_chau.migration_state.state == "ok" and lai_chau.migration_state.error == ""
    assert client_for(lai_chau).get("/").status_code == 200
    connection.set_schema_to_public()
