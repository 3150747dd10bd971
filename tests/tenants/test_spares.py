"""Spare copies of the template: onboarding renames one when it was built at today's migration
state, clones otherwise; a rollback gives it back; the fill drops the stale and makes up the rest."""

import pytest
from django.db import connection
from django.test import override_settings
from django_tenants.utils import schema_exists

from core.base.errors import ApplicationError
from core.operations import onboarding as services
from tenants.spares import SPARE_PREFIX, _spares, spares_fill
from tenants.tasks import spares_fill_task
from tests.tenants.test_onboarding_clone import _onboard, _shape

pytestmark = pytest.mark.django_db


def _comment(schema: str) -> str | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT obj_description(%s::regnamespace, 'pg_namespace')", [schema])
        return cursor.fetchone()[0]


def test_the_fill_makes_spares_up_to_the_count_and_then_nothing() -> None:
    first = spares_fill(count=2)
    again = spares_fill(count=2)

    assert (first.made, first.dropped, first.ready) == (2, 0, 2)
    assert (again.made, again.dropped, again.ready) == (0, 0, 2)
    assert [current for name, current in _spares() if name.startswith(SPARE_PREFIX)] == [True, True]


def test_onboarding_renames_a_ready_spare_with_the_shape_of_a_migrated_schema() -> None:
    spares_fill(count=1)
    (spare, _), = _spares()

    province = _onboard()

    assert _spares() == [] and not schema_exists(spare)
    assert province.schema_name == "ha_giang" and _comment("ha_giang") is None
    with override_settings(TENANT_CREATION_FAKES_MIGRATIONS=False):
        migrated = _onboard(code="yen-bai", subdomain="yenbai")
    assert _shape(province.schema_name) == _shape(migrated.schema_name)


def test_a_spare_built_at_an_older_migration_state_is_passed_over_then_dropped_by_the_fill() -> None:
    """After a migration the template's state moves on: the older spare is not taken (it lacks
    the migration), the province is cloned, and the next fill replaces the spare."""
    spares_fill(count=1)
    (spare, _), = _spares()
    with connection.cursor() as cursor:
        cursor.execute(f"COMMENT ON SCHEMA \"{spare}\" IS 'migrations:0000'")
        # Outside a test the spare was committed long before: its rows' deferred checks are done.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE; SET CONSTRAINTS ALL DEFERRED")

    _onboard()

    assert _spares() == [(spare, False)]
    filled = spares_fill(count=1)
    assert (filled.made, filled.dropped, filled.ready) == (1, 1, 1)
    assert not schema_exists(spare) and [current for _, current in _spares()] == [True]


def test_a_failed_onboarding_gives_the_spare_back(monkeypatch: pytest.MonkeyPatch) -> None:
    spares_fill(count=1)
    before = _spares()

    def rules_fail(*args: object, **kwargs: object) -> None:
        assert schema_exists("ha_giang") and _spares() == []
        raise RuntimeError("hỏng giữa chừng")

    monkeypatch.setattr(services, "_rules_start", rules_fail)
    with pytest.raises(RuntimeError, match="hỏng giữa chừng"):
        _onboard()
    connection.set_schema_to_public()

    assert _spares() == before and not schema_exists("ha_giang")


def test_without_spares_wanted_onboarding_clones_and_queues_no_fill(
        django_capture_on_commit_callbacks: pytest.FixtureRequest) -> None:
    spares_fill(count=1)
    with override_settings(TENANT_SPARE_SCHEMAS=0), django_capture_on_commit_callbacks() as callbacks:
        _onboard()

    assert [current for _, current in _spares()] == [True]
    assert spares_fill_task.delay not in callbacks


def test_an_onboarding_queues_the_fill_once_it_commits(
        django_capture_on_commit_callbacks: pytest.FixtureRequest) -> None:
    with override_settings(TENANT_SPARE_SCHEMAS=2), django_capture_on_commit_callbacks() as callbacks:
        _onboard()

    assert callbacks.count(spares_fill_task.delay) == 1


def test_the_spares_names_are_reserved() -> None:
    with pytest.raises(ApplicationError) as refused:
        _onboard(code="province-spare-1", subdomain="spare1")

    assert refused.value.extra["fields"]["code"] == "Mã “province-spare-1” được dành riêng cho hệ thống."


def test_the_scheduler_makes_the_spares_up_every_night() -> None:
    from hoso.celery import app

    assert app.conf.beat_schedule["spares-fill-daily"]["task"] == spares_fill_task.name == "tenants.tasks.spares_fill"


def test_the_task_makes_the_spares_up_in_public() -> None:
    with override_settings(TENANT_SPARE_SCHEMAS=1):
        assert spares_fill_task.apply().get() == 1

    assert [current for _, current in _spares()] == [True]


def test_the_command_says_how_many_spares_are_ready() -> None:
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("spares_fill", "--count", "1", stdout=out)

    assert out.getvalue().strip() == "1 bản sao dự phòng sẵn sàng (1 bản mới, 0 bản cũ đã xoá)."
