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
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Exists, F, OuterRef, Q, QuerySet

from congminh.apps.accounts.scope import readable_cases
from congminh.apps.audit.models import AuditEntry
from congminh.apps.audit.selectors import as_bool, as_id, as_text, rewind
from congminh.apps.cases.models import Case, CaseEvent
from congminh.apps.organisations.models import Organisation

OUTCOME = "appellate_outcome"
JUDGMENT = "judgment_pronounced"
RETURN = "returned_for_investigation"
UNKNOWN_JUDGE = ""


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


def _readable_events(user: Any, types: Iterable[str],
                     instant: datetime | None = None) -> QuerySet[CaseEvent]:
    cases = readable_cases(user, Case.objects.all()).values("pk")
    return effective_events(CaseEvent.objects.filter(case__in=cases, type__in=list(types)), instant)


def first_instance_judgments(user: Any, start: date, end: date,
                             instant: datetime | None = None) -> QuerySet[CaseEvent]:
    appealed = CaseEvent.objects.filter(_live(instant), case=OuterRef("case"),
                                        type="appeal_received", date__lte=OuterRef("date"))
    return (_readable_events(user, [JUDGMENT], instant).filter(date__gte=start, date__lte=end)
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


@dataclass(frozen=True)
class Outcome:
    event: CaseEvent
    court_id: int | None
    judge: str


def _body_of(event: CaseEvent, kinds: tuple[str, ...] = ("court",)) -> int | None:
    """The body a judgment (a court) or a return (a court or a Procuracy) belongs to: the
    body that recorded it when of that kind (an admin or an importer may record for it),
    else the case's holder."""
    org = event.organisation
    return org.pk if org is not None and org.kind in kinds else event.case.holder_id


def court_of(event: CaseEvent) -> int | None:
    """The court a first-instance judgment belongs to (`_body_of`)."""
    return _body_of(event)


RETURNERS = ("court", "procuracy")


def outcomes(user: Any, start: date, end: date, instant: datetime | None = None) -> list[Outcome]:
    """Review outcomes dated in the period, each with the court and judge of the
    first-instance judgment it reviewed."""
    found = list(_readable_events(user, [OUTCOME], instant).filter(date__gte=start, date__lte=end)
                 .select_related("case").order_by("date", "id"))
    judgments: dict[int, list[CaseEvent]] = defaultdict(list)
    appeals: dict[int, list[date]] = defaultdict(list)
    case_ids = {e.case_id for e in found}
    for ev in (effective_events(CaseEvent.objects.filter(case_id__in=case_ids, type__in=[
            JUDGMENT, "appeal_received"]), instant).select_related("case", "organisation")
               .order_by("date", "id")):
        if ev.type == JUDGMENT:
            judgments[ev.case_id].append(ev)
        else:
            appeals[ev.case_id].append(ev.date)
    out = []
    for ev in found:
        first = [j for j in judgments[ev.case_id] if j.date <= ev.date
                 and not any(a <= j.date for a in appeals[ev.case_id])]
        judgment = first[-1] if first else None
        out.append(Outcome(ev, court_of(judgment) if judgment else ev.case.holder_id,
                           str((judgment.data or {}).get("presiding_judge", "")) if judgment else ""))
    return out


def _tally(outcome_list: Iterable[Outcome], key: str) -> dict[Any, Tally]:
    tallies: dict[Any, Tally] = defaultdict(Tally)
    for item in outcome_list:
        tally = tallies[item.court_id if key == "court" else (item.court_id, item.judge)]
        data = item.event.data or {}
        kind = data.get("outcome")
        if kind == "upheld":
            tally.upheld += 1
        elif kind in ("amended", "annulled"):
            getattr(tally, kind)[str(data.get("fault", ""))] += 1
    return tallies


def by_court(user: Any, start: date, end: date, instant: datetime | None = None,
             found: list[Outcome] | None = None) -> list[tuple[Organisation | None, Tally]]:
    """One row per first-instance court with judgments or outcomes in the period
    (`found`: the period's `outcomes`, when the caller has them already)."""
    found = outcomes(user, start, end, instant) if found is None else found
    tallies = _tally(found, "court")
    for ev in first_instance_judgments(user, start, end, instant).select_related("case", "organisation"):
        tallies[court_of(ev)].judgments += 1
    names = Organisation.objects.in_bulk([k for k in tallies if k is not None])
    rows = [(names.get(k) if k is not None else None, t) for k, t in tallies.items()]
    return sorted(rows, key=lambda r: (r[0].name if r[0] else "~"))


def by_judge(user: Any, start: date, end: date,
             found: list[Outcome] | None = None) -> list[tuple[Organisation | None, str, Tally]]:
    """One row per (court, presiding judge)."""
    tallies = _tally(outcomes(user, start, end) if found is None else found, "judge")
    for ev in first_instance_judgments(user, start, end).select_related("case", "organisation"):
        tallies[(court_of(ev), str((ev.data or {}).get("presiding_judge", "")))].judgments += 1
    names = Organisation.objects.in_bulk([k[0] for k in tallies if k[0] is not None])
    rows = [(names.get(c) if c is not None else None, judge, t) for (c, judge), t in tallies.items()]
    return sorted(rows, key=lambda r: (r[0].name if r[0] else "~", r[1] or "~"))


def outcome_list(user: Any, start: date, end: date, *, court: int | None = None,
                 judge: str | None = None, outcome: str = "", fault: str = "") -> list[Outcome]:
    """The outcomes behind one number of the tables."""
    found = outcomes(user, start, end)
    return [o for o in found
            if (court is None or o.court_id == court) and (judge is None or o.judge == judge)
            and (not outcome or (o.event.data or {}).get("outcome") == outcome)
            and (not fault or str((o.event.data or {}).get("fault", "")) == fault)]


def returns(user: Any, start: date, end: date, instant: datetime | None = None) -> list[dict[str, Any]]:
    """Returns for supplementary investigation in the period by returning body, who (`by`)
    and reason: [{"organisation": Organisation|None, "by": str, "reason": str, "count": n}]."""
    counts: Counter[tuple[int | None, str, str]] = Counter()
    for ev in (_readable_events(user, [RETURN], instant).filter(date__gte=start, date__lte=end)
               .select_related("case", "organisation")):
        data = ev.data or {}
        counts[(_body_of(ev, RETURNERS), str(data.get("by", "")), str(data.get("reason", "")))] += 1
    names = Organisation.objects.in_bulk([k[0] for k in counts if k[0] is not None])
    rows = [{"organisation": names.get(o) if o is not None else None, "by": by, "reason": reason,
             "count": n} for (o, by, reason), n in counts.items()]
    return sorted(rows, key=lambda r: (r["organisation"].name if r["organisation"] else "~",
                                       r["by"], r["reason"]))


def return_events(user: Any, start: date, end: date, *, organisation: int | None = None,
                  reason: str | None = None) -> QuerySet[CaseEvent]:
    qs = _readable_events(user, [RETURN]).filter(date__gte=start, date__lte=end)
    if organisation is not None:  # as `_body_of` attributes them
        recorded_by_returner = Q(organisation__kind__in=RETURNERS)
        qs = qs.filter(Q(organisation_id=organisation) & recorded_by_returner
                       | ~recorded_by_returner & Q(case__holder_id=organisation))
    if reason is not None:
        qs = qs.filter(data__reason=reason) if reason else qs.exclude(data__has_key="reason")
    return qs.select_related("case", "organisation").order_by("-date", "-id")


def wrongful_conviction_cases(user: Any) -> QuerySet[Case]:
    """Cases flagged with signs of wrongful conviction, open ones first."""
    return (readable_cases(user, Case.objects.filter(wrongful_conviction_signs=True))
            .select_related("holder").order_by(F("closed_on").asc(nulls_first=True), "-id"))


def judgment_list(user: Any, start: date, end: date, *, court: int | None = None,
                  judge: str | None = None) -> list[CaseEvent]:
    """The first-instance judgments behind a court's (or judge's) count."""
    found = first_instance_judgments(user, start, end).select_related("case", "organisation")
    return [ev for ev in found.order_by("-date", "-id")
            if (court is None or court_of(ev) == court)
            and (judge is None or str((ev.data or {}).get("presiding_judge", "")) == judge)]


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


def wrongful_conviction_cases_as_of(user: Any, instant: datetime, day: date) -> list[WrongfulCase]:
    """`wrongful_conviction_cases` as the registry stood at `instant`: the cases registered
    by then, flagged then (the flag, title and holder rewound through the audit trail),
    still open on `day` in their log as recorded then; open ones first."""
    flagged_later = AuditEntry.objects.filter(object_type="cases.case", at__gt=instant,
                                              field="wrongful_conviction_signs")
    unflagged_since = {int(i) for i in flagged_later.values_list("object_id", flat=True)}
    candidates = readable_cases(user, Case.objects.filter(created_at__lte=instant)).filter(
        Q(wrongful_conviction_signs=True) | Q(pk__in=unflagged_since))
    rows = list(candidates.values("id", "title", "holder", "wrongful_conviction_signs"))
    rewind(rows, object_type="cases.case", instant=instant, fields={
        "wrongful_conviction_signs": as_bool, "title": as_text, "holder": as_id})
    rows = [r for r in rows if r["wrongful_conviction_signs"]]
    closed = closed_on_as_of([r["id"] for r in rows], instant, day)
    names = Organisation.objects.in_bulk([r["holder"] for r in rows if r["holder"]])
    rows.sort(key=lambda r: (r["id"] in closed, -r["id"]))
    return [WrongfulCase(r["title"], names[r["holder"]].name if r["holder"] in names else "—",
                         r["id"] not in closed) for r in rows]


@dataclass(frozen=True)
class AnnualQuality:
    courts: list[tuple[Organisation | None, Tally]]
    returns: list[dict[str, Any]]
    wrongful: list[WrongfulCase]


def annual_figures(*, user: Any, start: date, end: date, instant: datetime,
                   day: date) -> AnnualQuality:
    """The annual report's quality figures over [start, end], from the log and the flags
    as recorded at `instant`: review outcomes by court, returns for supplementary
    investigation, cases with signs of wrongful conviction."""
    return AnnualQuality(by_court(user, start, end, instant), returns(user, start, end, instant),
                         wrongful_conviction_cases_as_of(user, instant, day))
