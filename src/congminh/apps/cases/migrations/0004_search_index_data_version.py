"""The case search index and the data version (see `congminh.apps.cases.dbobjects`, of
which this is a frozen copy: that module re-creates the same objects after `migrate`).

SQLite: an FTS5 table over the folded `search_text`, kept in step by triggers, and a
one-row version table bumped by triggers. PostgreSQL: pg_trgm and a GIN trigram index on
`search_text`, and a sequence advanced by statement triggers.
"""

from django.db import migrations

FTS = "cases_case_fts"
VERSIONED = ("cases_case", "cases_agencynumber", "organisations_organisation",
             "organisations_organisation_predecessors", "expertise_expertiserequest",
             "expertise_expert", "evidence_evidencerequest", "complaints_complaint",
             "supervision_supervisionplan", "supervision_recommendation")


def sqlite_create():
    bump = "UPDATE cases_dataversion SET n = n + 1 WHERE id = 1"
    sql = [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS} USING fts5(search_text, content='cases_case', "
        "content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
        f"CREATE TRIGGER IF NOT EXISTS {FTS}_ai AFTER INSERT ON cases_case BEGIN "
        f"INSERT INTO {FTS}(rowid, search_text) VALUES (new.id, new.search_text); END",
        f"CREATE TRIGGER IF NOT EXISTS {FTS}_ad AFTER DELETE ON cases_case BEGIN "
        f"INSERT INTO {FTS}({FTS}, rowid, search_text) VALUES ('delete', old.id, old.search_text); END",
        f"CREATE TRIGGER IF NOT EXISTS {FTS}_au AFTER UPDATE OF search_text ON cases_case "
        "WHEN old.search_text IS NOT new.search_text BEGIN "
        f"INSERT INTO {FTS}({FTS}, rowid, search_text) VALUES ('delete', old.id, old.search_text); "
        f"INSERT INTO {FTS}(rowid, search_text) VALUES (new.id, new.search_text); END",
        f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')",
        "CREATE TABLE IF NOT EXISTS cases_dataversion (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)",
        "INSERT OR IGNORE INTO cases_dataversion (id, n) VALUES (1, 1)",
    ]
    for table in VERSIONED:
        for when in ("INSERT", "UPDATE", "DELETE"):
            sql.append(f"CREATE TRIGGER IF NOT EXISTS {table}_dv_{when.lower()} AFTER {when} ON "
                       f"{table} BEGIN {bump}; END")
    return sql


def sqlite_drop():
    sql = [f"DROP TRIGGER IF EXISTS {FTS}_{t}" for t in ("ai", "ad", "au")]
    sql += [f"DROP TRIGGER IF EXISTS {table}_dv_{when}" for table in VERSIONED
            for when in ("insert", "update", "delete")]
    return [*sql, f"DROP TABLE IF EXISTS {FTS}", "DROP TABLE IF EXISTS cases_dataversion"]


def postgres_create():
    sql = [
        "CREATE EXTENSION IF NOT EXISTS pg_trgm",
        "CREATE INDEX IF NOT EXISTS cases_case_search_trgm ON cases_case "
        "USING gin (search_text gin_trgm_ops)",
        "CREATE SEQUENCE IF NOT EXISTS cases_data_version",
        "CREATE OR REPLACE FUNCTION cases_bump_data_version() RETURNS trigger LANGUAGE plpgsql "
        "AS $$ BEGIN PERFORM nextval('cases_data_version'); RETURN NULL; END $$",
    ]
    for table in VERSIONED:
        sql += [
            f"DROP TRIGGER IF EXISTS {table}_dv ON {table}",
            f"CREATE TRIGGER {table}_dv AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION cases_bump_data_version()",
        ]
    return sql


def postgres_drop():
    sql = [f"DROP TRIGGER IF EXISTS {table}_dv ON {table}" for table in VERSIONED]
    return [*sql, "DROP FUNCTION IF EXISTS cases_bump_data_version()",
            "DROP SEQUENCE IF EXISTS cases_data_version",
            "DROP INDEX IF EXISTS cases_case_search_trgm"]


def _run(schema_editor, statements):
    for sql in statements.get(schema_editor.connection.vendor, list)():
        schema_editor.execute(sql, params=None)


def forwards(apps, schema_editor):
    _run(schema_editor, {"sqlite": sqlite_create, "postgresql": postgres_create})


def backwards(apps, schema_editor):
    _run(schema_editor, {"sqlite": sqlite_drop, "postgresql": postgres_drop})


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0003_status_labels"),
        ("organisations", "0001_initial"),
        ("expertise", "0001_initial"),
        ("evidence", "0001_initial"),
        ("complaints", "0001_initial"),
        ("supervision", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
