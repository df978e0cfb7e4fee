"""Counts over a user's scope, cached until the data they count changes.

A province holds hundreds of thousands of cases: counting them per request (the
dashboard's tables, the case list's total) costs more than the rest of the page. A count
is cached under the SQL that computes it (which carries the scope: the bodies, the
province, the filters) and the database's data version (`dbobjects.data_version`, moved
by triggers by any write to cases, case numbers, bodies or successions, from any process),
so a cached count is never one of older data; the time limit only bounds memory.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.db.models import QuerySet
from django.utils.functional import cached_property

from congminh.apps.cases.dbobjects import data_version

T = TypeVar("T")
TIMEOUT = 600  # seconds; correctness comes from the version in the key, not from this


def _version() -> int | None:
    try:
        return data_version(connection)
    except DatabaseError:  # a database migrated before the version existed
        return None


def cached_value(key: str, compute: Callable[[], T]) -> T:
    """`compute()`, cached under `key` and the data version; computed afresh inside a
    transaction (it may see writes not yet committed, and on SQLite a rolled-back write
    gives its version number back) or on a database without a version."""
    version = None if connection.in_atomic_block else _version()
    if version is None:
        return compute()
    digest = hashlib.sha256(key.encode()).hexdigest()
    full_key = f"congminh:counts:{version}:{digest}"
    value: T | None = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, TIMEOUT)
    return value


def cached_for(qs: QuerySet[Any], label: str, compute: Callable[[], T]) -> T:
    """`compute()`, cached under `label` and the SQL of `qs` (which carries the scope and
    the filters) until the data version changes."""
    try:
        sql, params = qs.query.sql_with_params()
    except EmptyResultSet:  # a condition nothing can meet (no body, no match): no query to save
        return compute()
    return cached_value(f"{label}\x00{sql}\x00{params!r}", compute)


def cached_count(qs: QuerySet[Any]) -> int:
    return cached_for(qs, "count", qs.count)


class CachedCountPaginator(Paginator):  # type: ignore[type-arg]  # any object list
    """Django's paginator with the total counted once per data version."""

    @cached_property
    def count(self) -> int:
        if isinstance(self.object_list, QuerySet):
            return cached_count(self.object_list)
        return len(self.object_list)
