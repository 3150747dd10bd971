"""Statistics of the people working in a unit's subtree on a date, and what changed over a period.

"Working in the subtree on a date" is read from placements (core.models.Placement, the
authoritative "who worked where, when"); a person with two placements that day counts once, in
the later one. Attributes (rank, title, job position, levels, ethnic group) are the dossier's
current values, read from each person's facts (core/reports/migrations/0003_person_facts.py: kept
by triggers in the writing transaction).

Figures are sums of each unit's own counts (its people, not its subtree's), counted in one SQL
statement (GROUP BY) for any number of units, and cached per province and date. A write records
the units it may have changed (core/reports/migrations/0004_statistics_unit_writes.py, in the
writing transaction), so a reading after it counts those units again and sums the others' kept
counts: right after an approval at month-end, a few hundred people are counted instead of the
province. A reading checks its kept counts and reads its units in one statement, with the snapshot
that makes a write it could not see count again at the next reading. No loop runs over people. The
scope is checked against the reader's roles: missing and forbidden answer alike.
"""

import hashlib
from dataclasses import dataclass, field
from datetime import date

from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models import Model, Q
from django.utils import timezone

from core.base.accounts.models import Account
from core.base.errors import ApplicationError, NotFoundError
from core.base.sealed import keyed_digest
from core.catalogues.models import EducationLevel
from core.catalogues.selectors import catalogue_choices
from core.models import (
    Appointment,
    Gender,
    OrgUnit,
    Person,
    PersonCategory,
    PersonStatus,
    Placement,
    SalaryHistory,
)
from core.permissions import VIEW_ROLES, account_role_grants, grant_over
from tenants.context import current_schema_name, read_alias, replica_reads

NOT_FOUND = "Không tìm thấy cơ quan, đơn vị."
MAX_ID = 2**63 - 1
UNKNOWN = "Chưa có thông tin"
BAD_PERIOD = "Khoảng thời gian không hợp lệ: ngày bắt đầu phải trước hoặc bằng ngày kết thúc."

# (code, Vietnamese title), in the order pages and exports show them.
DIMENSIONS: tuple[tuple[str, str], ...] = (
    ("category", "Đối tượng"),
    ("unit", "Cơ quan, đơn vị"),
    ("rank", "Ngạch công chức"),
    ("professional_title", "Chức danh nghề nghiệp viên chức"),
    ("job_position", "Vị trí việc làm"),
    ("gender", "Giới tính"),
    ("age", "Độ tuổi"),
    ("ethnic_group", "Dân tộc"),
    ("education", "Trình độ đào tạo cao nhất"),
    ("political_theory", "Trình độ lý luận chính trị"),
)
AGE_BANDS: tuple[tuple[str, str], ...] = (
    ("under_30", "Dưới 30 tuổi"),
    ("30_39", "Từ 30 đến 39 tuổi"),
    ("40_49", "Từ 40 đến 49 tuổi"),
    ("50_59", "Từ 50 đến 59 tuổi"),
    ("60_up", "Từ 60 tuổi trở lên"),
)
CATALOGUE_OF = {
    "rank": "rank",
    "professional_title": "professional_title",
    "ethnic_group": "ethnic_group",
    "education": "education_level",
    "political_theory": "political_theory_level",
}
FIXED_ORDER = {
    "category": tuple(PersonCategory.choices),
    "gender": tuple(Gender.choices),
    "age": AGE_BANDS,
}


@dataclass(frozen=True)
class CountRow:
    key: str
    label: str
    count: int


@dataclass(frozen=True)
class Breakdown:
    """One table: the people of the scope counted by one attribute (rows sum to the headcount)."""

    code: str
    title: str
    rows: tuple[CountRow, ...]

    @property
    def total(self) -> int:
        return sum(row.count for row in self.rows)

    @property
    def widest(self) -> int:
        return max((row.count for row in self.rows), default=0)

    def count_of(self, key: str) -> int:
        return next((row.count for row in self.rows if row.key == key), 0)


@dataclass(frozen=True)
class Statistics:
    scope: OrgUnit
    on: date
    headcount: int
    breakdowns: tuple[Breakdown, ...]

    def breakdown(self, code: str) -> Breakdown:
        return next(b for b in self.breakdowns if b.code == code)


@dataclass(frozen=True)
class Changes:
    """What changed in the scope from `period_from` to `period_to` (inclusive)."""

    scope: OrgUnit
    period_from: date
    period_to: date
    joined: int
    left: Breakdown  # by the person's status now: retired, moved out, … or moved within the province
    promoted: int  # a new rank or title in the salary history (nâng ngạch, thăng hạng)
    salary_steps: int  # a higher step on the same rank or title (nâng bậc lương)
    appointed: int
    reappointed: int

    @property
    def rows(self) -> tuple[CountRow, ...]:
        return (
            CountRow("joined", "Tiếp nhận, tuyển dụng vào đơn vị", self.joined),
            CountRow("left", "Thôi công tác tại đơn vị", self.left.total),
            CountRow("promoted", "Nâng ngạch, thăng hạng chức danh nghề nghiệp", self.promoted),
            CountRow("salary_steps", "Nâng bậc lương", self.salary_steps),
            CountRow("appointed", "Bổ nhiệm chức vụ", self.appointed),
            CountRow("reappointed", "Bổ nhiệm lại", self.reappointed),
        )


# One unit's own counts on a date: dimension (of _PERSON_CODES) -> key -> people placed in that
# unit alone that day. Empty for a unit with nobody.
UnitTables = dict[str, dict[str, int]]
# A person placed in several units on the date, as seen from one of them: (person id, the
# placement's start, its id, the person's keys in the order of _PERSON_CODES).
SharedPerson = tuple[int, date, int, tuple[str, ...]]


@dataclass
class _Found:
    """Units of a scope (id -> path, id -> name) and the counts of each (by unit id)."""

    paths: dict[int, str]
    names: dict[int, str]
    units: dict[int, UnitTables] = field(default_factory=dict)
    shared: dict[int, list[SharedPerson]] = field(default_factory=dict)


@dataclass(frozen=True)
class _Counted:
    """A province's unit counts on one date, as cached."""

    snapshot: str  # pg_current_snapshot() before the counts it holds were checked
    written_table: int  # reports_statisticsunitwrite's oid: a schema restored or recreated is new
    levels: str  # the education levels the count matched qualifications against (public)
    units: dict[int, UnitTables]  # the units counted (not yet every unit: those read so far)
    shared: dict[int, list[SharedPerson]]


def statistics_scope_for_user(*, user: Account, org_unit_id: int | None = None) -> OrgUnit:
    """The unit whose subtree `user` asks about: by default the widest one their roles cover.
    A unit outside every role's subtree answers as a missing one."""
    grants = account_role_grants(user, VIEW_ROLES)
    if org_unit_id is None:
        if not grants:
            raise NotFoundError(NOT_FOUND)
        return grants[0].org_unit
    try:
        pk = int(org_unit_id)
    except (TypeError, ValueError):
        pk = 0
    # Beyond bigint no row can match, and the database would refuse the number.
    unit = OrgUnit.objects.filter(pk=pk).first() if 0 < pk <= MAX_ID else None
    if unit is None or grant_over(grants, unit) is None:
        raise NotFoundError(NOT_FOUND)
    return unit


def statistics_units_for_user(*, user: Account) -> list[OrgUnit]:
    """The units `user` may ask about, in tree order (for a picker)."""
    within = Q(pk__in=[])
    for grant in account_role_grants(user, VIEW_ROLES):
        within |= Q(path__startswith=grant.org_unit.path)
    units = OrgUnit.objects.filter(within, dissolved_on__isnull=True)
    # Paths compare as text ("/1/10/" before "/1/2/"); as lists of ids they give tree order.
    return sorted(units, key=lambda unit: [int(part) for part in unit.path.strip("/").split("/")])


@replica_reads
def statistics_for_user(*, user: Account, org_unit_id: int | None = None, on: date | None = None) -> Statistics:
    scope = statistics_scope_for_user(user=user, org_unit_id=org_unit_id)
    return statistics_of(scope=scope, on=on or timezone.localdate())


@replica_reads
def statistics_of(*, scope: OrgUnit, on: date) -> Statistics:
    """Headcount of `scope`'s subtree on `on`, by every dimension of DIMENSIONS: the subtree's
    units' own counts summed (_unit_counts: one check of the cached counts, and one query counting
    again only the units written since). Callers check the reader's scope first."""
    found = _unit_counts(scope=scope, on=on)
    counts: dict[str, dict[str, int]] = {code: {} for code, _ in DIMENSIONS}
    for unit_id, path in found.paths.items():
        own = found.units.get(unit_id)
        if not own:
            continue
        for code, table in own.items():
            into = counts[code]
            for key, count in table.items():
                into[key] = into.get(key, 0) + count
        child = _child_of(scope, path)
        counts["unit"][child] = counts["unit"].get(child, 0) + sum(own["category"].values())
    for keys, path in _placed_once(found):
        child = _child_of(scope, path)
        counts["unit"][child] = counts["unit"].get(child, 0) + 1
        for code, key in zip(_PERSON_CODES, keys, strict=True):
            counts[code][key] = counts[code].get(key, 0) + 1
    counts["ethnic_group"] = _undigested(counts["ethnic_group"], kind="ethnic_group", field="ethnic_group_code")
    headcount = sum(counts["category"].values())
    breakdowns = tuple(
        Breakdown(code=code, title=title, rows=_rows(code, counts[code], scope, found.names))
        for code, title in DIMENSIONS
    )
    return Statistics(scope=scope, on=on, headcount=headcount, breakdowns=breakdowns)


@replica_reads
def changes_for_user(*, user: Account, period_from: date, period_to: date, org_unit_id: int | None = None) -> Changes:
    scope = statistics_scope_for_user(user=user, org_unit_id=org_unit_id)
    return changes_of(scope=scope, period_from=period_from, period_to=period_to)


@replica_reads
def changes_of(*, scope: OrgUnit, period_from: date, period_to: date) -> Changes:
    """Joined, left, promoted, raised a step, appointed in `scope`'s subtree over the period
    (one query). Someone moving between two units of the subtree neither joins nor leaves it."""
    if period_from > period_to:
        raise ApplicationError.for_fields({"period_from": BAD_PERIOD}, BAD_PERIOD)
    found: dict[str, dict[str, int]] = {}
    with connections[read_alias()].cursor() as cursor:
        cursor.execute(_CHANGES_SQL, {"from": period_from, "to": period_to, "prefix": f"{scope.path}%"})
        for kind, key, count in cursor.fetchall():
            found.setdefault(kind, {})[key or ""] = count
    statuses = dict(PersonStatus.choices)
    statuses[PersonStatus.WORKING] = "Chuyển sang đơn vị khác trong tỉnh"
    left_rows = tuple(
        CountRow(key, label, found.get("left", {}).get(key, 0)) for key, label in statuses.items()
    )
    total = found.get("total", {})
    return Changes(
        scope=scope, period_from=period_from, period_to=period_to,
        joined=total.get("joined", 0),
        left=Breakdown(code="left", title="Thôi công tác tại đơn vị, theo tình trạng hiện nay", rows=left_rows),
        promoted=total.get("promoted", 0), salary_steps=total.get("salary_step", 0),
        appointed=total.get("appointed", 0), reappointed=total.get("reappointed", 0),
    )


def _unit_counts(*, scope: OrgUnit, on: date) -> _Found:
    """Each unit of `scope`'s subtree with its own counts on `on`: the cached ones of units nothing
    has been written to since they were counted, the others counted now in one query. The cache
    entry is the province's (per date), so a reading of one agency reuses the province's counts
    and the reverse; it is stored unless this transaction wrote what statistics count (its writes
    may still be rolled back)."""
    key = _cache_key(on=on)
    cached: _Counted | None = caches[CACHE].get(key)
    # The replica inside replica_reads when it is healthy (tenants/replica.py), else the primary:
    # the freshness check and the count read the same database.
    alias = read_alias()
    with connections[alias].cursor() as cursor:
        cursor.execute(_FRESHNESS_SQL, {"snapshot": cached.snapshot if cached else None, "prefix": f"{scope.path}%"})
        snapshot, written_table, levels, facts_levels, wrote_here, written, ids, paths, names = cursor.fetchone()
    found = _Found(paths=dict(zip(ids or (), paths or (), strict=True)),
                   names=dict(zip(ids or (), names or (), strict=True)))
    written = set(written or ())
    if cached and 0 not in written and facts_levels == levels \
            and (cached.written_table, cached.levels) == (written_table, levels):
        found.units.update((unit, own) for unit, own in cached.units.items() if unit not in written)
        found.shared.update((unit, people) for unit, people in cached.shared.items() if unit in found.units)
    if facts_levels != levels:
        # The education levels changed since the facts ranked them (rare): every person's facts
        # are ranked again, on the primary (a replica cannot write), and counted there.
        alias = DEFAULT_DB_ALIAS
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT reports_personfacts_refresh(%s, NULL)", [current_schema_name()])
    missing = [unit for unit in found.paths if unit not in found.units]
    if missing:
        # The whole province with nothing kept: every unit, without a list to match.
        every = scope.parent_id is None and not found.units
        _count(alias=alias, on=on, units=None if every else missing, into=found)
    if not wrote_here and (cached is None or missing or written):
        # The snapshot of the check, taken before the count: a write the count saw but the
        # snapshot did not only makes the next reader count its units again, never read a stale
        # figure; the units of a write since then were either counted now or not kept.
        caches[CACHE].set(key, _Counted(snapshot, written_table, levels, found.units, found.shared), CACHE_SECONDS)
    return found


def _count(*, alias: str, on: date, units: list[int] | None, into: _Found) -> None:
    """Count the people of `units` (every unit when None) on `on` into `into`: each unit's own
    tables, and the people placed in several units that day (_placed_once sums them)."""
    with connections[alias].cursor() as cursor:
        # One round trip: the settings hold for this statement's implicit transaction only (or
        # until the caller's transaction ends): hashes in memory, no JIT compilation.
        cursor.execute(_WORK_MEM_SQL + _UNITS_SQL, {
            "on": on, "on_int": on.year * 10000 + on.month * 100 + on.day,
            "every": units is None, "units": units or [],
        })
        cursor.nextset()
        rows = cursor.fetchall()
    for unit in units or into.paths:
        into.units[unit] = {}
        into.shared.pop(unit, None)
    width = len(_PERSON_CODES)
    grouped: dict[int, list[tuple[int, str]]] = {}  # GROUPING(...) -> the (column, dimension) grouped on
    for row in rows:
        grouping, unit, count = row[0], row[1], row[2 + width]
        if grouping < 0:
            person, start, placement = row[3 + width:]
            into.shared.setdefault(unit, []).append((person, start, placement, tuple(key or "" for key in row[2:2 + width])))
            continue
        if grouping not in grouped:
            grouped[grouping] = [(2 + i, code) for i, code in enumerate(_PERSON_CODES)
                                 if not grouping >> (width - 1 - i) & 1]
        own = into.units.setdefault(unit, {})
        for column, code in grouped[grouping]:
            table = own.setdefault(code, {})
            key = row[column] or ""
            table[key] = table.get(key, 0) + count


def _placed_once(found: _Found) -> list[tuple[tuple[str, ...], str]]:
    """The people placed in several units on the date, each once, in the latest of their
    placements within the subtree (start, then id): (their keys, that unit's path)."""
    latest: dict[int, tuple[date, int, tuple[str, ...], str]] = {}
    for unit, people in found.shared.items():
        path = found.paths.get(unit)
        if path is None:
            continue
        for person, start, placement, keys in people:
            held = latest.get(person)
            if held is None or (start, placement) > held[:2]:
                latest[person] = (start, placement, keys, path)
    return [(keys, path) for _, _, keys, path in latest.values()]


def _child_of(scope: OrgUnit, path: str) -> str:
    """The id of the child of `scope` whose subtree holds the unit at `path`; "" for the scope
    itself. Paths are "/<root id>/<child id>/…/"."""
    return path.split("/")[scope.depth + 2]


def _cache_key(*, on: date) -> str:
    # The schema by name, besides the one the cache's key function adds (django_tenants.cache):
    # one province's figures must never answer another's, whatever the cache settings say. The
    # statement's digest: counts made by another version of it are never read.
    return f"reports:statistics:{_STATEMENT_DIGEST}:{current_schema_name()}:{on.isoformat()}"


def _undigested(counts: dict[str, int], *, kind: str, field: str) -> dict[str, int]:
    """Counts by keyed digest as counts by catalogue code: each code of the catalogue (retired
    ones too) is digested with the province's key; a digest no code gives stays as it is."""
    schema = current_schema_name()
    by_digest = {keyed_digest(code, schema=schema, context=field): code for code, _ in catalogue_choices(kind=kind)}
    found: dict[str, int] = {}
    for digest, count in counts.items():
        code = by_digest.get(digest, digest)
        found[code] = found.get(code, 0) + count
    return found


def _rows(code: str, counts: dict[str, int], scope: OrgUnit, names: dict[int, str]) -> tuple[CountRow, ...]:
    """Labelled rows: a fixed order for short lists, else the largest first; unknown last."""
    if code in FIXED_ORDER:
        return tuple(CountRow(key, str(label), counts.get(key, 0)) for key, label in FIXED_ORDER[code])
    labels = _labels(code, names)
    known = sorted(
        (CountRow(key, labels.get(key, key), n) for key, n in counts.items() if key),
        key=lambda row: (-row.count, row.label),
    )
    unknown = [CountRow("", _unknown_label(code, scope), counts[""])] if counts.get("") else []
    return tuple(known + unknown)


def _labels(code: str, names: dict[int, str]) -> dict[str, str]:
    if code in CATALOGUE_OF:
        return dict(catalogue_choices(kind=CATALOGUE_OF[code]))
    if code == "unit":
        return {str(pk): name for pk, name in names.items()}
    return {}


def _unknown_label(code: str, scope: OrgUnit) -> str:
    # A person placed on the scope's own unit (not below it) has no child unit to count under.
    return f"Trực tiếp tại {scope.name}" if code == "unit" else UNKNOWN


def _table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


# Each dimension's key for one person of staff s (core/reports/migrations/0003_person_facts.py:
# the person's attributes that do not depend on the date). Keys are never NULL, so a missing value
# is the empty string. The birth is an integer yyyymmdd (yyyy0000 when only the year is known):
# whole years at the date are (on - born) / 10000 truncated, so "under 30" is
# `born > on - 300000`, as age() would say. The unit is the one the person is counted in.
_KEY_SQL = {
    "category": "s.category",
    "rank": "s.rank",
    "professional_title": "s.title",
    "job_position": "s.job",
    "gender": "s.gender",
    "age": ("CASE WHEN s.born > %(on_int)s - 300000 THEN 'under_30' WHEN s.born > %(on_int)s - 400000 THEN '30_39'"
            " WHEN s.born > %(on_int)s - 500000 THEN '40_49' WHEN s.born > %(on_int)s - 600000 THEN '50_59'"
            " ELSE '60_up' END"),
    # The ethnic group is sealed at rest: people are grouped by its keyed digest, which
    # _undigested turns back into catalogue codes (core.base.sealed).
    "ethnic_group": "s.ethnic",
    "education": "s.education",
    "political_theory": "s.political",
}
# Every dimension but the unit, which comes from where each unit's counts are summed.
_PERSON_CODES = [code for code, _ in DIMENSIONS if code != "unit"]
_FACTS_TABLE = "reports_personfacts"
_FACTS = ", ".join(f"f.{column}" for column in (
    "category", "gender", "born", "rank", "title", "job", "ethnic", "education", "political"))

# Cached statistics (_unit_counts): where, how long at most, and what makes them stale.
CACHE = "default"
# A day: counts made in the morning (core.reports.services.statistics_warm) serve the working day.
CACHE_SECONDS = 24 * 3600
# The duty run forgets the record of writes older than this (statistics_writes_forget): it must
# stay well above CACHE_SECONDS, so that no cached answer outlives a write it did not see.
WRITES_KEPT_DAYS = 2

# Whether cached unit counts still hold, in one statement (one snapshot): the current snapshot,
# the unit write record's table and the education levels as they are now, the levels the person
# facts were ranked against (core/reports/migrations/0003_person_facts.py), whether this
# transaction has written what statistics read (core/reports/migrations/0002_statistics_writes.py),
# the units written by any transaction the cached snapshot could not see (0004: 0 for every unit;
# NULL with no cached snapshot), and the scope's units. Transaction ids below the snapshot's xmin
# had ended when it was taken: their committed writes were counted.
_FRESHNESS_SQL = f"""
SELECT pg_current_snapshot()::text,
       'reports_statisticsunitwrite'::regclass::oid::bigint,
       (SELECT md5(string_agg(code || ':' || name || ':' || level_order, '|' ORDER BY code))
        FROM {_table(EducationLevel)}),
       (SELECT levels FROM reports_personfactslevels),
       EXISTS (SELECT 1 FROM reports_statisticswrite WHERE xid = pg_current_xact_id_if_assigned()),
       CASE WHEN %(snapshot)s::text IS NOT NULL THEN ARRAY(
           SELECT DISTINCT w.unit_id FROM reports_statisticsunitwrite w
           WHERE w.xid >= pg_snapshot_xmin(%(snapshot)s::pg_snapshot)
             AND NOT pg_visible_in_snapshot(w.xid, %(snapshot)s::pg_snapshot)) END,
       units.ids, units.paths, units.names
FROM (SELECT array_agg(id) AS ids, array_agg(path) AS paths, array_agg(name) AS names
      FROM {_table(OrgUnit)} WHERE path LIKE %(prefix)s) units
"""

# For this statement only (one statement, so one result set before the figures): at 100,000
# people the default 4 MB spills the placement and degree sorts to disk, and the plan's cost
# passes jit_above_cost, where compiling its expressions took 80 ms of a 1.3 s run and saved
# nothing (bench_statistics).
_WORK_MEM_SQL = "SELECT set_config('work_mem', '32MB', true), set_config('jit', 'off', true);\n"

# The people of some units (%(units)s, or every unit) on a date, counted in each unit by each
# dimension (GROUPING SETS; GROUPING(...) tells which dimension a row counts, one bit per column,
# 0 for the column grouped on), and listed one by one when placed in several units that day.
#
# Where each person is on the date: the facts keep their latest placement; when it holds on the
# date and no other placement of theirs overlaps it, that unit is the only one (nearly everyone,
# found through the facts alone). The placements table is read only for the others (leavers, a date
# in the past, overlapping placements): their placements holding on the date, the latest per unit.
# Someone in one unit that day is counted in it; someone in several is listed under each (start,
# placement id), so that a scope counts them once, in the latest of its own (_placed_once): "a
# person counts once, in the later placement" within every scope, as with a count of the scope.
#
# A person's education is the highest of their degree rows' levels and the level their dossier's
# "highest qualification" names, ranked in the facts against the levels of their fingerprint
# (_unit_counts ranks them again when the levels change).
_KEYS = ", ".join(f"{_KEY_SQL[code]} AS {code}" for code in _PERSON_CODES)
# Each dimension is counted in one of these sets. Counting is most of the work, and it grows with
# the number of hash tables each person goes through more than with the width of their keys, as
# long as the tables stay small: dimensions of few values share a set (a unit has at most a few
# dozen of their combinations), the others have one each. _count splits the sets' rows into the
# dimensions' tables. Nine sets of one dimension each, or four with larger combinations, were
# slower (bench_statistics, "câu SQL đếm mọi đơn vị").
_COUNTED_TOGETHER: tuple[tuple[str, ...], ...] = (
    ("category", "gender"), ("age", "political_theory"), ("education",), ("rank", "professional_title"),
    ("job_position",), ("ethnic_group",),
)
_UNITS_SQL = f"""
WITH elsewhere AS (
    SELECT h.*, count(*) OVER (PARTITION BY h.person_id) AS places
    FROM (
        SELECT DISTINCT ON (pl.person_id, pl.org_unit_id) pl.person_id, pl.org_unit_id AS unit_id, pl.start, pl.id
        FROM {_table(Placement)} pl
        WHERE pl.start <= %(on)s AND (pl."end" IS NULL OR pl."end" >= %(on)s)
          AND pl.person_id IN (
              SELECT c.person_id FROM {_table(Placement)} c JOIN {_FACTS_TABLE} f ON f.person_id = c.person_id
              WHERE c.start <= %(on)s AND (c."end" IS NULL OR c."end" >= %(on)s)
                AND (f.since > %(on)s OR f.until < %(on)s OR f.overlapped)
                AND (%(every)s OR c.org_unit_id = ANY(%(units)s::bigint[])))
        ORDER BY pl.person_id, pl.org_unit_id, pl.start DESC, pl.id DESC
    ) h
)
SELECT GROUPING({", ".join(_PERSON_CODES)}), unit_id, {", ".join(_PERSON_CODES)}, count(*),
       NULL::bigint, NULL::date, NULL::bigint
FROM (
    SELECT s.unit_id, {_KEYS}
    FROM {_FACTS_TABLE} s
    WHERE s.since <= %(on)s AND (s.until IS NULL OR s.until >= %(on)s) AND NOT s.overlapped
      AND (%(every)s OR s.unit_id = ANY(%(units)s::bigint[]))
    UNION ALL
    SELECT h.unit_id, {_KEYS}
    FROM elsewhere h CROSS JOIN LATERAL (SELECT * FROM {_FACTS_TABLE} f WHERE f.person_id = h.person_id) s
    WHERE h.places = 1
) keyed
GROUP BY GROUPING SETS ({", ".join(f"(unit_id, {', '.join(codes)})" for codes in _COUNTED_TOGETHER)})
UNION ALL
SELECT -1, h.unit_id, {_KEYS}, 1, h.person_id, h.start, h.id
FROM elsewhere h CROSS JOIN LATERAL (SELECT * FROM {_FACTS_TABLE} f WHERE f.person_id = h.person_id) s
WHERE h.places > 1 AND (%(every)s OR h.unit_id = ANY(%(units)s::bigint[]))
"""

_STATEMENT_DIGEST = hashlib.md5(_UNITS_SQL.encode(), usedforsecurity=False).hexdigest()[:12]

# A placement joins the scope when the person was not in it the day before; it leaves the
# scope when no placement in it continues the next day.
_CHANGES_SQL = f"""
WITH scoped AS (
    SELECT pl.id, pl.person_id, pl.start, pl."end"
    FROM {_table(Placement)} pl JOIN {_table(OrgUnit)} u ON u.id = pl.org_unit_id
    WHERE u.path LIKE %(prefix)s
)
SELECT 'total', 'joined', count(DISTINCT a.person_id) FROM scoped a
WHERE a.start BETWEEN %(from)s AND %(to)s
  AND NOT EXISTS (SELECT 1 FROM scoped b WHERE b.person_id = a.person_id AND b.start < a.start
                  AND (b."end" IS NULL OR b."end" >= a.start - 1))
UNION ALL
SELECT 'left', p.status, count(DISTINCT a.person_id)
FROM scoped a JOIN {_table(Person)} p ON p.id = a.person_id
WHERE a."end" BETWEEN %(from)s AND %(to)s
  AND NOT EXISTS (SELECT 1 FROM scoped b WHERE b.person_id = a.person_id AND b.id <> a.id
                  AND b.start <= a."end" + 1 AND (b."end" IS NULL OR b."end" > a."end"))
GROUP BY p.status
UNION ALL
SELECT 'total', CASE WHEN prev.rank_code <> sh.rank_code THEN 'promoted' ELSE 'salary_step' END, count(*)
FROM {_table(SalaryHistory)} sh
CROSS JOIN LATERAL (
    SELECT s2.rank_code, s2.step FROM {_table(SalaryHistory)} s2
    WHERE s2.person_id = sh.person_id AND s2.effective_on < sh.effective_on
    ORDER BY s2.effective_on DESC, s2.id DESC LIMIT 1
) prev
WHERE sh.effective_on BETWEEN %(from)s AND %(to)s
  AND (prev.rank_code <> sh.rank_code OR sh.step > prev.step)
  AND EXISTS (SELECT 1 FROM scoped b WHERE b.person_id = sh.person_id AND b.start <= sh.effective_on
              AND (b."end" IS NULL OR b."end" >= sh.effective_on))
GROUP BY 2
UNION ALL
SELECT 'total', CASE WHEN ap.reappointment THEN 'reappointed' ELSE 'appointed' END, count(*)
FROM {_table(Appointment)} ap
WHERE ap.start BETWEEN %(from)s AND %(to)s
  AND EXISTS (SELECT 1 FROM scoped b WHERE b.person_id = ap.person_id AND b.start <= ap.start
              AND (b."end" IS NULL OR b."end" >= ap.start))
GROUP BY 2
"""
