"""Who may read and change what: the one place that decides it.

Every selector, service, view, API endpoint and export asks this module; no other code
compares roles, organisation kinds or holders to decide access.

**Reading** follows the law's supervision lines, as data per organisation kind and level
(`READ_REACH`):

- the Procuracy exercises prosecution and supervises the judicial activities of its
  territory — investigation, trial, judgment enforcement, custody, complaints (Luật Tổ
  chức VKSND 2014, chapter II): the provincial Procuracy reads every case of the
  province, an area (or former district) Procuracy every case held or numbered by a body
  of its area;
- the provincial court reads the cases of the area courts below it (appeal, cassation
  review); the provincial enforcement office reads the province's enforcement cases;
- the Internal Affairs Committee, the provincial Party committee, the People's Council
  and the Fatherland Front read the whole province, with personal data masked
  (`sees_personal_data`) unless the user is granted `accounts.view_personal_data`;
- every other body reads the cases it (or a body it succeeded) holds or has a confirmed
  number for. District and commune Party committees and People's Committees will read
  their territory once organisations carry it (today they have no territory field).

A number claimed for another body (`NumberClaim`) is not a number: linking is not access.

**Writing** is narrower. An officer changes only cases its own body (or a body it
succeeded) holds, and records only the events its kind of body decides
(`EVENT_RECORDERS`): a court does not record investigation events, an area court does not
touch a case the provincial court holds. A supervisor (role) may set the supervision flags
of a case it reads, with a reason, and nothing else. Viewers read. Admins do anything.

**The national screens** (a national deployment, `apps/national`) are read by the users of
the national bodies (central level) only, each within its line (`NATIONAL_READ`), and by
superusers; a province's users, its admins included, are refused.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.lookups import In

from congminh.apps.accounts.models import Role
from congminh.apps.organisations.models import Organisation
from congminh.core import statuses


class Reach(Enum):
    """How far a body reads beyond its own cases."""

    OWN = "own"                      # cases it holds or has a confirmed number for
    PROVINCE = "province"            # every case of its province
    PROVINCE_ENFORCEMENT = "province_enforcement"  # + every enforcement case of the province
    LOWER_COURTS = "lower_courts"    # + cases of the courts below it in its province
    TERRITORY = "territory"          # + cases of the bodies of its area


# (organisation kind, level) -> reach; anything not listed reads its own cases.
READ_REACH: dict[tuple[str, str], Reach] = {
    ("procuracy", "province"): Reach.PROVINCE,
    ("procuracy", "region"): Reach.TERRITORY,
    ("procuracy", "district"): Reach.TERRITORY,
    ("court", "province"): Reach.LOWER_COURTS,
    ("enforcement_office", "province"): Reach.PROVINCE_ENFORCEMENT,
    ("internal_affairs", "province"): Reach.PROVINCE,
    ("party_committee", "province"): Reach.PROVINCE,
    ("peoples_council", "province"): Reach.PROVINCE,
    ("fatherland_front", "province"): Reach.PROVINCE,
}

# Kinds that read the province as overseers, not as a procedural body: personal data of
# parties is masked for them unless the user holds `accounts.view_personal_data`.
MASKED_KINDS = frozenset({"internal_affairs", "party_committee", "peoples_council", "fatherland_front"})

# Kinds of body that hold cases and record their events.
INVESTIGATION = frozenset({"police", "investigation_agency"})
PROCURACY = frozenset({"procuracy"})
COURT = frozenset({"court"})
ENFORCEMENT = frozenset({"enforcement_office"})
HOLDERS = INVESTIGATION | PROCURACY | COURT | ENFORCEMENT

# Event type -> the kinds of body that decide it (and so may record it). An event not
# listed (suspension, resumption, closure, expertise, evidence, complaints) may be
# recorded by whichever body holds the case.
_INVESTIGATING = INVESTIGATION | PROCURACY  # the Procuracy may institute and resolve too
EVENT_RECORDERS: dict[str, frozenset[str]] = {
    **{code: _INVESTIGATING for code in (
        "report_received", "report_marked_complex", "report_extended", "report_suspended",
        "report_resumed", "report_dismissed", "case_instituted", "investigation_extended",
        "investigation_suspended", "investigation_resumed", "investigation_concluded",
        "supplementary_investigation_concluded", "holding_ordered", "holding_extended",
        "holding_ended", "charges_requalified",
    )},
    # The simplified procedure (BLTTHS Đ.457 k1, Đ.458): decided and cancelled by the
    # investigation body, the Procuracy or the court, whichever holds the case; the
    # Procuracy also cancels the investigation body's decision (Đ.457 k3).
    **{code: INVESTIGATION | PROCURACY | COURT for code in (
        "detention_ordered", "detention_extended", "detention_ended",
        "simplified_procedure_applied", "simplified_procedure_cancelled",
    )},
    **{code: PROCURACY for code in ("prosecution_extended", "indicted")},
    "returned_for_investigation": PROCURACY | COURT,
    "protest_lodged": PROCURACY | COURT,
    **{code: COURT for code in (
        "accepted", "preparation_extended", "converted_to_ordinary", "brought_to_trial",
        "hearing_extended", "judgment_pronounced", "judgment_issued", "judgment_delivered",
        "appeal_received", "appeal_extended", "appeal_lodged",
    )},
    **{code: ENFORCEMENT for code in (
        "enforcement_decision_received", "conditions_verified", "postponed",
    )},
}

# Fields of a case a supervisor may set (with a reason); officers of the holder set them too.
SUPERVISION_FLAGS = statuses.SUPERVISION_FLAGS  # who may set them: `can_flag`

_REGION_CODE = re.compile(r"-KV(\d+)$")


# --- who the user is ------------------------------------------------------------------


def _authenticated(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def is_admin(user: Any) -> bool:
    return _authenticated(user) and bool(user.is_superuser or user.role == Role.ADMIN)


def _officer_org(user: Any) -> Organisation | None:
    """The body an officer acts for; None for every other role."""
    if not _authenticated(user) or user.role != Role.OFFICER:
        return None
    org: Organisation | None = user.organisation
    return org


def reach_of(org: Organisation) -> Reach:
    return READ_REACH.get((org.kind, org.level), Reach.OWN)


# --- reading ----------------------------------------------------------------------------


def lineage_ids(org_ids: list[int]) -> list[int]:
    """These bodies and the bodies they succeeded (the 2025 merger and the area reform):
    a body reads and answers for what its predecessors held."""
    found = set(org_ids)
    frontier = set(org_ids)
    while frontier:  # predecessors of predecessors (Bình Định district → area → ...)
        through = Organisation.predecessors.through.objects.filter(from_organisation_id__in=frontier)
        frontier = set(through.values_list("to_organisation_id", flat=True)) - found
        found |= frontier
    return sorted(found)


def territory_ids(org: Organisation) -> list[int]:
    """The bodies of `org`'s area: for an area body, every body of the same area number in
    its province and their predecessors; for a former district body, the bodies of the
    same district; otherwise `org` alone."""
    match = _REGION_CODE.search(org.code)
    if org.level == "region" and match:
        area = Organisation.objects.filter(
            province_code=org.province_code, level="region", code__endswith=match.group(0)
        )
        ids = set(area.values_list("id", flat=True))
        ids |= set(Organisation.predecessors.through.objects.filter(
            from_organisation_id__in=ids).values_list("to_organisation_id", flat=True))
        return sorted(ids | {org.pk})
    if org.level == "district" and org.admin_unit_code:
        return list(Organisation.objects.filter(
            province_code=org.province_code, level="district",
            admin_unit_code=org.admin_unit_code,
        ).values_list("id", flat=True))
    return [org.pk]


def lower_court_ids(org: Organisation) -> list[int]:
    """The provincial court and the area (and former district) courts of its province."""
    courts = Organisation.objects.filter(
        province_code=org.province_code, kind="court", level__in=("region", "district")
    )
    return [org.pk, *courts.values_list("id", flat=True)]


def _held_or_numbered(org_ids: list[int], walk_order: bool = False) -> Q:
    from congminh.apps.cases.models import AgencyNumber
    from congminh.apps.cases.plans import ListedOrProbed, held_by, probes

    numbered = AgencyNumber.objects.filter(organisation_id__in=org_ids)
    if probes(org_ids, walk_order=walk_order):
        # A walk tests a few dozen cases for a page: a per-row probe of the case's numbers.
        # The list of every case numbered (the provincial court's 120,000) took 0.5-0.6 s.
        return held_by(org_ids, walk_order=True) | Q(Exists(numbered.filter(case=OuterRef("pk"))))
    # The cases numbered by these bodies as one uncorrelated subquery, which the database
    # reads once from the numbers' (organisation, …) index: with a per-row EXISTS, SQLite
    # tested every case of the province for a body holding a few. Probed per case all the
    # same in a recount of a few bodies' cases after a write (`plans.ListedOrProbed`).
    listed: Any = In(F("pk"), numbered.values("case_id"))
    probed = Exists(numbered.filter(case=OuterRef("pk")))
    return held_by(org_ids, walk_order=walk_order) | Q(ListedOrProbed(listed, probed))


def _only_province(province: str) -> bool:
    """Whether every body of the database is of `province` (a province's deployment):
    then each case is held by one of them. Kept until a body changes (a new body, or one
    of another province, moves every scope's version, `cases.counts`)."""
    from congminh.apps.cases.counts import cached_value

    return cached_value(f"only-province\x00{province}",
                        lambda: not Organisation.objects.exclude(province_code=province).exists(), bodies=list)


# Every case (`_in_province` in a province's deployment): a condition on the holder, which
# every case has, that `_of_readable_case` recognises.
_EVERY_CASE = Q(holder_id__isnull=False)


def _in_province(province: str) -> Q:
    from congminh.apps.cases.models import AgencyNumber

    if _only_province(province):
        # Every case, written as a condition on the holder that the database tests in
        # passing (the holder is required), not as "no condition": a workflow ORs it with
        # its own rows (`_of_readable_case`). The condition below, an OR with a per-row
        # probe of the numbers, no index serves and PostgreSQL misestimates: at the P size
        # its count by holder sorted the province on disk (0.56-0.65 s against 0.24-0.27
        # without it), each recount of a body tested its cases against the province.
        return Q(holder_id__isnull=False)  # == _EVERY_CASE, a new one (callers combine it)
    # The province's bodies as a small subquery, not a join: a join made PostgreSQL sort
    # the whole province for a deep page instead of walking the list's order index.
    bodies = Organisation.objects.filter(province_code=province).values("pk")
    numbered = AgencyNumber.objects.filter(case=OuterRef("pk"), organisation__province_code=province)
    return Q(holder_id__in=bodies) | Q(Exists(numbered))


def case_read_q(user: Any, *, walk_order: bool = False) -> Q | None:
    """The condition on `Case` rows `user` may read; None: every case. Unknown users and
    users without a body read nothing (an always-false condition). `walk_order`: the rows
    are read in an order (a list), which the database should walk when the scope holds
    a large share of the cases (`cases.plans`); the same rows either way."""
    if is_admin(user):
        return None
    nothing = Q(pk__in=[])
    org: Organisation | None = getattr(user, "organisation", None) if _authenticated(user) else None
    if org is None:
        return nothing
    reach = reach_of(org)
    if reach is Reach.PROVINCE and org.province_code:
        return _in_province(org.province_code)
    if reach is Reach.LOWER_COURTS:
        return _held_or_numbered(_kept_bodies("lower-courts", org, lambda: lineage_ids(lower_court_ids(org))), walk_order)
    if reach is Reach.TERRITORY:
        return _held_or_numbered(_kept_bodies("territory", org, lambda: territory_ids(org)), walk_order)
    # Its own cases, asked only here: the lineage costs queries (a province-wide reach,
    # asked several times a page, needs none).
    own = _held_or_numbered(_kept_bodies("lineage", org, lambda: lineage_ids([org.pk])), walk_order)
    if reach is Reach.PROVINCE_ENFORCEMENT and org.province_code:
        enforcement = Q(procedure="enforcement")
        if not _only_province(org.province_code):  # else every case is the province's
            enforcement &= Q(holder__province_code=org.province_code)
        return own | enforcement
    return own


def _kept_bodies(label: str, org: Organisation, compute: Callable[[], list[int]]) -> list[int]:
    """`compute()`, bodies that the bodies and their successions alone decide (a lineage,
    an area, the courts below), kept until either changes (they move the shared data
    version, `cases.counts`): a page asks the scope of its user several times (the case,
    its expertise, evidence and complaints), each walk costing queries."""
    from congminh.apps.cases.counts import cached_value

    return cached_value(f"scope-bodies\x00{label}\x00{org.pk}", compute, bodies=list)


def case_read_bodies(user: Any) -> list[int] | None:
    """The bodies whose holding or numbering of a case may make it readable to `user`
    under `case_read_q` (a superset: more bodies only drop cached pages more often); None:
    every body (admins). `cases.counts` keys a scope's cached pages by the writes to
    these bodies' cases (`cases.dbobjects`); which bodies they are changes only with the
    bodies and successions, which move every scope's version."""
    if is_admin(user):
        return None
    org: Organisation | None = getattr(user, "organisation", None) if _authenticated(user) else None
    if org is None:
        return []
    reach = reach_of(org)
    own = lineage_ids([org.pk])
    if reach in (Reach.PROVINCE, Reach.PROVINCE_ENFORCEMENT):
        province = Organisation.objects.filter(province_code=org.province_code) if org.province_code \
            else Organisation.objects.none()
        return sorted({*own, *province.values_list("id", flat=True)})
    if reach is Reach.LOWER_COURTS:
        return lineage_ids(lower_court_ids(org))
    if reach is Reach.TERRITORY:
        return territory_ids(org)
    return own


def _of_readable_case(case_q: Q) -> Q:
    """Rows (of a workflow: requests, complaints, summonses) whose `case` satisfies
    `case_q`, tested row by row on that case's primary key. A workflow's rows are few
    beside a province's cases, which `case__in=<subquery>` made SQLite read in full first.
    When `case_q` is every case, rows with a case, with no probe (a province's 29,000
    summonses probed case by case: 0.13-0.17 s of the dashboard after a write at P)."""
    from congminh.apps.cases.models import Case

    if case_q == _EVERY_CASE:
        return Q(case__isnull=False)

    return Q(Exists(Case.objects.filter(case_q, pk=OuterRef("case_id"))))


def readable_cases(user: Any, qs: QuerySet[Any] | None = None, *, walk_order: bool = False) -> QuerySet[Any]:
    """`qs` (every case by default) narrowed to the cases `user` may read (`walk_order`:
    see `case_read_q`)."""
    from congminh.apps.cases.models import Case

    qs = Case.objects.all() if qs is None else qs
    if not _authenticated(user):
        return qs.none()
    condition = case_read_q(user, walk_order=walk_order)
    return qs if condition is None else qs.filter(condition)


def can_read_case(user: Any, case: Any) -> bool:
    return readable_cases(user).filter(pk=case.pk).exists()


def sees_personal_data(user: Any) -> bool:
    """Identity numbers, addresses and birth years of parties: masked for overseers."""
    if is_admin(user):
        return True
    if not _authenticated(user) or user.organisation is None:
        return False
    if user.organisation.kind not in MASKED_KINDS:
        return True
    return bool(user.has_perm("accounts.view_personal_data"))


def reads_every_case_of_its_bodies(user: Any) -> bool:
    """Whether `user` reads every case a body of `readable_bodies(user)` holds or numbers
    (`case_read_q`): admins (every case), and a province-wide reach (the cases held or
    numbered by a body of its province, whose bodies are those it is offered)."""
    if is_admin(user):
        return True
    org: Organisation | None = getattr(user, "organisation", None) if _authenticated(user) else None
    return org is not None and bool(org.province_code) and reach_of(org) is Reach.PROVINCE


def readable_bodies(user: Any) -> QuerySet[Organisation]:
    """Bodies offered in filters: the user's province (every body for admins), sorted."""
    qs = Organisation.objects.all()
    if is_admin(user):
        return qs
    org = getattr(user, "organisation", None) if _authenticated(user) else None
    if org is None:
        return qs.none()
    if org.province_code:
        return qs.filter(province_code=org.province_code)
    return qs.filter(pk=org.pk)


# --- writing ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Decision:
    """An answer with the Vietnamese reason when it is no."""

    allowed: bool
    reason: str = ""

    def __bool__(self) -> bool:
        return self.allowed


YES = Decision(True)


def can_change_case(user: Any, case: Any) -> Decision:
    """Change a case's descriptive fields, numbers and parties: its holder's officers."""
    if is_admin(user):
        return YES
    org = _officer_org(user)
    if org is None:
        return Decision(False, "Vai trò của bạn chỉ được xem, không được sửa hồ sơ vụ án.")
    if case.holder_id != org.pk and case.holder_id not in lineage_ids([org.pk]):
        return Decision(False, "Chỉ cơ quan đang thụ lý vụ án được sửa hồ sơ này.")
    return YES


def can_record_event(user: Any, case: Any, event_type: str) -> Decision:
    """Record (or withdraw) an event: the holder's officers, for the events its kind decides."""
    allowed = can_change_case(user, case)
    if not allowed or is_admin(user):
        return allowed
    if event_type not in events_decided_by(user.organisation.kind):
        from congminh.core.case_events import EVENT_TYPES

        et = EVENT_TYPES.get(event_type)
        label = et.label_vi if et else event_type
        return Decision(False, f"Sự kiện «{label}» không thuộc thẩm quyền của {user.organisation.name}.")
    return YES


def events_decided_by(kind: str) -> frozenset[str]:
    """Every event type a body of `kind` may record on a case it holds."""
    from congminh.core.case_events import EVENT_TYPES

    return frozenset(c for c in EVENT_TYPES if kind in EVENT_RECORDERS.get(c, HOLDERS))


def decided_events(user: Any) -> frozenset[str] | None:
    """The event types `user` may record on the cases its body holds — through the
    screen, the API or an import (None: any)."""
    if user is None or is_admin(user):
        return None
    org = _officer_org(user)
    return events_decided_by(org.kind) if org is not None else frozenset()


def recordable_events(user: Any, case: Any) -> frozenset[str] | None:
    """The event types `user` may record on `case`; None: any (admins)."""
    if is_admin(user):
        return None
    if not can_change_case(user, case):
        return frozenset()
    return events_decided_by(user.organisation.kind)


def can_flag(user: Any, case: Any) -> Decision:
    """Set the supervision flags (with a reason): the holder's officers, and supervisors
    of the bodies that read the case."""
    if can_change_case(user, case):
        return YES
    if _authenticated(user) and user.role == Role.SUPERVISOR and can_read_case(user, case):
        return YES
    return Decision(False, "Bạn không được đánh dấu giám sát vụ án này.")


def can_create_case(user: Any, holder: Organisation) -> Decision:
    """Open a case held by `holder`: an officer of `holder`, or an admin."""
    if is_admin(user):
        return YES
    org = _officer_org(user)
    if org is None or org.pk != holder.pk:
        return Decision(False, "Bạn chỉ được mở vụ án do chính cơ quan mình thụ lý.")
    if org.kind not in HOLDERS:
        return Decision(False, f"{org.name} không phải cơ quan tiến hành tố tụng, không thụ lý vụ án.")
    return YES


def creatable_holders(user: Any) -> QuerySet[Organisation]:
    """The bodies `user` may open a case for: its own (officers of a holding body), or
    every holding body in existence (admins)."""
    qs = Organisation.objects.filter(kind__in=HOLDERS)
    if is_admin(user):
        return qs.filter(valid_to__isnull=True).order_by("province_code", "level", "name")
    org = _officer_org(user)
    return qs.filter(pk=org.pk) if org is not None else qs.none()


def import_holder(user: Any) -> int | None:
    """None: the user may import for any body (admin, or the system when `user` is None);
    otherwise the only holder id its rows may name (-1: none)."""
    if user is None or is_admin(user):
        return None
    org = _officer_org(user)
    return org.pk if org is not None and org.kind in HOLDERS else -1


def can_import(user: Any) -> bool:
    return _authenticated(user) and (is_admin(user) or import_holder(user) != -1)


def can_confirm_claim(user: Any, claim: Any) -> Decision:
    """A number claimed for a body is confirmed (or rejected) by that body, or an admin."""
    if is_admin(user):
        return YES
    org = _officer_org(user)
    if org is None or org.pk != claim.organisation_id:
        return Decision(False, "Chỉ cơ quan có số vụ án này được xác nhận liên kết.")
    return YES


def can_merge(user: Any, keep: Any, other: Any) -> Decision:
    """Merge two records of one case: a body that may change both, or an admin."""
    if is_admin(user) or (can_change_case(user, keep) and can_change_case(user, other)):
        return YES
    return Decision(False, "Chỉ cơ quan được sửa cả hai hồ sơ (hoặc quản trị) được hợp nhất.")


# --- what the navigation offers -----------------------------------------------------------


def menu(user: Any) -> dict[str, bool]:
    """Which pages the navigation shows `user`: only what it may use."""
    return {
        "cases": _authenticated(user),
        "case_create": is_admin(user) or (
            _officer_org(user) is not None and user.organisation.kind in HOLDERS),
        "imports": can_import(user),
        "directives": _authenticated(user),
        "law": _authenticated(user),
        "expertise": _authenticated(user) and getattr(user, "organisation_id", None) is not None,
        "evidence": _authenticated(user) and getattr(user, "organisation_id", None) is not None,
        "attendance": _authenticated(user) and getattr(user, "organisation_id", None) is not None,
        "supervision": _authenticated(user) and getattr(user, "organisation_id", None) is not None,
        "complaints": _authenticated(user) and getattr(user, "organisation_id", None) is not None,
        "reports": can_review(user),
        "quality": _authenticated(user) and (is_admin(user) or user.organisation_id is not None),
        "claims": is_admin(user) or _officer_org(user) is not None,
        "api_docs": is_admin(user),
        "national": national_reach(user) is not None,
    }


# --- directives ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TaskReach:
    """Which directives and tasks a user follows: all of them (admins), those of a
    province (its overseers), those of one body (owed by it or received by it), or none."""

    everything: bool = False
    province: str = ""
    body: int | None = None


def task_reach(user: Any) -> TaskReach:
    if not _authenticated(user):
        return TaskReach()
    if is_admin(user):
        return TaskReach(everything=True)
    if user.organisation_id is None:
        return TaskReach()
    province = overseen_province(user)
    return TaskReach(province=province) if province else TaskReach(body=user.organisation_id)


def overseen_province(user: Any) -> str:
    """The province whose every directive and task `user` follows ("" when none): the
    overseers (Internal Affairs Committee, Party committee, People's Council, Front) of
    a province. Others follow their own body's tasks and the directives it received."""
    org = getattr(user, "organisation", None) if _authenticated(user) else None
    if org is None or org.kind not in MASKED_KINDS or reach_of(org) is not Reach.PROVINCE:
        return ""
    return str(org.province_code)


def acts_for(user: Any, organisation_id: int | None) -> bool:
    """Does `user` write on behalf of this body (its officer), or as an admin?"""
    if is_admin(user):
        return True
    org = _officer_org(user)
    return org is not None and organisation_id is not None and org.pk == organisation_id



def can_report_task(user: Any, organisation_id: int | None) -> bool:
    """Report progress on a directive task owed by this body: its officers and its
    supervisor accounts (the People's Council, the Fatherland Front and Party committees
    act through them), or an admin. Viewers read."""
    if acts_for(user, organisation_id):
        return True
    return (_authenticated(user) and user.role == Role.SUPERVISOR and organisation_id is not None
            and user.organisation_id == organisation_id)

def can_register_documents(user: Any) -> bool:
    """Register incoming documents and confirm directives for one's own body."""
    return _authenticated(user) and user.organisation_id is not None and (
        is_admin(user) or _officer_org(user) is not None)


# --- reports (apps/reports) ---------------------------------------------------------------


def can_review(user: Any) -> bool:
    """Run the quarterly review and the reports: whoever belongs to a body (or
    administers); the figures cover the cases `readable_cases` lets them read."""
    return is_admin(user) or (_authenticated(user) and getattr(user, "organisation_id", None) is not None)


def can_comment_reviews(user: Any) -> bool:
    """Write review comments (proposed solution, kiến nghị) at all: a Procuracy officer
    acting for its body, or an admin."""
    if is_admin(user):
        return True
    org = getattr(user, "organisation", None) if _authenticated(user) else None
    return org is not None and org.kind in PROCURACY and acts_for(user, org.pk)


def can_comment_review(user: Any, case: Any) -> bool:
    """`can_comment_reviews`, on a case the user reads."""
    return can_comment_reviews(user) and can_read_case(user, case)


# --- attendance in administrative cases (apps/attendance) ----------------------------------


def summons_read_q(user: Any) -> Q | None:
    """Summonses to dialogues and hearings: whoever reads the case, and the summoned
    People's Committee itself (without reading the case); None: every summons."""
    if is_admin(user):
        return None
    if not _authenticated(user):
        return Q(pk__in=[])
    case_q = case_read_q(user)
    condition = Q(pk__in=[]) if case_q is None else _of_readable_case(case_q)
    org = getattr(user, "organisation", None)
    if org is not None and org.kind == "peoples_committee":
        condition |= Q(committee_id__in=lineage_ids([org.pk]))
    return condition


# --- complaints and denunciations in judicial activity (apps/complaints) -------------------
#
# Read: whoever reads the case (its holder, the Procuracy supervising it, the province's
# overseers), plus the resolving body and the receiving body, which may not read the case
# (an upper court resolving a complaint against a lower court's chief judge). Intake:
# officers of a judicial body (investigation, Procuracy, court, enforcement) who read the
# case. Extend, resolve: officers of the resolving body. Escalation: officers of the
# first-level resolver or of the second-level resolver.


def _complaint_org(user: Any) -> Any:
    return getattr(user, "organisation", None) if getattr(user, "is_authenticated", False) else None


def complaint_read_q(user: Any) -> Q | None:
    """The condition on `Complaint` rows `user` may read; None: every complaint."""
    if is_admin(user):
        return None
    org = _complaint_org(user)
    if org is None:
        return Q(pk__in=[])
    case_q = case_read_q(user)
    if case_q is None:
        return None
    mine = lineage_ids([org.pk])
    return Q(resolver_id__in=mine) | Q(received_by_id__in=mine) | _of_readable_case(case_q)


def readable_complaints(user: Any, qs: QuerySet[Any] | None = None) -> QuerySet[Any]:
    """`qs` (every complaint by default) narrowed to those `user` may read."""
    from congminh.apps.complaints.models import Complaint

    qs = Complaint.objects.all() if qs is None else qs
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    condition = complaint_read_q(user)
    return qs if condition is None else qs.filter(condition)


def may_receive_complaints(user: Any) -> bool:
    """Offer the intake at all: officers of a judicial body, admins."""
    org = _officer_org(user)
    return is_admin(user) or (org is not None and org.kind in HOLDERS)


def can_receive_complaint(user: Any, case: Any) -> Decision:
    """Record a complaint or denunciation received: officers of a judicial body who read
    the case."""
    if is_admin(user):
        return YES
    org = _officer_org(user)
    if org is None or org.kind not in HOLDERS:
        return Decision(False, "Chỉ cán bộ cơ quan tiến hành tố tụng, thi hành án được "
                                     "tiếp nhận khiếu nại, tố cáo.")
    if not can_read_case(user, case):
        return Decision(False, "Bạn không xem được vụ án này.")
    return YES


def _officer_of_any(user: Any, ids: set[int]) -> bool:
    org = _officer_org(user)
    return org is not None and bool(set(lineage_ids([org.pk])) & ids)


def can_resolve_complaint(user: Any, complaint: Any) -> Decision:
    """Extend or resolve: officers of the resolving body."""
    if is_admin(user):
        return YES
    if complaint.resolver_id is None or not _officer_of_any(user, {complaint.resolver_id}):
        return Decision(False, "Chỉ cơ quan có thẩm quyền giải quyết được ghi bước này.")
    return YES


def can_escalate_complaint(user: Any, complaint: Any, second_resolver_id: int | None) -> Decision:
    """Record the second-level complaint: officers of the first- or second-level resolver."""
    if is_admin(user):
        return YES
    ids = {i for i in (complaint.resolver_id, second_resolver_id) if i}
    if not _officer_of_any(user, ids):
        return Decision(False, "Chỉ cơ quan đã giải quyết lần đầu hoặc cơ quan giải quyết "
                                     "lần hai được ghi khiếu nại lần hai.")
    return YES


# --- judicial expertise (roster and requests; apps/expertise) ------------------------------
#
# A request is read by the body that asked (every role of it), the body or expert's body
# asked (a department sees the requests addressed to it, not others'), whoever reads the
# case (the Procuracy supervising it, the overseers of the province, admins). The asking
# body's officers who may change the case create, send and extend it; the asked body's
# officers ask for documents, refuse and deliver the conclusion; either side records the
# documents' arrival. The roster is public to every signed-in user and kept by the
# Department of Justice (Sở Tư pháp) of the province, whose name starts with this text:
ROSTER_KEEPER_NAME = "so tu phap"


def expertise_request_read_q(user: Any) -> Q | None:
    """The condition on `ExpertiseRequest` rows `user` may read; None: every request."""
    if is_admin(user):
        return None
    org = getattr(user, "organisation", None) if _authenticated(user) else None
    if org is None:
        return Q(pk__in=[])
    mine = lineage_ids([org.pk])
    own = (Q(requested_by_id__in=mine) | Q(organisation_id__in=mine)
           | Q(expert__organisation_id__in=mine))
    case_q = case_read_q(user)
    if case_q is None:
        return None
    return own | _of_readable_case(case_q)


def readable_expertise_requests(user: Any, qs: QuerySet[Any] | None = None) -> QuerySet[Any]:
    """`qs` (every request by default) narrowed to those `user` may read."""
    from congminh.apps.expertise.models import ExpertiseRequest

    qs = ExpertiseRequest.objects.all() if qs is None else qs
    if not _authenticated(user):
        return qs.none()
    condition = expertise_request_read_q(user)
    return qs if condition is None else qs.filter(condition)


def _asked_ids(request: Any) -> set[int]:
    ids = {request.organisation_id} if request.organisation_id else set()
    if request.expert_id and request.expert.organisation_id:
        ids.add(request.expert.organisation_id)
    return ids


def can_order_expertise(user: Any, case: Any) -> Decision:
    """Create, send, extend or withdraw a request: officers who may change the case."""
    allowed = can_change_case(user, case)
    if not allowed:
        return Decision(False, "Chỉ cơ quan đang thụ lý vụ án được trưng cầu giám định.")
    return YES


def can_answer_expertise(user: Any, request: Any) -> Decision:
    """Ask for documents, refuse, deliver the conclusion: officers of the body asked."""
    if is_admin(user):
        return YES
    org = _officer_org(user)
    if org is None or not (_asked_ids(request) & set(lineage_ids([org.pk]))):
        return Decision(False, "Chỉ tổ chức, người được trưng cầu giám định được ghi bước này.")
    return YES


def can_receive_expertise_documents(user: Any, request: Any) -> Decision:
    """Record that the extra documents arrived: either side."""
    if can_answer_expertise(user, request) or can_order_expertise(user, request.case):
        return YES
    return Decision(False, "Bạn không được ghi bước này của yêu cầu giám định.")


def can_keep_roster(user: Any, province_code: str = "") -> Decision:
    """Edit and import the roster of experts: officers of the Department of Justice."""
    from congminh.core.text import fold

    if is_admin(user):
        return YES
    org = _officer_org(user)
    if org is None or org.kind != "department" or not fold(org.name).startswith(ROSTER_KEEPER_NAME):
        return Decision(False, "Chỉ Sở Tư pháp được cập nhật danh sách giám định tư pháp.")
    if province_code and org.province_code != province_code:
        return Decision(False, "Sở Tư pháp chỉ cập nhật danh sách giám định của tỉnh mình.")
    return YES


# --- supervision by the People's Council and the Fatherland Front (apps/supervision) -------
#
# A plan, its visits and its recommendations are read by the supervising body (every role
# of it, and of the bodies it succeeded), by the province's overseers — the Internal
# Affairs Committee and the provincial Party committee — and admins; a recommendation
# (not its plan's others) is read by its addressee too. The supervising body's officers and
# supervisors (not its viewers) write plans, visits and recommendations; the addressee's
# officers and supervisors record its responses.

SUPERVISING_KINDS = ("peoples_council", "fatherland_front")
# Provincial bodies that follow every supervision of their province (beside the
# supervisors themselves, who see only their own plans).
SUPERVISION_OVERSEERS = frozenset({"internal_affairs", "party_committee"})
SUPERVISION_WRITERS = frozenset({Role.OFFICER, Role.SUPERVISOR})


def _supervision_org(user: Any) -> Organisation | None:
    if not getattr(user, "is_authenticated", False):
        return None
    org: Organisation | None = user.organisation
    return org


def _supervision_writer(user: Any) -> Organisation | None:
    org = _supervision_org(user)
    return org if org is not None and user.role in SUPERVISION_WRITERS else None


def overseen_supervision_province(user: Any) -> str:
    """The province whose every plan `user` follows (its overseers), or ""."""
    org = _supervision_org(user)
    if org is None or org.kind not in SUPERVISION_OVERSEERS or org.level != "province":
        return ""
    return str(org.province_code or "")


def plan_read_q(user: Any) -> Q | None:
    """The condition on `SupervisionPlan` rows `user` reads; None: every plan."""
    if is_admin(user):
        return None
    org = _supervision_org(user)
    if org is None:
        return Q(pk__in=[])
    condition = Q(supervisor_id__in=lineage_ids([org.pk]))
    province = overseen_supervision_province(user)
    if province:
        condition |= Q(supervisor__province_code=province)
    return condition


def recommendation_read_q(user: Any) -> Q | None:
    """The condition on `Recommendation` rows `user` reads; None: every one."""
    if is_admin(user):
        return None
    org = _supervision_org(user)
    if org is None:
        return Q(pk__in=[])
    mine = lineage_ids([org.pk])
    condition = Q(plan__supervisor_id__in=mine) | Q(addressee_id__in=mine)
    province = overseen_supervision_province(user)
    if province:
        condition |= Q(plan__supervisor__province_code=province)
    return condition


def supervision_readable(qs: QuerySet[Any], condition: Q | None, user: Any) -> QuerySet[Any]:
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    return qs if condition is None else qs.filter(condition)


def supervising_bodies(user: Any) -> QuerySet[Organisation]:
    """The bodies `user` may open a plan for: its own, when it supervises (admins: any)."""
    qs = Organisation.objects.filter(kind__in=SUPERVISING_KINDS, valid_to__isnull=True)
    if is_admin(user):
        return qs.order_by("province_code", "name")
    org = _supervision_writer(user)
    return qs.filter(pk=org.pk) if org is not None else qs.none()


def can_create_plan(user: Any, supervisor: Organisation) -> Decision:
    if is_admin(user):
        return YES
    org = _supervision_writer(user)
    if org is None or org.pk != supervisor.pk:
        return Decision(False, "Chỉ cơ quan giám sát được lập kế hoạch giám sát của mình.")
    if org.kind not in SUPERVISING_KINDS:
        return Decision(False, f"{org.name} không phải HĐND hoặc Ủy ban MTTQ.")
    return YES


def can_change_plan(user: Any, plan: Any) -> Decision:
    """Edit a plan, add its visits and recommendations, reopen a recommendation."""
    if is_admin(user):
        return YES
    org = _supervision_writer(user)
    if org is None or plan.supervisor_id not in lineage_ids([org.pk]):
        return Decision(False, "Chỉ cơ quan giám sát (không phải tài khoản chỉ xem) được "
                                     "cập nhật kế hoạch giám sát này.")
    return YES


def can_respond_recommendation(user: Any, recommendation: Any) -> Decision:
    """Record a response: the addressee's officers and supervisors (or an admin)."""
    if is_admin(user):
        return YES
    org = _supervision_writer(user)
    if org is None or recommendation.addressee_id not in lineage_ids([org.pk]):
        return Decision(False, "Chỉ cơ quan nhận kiến nghị (không phải tài khoản chỉ xem) "
                                     "được trả lời kiến nghị.")
    return YES


# --- evidence requests (yêu cầu cung cấp tài liệu, chứng cứ; apps/evidence) ---------------
#
# A request is read by the body that asked (every role of it), the body asked (a People's
# Committee or department sees the requests addressed to it, not others'), and whoever
# reads the case (the Procuracy supervising it, the overseers of the province, admins).
# The asking body's officers who may change the case send and withdraw it; the officers of
# the body asked record its replies (complete, partial, written refusal); the asking body
# may record a reply it received too (it holds the case).


def evidence_request_read_q(user: Any) -> Q | None:
    """The condition on `EvidenceRequest` rows `user` may read; None: every request."""
    if is_admin(user):
        return None
    org = getattr(user, "organisation", None) if _authenticated(user) else None
    if org is None:
        return Q(pk__in=[])
    mine = lineage_ids([org.pk])
    own = Q(requested_by_id__in=mine) | Q(organisation_id__in=mine)
    case_q = case_read_q(user)
    if case_q is None:
        return None
    return own | _of_readable_case(case_q)


def readable_evidence_requests(user: Any, qs: QuerySet[Any] | None = None) -> QuerySet[Any]:
    """`qs` (every request by default) narrowed to those `user` may read."""
    from congminh.apps.evidence.models import EvidenceRequest

    qs = EvidenceRequest.objects.all() if qs is None else qs
    if not _authenticated(user):
        return qs.none()
    condition = evidence_request_read_q(user)
    return qs if condition is None else qs.filter(condition)


def can_request_evidence(user: Any, case: Any) -> Decision:
    """Send or withdraw a request (and record a reply received): officers who may change
    the case."""
    if not can_change_case(user, case):
        return Decision(False, "Chỉ cơ quan đang thụ lý vụ án được yêu cầu cung cấp tài liệu, chứng cứ.")
    return YES


def can_answer_evidence_request(user: Any, request: Any) -> Decision:
    """Record a reply (complete, partial, written refusal): officers of the body asked."""
    if is_admin(user):
        return YES
    org = _officer_org(user)
    if org is None or not request.organisation_id or request.organisation_id not in set(lineage_ids([org.pk])):
        return Decision(False, "Chỉ cơ quan, tổ chức được yêu cầu được ghi trả lời.")
    return YES


# --- the national screens (a national deployment, `congminh.apps.national`) ---------------

# The national bodies (central level) and the nation's cases each follows, by the kind of
# body holding them (None: every case): the Central Internal Affairs Commission and the
# Party's central committee oversee all judicial activities and the Supreme People's
# Procuracy supervises them all; the Supreme Court follows the courts, the Ministry of
# Public Security's investigation bodies theirs, the enforcement authority its offices.
NATIONAL_READ: dict[str, frozenset[str] | None] = {
    "internal_affairs": None,
    "party_committee": None,
    "procuracy": None,
    "court": COURT,
    "police": INVESTIGATION,
    "investigation_agency": INVESTIGATION,
    "enforcement_office": ENFORCEMENT,
}


@dataclass(frozen=True)
class NationalReach:
    """The nation's cases a user reads on the national screens: those held by bodies of
    `holder_kinds` (None: every case)."""

    holder_kinds: frozenset[str] | None = None


def national_reach(user: Any) -> NationalReach | None:
    """What `user` reads across the provinces; None for anyone but a user of a national
    body (any role) or a superuser. A province's bodies, admins included, read only their
    province, in their own deployment."""
    if not _authenticated(user):
        return None
    if user.is_superuser:
        return NationalReach()
    org = getattr(user, "organisation", None)
    if org is None or org.level != "central" or org.kind not in NATIONAL_READ:
        return None
    return NationalReach(NATIONAL_READ[org.kind])
