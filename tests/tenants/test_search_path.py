"""The search path is set once per request and again only when it may have changed
(tenants/postgresql_backend), and never lets a query run in another province's schema.

django-tenants #1262: with TENANT_LIMIT_SET_CALLS the backend remembered a SET that a rollback
had undone, so the next query ran in the schema the connection held before: another province's.
These tests make exactly that happen (a province's SET inside a savepoint or transaction that is
rolled back, on a connection last used for another province) and check where every later query
runs."""

from collections.abc import Callable, Iterator

import pytest
from django.db import connection, connections, transaction

from core.base.accounts.models import Account
from core.models import Role
from core.operations.demo.data import demo_persona_id
from tenants.models import Province
from tenants.postgresql_backend.base import DatabaseWrapper
from tests.budgets import measured

pytestmark = pytest.mark.django_db


class Boom(Exception):
    pass


def _schema_now(conn=connection) -> str:  # type: ignore[no-untyped-def]
    with conn.cursor() as cursor:
        cursor.execute("SELECT current_schema()")
        return str(cursor.fetchone()[0])


def _sees_own_employee(province: Province) -> bool:
    """The Lào Cai employee's account exists only in Lào Cai's schema."""
    return Account.objects.filter(username=demo_persona_id(province, Role.EMPLOYEE, "stc_ns")).exists()


def _savepoint_rolled_back(province: Province) -> None:
    try:
        with transaction.atomic():
            connection.set_tenant(province)
            Account.objects.count()  # its SET runs inside the savepoint
            raise Boom
    except Boom:
        pass


def _nested_savepoint_rolled_back(province: Province) -> None:
    with transaction.atomic():
        try:
            with transaction.atomic():
                connection.set_tenant(province)
                Account.objects.count()
                raise Boom
        except Boom:
            pass


def _savepoint_rolled_back_in_sql(province: Province) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SAVEPOINT h15")
    connection.set_tenant(province)
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.execute("ROLLBACK TO SAVEPOINT h15")


def _search_path_set_locally_in_sql(province: Province) -> None:
    connection.set_tenant(province)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.execute("SET LOCAL search_path = public")


def _failed_statement_in_savepoint(province: Province) -> None:
    from django.db import DatabaseError

    try:
        with transaction.atomic():
            connection.set_tenant(province)
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.execute("SELECT * FROM no_such_table_h15")
    except DatabaseError:
        pass


UNDOINGS: dict[str, Callable[[Province], None]] = {
    "savepoint rollback": _savepoint_rolled_back,
    "nested savepoint rollback": _nested_savepoint_rolled_back,
    "ROLLBACK TO SAVEPOINT in SQL": _savepoint_rolled_back_in_sql,
    "SET LOCAL in SQL": _search_path_set_locally_in_sql,
    "failed statement": _failed_statement_in_savepoint,
}


@pytest.mark.parametrize("undo", UNDOINGS.values(), ids=UNDOINGS.keys())
def test_every_query_after_a_rollback_runs_in_the_requests_province(
    undo: Callable[[Province], None], lao_cai: Province, lai_chau: Province
) -> None:
    """A connection last used for Lai Châu switches to Lào Cai inside a savepoint that is then
    undone (so the server's search path is Lai Châu's again): every later query still runs in
    Lào Cai."""
    connection.set_tenant(lai_chau)
    assert not _sees_own_employee(lao_cai)  # Lai Châu's SET in force
    undo(lao_cai)
    for _ in range(3):
        assert _schema_now() == lao_cai.schema_name
        assert _sees_own_employee(lao_cai)


def test_the_regression_test_catches_a_remembered_set(
    monkeypatch: pytest.MonkeyPatch, lao_cai: Province, lai_chau: Province
) -> None:
    """The same steps with a backend that trusts its last SET across a savepoint rollback
    (django-tenants #1262: neither the rollback nor its statement make it forget) do run the
    next query in Lai Châu: the test above can fail."""
    import re

    from django.db.backends.base.base import BaseDatabaseWrapper

    monkeypatch.setattr(DatabaseWrapper, "savepoint_rollback", BaseDatabaseWrapper.savepoint_rollback)
    monkeypatch.setattr("tenants.postgresql_backend.base._UNSETTLING", re.compile(r"(?!)"))
    connection.set_tenant(lai_chau)
    Account.objects.count()
    _savepoint_rolled_back(lao_cai)
    assert connection.tenant == lao_cai
    assert _schema_now() == lai_chau.schema_name
    assert not _sees_own_employee(lao_cai)


@pytest.fixture
def own_connection() -> Iterator[DatabaseWrapper]:
    """A second connection outside the test's transaction, to roll back whole transactions."""
    conn = connections.create_connection("default")
    yield conn
    conn.close()


def test_a_whole_transaction_rolled_back_leaves_later_queries_in_the_province(
    own_connection: DatabaseWrapper, lao_cai: Province, lai_chau: Province
) -> None:
    own_connection.set_tenant(lai_chau)
    assert _schema_now(own_connection) == lai_chau.schema_name
    own_connection.set_tenant(lao_cai)
    own_connection.set_autocommit(False)
    _schema_now(own_connection)  # the SET for Lào Cai, inside the transaction
    own_connection.rollback()
    own_connection.set_autocommit(True)
    assert _schema_now(own_connection) == lao_cai.schema_name


def test_the_search_path_is_set_once_for_many_queries(lao_cai: Province) -> None:
    """A request's queries share one SET; a change of province sets it again, once."""
    connection.set_tenant(lao_cai)
    with measured() as cost:
        for _ in range(5):
            Account.objects.count()
    assert (cost.queries, cost.search_path_sets, cost.round_trips) == (5, 1, 6)
    with measured() as cost:
        connection.set_schema_to_public()
        Province.objects.count()
        connection.set_tenant(lao_cai)
        Account.objects.count()
        Account.objects.count()
    assert (cost.queries, cost.search_path_sets) == (3, 2)


def test_the_health_check_of_a_reused_connection_is_the_set_itself(
    own_connection: DatabaseWrapper, lao_cai: Province
) -> None:
    """CONN_HEALTH_CHECKS on a reused connection costs no round trip beyond the SET."""
    own_connection.set_tenant(lao_cai)
    _schema_now(own_connection)
    own_connection.close_if_unusable_or_obsolete()  # a new request: its health check is due
    own_connection.set_tenant(lao_cai)
    with measured() as cost:
        assert _schema_now(own_connection) == lao_cai.schema_name
    assert cost.sent == [f'SET search_path = "{lao_cai.schema_name}","public"', "SELECT current_schema()"]
