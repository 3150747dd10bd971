"""Counting what a piece of code costs the database: statements as Django sees them
(`CaptureQueriesContext`) and round trips as the driver sees them (every statement sent,
including the search path SET and the connection health check, which Django does not log)."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import psycopg
from django.db import connection
from django.test.utils import CaptureQueriesContext


@dataclass
class Cost:
    statements: list[str] = field(default_factory=list)  # what Django logged
    sent: list[str] = field(default_factory=list)  # what the driver sent

    @property
    def queries(self) -> int:
        """Statements other than the search path's SET."""
        return sum(1 for sql in self.statements if not sql.startswith("SET search_path"))

    @property
    def round_trips(self) -> int:
        return len(self.sent)

    @property
    def search_path_sets(self) -> int:
        return sum(1 for sql in self.sent if sql.startswith("SET search_path"))


@contextmanager
def measured() -> Iterator[Cost]:
    """Every statement run inside, as Django logged it and as the driver sent it."""
    cost = Cost()
    original = psycopg.Cursor.execute

    def execute(cursor: Any, query: Any, *args: Any, **kwargs: Any) -> Any:
        cost.sent.append(query if isinstance(query, str) else str(query))
        return original(cursor, query, *args, **kwargs)

    psycopg.Cursor.execute = execute  # type: ignore[method-assign]
    try:
        with CaptureQueriesContext(connection) as captured:
            yield cost
    finally:
        psycopg.Cursor.execute = original  # type: ignore[method-assign]
    cost.statements = [q["sql"] for q in captured.captured_queries]


def steady_caches(monkeypatch: Any) -> None:
    """Keep the per-minute caches of a page (the province's security rules) from expiring in
    the middle of a measurement: on a loaded machine, growing 495 people can take about a
    minute, and a page measured just after the expiry counts one more query than the same
    page a second earlier. The budgets measure growth with rows, not cache lifetimes."""
    from django.core.cache import cache

    from core.selectors import security

    monkeypatch.setattr(security, "CACHE_SECONDS", 24 * 3600)
    cache.clear()  # nothing cached earlier with the short lifetime
