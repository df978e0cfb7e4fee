"""Deep pages of the case list by seeking from a known page boundary (issue #12.3).

A page N by OFFSET makes the database walk, and test against the scope, every row before
it: at the P size page 2,000 of the province's list cost 0.3-0.4 s, 3-5 s for a court
reading the area courts' cases, on every page of the walk. The list keeps its page numbers
(«Trang N / M», ‹ Trước, Sau ›), so `KeysetPaginator` remembers the first and last row
of each page it serves, as their sort keys, under the query's SQL and the data version
(`counts.versioned_key`: a write anywhere forgets them, so positions are never those of
older data). A page with such a boundary within `WINDOW` pages seeks from it: the rows
after the previous page's last key (or, backwards, before the next page's first key),
with an OFFSET of the pages between, which the database reads from its index starting at
the key. A page with none near (the first deep jump) is read by OFFSET from the nearer
end of the list, in reverse order when the page is in its second half.

The boundaries of one version are forgotten at the next write, which made the first
request of a deep page after any write an OFFSET again. So the first row of each page
served is also kept as an anchor of the list across versions (`ANCHORS` of them, under
the list's SQL alone): a page more than `WINDOW` pages from both ends of the list, with
no boundary near but an anchor within `WINDOW` pages,
finds the anchor's position in today's data by counting the rows before it, a count
kept per holding body (`counts.cached_count`: after a write only the bodies it touched
are counted again), and seeks from the anchor. An anchor is a key, never a position:
the page read is the one OFFSET gives, whatever moved since.

It applies to orders it can read (`order_columns`: fields, lookups through joins and
annotations, ascending or descending, NULLs where the database or the `OrderBy` puts
them, ending with the primary key, as every order of the case list does); any other
list is paginated as Django does.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Page
from django.db import connection
from django.db.models import F, OrderBy, Q, QuerySet

from congminh.apps.cases.counts import (
    PARTS_TIMEOUT,
    TIMEOUT,
    CachedCountPaginator,
    cached_count,
    versioned_key,
)

WINDOW = 10  # pages around the one asked whose boundaries are looked for
ANCHORS = 200  # first keys of pages kept per list across versions (the latest served)


@dataclass(frozen=True)
class Column:
    """One column of an order: a field, a lookup (`holder__name`) or an annotation."""

    name: str
    desc: bool
    nulls_first: bool  # where NULLs come in this column's order

    def reversed(self) -> Column:
        return Column(self.name, not self.desc, not self.nulls_first)


def order_columns(qs: QuerySet[Any]) -> list[Column] | None:
    """The columns `qs` is ordered by, the last unique (the primary key); None when the
    order is not one a seek can follow (random, raw SQL, expressions other than a column,
    no unique last column)."""
    query = qs.query
    if query.extra_order_by or not query.standard_ordering or not qs.ordered:
        return None
    items = query.order_by or (qs.model._meta.ordering if query.default_ordering else ())
    largest = connection.features.nulls_order_largest  # NULL after every value, ascending
    columns = []
    for item in items:
        if isinstance(item, str) and item not in ("?", "") and "." not in item:
            name, desc, nulls = item.lstrip("-"), item.startswith("-"), None
        elif isinstance(item, OrderBy) and isinstance(item.expression, F):
            name, desc = item.expression.name, item.descending
            nulls = "first" if item.nulls_first else "last" if item.nulls_last else None
        else:
            return None
        first = nulls == "first" or (nulls is None and largest == desc)
        columns.append(Column("pk" if name == "id" else name, desc, first))
    if not columns or columns[-1].name != "pk":
        return None
    return columns


def key_of(row: Any, columns: Sequence[Column]) -> tuple[Any, ...]:
    """The values of `columns` on a row of the list (annotations are attributes)."""
    values = []
    for column in columns:
        value = row
        for part in column.name.split("__"):
            value = getattr(value, part) if value is not None else None
        values.append(value)
    return tuple(values)


def _beyond(column: Column, value: Any) -> Q | None:
    """Rows whose `column` comes strictly after `value` in its order (None: none)."""
    if value is None:
        return Q(**{f"{column.name}__isnull": False}) if column.nulls_first else None
    beyond = Q(**{f"{column.name}__{'lt' if column.desc else 'gt'}": value})
    return beyond if column.nulls_first else beyond | Q(**{f"{column.name}__isnull": True})


def _equal(column: Column, value: Any) -> Q:
    return Q(**{f"{column.name}__isnull": True}) if value is None else Q(**{column.name: value})


def _after_rest(columns: Sequence[Column], key: Sequence[Any]) -> Q | None:
    """Rows after `key` in the order of `columns`, as one condition (None: none)."""
    if not columns:
        return None
    beyond = _beyond(columns[0], key[0])
    tail = _after_rest(columns[1:], key[1:])
    tied = _equal(columns[0], key[0]) & tail if tail is not None else None
    if beyond is None or tied is None:
        return beyond or tied
    return beyond | tied


def after(columns: Sequence[Column], key: Sequence[Any]) -> list[Q]:
    """Rows after `key` in the order of `columns`, as conditions on disjoint runs of rows
    in that order. The first run bounds the first column on one side only (`<=`, `>=`),
    which the database uses to start its index walk at the key; an OR with its NULLs made
    SQLite walk from the top. The NULLs of the first column, when they come after the
    key, are the second run."""
    first, value = columns[0], key[0]
    tail = _after_rest(columns[1:], key[1:])
    runs: list[Q | None]
    if value is None:
        runs = [Q(**{f"{first.name}__isnull": True}) & tail if tail is not None else None,
                Q(**{f"{first.name}__isnull": False}) if first.nulls_first else None]
    else:
        op = "lt" if first.desc else "gt"
        strictly = Q(**{f"{first.name}__{op}": value})
        runs = [Q(**{f"{first.name}__{op}e": value}) & (strictly | tail) if tail is not None else strictly,
                None if first.nulls_first else Q(**{f"{first.name}__isnull": True})]
    return [run for run in runs if run is not None]


def seek(qs: QuerySet[Any], columns: Sequence[Column], key: Sequence[Any], *,
         offset: int, limit: int) -> list[Any]:
    """`limit` rows of `qs` after `offset` rows after `key` (in `qs`'s order, which
    `columns` describe)."""
    rows: list[Any] = []
    for run in after(columns, key):
        part = qs.filter(run)
        got = list(part[offset:offset + limit - len(rows)])
        rows += got
        if len(rows) >= limit:
            break
        # The run ended: what is left of the offset falls in the next run. The run holds
        # fewer rows than the offset asked (at most WINDOW pages), so counting it is short.
        offset = 0 if got else max(0, offset - part.count())
    return rows


class KeysetPaginator(CachedCountPaginator):
    """The case list's paginator: the total counted once per data version, and a page read
    by seeking from a boundary of a page near it (see the module's docstring)."""

    def page(self, number: Any) -> Page[Any]:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        qs = self.object_list
        columns = order_columns(qs) if isinstance(qs, QuerySet) else None
        base = _base_key(qs) if isinstance(qs, QuerySet) and columns is not None else None
        if not isinstance(qs, QuerySet) or columns is None or base is None:
            return Page(qs[bottom:top], number, self)
        rows = self._rows(qs, columns, base, number, bottom, top)
        if rows:
            cache.set(f"{base}:{number}", (key_of(rows[0], columns), key_of(rows[-1], columns)), TIMEOUT)
            _keep_anchor(qs, number, key_of(rows[0], columns))
        return Page(rows, number, self)

    def _rows(self, qs: QuerySet[Any], columns: list[Column], base: str, number: int,
              bottom: int, top: int) -> list[Any]:
        near = [p for d in range(1, WINDOW + 1) for p in (number - d, number + d) if p >= 1]
        known = cache.get_many([f"{base}:{p}" for p in near])
        for page in near:  # nearest first
            bounds = known.get(f"{base}:{page}")
            if bounds is None:
                continue
            if page < number:  # after the last row of an earlier page
                return seek(qs, columns, bounds[1], offset=(number - 1 - page) * self.per_page,
                            limit=top - bottom)
            # Before the first row of a later page: this page is full (not the last one).
            backwards = seek(qs.reverse(), [c.reversed() for c in columns], bounds[0],
                             offset=(page - 1 - number) * self.per_page, limit=top - bottom)
            return backwards[::-1]
        # An anchor's position is a count (kept per body): worth it beyond a few pages.
        if min(bottom, self.count - top) > WINDOW * self.per_page:
            anchored = _from_anchor(qs, columns, number, bottom, top)
            if anchored is not None:
                return anchored
        if bottom > self.count - top:  # nearer the end: skip from there, in reverse
            return list(qs.reverse()[self.count - top:self.count - bottom])[::-1]
        return list(qs[bottom:top])


def _base_key(qs: QuerySet[Any]) -> str | None:
    """What a list's page boundaries are kept under: its SQL and the data version."""
    try:
        sql, params = qs.query.sql_with_params()
    except EmptyResultSet:
        return None
    return versioned_key(f"keyset\x00{sql}\x00{params!r}")


def _anchors_key(qs: QuerySet[Any]) -> str | None:
    """What a list's anchors are kept under: its SQL (no data version)."""
    try:
        sql, params = qs.query.sql_with_params()
    except EmptyResultSet:
        return None
    return "congminh:keyset-anchors:" + hashlib.sha256(f"{sql}\x00{params!r}".encode()).hexdigest()


def _keep_anchor(qs: QuerySet[Any], number: int, key: tuple[Any, ...]) -> None:
    """Keep `key`, the first row's of page `number`, among the list's anchors (the latest
    `ANCHORS` pages served); two requests racing may lose one: anchors are only hints."""
    full_key = _anchors_key(qs)
    if full_key is None:
        return
    anchors: dict[int, tuple[Any, ...]] = cache.get(full_key) or {}
    if anchors.get(number) == key:
        return
    anchors.pop(number, None)
    anchors[number] = key
    while len(anchors) > ANCHORS:
        anchors.pop(next(iter(anchors)))
    cache.set(full_key, anchors, PARTS_TIMEOUT)


def _from_anchor(qs: QuerySet[Any], columns: list[Column], number: int, bottom: int,
                 top: int) -> list[Any] | None:
    """Rows `bottom`-`top` of `qs` read from the nearest anchor within `WINDOW` pages of
    page `number` (None: none): its position now is the count of the rows before it
    (kept per holding body), the rows before and after it are sought from it."""
    full_key = _anchors_key(qs)
    anchors: dict[int, tuple[Any, ...]] = (cache.get(full_key) if full_key else None) or {}
    near = [p for p in anchors if abs(p - number) <= WINDOW]
    if not near:
        return None
    key = anchors[min(near, key=lambda p: abs(p - number))]
    backwards = [c.reversed() for c in columns]
    position = sum(cached_count(qs.filter(run)) for run in after(backwards, key))  # rows before it
    at_key = list(qs.filter(*[_equal(c, v) for c, v in zip(columns, key, strict=True)]))
    rows: list[Any] = []
    if bottom < position:  # rows before the anchor, read backwards from it
        end = min(top, position)
        rows += seek(qs.reverse(), backwards, key, offset=position - end, limit=end - bottom)[::-1]
    if bottom <= position < top:
        rows += at_key
    following = position + len(at_key)  # the position of the first row after the anchor
    if top > following:
        start = max(bottom, following)
        rows += seek(qs, columns, key, offset=start - following, limit=top - start)
    return rows
