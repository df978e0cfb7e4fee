"""The demo province's supervision by the People's Council and the Fatherland Front
(directive point 5): two plans — one of the provincial People's Council (HĐND tỉnh), one of
the provincial Fatherland Front committee (Ủy ban MTTQ tỉnh) — with their visits and ten
recommendations to named bodies, answered in every state an obligation can be in (closed on
time, closed late, answered but not yet carried out, overdue without an answer, due soon,
on time), and a few cases the supervisors flag and follow.

Every date is an offset from `as_of`, so the statuses read the same whenever it is loaded;
nothing is random. Running it again adds nothing (a plan already there is skipped; cases
are flagged only when no supervisor has flagged any). It writes through
`supervision.services` and `cases.services.case_flags_set`, as the users' clicks do, with
the demo accounts (`hdnd`, `mttq`, the addressees' officers) as actors when they exist.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from congminh.apps.accounts.models import User
from congminh.apps.cases.models import Case
from congminh.apps.organisations.models import Organisation
from congminh.apps.supervision import services
from congminh.apps.supervision.models import PlanStatus, SupervisionPlan

# (addressee code, content, issued: days before as_of, due: days after issue,
#  responses: [(days after issue, text, done)])
Response = tuple[int, str, bool]
Rec = tuple[str, str, int, int, list[Response]]
Visit = tuple[int, str, str]  # (days before as_of, body code, findings)


@dataclass(frozen=True)
class PlanSpec:
    supervisor: str
    user: str
    number: str
    topic: str
    bodies: list[str]
    start: int  # days before as_of
    end: int
    status: str
    visits: list[Visit]
    recs: list[Rec]


PLANS: list[PlanSpec] = [PlanSpec(**spec) for spec in [  # type: ignore[arg-type]
    {
        "supervisor": "GL-HDND", "user": "hdnd", "number": "15/KH-HĐND",
        "topic": "Giám sát việc giải quyết án hình sự có dấu hiệu oan, sai và việc trả hồ sơ "
                 "điều tra bổ sung năm 2026",
        "bodies": ["GL-CSDT", "GL-VKS", "GL-TAND"], "start": 150, "end": 60,
        "status": PlanStatus.CONCLUDED,
        "visits": [
            (140, "GL-CSDT", "Còn 12 tin báo về tội phạm quá hạn giải quyết; việc gia hạn chưa "
                             "được báo cáo kịp thời cho Viện kiểm sát."),
            (130, "GL-VKS", "Tỷ lệ trả hồ sơ điều tra bổ sung giảm so với cùng kỳ; một số vụ trả "
                            "hồ sơ vì thiếu kết luận giám định."),
            (120, "GL-TAND", "Hai bản án bị hủy do lỗi chủ quan trong đánh giá chứng cứ; một số vụ "
                             "án quá hạn chuẩn bị xét xử."),
        ],
        "recs": [
            ("GL-CSDT", "Rà soát, giải quyết dứt điểm các tin báo về tội phạm quá hạn; báo cáo "
                        "kết quả bằng văn bản.", 110, 30,
             [(20, "Đã giải quyết 12/12 tin báo quá hạn, có danh sách kèm theo.", True)]),
            ("GL-VKS", "Tăng cường kiểm sát việc trưng cầu giám định để hạn chế trả hồ sơ điều tra "
                       "bổ sung.", 110, 30,
             [(25, "Đã ban hành văn bản chỉ đạo các VKSND khu vực.", False),
              (45, "Đã tổ chức hội nghị rút kinh nghiệm, tỷ lệ trả hồ sơ giảm.", True)]),
            ("GL-TAND", "Tổ chức rút kinh nghiệm các bản án bị hủy do lỗi chủ quan; báo cáo biện "
                        "pháp khắc phục.", 100, 30,
             [(28, "Đã thông báo rút kinh nghiệm toàn ngành.", False)]),
            ("GL-TAND", "Đưa ra xét xử các vụ án quá hạn chuẩn bị xét xử trong quý.", 50, 30, []),
            ("GL-CSDT", "Báo cáo việc thực hiện kiến nghị về bảo đảm quyền của người bị tạm giữ.",
             25, 30, []),
        ],
    },
    {
        "supervisor": "GL-MTTQ", "user": "mttq", "number": "08/KH-MTTQ-BTT",
        "topic": "Giám sát việc thi hành án dân sự và việc tiếp nhận, trả lời kiến nghị của "
                 "công dân về hoạt động tư pháp",
        "bodies": ["GL-THADS", "GL-TAND-KV1", "GL-UBND"], "start": 90, "end": -30,
        "status": PlanStatus.IN_PROGRESS,
        "visits": [
            (80, "GL-THADS", "Tồn nhiều việc có điều kiện thi hành chưa thi hành xong; một số đơn "
                             "khiếu nại chưa được trả lời đúng hạn."),
            (60, "GL-TAND-KV1", "Việc tống đạt văn bản tố tụng còn chậm ở một số xã."),
        ],
        "recs": [
            ("GL-THADS", "Tập trung thi hành dứt điểm các việc có điều kiện thi hành tồn đọng.", 70, 30,
             [(15, "Đã thi hành xong 40% số việc; tiếp tục triển khai.", False)]),
            ("GL-THADS", "Trả lời bằng văn bản các đơn khiếu nại quá hạn của công dân.", 70, 30,
             [(29, "Đã trả lời toàn bộ 9 đơn quá hạn.", True)]),
            ("GL-TAND-KV1", "Phối hợp với UBND các xã nâng cao hiệu quả tống đạt văn bản tố tụng.",
             38, 30, []),
            ("GL-UBND", "Chỉ đạo các sở, ngành cử người giám định và cung cấp tài liệu, chứng cứ "
                        "đúng hạn theo yêu cầu của cơ quan tiến hành tố tụng.", 10, 30, []),
            ("GL-UBND", "Chỉ đạo Chủ tịch UBND các xã tham gia đối thoại, phiên tòa hành chính "
                        "đầy đủ.", 5, 45, []),
        ],
    },
]]

# (supervisor login, flag, reason): cases the supervisors follow.
FLAGS = [
    ("hdnd", "wrongful_conviction_signs", "Đơn kêu oan của gia đình bị cáo gửi Thường trực HĐND tỉnh"),
    ("hdnd", "public_concern", "Báo chí phản ánh nhiều lần; cử tri kiến nghị tại kỳ họp"),
    ("mttq", "public_concern", "Kiến nghị của Ban Thanh tra nhân dân xã về vụ việc kéo dài"),
    ("mttq", "wrongful_conviction_signs", "Đơn của Hội Luật gia tỉnh đề nghị xem xét dấu hiệu oan"),
    ("hdnd", "missed_crime_signs", "Đơn tố giác của người dân: còn người tham gia chưa bị xử lý, "
                                   "đề nghị xem xét dấu hiệu bỏ lọt tội phạm"),
]


@dataclass
class DemoSupervisionResult:
    plans: int = 0
    recommendations: int = 0
    responses: int = 0
    flagged: int = 0


def _user(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def _addressee_user(org: Organisation) -> User | None:
    """An officer of the addressee (the demo's `vks`, `toaan`, ...), if one exists."""
    return User.objects.filter(organisation=org, role__in=("officer", "supervisor")).order_by("username").first()


@transaction.atomic
def supervision_demo_ensure(*, as_of: dt.date) -> DemoSupervisionResult:
    result = DemoSupervisionResult()
    days = dt.timedelta
    for spec in PLANS:
        codes = [spec.supervisor, *spec.bodies, *(r[0] for r in spec.recs)]
        orgs = Organisation.objects.in_bulk(codes, field_name="code")
        supervisor = orgs.get(spec.supervisor)
        if supervisor is None or SupervisionPlan.objects.filter(
                supervisor=supervisor, topic=spec.topic).exists():
            continue
        actor = _user(spec.user)
        if actor is not None and actor.organisation_id != supervisor.pk:
            actor = None
        plan = services.plan_create(
            actor=actor, supervisor=supervisor, topic=spec.topic, number=spec.number,
            period_start=as_of - days(spec.start), period_end=as_of - days(spec.end),
            bodies=[orgs[c] for c in spec.bodies if c in orgs], status=spec.status)
        result.plans += 1
        visits = {}
        for ago, code, findings in spec.visits:
            if code in orgs:
                visits[code] = services.visit_add(actor=actor, plan=plan, date=as_of - days(ago),
                                                  body=orgs[code], findings=findings)
        for n, (code, content, ago, due_days, responses) in enumerate(spec.recs, start=1):
            if code not in orgs:
                continue
            issued = as_of - days(ago)
            # numbered as in the supervisor's register (unique in the plan, the import's key)
            rec = services.recommendation_issue(
                actor=actor, plan=plan, addressee=orgs[code], content=content, issued_on=issued,
                due=issued + days(due_days), visit=visits.get(code), number=f"KN-{n:02d}")
            result.recommendations += 1
            answerer = _addressee_user(orgs[code])
            for after, text, done in responses:
                services.recommendation_respond(actor=answerer, recommendation=rec,
                                                date=issued + days(after), text=text, done=done,
                                                today=as_of)
                result.responses += 1
    result.flagged = _flags_ensure()
    return result


def _flags_ensure() -> int:
    """Flag a few criminal cases of the province for the supervisors to follow (once)."""
    from congminh.apps.audit.models import AuditEntry
    from congminh.apps.cases.services import case_flags_set

    logins = {u for u, _f, _r in FLAGS}
    if AuditEntry.objects.filter(object_type="cases.case", action="flag",
                                 actor__username__in=logins).exists():
        return 0
    flagged = 0
    candidates = list(Case.objects.filter(procedure="criminal", holder__province_code="52",
                                          public_concern=False, wrongful_conviction_signs=False,
                                          missed_crime_signs=False, closed_on__isnull=True).order_by("pk")[:len(FLAGS)])
    for case, (login, flag, reason) in zip(candidates, FLAGS, strict=False):
        actor = _user(login)
        case_flags_set(actor=actor, case=case, reason=reason, **{flag: True})
        flagged += 1
    return flagged
