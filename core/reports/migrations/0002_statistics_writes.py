"""Which transactions wrote what the province statistics read (core.reports.selectors.statistics).

Every statement that writes people, dossiers, placements, degrees or units, however it is sent
(services, queryset updates, bulk inserts, raw SQL, a merger), records its transaction once in
`reports_statisticswrite`. A cached statistics answer keeps the snapshot it was counted under and
holds only while no transaction it could not see has written since: no counter row that every
writer would have to lock, and a rolled-back write records nothing. The row goes into the schema
of the table written (TG_TABLE_SCHEMA), never into whichever schema the search path names.
"""

from django.db import migrations

TABLES = ("core_person", "core_dossier", "core_placement", "core_degree", "core_orgunit")

FORWARDS = [
    """
    CREATE TABLE reports_statisticswrite (
        xid xid8 PRIMARY KEY,
        written_at timestamptz NOT NULL DEFAULT now()
    )
    """,
    "CREATE INDEX reports_statisticswrite_written_at ON reports_statisticswrite (written_at)",
    """
    CREATE FUNCTION reports_statistics_written() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        EXECUTE format(
            'INSERT INTO %I.reports_statisticswrite (xid) VALUES (pg_current_xact_id()) ON CONFLICT (xid) DO NOTHING',
            TG_TABLE_SCHEMA);
        RETURN NULL;
    END
    $$
    """,
    *(
        f"CREATE TRIGGER {table}_statistics_written AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}"
        f" FOR EACH STATEMENT EXECUTE FUNCTION reports_statistics_written()"
        for table in TABLES
    ),
]

BACKWARDS = [
    *(f"DROP TRIGGER IF EXISTS {table}_statistics_written ON {table}" for table in TABLES),
    "DROP FUNCTION IF EXISTS reports_statistics_written()",
    "DROP TABLE IF EXISTS reports_statisticswrite",
]


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0012_rolegrant_tech_agency"),
        ("reports", "0001_initial"),
    ]

    operations = [migrations.RunSQL(FORWARDS, BACKWARDS)]
