"""PostgreSQL: the case search's tokens as a stored column with a GIN index (see
`congminh.apps.cases.dbobjects`, of which this is a frozen copy: that module re-creates
the same objects after `migrate`), in place of the pg_trgm index on `search_text`.

`search_tokens` is the set of the runs of letters and digits of the folded
`search_text` (a tsvector without positions, built without PostgreSQL's text parser,
which splits runs such as «5e23xz»), computed by the database on every write. A search
word is then one index probe per token, where the trigram index rechecked every case
holding its trigrams (a case number such as «12/2026/HS» rechecked 79,559 cases: 0.36-0.75 s;
now 1-5 ms), and a row is tested by reading the stored set, not by building it again (an
expression index made PostgreSQL build it for every case it walked: 2.3 s for «nguyen»).
SQLite keeps its FTS5 table (0004): nothing is done there.

Backwards: the column (with its index) is dropped and the trigram index re-created.
"""

from django.db import migrations

POSTGRES = [
    "ALTER TABLE cases_case ADD COLUMN IF NOT EXISTS search_tokens tsvector GENERATED ALWAYS AS "
    "(array_to_tsvector(array_remove(regexp_split_to_array(search_text, '[^0-9a-z]+'), ''))) STORED",
    "CREATE INDEX IF NOT EXISTS cases_case_search_tokens ON cases_case USING gin (search_tokens)",
    "DROP INDEX IF EXISTS cases_case_search_trgm",
]

POSTGRES_BACK = [
    "ALTER TABLE cases_case DROP COLUMN IF EXISTS search_tokens",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS cases_case_search_trgm ON cases_case USING gin (search_text gin_trgm_ops)",
]


def _run(schema_editor, statements):
    for sql in statements:
        schema_editor.execute(sql, params=None)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        _run(schema_editor, POSTGRES)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        _run(schema_editor, POSTGRES_BACK)


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0010_province_versions"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
