"""Indexes for a registry of a million copies, chosen from EXPLAIN ANALYZE (docs/performance.md).

- document_ledger_order: the ledger's default sort across registries
  (newest first), walked by a clerk's pages and sought by keyset cursors;
  it carries registry_id so the walk tests visibility without reading the
  table (an index-only scan).
- document_ledger_key: a document's sort key by id, for the pages built
  from the set of a reader's documents (again index-only).
- document_recent: the home page's "recently registered".
- Trigram GIN indexes (pg_trgm) on UPPER(title), UPPER(reference_number)
  and UPPER(registry_number): the ledger search is `icontains`, which Django
  writes as UPPER(column) LIKE UPPER('%fragment%'); these serve it for
  fragments of three or more characters, Chinese included.

The trigram part exists only on PostgreSQL: on SQLite (`make run`) it does
nothing, and the model state does not know about it.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

TRIGRAM_INDEXES = {
    "document_title_trgm": "title",
    "document_reference_trgm": "reference_number",
    "document_number_trgm": "registry_number",
}


def create_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, column in TRIGRAM_INDEXES.items():
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "documents_document" USING gin (UPPER("{column}"::text) gin_trgm_ops)'
        )


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in TRIGRAM_INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [("documents", "0009_prints")]

    operations = [
        TrigramExtension(),
        migrations.RunPython(create_trigram_indexes, drop_trigram_indexes),
        migrations.AddIndex(
            model_name="document",
            index=models.Index(fields=["-year", "-serial", "-id"], name="document_ledger_order", include=["registry"]),
        ),
        migrations.AddIndex(
            model_name="document",
            index=models.Index(fields=["id"], name="document_ledger_key", include=["year", "serial", "registry"]),
        ),
        migrations.AddIndex(
            model_name="document",
            index=models.Index(fields=["-created_at", "-id"], name="document_recent"),
        ),
    ]
