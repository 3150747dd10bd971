"""The current request's (or task's) id, for logs and error reports."""

import os
import re
from contextvars import ContextVar

_request_id: ContextVar[str] = ContextVar("hoso_request_id", default="-")
# An id sent by the proxy in front (X-Request-ID) is kept when it looks like one.
_ACCEPTED = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def request_id_get() -> str:
    return _request_id.get()


def request_id_set(value: str) -> None:
    _request_id.set(value)


def request_id_from_header(header: str | None) -> str:
    """The proxy's id if it is a plain token, otherwise a new one (never echo arbitrary input)."""
    if header and _ACCEPTED.match(header):
        return header
    # 128 random bits as 32 hex digits, like uuid4().hex without building a UUID on every request.
    return os.urandom(16).hex()
