"""A trigram index on people's normalised names, where the server has pg_trgm.

The embedded PostgreSQL of `make run` has no contrib modules: there the search still works
(sequential scan). The extension goes in `public`, which is on every province's search path.
"""

from django.db import migrations

INDEX = "core_person_search_trgm"


def forwards(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")
        if cursor.fetchone() is None:
            return
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public")
        cursor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON core_person USING gin (search_name public.gin_trgm_ops)"
        )


def backwards(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
