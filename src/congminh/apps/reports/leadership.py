"""The leadership view (directive closing clause; issue 11.5): one page that a leader
reads in a minute — the cases of the reader's scope that need attention, how far the
running deadlines have used up their legal limit, and how intake and resolution moved
quarter by quarter. Reads only; every figure comes with the filter of the list behind it.

How far a deadline has run is measured as a share of its own legal limit, not in raw
days: 40 days into a 2-month investigation is not 40 days into a 20-day report check.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from django.db.models import Q, QuerySet

from congminh.apps.accounts import scope as access
from congminh.apps.cases.counts import cached_for
from congminh.apps.cases.models import Case
from congminh.apps.obligations.models import CaseObligation
from congminh.apps.reports.review import PROCEDURES as PROCEDURES  # re-exported for the views
from congminh.core import statuses
from congminh.core.periods import Period, periods_between, reporting_year

# Clocks that run (a suspended clock stands still: its share does not move).
RUNNING = (statuses.ON_TIME, statuses.DUE_SOON, statuses.OVERDUE)
QUARTERS = 8


class Bucket(NamedTuple):
    key: str
    label: str
    upto: float  # the share of the limit used, at most (inclusive)


BUCKETS: tuple[Bucket, ...] = (
    Bucket("le50", "Đã dùng đến 50% thời hạn", 0.5),
    Bucket("50_80", "Đã dùng trên 50% đến 80%", 0.8),
    Bucket("80_100", "Đã dùng trên 80% đến 100%", 1.0),
    Bucket("over", "Quá thời hạn (trên 100%)", float("inf")),
)
BUCKET_KEYS = tuple(b.key for b in BUCKETS)


def share_used(start: dt.date, due: dt.date, today: dt.date) -> float:
    """How much of the limit from `start` to `due` has run by `today` (1.0: the last day).

    >>> share_used(dt.date(2026, 1, 1), dt.date(2026, 1, 21), dt.date(2026, 1, 11))
    0.5
    >>> share_used(dt.date(2026, 1, 1), dt.date(2026, 1, 1), dt.date(2026, 1, 2))
    2.0
    """
    span = (due - start).days
    if span <= 0:
        return 1.0 if today <= due else 2.0
    return (today - start).days / span


def bucket_of(share: float) -> str:
    """The bucket of a deadline that has used `share` of its limit (`BUCKETS`, each up to
    and including its bound).

    >>> [bucket_of(s) for s in (0.0, 0.5, 0.51, 0.8, 1.0, 1.01)]
    ['le50', 'le50', '50_80', '50_80', '80_100', 'over']
    """
    return next(b.key for b in BUCKETS if share <= b.upto)


# Past twice its limit a deadline's share in per cent stops meaning anything to a reader
# («4300%»): the list says «> 200%» and how many days it is overdue instead. Only the
# words change; the buckets still come from the exact share.
SHARE_SHOWN_UPTO = 2.0


class ShareShown(NamedTuple):
    text: str  # "85%", "> 200%"
    bar: int  # the bar, in per cent of the limit: at most 100 (a full bar is the limit)
    days_over: int  # days past the due date, 0 while it is not overdue


def share_shown(share: float, due: dt.date | None, today: dt.date) -> ShareShown:
    """How the deadline list shows a share of the limit used.

    >>> share_shown(0.854, dt.date(2026, 1, 21), dt.date(2026, 1, 18))
    ShareShown(text='85%', bar=85, days_over=0)
    >>> share_shown(1.5, dt.date(2026, 1, 21), dt.date(2026, 1, 31))
    ShareShown(text='150%', bar=100, days_over=10)
    >>> share_shown(43.0, dt.date(2025, 1, 11), dt.date(2026, 2, 27))
    ShareShown(text='> 200%', bar=100, days_over=412)
    """
    text = f"{round(share * 100)}%" if share <= SHARE_SHOWN_UPTO else f"> {round(SHARE_SHOWN_UPTO * 100)}%"
    days_over = max(0, (today - due).days) if due else 0
    return ShareShown(text, min(100, round(share * 100)), days_over)


class Clock(NamedTuple):
    id: int
    procedure: str
    share: float


def running_clocks(user: Any) -> QuerySet[CaseObligation]:
    """The running deadlines of the cases `user` reads."""
    cases = access.readable_cases(user)
    return CaseObligation.objects.filter(case__in=cases, status__in=RUNNING, due__isnull=False)


def clocks(user: Any, today: dt.date) -> list[Clock]:
    """Each running deadline with its share used, cached until the data changes."""
    qs = running_clocks(user).order_by().values_list("id", "case__procedure", "start", "due")

    def compute() -> list[Clock]:
        return [Clock(pk, procedure, share_used(start, due, today))
                for pk, procedure, start, due in qs if due is not None]

    return cached_for(qs, f"leadership:clocks:{today.isoformat()}", compute)


def bucket_table(found: Sequence[Clock]) -> dict[str, dict[str, int]]:
    """{procedure or "total": {bucket: count}}."""
    table = {p: dict.fromkeys(BUCKET_KEYS, 0) for p in (*PROCEDURES, "total")}
    for clock in found:
        key = bucket_of(clock.share)
        table[clock.procedure][key] += 1
        table["total"][key] += 1
    return table


def clocks_in(found: Sequence[Clock], bucket: str, procedure: str) -> list[Clock]:
    return [c for c in found if bucket_of(c.share) == bucket and procedure in ("", c.procedure)]


# --- quarter by quarter -------------------------------------------------------------------------


MEASURES = {
    "received": "Vụ việc mới thụ lý trong quý",
    "resolved": "Vụ việc đã kết thúc trong quý",
    "open": "Còn đang giải quyết cuối quý",
}


def quarters(user: Any, today: dt.date) -> list[Period]:
    """The last eight quarters up to the current one, in the reader's reporting year (the
    Procuracy's year starts in December)."""
    kind = getattr(getattr(user, "organisation", None), "kind", "") or ""
    start_month = reporting_year(kind).starts_month
    first = dt.date(today.year - 2, today.month, 1)
    found = periods_between("quarterly", first, dt.date(today.year + 1, 12, 31),
                            year_start_month=start_month)
    return [p for p in found if p.start <= today][-QUARTERS:]


def measure_q(measure: str, period: Period) -> Q:
    """The cases a trend figure counts, as a filter (the list behind the figure)."""
    if measure == "received":
        return Q(opened_on__gte=period.start, opened_on__lte=period.end)
    if measure == "resolved":
        return Q(closed_on__gte=period.start, closed_on__lte=period.end)
    if measure == "open":
        return Q(opened_on__lte=period.end) & (Q(closed_on__isnull=True) | Q(closed_on__gt=period.end))
    raise ValueError(f"unknown measure: {measure!r}")


@dataclass(frozen=True)
class Trend:
    periods: list[Period]
    values: dict[str, list[int]]  # measure -> one figure per period


def trend(user: Any, today: dt.date) -> Trend:
    periods = quarters(user, today)
    qs = access.readable_cases(user).order_by().values_list("opened_on", "closed_on")

    def compute() -> dict[str, list[int]]:
        rows = list(qs)
        return {m: [_count(rows, m, p) for p in periods] for m in MEASURES}

    label = "leadership:trend:" + ",".join(p.code for p in periods)
    return Trend(periods, cached_for(qs, label, compute))


def _count(rows: list[tuple[dt.date | None, dt.date | None]], measure: str, period: Period) -> int:
    start, end = period.start, period.end
    if measure == "received":
        return sum(1 for opened, _closed in rows if opened and start <= opened <= end)
    if measure == "resolved":
        return sum(1 for _opened, closed in rows if closed and start <= closed <= end)
    return sum(1 for opened, closed in rows if opened and opened <= end and (closed is None or closed > end))


def trend_cases(user: Any, measure: str, period: Period) -> QuerySet[Case]:
    return access.readable_cases(user).filter(measure_q(measure, period))
