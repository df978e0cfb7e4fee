"""The event catalogue: every event type a case's history may hold, each fact once.

For each type (CONTRACTS.md §1 plus the additions marked "added" in `meaning`):

- `procedures`: the procedures it belongs to;
- `meaning` (Vietnamese, for the input's authors) and `label_vi` (the name on screens
  and in import files; the meaning, capitalised, unless given);
- `stage`: the stage the case enters (`STAGES`; None keeps the stage it was in), or
  `stage_if`'s when the facts the events set match (`stage_entered`: a decision to bring
  the case to trial or a judgment at the appellate court is «Xét xử phúc thẩm»);
- its fields: `required` (allowed values, None = any non-empty value), `optional` (when
  given, one of the values), `details` (what the rules read as conditions, listed in the
  engine's case schema rather than checked by it), `length` (an extension's `months` or
  `days`, the usual unit first) and `extra` (kept for the record, read by nothing);
  `only_for`: fields that exist in some of its procedures only, with the law that gives
  them there (`fields_for`, refused elsewhere by `data_problems` naming the field);
- `requires`: what must come before it in the history (checked by `lawful.py`);
- `effects`: what it does to the case besides the rule clocks (case-level suspension,
  closure, the facts the rules read such as `returned_by`, the judgment), read by the
  per-case reducer (`reduce.py`) and the bulk path (`bulk/derive.py`) alike;
- `passive`: it may legitimately change no clock (answers, pronouncements, closures).

The clocks an event starts, ends, extends, suspends or resumes are in the rule files
(`rules/*.yaml`), not here. `congminh.core.case_events` re-exports this catalogue for the
app. The order of EVENT_TYPES is the bulk path's event codes: new types go last.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from congminh.core.text import fold

PROCEDURE_ORDER = ("criminal", "civil", "administrative", "enforcement")
CRIMINAL = frozenset({"criminal"})
COURT = frozenset({"criminal", "civil", "administrative"})
ENFORCEMENT = frozenset({"enforcement"})
ANY = frozenset(PROCEDURE_ORDER)
PROCEDURES = ANY
CATEGORIES = ("less_serious", "serious", "very_serious", "especially_serious")
CASE_KINDS = {"civil": ("civil_family", "business_labour"), "administrative": ("ordinary", "short")}
LENGTH_ONE_OF = ("months", "days")

RETURN_REASONS = ("missing_evidence", "other_offence", "other_accomplice", "procedural_violation")
# The outcome of an appeal, cassation or reopening review of a first-instance judgment, and
# whether an amendment or annulment is the first-instance court's own (subjective) fault
# (directive point 2: judgments annulled or amended for subjective fault).
APPELLATE_OUTCOMES = ("upheld", "amended", "annulled")
FAULTS = ("subjective", "objective")
REVIEWS = ("appeal", "cassation", "reopening")
CUSTODY_STAGES = ("investigation", "prosecution", "supplementary_investigation", "trial", "judgment",
                  "appeal", "appellate_judgment")
PROTEST_LEVELS = ("same", "higher")
# The kinds of matter (loại việc) for which a ministry set its own expertise limit (Luật GĐTP
# Đ.26a k3 đoạn 2; the limits and their circulars are rows of `rules/GDTP-26A.yaml`):
# forensic medicine (Thông tư 13/2022/TT-BYT Đ.2 k2: a, b; `_consulted` when a consultation,
# hội chẩn, is needed) and cultural products (Thông tư 08/2019/TT-BVHTTDL Đ.6a).
EXPERTISE_MATTERS = ("forensic_sexual_abuse", "forensic_sexual_abuse_consulted",
                     "forensic_laboratory", "forensic_laboratory_consulted", "cultural_product")

# The stages a case moves through (`EventType.stage`), with their names on screens.
STAGES = {
    "crime_report": "Giải quyết nguồn tin",
    "investigation": "Điều tra",
    "supplementary_investigation": "Điều tra bổ sung",
    "prosecution": "Truy tố",
    "trial_preparation": "Chuẩn bị xét xử",
    "trial": "Xét xử sơ thẩm",
    "appeal": "Phúc thẩm",
    "appellate_trial": "Xét xử phúc thẩm",
    "enforcement": "Thi hành án",
    "suspended": "Tạm đình chỉ",
    "closed": "Kết thúc",
}

# Facts derived from the history that the rules read as conditions, beside the case's
# own fields and the event's (`Effects.copies`, `sets`, `advances`); their values, None
# first (nothing derived yet). The bulk path codes each as its index here.
DERIVED: dict[str, tuple[Any, ...]] = {
    "returned_by": (None, "procuracy", "court"),  # who returned the file last
    "verification": (None, "first", "repeated"),  # enforcement found unable once, more
    "appellate": (None, True, False),  # the court last received an appeal / a first case
}
# A judgment (`Effects.judgment`) is a first-instance one unless the derived facts match
# this: pronounced after the appellate court received the file, it takes effect at once
# and opens no appeal window.
APPELLATE_JUDGMENT = {"appellate": True}


@dataclass(frozen=True)
class Requirement:
    """What must already be in a case's history before an event may be recorded
    (`congminh.core.law.lawful`): at least one event of the types `any_of`, earlier in
    the history (same day counts when recorded before).

    `same`: the earlier event must carry the same value of this field (`ref`: the answer to
    a request names the request; `person`: a custody extension names the person held).
    `open`: the earlier event must still be unanswered by an event of this type (a
    resumption needs a suspension not yet resumed). `why` (Vietnamese) and `citation` say
    why; with no `citation`, the rule clock that starts on `any_of` and reacts to the event
    is cited (found in the rule files). `opens_record`: the event may also be the first of
    a record (an appellate court's own record of a case starts when it receives the file;
    the first-instance judgment is in the first-instance court's record). `not_after`: the
    latest earlier event of `any_of` and these types must be one of `any_of` (a case is
    brought to trial after its acceptance or the appeal court's receipt of the file, not
    after the judgment that ended that trial). `facts`: the facts derived from the earlier
    events must match too (checked by the engine, `reduce.py`: the simplified procedure is
    cancelled only while it applies); `facts_why` says why.
    """

    any_of: tuple[str, ...]
    why: str = ""
    citation: str | None = None
    same: str | None = None
    open: bool = False
    opens_record: bool = False
    not_after: tuple[str, ...] = ()
    facts: Mapping[str, Any] = field(default_factory=dict)
    facts_why: str = ""


@dataclass(frozen=True)
class Effects:
    """What an event does to the case besides the rule clocks. Events naming a `person`
    touch neither the case-level suspensions, closure nor custody stage (`reduce.py`).

    `copies`/`sets`: a derived fact (`DERIVED`) takes the event's field / a value;
    `advances`: a derived fact steps to its next value (the last one stays) when the
    event's fields are these; `returns`: counted as a return of the file (flag
    `prolonged`); `suspends`/`resumes`: opens / closes the case-level suspension (counted
    for `prolonged`; its `ground` is matched by an `answers` event for
    `suspended_ground_ended`); `closes`: the case is closed; `final`: the case is over
    when no clock runs after it (`awaiting.py`); `custody_stage`: the stage a later
    detention order serves, the first (derived facts, stage) pair that matches;
    `judgment`: a judgment (first-instance unless `APPELLATE_JUDGMENT`); `after_judgment`:
    kept with the judgment as a `delivery`, `appeal` or `protest` (`judgment.py`);
    `requalifies`: the crime category changes; `side`: it does not move the case from one
    stage to the next (nor does any event requiring a person or a ref); `keeps`: fields of
    the event that the clocks started later read too, until the next event that keeps them
    (the simplified procedure of the acceptance and of the appeal, the appeal's foreign
    element, BLTTDS Đ.286 k4, Đ.318: the hearing clock starts on a later event; the court that
    received the appeal, whose limits a later detention order and a cancellation of the
    simplified procedure take: BLTTHS Đ.347 k2, Đ.458 with Đ.346); absent on that event, they
    are absent after it.
    """

    copies: Mapping[str, str] = field(default_factory=dict)
    sets: Mapping[str, Any] = field(default_factory=dict)
    advances: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    returns: bool = False
    suspends: bool = False
    resumes: bool = False
    closes: bool = False
    final: bool = False
    answers: str | None = None
    custody_stage: tuple[tuple[Mapping[str, Any], str], ...] = ()
    judgment: bool = False
    after_judgment: str | None = None
    requalifies: bool = False
    side: bool = False
    keeps: tuple[str, ...] = ()


NO_EFFECTS = Effects()


@dataclass(frozen=True)
class EventType:
    procedures: frozenset[str]
    meaning: str
    required: Mapping[str, tuple[Any, ...] | None]
    # Fields that may be absent but, when given, must be one of the values.
    optional: Mapping[str, tuple[Any, ...]] = field(default_factory=dict)
    # What must come before it in the history; None: nothing (checked by `lawful.py`).
    requires: Requirement | None = None
    code: str = ""
    label: str | None = None  # None: the meaning, capitalised
    stage: str | None = None
    length: str | None = None  # "months" / "days": an extension's length, usual unit
    details: Mapping[str, tuple[Any, ...] | None] = field(default_factory=dict)
    extra: tuple[str, ...] = ()
    effects: Effects = NO_EFFECTS
    passive: bool = False
    # The label without the instance its `label` names, for pages where the rule fixes the
    # instance itself (an appellate rule's «Tuyên án»); None: `label_vi` fits any instance.
    neutral_label: str | None = None
    # The stage the case enters instead of `stage` when the facts the earlier events set
    # (`Effects.sets`) match: the first (when, stage) pair that matches (`stage_entered`).
    stage_if: tuple[tuple[Mapping[str, Any], str], ...] = ()
    # Fields of this type that exist in some of its procedures only: name -> (those
    # procedures, why in Vietnamese: the law that gives the field its meaning there).
    only_for: Mapping[str, tuple[frozenset[str], str]] = field(default_factory=dict)
    # Derived from the above (screens, import files, `data_problems`).
    label_vi: str = field(init=False)
    required_fields: tuple[str, ...] = field(init=False)
    optional_fields: tuple[str, ...] = field(init=False)  # every field it may carry
    choices: tuple[tuple[str, tuple[Any, ...]], ...] = field(init=False)

    def __post_init__(self) -> None:
        text = self.meaning.removeprefix("(added) ").strip()
        label = self.label if self.label is not None else text[:1].upper() + text[1:]
        lengths = () if self.length is None else (self.length, *(u for u in LENGTH_ONE_OF
                                                                  if u != self.length))
        fields = (*self.required, *self.optional, *self.details, *lengths, *self.extra)
        choices = {k: v for k, v in self.required.items() if v is not None}
        choices.update(self.optional)
        choices.update({k: v for k, v in self.details.items() if v is not None})
        object.__setattr__(self, "label_vi", label)
        object.__setattr__(self, "required_fields", tuple(self.required))
        object.__setattr__(self, "optional_fields", tuple(dict.fromkeys(fields)))
        object.__setattr__(self, "choices", tuple(sorted(choices.items())))

    @property
    def needs_length(self) -> bool:
        return self.length is not None


def _e(procs: frozenset[str], meaning: str, *, label: str | None = None,
       stage: str | None = None, length: str | None = None,
       optional: Mapping[str, tuple[Any, ...]] | None = None,
       details: Mapping[str, tuple[Any, ...] | None] | None = None, extra: tuple[str, ...] = (),
       requires: Requirement | None = None, effects: Effects = NO_EFFECTS, passive: bool = False,
       neutral_label: str | None = None,
       stage_if: tuple[tuple[Mapping[str, Any], str], ...] = (),
       only_for: Mapping[str, tuple[frozenset[str], str]] | None = None,
       **required: tuple[Any, ...] | None) -> EventType:
    return EventType(procs, meaning, required, optional or {}, requires, label=label, stage=stage,
                     length=length, details=details or {}, extra=extra, effects=effects,
                     passive=passive, neutral_label=neutral_label, stage_if=stage_if,
                     only_for=only_for or {})


def _after(*any_of: str, why: str = "", citation: str | None = None, same: str | None = None,
           open: bool = False, opens_record: bool = False, not_after: tuple[str, ...] = (),
           facts: Mapping[str, Any] | None = None, facts_why: str = "") -> Requirement:
    return Requirement(tuple(any_of), why, citation, same, open, opens_record, not_after,
                       facts or {}, facts_why)


def _custody(stage: str) -> tuple[tuple[Mapping[str, Any], str], ...]:
    """`Effects.custody_stage`: a detention order the event does not date to a stage
    (`custody_stage`) serves the stage the last such event began (BLTTHS Đ.173
    investigation, Đ.241 prosecution, Đ.174 k4 supplementary investigation, Đ.278 trial,
    Đ.329 after judgment; the appellate trial from the appellate court's receipt of the file,
    Đ.347 k2 and Đ.459 k3 «trong giai đoạn xét xử phúc thẩm»; Đ.347 k3 after the appellate
    judgment, `_JUDGED`)."""
    return (({}, stage),)


# Prerequisites shared by several event types.
_REPORT = _after("report_received", why="thời hạn giải quyết nguồn tin tính từ ngày tiếp nhận tố "
                 "giác, tin báo, kiến nghị khởi tố")
_INVESTIGATION = _after("case_instituted", why="thời hạn điều tra tính từ khi khởi tố vụ án")
# Tạm giam chỉ áp dụng với bị can, bị cáo (Đ.119): a case instituted, or a later step that
# presupposes it (a history recorded by the procuracy or the court starts there).
_ACCUSED = _after("case_instituted", "investigation_concluded", "indicted", "accepted",
                  why="tạm giam chỉ áp dụng đối với bị can, bị cáo, tức là sau khi đã khởi tố vụ án",
                  citation="BLTTHS 2015 Điều 119")
_TRIAL = _after("accepted", why="việc chuẩn bị xét xử bắt đầu từ khi Tòa án thụ lý vụ án")
# The decision to bring the case to trial closes either preparation: the first-instance one
# (BLTTHS Đ.277 k1, BLTTDS Đ.203, Luật TTHC Đ.130) or the appellate one, whose record at the
# appellate court starts when it receives the file (BLTTHS Đ.346 k2 b, BLTTDS Đ.286, Luật
# TTHC Đ.221).
_BRING_TO_TRIAL = _after("accepted", "appeal_received", not_after=("judgment_pronounced",),
                         why="chỉ đưa vụ án ra xét xử được sau khi Tòa án thụ lý vụ án (sơ thẩm) "
                         "hoặc Tòa án cấp phúc thẩm nhận hồ sơ vụ án")
# At the appellate court (`appellate`, set by `appeal_received`) the decision to bring the
# case to trial and the judgment are the appellate trial's, not the first instance's.
_APPELLATE_TRIAL = (({"appellate": True}, "appellate_trial"),)
# A detention order after a judgment: after the appellate court's, Đ.347 k3; else Đ.329 k3.
_JUDGED: tuple[tuple[Mapping[str, Any], str], ...] = (
    ({"appellate": True}, "appellate_judgment"), ({}, "judgment"))
# What the appellate court's receipt of the file may say of the appeal: it is heard under
# the simplified procedure, or the case has a foreign element; the appellate preparation
# and hearing limits then do not apply (BLTTDS Đ.286 k4, Luật TTHC Đ.221 opening words).
# A criminal appeal knows the simplified procedure only (BLTTHS Đ.456 k2, its own limits in
# Đ.464); a foreign element changes no criminal appellate limit, so it is refused there.
APPEAL_EXCEPTIONS = ("simplified_procedure", "foreign_element")
_APPEAL_ONLY_FOR = {
    "foreign_element": (frozenset({"civil", "administrative"}),
                        "vụ án có yếu tố nước ngoài chỉ là ngoại lệ về thời hạn phúc thẩm của "
                        "BLTTDS 2015 Điều 286 khoản 4 và Luật TTHC 2015 Điều 221; Bộ luật Tố tụng "
                        "hình sự không có ngoại lệ này"),
}
_JUDGMENT = _after("brought_to_trial", "accepted", "appeal_received",
                   why="bản án chỉ có sau khi Tòa án thụ lý, đưa vụ án ra xét xử")
_EXPERTISE = _after("expertise_ordered", same="ref",
                    why="cần quyết định trưng cầu giám định cùng số ('ref') trước đó")
_COMPLAINT = _after("complaint_received", same="ref",
                    why="cần việc thụ lý khiếu nại cùng số ('ref') trước đó")
_DENUNCIATION = _after("denunciation_received", same="ref",
                       why="cần việc thụ lý tố cáo cùng số ('ref') trước đó")

# Details the rules read on suspensions: the ground and the request it waits for.
_GROUND: dict[str, tuple[Any, ...] | None] = {"ground": None, "ground_ref": None}
_SUSPENDS = Effects(suspends=True)
_RESUMES = Effects(resumes=True)
# What a complaint or denunciation is against (who decides it and in how long depends on it):
# custody orders and acts (BLTTHS Đ.474), investigators / the head of the investigation body
# (Đ.475), prosecutors / the procuracy's head (Đ.476), judges / the court's chief (Đ.477;
# BLTTDS Đ.504, Luật TTHC Đ.332 name the same officials), and in enforcement the protective
# measures, the coercive measures or any other decision or act (Luật THADS Đ.140 k2, Đ.146),
# and the head of an enforcement office (Đ.142 k2 b, k3 a; Đ.157 k2), resolved one level up.
_AGAINST = ("custody", "investigation", "procuracy", "investigation_head", "procuracy_head",
            "court", "court_head", "enforcement", "enforcement_security", "enforcement_coercion",
            "enforcement_head")


_ENTRIES: dict[str, EventType] = {
    # criminal: crime reports
    "report_received": _e(CRIMINAL, "tiếp nhận tố giác, tin báo, kiến nghị khởi tố",
                          stage="crime_report"),
    "report_marked_complex": _e(CRIMINAL, "vụ việc phức tạp: thời hạn 2 tháng kể từ ngày tiếp nhận",
                                label="Vụ việc phức tạp (thời hạn 2 tháng)", requires=_REPORT),
    "report_extended": _e(CRIMINAL, "Viện kiểm sát gia hạn giải quyết nguồn tin",
                          label="Gia hạn giải quyết nguồn tin", length="months", requires=_REPORT),
    "report_suspended": _e(CRIMINAL, "tạm đình chỉ giải quyết nguồn tin", stage="suspended",
                           details=_GROUND, requires=_REPORT, effects=_SUSPENDS),
    "report_resumed": _e(CRIMINAL, "phục hồi giải quyết nguồn tin", stage="crime_report",
                         extra=("ground",), effects=_RESUMES, requires=_after(
                             "report_suspended", open=True,
                             why="chỉ phục hồi được việc giải quyết nguồn tin đang tạm đình chỉ")),
    "report_dismissed": _e(CRIMINAL, "(added) quyết định không khởi tố vụ án", stage="closed",
                           effects=Effects(final=True), passive=True),
    # criminal: investigation and prosecution
    "case_instituted": _e(CRIMINAL, "khởi tố vụ án", stage="investigation",
                          effects=Effects(custody_stage=_custody("investigation"))),
    "investigation_extended": _e(CRIMINAL, "gia hạn điều tra", length="months",
                                 requires=_INVESTIGATION),
    "investigation_suspended": _e(CRIMINAL, "tạm đình chỉ điều tra", stage="suspended",
                                  details=_GROUND, effects=_SUSPENDS, requires=_after(
                                      "case_instituted", "returned_for_investigation",
                                      why="chỉ tạm đình chỉ được việc điều tra, điều tra bổ sung "
                                      "sau khi khởi tố vụ án")),
    "investigation_resumed": _e(CRIMINAL, "phục hồi điều tra", stage="investigation", extra=("ground",),
                                effects=Effects(resumes=True, custody_stage=_custody("investigation")),
                                requires=_after("investigation_suspended", open=True,
                                                why="chỉ phục hồi được việc điều tra đang tạm đình chỉ")),
    "investigation_concluded": _e(CRIMINAL, "kết thúc điều tra, hồ sơ chuyển Viện kiểm sát",
                                  label="Kết thúc điều tra, chuyển hồ sơ VKS", stage="prosecution",
                                  requires=_INVESTIGATION,
                                  effects=Effects(custody_stage=_custody("prosecution"))),
    "prosecution_extended": _e(CRIMINAL, "gia hạn quyết định việc truy tố", length="days", requires=_after(
        "investigation_concluded", "supplementary_investigation_concluded",
        why="thời hạn quyết định việc truy tố tính từ khi Viện kiểm sát nhận hồ sơ vụ án và bản "
        "kết luận điều tra")),
    "returned_for_investigation": _e(
        CRIMINAL, "trả hồ sơ điều tra bổ sung", stage="supplementary_investigation",
        details={"at": ("preparation", "hearing")},
        requires=_after("investigation_concluded", "supplementary_investigation_concluded", "indicted",
                        "accepted", why="chỉ trả hồ sơ được khi Viện kiểm sát hoặc Tòa án đã nhận hồ "
                        "sơ vụ án"),
        effects=Effects(copies={"returned_by": "by"}, returns=True,
                        custody_stage=_custody("supplementary_investigation")),
        # `reason`: the ground of the return (BLTTHS Đ.245 k1 for the Procuracy, Đ.280 k1
        # for the court: a) evidence missing, b) another offence, c) other accomplices,
        # d) serious procedural violation), counted per body in the quality report.
        optional={"reason": RETURN_REASONS},
        by=("procuracy", "court")),
    "supplementary_investigation_concluded": _e(
        CRIMINAL, "kết thúc điều tra bổ sung", stage="prosecution",
        requires=_after("returned_for_investigation",
                        why="điều tra bổ sung chỉ có sau khi hồ sơ bị trả để điều tra bổ sung"),
        # Back to the procuracy if it returned the file, else to the court (Đ.174 k4).
        effects=Effects(custody_stage=(({"returned_by": "procuracy"}, "prosecution"), ({}, "trial")))),
    "indicted": _e(CRIMINAL, "quyết định truy tố", stage="trial_preparation", passive=True,
                   requires=_after("investigation_concluded", "supplementary_investigation_concluded",
                                   why="Viện kiểm sát quyết định việc truy tố sau khi nhận hồ sơ vụ "
                                   "án và bản kết luận điều tra")),
    # criminal: the simplified procedure (BLTTHS Đ.455-465). The decision to apply it is
    # made by the body in charge of the stage (Cơ quan điều tra, Viện kiểm sát, Tòa án: Đ.457
    # k1), after the case is instituted (Đ.456 k1: «giai đoạn điều tra, truy tố, xét xử sơ
    # thẩm»); the stage it is made in (`custody_stage`) picks the limit: Đ.460 (20 days from
    # the institution), Đ.461 (05 days from the file's receipt) or Đ.462 (10 days from the
    # acceptance) instead of Đ.172 / Đ.240 / Đ.277. The court may also state it on its
    # acceptance (`accepted.simplified_procedure`), which restates it: an acceptance without
    # the detail is under the ordinary procedure (`Effects.keeps`).
    # Cancelled (Đ.458), the ordinary limit of the stage runs from the cancellation.
    "simplified_procedure_applied": _e(
        CRIMINAL, "quyết định áp dụng thủ tục rút gọn", label="Quyết định áp dụng thủ tục rút gọn",
        requires=_after("case_instituted", "investigation_concluded", "accepted",
                        why="thủ tục rút gọn được áp dụng trong giai đoạn điều tra, truy tố, xét xử "
                        "sơ thẩm, sau khi khởi tố vụ án", citation="BLTTHS 2015 Điều 456",
                        facts={"simplified_procedure": [None, False]},
                        facts_why="vụ án đang được giải quyết theo thủ tục rút gọn"),
        effects=Effects(sets={"simplified_procedure": True}, side=True)),
    "simplified_procedure_cancelled": _e(
        CRIMINAL, "hủy bỏ quyết định áp dụng thủ tục rút gọn",
        label="Hủy bỏ quyết định áp dụng thủ tục rút gọn",
        requires=_after("simplified_procedure_applied", "accepted", "appeal_received", open=True,
                        why="chỉ hủy bỏ được quyết định áp dụng thủ tục rút gọn đang có hiệu lực",
                        citation="BLTTHS 2015 Điều 458", facts={"simplified_procedure": True},
                        facts_why="vụ án không được giải quyết theo thủ tục rút gọn"),
        effects=Effects(sets={"simplified_procedure": False}, side=True)),
    # criminal: custody, per accused (`person`)
    # `until` (ISO date, optional): the end date written in the order; it ends the custody
    # then when earlier than the legal maximum (BLTTHS Đ.134 k1; `reduce.order_until`).
    "holding_ordered": _e(CRIMINAL, "(added) quyết định tạm giữ", details={"until": None},
                          person=None),
    "holding_extended": _e(CRIMINAL, "(added) gia hạn tạm giữ", length="months", requires=_after(
        "holding_ordered", same="person", why="cần quyết định tạm giữ người này trước đó"), person=None),
    "holding_ended": _e(CRIMINAL, "(added) kết thúc tạm giữ (trả tự do, chuyển biện pháp khác)",
                        requires=_after("holding_ordered", same="person",
                                        why="cần quyết định tạm giữ người này trước đó"),
                        person=None),
    # Which stage the order serves: the running stage, or the detail `custody_stage`.
    "detention_ordered": _e(CRIMINAL, "(added) lệnh tạm giam (để điều tra, truy tố hoặc xét xử)",
                            optional={"custody_stage": CUSTODY_STAGES}, requires=_ACCUSED,
                            details={"until": None}, person=None),
    "detention_extended": _e(CRIMINAL, "(added) gia hạn tạm giam", length="months", requires=_after(
        "detention_ordered", same="person", why="cần lệnh tạm giam người này trước đó"),
        details={"until": None}, person=None),
    "detention_ended": _e(CRIMINAL, "(added) kết thúc tạm giam (hủy, thay thế, trả tự do)",
                          requires=_after("detention_ordered", same="person",
                                          why="cần lệnh tạm giam người này trước đó"),
                          person=None),
    # courts
    # `simplified_procedure`: the case is resolved under the simplified procedure (BLTTDS
    # Đ.316-318, Luật TTHC Đ.245-247, BLTTHS Đ.455-457, 462): its own preparation and
    # hearing limits, kept for the decision to bring the case to trial.
    "accepted": _e(COURT, "tòa án thụ lý (sơ thẩm)", label="Tòa án thụ lý sơ thẩm",
                   stage="trial_preparation", details={"simplified_procedure": (True, False)},
                   effects=Effects(sets={"appellate": False}, custody_stage=_custody("trial"),
                                   keeps=("simplified_procedure",))),
    "preparation_extended": _e(COURT, "gia hạn chuẩn bị xét xử", length="days", requires=_TRIAL),
    # The court moves a case accepted under the simplified procedure to the ordinary one
    # (BLTTDS Đ.317 k3, Luật TTHC Đ.246 k2): the ordinary preparation limit runs again from
    # this decision (Đ.317 k4, Đ.246 k3).
    "converted_to_ordinary": _e(
        frozenset({"civil", "administrative"}),
        "chuyển vụ án sang giải quyết theo thủ tục thông thường",
        label="Chuyển vụ án sang giải quyết theo thủ tục thông thường",
        requires=_after("accepted", open=True, why="chỉ chuyển được vụ án Tòa án đã thụ lý theo "
                        "thủ tục rút gọn", citation="BLTTDS 2015 Điều 317; Luật TTHC 2015 Điều 246",
                        facts={"simplified_procedure": True},
                        facts_why="vụ án không được giải quyết theo thủ tục rút gọn"),
        effects=Effects(sets={"simplified_procedure": False}, side=True)),
    "suspended": _e(ANY, "tạm đình chỉ giải quyết / thi hành", label="Tạm đình chỉ",
                    stage="suspended", details=_GROUND, effects=_SUSPENDS),
    "resumed": _e(ANY, "tiếp tục (phục hồi) giải quyết / thi hành",
                  label="Tiếp tục (phục hồi) giải quyết", extra=("ground",), effects=_RESUMES,
                  requires=_after("suspended", "postponed", open=True,
                                  why="chỉ tiếp tục (phục hồi) được việc giải quyết, thi hành đang "
                                  "tạm đình chỉ hoặc hoãn")),
    "brought_to_trial": _e(COURT, "quyết định đưa vụ án ra xét xử", stage="trial",
                           stage_if=_APPELLATE_TRIAL, requires=_BRING_TO_TRIAL),
    "hearing_extended": _e(COURT, "(added) lùi thời hạn mở phiên tòa vì lý do chính đáng / bất khả kháng",
                           length="months", requires=_after(
                               "brought_to_trial", why="thời hạn mở phiên tòa tính từ ngày có quyết "
                               "định đưa vụ án ra xét xử")),
    # `prosecutor_absent` (civil): no prosecutor attended the hearing, so the Procuracy's
    # protest window runs from its receipt of the judgment (BLTTDS Đ.280 k1, event
    # `judgment_received_by_procuracy`).
    "judgment_pronounced": _e(COURT, "tuyên án", label="Tuyên án sơ thẩm", neutral_label="Tuyên án",
                              stage="trial", stage_if=_APPELLATE_TRIAL,
                              details={"absent": None, "prosecutor_absent": (True, False)},
                              extra=("presiding_judge",), requires=_JUDGMENT, passive=True,
                              effects=Effects(judgment=True, custody_stage=_JUDGED)),
    "appeal_received": _e(COURT, "tòa phúc thẩm nhận hồ sơ kháng cáo, kháng nghị", stage="appeal",
                          requires=_after("judgment_pronounced", opens_record=True,
                                          why="phúc thẩm là xét xử lại bản án, quyết định sơ thẩm bị "
                                          "kháng cáo, kháng nghị"),
                          details={name: (True, False) for name in APPEAL_EXCEPTIONS},
                          only_for=_APPEAL_ONLY_FOR,
                          effects=Effects(sets={"appellate": True}, keeps=(*APPEAL_EXCEPTIONS, "court"),
                                          custody_stage=_custody("appeal")),
                          court=("provincial", "supreme_appellate")),
    "appeal_extended": _e(COURT, "(added) gia hạn chuẩn bị xét xử phúc thẩm", length="months",
                          requires=_after("appeal_received",
                                          why="thời hạn chuẩn bị xét xử phúc thẩm tính từ ngày Tòa án "
                                          "cấp phúc thẩm nhận hồ sơ vụ án")),
    "closed": _e(ANY, "đình chỉ, bản án có hiệu lực, kết thúc", stage="closed", extra=("reason",),
                 effects=Effects(closes=True, final=True), passive=True),
    # enforcement
    "enforcement_decision_received": _e(ENFORCEMENT, "người phải thi hành nhận quyết định thi hành án",
                                        stage="enforcement"),
    # `reverify_yearly`: the debtor serves a prison term with 2 years or more left, or
    # their new address is unknown: re-verified at least yearly (Luật THADS 2008 Đ.44 k2).
    "conditions_verified": _e(ENFORCEMENT, "xác minh điều kiện thi hành án", passive=True,
                              effects=Effects(advances={"verification": {"able": False}}),
                              details={"reverify_yearly": (True, False)}, able=(True, False)),
    "postponed": _e(ENFORCEMENT, "hoãn thi hành án", stage="suspended", details=_GROUND,
                    effects=_SUSPENDS),
    # requests to outside bodies (any procedure), keyed by `ref`
    "expertise_ordered": _e(ANY, "(added) tổ chức/người giám định nhận quyết định trưng cầu kèm hồ sơ đầy đủ",
                            details={"expertise_kind": ("mental_state", "cause_of_death",
                                                        "environmental_pollution", "age", "injury",
                                                        "controlled_items", "other"),
                                     "complex": (True, False),
                                     # the field of expertise (apps.expertise's field codes,
                                     # e.g. `phap-y`) and the kind of matter within it: the
                                     # ministries' shorter limits (Luật GĐTP Đ.26a k3 đoạn 2)
                                     "expertise_field": None,
                                     "expertise_matter": EXPERTISE_MATTERS},
                            # kept for the record (apps.expertise): the field of expertise
                            # as written and the organisation or expert asked
                            extra=("field", "to"), ref=None),
    "expertise_extended": _e(ANY, "(added) cơ quan trưng cầu gia hạn giám định", length="months",
                             requires=_EXPERTISE, ref=None),
    "expertise_documents_requested": _e(ANY, "(added) người giám định đề nghị bổ sung tài liệu (thời gian chờ không tính)",
                                        requires=_EXPERTISE, ref=None),
    "expertise_documents_received": _e(ANY, "(added) nhận đủ tài liệu bổ sung cho giám định",
                                       requires=_after(
                                           "expertise_documents_requested", same="ref", open=True,
                                           why="cần đề nghị bổ sung tài liệu giám định cùng số "
                                           "('ref') chưa được đáp ứng"),
                                       ref=None),
    "expertise_result_received": _e(ANY, "(added) nhận kết luận giám định", requires=_EXPERTISE,
                                    effects=Effects(answers="expertise"), passive=True, ref=None),
    "expertise_refused": _e(ANY, "(added) từ chối giám định", requires=_EXPERTISE, extra=("reason",),
                            ref=None),
    "evidence_requested": _e(ANY, "(added) cơ quan, tổ chức nhận yêu cầu cung cấp tài liệu, chứng cứ",
                             passive=True, ref=None),
    "evidence_received": _e(ANY, "(added) nhận tài liệu, chứng cứ đã yêu cầu", requires=_after(
        "evidence_requested", same="ref", why="cần yêu cầu cung cấp tài liệu, chứng cứ cùng số "
        "('ref') trước đó"), effects=Effects(answers="evidence"), passive=True, ref=None),
    "complaint_received": _e(ANY, "(added) thụ lý khiếu nại trong hoạt động tư pháp",
                             details={"against": _AGAINST, "level": ("first", "second")}, ref=None),
    "complaint_extended": _e(ANY, "(added) gia hạn giải quyết khiếu nại (vụ việc phức tạp)",
                             length="months", requires=_COMPLAINT, ref=None),
    "complaint_resolved": _e(ANY, "(added) quyết định giải quyết khiếu nại", requires=_COMPLAINT,
                             ref=None),
    "denunciation_received": _e(ANY, "(added) thụ lý tố cáo trong hoạt động tư pháp",
                                details={"against": _AGAINST}, ref=None),
    "denunciation_extended": _e(ANY, "(added) gia hạn giải quyết tố cáo (vụ việc phức tạp)",
                                length="months", requires=_DENUNCIATION, ref=None),
    "denunciation_resolved": _e(ANY, "(added) kết luận nội dung tố cáo", requires=_DENUNCIATION,
                                ref=None),
    # Added after the first pass; kept last so the bulk path's event codes stay stable.
    # after a first-instance judgment (BLTTHS Đ.262, Đ.333, Đ.337; BLTTDS Đ.273, Đ.280;
    # Luật TTHC Đ.206, Đ.213)
    "judgment_issued": _e(COURT, "(added) Tòa án giao, gửi bản án sơ thẩm", requires=_JUDGMENT,
                          passive=True),
    "judgment_delivered": _e(COURT, "(added) người vắng mặt khi tuyên án nhận được bản án hoặc bản án "
                                    "được niêm yết", requires=_JUDGMENT, passive=True,
                             effects=Effects(after_judgment="delivery"), person=None),
    "appeal_lodged": _e(COURT, "(added) kháng cáo bản án sơ thẩm (ngày nộp đơn, dấu bưu điện hoặc "
                               "ngày giám thị nhận đơn)", passive=True,
                        effects=Effects(after_judgment="appeal")),
    "protest_lodged": _e(COURT, "(added) Viện kiểm sát kháng nghị bản án sơ thẩm",
                         optional={"level": PROTEST_LEVELS}, passive=True,
                         effects=Effects(after_judgment="protest")),
    # criminal: requalification (khởi tố thay đổi, bổ sung) into another crime category
    "charges_requalified": _e(CRIMINAL, "(added) thay đổi, bổ sung quyết định khởi tố: loại tội mới",
                              optional={"national_security": (True, False)}, passive=True,
                              effects=Effects(requalifies=True, side=True), category=CATEGORIES),
    # the first-instance hearing opens, or is postponed (BLTTHS Đ.277 k3, Đ.297 k2; BLTTDS
    # Đ.203 k4, Đ.233 k1; Luật TTHC Đ.149, Đ.163 k1): the hearing clocks time the opening
    "hearing_opened": _e(COURT, "(added) mở phiên tòa", label="Mở phiên tòa", passive=True,
                         requires=_after("brought_to_trial", "hearing_postponed",
                                         why="phiên tòa chỉ được mở sau khi có quyết định đưa vụ "
                                         "án ra xét xử (hoặc mở lại sau khi hoãn)")),
    "hearing_postponed": _e(COURT, "(added) hoãn phiên tòa", label="Hoãn phiên tòa",
                            extra=("ground",), requires=_after(
                                "brought_to_trial", "hearing_opened",
                                why="chỉ hoãn được phiên tòa đã có quyết định đưa vụ án ra xét xử")),
    # the Procuracy receives a judgment of a hearing no prosecutor attended (BLTTDS Đ.280 k1)
    # Civil: the protest windows run from it when no prosecutor attended (BLTTDS Đ.280 k1);
    # civil and administrative under the simplified procedure, always (BLTTDS Đ.322 k2,
    # Luật TTHC Đ.251 k2).
    "judgment_received_by_procuracy": _e(
        frozenset({"civil", "administrative"}), "(added) Viện kiểm sát cùng cấp nhận được bản án "
        "(Kiểm sát viên không tham gia phiên tòa, hoặc bản án theo thủ tục rút gọn)",
        label="Viện kiểm sát nhận bản án", passive=True,
        requires=_after("judgment_pronounced", why="Viện kiểm sát chỉ nhận được bản án sau khi "
                        "Tòa án tuyên án")),
    # first-instance decisions (tạm đình chỉ, đình chỉ): their appeal windows run from each
    # person's receipt (BLTTHS Đ.333 k2, BLTTDS Đ.273 k2, Luật TTHC Đ.206 k2), the protest
    # windows from the decision (BLTTHS Đ.337 k2) or the same-level Procuracy's receipt
    # (BLTTDS Đ.280 k2, Luật TTHC Đ.213 k2). The decision's effect on the case is recorded
    # by `suspended` / `closed` as before.
    "decision_issued": _e(COURT, "(added) Tòa án cấp sơ thẩm ra quyết định tạm đình chỉ, đình chỉ giải "
                          "quyết vụ án (quyết định có thể bị kháng cáo, kháng nghị)",
                          label="Quyết định sơ thẩm có thể kháng cáo, kháng nghị", passive=True,
                          optional={"decision": ("suspension", "termination", "other")},
                          requires=_TRIAL),
    "decision_received": _e(COURT, "(added) người có quyền kháng cáo nhận được quyết định sơ thẩm hoặc "
                            "quyết định được niêm yết", label="Nhận quyết định sơ thẩm", passive=True,
                            requires=_after("decision_issued", why="cần quyết định sơ thẩm trước đó"),
                            person=None),
    "decision_received_by_procuracy": _e(
        frozenset({"civil", "administrative"}), "(added) Viện kiểm sát cùng cấp nhận được quyết định "
        "tạm đình chỉ, đình chỉ của Tòa án cấp sơ thẩm", label="Viện kiểm sát nhận quyết định sơ thẩm",
        passive=True, requires=_after("decision_issued", why="cần quyết định sơ thẩm trước đó")),
    # the outcome of a review of the first-instance judgment (judgment quality, directive
    # point 2), recorded on the first-instance court's record (where the judgment is);
    # `fault` for an amended or annulled judgment, `reason` in words.
    "appellate_outcome": _e(COURT, "(added) kết quả xét xử phúc thẩm, giám đốc thẩm, tái thẩm đối với bản án "
                            "sơ thẩm (giữ nguyên, sửa, hủy)", label="Kết quả phúc thẩm, giám đốc thẩm",
                            passive=True, optional={"fault": FAULTS, "review": REVIEWS}, extra=("reason",),
                            requires=_after("judgment_pronounced", why="chỉ có kết quả xét xử lại "
                                            "sau khi có bản án sơ thẩm"),
                            outcome=APPELLATE_OUTCOMES),
}

EVENT_TYPES: dict[str, EventType] = {code: replace(spec, code=code) for code, spec in _ENTRIES.items()}

# Events that may legitimately change no clock (answers, pronouncements, closures).
PASSIVE = frozenset(code for code, spec in EVENT_TYPES.items() if spec.passive)

CATEGORY_VI = {"less_serious": "ít nghiêm trọng", "serious": "nghiêm trọng",
               "very_serious": "rất nghiêm trọng", "especially_serious": "đặc biệt nghiêm trọng"}

# Answers that end a suspension's ground (flag `suspended_ground_ended`).
GROUND_ANSWERS = {spec.effects.answers: code for code, spec in EVENT_TYPES.items()
                  if spec.effects.answers is not None}


def field_choices(name: str) -> tuple[Any, ...]:
    """Every value the field `name` may take on any event type, in catalogue order.

    >>> field_choices("by"), field_choices("able")
    (('procuracy', 'court'), (True, False))
    """
    found: dict[Any, None] = {}
    for spec in EVENT_TYPES.values():
        for value in dict(spec.choices).get(name, ()):
            found.setdefault(value, None)
    return tuple(found)


def custody_stage_after(effects: Effects, derived: Mapping[str, Any]) -> str | None:
    """The stage a detention order serves after an event with these effects (None: as
    before), given the facts derived so far."""
    for when, stage in effects.custody_stage:
        if all(derived.get(k) == v for k, v in when.items()):
            return stage
    return None


def stage_entered(code: str, facts: Mapping[str, Any]) -> str | None:
    """The stage a case enters with an event of type `code` (None: it stays where it was),
    given the facts the earlier events set (`Effects.sets`, e.g. `appellate`)."""
    spec = EVENT_TYPES.get(code)
    if spec is None:
        return None
    for when, stage in spec.stage_if:
        if all(same_value(facts.get(k), v) for k, v in when.items()):
            return stage
    return spec.stage


def stage_after(types: Iterable[str]) -> str:
    """The stage after a case's effective events (their types, in date order); `resumed`
    returns to the stage that was interrupted by the suspension ('' before any stage).

    >>> stage_after(["accepted", "brought_to_trial"])
    'trial'
    >>> stage_after(["accepted", "judgment_pronounced", "appeal_received", "brought_to_trial"])
    'appellate_trial'
    """
    stage = before_suspension = ""
    facts: dict[str, Any] = {}
    for code in types:
        spec = EVENT_TYPES.get(code)
        if spec is None:
            continue
        entered = stage_entered(code, facts)
        facts.update(spec.effects.sets)
        if entered == "suspended":
            before_suspension = stage
        if code == "resumed":
            stage = before_suspension or stage
        elif entered:
            stage = entered
    return stage


def same_value(value: Any, wanted: Any) -> bool:
    """Equal and of the same type: `able: 0` is not `able: False`."""
    return type(value) is type(wanted) and value == wanted


# -- the app's view: who may record what, and details as people type them ---------------

def event_type(code: str) -> EventType | None:
    return EVENT_TYPES.get(code)


def event_label(code: str, neutral: bool = False) -> str:
    """The event's name on screens (`label_vi`); `neutral`: without the instance the label
    names (`neutral_label`), where the instance is another (a judgment given on appeal) or
    the rule fixes it; the code itself for an unknown type."""
    spec = EVENT_TYPES.get(code)
    if spec is None:
        return code
    return (spec.neutral_label or spec.label_vi) if neutral else spec.label_vi


def allowed_for(code: str, procedure: str) -> bool:
    et = EVENT_TYPES.get(code)
    return et is not None and procedure in et.procedures


def procedures_of(code: str) -> tuple[str, ...]:
    """The procedures of an event type in their usual order (for messages)."""
    return tuple(p for p in PROCEDURE_ORDER if p in EVENT_TYPES[code].procedures)


# Fields any event may carry: who it concerns and which request it answers.
COMMON_FIELDS = frozenset({"person", "ref", "linked_request"})


def fields_for(code: str, procedure: str | None = None) -> tuple[str, ...]:
    """The fields an event of type `code` may carry in a case of `procedure` (None: in
    any of its procedures): `EventType.optional_fields` without those `only_for` others.

    >>> "foreign_element" in fields_for("appeal_received", "criminal")
    False
    """
    et = EVENT_TYPES[code]
    if procedure is None or not et.only_for:
        return et.optional_fields
    return tuple(f for f in et.optional_fields
                 if f not in et.only_for or procedure in et.only_for[f][0])


def _field_name(name: str, labels: Mapping[str, str] | None) -> str:
    """A field as a message names it: its label on a form (`labels`), else the key a
    person types in «Chi tiết khác» ("court=…"), which is how an import names it."""
    return f"«{labels[name]}»" if labels and name in labels else f"'{name}'"


def data_problems(code: str, data: dict[str, Any], procedure: str | None = None,
                  labels: Mapping[str, str] | None = None) -> list[str]:
    """What is wrong with an event's details, in Vietnamese; empty when nothing is.
    With `procedure`, a field that exists for other procedures only (`only_for`) is
    refused with the reason. `labels` names fields the way a form shows them.

    >>> data_problems("returned_for_investigation", {})
    ["thiếu trường 'by'"]
    >>> data_problems("returned_for_investigation", {"by": "police"})
    ["trường 'by' phải là một trong: procuracy, court"]
    >>> data_problems("appeal_received", {}, labels={"court": "Tòa án nhận hồ sơ"})
    ['thiếu trường «Tòa án nhận hồ sơ»']
    """
    et = EVENT_TYPES[code]
    problems = [f"thiếu trường {_field_name(f, labels)}" for f in et.required_fields
                if data.get(f) in (None, "")]
    for name, allowed in et.choices:
        if name in data and data[name] not in allowed:
            values = ", ".join(str(v).lower() if isinstance(v, bool) else str(v) for v in allowed)
            problems.append(f"trường {_field_name(name, labels)} phải là một trong: {values}")
    extra = sorted(set(data) - set(et.optional_fields) - COMMON_FIELDS)
    if extra:
        problems.append("trường không dùng cho sự kiện này: " + ", ".join(extra))
    if procedure is not None:
        problems += procedure_problems(code, data, procedure, labels)
    return problems


def procedure_problems(code: str, data: Mapping[str, Any], procedure: str,
                       labels: Mapping[str, str] | None = None) -> list[str]:
    """The fields of `data` that an event of type `code` has in other procedures only
    (`EventType.only_for`), each with the law that gives it there, in Vietnamese."""
    et = EVENT_TYPES[code]
    problems = []
    for name in sorted(set(data) & set(et.only_for)):
        procedures, why = et.only_for[name]
        if procedure not in procedures:
            from .labels import PROCEDURE_VI  # labels reads this module
            problems.append(f"trường {_field_name(name, labels)} không dùng cho vụ việc "
                            f"{PROCEDURE_VI.get(procedure, procedure)}: {why}")
    return problems


# Yes / no as people type them, folded: «có», «không», «có điều kiện», true/false, 1/0.
YES_NO = {
    **{fold(w): True for w in ("có", "có điều kiện", "đủ điều kiện", "true", "yes", "đúng", "1", "x")},
    **{fold(w): False for w in ("không", "không có điều kiện", "chưa có điều kiện",
                                "không đủ điều kiện", "false", "no", "sai", "0")},
}
BOOL_FIELDS = frozenset(name for spec in EVENT_TYPES.values() for name, values in spec.choices
                        if all(isinstance(v, bool) for v in values))
INT_FIELDS = frozenset(LENGTH_ONE_OF)
LIST_FIELDS = frozenset({"absent"})  # comma-separated names


def typed_detail(key: str, raw: str, code: str) -> Any:
    """A detail typed by a person ("complex=có", "months=2", "absent=A, B") as the engine
    stores it; None when it cannot be read. Text outside the event's choices is returned
    as typed, so `data_problems` names the allowed values. The case page's form and the
    import's «Chi tiết khác» column both read details through here.

    >>> typed_detail("complex", "có", "expertise_ordered"), typed_detail("months", "2", "investigation_extended")
    (True, 2)
    >>> typed_detail("level", "Higher", "protest_lodged")
    'higher'
    """
    choices = dict(EVENT_TYPES[code].choices).get(key, ())
    raw = raw.strip()
    if key in BOOL_FIELDS or (choices and all(isinstance(c, bool) for c in choices)):
        return YES_NO.get(fold(raw))
    if key in INT_FIELDS or (choices and all(type(c) is int for c in choices)):
        return int(raw) if raw.isdigit() and 0 < int(raw) < 1000 else None
    if key in LIST_FIELDS:
        return [n.strip() for n in raw.split(",") if n.strip()] or None
    return {fold(str(c)): c for c in choices}.get(fold(raw), raw)


def parse_details(code: str, text: str) -> tuple[dict[str, Any], list[str]]:
    """`key=value; key=value` typed by a person, and what could not be read (Vietnamese).

    >>> parse_details("expertise_ordered", "expertise_kind=injury; complex=không")
    ({'expertise_kind': 'injury', 'complex': False}, [])
    >>> parse_details("expertise_ordered", "complex")
    ({}, ['«complex» phải có dạng «trường=giá trị»'])
    """
    data: dict[str, Any] = {}
    problems: list[str] = []
    for part in filter(None, (p.strip() for p in text.split(";"))):
        key, sep, raw = (x.strip() for x in part.partition("="))
        if not sep or not key or not raw:
            problems.append(f"«{part}» phải có dạng «trường=giá trị»")
            continue
        value = typed_detail(key, raw, code)
        if value is None:
            problems.append(f"«{raw}» không phải giá trị hợp lệ của «{key}»")
        else:
            data[key] = value
    return data, problems
