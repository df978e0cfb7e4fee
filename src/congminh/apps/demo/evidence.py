"""The demo province's evidence requests (yêu cầu cung cấp tài liệu, chứng cứ): a few
hundred requests from the courts (and some investigation bodies) to the province's
communes' People's Committees, its departments and a few holders outside the registry,
with a realistic spread of answers on time, late, partial, refused in writing and still
pending. Each commune has its own habits (drawn from its code), so the league table has
something to read; the demo People's Committee user (`ubndxa`) gets its share.

Deterministic (one seeded generator, cases taken in id order) and lawful: every step goes
through `evidence.services`, so through `cases.services.case_event_append` and the law
engine's checks. Idempotent: nothing is added when requests already exist.
"""

from __future__ import annotations

import datetime as dt
import random
import zlib
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from congminh.apps.accounts.models import User
from congminh.apps.cases.models import Case, EventSource
from congminh.apps.demo.recorders import Recorders
from congminh.apps.evidence import services
from congminh.apps.evidence.models import EvidenceRequest, ReplyKind
from congminh.apps.organisations.models import Organisation

MERGER = dt.date(2025, 7, 1)
COMMITTEE_USER = "ubndxa"  # the demo People's Committee (apps/demo/attendance.py)
DOCUMENTS_COMMUNE = (
    "Hồ sơ cấp giấy chứng nhận quyền sử dụng đất và biên bản xác minh nguồn gốc đất.",
    "Hồ sơ địa chính, sổ mục kê và bản đồ địa chính thửa đất tranh chấp.",
    "Biên bản hòa giải tranh chấp đất đai tại Ủy ban nhân dân xã.",
    "Hồ sơ đăng ký kết hôn, khai sinh lưu tại Ủy ban nhân dân xã.",
    "Văn bản xác nhận nơi cư trú và hoàn cảnh gia đình của đương sự.",
    "Hồ sơ bồi thường, hỗ trợ giải phóng mặt bằng và phương án được phê duyệt.",
    "Quyết định xử phạt vi phạm hành chính và hồ sơ kèm theo.",
)
DOCUMENTS_DEPARTMENT = (
    "Hồ sơ thẩm định, phê duyệt dự án và giấy phép xây dựng.",
    "Hồ sơ giao đất, cho thuê đất và quyết định thu hồi đất.",
    "Hồ sơ đăng ký doanh nghiệp và các lần thay đổi.",
    "Báo cáo kết quả thanh tra và hồ sơ kèm theo.",
    "Văn bản trả lời về quy hoạch sử dụng đất tại khu vực tranh chấp.",
)
OTHER_HOLDERS = (
    "Văn phòng công chứng Phù Đổng", "Chi nhánh Văn phòng đăng ký đất đai khu vực An Khê",
    "Ngân hàng TMCP Đầu tư và Phát triển Việt Nam, chi nhánh Gia Lai",
    "Bệnh viện đa khoa tỉnh Gia Lai", "Công ty Điện lực Gia Lai",
)
REFUSALS = (
    "Hồ sơ đã chuyển lưu trữ lịch sử, không còn lưu tại cơ quan.",
    "Tài liệu thuộc bí mật nhà nước, đề nghị Tòa án liên hệ cơ quan có thẩm quyền.",
    "Không quản lý hồ sơ được yêu cầu.",
)


@dataclass
class EvidenceDemo:
    requests: int


def evidence_demo_ensure(*, as_of: dt.date | None = None, count: int = 320, seed: int = 2026) -> EvidenceDemo:
    """The requests, once. Running it again changes nothing."""
    if EvidenceRequest.objects.exists():
        return EvidenceDemo(0)
    return EvidenceDemo(_requests(as_of=as_of or timezone.localdate(), count=count, seed=seed))


def _habit(org: Organisation) -> tuple[float, float, float]:
    """(chance of answering late, of refusing in writing, of a partial first reply)."""
    r = random.Random(zlib.crc32(org.code.encode()))
    return r.choice((0.08, 0.15, 0.3, 0.5)), r.choice((0.0, 0.03, 0.06, 0.12)), r.choice((0.05, 0.12, 0.2))


def _candidates(as_of: dt.date) -> list[Case]:
    """Civil and administrative cases of the merged province's courts, and some criminal
    cases of its investigation bodies, opened since the merger at least three weeks ago."""
    return list(Case.objects.filter(
        opened_on__gte=MERGER, opened_on__lt=as_of - dt.timedelta(days=21),
        holder__valid_to__isnull=True,
    ).filter(
        holder__kind="court", procedure__in=("civil", "administrative"),
    ).select_related("holder").order_by("id")) + list(Case.objects.filter(
        opened_on__gte=MERGER, opened_on__lt=as_of - dt.timedelta(days=21),
        holder__valid_to__isnull=True, holder__kind__in=("police", "investigation_agency"),
        procedure="criminal",
    ).select_related("holder").order_by("id")[:200])


def _requests(*, as_of: dt.date, count: int, seed: int) -> int:
    rng = random.Random(f"congminh-demo-evidence:{seed}")
    cases = _candidates(as_of)
    if not cases:
        return 0
    rng.shuffle(cases)
    provinces = {c.holder.province_code for c in cases}
    communes = {p: list(Organisation.objects.filter(
        kind="peoples_committee", level="commune", valid_to__isnull=True, province_code=p).order_by("code"))
        for p in provinces}
    departments = {p: list(Organisation.objects.filter(
        kind="department", valid_to__isnull=True, province_code=p).order_by("code")) for p in provinces}
    demo_user = User.objects.filter(username=COMMITTEE_USER).select_related("organisation").first()
    demo_committee = demo_user.organisation if demo_user is not None else None
    recorders = Recorders()
    made = 0
    for case in cases:
        if made >= count:
            break
        p = case.holder.province_code
        roll = rng.random()
        organisation: Organisation | None = None
        holder = ""
        if demo_committee is not None and made % 12 == 5:
            organisation = demo_committee
        elif roll < 0.66 and communes.get(p):
            organisation = rng.choice(communes[p])
        elif roll < 0.94 and departments.get(p):
            organisation = rng.choice(departments[p])
        else:
            holder = rng.choice(OTHER_HOLDERS)
        try:
            with transaction.atomic():
                _one(rng, case, organisation, holder, as_of, made + 1, recorders)
        except ValidationError:
            continue  # the law refused a step on this case's history: leave the case alone
        made += 1
    return made


def _one(rng: random.Random, case: Case, organisation: Organisation | None, holder: str,
         as_of: dt.date, n: int, recorders: Recorders) -> None:
    """One request, sent and withdrawn by the case's holder, answered by the body asked (by
    the holder when the holder of the documents is outside the registry)."""
    asking = recorders.of(case.holder)
    answering = recorders.of(organisation) if organisation is not None else asking
    start = max(case.opened_on or MERGER, MERGER) + dt.timedelta(days=2)
    end = min(case.closed_on or as_of, as_of)
    span = (end - start).days - 2
    if span < 5:
        raise ValidationError("too recent")
    sent = _weekday(start + dt.timedelta(days=int(rng.random() ** 1.5 * span)))
    if sent >= end:
        raise ValidationError("too recent")
    commune = organisation is not None and organisation.kind == "peoples_committee"
    documents = rng.choice(DOCUMENTS_COMMUNE if commune or organisation is None else DOCUMENTS_DEPARTMENT)
    req = services.evidence_request_send(
        actor=asking, case=case, ref=f"{n}/{sent.year}/CV-YCCC", documents=documents, sent_on=sent,
        organisation=organisation, holder_name=holder, source=EventSource.DEMO)
    late_p, refuse_p, partial_p = _habit(organisation) if organisation else (0.2, 0.05, 0.1)
    if rng.random() < 0.02:
        day = sent + dt.timedelta(days=rng.randint(2, 10))
        if day < end:
            services.evidence_request_withdraw(actor=asking, request=req, date=day,
                                               reason="Đương sự đã tự nộp tài liệu, chứng cứ.")
            return
    if rng.random() < refuse_p:
        day = sent + dt.timedelta(days=rng.randint(5, 25))
        if day < end:
            services.evidence_reply_record(actor=answering, request=req, date=day, kind=ReplyKind.REFUSAL,
                                           note=rng.choice(REFUSALS), document_number=f"{n}/UBND-TL",
                                           source=EventSource.DEMO)
            return
    if rng.random() < partial_p:
        day = sent + dt.timedelta(days=rng.randint(4, 14))
        if day < end:
            services.evidence_reply_record(actor=answering, request=req, date=day, kind=ReplyKind.PARTIAL,
                                           note="Cung cấp một phần hồ sơ, phần còn lại đang tìm.",
                                           source=EventSource.DEMO)
            if case.closed_on is None and rng.random() < 0.4:
                return  # the rest never came: partly answered, overdue after its due date
    days = rng.randint(17, 75) if rng.random() < late_p else rng.randint(3, 15)
    done = sent + dt.timedelta(days=days)
    if case.closed_on is not None:
        done = min(done, case.closed_on - dt.timedelta(days=1))
    if done <= sent:
        raise ValidationError("no time for a reply before the case closed")
    if done < end:
        services.evidence_reply_record(actor=answering, request=req, date=done, kind=ReplyKind.COMPLETE,
                                       note="Đã cung cấp bản sao có chứng thực.",
                                       document_number=f"{n}/TL-CC", source=EventSource.DEMO)
    elif case.closed_on is not None:
        raise ValidationError("the case closed before the reply")


def _weekday(day: dt.date) -> dt.date:
    """Offices receive on working days: a weekend date moves to the Monday."""
    return day + dt.timedelta(days=(7 - day.weekday()) % 7 if day.weekday() >= 5 else 0)
