"""Reads for the Internal Affairs Committee's annual report to the Standing Committee (the
directive's closing paragraph), over the Party's calendar year (`periods.yaml`: `party`).

Nothing is computed twice here; each part comes from the app that owns it:

- directive tasks by body with the four official statuses: `directives.selectors`
  (scope) and `directives.status.obligation_status` (the statuses), as of the instant: a
  task marked done after it counts as not done, a directive confirmed after it is left out;
- case clocks (overdue, suspended, backlogged, prolonged, by body and procedure, and the
  change from last year): the quarterly review (`selectors.quarterly_review`) run over
  the year and over the year before, from the logs as recorded at the instant;
- judgment quality and the oversight workflows: each app's `selectors.annual_figures`, as
  the registry stood at the instant (`quality`: returns for supplementary investigation,
  review outcomes for subjective fault against the year's target, signs of wrongful
  conviction and of a crime let slip; `attendance`: absence rates; `expertise`, `evidence`, `complaints` and
  `supervision`: the requests, complaints and recommendations by state). A row entered
  after the instant does not count; a state changed after it counts as it was (the
  events' recording times, the rows' creation times, the audit trail's old values). Their
  figures enter the digest, so a regeneration as of the same instant gives the same one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone

from congminh.apps.organisations.models import Organisation
from congminh.apps.reports import selectors
from congminh.apps.reports.party_docx import province_of_committee
from congminh.apps.reports.presenters import holder_names, natural_key, procedure_label
from congminh.apps.reports.review import PROCEDURES, TOTAL
from congminh.core import statuses
from congminh.core.periods import Period, parse_period, reporting_years

# The review's rows the annual report compares (form row code, key).
CLOCK_ROWS: tuple[tuple[int, str], ...] = ((8, "overdue"), (6, "suspended"), (5, "remaining"),
                                            (9, "prolonged"))
# Their names, from the one vocabulary of statuses and flags (`core.statuses`).
CLOCK_LABELS = {"overdue": statuses.label(statuses.OVERDUE),
                "suspended": statuses.label(statuses.SUSPENDED),
                "remaining": statuses.flag_label("backlog"),
                "prolonged": statuses.flag_label("prolonged")}


class CommandLine:
    """Who the command line reads as: every record (as `scope.is_admin` lets an admin).
    Only `congminh report annual` uses it; a web request always has its user."""

    is_authenticated = True
    is_superuser = True
    role = "admin"
    pk = None
    id = None
    organisation = None
    organisation_id = None

    def __str__(self) -> str:
        return "command line"


COMMAND_LINE = CommandLine()


def year_period(year: int) -> Period:
    """The Party's calendar year (`periods.yaml` key `party`)."""
    return parse_period(str(year), year_start_month=reporting_years()["party"].starts_month)


# --- directive tasks ---------------------------------------------------------------------


@dataclass(frozen=True)
class LateTask:
    body: str
    ref: str
    text: str
    period_label: str
    due: dt.date
    done_on: dt.date | None
    status: str
    days_late: int
    body_id: int | None = None  # the body's id: the page lists one body's late tasks


@dataclass(frozen=True)
class StandingTask:
    """A standing duty (no deadline in its text): reported on in the annual report."""

    body: str
    ref: str
    text: str
    percent: int
    last_report: dt.date | None


@dataclass
class TaskSummary:
    by_body: list[tuple[Organisation, dict[str, int]]] = field(default_factory=list)
    totals: dict[str, int] = field(default_factory=dict)
    late: list[LateTask] = field(default_factory=list)
    # Every task counted (the late ones too), each with its status at the instant: the list
    # behind each number of the table (the page's Section I).
    listed: list[LateTask] = field(default_factory=list)
    standing: list[StandingTask] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.totals.values())


def _tasks(user: Any, period: Period, day: dt.date, instant: dt.datetime) -> TaskSummary:
    from congminh.apps.directives import selectors as directives
    from congminh.apps.directives.status import obligation_status

    qs = (directives.obligation_list(user=user, today=day)
          .filter(due__gte=period.start, due__lte=period.end,
                  task__directive__confirmed_on__lte=day))
    counts: dict[int, dict[str, int]] = defaultdict(lambda: {s: 0 for s in statuses.TASK_STATUSES})
    bodies: dict[int, Organisation] = {}
    summary = TaskSummary(totals={s: 0 for s in statuses.TASK_STATUSES})
    for ob in qs:
        if ob.due is None:  # a standing duty is never due in a year: listed apart (_standing)
            continue
        done_on = ob.done_on if ob.done_at is not None and ob.done_at <= instant else None
        status = obligation_status(due=ob.due, done_on=done_on, today=day)
        counts[ob.organisation_id][status] += 1
        bodies[ob.organisation_id] = ob.organisation
        summary.totals[status] += 1
        late = status in (statuses.OVERDUE, statuses.DONE_LATE)
        task = LateTask(ob.organisation.name, ob.task.ref, ob.task.text, ob.period_label, ob.due,
                        done_on, status, ((done_on or day) - ob.due).days if late else 0,
                        ob.organisation_id)
        summary.listed.append(task)
        if late:
            summary.late.append(task)
    summary.by_body = sorted(((bodies[k], v) for k, v in counts.items()),
                             key=lambda item: item[0].name)
    summary.late.sort(key=lambda t: (t.body, t.due, t.ref))
    summary.listed.sort(key=lambda t: (t.body, t.due, t.ref))
    summary.standing = _standing(user, day, instant)
    return summary


def _standing(user: Any, day: dt.date, instant: dt.datetime) -> list[StandingTask]:
    """The standing duties confirmed by `day`, each with its last progress reported by
    `instant` (the percentage then, not now)."""
    from congminh.apps.directives import selectors as directives
    from congminh.apps.directives.models import ProgressReport

    qs = list(directives.obligation_list(user=user, today=day)
              .filter(due__isnull=True, task__recurrence="", task__directive__confirmed_on__lte=day))
    last: dict[int, ProgressReport] = {}
    for report in ProgressReport.objects.filter(obligation__in=qs, at__lte=instant).order_by("at", "id"):
        last[report.obligation_id] = report
    found = [StandingTask(ob.organisation.name, ob.task.ref, ob.task.text,
                          last[ob.pk].percent if ob.pk in last else 0,
                          timezone.localtime(last[ob.pk].at).date() if ob.pk in last else None)
             for ob in qs]
    return sorted(found, key=lambda t: (t.body, t.ref, t.text))


# --- case clocks ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ClockLine:
    label: str
    current: dict[str, int]  # clock key -> count this year
    previous: dict[str, int]  # the year before
    holder_id: int | None = None  # the body, in the table by body

    def change(self, key: str) -> int:
        return self.current[key] - self.previous[key]


def _clock_counts(figures: dict[int, int]) -> dict[str, int]:
    return {key: figures[code] for code, key in CLOCK_ROWS}


def _clock_lines_by_procedure(current: selectors.ReviewResult,
                              previous: selectors.ReviewResult) -> list[ClockLine]:
    now, before = current.review.figures(), previous.review.figures()
    return [ClockLine(procedure_label(p), _clock_counts(now[p]), _clock_counts(before[p]))
            for p in (*PROCEDURES, TOTAL)]


def _clock_lines_by_body(current: selectors.ReviewResult,
                         previous: selectors.ReviewResult) -> list[ClockLine]:
    now, before = current.review.by_holder(), previous.review.by_holder()
    empty = {code: 0 for code, _key in CLOCK_ROWS}
    named_now, named_before = holder_names(current), holder_names(previous)
    names = {h: named_now.get(h, "—") for h in now} | {
        h: named_before.get(h, "—") for h in before if h not in now}
    lines = [ClockLine(names[h], _clock_counts(now.get(h, empty)), _clock_counts(before.get(h, empty)), h)
             for h in set(now) | set(before)]
    lines = [line for line in lines if any(line.current.values()) or any(line.previous.values())]
    return sorted(lines, key=lambda line: natural_key(line.label))


# --- quality and oversight -------------------------------------------------------------------


@dataclass(frozen=True)
class CourtQuality:
    court: str
    judgments: int
    annulled_subjective: int
    amended_subjective: int
    annulled_rate: Decimal | None
    amended_rate: Decimal | None


@dataclass
class Quality:
    courts: list[CourtQuality]
    target: Any  # quality.targets.Target | None
    returns: list[tuple[str, int]]  # (returning body, count)
    wrongful: list[Any]  # quality.selectors.WrongfulCase: title, holder, still open, case
    # Signs of a crime let slip (bỏ lọt tội phạm), as `wrongful`.
    missed: list[Any] = field(default_factory=list)

    @property
    def returns_total(self) -> int:
        return sum(n for _body, n in self.returns)

    def total(self, name: str) -> int:
        return sum(int(getattr(c, name)) for c in self.courts)


def _quality(user: Any, period: Period, day: dt.date, instant: dt.datetime) -> Quality:
    from congminh.apps.quality import selectors as quality
    from congminh.apps.quality.targets import target_for

    found = quality.annual_figures(user=user, start=period.start, end=min(period.end, day),
                                   instant=instant, day=day)
    courts = [CourtQuality(org.name if org else "—", t.judgments, t.annulled["subjective"],
                           t.amended["subjective"], t.annulled_rate, t.amended_rate)
              for org, t in found.courts]
    returned: dict[str, int] = defaultdict(int)
    for row in found.returns:
        returned[row["organisation"].name if row["organisation"] else "—"] += int(row["count"])
    return Quality(courts, target_for(period.start.year), sorted(returned.items()), found.wrongful,
                   found.missed)


@dataclass(frozen=True)
class Absence:
    committee: str
    held: int
    recorded: int
    absent: int
    absence_rate: float | None
    unlawful_rate: float | None


def _attendance(user: Any, period: Period, day: dt.date, instant: dt.datetime) -> list[Absence]:
    from congminh.apps.attendance import selectors as attendance

    filters = attendance.RateFilters(date_from=period.start, date_to=period.end)
    return [Absence(t.label, t.held, t.recorded, t.absent, t.absence_rate, t.unlawful_rate)
            for t in attendance.annual_figures(user=user, filters=filters, instant=instant, day=day)]


def _oversight_totals(user: Any, day: dt.date, instant: dt.datetime) -> dict[str, dict[str, int]]:
    """The totals of the expertise requests, evidence requests, complaints and supervision
    recommendations `user` reads, each app's `selectors.annual_figures` as of `instant`."""
    from congminh.apps.complaints import selectors as complaints
    from congminh.apps.evidence import selectors as evidence
    from congminh.apps.expertise import selectors as expertise
    from congminh.apps.supervision import selectors as supervision

    return {name: module.annual_figures(user=user, instant=instant, day=day)
            for name, module in (("expertise", expertise), ("evidence", evidence),
                                 ("complaints", complaints), ("supervision", supervision))}


# --- the report --------------------------------------------------------------------------------


@dataclass
class AnnualReport:
    year: int
    period: Period
    instant: dt.datetime
    day: dt.date
    issuer: Organisation | None
    tasks: TaskSummary
    current: selectors.ReviewResult
    previous: selectors.ReviewResult
    by_procedure: list[ClockLine]
    by_body: list[ClockLine]
    quality: Quality
    attendance: list[Absence]
    expertise: dict[str, int] | None
    complaints: dict[str, int] | None = None
    supervision: dict[str, int] | None = None
    evidence: dict[str, int] | None = None
    digest: str = ""
    figures: dict[str, Any] = field(default_factory=dict)

    @property
    def province(self) -> str:
        """The province's name, from the issuing committee («… Tỉnh ủy Gia Lai»)."""
        return province_of_committee(self.issuer.name) if self.issuer else ""


def default_issuer(user: Any) -> Organisation | None:
    """The Internal Affairs Committee the report is drafted for: the user's own body when
    it is one, otherwise the one of the user's province (the command line: the first
    still in existence)."""
    org: Organisation | None = getattr(user, "organisation", None)
    if org is not None and org.kind == "internal_affairs":
        return org
    qs = Organisation.objects.filter(kind="internal_affairs", valid_to__isnull=True)
    if org is not None:
        qs = qs.filter(province_code=org.province_code)
    return qs.order_by("province_code", "id").first()


def _figures(report: AnnualReport) -> dict[str, Any]:
    """The report's figures as plain JSON (as a `JSONField` gives them back: lists, string
    keys): stored with its run, compared on regeneration, and part of its digest."""
    figures = {
        "tasks": {"totals": report.tasks.totals,
                  "by_body": [[o.code, c] for o, c in report.tasks.by_body],
                  "late": [[t.body, t.ref, t.period_label, t.due.isoformat(),
                            t.done_on.isoformat() if t.done_on else None, t.status]
                           for t in report.tasks.late]},
        # Only when there are some: the figures (and digests) of earlier runs stay as they were.
        **({"standing": [[t.body, t.ref, t.percent] for t in report.tasks.standing]}
           if report.tasks.standing else {}),
        "clocks": {"by_procedure": [[line.label, line.current, line.previous]
                                    for line in report.by_procedure],
                   "by_body": [[line.label, line.current, line.previous] for line in report.by_body]},
        "quality": {"courts": [[c.court, c.judgments, c.annulled_subjective, c.amended_subjective]
                               for c in report.quality.courts],
                    "returns": report.quality.returns,
                    # Without the case's id: the digests of earlier runs stay as they were.
                    "wrongful": [[w.title, w.holder, w.open] for w in report.quality.wrongful],
                    # Only when there are some: the digests of earlier runs stay as they were.
                    **({"missed": [[w.title, w.holder, w.open] for w in report.quality.missed]}
                       if report.quality.missed else {})},
        "attendance": [[a.committee, a.held, a.recorded, a.absent] for a in report.attendance],
        "expertise": report.expertise,
        "complaints": report.complaints,
        "supervision": report.supervision,
        # Only when there are some: the figures (and digests) of earlier runs stay as they were.
        **({"evidence": report.evidence} if report.evidence and report.evidence["total"] else {}),
    }
    plain: dict[str, Any] = json.loads(json.dumps(figures, ensure_ascii=False, default=str))
    return plain


def annual_report(*, user: Any, year: int, instant: dt.datetime | None = None) -> AnnualReport:
    """The annual report of `year` over what `user` reads (`COMMAND_LINE`: everything),
    from the records as of `instant` (default: now)."""
    instant = instant or timezone.now()
    period = year_period(year)
    day = selectors.evaluation_day(period, instant)
    clock_user = None if user is COMMAND_LINE else user
    current = selectors.quarterly_review(user=clock_user, period=period, instant=instant)
    previous = selectors.quarterly_review(user=clock_user, period=year_period(year - 1),
                                          instant=instant)
    oversight = _oversight_totals(user, day, instant)
    report = AnnualReport(
        year=year, period=period, instant=instant, day=day, issuer=default_issuer(user),
        tasks=_tasks(user, period, day, instant), current=current, previous=previous,
        by_procedure=_clock_lines_by_procedure(current, previous),
        by_body=_clock_lines_by_body(current, previous),
        quality=_quality(user, period, day, instant),
        attendance=_attendance(user, period, day, instant),
        expertise=oversight["expertise"], evidence=oversight["evidence"],
        complaints=oversight["complaints"], supervision=oversight["supervision"])
    report.figures = _figures(report)
    body = {"year": year, "day": day.isoformat(), "clocks": [current.digest, previous.digest],
            "figures": report.figures}
    text = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    report.digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return report
