"""Statistics of the people working in a unit's subtree on a date, and what changed over a period.

"Working in the subtree on a date" is read from placements (core.models.Placement, the
authoritative "who worked where, when"); a person with two placements that day counts once, in
the later one. Attributes (rank, title, job position, levels, ethnic group) are the dossier's
current values, read from each person's facts (core/reports/migrations/0003_person_facts.py: kept
by triggers in the writing transaction). Every figure comes from one SQL statement over the whole
scope (GROUP BY), so the tables of one answer come from one snapshot and agree with each other; no
loop runs over people. Its rows are cached per province, scope and date, and counted again as
soon as anything they count has been written (a database trigger records every writing
transaction, see _FRESHNESS_SQL). The scope is checked against the reader's roles: missing and
forbidden answer alike.
"""

import hashlib
from dataclasses import dataclass
from datetime import date
from typing import Any

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
    """Headcount of `scope`'s subtree on `on`, by every dimension of DIMENSIONS (a check of the
    cached figures, one query when they no longer hold, one for the names of the units). Callers
    check the reader's scope first."""
    counts: dict[str, dict[str, int]] = {code: {} for code, _ in DIMENSIONS}
    for grouping, *keys, count in _counted(scope=scope, on=on):
        index = next(i for i in range(len(_CODES)) if not grouping >> (len(_CODES) - 1 - i) & 1)
        counts[_CODES[index]][keys[index] or ""] = count
    counts["ethnic_group"] = _undigested(counts["ethnic_group"], kind="ethnic_group", field="ethnic_group_code")
    headcount = sum(counts["category"].values())
    breakdowns = tuple(
        Breakdown(code=code, title=title, rows=_rows(code, counts[code], scope)) for code, title in DIMENSIONS
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


def _counted(*, scope: OrgUnit, on: date) -> list[tuple[Any, ...]]:
    """The statement's rows for `scope` on `on`: the cached ones while nothing they count has been
    written since they were counted, else counted now (and cached when this transaction has
    written none of it: its own writes may still be rolled back)."""
    key = _cache_key(scope=scope, on=on)
    cached = caches[CACHE].get(key)
    # The replica inside replica_reads when it is healthy (tenants/replica.py), else the primary:
    # the freshness check and the count read the same database.
    alias = read_alias()
    with connections[alias].cursor() as cursor:
        cursor.execute(_FRESHNESS_SQL, {"snapshot": cached.snapshot if cached else None})
        snapshot, written_table, levels, facts_levels, wrote_here, unchanged = cursor.fetchone()
        if cached and unchanged and not wrote_here and (cached.written_table, cached.levels) == (written_table, levels):
            return cached.rows
    if facts_levels != levels:
        # The education levels changed since the facts ranked them (rare): every person's facts
        # are ranked again, on the primary (a replica cannot write), and counted there.
        alias = DEFAULT_DB_ALIAS
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT reports_personfacts_refresh(%s, NULL)", [current_schema_name()])
    with connections[alias].cursor() as cursor:
        # One round trip: the settings hold for this statement's implicit transaction only (or
        # until the caller's transaction ends): hashes in memory, no JIT compilation.
        cursor.execute(_WORK_MEM_SQL + _STATISTICS_SQL, {
            "on": on, "on_int": on.year * 10000 + on.month * 100 + on.day, "prefix": f"{scope.path}%",
            "unit_part": scope.depth + 3,
        })
        cursor.nextset()
        rows = cursor.fetchall()
    if not wrote_here:
        # The snapshot of the check, taken before the count: a write the count saw but the
        # snapshot did not only makes the next reader count again, never read a stale figure.
        caches[CACHE].set(key, _Counted(snapshot, written_table, levels, rows), CACHE_SECONDS)
    return rows


def _cache_key(*, scope: OrgUnit, on: date) -> str:
    # The schema by name, besides the one the cache's key function adds (django_tenants.cache):
    # one province's figures must never answer another's, whatever the cache settings say. The
    # statement's digest: figures counted by another version of it are never read.
    return f"reports:statistics:{_STATEMENT_DIGEST}:{current_schema_name()}:{scope.pk}:{scope.path}:{on.isoformat()}"


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


def _rows(code: str, counts: dict[str, int], scope: OrgUnit) -> tuple[CountRow, ...]:
    """Labelled rows: a fixed order for short lists, else the largest first; unknown last."""
    if code in FIXED_ORDER:
        return tuple(CountRow(key, str(label), counts.get(key, 0)) for key, label in FIXED_ORDER[code])
    labels = _labels(code, counts, scope)
    known = sorted(
        (CountRow(key, labels.get(key, key), n) for key, n in counts.items() if key),
        key=lambda row: (-row.count, row.label),
    )
    unknown = [CountRow("", _unknown_label(code, scope), counts[""])] if counts.get("") else []
    return tuple(known + unknown)


def _labels(code: str, counts: dict[str, int], scope: OrgUnit) -> dict[str, str]:
    if code in CATALOGUE_OF:
        return dict(catalogue_choices(kind=CATALOGUE_OF[code]))
    if code == "unit":
        ids = [int(key) for key in counts if key.isdigit()]
        return {str(pk): name for pk, name in OrgUnit.objects.filter(pk__in=ids).values_list("pk", "name")}
    return {}


def _unknown_label(code: str, scope: OrgUnit) -> str:
    # A person placed on the scope's own unit (not below it) has no child unit to count under.
    return f"Trực tiếp tại {scope.name}" if code == "unit" else UNKNOWN


def _table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


# Each dimension's key for one person of staff s (core/reports/migrations/0003_person_facts.py:
# the person's attributes that do not depend on the date, and the unit path of the placement that
# holds on the date). Keys are never NULL, so a missing value is the empty string. The birth is an
# integer yyyymmdd (yyyy0000 when only the year is known): whole years at the date are
# (on - born) / 10000 truncated, so "under 30" is `born > on - 300000`, as age() would say.
_KEY_SQL = {
    "category": "s.category",
    "unit": "split_part(s.path, '/', %(unit_part)s)",  # of a count by path (_STATISTICS_SQL)
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
_CODES = [code for code, _ in DIMENSIONS]
_FACTS_TABLE = "reports_personfacts"
_FACTS = ", ".join(f"f.{column}" for column in (
    "person_id", "category", "gender", "born", "rank", "title", "job", "ethnic", "education", "political"))

# Cached statistics (_counted): where, how long at most, and what makes them stale.
CACHE = "default"
CACHE_SECONDS = 6 * 3600
# The duty run forgets the record of writes older than this (statistics_writes_forget): it must
# stay well above CACHE_SECONDS, so that no cached answer outlives a write it did not see.
WRITES_KEPT_DAYS = 2


@dataclass(frozen=True)
class _Counted:
    snapshot: str  # pg_current_snapshot() before the count
    written_table: int  # reports_statisticswrite's oid: a schema restored or recreated is new
    levels: str  # the education levels the count matched qualifications against (public)
    rows: list[tuple[Any, ...]]


# Whether a cached count still holds, in one statement (one snapshot): the current snapshot,
# the write record's table and the education levels as they are now, the levels the person facts
# were ranked against (core/reports/migrations/0003_person_facts.py), whether this transaction
# has written what statistics read (core/reports/migrations/0002_statistics_writes.py), and
# whether any transaction the cached snapshot could not see has written since. Transaction ids
# below the snapshot's xmin had ended when it was taken: their committed writes were counted.
_FRESHNESS_SQL = f"""
SELECT pg_current_snapshot()::text,
       'reports_statisticswrite'::regclass::oid::bigint,
       (SELECT md5(string_agg(code || ':' || name || ':' || level_order, '|' ORDER BY code))
        FROM {_table(EducationLevel)}),
       (SELECT levels FROM reports_personfactslevels),
       EXISTS (SELECT 1 FROM reports_statisticswrite WHERE xid = pg_current_xact_id_if_assigned()),
       %(snapshot)s::text IS NOT NULL AND NOT EXISTS (
           SELECT 1 FROM reports_statisticswrite w
           WHERE w.xid >= pg_snapshot_xmin(%(snapshot)s::pg_snapshot)
             AND NOT pg_visible_in_snapshot(w.xid, %(snapshot)s::pg_snapshot))
"""

# For this statement only (one statement, so one result set before the figures): at 100,000
# people the default 4 MB spills the placement and degree sorts to disk, and the plan's cost
# passes jit_above_cost, where compiling its expressions took 80 ms of a 1.3 s run and saved
# nothing (bench_statistics).
_WORK_MEM_SQL = "SELECT set_config('work_mem', '32MB', true), set_config('jit', 'off', true);\n"

# One scan of the scope's people, one count per dimension (GROUPING SETS): GROUPING(...) tells
# which dimension a row counts, one bit per column, 0 for the column grouped on.
#
# Who works in the scope on the date: each person's placement that holds on that date, the later
# one when two do (a person counts once), among the scope's placements. The facts keep each
# person's latest placement: when it holds on the date and lies in the scope it is the one, and
# the placements table is read only for the others: people whose latest placement does not hold
# on the date (leavers, a date in the past) or, for those with overlapping placements, lies
# outside the scope. On today's date this spares sorting every placement of the province.
#
# A person's education is the highest of their degree rows' levels and the level their dossier's
# "highest qualification" names, ranked in the facts against the levels of their fingerprint
# (_counted ranks them again when the levels change).
#
# Counting is most of the work at 100,000 people, and it grows with the number of hash tables each
# person goes through more than with the width of their keys: people are first counted in five
# sets, dimensions of few values together (category, gender, age, education and political theory
# come from short catalogues and lists, as do ranks and titles), then those few thousand rows are
# summed into the ten tables. In the second step a row of another set has NULL for the dimension,
# which no person's key is: the coalesce() keeps a table's own rows.
_STATISTICS_SQL = f"""
WITH scope AS (
        SELECT id, path FROM {_table(OrgUnit)} WHERE path LIKE %(prefix)s
    ),
    staff AS (
        SELECT {_FACTS}, u.path
        FROM {_FACTS_TABLE} f JOIN scope u ON u.id = f.unit_id
        WHERE f.since <= %(on)s AND (f.until IS NULL OR f.until >= %(on)s)
        UNION ALL
        SELECT * FROM (
            SELECT DISTINCT ON (pl.person_id) {_FACTS}, u.path
            FROM {_FACTS_TABLE} f
            JOIN {_table(Placement)} pl ON pl.person_id = f.person_id
            JOIN scope u ON u.id = pl.org_unit_id
            WHERE (f.since > %(on)s OR f.until < %(on)s OR (f.overlapped AND f.unit_id NOT IN (SELECT id FROM scope)))
              AND pl.start <= %(on)s AND (pl."end" IS NULL OR pl."end" >= %(on)s)
            ORDER BY pl.person_id, pl.start DESC, pl.id DESC
        ) others
    ),
    keyed AS (
        SELECT s.path, {", ".join(f"{_KEY_SQL[code]} AS {code}" for code in _CODES if code != "unit")}
        FROM staff s
    ),
    partial AS (
        SELECT path, {", ".join(code for code in _CODES if code != "unit")}, count(*) AS people
        FROM keyed
        GROUP BY GROUPING SETS ((category, gender, age, education, political_theory),
                                (rank, professional_title), (path), (job_position), (ethnic_group))
    )
SELECT GROUPING({", ".join(_CODES)}), {", ".join(_CODES)}, sum(people)::bigint
FROM (SELECT split_part(path, '/', %(unit_part)s) AS unit, * FROM partial) p
GROUP BY GROUPING SETS ({", ".join(f"({code})" for code in _CODES)})
HAVING coalesce({", ".join(_CODES)}) IS NOT NULL
"""

_STATEMENT_DIGEST = hashlib.md5(_STATISTICS_SQL.encode(), usedforsecurity=False).hexdigest()[:12]

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
