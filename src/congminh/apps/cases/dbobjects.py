"""SQL objects of the case registry that Django's models do not describe.

- **Search index.** On SQLite, an FTS5 table over `cases_case.search_text` (already
  folded: lower case, no diacritics), kept in step by triggers whatever writes the row
  (services, bulk import, `.update()`); on PostgreSQL, a pg_trgm GIN index on the same
  column, which serves the search's regular expressions.
- **Data version.** A number that changes whenever a case, a case number, a body, a
  succession between bodies or an oversight request, complaint, recommendation, summons or
  attendance record changes, read by `cases.counts` to key its cached counts
  (so a count is never older than the data it was computed from). SQLite: a one-row
  table bumped by row triggers, inside the writer's transaction. PostgreSQL: a sequence
  advanced by statement triggers (a sequence takes no row lock, so concurrent writers
  never wait on each other or deadlock on it).

Migration 0004 creates them (with its own frozen copy of this SQL); `ensure` re-creates
what is missing after every `migrate`, because SQLite drops a table's triggers when a
later migration rebuilds the table (and the search index is then rebuilt).
"""

from __future__ import annotations

from typing import Any

FTS = "cases_case_fts"
VERSION_TABLE = "cases_dataversion"
VERSION_SEQUENCE = "cases_data_version"
# Tables whose changes move the data version: cases and their numbers (what scope and
# counts read), bodies and successions (what scope reaches), and the oversight workflows
# the dashboard counts (web/oversight.py), summonses and attendance (the absence rates).
VERSIONED = ("cases_case", "cases_agencynumber", "organisations_organisation",
             "organisations_organisation_predecessors", "expertise_expertiserequest",
             "expertise_expert", "evidence_evidencerequest", "complaints_complaint",
             "supervision_supervisionplan", "supervision_recommendation",
             "attendance_summons", "attendance_attendance")

SQLITE_FTS = [
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
]
SQLITE_FTS_TRIGGERS = (f"{FTS}_ai", f"{FTS}_ad", f"{FTS}_au")
SQLITE_FTS_REBUILD = f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')"


def _sqlite_version_sql() -> list[str]:
    bump = f"UPDATE {VERSION_TABLE} SET n = n + 1 WHERE id = 1"
    sql = [
        f"CREATE TABLE IF NOT EXISTS {VERSION_TABLE} (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)",
        f"INSERT OR IGNORE INTO {VERSION_TABLE} (id, n) VALUES (1, 1)",
    ]
    for table in VERSIONED:
        for when in ("INSERT", "UPDATE", "DELETE"):
            sql.append(f"CREATE TRIGGER IF NOT EXISTS {table}_dv_{when.lower()} AFTER {when} ON "
                       f"{table} BEGIN {bump}; END")
    return sql


def _postgres_version_sql() -> list[str]:
    sql = [
        f"CREATE SEQUENCE IF NOT EXISTS {VERSION_SEQUENCE}",
        "CREATE OR REPLACE FUNCTION cases_bump_data_version() RETURNS trigger LANGUAGE plpgsql "
        f"AS $$ BEGIN PERFORM nextval('{VERSION_SEQUENCE}'); RETURN NULL; END $$",
    ]
    for table in VERSIONED:
        sql += [
            f"DROP TRIGGER IF EXISTS {table}_dv ON {table}",
            f"CREATE TRIGGER {table}_dv AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION cases_bump_data_version()",
        ]
    return sql


POSTGRES_SEARCH = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS cases_case_search_trgm ON cases_case "
    "USING gin (search_text gin_trgm_ops)",
]


def ensure(connection: Any) -> None:
    """Create whatever is missing (idempotent); rebuild the SQLite search index when its
    triggers had to be re-created (rows may have changed while they were gone)."""
    tables = set(connection.introspection.table_names())
    if not set(VERSIONED) <= tables:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            present = {row[0] for row in cursor.fetchall()}
            for sql in SQLITE_FTS + _sqlite_version_sql():
                cursor.execute(sql)
            if not set(SQLITE_FTS_TRIGGERS) <= present:
                cursor.execute(SQLITE_FTS_REBUILD)
        elif connection.vendor == "postgresql":
            for sql in POSTGRES_SEARCH + _postgres_version_sql():
                cursor.execute(sql)


def data_version(connection: Any) -> int | None:
    """The current data version; None on a database without one (cache nothing)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"SELECT n FROM {VERSION_TABLE} WHERE id = 1")
        elif connection.vendor == "postgresql":
            cursor.execute(f"SELECT last_value FROM {VERSION_SEQUENCE}")
        else:
            return None
        row = cursor.fetchone()
    return int(row[0]) if row else None
