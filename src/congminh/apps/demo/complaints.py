"""The demo province's complaints and denunciations in judicial activity: a few hundred
across the four procedures and the province's bodies (on cases still open), most resolved (right, partly right,
wrong; some late), some extended, some still open (a few overdue), some escalated to the
second level.

Deterministic (one seeded generator, cases taken in id order) and lawful: every step goes
through `complaints.services`, so through `cases.services.case_event_append` and the law
engine's checks; a step the law refuses for a case is skipped. Each step is taken by a user
of the body that takes it (`demo.recorders`): the holder receives, the resolving body
extends and resolves; a national body's resolution (outside the registry: the second level
above a provincial court or Procuracy, ...) is entered by the administrator, and resolved
in the same share as the others. Idempotent: nothing is added when complaints already exist.
"""

from __future__ import annotations

import datetime as dt
import random

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from congminh.apps.cases.models import Case, EventSource
from congminh.apps.complaints import services
from congminh.apps.complaints.models import (
    AGAINST_BY_PROCEDURE,
    BODY_KINDS_BY_AGAINST,
    ComplainantRole,
    Complaint,
    ComplaintKind,
    ComplaintStatus,
    Outcome,
)
from congminh.apps.complaints.routing import same_level_procuracy
from congminh.apps.demo import names
from congminh.apps.demo.recorders import Recorders
from congminh.apps.organisations.models import Organisation

# Weights of what complaints are against, by procedure (custody and the investigators
# first in criminal cases; judges in civil and administrative ones).
WEIGHTS = {
    "criminal": {"custody": 3, "investigation": 5, "investigation_head": 2, "procuracy": 3,
                 "procuracy_head": 1, "court": 3, "court_head": 1},
    "civil": {"court": 6, "court_head": 1, "procuracy": 2, "procuracy_head": 1},
    "administrative": {"court": 5, "court_head": 1, "procuracy": 2, "procuracy_head": 1},
    "enforcement": {"enforcement": 6, "enforcement_security": 2, "enforcement_coercion": 3},
}
OUTCOMES = ((Outcome.WRONG, 6), (Outcome.PARTLY_RIGHT, 3), (Outcome.RIGHT, 2))
ROLES = {"criminal": (ComplainantRole.DEFENDANT, ComplainantRole.LAWYER, ComplainantRole.PARTY,
                      ComplainantRole.OTHER),
         "civil": (ComplainantRole.PARTY, ComplainantRole.PARTY, ComplainantRole.LAWYER),
         "administrative": (ComplainantRole.PARTY, ComplainantRole.LAWYER),
         "enforcement": (ComplainantRole.PARTY, ComplainantRole.PARTY, ComplainantRole.OTHER)}


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def complaints_demo_ensure(*, as_of: dt.date | None = None, count: int = 300, seed: int = 2026) -> int:
    """Create the demo complaints once; returns how many were made."""
    if Complaint.objects.exists():
        return 0
    as_of = min(as_of or timezone.localdate(), timezone.localdate())
    rng = random.Random(f"congminh-demo-complaints:{seed}")
    cases = list(Case.objects.filter(
        opened_on__isnull=False, closed_on__isnull=True, opened_on__lt=as_of - dt.timedelta(days=20), holder__valid_to__isnull=True,
        holder__kind__in=("investigation_agency", "procuracy", "court", "enforcement_office"),
    ).select_related("holder").order_by("id"))
    if not cases:
        return 0
    rng.shuffle(cases)
    recorders = Recorders()
    made = 0
    for i, case in enumerate(cases):
        if made >= count:
            break
        allowed = AGAINST_BY_PROCEDURE[case.procedure]
        against = _pick(rng, {k: v for k, v in WEIGHTS[case.procedure].items() if k in allowed})
        body = _complained_of(case.holder, against)
        if body is None:
            continue
        kind = ComplaintKind.DENUNCIATION if rng.random() < 0.15 and case.procedure != "enforcement" \
            else ComplaintKind.COMPLAINT
        assert case.opened_on is not None
        span = min((as_of - case.opened_on).days - 1, 400)
        received = as_of - dt.timedelta(days=rng.randint(1, span))
        prefix = "TC" if kind == ComplaintKind.DENUNCIATION else "KN"
        try:
            with transaction.atomic():
                c = services.complaint_receive(
                    actor=recorders.of(case.holder), case=case, kind=kind, number=f"{i + 1:04d}/{prefix}-{received.year}",
                    complainant_name=names.person(rng), complainant_role=rng.choice(ROLES[case.procedure]),
                    complainant_address=f"Thôn {rng.randint(1, 12)}, xã {rng.choice(('Ia Grai', 'Chư Păh', 'An Nhơn', 'Phù Cát', 'Tuy Phước'))}",
                    complainant_id_number=f"0{rng.randint(52_000_000_000, 52_999_999_999)}",
                    against=against, complained_of=body, received_on=received,
                    official=f"Quyết định số {rng.randint(1, 300)}/QĐ ngày {received:%d/%m/%Y}"
                    if rng.random() < 0.5 else "", source=EventSource.IMPORT)
        except ValidationError:
            continue
        made += 1
        _advance(rng, c, as_of, recorders)
    return made


def _complained_of(holder: Organisation, against: str) -> Organisation | None:
    """The body whose official the complaint names: the holder, or for a prosecutor the
    Procuracy of the holder's level."""
    if against.startswith("procuracy"):
        return same_level_procuracy(holder)
    if against == "custody" or holder.kind in BODY_KINDS_BY_AGAINST[against]:
        return holder
    return None


def _advance(rng: random.Random, c: Complaint, as_of: dt.date, recorders: Recorders) -> None:
    """Extend now and then, resolve most (some late), escalate some wrong outcomes; the
    second level too, wherever it goes."""
    resolver = recorders.of(c.resolver)
    try:
        with transaction.atomic():
            if rng.random() < 0.2 and c.due and c.due < as_of:
                services.complaint_extend(actor=resolver, complaint=c, date=c.due - dt.timedelta(days=1)
                                          if c.due - dt.timedelta(days=1) >= c.received_on else c.received_on,
                                          days=15 if c.kind == "complaint" else 30, source=EventSource.IMPORT)
    except ValidationError:
        c.refresh_from_db()
    recent = (as_of - c.received_on).days <= 60
    if c.due is None or (rng.random() < 0.12 and (recent or rng.random() < 0.3)):
        return  # still open (overdue when its due date passed)
    limit = (c.due - c.received_on).days
    took = rng.randint(1, max(limit, 1)) if rng.random() < 0.8 else limit + rng.randint(1, 10)
    day = c.received_on + dt.timedelta(days=took)
    if day > as_of:
        return
    outcome = rng.choices([o for o, _w in OUTCOMES], weights=[w for _o, w in OUTCOMES])[0]
    try:
        with transaction.atomic():
            services.complaint_resolve(actor=resolver, complaint=c, date=day, outcome=outcome,
                                       decision_number=f"{rng.randint(1, 200)}/QĐ-GQKN",
                                       source=EventSource.IMPORT)
    except ValidationError:
        return
    if (c.level == "first" and outcome != Outcome.RIGHT and rng.random() < 0.3
            and c.status == ComplaintStatus.RESOLVED):
        second_day = day + dt.timedelta(days=rng.randint(1, 3))
        if second_day > as_of:
            return
        route = services.escalation_route(c, second_day)
        try:
            with transaction.atomic():
                # received by the second-level body, else (outside the registry) by the first
                second = services.complaint_escalate(
                    actor=recorders.of(route.body or c.resolver), complaint=c, number=f"{c.number}-L2",
                    received_on=second_day, source=EventSource.IMPORT)
        except ValidationError:
            return
        _advance(rng, second, as_of, recorders)
