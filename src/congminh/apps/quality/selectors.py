"""Judgment quality, read from the event log of the cases a user may read.

- a first-instance judgment is a `judgment_pronounced` not preceded by `appeal_received` in
  its case; it belongs to the court that recorded it (else the case's holder) and to its
  presiding judge (`presiding_judge`, kept on the event);
- a review outcome is an `appellate_outcome` (upheld / amended / annulled, `fault`
  subjective or objective), attributed to the latest first-instance judgment before it;
- a return for supplementary investigation is a `returned_for_investigation` (`by`,
  `reason`), counted for the court that recorded it, else the case's holder (a Procuracy's
  return is recorded on the record it holds).

The outcome is recorded on the first-instance court's record of the case (where the
judgment it reviews is); on an appellate court's own record it is attributed to that
record's holder.

Only the effective log counts: no withdrawn event, no event a live correction supersedes.
Rates are per cent of the first-instance judgments the court (judge) pronounced in the
period [M: the sector's reports may count decided cases instead].

A province pronounces tens of thousands of judgments a year: the database counts them,
grouped by court and judge (the attribution above written as SQL, `_body_sql`), and
attributes each outcome to its judgment in the same query, grouped also by the holding
body of the case; each body's part is cached per scope and period under a mark that moves
whenever one of that body's cases, their events or numbers is written, or a body that
recorded events on them changes kind (`_marks`: the body's data version, `cases.counts`,
moved by the database's triggers whatever writes, even with no audit entry), so a page
reads them back and, after a write, only the bodies whose cases changed are counted again
(a write elsewhere — an oversight request, a summons, a body renamed — recomputes
nothing).
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, NamedTuple, TypeVar

from django.core.cache import cache
from django.db import connection
from django.db.models import (
    BooleanField,
    CharField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models import Case as CaseWhen
from django.db.models.fields.json import KT
from django.db.models.functions import Coalesce

from congminh.apps.accounts.scope import readable_cases
from congminh.apps.audit.models import AuditEntry
from congminh.apps.audit.selectors import as_bool, as_id, as_text, rewind
from congminh.apps.cases.counts import TIMEOUT, body_versions, cached_for, current_version
from congminh.apps.cases.models import Case, CaseEvent
from congminh.apps.cases.selectors import case_open_q
from congminh.apps.organisations.models import Organisation

OUTCOME = "appellate_outcome"
JUDGMENT = "judgment_pronounced"
RETURN = "returned_for_investigation"
UNKNOWN_JUDGE = ""
T = TypeVar("T")


def _live(instant: datetime | None) -> Q:
    """Recorded and not withdrawn (as of `instant`, when given: a report's as-of time)."""
    if instant is None:
        return Q(withdrawn_at__isnull=True)
    return Q(recorded_at__lte=instant) & (Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gt=instant))


def effective_events(qs: QuerySet[CaseEvent] | None = None,
                     instant: datetime | None = None) -> QuerySet[CaseEvent]:
    """Events that count: not withdrawn, not superseded by a live correction — as the log
    stood at `instant` when given (late entries and later withdrawals do not change it)."""
    qs = CaseEvent.objects.all() if qs is None else qs
    corrected = CaseEvent.objects.filter(_live(instant), supersedes=OuterRef("pk"))
    return qs.filter(_live(instant)).exclude(Exists(corrected))


def _scope(user: Any) -> QuerySet[Case]:
    """`scope.readable_cases(user)`, built once per user object and data version (a body's
    reach is read from the bodies and their successions, which move the version): a page
    asks for it for every figure, and a provincial body's reach takes a dozen queries."""
    version = None if connection.in_atomic_block else current_version()
    memo: tuple[tuple[int, int], QuerySet[Case]] | None = getattr(user, "_quality_scope", None)
    if memo is not None and version is not None and memo[0] == version:
        return memo[1]
    cases = readable_cases(user, Case.objects.all())
    if version is not None:
        user._quality_scope = (version, cases)
    return cases


def _readable_events(user: Any, types: Iterable[str], instant: datetime | None = None,
                     holders: list[int | None] | None = None) -> QuerySet[CaseEvent]:
    """The effective events of these types of the cases `user` reads (held by `holders`
    when given: the database then starts from those bodies' cases, by their index)."""
    cases = _scope(user)
    if holders is not None:
        cases = cases.filter(holder_id__in=holders)
    return effective_events(CaseEvent.objects.filter(case__in=cases.values("pk"), type__in=list(types)),
                            instant)


def first_instance_judgments(user: Any, start: date, end: date, instant: datetime | None = None,
                             holders: list[int | None] | None = None) -> QuerySet[CaseEvent]:
    appealed = CaseEvent.objects.filter(_live(instant), case=OuterRef("case"),
                                        type="appeal_received", date__lte=OuterRef("date"))
    return (_readable_events(user, [JUDGMENT], instant, holders).filter(date__gte=start, date__lte=end)
            .exclude(Exists(appealed)))


@dataclass
class Tally:
    """Outcomes of the judgments of one court or judge."""

    judgments: int = 0
    upheld: int = 0
    amended: Counter[str] = field(default_factory=Counter)  # by fault ("" = not said)
    annulled: Counter[str] = field(default_factory=Counter)

    @property
    def reviewed(self) -> int:
        return self.upheld + sum(self.amended.values()) + sum(self.annulled.values())

    @property
    def amended_rate(self) -> Decimal | None:
        return self.rate("amended")

    @property
    def annulled_rate(self) -> Decimal | None:
        return self.rate("annulled")

    def rate(self, outcome: str) -> Decimal | None:
        """Per cent of the judgments amended / annulled for subjective fault."""
        if not self.judgments:
            return None
        count = (self.amended if outcome == "amended" else self.annulled)["subjective"]
        return (Decimal(100 * count) / self.judgments).quantize(Decimal("0.01"), ROUND_HALF_UP)


class Outcome(NamedTuple):
    """A review outcome with the court and judge of the first-instance judgment it reviewed
    (a plain tuple: a province's year of them is cached and read back per request)."""

    event_id: int
    case_id: int
    title: str
    date: date
    court_id: int | None
    judge: str
    outcome: str
    fault: str


def _body_sql(kinds: tuple[str, ...] = ("court",)) -> CaseWhen:
    """The body a judgment (a court) or a return (a court or a Procuracy) belongs to: the
    body that recorded it when of that kind (an admin or an importer may record for it),
    else the case's holder — in SQL, so that the database groups and filters by it."""
    return CaseWhen(When(organisation__kind__in=kinds, then=F("organisation_id")),
                    default=F("case__holder_id"), output_field=IntegerField())


def _detail(key: str) -> Coalesce:
    """An event detail as text, "" when not given (as `str(data.get(key, ""))`)."""
    return Coalesce(KT(f"data__{key}"), Value(""), output_field=CharField())


RETURNERS = ("court", "procuracy")


Holder = int | None
# Each holding body's mark: its data version (`cases.counts.body_versions`), moved by the
# database's triggers by any write to its cases, their numbers and events, and by a change
# of kind of a body that recorded events on them — from any process, with or without an
# audit entry (a data migration withdrawing events, a body's kind changed in the registry).
Marks = dict[Holder, int]
INDEX_LIFETIME = 86_400  # seconds; an index gone counts every body again once


def _marks() -> tuple[Marks, str] | None:
    """Each holding body's mark and a digest of them all; None on a database without data
    versions (nothing is cached then)."""
    found = body_versions()
    if found is None:
        return None
    marks: Marks = {body: n for body, n in found.items()}
    return marks, repr(sorted(found.items()))


def _digest(text: str) -> str:
    return "congminh:quality:" + hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class _Keys:
    """What a cached figure is kept under: the scope (the SQL of the user's readable
    cases), the period and the bodies' marks."""

    prefix: str
    marks: Marks


def _cached(user: Any, start: date, end: date, label: str,
            build: Callable[[_Keys | None], T]) -> T:
    """`build(keys)` cached per scope and period under every body's mark: a page reads it
    back until some body's data changes; then `build` sums the bodies' parts
    (`_partials`), recomputing only the bodies whose mark moved. Inside a transaction (it
    may see writes not yet committed) everything is computed afresh (`build(None)`)."""
    found = None if connection.in_atomic_block else _marks()
    if found is None:
        return build(None)
    marks, stamp = found
    sql, params = _scope(user).values("pk").query.sql_with_params()
    keys = _Keys(f"quality:{label}:{start}:{end}\x00{sql}\x00{params!r}", marks)
    whole = _digest(f"{keys.prefix}\x00{stamp}")
    value: T | None = cache.get(whole)
    if value is None:
        value = build(keys)
        cache.set(whole, value, TIMEOUT)
    return value


def _partials(keys: _Keys | None, label: str,
              compute: Callable[[list[Holder] | None], dict[Holder, T]]) -> dict[Holder, T]:
    """`compute(holders)` (one grouped query: each holding body's part of the figures over
    the user's readable cases, as a defaultdict; None: every body) with each body's part
    cached under `keys` and that body's mark. The first time every body is computed, and
    the bodies found are kept with the marks they had (the index); after that only the
    bodies whose mark moved: a body with no part then and none written since still has
    none."""
    if keys is None:
        return compute(None)
    base = f"{keys.prefix}\x00{label}"
    index_key = _digest(f"{base}\x00index")
    index: tuple[list[Holder], Marks] | None = cache.get(index_key)
    if index is None:
        parts = compute(None)
        cache.set_many({_digest(f"{base}\x00{h}\x00{keys.marks.get(h, 0)}"): part
                        for h, part in parts.items()}, TIMEOUT)
        cache.set(index_key, (list(parts), keys.marks), INDEX_LIFETIME)
        return parts
    holders, built = index
    moved = [h for h, mark in keys.marks.items() if built.get(h) != mark]
    names = {h: _digest(f"{base}\x00{h}\x00{keys.marks.get(h, 0)}") for h in {*holders, *moved}}
    found = cache.get_many(list(names.values()))
    missing = [h for h, k in names.items() if k not in found]
    fresh = compute(missing) if missing else {}
    # A body with nothing in this scope and period keeps its empty part too.
    cache.set_many({names[h]: fresh[h] for h in missing}, TIMEOUT)
    return {h: found[k] if k in found else fresh[h] for h, k in names.items()}


def _reviewed_judgment(instant: datetime | None, value: str) -> Subquery:
    """`value` of the first-instance judgment an outcome (the outer row) reviewed: the
    latest effective judgment of its case dated by the outcome with no effective appeal
    received by its own date."""
    appealed = effective_events(CaseEvent.objects.filter(
        case=OuterRef("case"), type="appeal_received", date__lte=OuterRef("date")), instant)
    judgments = effective_events(CaseEvent.objects.filter(
        case=OuterRef("case"), type=JUDGMENT, date__lte=OuterRef("date")), instant)
    judgments = judgments.exclude(Exists(appealed)).order_by("-date", "-id")
    values = {"court": _body_sql(), "judge": _detail("presiding_judge")}
    return Subquery(judgments.annotate(value=values[value]).values("value")[:1])


def _outcomes(user: Any, start: date, end: date, instant: datetime | None,
              holders: list[Holder] | None = None) -> dict[Holder, list[Outcome]]:
    """The outcomes of the period per holding body of their case."""
    rows = (_readable_events(user, [OUTCOME], instant, holders).filter(date__gte=start, date__lte=end)
            .annotate(court=Coalesce(_reviewed_judgment(instant, "court"), F("case__holder_id"),
                                     output_field=IntegerField()),
                      judge=Coalesce(_reviewed_judgment(instant, "judge"), Value(""),
                                     output_field=CharField()),
                      kind=_detail("outcome"), fault_=_detail("fault"))
            .order_by("date", "id")
            .values_list("case__holder_id", "id", "case_id", "case__title", "date", "court", "judge",
                         "kind", "fault_"))
    out: dict[Holder, list[Outcome]] = defaultdict(list)
    for holder, *row in rows:
        out[holder].append(Outcome(*row))
    return out


def outcomes(user: Any, start: date, end: date, instant: datetime | None = None) -> list[Outcome]:
    """Review outcomes dated in the period, each with the court and judge of the
    first-instance judgment it reviewed (else the case's holder and no judge); one query,
    cached per scope and period (as of `instant`, when given, computed afresh)."""
    if instant is not None:
        return _merged(_outcomes(user, start, end, instant))
    return _cached(user, start, end, "outcomes", lambda keys: _merged(_partials(
        keys, "outcomes", lambda holders: _outcomes(user, start, end, None, holders))))


def _merged(parts: dict[Holder, list[Outcome]]) -> list[Outcome]:
    return sorted((o for part in parts.values() for o in part), key=lambda o: (o.date, o.event_id))


def _judgment_counts(user: Any, start: date, end: date, instant: datetime | None,
                     holders: list[Holder] | None = None
                     ) -> dict[Holder, dict[tuple[int | None, str], int]]:
    rows = (first_instance_judgments(user, start, end, instant, holders).order_by()
            .values("case__holder_id", court=_body_sql(), judge=_detail("presiding_judge"))
            .annotate(n=Count("id")))
    out: dict[Holder, dict[tuple[int | None, str], int]] = defaultdict(dict)
    for r in rows:
        out[r["case__holder_id"]][(r["court"], r["judge"])] = r["n"]
    return out


def _summed(parts: Iterable[dict[Any, int]]) -> dict[Any, int]:
    total: Counter[Any] = Counter()
    for part in parts:
        total.update(part)
    return dict(total)


def judgment_counts(user: Any, start: date, end: date,
                    instant: datetime | None = None) -> dict[tuple[int | None, str], int]:
    """First-instance judgments of the period per (court, presiding judge): one grouped
    query (per holding body, kept per body's mark unless as of `instant`)."""
    if instant is not None:
        return _summed(_judgment_counts(user, start, end, instant).values())
    return _cached(user, start, end, "judgments", lambda keys: _summed(_partials(
        keys, "judgments", lambda holders: _judgment_counts(user, start, end, None, holders)).values()))


# The tallies per first-instance court and per (court, presiding judge).
Tallies = tuple[dict[int | None, Tally], dict[tuple[int | None, str], Tally]]


def _count_outcome(tally: Tally, item: Outcome) -> None:
    if item.outcome == "upheld":
        tally.upheld += 1
    elif item.outcome in ("amended", "annulled"):
        getattr(tally, item.outcome)[item.fault] += 1


def _tallies(user: Any, start: date, end: date, instant: datetime | None) -> Tallies:
    courts: dict[int | None, Tally] = defaultdict(Tally)
    judges: dict[tuple[int | None, str], Tally] = defaultdict(Tally)
    for item in outcomes(user, start, end, instant):
        _count_outcome(courts[item.court_id], item)
        _count_outcome(judges[(item.court_id, item.judge)], item)
    for (court, judge), n in judgment_counts(user, start, end, instant).items():
        courts[court].judgments += n
        judges[(court, judge)].judgments += n
    return dict(courts), dict(judges)


def tallies(user: Any, start: date, end: date, instant: datetime | None = None) -> Tallies:
    """The tallies per first-instance court and per (court, presiding judge), cached per
    scope and period; after a write, summed from each holding body's cached part, the
    bodies it touched counted again (as of `instant`, when given, computed afresh)."""
    if instant is not None:
        return _tallies(user, start, end, instant)
    return _cached(user, start, end, "tallies", lambda _keys: _tallies(user, start, end, None))


def by_court(user: Any, start: date, end: date, instant: datetime | None = None,
             found: Tallies | None = None) -> list[tuple[Organisation | None, Tally]]:
    """One row per first-instance court with judgments or outcomes in the period
    (`found`: the period's `tallies`, when the caller has them already)."""
    courts = (tallies(user, start, end, instant) if found is None else found)[0]
    names = Organisation.objects.in_bulk([k for k in courts if k is not None])
    rows = [(names.get(k) if k is not None else None, t) for k, t in courts.items()]
    return sorted(rows, key=lambda r: (r[0].name if r[0] else "~"))


def by_judge(user: Any, start: date, end: date,
             found: Tallies | None = None) -> list[tuple[Organisation | None, str, Tally]]:
    """One row per (court, presiding judge)."""
    judges = (tallies(user, start, end) if found is None else found)[1]
    names = Organisation.objects.in_bulk([k[0] for k in judges if k[0] is not None])
    rows = [(names.get(c) if c is not None else None, judge, t) for (c, judge), t in judges.items()]
    return sorted(rows, key=lambda r: (r[0].name if r[0] else "~", r[1] or "~"))


def outcome_list(user: Any, start: date, end: date, *, court: int | None = None,
                 judge: str | None = None, outcome: str = "", fault: str = "") -> list[Outcome]:
    """The outcomes behind one number of the tables."""
    found = outcomes(user, start, end)
    return [o for o in found
            if (court is None or o.court_id == court) and (judge is None or o.judge == judge)
            and (not outcome or o.outcome == outcome) and (not fault or o.fault == fault)]


def outcome_events(items: Iterable[Outcome]) -> dict[int, CaseEvent]:
    """The events of some outcomes (a page of them), with their cases."""
    return CaseEvent.objects.select_related("case").in_bulk([o.event_id for o in items])


def _returns(user: Any, start: date, end: date, instant: datetime | None,
             holders: list[Holder] | None = None
             ) -> dict[Holder, dict[tuple[int | None, str, str], int]]:
    rows = (_readable_events(user, [RETURN], instant, holders)
            .filter(date__gte=start, date__lte=end).order_by()
            .values("case__holder_id", body=_body_sql(RETURNERS), by=_detail("by"),
                    reason=_detail("reason"))
            .annotate(n=Count("id")))
    out: dict[Holder, dict[tuple[int | None, str, str], int]] = defaultdict(dict)
    for r in rows:
        out[r["case__holder_id"]][(r["body"], r["by"], r["reason"])] = r["n"]
    return out


def returns(user: Any, start: date, end: date, instant: datetime | None = None) -> list[dict[str, Any]]:
    """Returns for supplementary investigation in the period by returning body, who (`by`)
    and reason: [{"organisation": Organisation|None, "by": str, "reason": str, "count": n}]
    (one grouped query, cached per scope and period unless as of `instant`)."""
    if instant is None:
        counts = _cached(user, start, end, "returns", lambda keys: _summed(_partials(
            keys, "returns", lambda holders: _returns(user, start, end, None, holders)).values()))
    else:
        counts = _summed(_returns(user, start, end, instant).values())
    names = Organisation.objects.in_bulk([k[0] for k in counts if k[0] is not None])
    rows = [{"organisation": names.get(o) if o is not None else None, "by": by, "reason": reason,
             "count": n} for (o, by, reason), n in counts.items()]
    return sorted(rows, key=lambda r: (r["organisation"].name if r["organisation"] else "~",
                                       r["by"], r["reason"]))


def return_events(user: Any, start: date, end: date, *, organisation: int | None = None,
                  reason: str | None = None) -> QuerySet[CaseEvent]:
    qs = _readable_events(user, [RETURN]).filter(date__gte=start, date__lte=end)
    if organisation is not None:  # as `_body_sql` attributes them
        recorded_by_returner = Q(organisation__kind__in=RETURNERS)
        qs = qs.filter(Q(organisation_id=organisation) & recorded_by_returner
                       | ~recorded_by_returner & Q(case__holder_id=organisation))
    if reason is not None:
        qs = qs.filter(data__reason=reason) if reason else qs.exclude(data__has_key="reason")
    return qs.select_related("case", "organisation").order_by("-date", "-id")


def flagged_cases(user: Any, flag: str = "wrongful_conviction_signs") -> QuerySet[Case]:
    """Cases carrying the supervision flag `flag` (signs of wrongful conviction, of a crime
    let slip), open ones first (`still_open`: not finished, `cases.selectors.case_open_q`,
    as the followed cases' «still open» filter)."""
    flagged: QuerySet[Case] = readable_cases(user, Case.objects.filter(**{flag: True}))
    return (flagged.annotate(still_open=ExpressionWrapper(case_open_q(), output_field=BooleanField()))
            .select_related("holder").order_by(F("still_open").desc(), "-id"))


def flagged_ids(user: Any, flag: str = "wrongful_conviction_signs") -> list[tuple[int, bool]]:
    """(id, still open) of `flagged_cases` in their order, cached per scope and flag until
    the data version moves (a flag set or cleared, a case closed): the scope is walked
    once, not for each page."""
    qs = flagged_cases(user, flag)
    return cached_for(qs, f"quality:flagged:{flag}", lambda: [
        (pk, bool(still_open)) for pk, still_open in qs.values_list("pk", "still_open")])  # type: ignore[misc]  # annotated above


def judgments(user: Any, start: date, end: date, *, court: int | None = None,
              judge: str | None = None) -> QuerySet[CaseEvent]:
    """The first-instance judgments behind a court's (or judge's) count, filtered by the
    database as the counts attribute them (`court`, `judge` annotated)."""
    qs = first_instance_judgments(user, start, end).annotate(
        court=_body_sql(), judge=_detail("presiding_judge"))
    if court is not None:
        qs = qs.filter(court=court)
    if judge is not None:
        qs = qs.filter(judge=judge)
    return qs.select_related("case")


def judgment_events(ids: list[int]) -> dict[int, Any]:
    """Some of the `judgments` (a page of their ids), read by id alone: the scope and the
    period already chose them, and asking the database again would walk the scope again."""
    return (CaseEvent.objects.select_related("case")
            .annotate(court=_body_sql(), judge=_detail("presiding_judge")).in_bulk(ids))


# --- as of an instant (the annual report) ------------------------------------------------------


def closed_on_as_of(case_ids: Iterable[int], instant: datetime, day: date) -> dict[int, date]:
    """The cases closed by `day` in their log as recorded at `instant`, with the day each
    closed: as `cases.services.case_derived_refresh` sets `closed_on` (the last effective
    event is `closed`), from the events dated by `day` (late entries and later withdrawals
    do not count)."""
    last: dict[int, tuple[str, date]] = {}
    rows = (effective_events(CaseEvent.objects.filter(case_id__in=list(case_ids), date__lte=day),
                             instant)
            .order_by("case_id", "date", "id").values_list("case_id", "type", "date"))
    for case_id, type_, day_ in rows:
        last[case_id] = (type_, day_)
    return {case_id: on for case_id, (type_, on) in last.items() if type_ == "closed"}


@dataclass(frozen=True)
class WrongfulCase:
    title: str
    holder: str
    open: bool
    case_id: int  # the case's page, where the flag's reason and its follow-up are


def flagged_cases_as_of(user: Any, instant: datetime, day: date,
                        flags: tuple[str, ...] = ("wrongful_conviction_signs",)
                        ) -> dict[str, list[WrongfulCase]]:
    """Per supervision flag (signs of wrongful conviction, of a crime let slip), the cases
    `user` reads with it as the registry stood at `instant`: the cases registered by then,
    flagged then (the flags, title and holder rewound through the audit trail), still open
    on `day` in their log as recorded then; open ones first. One walk of the scope for
    all the flags."""
    flagged_later = AuditEntry.objects.filter(object_type="cases.case", at__gt=instant, field__in=flags)
    unflagged_since = {int(i) for i in flagged_later.values_list("object_id", flat=True)}
    flagged_now = Q(pk__in=unflagged_since)
    for flag in flags:
        flagged_now |= Q(**{flag: True})
    candidates = readable_cases(user, Case.objects.filter(created_at__lte=instant)).filter(flagged_now)
    rows = list(candidates.values("id", "title", "holder", *flags))
    rewind(rows, object_type="cases.case", instant=instant, fields={
        **dict.fromkeys(flags, as_bool), "title": as_text, "holder": as_id})
    rows = [r for r in rows if any(r[flag] for flag in flags)]
    closed = closed_on_as_of([r["id"] for r in rows], instant, day)
    names = Organisation.objects.in_bulk([r["holder"] for r in rows if r["holder"]])
    rows.sort(key=lambda r: (r["id"] in closed, -r["id"]))
    return {flag: [WrongfulCase(r["title"], names[r["holder"]].name if r["holder"] in names else "—",
                                r["id"] not in closed, r["id"]) for r in rows if r[flag]]
            for flag in flags}


def wrongful_conviction_cases_as_of(user: Any, instant: datetime, day: date) -> list[WrongfulCase]:
    """The cases flagged with signs of wrongful conviction as the registry stood at `instant` (`flagged_cases_as_of`)."""
    return flagged_cases_as_of(user, instant, day)["wrongful_conviction_signs"]


@dataclass(frozen=True)
class AnnualQuality:
    courts: list[tuple[Organisation | None, Tally]]
    returns: list[dict[str, Any]]
    wrongful: list[WrongfulCase]
    missed: list[WrongfulCase] = field(default_factory=list)  # signs of a crime let slip


def annual_figures(*, user: Any, start: date, end: date, instant: datetime,
                   day: date) -> AnnualQuality:
    """The annual report's quality figures over [start, end], from the log and the flags
    as recorded at `instant`: review outcomes by court, returns for supplementary
    investigation, cases with signs of wrongful conviction and of a crime let slip."""
    flagged = flagged_cases_as_of(user, instant, day, ("wrongful_conviction_signs", "missed_crime_signs"))
    return AnnualQuality(by_court(user, start, end, instant), returns(user, start, end, instant),
                         flagged["wrongful_conviction_signs"], flagged["missed_crime_signs"])
