"""Reads that may go to the streaming replica (DATABASE_REPLICA_URL): statistics, reports, exports.

`replica_reads` wraps a read-only function. Inside it, the ORM's reads go to the `replica`
database alias (through `ReplicaRouter`) and raw SQL uses `connections[read_alias()]`, with the
replica connection's search path set to the current province's, exactly as the primary's. Writes
always go to the primary.

The replica is used only while it is healthy: it answers, it is in recovery (a replica, not a
promoted primary nobody writes to), and its replay lag is at most DATABASE_REPLICA_MAX_LAG
seconds. Lag is `now() - pg_last_xact_replay_timestamp()`, or 0 when everything received is
replayed (an idle primary commits nothing, so the timestamp ages without any lag); a replica
behind that has replayed no commit since it started counts as lagging without bound. The verdict
is kept for DATABASE_REPLICA_CHECK_SECONDS per process. Otherwise, and when the replica fails
during the call, the function runs (again) on the primary and a warning is logged.
"""

from __future__ import annotations

import contextvars
import functools
import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import Any, ParamSpec, TypeVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections

REPLICA = "replica"
logger = logging.getLogger("hoso.replica")

P = ParamSpec("P")
T = TypeVar("T")

_reading: contextvars.ContextVar[str | None] = contextvars.ContextVar("hoso_replica_reading", default=None)
# (checked at, healthy) of the last check in this process.
_verdict: dict[str, tuple[float, bool]] = {}

_LAG_SQL = """
    SELECT pg_is_in_recovery(),
           CASE WHEN pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn() THEN 0
                ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 'Infinity') END
"""


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


def read_alias() -> str:
    """The database alias reads use now: `replica` inside `replica_reads` with a healthy replica."""
    return _reading.get() or DEFAULT_DB_ALIAS


def replica_lag() -> float:
    """Seconds the replica's replay is behind (0 when all it received is replayed)."""
    with connections[REPLICA].cursor() as cursor:
        cursor.execute(_LAG_SQL)
        in_recovery, lag = cursor.fetchone()
    if not in_recovery:
        raise DatabaseError("the replica is not in recovery (promoted?)")
    return float(lag)


def replica_healthy() -> bool:
    """Whether reads may go to the replica now (checked at most every few seconds)."""
    if not replica_configured():
        return False
    now = time.monotonic()
    every = float(getattr(settings, "DATABASE_REPLICA_CHECK_SECONDS", 5))
    last = _verdict.get(REPLICA)
    if last is not None and now - last[0] < every:
        return last[1]
    max_lag = float(getattr(settings, "DATABASE_REPLICA_MAX_LAG", 30))
    try:
        lag = replica_lag()
    except DatabaseError as error:
        _replica_forget()
        logger.warning("replica unavailable, reading from the primary: %s", str(error).strip() or type(error).__name__)
        healthy = False
    else:
        healthy = lag <= max_lag
        if not healthy:
            logger.warning("replica lags %.1f s (more than %.1f s), reading from the primary", lag, max_lag)
    _verdict[REPLICA] = (now, healthy)
    return healthy


def replica_forget_verdict() -> None:
    """Check again on the next read (after a configuration change, and in tests)."""
    _verdict.clear()


def _replica_forget() -> None:
    with suppress(DatabaseError):
        connections[REPLICA].close()


@contextmanager
def _on_replica() -> Iterator[None]:
    replica: Any = connections[REPLICA]  # django-tenants' wrapper (untyped)
    # The replica connection reads the same province's schema as the primary's.
    tenant = getattr(connection, "tenant", None)
    if tenant is not None:
        replica.set_tenant(tenant)
    else:
        replica.set_schema_to_public()
    token = _reading.set(REPLICA)
    try:
        yield
    finally:
        _reading.reset(token)


def replica_reads(function: Callable[P, T]) -> Callable[P, T]:
    """Run `function` (read-only, returning finished values, not lazy querysets) on the replica
    when it is healthy, else on the primary; a replica failing mid-call reruns it on the primary."""

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        if _reading.get() is not None or not replica_healthy():
            return function(*args, **kwargs)
        try:
            with _on_replica():
                return function(*args, **kwargs)
        except DatabaseError as error:
            if connections[REPLICA].is_usable():
                raise  # a real error of the query, not of the replica
            _replica_forget()
            _verdict[REPLICA] = (time.monotonic(), False)
            logger.warning("replica failed during %s, reading from the primary: %s",
                           function.__qualname__, str(error).strip() or type(error).__name__)
            return function(*args, **kwargs)

    return wrapper


class ReplicaRouter:
    """Reads inside `replica_reads` go to the replica; writes always to the primary."""

    def db_for_read(self, model: Any, **hints: Any) -> str | None:
        return _reading.get()

    def db_for_write(self, model: Any, **hints: Any) -> str | None:
        return DEFAULT_DB_ALIAS if replica_configured() else None

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        # The replica holds the primary's rows: a row read there may be related to one here.
        both = {obj1._state.db or DEFAULT_DB_ALIAS, obj2._state.db or DEFAULT_DB_ALIAS}
        return True if both <= {DEFAULT_DB_ALIAS, REPLICA} else None

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return False if db == REPLICA else None
