"""A query plan SQLite cannot choose by itself: how to read a wide scope (issue #12).

A scope of bodies reads `holder_id IN (…) OR id IN (the cases these bodies numbered)`
(`accounts.scope`). SQLite, which keeps no statistics (ANALYZE did not change this plan),
answers it from the holder index and the numbers, then reads and sorts every case found
for the list's order: for the provincial court at the P size, 127,000 of 196,000 cases,
1-2 s for a page of 25 (5 s for a deep one). When a scope reads a large share of the
cases, walking the order's index and testing each case finds a page after a few dozen
rows; for a small scope the same walk would pass thousands of others' cases per page.
The choice depends on the share, which the database does not know: here it is estimated
from two index counts (the cases the bodies hold and the numbers they gave, an upper
bound of the scope), and the holder index is hidden from SQLite (`+holder_id`, the same
value) when the share reaches `WALK_SHARE`. A list of most cases probes their numbers
per case walked (`probes`): the list of every case the bodies numbered cost 0.5-0.6 s
before the first row of a page. PostgreSQL keeps statistics and plans this itself: it is left alone.

The list of the cases a scope's bodies numbered costs as much in a count of a few bodies'
cases as in the scope's full count: after a write, the parts of the bodies it touched
(`counts.cached_parts`) of the provincial police (share 0.41, 80,000 cases numbered) read
that list for a few hundred cases. Those narrowed recounts probe the numbers per case
(`ListedOrProbed`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection
from django.db.models import BooleanField, Expression, F, Func, IntegerField, Q
from django.db.models.lookups import In

from congminh.apps.cases.counts import cached_value, recounting_few

# Share of the cases from which walking the order beats gathering the scope by holder.
# A walk reads about 25 / share cases for a page of 25; gathering reads every case of the
# scope, then sorts them: measured at the P size, a share of 65% (the provincial court)
# 0.9 → 0.35 s for the first page, 4.5 → 1.2 s for a page in the middle; 11% (an
# investigation body) and under are left as they were.
WALK_SHARE = 0.3
# Share from which a list probes the numbers per case rather than listing them (`probes`).
# The list of the numbered cases is built from the numbers' index before any row: for the
# provincial court (share 0.65) 0.5-0.6 s of wall time before a page's first row (8 ms
# probing), and its count took 280 ms of CPU against 160 probing; at 0.41 (the provincial
# police) probing the province's cases cost a full count 355 ms against 81 ms listing.
PROBE_SHARE = 0.5


class Unindexed(Func):
    """`+column`: the column's value, which SQLite does not look up through an index."""

    template = "+%(expressions)s"
    output_field = IntegerField()


def scope_share(org_ids: list[int]) -> float:
    """The share of all cases held or numbered by `org_ids`, estimated from above (a case
    both held and numbered, or numbered twice, counts more than once), capped at 1;
    kept until the bodies change (a case written moves the share little)."""
    from congminh.apps.cases.models import AgencyNumber, Case

    def share() -> float:
        total = Case.objects.count()
        if not total:
            return 0.0
        found = (Case.objects.filter(holder_id__in=org_ids).count()
                 + AgencyNumber.objects.filter(organisation_id__in=org_ids).count())
        return min(1.0, found / total)

    return cached_value(f"scope-share\x00{sorted(org_ids)!r}", share, bodies=list)


def walks(org_ids: list[int], *, walk_order: bool) -> bool:
    """Whether a list of the cases of `org_ids` should walk its order (see the module's
    docstring): SQLite, and a wide scope."""
    return walk_order and connection.vendor == "sqlite" and scope_share(org_ids) >= WALK_SHARE


def probes(org_ids: list[int], *, walk_order: bool) -> bool:
    """Whether a list of the cases of `org_ids` (on SQLite, most of all cases:
    `PROBE_SHARE`) should probe their numbers per case walked (`accounts.scope`). Asked
    for lists only, like `walks`: the share costs queries where it is not kept (inside a
    transaction), and the scope's other uses read it whole."""
    return walk_order and connection.vendor == "sqlite" and scope_share(org_ids) >= PROBE_SHARE


def held_by(org_ids: list[int], *, walk_order: bool) -> Q:
    """Cases held by `org_ids`; when `walks`, written so that the database walks the
    query's order instead of gathering the scope through the holder index (the same rows)."""
    if walks(org_ids, walk_order=walk_order):
        return Q(In(Unindexed(F("holder_id")), org_ids))
    return Q(holder_id__in=org_ids)


class ListedOrProbed(Expression):
    """A condition written two ways that select the same rows: `listed` (an uncorrelated
    `IN (subquery)`, which SQLite reads in full once, the cheaper for a whole scope) and
    `probed` (a per-row `EXISTS`, the cheaper for a few rows); compiled as `probed` on
    SQLite while `counts.cached_parts` recounts the parts of a few bodies
    (`counts.recounting_few`), else as `listed`. The cache keys (`counts.query_key`) are
    taken outside a recount: always the `listed` SQL."""

    conditional = True

    def __init__(self, listed: Any, probed: Any) -> None:
        super().__init__(output_field=BooleanField())
        self.listed, self.probed = listed, probed

    def get_source_expressions(self) -> list[Any]:
        return [self.listed, self.probed]

    def set_source_expressions(self, exprs: Sequence[Any]) -> None:
        self.listed, self.probed = exprs

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        few = connection.vendor == "sqlite" and recounting_few()
        return compiler.compile(self.probed if few else self.listed)
