"""Multi-row INSERTs of plain tuples, shared by the bulk paths (the case importer's
`cases.bulk`, the audit trail's chained appends): on a province's rows, building model
instances costs more than the database does. Values must be already adapted
(`connection.ops.adapt_*`)."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection, connections
from django.db.models import QuerySet


def param_budget() -> int:
    """Bind parameters one statement may carry: SQLite's compiled limit (32766 by
    default, 999 on old builds); PostgreSQL's protocol allows 65535."""
    if connection.vendor != "sqlite":
        return 30000
    connection.ensure_connection()
    getlimit = getattr(connection.connection, "getlimit", None)
    if getlimit is None:
        return 999
    return min(int(getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)), 32766)


def insert_rows(cursor: Any, table: str, columns: Sequence[str], rows: Sequence[tuple[Any, ...]],
                returning: bool) -> list[int]:
    """INSERT `rows` into `table` (`columns` are column names, quoted here), as many rows
    a statement as the parameter budget allows; the new ids in row order if `returning`."""
    found = _insert(cursor, table, columns, rows, "RETURNING id" if returning else "")
    return [r[0] for r in found]


def insert_rows_skipping(cursor: Any, table: str, columns: Sequence[str], rows: Sequence[tuple[Any, ...]],
                         key: Sequence[str]) -> list[tuple[Any, ...]]:
    """`insert_rows` with `ON CONFLICT DO NOTHING` (SQLite and PostgreSQL): a row that
    would break a unique constraint is skipped, not an error; on PostgreSQL it waits for
    a concurrent transaction inserting the same key and is skipped if that one commits.
    Returns `(id, *key columns)` of the rows actually inserted, to tell them apart."""
    quote = connection.ops.quote_name
    tail = "ON CONFLICT DO NOTHING RETURNING " + ", ".join(quote(c) for c in ("id", *key))
    return _insert(cursor, table, columns, rows, tail)


def _insert(cursor: Any, table: str, columns: Sequence[str], rows: Sequence[tuple[Any, ...]],
            tail: str) -> list[tuple[Any, ...]]:
    ops = connection.ops
    head = f"INSERT INTO {ops.quote_name(table)} ({', '.join(ops.quote_name(c) for c in columns)}) VALUES "
    per_row = "(" + ", ".join(["%s"] * len(columns)) + ")"
    size = max(1, param_budget() // len(columns))
    found: list[tuple[Any, ...]] = []
    for start in range(0, len(rows), size):
        chunk = rows[start:start + size]
        sql = head + ", ".join([per_row] * len(chunk))
        params = [v for row in chunk for v in row]
        if tail:
            cursor.execute(f"{sql} {tail}", params)
            found += cursor.fetchall()
        else:
            cursor.execute(sql, params)
    return found


# Rows one call must write before `analyze_after_load` refreshes the planner's statistics.
ANALYZE_AFTER_ROWS = 20000


def analyze_after_load(tables: Sequence[str], rows_written: int) -> None:
    """PostgreSQL: refresh the planner's statistics of `tables` after a load of
    `rows_written` rows, when that is many (`ANALYZE_AFTER_ROWS`). Autovacuum analyzes a
    table only a while after it grew (never, where it is off), and until then the
    statements that follow plan with the old statistics: after the P province was loaded
    into an empty database, each single event insert that followed took 200-500 ms
    (sampled while the demo's workflows were written; the versions' triggers join the
    case tables), and no longer showed in the samples once analyzed. ANALYZE samples a fixed number of rows (about a
    second a big table) and may run inside the caller's transaction; SQLite plans
    without collected statistics, so nothing is done there."""
    if connection.vendor != "postgresql" or rows_written < ANALYZE_AFTER_ROWS:
        return
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(quote(t) for t in tables))


def ids_of(qs: QuerySet[Any]) -> list[int]:
    """The primary keys of `qs`'s rows in no particular order, read through the cursor:
    `values_list(..., flat=True)` makes a Python iterator step per row, and the model's
    default ordering made SQLite walk the cases by their last event's index, reading each
    row out of order (a province's 196,479 readable cases: 0.7 s ordered, 0.2 s not). Only
    for integer keys, which need no conversion."""
    try:
        sql, params = qs.order_by().values_list("pk").query.sql_with_params()
    except EmptyResultSet:  # a condition nothing can meet
        return []
    with connections[qs.db].cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]
