"""django-tenants' backend, with the search_path set once per request instead of before every
statement.

django-tenants issues `SET search_path` before every query unless TENANT_LIMIT_SET_CALLS is on,
and that setting has served stale search paths after rollbacks (django-tenants #1262, see
shared/tenancy-pitfalls.md). Here the SET is skipped only while the schemas last set are known
to be still in force on the server. They stop being known, and the next statement sets them
again, when:

- the province changes (`set_tenant`, which the middleware calls on every request: so at least
  one SET per request, whatever happened on the connection before);
- a transaction or savepoint is rolled back (PostgreSQL undoes a SET made inside it);
- a statement that could change the search path runs (raw `SET`/`RESET`, `ROLLBACK`,
  `DISCARD`), or the connection closes or reconnects.

The per-request health check (CONN_HEALTH_CHECKS) is the SET itself rather than `SELECT 1`, so a
reused connection costs one round trip before the request's first query, not two.
"""

import re
from typing import Any

from django.db.backends.postgresql.base import CursorDebugWrapper
from django.db.backends.utils import CursorWrapper
from django_tenants.postgresql_backend.base import DatabaseWrapper as TenantsDatabaseWrapper
from django_tenants.utils import get_public_schema_name, quote_schema_name

# Statements after which the server's search_path is no longer the one last set here.
_UNSETTLING = re.compile(r"^\s*(rollback|abort|discard|reset|set\s+(local\s+|session\s+)?search_path)\b", re.I)


class _Watching:
    """Forgets the search path in force after a statement that may have changed it."""

    db: Any

    def execute(self, sql: Any, params: Any = None) -> Any:
        try:
            return super().execute(sql, params)  # type: ignore[misc]
        finally:
            if isinstance(sql, str) and _UNSETTLING.match(sql):
                self.db.search_path_set_schemas = None

    def executemany(self, sql: Any, param_list: Any) -> Any:
        try:
            return super().executemany(sql, param_list)  # type: ignore[misc]
        finally:
            if isinstance(sql, str) and _UNSETTLING.match(sql):
                self.db.search_path_set_schemas = None


class _Cursor(_Watching, CursorWrapper):
    pass


class _DebugCursor(_Watching, CursorDebugWrapper):
    pass


class DatabaseWrapper(TenantsDatabaseWrapper):  # type: ignore[misc]  # django-tenants is untyped
    def make_cursor(self, cursor: Any) -> CursorWrapper:
        return _Cursor(cursor, self)

    def make_debug_cursor(self, cursor: Any) -> CursorDebugWrapper:
        return _DebugCursor(cursor, self)

    # The schemas to set for (schema, with public?, public's name), checked against the schema-name
    # pattern once rather than before every statement (_handle_search_path compares them each time).
    # The health check's SET statement for them, made with them.
    _search_paths_for: tuple[str, bool, str] | None = None
    _search_paths: list[str]
    _search_path_sql: str
    search_path_set_schemas: list[str] | None

    def _get_cursor_search_paths(self) -> list[str]:
        key = (self.schema_name, self.include_public_schema, get_public_schema_name())
        if key != self._search_paths_for:
            self._search_paths = super()._get_cursor_search_paths()
            self._search_path_sql = "SET search_path = " + ",".join(quote_schema_name(p) for p in self._search_paths)
            self._search_paths_for = key
        return self._search_paths

    def connect(self) -> None:
        self.search_path_set_schemas = None
        super().connect()

    def _handle_search_path(self, cursor: Any = None) -> None:
        if self._setting_search_path:
            return
        if self.search_path_set_schemas is not None and self.search_path_set_schemas == self._get_cursor_search_paths():
            return
        # django-tenants records the paths after the statement, once the cursor wrapper has
        # seen (and forgotten) its own SET.
        super()._handle_search_path(cursor)

    def is_usable(self) -> bool:
        """The health check of a reused connection: setting the request's search path proves
        the connection works, in the round trip the SET would have cost anyway."""
        if self.connection is None:
            return False
        paths = self._get_cursor_search_paths()
        try:
            with self.connection.cursor() as cursor:
                cursor.execute(self._search_path_sql)
        except self.Database.Error:
            self.search_path_set_schemas = None
            return False
        self.search_path_set_schemas = paths
        return True
