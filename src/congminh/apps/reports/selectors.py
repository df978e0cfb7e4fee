"""Reads for the reports: the cases of a scope and their event logs as they were recorded
up to an instant (bitemporal: an event counts when it was recorded by then and not yet
withdrawn), the bodies holding them then, the comments written by then, and the review.

Who reads what is decided by `accounts.scope` only: every query starts from
`scope.readable_cases(user)` (the command line, with no user, reads every case).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from congminh.apps.accounts import scope as access
from congminh.apps.audit.models import AuditEntry
from congminh.apps.cases import counts
from congminh.apps.cases.models import Case, CaseEvent
from congminh.apps.organisations.models import Organisation
from congminh.apps.reports import snapshot
from congminh.apps.reports.models import ReportRun, ReviewComment
from congminh.apps.reports.review import Review
from congminh.apps.web.bodies import body_entries, natural_key, option_label
from congminh.core.law.payload import case_payload
from congminh.core.periods import Period
from congminh.sql import ids_of

# Case fields the law engine reads, reconstructed as of the instant from the audit trail.
_LAW_FIELDS = ("procedure", "category", "case_kind", "national_security", "holder")


# --- who may use the review, on what ---------------------------------------------------------


# Who may use the review and comment on it is decided in `accounts/scope.py`.
may_review = access.can_review
may_comment_some = access.can_comment_reviews
may_comment = access.can_comment_review


@dataclass(frozen=True)
class ScopeChoice:
    value: str  # province | org:<id> | area:<id>
    label: str
    group: str  # the <optgroup> it is listed under ("": none)


def scope_choices(user: Any) -> list[ScopeChoice]:
    """Province (what the user reads), each body holding a case it reads, each area: kept
    until something is recorded (finding the bodies holding a province's cases reads them
    all, on every page of the review)."""
    version = data_version(user)
    if version is None:
        return _scope_choices(user)
    key = f"reports:scopes:{getattr(user, 'pk', None)}:{_reach(user)}:{get_language()}:{version}"
    choices: list[ScopeChoice] = snapshot.remembered(key, lambda: _scope_choices(user))
    return choices


def _scope_choices(user: Any) -> list[ScopeChoice]:
    choices = [ScopeChoice("province", _("All cases you read (province)"), "")]
    # A probe of the holder index per body, not a read of every case's holder: the choices
    # are made again after each write (their key names the data's version).
    holds = access.readable_cases(user).filter(holder_id=OuterRef("pk"))
    bodies = Organisation.objects.filter(Exists(holds)).prefetch_related("successors")
    # Laid out as every body filter is: by kind and level, a dissolved body under its successor.
    choices += [ScopeChoice(f"org:{e.body.pk}", option_label(e), e.group)
                for e in body_entries(bodies, today=timezone.localdate())]
    areas = access.readable_bodies(user).filter(kind="procuracy", level="region")
    choices += [ScopeChoice(f"area:{o.pk}", o.name, _("Areas (a regional Procuracy's territory)"))
                for o in sorted(areas, key=lambda o: natural_key(o.name))]
    return choices


def holder_filter(scope_value: str) -> list[int] | None:
    """The holders a scope keeps (None: every case read). ValueError for a bad value."""
    if scope_value in ("", "province"):
        return None
    kind, _sep, raw = scope_value.partition(":")
    org = Organisation.objects.filter(pk=int(raw)).first() if raw.isdigit() else None
    if org is None or kind not in ("org", "area"):
        raise ValueError(f"unknown scope: {scope_value!r}")
    return access.lineage_ids([org.pk]) if kind == "org" else access.territory_ids(org)


def scope_of_code(code: str) -> str:
    """`ORG_CODE` or `area:ORG_CODE` (command line) -> the scope value."""
    if code in ("", "province"):
        return "province"
    kind, _sep, org_code = code.rpartition(":")
    org = Organisation.objects.filter(code=org_code).first()
    if org is None:
        raise ValueError(f"unknown organisation code: {org_code!r}")
    return f"{'area' if kind == 'area' else 'org'}:{org.pk}"


# --- the logs as of an instant ----------------------------------------------------------------


def _fields_as_of(cases: list[dict[str, Any]], instant: dt.datetime, *, every: bool = False) -> None:
    """Put back each law field's value at `instant`: the old value of the first audited
    change after it, if any (changes are audited by `cases.services`). `every`: `cases`
    holds every case (no list of ids in the query)."""
    by_id = {str(c["id"]): c for c in cases}
    later = AuditEntry.objects.filter(object_type="cases.case", field__in=_LAW_FIELDS, at__gt=instant)
    if not every:
        later = later.filter(object_id__in=list(by_id))
    seen: set[tuple[str, str]] = set()
    for object_id, field, old in later.order_by("at", "id").values_list("object_id", "field", "old_value"):
        if (object_id, field) in seen or object_id not in by_id:
            continue
        seen.add((object_id, field))
        case = by_id[object_id]
        key = "holder_id" if field == "holder" else field
        if field == "holder":
            case[key] = int(old) if old not in (None, "") else None
        elif field == "national_security":
            case[key] = bool(old)
        else:
            case[key] = old or ""


def logs_as_of(case_ids: Sequence[int] | None, instant: dt.datetime, day: dt.date
               ) -> tuple[list[dict[str, Any]], dict[int, int | None]]:
    """(the law engine's input for each case, the holder of each case) as recorded at
    `instant`, with the events dated up to `day`: an event counts when recorded by then
    and not withdrawn by then; a correction recorded by then replaces what it corrects.
    `case_ids` None: every case of the registry."""
    chosen = Case.objects.all() if case_ids is None else Case.objects.filter(id__in=case_ids)
    cases: list[dict[str, Any]] = [dict(row) for row in chosen.filter(
        created_at__lte=instant).order_by("id").values(
        "id", "procedure", "category", "case_kind", "national_security", "holder_id")]
    _fields_as_of(cases, instant, every=case_ids is None)
    events_qs = CaseEvent.objects.all() if case_ids is None else CaseEvent.objects.filter(
        case_id__in=[c["id"] for c in cases])
    rows = (events_qs.filter(recorded_at__lte=instant)
            .exclude(withdrawn_at__lte=instant)
            .order_by("case_id", "date", "id")
            .values_list("case_id", "id", "type", "date", "data", "supersedes_id"))
    events: dict[int, list[tuple[int, str, dt.date, dict[str, Any]]]] = defaultdict(list)
    superseded: set[int] = set()
    for case_id, event_id, type_, date, data, supersedes_id in rows:
        if supersedes_id:
            superseded.add(supersedes_id)
        if date <= day:
            events[case_id].append((event_id, type_, date, data or {}))
    payloads = [case_payload(c, ({**data, "type": type_, "date": date.isoformat()}
                                 for event_id, type_, date, data in events[c["id"]]
                                 if event_id not in superseded))
                for c in cases]
    return payloads, {c["id"]: c["holder_id"] for c in cases}


def scoped_case_ids(user: Any, scope_value: str, instant: dt.datetime) -> list[int]:
    """The cases `user` reads (every case for the command line, `user=None`) of the
    scope, by the body holding them at `instant`."""
    qs: QuerySet[Case] = Case.objects.all() if user is None else access.readable_cases(user)
    return list(qs.filter(created_at__lte=instant).order_by("id").values_list("id", flat=True))


@dataclass
class ReviewResult:
    review: Review
    scope: str
    instant: dt.datetime
    digest: str
    comments: dict[int, list[ReviewComment]]
    holders: dict[int, Organisation]
    scope_label: str = ""
    key: str = ""  # what the review is kept under (`_result_key`; "": not kept)


def evaluation_day(period: Period, instant: dt.datetime) -> dt.date:
    return min(period.end, timezone.localtime(instant).date())


def quarterly_review(*, user: Any, period: Period, scope_value: str = "province",
                     instant: dt.datetime | None = None) -> ReviewResult:
    """The review of `period` over the scope, from the logs as recorded at `instant`.

    Computed from the per-case snapshot of (period, evaluation day) (`reports.snapshot`:
    only the cases something was recorded about since are evaluated again), then kept in
    the process for this user, scope and version of the data: a drill-down, a page of a
    list or an export reads no log again until something is recorded."""
    given = instant
    instant = instant or timezone.now()
    day = evaluation_day(period, instant)
    key = _result_key(user, period, scope_value, day, given)
    with snapshot.no_gc():
        computed = (_compute(user, period, scope_value, given, instant, day) if key is None else
                    snapshot.remembered(key, lambda: _compute(user, period, scope_value, given, instant, day)))
    result = _result(computed, user, period, scope_value, instant)
    result.key = key or ""
    return result


@dataclass(frozen=True)
class _Computed:
    review: Review
    digest: str
    case_ids: frozenset[int]
    holder_ids: frozenset[int]


def data_version(user: Any) -> tuple[int, ...] | None:
    """What moves whenever the reviews `user` reads (None: every case, the command line)
    may change: the data versions of the bodies whose cases it reads (`cases.counts`, by
    `accounts.scope.case_read_bodies`, a province's bodies by their province: moved by every write to these bodies' cases, an
    event recorded, corrected or withdrawn included, since it writes its case's derived
    columns, and by every change of a body or a succession, which decide the scopes), and
    the newest comment (comments are only added; they move no data version). A write to
    another body's case leaves it as it is. None inside a transaction (a write rolled back
    gives its version number back, and another write would then take it) or on a database
    without versions: nothing is kept then.

    The snapshot (`reports.snapshot.version`) reads the largest ids of the audit rows,
    events and cases instead: not to know whether something changed but which cases did
    (the rows above them name the cases to evaluate again), across every body."""
    if connection.in_atomic_block:
        return None
    bodies = None if user is None else counts.read_set(access.case_read_bodies(user))
    version = counts.current_version(bodies)
    if version is None:
        return None
    comment = ReviewComment.objects.order_by("-pk").values_list("pk", flat=True).first()
    return (*version, comment or 0)


def _result_key(user: Any, period: Period, scope_value: str, day: dt.date,
                instant: dt.datetime | None) -> str | None:
    """A review as of a settled instant never changes (the logs are append-only,
    withdrawals are dated); one as of now, or of an instant just past, changes with the
    data, so its key names the version of the data the user reads too (None: not to be
    kept, `data_version`)."""
    when = instant.isoformat() if instant is not None else "now"
    if instant is None or instant >= timezone.now() - SETTLED_AFTER:
        version = data_version(user)
        if version is None:
            return None
        when += repr(version)
    raw = f"{getattr(user, 'pk', None)}|{scope_value}|{period.code}|{period.year_start_month}|{day}|{when}"
    return "reports:result:" + hashlib.sha256(raw.encode()).hexdigest()


def _result(computed: _Computed, user: Any, period: Period, scope_value: str,
            instant: dt.datetime) -> ReviewResult:
    comments = comments_as_of(period=period, case_ids=computed.case_ids, instant=instant)
    bodies = Organisation.objects.in_bulk(list(computed.holder_ids))
    return ReviewResult(computed.review, scope_value, instant, computed.digest, comments, bodies,
                        scope_label(scope_value, user))


def _compute(user: Any, period: Period, scope_value: str, given: dt.datetime | None,
             instant: dt.datetime, day: dt.date) -> _Computed:
    if given is None:
        return _compute_now(user, period, scope_value, instant, day)
    return _compute_full(user, period, scope_value, given, instant, day)


def _compute_now(user: Any, period: Period, scope_value: str, instant: dt.datetime,
                 day: dt.date) -> _Computed:
    """The review as of now from the scope's totals kept with the snapshot
    (`snapshot.scoped`): after a write only the cases written about are counted again.
    The same figures, cases and digest as `_compute_full` (a test compares them)."""
    keep = holder_filter(scope_value)
    kept = None if keep is None else frozenset(keep)
    current = snapshot.current(period, day, logs_as_of)
    view = snapshot.scoped(current, _scope_key(user, period, day, scope_value, kept),
                           _readable(user, instant), lambda entry: kept is None or entry.holder_id in kept)
    comments = comments_as_of(period=period, case_ids=view.case_ids, instant=instant)
    digest = snapshot.pieces_digest(view.pieces, _digest_extra(period, day, comments))
    review = Review.counted(period, day, view.facts, view.tally)
    return _Computed(review, digest, view.case_ids, view.holder_ids)


def _scope_key(user: Any, period: Period, day: dt.date, scope_value: str, kept: frozenset[int] | None
               ) -> tuple[Any, ...]:
    """What a scope's totals are kept under (`snapshot.scoped`), in any process. The user's
    reach (its query, the bodies' ids written out) is in it, not the user: users who read
    the same cases share the scope's totals (the second officer of a body counts nothing).
    A body moved or merged changes it; a case changing hands is a case written about."""
    return (period.code, period.year_start_month, day, user is None, _reach(user), scope_value,
            None if kept is None else tuple(sorted(kept)))


def _readable(user: Any, instant: dt.datetime) -> snapshot.Readable:
    """Which cases of some ids (None: of every case) `user` reads, recorded by `instant`."""

    def readable(ids: Sequence[int] | None) -> list[int]:
        qs: QuerySet[Case] = Case.objects.all() if user is None else access.readable_cases(user)
        qs = qs.filter(created_at__lte=instant)
        if ids is not None:
            return [i for chunk in _chunks(ids) for i in ids_of(qs.filter(id__in=chunk))]
        return ids_of(qs)

    return readable


def scopes_ahead(kept: snapshot.Snapshot, period: Period, day: dt.date) -> dict[Any, snapshot.Scoped]:
    """The totals of the default review (every case the user reads) of each reach of the
    active users with a body, counted over the snapshot `kept` (the daily job writes them
    with it, `snapshot.warm`: a process that loads the file reads its users' first review
    instead of counting it: the province's cases for a province-wide reach, each body's
    own). Once per reach, as `_compute_now` keys them."""
    from congminh.apps.accounts.models import User

    instant = timezone.now()
    users = User.objects.filter(is_active=True, organisation__isnull=False).select_related("organisation")
    counted: dict[Any, snapshot.Scoped] = {}
    with snapshot.no_gc():
        for user in users.order_by("pk"):
            key = _scope_key(user, period, day, "province", None)
            if key not in counted:
                counted[key] = snapshot.count_scope(kept, _readable(user, instant), lambda entry: True)
    return counted


def prepare_reviews(today: dt.date | None = None) -> int:
    """Count ahead the review page's default review (the last ended quarter, every case
    the user reads) for the provincial Procuracy's officers, the review's owners: what a
    server worker does once it has loaded the snapshots (`congminh serve`, in its warm-up
    thread), so their first page finds their scope's totals counted (per user, the scope
    is not known before). Once per reach: officers who read the same cases share the
    scope's totals. Returns how many were counted."""
    from congminh.apps.accounts.models import User
    from congminh.core.periods import last_ended

    period = last_ended("quarterly", today or timezone.localdate(), year_start_month=12)
    officers = (User.objects.filter(is_active=True, organisation__kind__in=access.PROCURACY,
                                    organisation__level="province")
                .select_related("organisation").order_by("pk"))
    reaches: set[str] = set()
    for user in officers:
        reach = _reach(user)
        if reach not in reaches:
            reaches.add(reach)
            quarterly_review(user=user, period=period)
    return len(reaches)


def _reach(user: Any) -> str:
    """The query of the cases `user` reads, written out (bodies' ids included)."""
    if user is None:
        return ""
    try:
        return str(access.readable_cases(user).query)
    except EmptyResultSet:  # reads nothing
        return "nothing"


def _digest_extra(period: Period, day: dt.date, comments: dict[int, list[ReviewComment]]) -> dict[str, Any]:
    return {
        "period": period.code, "year_start_month": period.year_start_month, "day": day.isoformat(),
        "comments": [[c.pk, c.case_id, c.kind, c.text] for items in comments.values() for c in items],
    }


def _compute_full(user: Any, period: Period, scope_value: str, given: dt.datetime | None,
                  instant: dt.datetime, day: dt.date) -> _Computed:
    """The review summed over every case of the scope (as of an instant: the cases
    recorded about since are computed again from their logs as of it)."""
    keep = holder_filter(scope_value)
    kept = None if keep is None else set(keep)
    entries = snapshot.entries_as_of(period, day, given, logs_as_of)
    found = ((case_id, entries.get(case_id)) for case_id in scoped_case_ids(user, scope_value, instant))
    chosen = [(case_id, entry) for case_id, entry in found
              if entry is not None and (kept is None or entry.holder_id in kept)]
    case_ids = frozenset(case_id for case_id, _entry in chosen)
    comments = comments_as_of(period=period, case_ids=case_ids, instant=instant)
    digest = snapshot.review_digest(chosen, _digest_extra(period, day, comments))
    facts = [entry.facts for _id, entry in chosen if entry.facts is not None]
    review = Review(period, day, facts)
    review.figures(), review.by_holder()  # kept with the review: every page shows them
    return _Computed(review, digest, case_ids,
                     frozenset(e.holder_id for _id, e in chosen if e.holder_id is not None))


SETTLED_AFTER = snapshot.SETTLED_AFTER


def scope_label(scope_value: str, user: Any) -> str:
    kind, _sep, raw = scope_value.partition(":")
    org = Organisation.objects.filter(pk=int(raw)).first() if raw.isdigit() else None
    if org is not None and kind == "org":
        return org.name
    if org is not None and kind == "area":
        return _("The area of %(name)s") % {"name": org.name}
    return _("All cases you read (province)") if user is not None else _("Every case recorded")


def comments_as_of(*, period: Period, case_ids: Collection[int], instant: dt.datetime
                   ) -> dict[int, list[ReviewComment]]:
    """The period's comments on these cases written by `instant` (the period's comments
    are few: read them all and keep the cases', rather than list a province's ids)."""
    found: dict[int, list[ReviewComment]] = defaultdict(list)
    wanted = case_ids if isinstance(case_ids, (set, frozenset)) else set(case_ids)
    qs = (ReviewComment.objects.filter(period_code=period.code, created_at__lte=instant)
          .select_related("author", "organisation").order_by("created_at", "id"))
    for comment in qs:
        if comment.case_id in wanted:
            found[comment.case_id].append(comment)
    return dict(found)


# Ids per query: a province's list is tens of thousands of cases (SQLite's limit of
# variables in one statement), a page's fits in one.
_CHUNK = 5000


def _chunks(case_ids: Sequence[int]) -> list[list[int]]:
    ids = list(case_ids)
    return [ids[start:start + _CHUNK] for start in range(0, len(ids), _CHUNK)]


def case_numbers(case_ids: Sequence[int]) -> dict[int, list[str]]:
    from congminh.apps.cases.models import AgencyNumber

    found: dict[int, list[str]] = defaultdict(list)
    for chunk in _chunks(case_ids):
        for case_id, number in (AgencyNumber.objects.filter(case_id__in=chunk)
                                .order_by("created_at", "id").values_list("case_id", "number")):
            found[case_id].append(number)
    return dict(found)


def case_titles(case_ids: Sequence[int]) -> dict[int, str]:
    return {case_id: title for chunk in _chunks(case_ids)
            for case_id, title in Case.objects.filter(id__in=chunk).values_list("id", "title")}


def report_runs(*, user: Any) -> QuerySet[ReportRun]:
    """Stored runs: a user sees its own (admins every one)."""
    qs = ReportRun.objects.select_related("requested_by")
    return qs if access.is_admin(user) else qs.filter(requested_by=user)
