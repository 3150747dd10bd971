"""Spare schemas: copies of the template made ahead of time, so that onboarding renames one
(a catalogue update, milliseconds) instead of copying the template while the operator waits.

A spare is `province_spare_<hex>`, built by `template_clone` outside any onboarding (after an
onboarding commits, by `provinces_migrate`, or by the `spares_fill` command), and carries in its
schema comment the template's migration state it was built at. Onboarding takes only a spare
whose state equals the template's today: after a migration every older spare is passed over
(onboarding then clones, as without spares) and the next fill drops it. No spare is a province:
no row names it, no request reaches it, `migrate_schemas` does not migrate it.
"""

import logging
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, connection, transaction

from tenants.template import template_clone, template_ensure, template_schema_name

logger = logging.getLogger(__name__)

SPARE_PREFIX = "province_spare_"
# pg_advisory locks: one key for the fill (one filler at a time), one space for the spares claimed.
_FILL_LOCK = 7_150_001
_CLAIM_LOCKS = 7_150_002
# The template's migration records, as one string: what a spare must have been built at.
_STATE_SQL = "SELECT 'migrations:' || md5(string_agg(app || '.' || name, ',' ORDER BY app, name)) FROM {template}.django_migrations"
_SPARES_SQL = r"""
    SELECT n.nspname, obj_description(n.oid, 'pg_namespace') = ({state}) FROM pg_namespace n
    WHERE n.nspname LIKE 'province\_spare\_%' ORDER BY n.nspname"""


@dataclass(frozen=True)
class SparesFilled:
    made: int
    dropped: int
    ready: int


def spares_wanted() -> int:
    """How many spares to keep ready (settings.TENANT_SPARE_SCHEMAS; 0 turns spares off)."""
    return int(getattr(settings, "TENANT_SPARE_SCHEMAS", 0))


def spare_schema_name_reserved(schema_name: str) -> bool:
    return schema_name.startswith(SPARE_PREFIX)


def _spares() -> list[tuple[str, bool]]:
    """Every spare with whether it was built at the template's migration state of today."""
    quote = connection.ops.quote_name
    state = _STATE_SQL.format(template=quote(template_schema_name()))
    with connection.cursor() as cursor:
        cursor.execute(_SPARES_SQL.format(state=state))
        return [(name, bool(current)) for name, current in cursor.fetchall()]


def spare_claim(schema_name: str) -> bool:
    """Inside the caller's transaction: a current spare becomes `schema_name`; False when none is
    ready. A rollback gives the spare back. Two onboardings never take the same spare: each holds
    its spare's lock until it commits, and a spare renamed meanwhile is skipped."""
    quote = connection.ops.quote_name
    for name, current in _spares():
        if not current:
            continue
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s, hashtext(%s))", [_CLAIM_LOCKS, name])
            if not cursor.fetchone()[0]:
                continue
            try:
                with transaction.atomic():
                    cursor.execute(f"ALTER SCHEMA {quote(name)} RENAME TO {quote(schema_name)};"
                                   f"COMMENT ON SCHEMA {quote(schema_name)} IS NULL")
            except DatabaseError:  # taken and committed by another onboarding since the list was read
                continue
        return True
    return False


def spares_fill(*, count: int | None = None) -> SparesFilled:
    """Drop the spares built at an older migration state, then make spares until `count` (by
    default settings.TENANT_SPARE_SCHEMAS) are ready; one filler at a time, each spare in its
    own transaction. Another fill already running: nothing is done."""
    wanted = spares_wanted() if count is None else count
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [_FILL_LOCK])
        if not cursor.fetchone()[0]:
            return SparesFilled(made=0, dropped=0, ready=0)
    try:
        template_ensure()
        return _fill(wanted)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [_FILL_LOCK])


def _fill(wanted: int) -> SparesFilled:
    quote = connection.ops.quote_name
    spares = _spares()
    stale = [name for name, current in spares if not current]
    ready = len(spares) - len(stale)
    with connection.cursor() as cursor:
        for name in stale:
            cursor.execute(f"DROP SCHEMA IF EXISTS {quote(name)} CASCADE")
    made = 0
    for _ in range(max(0, wanted - ready)):
        name = f"{SPARE_PREFIX}{uuid.uuid4().hex[:12]}"
        with transaction.atomic():
            template_clone(name)
            with connection.cursor() as cursor:
                cursor.execute(_STATE_SQL.format(template=quote(template_schema_name())))
                state = cursor.fetchone()[0]
                cursor.execute(f"COMMENT ON SCHEMA {quote(name)} IS '{state}'")  # an md5: hex digits
        made += 1
    connection.set_schema_to_public()  # type: ignore[attr-defined]  # django-tenants backend
    if made or stale:
        logger.info("Spare schemas: %d made, %d dropped (built at an older migration state)", made, len(stale))
    return SparesFilled(made=made, dropped=len(stale), ready=ready + made)


def spares_fill_later() -> None:
    """After the caller's transaction commits (an onboarding took a spare or cloned), make the
    spares up again in the background."""
    if not spares_wanted():
        return
    from tenants.tasks import spares_fill_task

    transaction.on_commit(spares_fill_task.delay)
