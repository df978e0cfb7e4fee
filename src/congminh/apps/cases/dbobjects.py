"""SQL objects of the case registry that Django's models do not describe.

- **Search index.** On SQLite, an FTS5 table over `cases_case.search_text` (already
  folded: lower case, no diacritics), kept in step by triggers whatever writes the row
  (services, bulk import, `.update()`); on PostgreSQL, the column's tokens stored beside
  it (`search_tokens`, computed by the database) with a GIN index.
- **Data versions, per body.** `cases_bodyversion` counts the writes that may change what
  a scope reads, by body: a write to a case, a case number or a case event counts for
  every body the case touches before and after it (its holder, the bodies that numbered
  it) — an event withdrawn by a data migration too, with no audit entry — and a body's
  kind changed counts for that body and for the bodies of the cases whose events it
  recorded (the kind decides which body an event is attributed to: judgment quality,
  `quality.selectors`, reads each body's part under its version), so the
  pages of a scope that reads the cases of bodies R (`accounts.scope.case_read_bodies`)
  change only when a body of R counts a write. Every other versioned table (bodies and
  successions, which decide the scopes; the oversight workflows the dashboard counts,
  web/oversight.py; summonses and attendance, the absence rates) counts for the
  pseudo-body 0 (`SHARED`), which every version includes. `cases.counts` keys its cached
  counts and page bodies by these versions: a write in one body's case does not drop
  another body's pages, and a cached value is never older than the data it was computed
  from (the counters only grow, and a reader reads them before the data, so a write
  committed after that read moves the version the value was cached under).
  SQLite: one counter row per body, bumped by row triggers inside the writer's
  transaction (SQLite has one writer at a time). PostgreSQL: rows appended by statement
  triggers and summed by the reader (an insert takes no lock another writer waits for,
  so concurrent imports never wait on each other or deadlock on a counter; the sequence
  used before advanced before the writer committed, so a reader could cache old data
  under the new number), compacted when they grow (`compact`).
- **Data versions, per province.** `cases_provinceversion` counts the same writes by the
  province of the body they count for (`organisations_organisation.province_code`; a body
  without one has none): every count of a body's row moves its province's row too. A
  scope that reads every body of a province (a province-wide user reads some 400) is
  versioned by that province's row instead of its bodies' rows, so the version query
  names a province and the few bodies outside it, whatever the number of bodies
  (`versions(..., provinces=...)`; `cases.counts.read_set` finds the provinces a list
  of bodies covers). A body moving to another province, or a new body, is a write to the
  bodies, which moves every scope (the shared row). SQLite: a trigger on the body
  counters bumps the province's counter; PostgreSQL: each case table's statement
  trigger appends the province rows with its body rows, in one statement.

Migration 0004 creates the search index (0011 its PostgreSQL tokens), 0007 the versions, 0009 those of case events and
of a body's kind, 0010 those per province (each with its own frozen copy of this SQL); `ensure` re-creates what is missing after every `migrate`, because SQLite
drops a table's triggers when a later migration rebuilds the table (and the search index
is then rebuilt).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

FTS = "cases_case_fts"
VERSIONS = "cases_bodyversion"
PROVINCE_VERSIONS = "cases_provinceversion"
SHARED = 0  # the pseudo-body of the writes that may change any scope
# Tables whose changes move the versions: cases and their numbers (what scopes and counts
# read), by body; for every scope, bodies and successions (what a scope reaches), the
# oversight workflows the dashboard counts (web/oversight.py), summonses and attendance
# (the absence rates).
CASE_TABLES = ("cases_case", "cases_agencynumber")
# Case events move their case's bodies too (migration 0008); a TRUNCATE of them (the test
# runner's flush) truncates the cases as well, which moves every scope.
EVENT_TABLE = "cases_caseevent"
BODY_TABLES = (*CASE_TABLES, EVENT_TABLE)
SHARED_TABLES = ("organisations_organisation", "organisations_organisation_predecessors",
                 "expertise_expertiserequest", "expertise_expert", "evidence_evidencerequest",
                 "complaints_complaint", "supervision_supervisionplan", "supervision_recommendation",
                 "attendance_summons", "attendance_attendance")
VERSIONED = CASE_TABLES + SHARED_TABLES
WHEN = ("INSERT", "UPDATE", "DELETE")
# A PostgreSQL reader compacts the appended rows once it reads more than this many.
COMPACT_AFTER = 2000

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


def _case_bodies(case_ids: str) -> list[str]:
    """The bodies the cases `case_ids` (a subquery) touch: holders and numbering bodies."""
    return [f"SELECT holder_id AS b FROM cases_case WHERE id IN ({case_ids})",
            f"SELECT organisation_id AS b FROM cases_agencynumber WHERE case_id IN ({case_ids})"]


def touched_bodies(table: str, when: str, rows: Callable[[str, str], str]) -> str:
    """The bodies a write (`when`) to a case table counts for, as one `SELECT b`: before
    and after it, so a case leaving a scope moves that scope too. `rows("new"|"old",
    column)` selects a column of the rows written (a row trigger's `new.`/`old.` on
    SQLite, a statement trigger's transition tables on PostgreSQL)."""
    if table == "cases_case":
        parts = {"INSERT": _case_bodies(rows("new", "id")),
                 "UPDATE": [rows("old", "holder_id"), *_case_bodies(rows("new", "id"))],
                 "DELETE": [rows("old", "holder_id"), "SELECT organisation_id AS b FROM "
                            f"cases_agencynumber WHERE case_id IN ({rows('old', 'id')})"]}[when]
    elif table == "cases_caseevent":
        parts = {"INSERT": _case_bodies(rows("new", "case_id")),
                 "UPDATE": _case_bodies(f"{rows('old', 'case_id')} UNION {rows('new', 'case_id')}"),
                 "DELETE": _case_bodies(rows("old", "case_id"))}[when]
    else:  # cases_agencynumber
        parts = {"INSERT": _case_bodies(rows("new", "case_id")),
                 "UPDATE": [rows("old", "organisation_id"), *_case_bodies(
                     f"{rows('old', 'case_id')} UNION {rows('new', 'case_id')}")],
                 "DELETE": [rows("old", "organisation_id"), *_case_bodies(rows("old", "case_id"))]}[when]
    return "SELECT b FROM (" + " UNION ".join(parts) + ") AS touched WHERE b IS NOT NULL"


def kind_bodies(bodies: str) -> str:
    """The bodies a change of kind of `bodies` (a subquery of their ids) counts for, as one
    `SELECT b`: each of them, and the bodies of the cases whose events it recorded."""
    parts = [f"SELECT id AS b FROM organisations_organisation WHERE id IN ({bodies})",
             *_case_bodies(f"SELECT case_id FROM cases_caseevent WHERE organisation_id IN ({bodies})")]
    return "SELECT b FROM (" + " UNION ".join(parts) + ") AS touched WHERE b IS NOT NULL"


KIND_TRIGGER = "organisations_organisation_bv_kind"


def _sqlite_rows(which: str, column: str) -> str:
    return f"SELECT {which}.{column} AS b"


def _sqlite_version_sql() -> list[str]:
    def bump(bodies: str) -> str:
        return (f"INSERT INTO {VERSIONS} (body_id, n) {bodies} "
                "ON CONFLICT (body_id) DO UPDATE SET n = n + 1")

    sql = [
        f"CREATE TABLE IF NOT EXISTS {VERSIONS} (body_id INTEGER PRIMARY KEY, n INTEGER NOT NULL)",
        f"INSERT OR IGNORE INTO {VERSIONS} (body_id, n) VALUES ({SHARED}, 1)",
    ]
    for table in BODY_TABLES:
        for when in WHEN:
            bodies = touched_bodies(table, when, _sqlite_rows).replace("SELECT b FROM", "SELECT b, 1 FROM", 1)
            sql.append(f"CREATE TRIGGER IF NOT EXISTS {table}_bv_{when.lower()} AFTER {when} ON {table} "
                       f"BEGIN {bump(bodies)}; END")
    kind = kind_bodies("SELECT new.id").replace("SELECT b FROM", "SELECT b, 1 FROM", 1)
    sql.append(f"CREATE TRIGGER IF NOT EXISTS {KIND_TRIGGER} AFTER UPDATE OF kind ON organisations_organisation "
               f"WHEN old.kind IS NOT new.kind BEGIN {bump(kind)}; END")
    shared = f"UPDATE {VERSIONS} SET n = n + 1 WHERE body_id = {SHARED}"
    for table in SHARED_TABLES:
        for when in WHEN:
            sql.append(f"CREATE TRIGGER IF NOT EXISTS {table}_bv_{when.lower()} AFTER {when} ON "
                       f"{table} BEGIN {shared}; END")
    return sql + _sqlite_province_sql()


def _province_of(bodies: str) -> str:
    """`SELECT province_code, 1` of the provinces of `bodies` (a subquery of body ids)."""
    return (f"SELECT DISTINCT province_code, 1 FROM organisations_organisation WHERE id IN ({bodies}) "
            "AND province_code <> ''")


def _sqlite_province_sql() -> list[str]:
    """Each count of a body's counter row (a row inserted, or `n` raised by an upsert or
    an update) counts for the body's province: a trigger on the counters, so every
    trigger that counts for a body counts for its province."""
    bump = (f"INSERT INTO {PROVINCE_VERSIONS} (province_code, n) {_province_of('SELECT new.body_id')} "
            "ON CONFLICT (province_code) DO UPDATE SET n = n + 1")
    return [
        f"CREATE TABLE IF NOT EXISTS {PROVINCE_VERSIONS} (province_code TEXT PRIMARY KEY, n INTEGER NOT NULL)",
        f"CREATE TRIGGER IF NOT EXISTS {VERSIONS}_pv_insert AFTER INSERT ON {VERSIONS} "
        f"WHEN new.body_id <> {SHARED} BEGIN {bump}; END",
        f"CREATE TRIGGER IF NOT EXISTS {VERSIONS}_pv_update AFTER UPDATE OF n ON {VERSIONS} "
        f"WHEN new.body_id <> {SHARED} AND new.n > old.n BEGIN {bump}; END",
    ]


def _postgres_rows(which: str, column: str) -> str:
    return f"SELECT {column} AS b FROM {which}_rows"


def _postgres_bump(bodies: str) -> str:
    """One statement appending a count for each body of `bodies` (a `SELECT b`) and for
    each of their provinces (the bodies are selected once)."""
    return (f"WITH touched AS ({bodies}), counted AS (INSERT INTO {VERSIONS} (body_id, n) SELECT b, 1 FROM touched) "
            f"INSERT INTO {PROVINCE_VERSIONS} (province_code, n) {_province_of('SELECT b FROM touched')}")


def _postgres_version_sql() -> list[str]:
    sql = [
        f"CREATE TABLE IF NOT EXISTS {VERSIONS} (id bigserial PRIMARY KEY, body_id bigint NOT NULL, "
        "n bigint NOT NULL)",
        f"CREATE INDEX IF NOT EXISTS {VERSIONS}_body ON {VERSIONS} (body_id) INCLUDE (n)",
        f"CREATE TABLE IF NOT EXISTS {PROVINCE_VERSIONS} (id bigserial PRIMARY KEY, "
        "province_code varchar(8) NOT NULL, n bigint NOT NULL)",
        f"CREATE INDEX IF NOT EXISTS {PROVINCE_VERSIONS}_code ON {PROVINCE_VERSIONS} (province_code) INCLUDE (n)",
        "CREATE OR REPLACE FUNCTION cases_bump_shared_version() RETURNS trigger LANGUAGE plpgsql "
        f"AS $$ BEGIN INSERT INTO {VERSIONS} (body_id, n) VALUES ({SHARED}, 1); RETURN NULL; END $$",
        # A statement trigger fires for a statement that wrote no row too: a case's delete
        # cascades a DELETE to every workflow table, mostly of nothing, and would move every
        # scope. The shared tables' triggers count only a statement that wrote a row.
        "CREATE OR REPLACE FUNCTION cases_bump_shared_if_rows() RETURNS trigger LANGUAGE plpgsql "
        "AS $$ BEGIN IF EXISTS (SELECT 1 FROM changed_rows) THEN "
        f"INSERT INTO {VERSIONS} (body_id, n) VALUES ({SHARED}, 1); END IF; RETURN NULL; END $$",
    ]
    for table in (*VERSIONED, EVENT_TABLE):
        sql += [f"DROP TRIGGER IF EXISTS {table}_bv{suffix} ON {table}"
                for suffix in ("", "_insert", "_update", "_delete", "_truncate")]
    sql += [f"DROP TRIGGER IF EXISTS {KIND_TRIGGER} ON organisations_organisation",
            "CREATE OR REPLACE FUNCTION organisations_organisation_bump_kind() RETURNS trigger "
            "LANGUAGE plpgsql AS $$ BEGIN "
            + _postgres_bump(kind_bodies("SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id "
                                         "WHERE o.kind IS DISTINCT FROM n.kind"))
            + "; RETURN NULL; END $$",
            f"CREATE TRIGGER {KIND_TRIGGER} AFTER UPDATE ON organisations_organisation "
            "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT "
            "EXECUTE FUNCTION organisations_organisation_bump_kind()"]
    for table in SHARED_TABLES:
        # One trigger per event: PostgreSQL names transition tables only for a single event.
        sql += [f"CREATE TRIGGER {table}_bv_{when.lower()} AFTER {when} ON {table} REFERENCING "
                f"{'NEW' if when == 'INSERT' else 'OLD'} TABLE AS changed_rows "
                "FOR EACH STATEMENT EXECUTE FUNCTION cases_bump_shared_if_rows()" for when in WHEN]
    for table in BODY_TABLES:
        for when in WHEN:
            function = f"{table}_bump_{when.lower()}"
            bodies = touched_bodies(table, when, _postgres_rows)
            transition = {"INSERT": "NEW TABLE AS new_rows", "UPDATE": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
                          "DELETE": "OLD TABLE AS old_rows"}[when]
            sql += [
                f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                f"{_postgres_bump(bodies)}; RETURN NULL; END $$",
                f"CREATE TRIGGER {table}_bv_{when.lower()} AFTER {when} ON {table} REFERENCING {transition} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
            ]
    # TRUNCATE (the test runner's flush) has no rows to name: it moves every scope.
    sql += [f"CREATE TRIGGER {table}_bv_truncate AFTER TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION cases_bump_shared_version()" for table in VERSIONED]
    return sql


# PostgreSQL: the runs of letters and digits of `search_text` as a stored tsvector (no
# positions; built without the text parser, which splits runs such as «5e23xz») with a GIN
# index, which `search.words_q` probes a token at a time. Not a model field: Django never
# writes it, the database computes it. Migration 0011 replaced the pg_trgm index with it.
SEARCH_TOKENS = "search_tokens"
POSTGRES_SEARCH = [
    f"ALTER TABLE cases_case ADD COLUMN IF NOT EXISTS {SEARCH_TOKENS} tsvector GENERATED ALWAYS AS "
    "(array_to_tsvector(array_remove(regexp_split_to_array(search_text, '[^0-9a-z]+'), ''))) STORED",
    f"CREATE INDEX IF NOT EXISTS cases_case_search_tokens ON cases_case USING gin ({SEARCH_TOKENS})",
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


def versions(connection: Any, bodies: Sequence[int] | None,
             provinces: Sequence[str] = ()) -> tuple[int, int] | None:
    """`(shared, bodies)`: the count of the writes that may change any scope, and that of
    the writes to the cases of `bodies` and of every body of `provinces` (the shared ones
    included; `bodies` None: of every body). A scope's values are cached under both: its
    bodies are fixed while the first stays. A province counts what its bodies' rows count,
    in one row: a scope of a whole province sends its code, not its bodies (whose number
    then costs nothing). None on a database without versions (cache nothing)."""
    if connection.vendor not in ("sqlite", "postgresql"):
        return None
    where, params = "", list[int | str]()
    if bodies is not None:
        ids: list[int | str] = [SHARED, *(b for b in bodies if b != SHARED)]
        where = f"WHERE body_id IN ({', '.join(['%s'] * len(ids))})"
        params = ids
    rows_sql = f"SELECT body_id, n FROM {VERSIONS} {where}"
    if bodies is not None and provinces:
        rows_sql += (f" UNION ALL SELECT -1, n FROM {PROVINCE_VERSIONS} "
                     f"WHERE province_code IN ({', '.join(['%s'] * len(provinces))})")
        params = [*params, *provinces]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(SUM(CASE WHEN body_id = {SHARED} THEN n ELSE 0 END), 0), "
                       f"COALESCE(SUM(n), 0), COUNT(*) FROM ({rows_sql}) AS counted", params)
        shared, total, rows = cursor.fetchone()
    if connection.vendor == "postgresql" and rows > COMPACT_AFTER and not connection.in_atomic_block:
        compact(connection)
    return int(shared), int(total)


def versions_by_body(connection: Any) -> dict[int, int] | None:
    """Each body's count of the writes to its cases (the shared pseudo-body left out): a
    value read from one body's cases alone is fresh while that body's count stays. None
    on a database without versions."""
    if connection.vendor not in ("sqlite", "postgresql"):
        return None
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT body_id, SUM(n), COUNT(*) FROM {VERSIONS} WHERE body_id <> {SHARED} "
                       "GROUP BY body_id")
        rows = cursor.fetchall()
    if (connection.vendor == "postgresql" and sum(r[2] for r in rows) > COMPACT_AFTER
            and not connection.in_atomic_block):
        compact(connection)
    return {int(body): int(n) for body, n, _rows in rows}


def compact(connection: Any) -> None:
    """PostgreSQL: the appended rows replaced by one row a body (a province) with their
    sum, in one statement a table (a reader sees the sums before or after it, the same). Rows of writers not
    yet committed are not visible to it and stay."""
    with connection.cursor() as cursor:
        cursor.execute(f"WITH gone AS (DELETE FROM {VERSIONS} RETURNING body_id, n) "
                       f"INSERT INTO {VERSIONS} (body_id, n) SELECT body_id, SUM(n) FROM gone GROUP BY body_id")
        cursor.execute(f"WITH gone AS (DELETE FROM {PROVINCE_VERSIONS} RETURNING province_code, n) "
                       f"INSERT INTO {PROVINCE_VERSIONS} (province_code, n) "
                       "SELECT province_code, SUM(n) FROM gone GROUP BY province_code")
