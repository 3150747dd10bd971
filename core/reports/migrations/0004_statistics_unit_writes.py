"""Which units each writing transaction changed for the statistics (core.reports.selectors.statistics).

Statistics keep each unit's own counts (its people, not its subtree's) and, after a write, count
again only the units the write could have changed; a scope's figures are its units' counts
summed. `reports_statisticsunitwrite` records, for each transaction, every unit whose counts it
may have changed: every unit where a person it wrote (their record, dossier, degrees or
placements) has a placement, and the units of the placements it deleted or moved. A person's
placements name every unit they can count in, on any date, so nothing outside those units
changes. Unit 0 stands for every unit: a truncated table, or a written org unit (a moved subtree
changes which units a scope sums; rare enough to count everything again).

Written by the same statement-level triggers as the person facts (0003), in the writing
transaction, into the schema of the table written (TG_TABLE_SCHEMA); a rolled-back write records
nothing. `written_at` lets the duty run forget old records (statistics_writes_forget).
"""

from importlib import import_module

from django.db import migrations

# The facts trigger of 0003, recording the units besides recomputing the facts.
WRITTEN = """
CREATE OR REPLACE FUNCTION reports_personfacts_written() RETURNS trigger LANGUAGE plpgsql AS $body$
DECLARE
    ids bigint[];
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        EXECUTE format('SELECT %I.reports_personfacts_refresh(%L, NULL)', TG_TABLE_SCHEMA, TG_TABLE_SCHEMA);
        EXECUTE format('INSERT INTO %I.reports_statisticsunitwrite (xid, unit_id) VALUES (pg_current_xact_id(), 0)'
                       ' ON CONFLICT DO NOTHING', TG_TABLE_SCHEMA);
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
        -- The units of these people's placements as they are now, and (a placement deleted or
        -- moved) the units they were in.
        IF TG_TABLE_NAME = 'core_placement' AND TG_OP <> 'INSERT' THEN
            EXECUTE format('INSERT INTO %1$I.reports_statisticsunitwrite (xid, unit_id)'
                           ' SELECT DISTINCT pg_current_xact_id(), unit FROM ('
                           '   SELECT org_unit_id AS unit FROM %1$I.core_placement WHERE person_id = ANY($1)'
                           '   UNION SELECT org_unit_id FROM old_rows) units'
                           ' ON CONFLICT DO NOTHING', TG_TABLE_SCHEMA) USING ids;
        ELSE
            EXECUTE format('INSERT INTO %1$I.reports_statisticsunitwrite (xid, unit_id)'
                           ' SELECT DISTINCT pg_current_xact_id(), org_unit_id FROM %1$I.core_placement'
                           ' WHERE person_id = ANY($1)'
                           ' ON CONFLICT DO NOTHING', TG_TABLE_SCHEMA) USING ids;
        END IF;
    END IF;
    RETURN NULL;
END
$body$
"""

# 0003's function, as it was (for going back).
WRITTEN_BEFORE = next(
    statement for statement in import_module("core.reports.migrations.0003_person_facts").FORWARDS
    if "FUNCTION reports_personfacts_written()" in statement
).replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1)

FORWARDS = [
    """
    CREATE TABLE reports_statisticsunitwrite (
        xid xid8 NOT NULL,
        unit_id bigint NOT NULL,
        written_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (xid, unit_id)
    )
    """,
    "CREATE INDEX reports_statisticsunitwrite_written_at ON reports_statisticsunitwrite (written_at)",
    # A unit's own people, counted again after a write: their facts by their latest placement.
    "CREATE INDEX reports_personfacts_unit ON reports_personfacts (unit_id)",
    WRITTEN,
    """
    CREATE FUNCTION reports_statistics_units_all() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        EXECUTE format('INSERT INTO %I.reports_statisticsunitwrite (xid, unit_id) VALUES (pg_current_xact_id(), 0)'
                       ' ON CONFLICT DO NOTHING', TG_TABLE_SCHEMA);
        RETURN NULL;
    END
    $$
    """,
    "CREATE TRIGGER core_orgunit_statistics_units AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON core_orgunit"
    " FOR EACH STATEMENT EXECUTE FUNCTION reports_statistics_units_all()",
]

BACKWARDS = [
    "DROP TRIGGER IF EXISTS core_orgunit_statistics_units ON core_orgunit",
    "DROP FUNCTION IF EXISTS reports_statistics_units_all()",
    WRITTEN_BEFORE,
    "DROP INDEX IF EXISTS reports_personfacts_unit",
    "DROP TABLE IF EXISTS reports_statisticsunitwrite",
]


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0003_person_facts"),
    ]

    operations = [migrations.RunSQL(FORWARDS, BACKWARDS)]
