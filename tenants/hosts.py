"""Host → province, remembered in the process: the lookup every request makes before its first
query, served without a database round trip.

What the process remembers is dropped whenever a province or a domain row changes (saved,
updated or deleted through the ORM: see `tenants.models.HostsForgettingQuerySet` and
`tenants.apps`), at once in
this process and again when the transaction commits. Other processes learn it through a
generation number kept in the schema-free `national` cache (Redis when REDIS_URL is set): a
process compares its generation with the shared one at most every HOST_CHECK_SECONDS, so a
suspended or merged province stops being served everywhere within that time. With no REDIS_URL
the cache is the process's own memory and there is no other process to tell. While the shared
cache cannot be read, every lookup goes to the database (never an answer that may be stale).

Each request gets its own copy of the province, so nothing a request sets on it is seen by the
next one.
"""

import logging
import threading
import time
from typing import TYPE_CHECKING

from django.core.cache import caches
from django.db import transaction
from django.db.models.base import ModelState

if TYPE_CHECKING:
    from tenants.models import Province

logger = logging.getLogger(__name__)
HOST_CHECK_SECONDS = 1.0
_GENERATION_KEY = "tenants:hosts:generation"

_lock = threading.Lock()
_provinces: dict[str, "Province"] = {}
_generation: int | None = None
_checked_at = 0.0


def _shared_generation() -> int:
    cache = caches["national"]
    generation = cache.get(_GENERATION_KEY)
    if generation is None:
        # Not 1: a generation lost from the cache must not come back as one a process has seen.
        cache.add(_GENERATION_KEY, time.time_ns(), timeout=None)
        generation = cache.get(_GENERATION_KEY, 0)
    return int(generation)


def _current() -> dict[str, "Province"]:
    """The remembered provinces, emptied first when another process changed one."""
    global _generation, _checked_at
    now = time.monotonic()
    if now - _checked_at >= HOST_CHECK_SECONDS:
        try:
            shared = _shared_generation()
        except Exception:  # noqa: BLE001 - the shared cache is down: read the database meanwhile
            logger.warning("host cache: shared generation unreadable, looking hosts up in the database")
            with _lock:
                _provinces.clear()
            return {}
        with _lock:
            if shared != _generation:
                _provinces.clear()
                _generation = shared
            _checked_at = now
    return _provinces


def province_for_host(hostname: str) -> "Province":
    """The province served at this host (Domain.DoesNotExist for an unknown host, which is not
    remembered: a domain added later must be found at once). A host not remembered is looked up
    in `public`, where the domains are: the connection is left there, for the caller to set the
    province's schema (or answer an unknown host in `public`)."""
    province = _current().get(hostname)
    if province is None:
        from django.db import connection

        from tenants.models import Domain

        connection.set_schema_to_public()  # type: ignore[attr-defined]  # django-tenants backend
        domain = Domain.objects.select_related("tenant").get(domain=hostname)
        province = domain.tenant
        with _lock:
            _provinces[hostname] = province
    return _copy(province)


def _copy(province: "Province") -> "Province":
    """The request's own copy: its own attributes and its own model state with its own cache of
    related rows, what copy.copy makes through Model.__getstate__, without the trip through
    __reduce_ex__ for the model state and the scan for memoryviews that only pickling needs
    (a province holds no binary field), on every request."""
    attributes = province.__dict__.copy()
    state = province._state
    state_copy = ModelState.__new__(ModelState)
    state_copy.__dict__.update(state.__dict__)
    state_copy.fields_cache = state.fields_cache.copy()
    attributes["_state"] = state_copy
    clone = type(province).__new__(type(province))
    clone.__dict__.update(attributes)
    return clone


def province_hosts_forget_here() -> None:
    """Forget the remembered hosts in this process only."""
    global _checked_at
    with _lock:
        _provinces.clear()
        _checked_at = 0.0


def province_hosts_forget() -> None:
    """A province or domain changed: forget every host here and tell the other processes, now
    and again after commit (a request between the two could have read the old rows)."""

    def forget() -> None:
        province_hosts_forget_here()
        cache = caches["national"]
        try:
            try:
                cache.incr(_GENERATION_KEY)
            except ValueError:  # no generation yet (or evicted): start a new one
                cache.add(_GENERATION_KEY, time.time_ns(), timeout=None)
        except Exception:  # noqa: BLE001 - processes that cannot read the cache use the database
            logger.warning("host cache: could not tell other processes that a province changed")

    forget()
    transaction.on_commit(forget)
