"""Each person's date-independent statistics attributes, kept beside the people
(core.reports.selectors.statistics).

`reports_personfacts` holds one row per person: the keys the statistics group on that do not
depend on the date asked about (category, gender, rank, title, job position, ethnic digest,
political theory level, the education level ranked from the degree rows and the dossier's
"highest qualification"), the birth as an integer (yyyymmdd, or yyyy0000 when only the year is
known: an age in whole years is then one subtraction), and the person's latest placement (unit,
start, end, and whether another placement overlaps it), which answers "where on this date" for
nearly everyone without sorting every placement. Statistics read it instead of joining people,
dossiers and degrees and ranking education for every person at every count.

Statement-level triggers with transition tables keep it in the same transaction as the write,
however the write is sent (services, queryset updates, bulk inserts, raw SQL, a merger): each
statement recomputes the rows of the people it touched, set-wise. Before recomputing, it locks
those people's rows: a transaction writing the same person waits for the first to commit and then
recomputes from what it committed (each statement of the function reads a new snapshot), so two
concurrent writes never leave a row computed without the other's change. Names go through
TG_TABLE_SCHEMA, never the search path, so a write lands in its own schema's facts.

Education levels are a public catalogue: `reports_personfactslevels` records the fingerprint of
the levels the rows were computed with (the md5 the statistics' freshness check computes); the
first writer or reader finding another fingerprint ranks every row again (rare: the catalogue
seldom changes).
"""

from django.db import migrations

SOURCES = {"core_person": "id", "core_dossier": "person_id", "core_placement": "person_id", "core_degree": "person_id"}

COLUMNS = ("category", "gender", "born", "rank", "title", "job", "ethnic", "education", "political",
           "unit_id", "since", "until", "overlapped")

LEVELS_FINGERPRINT = (
    "SELECT md5(string_agg(code || ':' || name || ':' || level_order, '|' ORDER BY code))"
    " FROM public.catalogues_educationlevel"
)

# The rows of the people in $1 (every person when $1 is NULL), as the statistics statement before
# this table computed them; `%1$I` is the schema, `%2$s` the filter on people, `%3$s` on their rows.
_COMPUTE = f"""
    INSERT INTO %1$I.reports_personfacts (person_id, {", ".join(COLUMNS)})
    WITH levels AS (
        SELECT code, lower(name) || '%%' AS pattern, row_number() OVER (ORDER BY level_order, code DESC) AS rank
        FROM public.catalogues_educationlevel
    ),
    degrees AS (
        SELECT dg.person_id, max(lv.rank) AS rank, min(dg.level_code) FILTER (WHERE lv.rank IS NULL) AS other
        FROM %1$I.core_degree dg LEFT JOIN levels lv ON lv.code = dg.level_code
        WHERE %3$s
        GROUP BY dg.person_id
    ),
    latest AS (
        SELECT DISTINCT ON (pl.person_id) pl.person_id, pl.id, pl.org_unit_id, pl.start, pl."end"
        FROM %1$I.core_placement pl
        WHERE %3$s
        ORDER BY pl.person_id, pl.start DESC, pl.id DESC
    )
    SELECT p.id, p.category, p.gender,
           CASE WHEN p.birth_date IS NOT NULL THEN to_char(p.birth_date, 'YYYYMMDD')::int
                ELSE p.birth_year::int * 10000 END,
           coalesce(d.rank_code, ''), coalesce(d.professional_title_code, ''), coalesce(btrim(d.job_position), ''),
           coalesce(d.ethnic_group_digest, ''), coalesce(best.code, g.other, ''),
           coalesce(d.political_theory_level_code, ''),
           l.org_unit_id, l.start, l."end",
           l.id IS NOT NULL AND EXISTS (
               SELECT FROM %1$I.core_placement o
               WHERE o.person_id = p.id AND o.id <> l.id
                 AND (o."end" IS NULL OR o."end" >= l.start) AND (l."end" IS NULL OR o.start <= l."end"))
    FROM %1$I.core_person p
    LEFT JOIN %1$I.core_dossier d ON d.person_id = p.id
    LEFT JOIN degrees g ON g.person_id = p.id
    LEFT JOIN latest l ON l.person_id = p.id
    CROSS JOIN LATERAL (SELECT lower(btrim(d.highest_qualification)) AS named OFFSET 0) q
    LEFT JOIN LATERAL (
        SELECT max(lv.rank) AS rank FROM levels lv WHERE q.named <> '' AND q.named LIKE lv.pattern
    ) n ON true
    LEFT JOIN levels best ON best.rank = greatest(g.rank, n.rank)
    WHERE %2$s
    ON CONFLICT (person_id) DO UPDATE SET {", ".join(f"{c} = excluded.{c}" for c in COLUMNS)}
    WHERE ({", ".join(f"reports_personfacts.{c}" for c in COLUMNS)})
          IS DISTINCT FROM ({", ".join(f"excluded.{c}" for c in COLUMNS)})
"""

FORWARDS = [
    """
    CREATE TABLE reports_personfacts (
        person_id bigint PRIMARY KEY,
        category text NOT NULL,
        gender text NOT NULL,
        born integer NOT NULL,
        rank text NOT NULL,
        title text NOT NULL,
        job text NOT NULL,
        ethnic text NOT NULL,
        education text NOT NULL,
        political text NOT NULL,
        unit_id bigint,
        since date,
        until date,
        overlapped boolean NOT NULL
    )
    """,
    "CREATE TABLE reports_personfactslevels (levels text)",
    # Recomputes the rows of the people `ids` (every person when NULL) in schema `target`. Without
    # JIT: the statement's estimated cost passes jit_above_cost, and compiling it took 1.1 s of
    # 1.3 s for 10,000 people, whatever their number (bench_statistics, "ghi 10.000 hồ sơ").
    f"""
    CREATE FUNCTION reports_personfacts_refresh(target text, ids bigint[]) RETURNS void LANGUAGE plpgsql
    SET jit = off AS $body$
    DECLARE
        ranked text;
        current_levels text;
    BEGIN
        IF ids IS NOT NULL THEN
            -- Levels changed since the rows were ranked (or never ranked: a province cloned from a
            -- template migrated before the catalogue was loaded): every row is ranked again, by
            -- the first writer, so that readers seldom have to.
            EXECUTE format('SELECT levels FROM %I.reports_personfactslevels', target) INTO ranked;
            EXECUTE $sql${LEVELS_FINGERPRINT}$sql$ INTO current_levels;
            IF ranked IS DISTINCT FROM current_levels THEN
                ids := NULL;
            END IF;
        END IF;
        IF ids IS NULL THEN
            -- Every row: writers wait until this transaction ends, and the rows are computed
            -- (next statement, new snapshot) from everything committed before.
            EXECUTE format('LOCK TABLE %I.reports_personfacts IN EXCLUSIVE MODE', target);
            EXECUTE format('DELETE FROM %1$I.reports_personfacts f WHERE NOT EXISTS'
                           ' (SELECT FROM %1$I.core_person p WHERE p.id = f.person_id)', target);
            EXECUTE format($sql${_COMPUTE}$sql$, target, 'true', 'true');
            EXECUTE format('DELETE FROM %I.reports_personfactslevels', target);
            EXECUTE format($sql$INSERT INTO %I.reports_personfactslevels (levels) {LEVELS_FINGERPRINT}$sql$, target);
            RETURN;
        END IF;
        EXECUTE format('SELECT FROM %I.reports_personfacts WHERE person_id = ANY($1) ORDER BY person_id FOR UPDATE',
                       target) USING ids;
        EXECUTE format('DELETE FROM %1$I.reports_personfacts f WHERE f.person_id = ANY($1) AND NOT EXISTS'
                       ' (SELECT FROM %1$I.core_person p WHERE p.id = f.person_id)', target) USING ids;
        EXECUTE format($sql${_COMPUTE}$sql$, target, 'p.id = ANY($1)', 'person_id = ANY($1)') USING ids;
    END
    $body$
    """,
    # TG_ARGV[0]: the column naming the person in the table written.
    """
    CREATE FUNCTION reports_personfacts_written() RETURNS trigger LANGUAGE plpgsql AS $body$
    DECLARE
        ids bigint[];
    BEGIN
        IF TG_OP = 'TRUNCATE' THEN
            EXECUTE format('SELECT %I.reports_personfacts_refresh(%L, NULL)', TG_TABLE_SCHEMA, TG_TABLE_SCHEMA);
            RETURN NULL;
        ELSIF TG_OP = 'INSERT' THEN
            EXECUTE format('SELECT array_agg(DISTINCT %I) FROM new_rows', TG_ARGV[0]) INTO ids;
        ELSIF TG_OP = 'DELETE' THEN
            EXECUTE format('SELECT array_agg(DISTINCT %I) FROM old_rows', TG_ARGV[0]) INTO ids;
        ELSE
            EXECUTE format('SELECT array_agg(DISTINCT person) FROM'
                           ' (SELECT %1$I AS person FROM old_rows UNION SELECT %1$I FROM new_rows) rows',
                           TG_ARGV[0]) INTO ids;
        END IF;
        IF ids IS NOT NULL THEN
            EXECUTE format('SELECT %I.reports_personfacts_refresh(%L, $1)', TG_TABLE_SCHEMA, TG_TABLE_SCHEMA)
                USING ids;
        END IF;
        RETURN NULL;
    END
    $body$
    """,
    *(
        statement
        for table, column in SOURCES.items()
        for statement in (
            f"CREATE TRIGGER {table}_facts_inserted AFTER INSERT ON {table} REFERENCING NEW TABLE AS new_rows"
            f" FOR EACH STATEMENT EXECUTE FUNCTION reports_personfacts_written('{column}')",
            f"CREATE TRIGGER {table}_facts_updated AFTER UPDATE ON {table}"
            f" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows"
            f" FOR EACH STATEMENT EXECUTE FUNCTION reports_personfacts_written('{column}')",
            f"CREATE TRIGGER {table}_facts_deleted AFTER DELETE ON {table} REFERENCING OLD TABLE AS old_rows"
            f" FOR EACH STATEMENT EXECUTE FUNCTION reports_personfacts_written('{column}')",
            f"CREATE TRIGGER {table}_facts_truncated AFTER TRUNCATE ON {table}"
            f" FOR EACH STATEMENT EXECUTE FUNCTION reports_personfacts_written('{column}')",
        )
    ),
    # The people already there, and the fingerprint of the levels they were computed with; the
    # planner's statistics at once (the statement's plan depends on how many latest placements
    # hold on a date, not a guess from an unanalysed table).
    "SELECT reports_personfacts_refresh(current_schema()::text, NULL)",
    "ANALYZE reports_personfacts",
]

BACKWARDS = [
    *(
        f"DROP TRIGGER IF EXISTS {table}_facts_{event} ON {table}"
        for table in SOURCES
        for event in ("inserted", "updated", "deleted", "truncated")
    ),
    "DROP FUNCTION IF EXISTS reports_personfacts_written()",
    "DROP FUNCTION IF EXISTS reports_personfacts_refresh(text, bigint[])",
    "DROP TABLE IF EXISTS reports_personfactslevels",
    "DROP TABLE IF EXISTS reports_personfacts",
]


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0012_rolegrant_tech_agency"),
        ("reports", "0002_statistics_writes"),
    ]

    operations = [migrations.RunSQL(FORWARDS, BACKWARDS)]
