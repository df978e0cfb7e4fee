"""The demo province's judicial expertise: the departments that can be asked, the roster
(organisations by field, a few dozen experts), demo users for the Department of Justice
and two bodies asked, and a few hundred expertise requests on the demo cases.

Deterministic (one seeded generator, cases taken in id order) and lawful: every step is
recorded through `expertise.services`, so through `cases.services.case_event_append` and
the law engine's checks. Idempotent: nothing is added when requests already exist.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from congminh.apps.accounts.models import User
from congminh.apps.cases.models import Case, EventSource
from congminh.apps.demo import names
from congminh.apps.demo.recorders import Recorders
from congminh.apps.expertise import services
from congminh.apps.expertise.models import (
    Expert,
    ExpertiseField,
    ExpertiseRequest,
    ExpertKind,
    RefusalReason,
    RosterKind,
)
from congminh.apps.organisations.models import Organisation
from congminh.apps.organisations.services import organisations_load

DEPARTMENTS = (Path(__file__).resolve().parent.parent / "organisations" / "data"
               / "gia-lai-departments.yaml")
LISTED_FROM = dt.date(2025, 7, 1)  # the merged province's first roster
MERGER = dt.date(2025, 7, 1)
DEMO_PASSWORD = "congminh2026"

# (login, organisation code): the Department of Justice keeps the roster; the forensic
# centre and the finance department answer requests.
USERS = (("sotuphap", "GL-SO-TP"), ("phapy", "GL-PY"), ("sotaichinh", "GL-SO-TC"))
ROSTER_KEEPER = USERS[0][0]  # the Department of Justice's officer keeps the roster

# field code -> (body asked, roster kind, criminal kinds of expertise it serves)
ASKED = {
    "phap-y": ("GL-PY", RosterKind.PUBLIC, ("injury", "cause_of_death", "age")),
    "phap-y-tam-than": ("GL-PYTT", RosterKind.PUBLIC, ("mental_state",)),
    "ky-thuat-hinh-su": ("GL-KTHS", RosterKind.PUBLIC, ("controlled_items", "other")),
    "tai-chinh": ("GL-SO-TC", RosterKind.AD_HOC, ("other",)),
    "ke-toan": ("GL-SO-TC", RosterKind.AD_HOC, ("other",)),
    "thue": ("GL-THUE", RosterKind.AD_HOC, ("other",)),
    "ngan-hang": ("GL-NHNN", RosterKind.AD_HOC, ("other",)),
    "xay-dung": ("GL-SO-XD", RosterKind.AD_HOC, ("other",)),
    "tai-nguyen-moi-truong": ("GL-SO-NNMT", RosterKind.AD_HOC, ("environmental_pollution", "other")),
    "nong-nghiep": ("GL-SO-NNMT", RosterKind.AD_HOC, ("other",)),
    "van-hoa": ("GL-SO-VHTTDL", RosterKind.AD_HOC, ("other",)),
    "cong-thuong": ("GL-SO-CT", RosterKind.AD_HOC, ("other",)),
    "khoa-hoc-cong-nghe": ("GL-SO-KHCN", RosterKind.AD_HOC, ("other",)),
    "y-te-duoc": ("GL-SO-YT", RosterKind.AD_HOC, ("other",)),
}
# Fields a civil or administrative court asks about, and criminal ones (weights).
CIVIL_FIELDS = (("xay-dung", 5), ("tai-nguyen-moi-truong", 4), ("nong-nghiep", 2), ("tai-chinh", 2),
                ("ngan-hang", 2), ("phap-y", 1), ("van-hoa", 1))
CRIMINAL_FIELDS = (("phap-y", 12), ("ky-thuat-hinh-su", 6), ("tai-chinh", 3), ("ke-toan", 2),
                   ("thue", 2), ("ngan-hang", 1), ("phap-y-tam-than", 1), ("xay-dung", 1),
                   ("tai-nguyen-moi-truong", 1), ("cong-thuong", 1), ("khoa-hoc-cong-nghe", 1),
                   ("y-te-duoc", 1))
# Bodies asked outside their listed fields now and then (their refusals are not push-backs).
OFF_FIELD = ("GL-SO-CT", "GL-SO-KHCN", "GL-SO-VHTTDL")
QUESTIONS = {
    "phap-y": "Xác định tỷ lệ tổn thương cơ thể và cơ chế hình thành thương tích.",
    "phap-y-tam-than": "Xác định tình trạng tâm thần và khả năng nhận thức, điều khiển hành vi.",
    "ky-thuat-hinh-su": "Giám định chữ ký, chữ viết và dấu vết trên tài liệu thu giữ.",
    "tai-chinh": "Xác định giá trị thiệt hại về tài sản, tiền.",
    "ke-toan": "Xác định số liệu kế toán, chênh lệch thu chi trong kỳ.",
    "thue": "Xác định số thuế phải nộp và số thuế bị chiếm đoạt.",
    "ngan-hang": "Xác định việc cho vay, thu nợ có đúng quy định của ngân hàng không.",
    "xay-dung": "Xác định chất lượng công trình, khối lượng và giá trị thi công.",
    "tai-nguyen-moi-truong": "Xác định mức độ ô nhiễm, diện tích đất, ranh giới thửa đất.",
    "nong-nghiep": "Xác định thiệt hại cây trồng, vật nuôi.",
    "van-hoa": "Xác định giá trị văn hóa, lịch sử của hiện vật.",
    "cong-thuong": "Xác định hàng hóa giả, kém chất lượng.",
    "khoa-hoc-cong-nghe": "Xác định đo lường, chất lượng sản phẩm.",
    "y-te-duoc": "Xác định chất lượng thuốc, thiết bị y tế.",
}


@dataclass
class ExpertiseDemo:
    organisations_created: int
    users_created: int
    requests: int


def expertise_demo_ensure(*, as_of: dt.date | None = None, count: int = 300, seed: int = 2026) -> ExpertiseDemo:
    """Bodies, roster, users and (once) the requests. Running it again changes nothing."""
    loaded = organisations_load(path=DEPARTMENTS)
    created_users = _users()
    _roster()
    made = 0
    if not ExpertiseRequest.objects.exists():
        made = _requests(as_of=as_of or timezone.localdate(), count=count, seed=seed)
    return ExpertiseDemo(loaded.created, created_users, made)


def _users() -> int:
    orgs = Organisation.objects.in_bulk([c for _u, c in USERS], field_name="code")
    made = 0
    for username, code in USERS:
        if code in orgs and not User.objects.filter(username=username).exists():
            user = User(username=username, role="officer", organisation=orgs[code])
            user.set_password(DEMO_PASSWORD)
            user.full_clean()
            user.save()
            made += 1
    return made


@transaction.atomic
def _roster() -> None:
    """The Department of Justice keeps the roster: its demo officer (`sotuphap`) records it."""
    fields = {f.code: f for f in ExpertiseField.objects.all()}
    orgs = Organisation.objects.in_bulk([a[0] for a in ASKED.values()], field_name="code")
    keeper = User.objects.filter(username=ROSTER_KEEPER).first()
    for code, (org_code, kind, _kinds) in ASKED.items():
        if org_code in orgs and code in fields:
            services.roster_entry_save(actor=keeper, organisation=orgs[org_code], field=fields[code],
                                       kind=kind, listed_on=LISTED_FROM,
                                       decision_number="1520/QĐ-UBND")
    rng = random.Random("congminh-demo-experts")
    for i in range(40):
        code = rng.choice(list(ASKED))
        org = orgs.get(ASKED[code][0])
        name = names.person(rng)
        dismissed = dt.date(2026, rng.randint(1, 10), rng.randint(1, 28)) if i % 13 == 5 else None
        services.expert_save(
            actor=keeper, name=name, fields=[fields[code]], organisation=org,
            kind=ExpertKind.JUDICIAL_EXPERT if i % 4 else ExpertKind.AD_HOC,
            appointed_on=dt.date(2025, rng.randint(7, 12), rng.randint(1, 28)),
            dismissed_on=dismissed, decision_number=f"{100 + i}/QĐ-UBND",
            expert=Expert.objects.filter(name=name, decision_number=f"{100 + i}/QĐ-UBND").first())


def _candidates(as_of: dt.date) -> list[Case]:
    """Cases of the merged province's investigation bodies and courts opened since the
    merger (at least a month ago); the expertise is placed inside the case's life."""
    return list(Case.objects.filter(
        opened_on__gte=MERGER, opened_on__lt=as_of - dt.timedelta(days=30),
        holder__valid_to__isnull=True,
        holder__kind__in=("police", "investigation_agency", "court"),
        procedure__in=("criminal", "civil", "administrative"),
    ).select_related("holder").order_by("id"))


def _requests(*, as_of: dt.date, count: int, seed: int) -> int:
    rng = random.Random(f"congminh-demo-expertise:{seed}")
    fields = {f.code: f for f in ExpertiseField.objects.all()}
    orgs = Organisation.objects.in_bulk(
        [*{a[0] for a in ASKED.values()}, *OFF_FIELD], field_name="code")
    cases = _candidates(as_of)
    rng.shuffle(cases)
    recorders = Recorders()
    made = 0
    for case in cases:
        if made >= count:
            break
        try:
            with transaction.atomic():
                _one(rng, case, fields, orgs, as_of, made + 1, recorders)
        except ValidationError:
            continue  # the law refused a step on this case's history: leave the case alone
        made += 1
    return made


def _one(rng: random.Random, case: Case, fields: dict[str, ExpertiseField],
         orgs: dict[str, Organisation], as_of: dt.date, n: int, recorders: Recorders) -> None:
    """One request, ordered and sent by the case's holder, answered by the body asked."""
    table = CRIMINAL_FIELDS if case.procedure == "criminal" else CIVIL_FIELDS
    code = rng.choices([c for c, _w in table], weights=[w for _c, w in table])[0]
    org_code, _kind, kinds = ASKED[code]
    off_field = rng.random() < 0.06
    if off_field:
        org_code = rng.choice(OFF_FIELD)
    kind = rng.choice(kinds) if case.procedure == "criminal" else "other"
    start = max(case.opened_on or MERGER, MERGER) + dt.timedelta(days=1)
    end = min(case.closed_on or as_of, as_of)  # a closed case's expertise ended before it
    span = (end - start).days - 3
    if span < 5:
        raise ValidationError("too recent")
    decided = _weekday(start + dt.timedelta(days=int(rng.random() ** 1.8 * span)))  # mostly older
    received = _weekday(decided + dt.timedelta(days=rng.randint(0, 3)))
    if received >= end:
        raise ValidationError("too recent")
    asking, answering = recorders.of(case.holder), recorders.of(orgs[org_code])
    req = services.expertise_request_create(
        actor=asking, case=case, ref=f"{n}/QĐ-TCGĐ-{decided.year}", field=fields[code],
        questions=QUESTIONS[code], decided_on=decided, organisation=orgs[org_code],
        expertise_kind=kind, complex=rng.random() < 0.12)
    req = services.expertise_request_send(actor=asking, request=req, received_on=received,
                                          source=EventSource.DEMO)
    roll = rng.random()
    refuse_p = 0.6 if off_field else 0.12
    if roll < refuse_p:
        day = _working_days_after(received, rng.randint(1, 8))
        if day < end:
            reason = (RefusalReason.OUTSIDE_FIELD if off_field else
                      rng.choice((RefusalReason.NO_EXPERT, RefusalReason.NO_EQUIPMENT,
                                  RefusalReason.TIME_TOO_SHORT, RefusalReason.INCOMPLETE_FILE)))
            services.expertise_request_refuse(actor=answering, request=req, date=day, reason=reason,
                                              source=EventSource.DEMO)
        elif case.closed_on is not None:  # the case closed first: no open request left behind
            raise ValidationError("the case closed before the refusal")
        return
    assert req.limit_days is not None
    if case.closed_on is None and rng.random() < 0.2:  # the expert asks for extra documents
        asked = received + dt.timedelta(days=max(1, int(req.limit_days * rng.uniform(0.1, 0.5))))
        if asked >= end:
            return
        req = services.expertise_documents_request(actor=answering, request=req, date=asked,
                                                   note="Bổ sung hồ sơ, mẫu vật", source=EventSource.DEMO)
        back = asked + dt.timedelta(days=rng.randint(5, 40))
        if back >= end:
            return
        req = services.expertise_documents_receive(actor=answering, request=req, date=back,
                                                   source=EventSource.DEMO)
    assert req.limit_days is not None
    done = received + dt.timedelta(days=req.paused_days + int(req.limit_days * rng.uniform(0.3, 1.35)))
    if case.closed_on is not None:
        done = min(done, case.closed_on - dt.timedelta(days=1))
    if done <= received:
        raise ValidationError("no time for the expertise before the case closed")
    if done < end and (case.closed_on is not None or rng.random() < 0.75):  # others: still open
        services.expertise_request_conclude(actor=answering, request=req, date=done,
                                            conclusion_number=f"{n}/KL-GĐ",
                                            source=EventSource.DEMO)


def _weekday(day: dt.date) -> dt.date:
    """Offices receive on working days: a weekend date moves to the Monday."""
    return day + dt.timedelta(days=(7 - day.weekday()) % 7 if day.weekday() >= 5 else 0)


def _working_days_after(day: dt.date, n: int) -> dt.date:
    """`n` Monday-to-Friday days after `day` (holidays ignored: the engine decides lateness)."""
    while n:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day
