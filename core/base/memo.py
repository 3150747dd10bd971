"""Work done once per request: a read that several parts of one page need (the account's role
grants, the rules in force, the working calendar) is computed by the first and served to the
others.

Only reading requests (GET, HEAD) keep a memo, opened when the request starts and dropped when
it ends (core.apps); a request that writes, a task or a shell computes every time. Keys carry
the schema, so a memo never answers for another province, and any save or delete of what a
memo holds (role and consent grants, rule versions, calendar days: see core.apps and rules.apps)
empties it at once.
"""

from collections.abc import Callable, Hashable
from contextvars import ContextVar
from typing import Any, TypeVar

from django.db import connection

T = TypeVar("T")
READING_METHODS = frozenset({"GET", "HEAD"})

_memo: ContextVar[dict[tuple[Hashable, ...], Any] | None] = ContextVar("hoso_request_memo", default=None)


def request_memo_open(*, method: str) -> None:
    _memo.set({} if method in READING_METHODS else None)


def request_memo_close() -> None:
    _memo.set(None)


def request_memo_forget(**_: object) -> None:
    """Something a memo may hold changed: compute everything again."""
    memo = _memo.get()
    if memo is not None:
        memo.clear()


def request_memoised(key: tuple[Hashable, ...], compute: Callable[[], T]) -> T:
    """`compute()`, once per reading request for this key and schema."""
    memo = _memo.get()
    if memo is None:
        return compute()
    full_key = (getattr(connection, "schema_name", None), *key)
    if full_key not in memo:
        memo[full_key] = compute()
    return memo[full_key]  # type: ignore[no-any-return]
