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
