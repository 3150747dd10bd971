"""Host → province is remembered in the process (tenants/hosts.py): no query for it once known,
forgotten as soon as a province or a domain changes, here or in another process."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tenants import hosts
from tenants.models import Domain, Province
from tests.conftest import client_for, host_of

pytestmark = pytest.mark.django_db


def _host_lookups(province: Province) -> int:
    browser = client_for(province)
    with CaptureQueriesContext(connection) as queries:
        browser.get("/khong-co-trang-nay/")
    return sum(1 for q in queries.captured_queries if "tenants_domain" in q["sql"])


def test_a_known_host_costs_no_query(lao_cai: Province) -> None:
    assert _host_lookups(lao_cai) == 1
    assert _host_lookups(lao_cai) == 0


def test_suspending_a_province_is_seen_by_the_next_request(lao_cai: Province) -> None:
    assert client_for(lao_cai).get("/").status_code != 503
    lao_cai.status = "suspended"
    lao_cai.save(update_fields=["status"])
    assert client_for(lao_cai).get("/").status_code == 503


def test_a_bulk_update_is_seen_by_the_next_request(lao_cai: Province) -> None:
    """`.update()` sends no signal; the queryset itself makes the hosts forgotten."""
    assert client_for(lao_cai).get("/").status_code != 503
    Province.objects.filter(pk=lao_cai.pk).update(is_ready=False)
    assert client_for(lao_cai).get("/").status_code == 503


def test_a_domain_moved_away_is_an_unknown_host_at_once(lao_cai: Province) -> None:
    host = host_of(lao_cai)
    assert client_for(lao_cai).get("/").status_code == 200
    Domain.objects.filter(domain=host).update(domain="khac.localhost")
    from django.test import Client

    assert Client(HTTP_HOST=host).get("/").status_code == 404


def test_a_change_in_another_process_is_seen_through_the_shared_cache(
    lao_cai: Province, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process changed the province: the shared generation moves, and this process
    drops its own copy at its next check (every HOST_CHECK_SECONDS; at once here)."""
    monkeypatch.setattr(hosts, "HOST_CHECK_SECONDS", 0.0)
    assert _host_lookups(lao_cai) == 1
    assert _host_lookups(lao_cai) == 0
    # What another process's change leaves in the shared cache, without touching this one.
    caches["national"].incr(hosts._GENERATION_KEY)
    assert _host_lookups(lao_cai) == 1


def test_each_request_gets_its_own_copy_of_the_province(lao_cai: Province) -> None:
    first = hosts.province_for_host(host_of(lao_cai))
    first.name = "đã đổi trong một yêu cầu"
    assert hosts.province_for_host(host_of(lao_cai)).name == lao_cai.name


def test_a_request_s_copy_has_its_own_model_state_and_related_rows(lao_cai: Province) -> None:
    """What one request caches on its province (a related row, the saved state) stays its own."""
    first = hosts.province_for_host(host_of(lao_cai))
    first._state.fields_cache["merged_into"] = lao_cai
    first._state.adding = True
    second = hosts.province_for_host(host_of(lao_cai))
    assert second._state is not first._state and second._state.fields_cache == {}
    assert second._state.adding is False and second._state.db == "default"
    assert second.pk == lao_cai.pk and second.schema_name == lao_cai.schema_name


def test_hosts_are_looked_up_in_the_database_while_the_shared_cache_is_down(
    lao_cai: Province, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Redis down: no remembered answer that another process may have made stale, and no error."""
    monkeypatch.setattr(hosts, "HOST_CHECK_SECONDS", 0.0)

    def down(*args: object, **kwargs: object) -> None:
        raise ConnectionError("redis down")

    assert _host_lookups(lao_cai) == 1
    monkeypatch.setattr(caches["national"], "get", down)
    monkeypatch.setattr(caches["national"], "incr", down)
    assert _host_lookups(lao_cai) == 1
    assert _host_lookups(lao_cai) == 1
    lao_cai.status = "suspended"
    lao_cai.save(update_fields=["status"])  # saving still works
    assert client_for(lao_cai).get("/").status_code == 503
