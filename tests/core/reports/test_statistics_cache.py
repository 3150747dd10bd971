"""Cached statistics: a reading counts again after any write to what it counts, in its own province
only; provinces never share an entry; a transaction's own writes are never cached.

Writes by "another request" are committed on a side connection, as a request's transaction
commits; the test's own transaction then reads as the next request would.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import tenant_context

from core.backups.postgres import side_connection
from core.catalogues.models import EducationLevel
from core.models import OrgUnit, Person, PersonStatus, Placement
from core.reports.selectors.statistics import CACHE, Statistics, _cache_key, statistics_of
from core.reports.services import statistics_writes_forget
from tenants.models import Province
from tests.core.reports.conftest import Fixture

ON = date(2026, 1, 1)


@contextmanager
def _counted() -> Iterator[list[str]]:
    """The statistics statements run inside the block (the aggregation, not the freshness check)."""
    with CaptureQueriesContext(connection) as queries:
        counted: list[str] = []
        yield counted
    counted += [q["sql"] for q in queries.captured_queries if "GROUP BY GROUPING SETS" in q["sql"]]


def _committed(province: Province, sql: str, params: list[object]) -> None:
    """`sql` in `province`'s schema, committed by a connection of its own (another request)."""
    with side_connection(autocommit=True) as side:
        side.execute(f'SET search_path = "{province.schema_name}", public')
        side.execute(sql, params)


def _root() -> OrgUnit:
    return OrgUnit.objects.get(parent__isnull=True)


def _gender(stats: Statistics) -> dict[str, int]:
    return {row.key: row.count for row in stats.breakdown("gender").rows}


def test_a_second_reading_is_answered_from_the_cache(lao_cai: Province) -> None:
    """With nothing written in between, the province's figures are not counted twice."""
    with tenant_context(lao_cai):
        first = statistics_of(scope=_root(), on=ON)
        with _counted() as counted:
            second = statistics_of(scope=_root(), on=ON)

    assert counted == []
    assert second == first


def test_a_committed_write_is_counted_at_the_next_reading(lao_cai: Province) -> None:
    """A man recorded as a woman by another request is counted as a woman at once."""
    with tenant_context(lao_cai):
        before = statistics_of(scope=_root(), on=ON)
        placement = Placement.objects.filter(start__lte=ON, end__isnull=True, person__gender="male",
                                             person__status=PersonStatus.WORKING).order_by("id").first()
        assert placement is not None
        _committed(lao_cai, "UPDATE core_person SET gender = 'female' WHERE id = %s", [placement.person_id])
        try:
            with _counted() as counted:
                after = statistics_of(scope=_root(), on=ON)
        finally:
            _committed(lao_cai, "UPDATE core_person SET gender = 'male' WHERE id = %s", [placement.person_id])
        again = statistics_of(scope=_root(), on=ON)

    assert len(counted) == 1
    assert _gender(after) == {"male": _gender(before)["male"] - 1, "female": _gender(before)["female"] + 1}
    assert _gender(again) == _gender(before)


# Each table the figures read, and statements writing to it for a placed person, leaving the
# figures as they were.
_WRITES = {
    "core_person": ("UPDATE core_person SET id = id WHERE id = %(person)s",),
    "core_dossier": ("UPDATE core_dossier SET id = id WHERE person_id = %(person)s",),
    "core_placement": ("UPDATE core_placement SET id = id WHERE person_id = %(person)s",),
    "core_degree": ("INSERT INTO core_degree (person_id, level_code, field, institution, mode)"
                    " VALUES (%(person)s, 'DH', 'Luật', 'Đại học Luật', '')",
                    "DELETE FROM core_degree WHERE person_id = %(person)s AND institution = 'Đại học Luật'"),
}


@pytest.mark.parametrize("table", list(_WRITES))
def test_a_write_in_one_province_recounts_its_units_and_nothing_else(
        lao_cai: Province, lai_chau: Province, table: str) -> None:
    """Any statement writing a person's record, dossier, placements or degrees, even one changing no
    value, makes Lào Cai count again the units where that person has a placement, and those
    only; Lai Châu's figures stay cached."""
    with tenant_context(lai_chau):
        statistics_of(scope=_root(), on=ON)
    with tenant_context(lao_cai):
        statistics_of(scope=_root(), on=ON)
        person = Person.objects.filter(status=PersonStatus.WORKING, placements__isnull=False).order_by("id").first()
        assert person is not None
        units = sorted(set(Placement.objects.filter(person=person).values_list("org_unit_id", flat=True)))
        for statement in _WRITES[table]:
            _committed(lao_cai, statement % {"person": person.pk}, [])
        with _counted() as lao_cai_counted:
            statistics_of(scope=_root(), on=ON)
    with tenant_context(lai_chau), _counted() as lai_chau_counted:
        statistics_of(scope=_root(), on=ON)

    assert len(lao_cai_counted) == 1
    assert f"'{{{','.join(map(str, units))}}}'" in lao_cai_counted[0]
    assert lai_chau_counted == []


def test_a_written_org_unit_recounts_every_unit(lao_cai: Province) -> None:
    """A unit written (renamed, moved, dissolved) may change which units a scope sums: Lào Cai
    counts every unit again, with no list of units."""
    with tenant_context(lao_cai):
        statistics_of(scope=_root(), on=ON)
        _committed(lao_cai, "UPDATE core_orgunit SET id = id WHERE id = (SELECT min(id) FROM core_orgunit)", [])
        with _counted() as counted:
            statistics_of(scope=_root(), on=ON)

    assert len(counted) == 1
    assert "(true OR" in counted[0]


def test_two_provinces_never_share_an_entry(lao_cai: Province, lai_chau: Province) -> None:
    """Both roots carry the same id and path, yet each province answers with its own people
    (here Lào Cai has one man fewer, recorded by another request): the key names the schema."""
    with tenant_context(lao_cai):
        lao_cai_root = _root()
        man = Person.objects.filter(gender="male", status=PersonStatus.WORKING).order_by("id").first()
        assert man is not None
    _committed(lao_cai, "UPDATE core_person SET gender = 'female' WHERE id = %s", [man.pk])
    try:
        with tenant_context(lai_chau):
            lai_chau_root = _root()
            lai_chau_first = statistics_of(scope=lai_chau_root, on=ON)
        with tenant_context(lao_cai):
            lao_cai_stats = statistics_of(scope=lao_cai_root, on=ON)
            lao_cai_key = _cache_key(on=ON)
        with tenant_context(lai_chau), _counted() as counted:
            lai_chau_again = statistics_of(scope=lai_chau_root, on=ON)
            lai_chau_key = _cache_key(on=ON)
    finally:
        _committed(lao_cai, "UPDATE core_person SET gender = 'male' WHERE id = %s", [man.pk])

    assert (lai_chau_root.pk, lai_chau_root.path) == (lao_cai_root.pk, lao_cai_root.path)
    assert lao_cai_key != lai_chau_key
    assert _gender(lao_cai_stats)["male"] == _gender(lai_chau_first)["male"] - 1
    assert counted == []
    assert lai_chau_again == lai_chau_first


def test_figures_counted_after_a_write_of_this_transaction_are_not_cached(built: Fixture) -> None:
    """The transaction that wrote may still roll back: what it counted is shown to it alone, and
    its next reading counts again (here after a queryset update no service saw)."""
    before = statistics_of(scope=built.agency, on=ON)
    cached = caches[CACHE].get(_cache_key(on=ON))  # the province's committed counts, if any reading stored them
    Person.objects.filter(pk=built.an.pk).update(gender="female" if built.an.gender == "male" else "male")
    with _counted() as counted:
        after = statistics_of(scope=built.agency, on=ON)

    assert caches[CACHE].get(_cache_key(on=ON)) == cached
    assert len(counted) == 1
    assert _gender(after) != _gender(before)


def test_renamed_education_levels_recount(lao_cai: Province) -> None:
    """The national education levels (public schema) are part of what is counted: a renamed
    level makes the province count again."""
    with tenant_context(lao_cai):
        statistics_of(scope=_root(), on=ON)
        EducationLevel.objects.filter(code="DH").update(name="Đại học (đổi tên)")
        with _counted() as counted:
            statistics_of(scope=_root(), on=ON)

    assert len(counted) == 1


def test_the_duty_run_forgets_old_write_records(lao_cai: Province) -> None:
    """Records older than two days go, with those of another server's transactions (ids this one
    has not reached: a schema restored from elsewhere); today's stay."""
    with tenant_context(lao_cai), connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM reports_statisticswrite")
        (kept,) = cursor.fetchone()
        cursor.execute("SELECT count(*) FROM reports_statisticsunitwrite")
        (units_kept,) = cursor.fetchone()
        cursor.execute("INSERT INTO reports_statisticswrite (xid, written_at) VALUES ('1', now() - interval '3 days'),"
                       " ('9000000000000000000', now() - interval '3 days')")
        cursor.execute("INSERT INTO reports_statisticsunitwrite (xid, unit_id, written_at)"
                       " VALUES ('1', 5, now() - interval '3 days'), ('9000000000000000000', 0, now() - interval '3 days')")
        forgotten = statistics_writes_forget()
        cursor.execute("SELECT count(*), count(*) FILTER (WHERE xid IN ('1', '9000000000000000000'))"
                       " FROM reports_statisticswrite")
        left = cursor.fetchone()
        cursor.execute("SELECT count(*), count(*) FILTER (WHERE xid IN ('1', '9000000000000000000'))"
                       " FROM reports_statisticsunitwrite")
        units_left = cursor.fetchone()

    assert forgotten == 2
    assert left == (kept, 0)
    assert units_left == (units_kept, 0)


def _fresh(scope: OrgUnit, on: date = ON) -> Statistics:
    """`scope`'s figures counted from nothing (no cached unit counts)."""
    caches[CACHE].delete(_cache_key(on=on))
    return statistics_of(scope=scope, on=on)


def test_counts_kept_across_writes_equal_counts_from_nothing(lao_cai: Province) -> None:
    """Other requests change a person's gender, move someone to another agency, and place a third
    person in a second agency besides their own: each reading after them (the province, each
    agency concerned, today and a past date) gives what counting everything afresh gives, and
    the province counts the twice-placed person once."""
    with tenant_context(lao_cai):
        root = _root()
        open_on = Placement.objects.filter(start__lte=ON, end__isnull=True, person__status=PersonStatus.WORKING)
        agencies = sorted(OrgUnit.objects.filter(parent=root),
                          key=lambda agency: -open_on.filter(org_unit__path__startswith=agency.path).count())[:2]
        placed = list(open_on.filter(org_unit__path__startswith=agencies[0].path)
                      .order_by("id").values_list("id", "person_id", "org_unit_id")[:3])
        assert len(agencies) == 2 and len(placed) == 3
        (_, flipped, _), (moved, _, moved_from), (_, twice, _) = placed
        gender = Person.objects.get(pk=flipped).gender
        scopes = [root, *agencies]
        readings = [statistics_of(scope=scope, on=on) for scope in scopes for on in (ON, date(2020, 1, 1))]
        headcount = readings[0].headcount
        writes = [
            ("UPDATE core_person SET gender = %s WHERE id = %s", ["male" if gender == "female" else "female", flipped],
             "UPDATE core_person SET gender = %s WHERE id = %s", [gender, flipped]),
            ("UPDATE core_placement SET org_unit_id = %s WHERE id = %s", [agencies[1].pk, moved],
             "UPDATE core_placement SET org_unit_id = %s WHERE id = %s", [moved_from, moved]),
            ("INSERT INTO core_placement (person_id, org_unit_id, start, position, reason)"
             " VALUES (%s, %s, '2025-06-01', 'Kiêm nhiệm', '')", [twice, agencies[1].pk],
             "DELETE FROM core_placement WHERE person_id = %s AND position = 'Kiêm nhiệm'", [twice]),
        ]
        done: list[tuple[str, list[object]]] = []
        try:
            for sql, params, undo, undo_params in writes:
                _committed(lao_cai, sql, params)
                done.append((undo, undo_params))
                for scope in scopes:
                    for on in (ON, date(2020, 1, 1)):
                        kept = statistics_of(scope=scope, on=on)
                        assert kept == _fresh(scope, on), (sql, scope.name, on)
            province = statistics_of(scope=root, on=ON)
            second = statistics_of(scope=agencies[1], on=ON)
        finally:
            for undo, undo_params in reversed(done):
                _committed(lao_cai, undo, undo_params)
        after = [statistics_of(scope=scope, on=on) for scope in scopes for on in (ON, date(2020, 1, 1))]

    assert province.headcount == headcount
    assert second.headcount == readings[4].headcount + 2  # the one moved in, and the one placed twice
    assert after == readings


def test_the_morning_count_answers_the_days_first_reading(lao_cai: Province) -> None:
    """The task (queued per province each morning by the beat) counts today's figures in its
    schema: the day's first reading then counts nothing, and gives the same figures."""
    from core.reports.tasks import statistics_warm_task

    today = timezone.localdate()
    with tenant_context(lao_cai):
        caches[CACHE].delete(_cache_key(on=today))
        headcount = statistics_warm_task()
        with _counted() as counted:
            first = statistics_of(scope=_root(), on=today)

    assert counted == []
    assert first.headcount == headcount > 0
