"""French full-text search on PostgreSQL: unaccent, a `french_unaccent` configuration
(stemming + accents ignored) and a GIN index on the stored search vector.
Nothing to do on SQLite, where catalogue.search falls back to LIKE queries."""

from django.db import migrations

FORWARD = """
CREATE EXTENSION IF NOT EXISTS unaccent;
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'french_unaccent') THEN
    CREATE TEXT SEARCH CONFIGURATION french_unaccent ( COPY = french );
    ALTER TEXT SEARCH CONFIGURATION french_unaccent
      ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
  END IF;
END
$$;
CREATE INDEX IF NOT EXISTS catalogue_dataset_search_gin
  ON catalogue_dataset USING gin (search_vector);
"""

BACKWARD = "DROP INDEX IF EXISTS catalogue_dataset_search_gin;"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0002_vocabularies_and_roles")]
    operations = [migrations.RunPython(forward, backward)]
