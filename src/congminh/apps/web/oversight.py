"""The dashboard's oversight block: for each workflow — expertise requests, evidence
requests, the People's Committees' summonses, complaints, supervision recommendations —
the requests still open, those past their deadline, and what the workflow watches besides (expertise refused or pushed back by
a body on the roster, evidence requests with no answer at all, recommendations due soon;
a recommendation is open while its addressee has not carried it out: «Đang thực hiện»);
and the cases flagged for the supervisors to follow, by flag.
Each a count over what the user may read, linking to that workflow's list filtered the
same way: the apps' own conditions and filters, not a second definition."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from congminh.apps.accounts import scope
from congminh.apps.cases.counts import cached_aggregate, cached_value
from congminh.apps.web.pagecache import scope_key
from congminh.core import statuses


@dataclass(frozen=True)
class OversightCount:
    label: Any
    url: str
    count: int
    tone: str = ""


@dataclass(frozen=True)
class Workflow:
    title: Any
    counts: list[OversightCount]


# Per workflow: its title, its list, and its numbers (key of `_counts`, label, the list's
# filter, tone).
WORKFLOWS: tuple[tuple[Any, str, tuple[tuple[str, Any, str, str], ...]], ...] = (
    (_("Expertise requests"), "/expertise/", (
        ("open", _("Being examined"), "state=open", ""),
        ("overdue", _("Past the expertise deadline"), "overdue=on", "bad"),
        ("refused", _("Refused by the body asked"), "refused=on", "warn"),
        ("pushed_back", _("Pushed back by a listed body"), "pushed_back=on", "bad"))),
    (_("Evidence requests"), "/evidence/", (
        ("open", _("Not fully answered"), "state=open", ""),
        ("overdue", _("Past the answer deadline"), "overdue=on", "bad"),
        ("unanswered", _("No answer at all"), "state=sent", "warn"))),
    # Directive point 1: the People's Committees summoned to dialogues and hearings; the
    # numbers are those above the summons list (`attendance.selectors.summons_totals`).
    (_("Summonses of People's Committees"), "/attendance/", (
        ("not_recorded", _("Held, attendance not recorded"), "presence=not_recorded", "warn"),
        ("absent", _("Committee absent"), "presence=absent", "bad"),
        ("opinion_missing", _("Written opinion not filed (past due)"), "opinion=not_filed", "bad"))),
    (_("Complaints and denunciations"), "/complaints/", (
        ("open", _("Being resolved"), "status=open", ""),
        ("overdue", _("Past the resolution deadline"), "overdue=on", "bad"))),
    (_("Supervision recommendations"), "/supervision/recommendations/", (
        (statuses.OPEN, statuses.IN_PROGRESS_LABEL, f"status={statuses.OPEN}", ""),
        ("due_soon", _("Response due soon"), "status=due_soon", "warn"),
        ("overdue", _("Past the response date"), "status=overdue", "bad"))),
    # The cases the supervisors flag (public concern, signs of wrongful conviction), in the
    # list they follow them in, with the reason each flag was set.
    (_("Cases I follow"), "/supervision/followed/", tuple(
        (flag, statuses.flag_label(flag), f"flag={flag}", "warn") for flag in scope.SUPERVISION_FLAGS)),
)


def oversight_blocks(user: Any, today: dt.date) -> list[Workflow]:
    """The numbers of every workflow, cached per scope (`web.pagecache.scope_key`) and day
    until a request, complaint, recommendation, case or body changes (`cases.counts`:
    these tables move the data version)."""
    key = f"oversight-blocks\x00{scope_key(user)}\x00{today}"
    counts = cached_value(key, lambda: _counts(user, today))
    return [Workflow(title, [OversightCount(label, f"{url}?{where}", counts[i][name], tone)
                             for name, label, where, tone in numbers])
            for i, (title, url, numbers) in enumerate(WORKFLOWS)]


def _counts(user: Any, today: dt.date) -> list[dict[str, int]]:
    """One aggregate query per workflow, over its list's scope, by its own conditions; the
    counts kept per holding body of the rows' cases (`cases.counts.cached_aggregate`): a
    write to a case recounts the rows of its bodies' cases, not the province's."""
    from congminh.apps.attendance import selectors as attendance
    from congminh.apps.complaints import selectors as complaints
    from congminh.apps.complaints.models import ComplaintStatus
    from congminh.apps.evidence import selectors as evidence
    from congminh.apps.evidence.models import OPEN_STATES as EVIDENCE_OPEN
    from congminh.apps.evidence.models import RequestState as EvidenceState
    from congminh.apps.expertise import selectors as expertise
    from congminh.apps.expertise.models import RequestState as ExpertiseState
    from congminh.apps.supervision import selectors as supervision

    recommendations = supervision.with_status(supervision.recommendation_scope(user), today)
    return [
        cached_aggregate(
            expertise.request_scope(user), "case__holder_id",
            open=Count("id", filter=Q(state__in=expertise.OPEN_STATES)),
            overdue=Count("id", filter=expertise.overdue_q(today)),
            refused=Count("id", filter=Q(state=ExpertiseState.REFUSED)),
            pushed_back=Count("id", filter=Q(pushed_back=True))),
        cached_aggregate(
            evidence.request_scope(user), "case__holder_id",
            open=Count("id", filter=Q(state__in=EVIDENCE_OPEN)),
            overdue=Count("id", filter=evidence.overdue_q(today)),
            unanswered=Count("id", filter=Q(state=EvidenceState.SENT))),
        attendance.summons_totals(user=user, today=today),
        cached_aggregate(
            complaints.complaint_scope(user), "case__holder_id",
            open=Count("id", filter=Q(status=ComplaintStatus.OPEN)),
            overdue=Count("id", filter=complaints.overdue_q(today))),
        supervision.status_counts(recommendations, today),
        supervision.watched_counts(user=user),
    ]
