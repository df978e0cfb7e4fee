"""Counts over a user's scope, cached until the data they count changes.

A province holds hundreds of thousands of cases: counting them per request (the
dashboard's tables, the case list's total) costs more than the rest of the page. A count
is cached under the SQL that computes it (which carries the scope: the bodies, the
province, the filters) and the database's data versions (`dbobjects.versions`, moved by
triggers by any write to cases, case numbers, bodies or successions, from any process),
so a cached count is never one of older data; the time limit only bounds memory. A value
of one scope may name the bodies whose cases it reads (`bodies`): it is then kept until a
write to those bodies' cases, or to what every scope reads, not until any write. A scope
that reads every body of a province names the province instead (`read_set`): its version
query then costs the same for 400 bodies as for one.

A value over a wide scope that is a sum of parts, one per holding body (a count, the
dashboard's grouped counts, the bodies the list's filter offers), is kept part by part
(`cached_parts`): after a write to one case only the parts of the bodies it touched are
computed again (one indexed query over their cases), not the province's (issue #12.3:
the first request after a write). The rows of a workflow that each belong to a case
(summonses, requests) are kept per holding body of their case the same way
(`cached_aggregate`, `cached_group_counts`, `cached_count`); their own writes move the
shared version (`dbobjects.SHARED_TABLES`), which every part is kept under. While the
parts of a few bodies are computed, a scope's conditions test each row
(`recounting_few`, `plans.ListedOrProbed`) rather than list what the whole scope reads.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet, FieldDoesNotExist
from django.core.paginator import Page, Paginator
from django.db import DatabaseError, connection
from django.db.models import Count, QuerySet
from django.utils.functional import cached_property

from congminh.apps.cases.dbobjects import versions, versions_by_body

T = TypeVar("T")
TIMEOUT = 600  # seconds; correctness comes from the version in the key, not from this
# Parts are kept longer: each carries its body's version, and losing them costs a full count.
PARTS_TIMEOUT = 86_400


@dataclass(frozen=True)
class ReadSet:
    """Bodies whose cases a scope reads: those of `bodies` and every body of `provinces`
    (by `province_code`), as `read_set` compresses a list of bodies."""

    bodies: tuple[int, ...]
    provinces: tuple[str, ...] = ()


Bodies = Sequence[int] | ReadSet | None


def _province_members() -> dict[str, frozenset[int]]:
    from congminh.apps.organisations.models import Organisation

    members: dict[str, set[int]] = {}
    for pk, code in Organisation.objects.exclude(province_code="").values_list("pk", "province_code"):
        members.setdefault(code, set()).add(pk)
    return {code: frozenset(ids) for code, ids in members.items()}


def read_set(bodies: Sequence[int] | None) -> ReadSet | None:
    """`bodies` with every province all of whose bodies it names replaced by that province
    (None: every body). The provinces' bodies are read once per version of the bodies
    (a new body, or one moved to another province, moves every scope's version)."""
    if bodies is None:
        return None
    wanted = set(bodies)
    if not wanted:
        return ReadSet(())
    members = cached_value("province-members", _province_members, bodies=list)
    provinces = sorted(code for code, ids in members.items() if ids <= wanted)
    for code in provinces:
        wanted -= members[code]
    return ReadSet(tuple(sorted(wanted)), tuple(provinces))


# Set while `cached_parts` computes the parts of a few bodies (after a write): a scope's
# conditions may then test each row rather than list what a whole scope reads first
# (`cases.plans.ListedOrProbed`). How the database is asked, never what: the same rows.
_narrowed: ContextVar[bool] = ContextVar("narrowed", default=False)


def recounting_few() -> bool:
    """Whether the query compiled now reads the parts of a few bodies (`cached_parts`
    after a write), not a whole scope."""
    return _narrowed.get()


# The versions read so far by a read-only step (`one_version`), by the bodies asked.
_read_versions: ContextVar[dict[str, Any] | None] = ContextVar("read_versions", default=None)
_BY_BODY = "by-body"  # the key of `body_versions`'s reading there (the others are reprs)


@contextmanager
def one_version() -> Iterator[None]:
    """Inside it each set of bodies' data version is read once: what a step that writes
    nothing computes (an API page: its count, its ids, its search's exact matches) is
    keyed by one reading. Never around a write: a value computed after it would be kept
    under the version read before it."""
    token = _read_versions.set({})
    try:
        yield
    finally:
        _read_versions.reset(token)


def _version(bodies: Bodies) -> tuple[int, int] | None:
    read = _read_versions.get()
    if read is None:
        return _read_version(bodies)
    key = repr(bodies)
    if key not in read:
        read[key] = _read_version(bodies)
    found: tuple[int, int] | None = read[key]
    return found


def _read_version(bodies: Bodies) -> tuple[int, int] | None:
    try:
        if isinstance(bodies, ReadSet):
            return versions(connection, bodies.bodies, bodies.provinces)
        return versions(connection, bodies)
    except DatabaseError:  # a database migrated before the versions existed
        return None


def current_version(bodies: Bodies = None) -> tuple[int, int] | None:
    """The data versions of what every scope reads and of the cases of `bodies` (None:
    every body; a `ReadSet`: its bodies and provinces), as `cached_value` keys a value of
    one scope; None on a database without them. For a value kept elsewhere than in the
    cache (the quality figures, the quarterly review)."""
    return _version(bodies)


def body_versions() -> dict[int, int] | None:
    """Each body's data version (the writes to its cases, `dbobjects.versions_by_body`):
    what a value kept per holding body is keyed on; read once inside `one_version`. None
    on a database without them."""
    read = _read_versions.get()
    if read is not None and _BY_BODY in read:
        found: dict[int, int] | None = read[_BY_BODY]
        return found
    try:
        found = versions_by_body(connection)
    except DatabaseError:
        found = None
    if read is not None:
        read[_BY_BODY] = found
    return found


def cached_value(key: str, compute: Callable[[], T], bodies: Callable[[], Bodies] | None = None) -> T:
    """`compute()`, cached under `key` and the data versions: of every body, or only of
    the bodies `bodies()` names (a list or a `ReadSet`) and what every scope reads, when
    the value reads the cases of these bodies alone (`key` must then decide them, as a scope does; None: every
    body). Computed afresh inside a transaction (it may see writes not yet committed, and
    on SQLite a rolled-back write gives its version number back; `bodies` is not even
    asked) or on a database without versions."""
    full_key = versioned_key(key, bodies)
    if full_key is None:
        return compute()
    value: T | None = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, TIMEOUT)
    return value


def versioned_key(key: str, bodies: Callable[[], Bodies] | None = None) -> str | None:
    """The cache key `cached_value` keeps `key`'s value under: `key` and the data versions
    (of every body, or of those `bodies()` names); None inside a transaction or on a
    database without versions (cache nothing then). For values read and written in other
    shapes than one computed value (`cases.keyset`'s page boundaries)."""
    if connection.in_atomic_block:
        return None
    chosen = bodies() if bodies is not None else None
    version = _version(chosen)
    if version is None:
        return None
    digest = hashlib.sha256(key.encode()).hexdigest()
    scoped = "all" if chosen is None else "provinces" if isinstance(chosen, ReadSet) else "bodies"
    return f"congminh:counts:{scoped}:{version[0]}:{version[1]}:{digest}"


def query_key(qs: QuerySet[Any], label: str) -> str | None:
    """`label` and the SQL of `qs` (which carries the scope and the filters): what a value
    computed from `qs` is cached under; None when no row can match (no query to save)."""
    try:
        sql, params = qs.query.sql_with_params()
    except EmptyResultSet:  # a condition nothing can meet (no body, no match)
        return None
    return f"{label}\x00{sql}\x00{params!r}"


def cached_for(qs: QuerySet[Any], label: str, compute: Callable[[], T],
               bodies: Callable[[], Bodies] | None = None) -> T:
    """`compute()`, cached under `label` and the SQL of `qs` until the data version (of
    every body, or of those `bodies()` names, as `cached_value`) changes."""
    key = query_key(qs, label)
    return compute() if key is None else cached_value(key, compute, bodies)


Parts = dict[int, T]


def cached_parts(key: str, compute: Callable[[list[int] | None], Mapping[int, T]],
                 empty: Callable[[], T]) -> dict[int, T]:
    """Each body's part of a value (`compute(bodies)`: the parts of `bodies`, None: of
    every body; a body with nothing may be left out, `empty()` stands for it), cached
    under `key` (which must decide the scope, as a query's SQL does) and what every scope
    reads (bodies, successions), each part kept with its body's data version: afterwards
    only the bodies whose version moved are computed (a case moved from A to B counts for
    both, `cases.dbobjects`), in one call. A part must read only the cases (their numbers,
    events) whose writes count for its body, as a holding body's cases do. Computed afresh
    inside a transaction or on a database without versions."""
    marks = None if connection.in_atomic_block else body_versions()
    shared = None if marks is None else _version([])
    if marks is None or shared is None:
        return dict(compute(None))
    full_key = f"congminh:parts:{shared[0]}:" + hashlib.sha256(key.encode()).hexdigest()
    kept: dict[int, tuple[int | None, T]] | None = cache.get(full_key)
    if kept is None:
        fresh, moved = compute(None), None
    else:
        # A body with no version has had no case written: it holds none, as it did.
        moved = [b for b in {*kept, *marks} if b not in kept or kept[b][0] != marks.get(b)]
        if not moved:
            return {b: part for b, (_mark, part) in kept.items()}
        token = _narrowed.set(True)
        try:
            fresh = compute(moved)
        finally:
            _narrowed.reset(token)
    bodies = {*marks, *fresh} if moved is None else moved
    kept = {**(kept or {}), **{b: (marks.get(b), fresh[b] if b in fresh else empty()) for b in bodies}}
    cache.set(full_key, kept, PARTS_TIMEOUT)
    return {b: part for b, (_mark, part) in kept.items()}


def cached_query_parts(qs: QuerySet[Any], label: str, split: Callable[[QuerySet[Any]], Mapping[int, T]],
                       empty: Callable[[], T], holder: str = "holder_id") -> dict[int, T]:
    """`split(qs)` (a query of cases, or of rows of a case through `holder`, e.g.
    "case__holder_id", its value split by holding body) per holding body, cached as
    `cached_parts` keeps parts: under `label` and the SQL of `qs` (which carries the scope
    and the filters); after a write only the bodies it touched are read again, `qs`
    narrowed to their cases."""
    key = query_key(qs, label)
    if key is None:
        return {}
    return cached_parts(key, lambda holders: split(qs if holders is None else qs.filter(**{f"{holder}__in": holders})),
                        empty)


def cached_aggregate(qs: QuerySet[Any], holder: str, **counts: Count) -> dict[str, int]:
    """`qs.aggregate(**counts)` (counts: a sum of the counts of any split of `qs`), kept
    per holding body of the rows' cases (`holder`, e.g. "case__holder_id") by
    `cached_query_parts`: a write to a case recounts the rows of its bodies' cases."""
    grouped = qs.order_by().values(holder).annotate(**counts)

    def split(some: QuerySet[Any]) -> dict[int, dict[str, int]]:
        return {row[holder]: {name: row[name] for name in counts} for row in some}

    parts = cached_query_parts(grouped, "aggregate", split, dict[str, int], holder)
    return {name: sum(part.get(name, 0) for part in parts.values()) for name in counts}


def cached_group_counts(qs: QuerySet[Any], holder: str, *keys: str) -> list[dict[str, Any]]:
    """`qs.values(*keys).annotate(n=Count("pk"))` as a list of rows (in no order), kept
    per holding body of the rows' cases (`holder`, as `cached_aggregate`): a write to a
    case recounts the rows of its bodies' cases, and the parts' rows are added up. The
    sum is kept too, until any write (`cached_for`): a request with nothing written reads
    it alone, not every part."""
    grouped = qs.order_by().values(holder, *keys).annotate(n=Count("pk"))
    return cached_for(grouped, "group-counts-sum", lambda: _group_counts(grouped, holder, keys))


def _group_counts(grouped: QuerySet[Any], holder: str, keys: tuple[str, ...]) -> list[dict[str, Any]]:
    """The rows of `grouped` (grouped by `holder` and `keys`) added up over the holders,
    each holder's rows kept as a part (`cached_query_parts`)."""

    def split(some: QuerySet[Any]) -> dict[int, list[tuple[Any, ...]]]:
        parts: dict[int, list[tuple[Any, ...]]] = {}
        for row in some:
            parts.setdefault(row[holder], []).append((*(row[k] for k in keys), row["n"]))
        return parts

    sums: dict[tuple[Any, ...], int] = {}
    for part in cached_query_parts(grouped, "group-counts", split, list[tuple[Any, ...]], holder).values():
        for *key, n in part:
            sums[tuple(key)] = sums.get(tuple(key), 0) + n
    return [{**dict(zip(keys, key, strict=True)), "n": n} for key, n in sums.items()]


def holder_path(qs: QuerySet[Any]) -> str | None:
    """The path from the rows of `qs` to the body holding their case: a case's
    "holder_id", "case__holder_id" for the rows of a workflow that always belong to a
    case (summonses, requests); None for other rows."""
    meta = qs.model._meta
    if meta.label == "cases.Case":
        return "holder_id"
    try:
        field = meta.get_field("case")
    except FieldDoesNotExist:
        return None
    related = getattr(field, "related_model", None)
    if field.many_to_one and not field.null and related is not None and related._meta.label == "cases.Case":
        return "case__holder_id"
    return None


def cached_count(qs: QuerySet[Any]) -> int:
    """`qs.count()`, cached per data version; a query of cases, or of rows each of one
    case (`holder_path`), is counted per holding body (`cached_query_parts`), so a write
    recounts only the bodies it touched."""
    holder = holder_path(qs)
    if holder is None or qs.query.distinct or qs.query.is_sliced:
        return cached_for(qs, "count", qs.count)

    def split(some: QuerySet[Any]) -> dict[int, int]:
        # COUNT(*), not COUNT(id): PostgreSQL then answers a recount of a few bodies from
        # the holder index alone (P, three bodies' 38,000 cases after a write: 8 ms,
        # against 150 ms reading the cases for their ids).
        return dict(some.order_by().values_list(holder).annotate(n=Count("*")))

    return sum(cached_query_parts(qs, "count-by-holder", split, int, holder).values())


class CachedCountPaginator(Paginator):  # type: ignore[type-arg]  # any object list
    """Django's paginator with the total counted once per data version."""

    @cached_property
    def count(self) -> int:
        if isinstance(self.object_list, QuerySet):
            return cached_count(self.object_list)
        return len(self.object_list)


class CachedPagePaginator(CachedCountPaginator):
    """`CachedCountPaginator` that also keeps the ids of each page of a query (in its
    order) per data version, and reads the page's rows by those ids: a request the
    cache answers no longer sorts the scope's matches again (the API's name search on a
    P province: the page query 44-47 ms on PostgreSQL, for 25 rows of 2,199 matches)."""

    def page(self, number: Any) -> Page[Any]:
        if not isinstance(self.object_list, QuerySet):
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:  # as Django's `Paginator.page`
            top = self.count
        qs = self.object_list
        ids: list[Any] = cached_for(qs, f"page\x00{bottom}\x00{top}",
                                    lambda: list(qs[bottom:top].values_list("pk", flat=True)))
        found = {obj.pk: obj for obj in qs.filter(pk__in=ids).order_by()}
        # The rows by id, unordered (the ids carry the order); no sort of the matches again.
        return Page([found[pk] for pk in ids if pk in found], number, self)
