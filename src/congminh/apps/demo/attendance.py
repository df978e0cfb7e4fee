"""The demo province's summonses and attendance in administrative cases (directive point 1).

For each administrative case whose sued party is one of the province's People's
Committees, the court's sessions as the case's log places them: the meeting on evidence
and the dialogue (Luật TTHC 2015 Đ.136–140) one to two and a half months after
acceptance, a second dialogue when the committee stayed away from the first, the hearing
on the day of the judgment (sometimes after a first hearing postponed for the committee's
absence), and a written opinion due 10 days after the notice of acceptance (Đ.128 k1:
"Trong thời hạn 10 ngày kể từ ngày nhận được thông báo, người bị kiện ... phải nộp cho
Tòa án văn bản ghi ý kiến của mình"; read as 13 days after acceptance, allowing three
days for the notice to arrive).

Who attends differs from one committee to another as it does in life: each committee has
its own habits (drawn from its code), so the absence rates give a league table to read.
Everything is drawn from a random generator seeded by the case's own number: the same
database gives the same summonses, and running it again adds nothing (a case that already
has summonses is skipped). Each row is built and checked by `attendance.services`, as a
court's clicks are, then written in bulk a batch of cases at a time (rows and audit entries
in the order the clicks would have made them): at the P size, tens of thousands of rows.
"""

from __future__ import annotations

import datetime as dt
import random
import zlib
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from congminh.apps.accounts.models import Role, User
from congminh.apps.attendance import services
from congminh.apps.attendance.models import Attendance, Presence, SessionKind, Summons
from congminh.apps.audit.models import AuditEntry
from congminh.apps.audit.services import audit_entries
from congminh.apps.cases.models import AgencyNumber, Case, CaseEvent
from congminh.apps.demo.recorders import Recorders
from congminh.apps.organisations.models import Organisation
from congminh.core.text import fold
from congminh.sql import analyze_after_load

# The demo account of a sued People's Committee (the committee summoned most often).
COMMITTEE_USER = "ubndxa"
# Days between acceptance and the written opinion's due day (Đ.128 k1: 10 days from the
# notice, which arrives about three days after acceptance).
OPINION_DAYS = 13
REASONS = (
    "Chủ tịch bận tiếp công dân định kỳ",
    "Trùng lịch họp Ban Thường vụ",
    "Chủ tịch đi công tác theo kế hoạch của tỉnh",
    "Chủ tịch ốm, có giấy xác nhận của cơ sở y tế",
    "Đang kiện toàn chức danh Chủ tịch",
)
ATTENDEES_OTHER = ("Công chức địa chính - xây dựng", "Công chức tư pháp - hộ tịch",
                   "Văn phòng Ủy ban nhân dân", "Trưởng phòng Kinh tế")
BATCH = 500  # cases whose rows are written together

VICE_CHAIRS = ("Nguyễn Văn Hùng", "Trần Thị Mai", "Lê Quang Vinh", "Phạm Thị Hạnh",
               "Võ Đình Lộc", "Đặng Minh Tuấn", "Huỳnh Thị Lan")


@dataclass
class DemoAttendanceResult:
    cases: int = 0
    summonses: int = 0
    records: int = 0


@dataclass
class _CaseRows:
    """One case's new rows, unsaved, in the order the services would have saved them."""

    actor: User
    summonses: list[Summons] = field(default_factory=list)
    records: list[tuple[Attendance, dict[str, tuple[Any, Any]]]] = field(default_factory=list)

    def audits(self) -> list[AuditEntry]:
        """Each summons' entry, then each record's (`attendance.services`' actions)."""
        out = []
        for s in self.summonses:
            out += audit_entries(actor=self.actor, action="attendance:summons:create", obj=s,
                                 case_id=s.case_id, changes=services.summons_changes(s))
        for record, changes in self.records:
            out += audit_entries(actor=self.actor, action="attendance:record:create", obj=record,
                                 case_id=record.summons.case_id, changes=changes)
        return out


def _habits(committee: Organisation) -> list[float]:
    """Weights of chair, vice-chair, someone else, absent with and without a reason."""
    r = random.Random(zlib.crc32(committee.code.encode()))
    chair = r.choice((0.05, 0.1, 0.2, 0.35))
    other = r.choice((0.02, 0.05, 0.1, 0.15))
    absent = r.choice((0.08, 0.15, 0.25, 0.4))
    return [chair, 1.0, other, absent * 0.55, absent * 0.45]


def _committees() -> dict[str, Organisation]:
    found: dict[str, Organisation] = {}
    for org in Organisation.objects.filter(kind="peoples_committee").order_by("valid_to", "code"):
        found.setdefault(org.name_folded, org)
    return found


def _record(rows: _CaseRows, rng: random.Random, summons: Summons, weights: list[float],
            as_of: dt.date, opinion_due: dt.date | None, force_absent: bool = False) -> bool:
    if summons.date > as_of:
        return False
    presences = list(Presence.values)
    presence = (Presence.ABSENT_WITHOUT_REASON.value if rng.random() < 0.5 else
                Presence.ABSENT_WITH_REASON.value) if force_absent else rng.choices(presences, weights)[0]
    auth_no, auth_date, name, reason = "", None, "", ""
    if presence == Presence.VICE_CHAIR:
        auth_date = summons.date - dt.timedelta(days=rng.randint(1, 20))
        auth_no = f"{rng.randint(1, 250)}/GUQ-UBND"
        name = f"{rng.choice(VICE_CHAIRS)}, Phó Chủ tịch UBND"
    elif presence == Presence.CHAIR:
        name = "Chủ tịch UBND"
    elif presence == Presence.OTHER:
        name = rng.choice(ATTENDEES_OTHER)
    elif presence == Presence.ABSENT_WITH_REASON:
        reason = rng.choice(REASONS)
    filed = None
    if opinion_due is not None:
        draw = rng.random()
        if draw < 0.6:
            filed = opinion_due - dt.timedelta(days=rng.randint(0, 10))
        elif draw < 0.85:
            filed = opinion_due + dt.timedelta(days=rng.randint(1, 40))
        if filed is not None and filed > as_of:
            filed = None
    rows.records.append(services.attendance_build(
        actor=rows.actor, summons=summons, presence=presence, attendee_name=name,
        authorisation_number=auth_no, authorisation_date=auth_date, absence_reason=reason,
        opinion_filed_on=filed, today=as_of))
    return True


def _summon(rows: _CaseRows, case: Case, kind: str, day: dt.date, committee: Organisation,
            opinion_due: dt.date | None = None) -> Summons:
    summons = services.summons_build(actor=rows.actor, case=case, kind=kind, date=day,
                                     committee=committee, opinion_due=opinion_due,
                                     check_relations=False)
    rows.summonses.append(summons)
    return summons


def _case_sessions(case: Case, committee: Organisation, as_of: dt.date, events: dict[str, dt.date],
                   key: str, result: DemoAttendanceResult, rows: _CaseRows) -> None:
    """`case`'s summonses and records into `rows`; `events`: the first day of each type
    in its log, `key`: its first number (the seed of its generator)."""
    accepted = events.get("accepted")
    if accepted is None:
        return
    rng = random.Random(f"attendance:{key}:{case.title}")
    weights = _habits(committee)
    trial = events.get("brought_to_trial")
    judged = events.get("judgment_pronounced")
    end = events.get("closed") or events.get("suspended")
    meeting = accepted + dt.timedelta(days=rng.randint(30, 75))
    limit = trial or end
    if limit is not None and meeting >= limit:
        meeting = accepted + dt.timedelta(days=max(1, (limit - accepted).days // 2))
    if meeting > as_of + dt.timedelta(days=30):
        return
    due = accepted + dt.timedelta(days=OPINION_DAYS)
    made: list[tuple[Summons, dt.date | None, bool]] = []
    made.append((_summon(rows, case, SessionKind.EVIDENCE_MEETING, meeting, committee, due), due, False))
    dialogue = _summon(rows, case, SessionKind.DIALOGUE, meeting, committee)
    first_absent = rng.random() < weights[3] + weights[4] - 0.05
    made.append((dialogue, None, first_absent))
    again = meeting + dt.timedelta(days=rng.randint(10, 20))
    if first_absent and (limit is None or again < limit) and again <= as_of + dt.timedelta(days=30):
        made.append((_summon(rows, case, SessionKind.DIALOGUE, again, committee), None, False))
    if judged is not None and trial is not None:
        if rng.random() < 0.25 and (judged - trial).days > 8:
            first = trial + dt.timedelta(days=rng.randint(3, (judged - trial).days - 5))
            made.append((_summon(rows, case, SessionKind.HEARING, first, committee), None, True))
        made.append((_summon(rows, case, SessionKind.HEARING, judged, committee), None, False))
    elif trial is not None:
        hearing = trial + dt.timedelta(days=rng.randint(10, 20))
        made.append((_summon(rows, case, SessionKind.HEARING, hearing, committee), None, False))
    result.cases += 1
    result.summonses += len(made)
    for summons, opinion_due, absent in made:
        if rng.random() < 0.06 and summons.date > as_of - dt.timedelta(days=20):
            continue  # held recently, the clerk has not recorded it yet
        if _record(rows, rng, summons, weights, as_of, opinion_due, force_absent=absent):
            result.records += 1


@transaction.atomic
def demo_attendance_ensure(*, as_of: dt.date) -> DemoAttendanceResult:
    """Summonses and attendance for the demo's administrative cases; idempotent."""
    result = DemoAttendanceResult()
    committees = _committees()
    done = set(Summons.objects.values_list("case_id", flat=True))
    cases = Case.objects.filter(procedure="administrative").exclude(pk__in=done).order_by("pk")
    recorders = Recorders()  # the court's clerk summons and records who came
    sued = []
    for case in cases.select_related("holder").prefetch_related("parties"):
        respondent = next((p for p in case.parties.all() if p.role == "respondent"), None)
        committee = committees.get(fold(respondent.name)) if respondent else None
        if committee is not None:
            sued.append((case, committee))
    for start in range(0, len(sued), BATCH):
        _batch(sued[start:start + BATCH], as_of, result, recorders)
    analyze_after_load([Summons._meta.db_table, Attendance._meta.db_table],
                       result.summonses + result.records)
    _committee_user_ensure()
    return result


def _batch(sued: list[tuple[Case, Organisation]], as_of: dt.date, result: DemoAttendanceResult,
           recorders: Recorders) -> None:
    """Build a batch of cases' rows, then insert them. A body's first clerk is made (with
    its audit entry) after the rows built before it are written, as one by one."""
    firsts, numbers = _logs([case.pk for case, _c in sued])
    pending: list[_CaseRows] = []
    for case, committee in sued:
        if not recorders.knows(case.holder_id):
            _write(pending)
            pending = []
        clerk = recorders.of(case.holder)
        assert clerk is not None  # a case always has a holder
        rows = _CaseRows(clerk)
        _case_sessions(case, committee, as_of, firsts[case.pk], numbers.get(case.pk) or str(case.pk),
                       result, rows)
        pending.append(rows)
    _write(pending)


def _logs(ids: list[int]) -> tuple[dict[int, dict[str, dt.date]], dict[int, str]]:
    """The first day of each event type in each case's log, and each case's first number."""
    firsts: dict[int, dict[str, dt.date]] = {i: {} for i in ids}
    for case_id, type_, date in CaseEvent.objects.filter(
            case_id__in=ids, withdrawn_at__isnull=True).order_by("case_id", "date", "id").values_list(
            "case_id", "type", "date"):
        firsts[case_id].setdefault(type_, date)
    numbers: dict[int, str] = {}
    for case_id, number in AgencyNumber.objects.filter(case_id__in=ids).order_by(
            "case_id", "id").values_list("case_id", "number"):
        numbers.setdefault(case_id, number)
    return firsts, numbers


def _write(written: list[_CaseRows]) -> None:
    Summons.objects.bulk_create([s for rows in written for s in rows.summonses])
    Attendance.objects.bulk_create([r for rows in written for r, _changes in rows.records])
    AuditEntry.objects.bulk_create([e for rows in written for e in rows.audits()])


def _committee_user_ensure() -> None:
    """The demo account of the People's Committee summoned most often (ties: by code)."""
    from congminh.apps.demo.services import DEMO_PASSWORD

    if User.objects.filter(username=COMMITTEE_USER).exists():
        return
    counts: dict[int, int] = {}
    for cid in Summons.objects.values_list("committee_id", flat=True):
        counts[cid] = counts.get(cid, 0) + 1
    if not counts:
        return
    orgs = Organisation.objects.in_bulk(list(counts))
    best = min(counts, key=lambda cid: (-counts[cid], orgs[cid].code))
    user = User(username=COMMITTEE_USER, role=Role.OFFICER, organisation=orgs[best])
    user.set_password(DEMO_PASSWORD)
    user.full_clean()
    user.save()
