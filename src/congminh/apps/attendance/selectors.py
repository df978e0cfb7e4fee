"""Reads of summonses and attendance, always through the user's scope.

Who reads a summons: whoever may read its case (`scope.readable_cases`: the holding
court, the provincial court above it, the Procuracy of its area or province, the
province's overseers), and the summoned People's Committee itself (or a body it
succeeded) — the committee sees its own summonses, not the rest of the case file.
That second line is `scope.summons_read_q`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

from django.db.models import Case as When_
from django.db.models import CharField, Count, DateField, F, Q, QuerySet, Value, When
from django.db.models.functions import ExtractMonth, ExtractYear
from django.http import Http404

from congminh.apps.accounts import scope
from congminh.apps.attendance.models import ABSENT, Attendance, OpinionStatus, Presence, Summons
from congminh.apps.attendance.rules import opinion_status
from congminh.apps.audit.selectors import as_date, as_id, as_text, rewind
from congminh.apps.cases.counts import cached_aggregate, cached_group_counts
from congminh.apps.organisations.models import Organisation
from congminh.apps.web.listing import WORST_FIRST, ordering, urgency_rank
from congminh.core.periods import period_containing

# The annotation `with_opinion_status` adds (a name, not a field of the model).
OPINION_STATE = "opinion_state"

# Sort keys of the list (`?sort=key` / `?sort=-key`, `listing.ordering`); the list opens
# worst first ("state", `with_urgency`) like the other oversight lists.
SORT_FIELDS = {
    "state": WORST_FIRST,
    "date": ("date", "id"),
    "committee": ("committee__name", "-date"),
    "kind": ("kind", "-date"),
    "case": ("case__title", "-date"),
    "presence": ("attendance__presence", "-date"),
    "opinion_due": ("opinion_due", "id"),
}
DEFAULT_SORT = "state"
SORTS = (*SORT_FIELDS, *(f"-{k}" for k in SORT_FIELDS))  # the values `?sort=` accepts
NOT_RECORDED = "not_recorded"  # filter value: summonses with no attendance record yet
NOT_LAWFUL = "not_lawful"      # filter value: absent, or someone not lawfully representing


summons_read_q = scope.summons_read_q  # decided in accounts/scope.py


def summons_scope(user: Any) -> QuerySet[Summons]:
    condition = summons_read_q(user)
    qs = Summons.objects.all()
    return qs if condition is None else qs.filter(condition)


def summons_get(*, user: Any, pk: int) -> Summons:
    """The summons `pk` if `user` may read it; 404 otherwise (an outsider learns nothing)."""
    found = summons_scope(user).select_related("case", "case__holder", "committee").filter(pk=pk).first()
    if found is None:
        raise Http404("Summons not found")
    return found


def with_opinion_status(qs: QuerySet[Summons], today: dt.date) -> QuerySet[Summons]:
    """Annotate `opinion_state` (an `OpinionStatus` value) as `rules.opinion_status` computes it."""
    filed = F("attendance__opinion_filed_on")
    return qs.annotate(**{OPINION_STATE: When_(
        When(opinion_due__isnull=True, attendance__opinion_filed_on__isnull=True,
             then=Value(OpinionStatus.NOT_REQUIRED.value)),
        When(opinion_due__isnull=True, then=Value(OpinionStatus.ON_TIME.value)),
        When(attendance__opinion_filed_on__isnull=False, opinion_due__gte=filed,
             then=Value(OpinionStatus.ON_TIME.value)),
        When(attendance__opinion_filed_on__isnull=False, then=Value(OpinionStatus.LATE.value)),
        When(opinion_due__lt=today, then=Value(OpinionStatus.NOT_FILED.value)),
        default=Value(OpinionStatus.PENDING.value), output_field=CharField(),
    )})


# Attendance that is a failure of the summoned committee: absent, or someone who does not
# lawfully represent it (Luật TTHC 2015 Đ.60 k3).
NOT_LAWFUL_PRESENCES = ABSENT | {Presence.OTHER.value}


def with_urgency(qs: QuerySet[Summons], today: dt.date) -> QuerySet[Summons]:
    """Annotate the worst-first sort (`listing.WORST_FIRST`) of summonses annotated by
    `with_opinion_status`: `urgency` 0 when the committee failed (absent, represented
    unlawfully, or its written opinion past due and not filed), 1 while something is still
    awaited (the session, its attendance record, or a written opinion not yet due), 2 when
    done; `due` the day the row turns on (the written opinion's due day while it is
    awaited or missing, unless the session awaited comes first; else the session's day)."""
    failed = Q(attendance__presence__in=NOT_LAWFUL_PRESENCES) | Q(**{OPINION_STATE: OpinionStatus.NOT_FILED})
    opinion_waits = Q(**{f"{OPINION_STATE}__in": (OpinionStatus.PENDING, OpinionStatus.NOT_FILED)})
    session_waits = Q(attendance__isnull=True)
    awaited = session_waits | Q(date__gt=today) | Q(**{OPINION_STATE: OpinionStatus.PENDING})
    return qs.annotate(urgency=urgency_rank(failed, awaited)).annotate(due=When_(
        When(opinion_waits & session_waits & Q(opinion_due__lt=F("date")), then=F("opinion_due")),
        When(opinion_waits & Q(attendance__isnull=False), then=F("opinion_due")),
        default=F("date"), output_field=DateField()))


@dataclass(frozen=True)
class SummonsFilters:
    committee_id: int | None = None
    court_id: int | None = None
    case_id: int | None = None
    kind: str = ""
    presence: str = ""      # a Presence value, "absent" (both kinds), NOT_LAWFUL or NOT_RECORDED
    opinion: str = ""       # an OpinionStatus value
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    sort: str = DEFAULT_SORT


def _narrowed(qs: QuerySet[Summons], f: SummonsFilters | RateFilters) -> QuerySet[Summons]:
    """The filters both lists share: committee, court, session kind, dates."""
    if f.committee_id:
        qs = qs.filter(committee_id=f.committee_id)
    if f.court_id:
        qs = qs.filter(case__holder_id=f.court_id)
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.date_from:
        qs = qs.filter(date__gte=f.date_from)
    if f.date_to:
        qs = qs.filter(date__lte=f.date_to)
    return qs


def summons_list(*, user: Any, filters: SummonsFilters | None = None,
                 today: dt.date) -> QuerySet[Summons]:
    f = filters or SummonsFilters()
    qs = with_opinion_status(_narrowed(summons_scope(user), f), today).select_related(
        "case", "case__holder", "committee", "attendance")
    if f.case_id:
        qs = qs.filter(case_id=f.case_id)
    if f.presence == "absent":
        qs = qs.filter(attendance__presence__in=ABSENT)
    elif f.presence == NOT_LAWFUL:
        qs = qs.filter(attendance__presence__in=NOT_LAWFUL_PRESENCES)
    elif f.presence == NOT_RECORDED:
        qs = qs.filter(attendance__isnull=True, date__lte=today)
    elif f.presence:
        qs = qs.filter(attendance__presence=f.presence)
    if f.opinion:
        qs = qs.filter(**{OPINION_STATE: f.opinion})
    return with_urgency(qs, today).order_by(*ordering(SORT_FIELDS, f.sort, DEFAULT_SORT))


def summons_totals(*, user: Any, filters: SummonsFilters | None = None,
                   today: dt.date) -> dict[str, int]:
    """The numbers above the summons list, over the list as filtered but for its
    attendance and opinion filters (each number is one of those filters): summonses,
    held by `today`, not recorded, absent, not lawfully attended, opinion filed late, not
    filed past due. One aggregate query, kept per holding body of the summonses' cases
    (`cases.counts.cached_aggregate`, under its SQL: scope, filters, day): a write to a
    case recounts the summonses of its bodies' cases, not the province's."""
    f = replace(filters or SummonsFilters(), presence="", opinion="")
    held = Q(date__lte=today)
    return cached_aggregate(
        summons_list(user=user, filters=f, today=today), "case__holder_id",
        total=Count("id"), held=Count("id", filter=held),
        not_recorded=Count("id", filter=held & (Q(attendance__presence__isnull=True) | Q(attendance__presence=""))),
        absent=Count("id", filter=Q(attendance__presence__in=ABSENT)),
        not_lawful=Count("id", filter=Q(attendance__presence__in=NOT_LAWFUL_PRESENCES)),
        opinion_late=Count("id", filter=Q(**{OPINION_STATE: OpinionStatus.LATE})),
        opinion_missing=Count("id", filter=Q(**{OPINION_STATE: OpinionStatus.NOT_FILED})))


def case_summonses(*, user: Any, case: Any, today: dt.date) -> list[Summons]:
    """The summonses of one case the user may read, in date order (the case page section)."""
    qs = with_opinion_status(summons_scope(user).filter(case=case), today)
    return list(qs.select_related("committee", "attendance").order_by("date", "id"))


# --- absence rates ------------------------------------------------------------------------


@dataclass
class Tally:
    """Counts of one group (a committee, a period): summonses held by `today`, and how the
    committee answered them."""

    key: Any
    label: str
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    held: int = 0
    recorded: int = 0
    by_presence: dict[str, int] = field(default_factory=lambda: {p: 0 for p in Presence.values})
    opinion_late: int = 0
    opinion_missing: int = 0

    @property
    def absent(self) -> int:
        return sum(self.by_presence[p] for p in ABSENT)

    @property
    def not_recorded(self) -> int:
        return self.held - self.recorded

    @property
    def absence_rate(self) -> float | None:
        """Absences over the sessions with a record, in percent (None: nothing recorded)."""
        return round(100 * self.absent / self.recorded, 1) if self.recorded else None

    @property
    def unlawful_rate(self) -> float | None:
        """Absences and unlawful representation (not the chair, nor an authorised vice-chair)."""
        if not self.recorded:
            return None
        return round(100 * (self.absent + self.by_presence[Presence.OTHER]) / self.recorded, 1)


def _tally_rows(qs: QuerySet[Summons], today: dt.date, *keys: str) -> list[dict[str, Any]]:
    """How many sessions held by `today` per `keys`, answer and opinion state: one grouped
    query (a few rows per committee or month, however many summonses the province has),
    kept per holding body of the summonses' cases (`cases.counts.cached_group_counts`,
    under its SQL: scope, filters, day): a write to a case reads again the summonses of
    its bodies' cases (summonses and attendance records move every scope's version:
    `cases.dbobjects.VERSIONED`)."""
    held = with_opinion_status(qs.filter(date__lte=today), today)
    return cached_group_counts(held, "case__holder_id", *keys, "attendance__presence", OPINION_STATE)


def _count(t: Tally, row: dict[str, Any]) -> None:
    """Add a row of `_tally_rows` (`n` sessions; one when not given) to `t`."""
    n = row.get("n", 1)
    t.held += n
    presence = row["attendance__presence"]
    if presence:
        t.recorded += n
        t.by_presence[presence] += n
    if row[OPINION_STATE] == OpinionStatus.LATE:
        t.opinion_late += n
    elif row[OPINION_STATE] == OpinionStatus.NOT_FILED:
        t.opinion_missing += n


@dataclass(frozen=True)
class RateFilters:
    committee_id: int | None = None
    court_id: int | None = None
    kind: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    sort: str = "-absence_rate"


RATE_SORTS = ("label", "-label", "held", "-held", "absence_rate", "-absence_rate",
              "unlawful_rate", "-unlawful_rate")


def _sorted(tallies: list[Tally], sort: str) -> list[Tally]:
    key = sort.lstrip("-")
    if key not in {s.lstrip("-") for s in RATE_SORTS}:
        key, sort = "absence_rate", "-absence_rate"
    reverse = sort.startswith("-")
    # Groups with no recorded session sort after those with a rate, whichever the direction.
    present = [t for t in tallies if getattr(t, key) is not None]
    missing = [t for t in tallies if getattr(t, key) is None]
    present.sort(key=lambda t: (getattr(t, key), t.label), reverse=reverse)
    return present + sorted(missing, key=lambda t: t.label)


def _base(user: Any, f: RateFilters) -> QuerySet[Summons]:
    return _narrowed(summons_scope(user), f)


def absence_by_committee(*, user: Any, filters: RateFilters | None = None,
                         today: dt.date) -> list[Tally]:
    """One tally per People's Committee summoned, over the sessions held by `today`."""
    f = filters or RateFilters()
    tallies: dict[int, Tally] = {}
    for row in _tally_rows(_base(user, f), today, "committee_id", "committee__name"):
        cid = row["committee_id"]
        if cid not in tallies:
            tallies[cid] = Tally(key=cid, label=row["committee__name"],
                                 date_from=f.date_from, date_to=f.date_to)
        _count(tallies[cid], row)
    return _sorted(list(tallies.values()), f.sort)


def absence_by_period(*, user: Any, filters: RateFilters | None = None, today: dt.date,
                      recurrence: str = "quarterly") -> list[Tally]:
    """One tally per reporting period (calendar quarters by default, `core.periods`),
    newest first."""
    f = filters or RateFilters()
    tallies: dict[dt.date, Tally] = {}
    # Grouped by month: every reporting period is made of whole months (`core.periods`).
    months = _base(user, f).annotate(year=ExtractYear("date"), month=ExtractMonth("date"))
    for row in _tally_rows(months, today, "year", "month"):
        period = period_containing(recurrence, dt.date(row["year"], row["month"], 1))
        if period.start not in tallies:
            tallies[period.start] = Tally(key=period.label, label=period.label,
                                          date_from=period.start, date_to=period.end)
        _count(tallies[period.start], row)
    return [tallies[k] for k in sorted(tallies, reverse=True)]


def annual_figures(*, user: Any, filters: RateFilters, instant: dt.datetime,
                   day: dt.date) -> list[Tally]:
    """`absence_by_committee` as the registry stood at `instant`: the summonses entered by
    then, with the session, committee and due day they had then, and the attendance
    recorded by then as it read then (both rewound through the audit trail: a record made
    after the instant rewinds to none), over the sessions held by `day`."""
    summonses = list(summons_scope(user).filter(created_at__lte=instant).order_by().values(
        "id", "kind", "date", "committee", "opinion_due", "attendance__id"))
    rewind(summonses, object_type=Summons._meta.label_lower, instant=instant, fields={
        "kind": as_text, "date": as_date, "committee": as_id, "opinion_due": as_date})
    records = list(Attendance.objects.filter(
        pk__in=[s["attendance__id"] for s in summonses if s["attendance__id"]]).values(
        "id", "presence", "opinion_filed_on"))
    rewind(records, object_type=Attendance._meta.label_lower, instant=instant,
           fields={"presence": as_text, "opinion_filed_on": as_date})
    by_id = {r["id"]: r for r in records}
    f = filters
    held = [s for s in summonses if s["date"] is not None and s["date"] <= day
            and (not f.date_from or s["date"] >= f.date_from) and (not f.date_to or s["date"] <= f.date_to)
            and (not f.committee_id or s["committee"] == f.committee_id) and (not f.kind or s["kind"] == f.kind)]
    if f.court_id:  # the court holding the case, as `_narrowed` filters it
        kept = set(Summons.objects.filter(pk__in=[s["id"] for s in held], case__holder_id=f.court_id)
                   .values_list("id", flat=True))
        held = [s for s in held if s["id"] in kept]
    names = dict(Organisation.objects.filter(pk__in={s["committee"] for s in held})
                 .values_list("id", "name"))
    tallies: dict[int, Tally] = {}
    for s in held:
        record: dict[str, Any] = dict(by_id.get(s["attendance__id"]) or {"presence": "",
                                                                         "opinion_filed_on": None})
        cid = s["committee"]
        if cid not in tallies:
            tallies[cid] = Tally(key=cid, label=names.get(cid, ""), date_from=f.date_from,
                                 date_to=f.date_to)
        _count(tallies[cid], {"attendance__presence": record["presence"] or None, OPINION_STATE:
                              opinion_status(s["opinion_due"], record["opinion_filed_on"], day)})
    return _sorted(list(tallies.values()), f.sort)
