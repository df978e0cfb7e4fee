"""A deterministic synthetic province: `generate(size, seed, as_of)` yields CaseRecords.

Pure Python, no Django: the same seed gives the same records on any machine, so demo
screens, tests and benchmarks can be reproduced. Sizes: XS 200 cases (tests), S 5,000
cases (about 25,000 events), P until 50,000 cases are open (about 198,000 cases in all
and a million events with seed 2026 as of 2026-11-26).

Mix: criminal ~40 %, civil ~35 %, administrative ~5 %, enforcement ~20 %; criminal
categories from mostly less serious and serious; a few percent of steps run late, which
leaves a share of the open cases overdue.
"""

from __future__ import annotations

import datetime as dt
import random
import zlib
from collections.abc import Iterator
from pathlib import Path

from congminh.apps.demo import names, procedures
from congminh.apps.demo.registry import DEFAULT_PATH, District, Registry, load_registry
from congminh.apps.demo.timeline import Counters, Stop, Timeline
from congminh.core.records import CaseRecord, PartyRecord

# size -> (how many, counting open cases only?)
SIZES = {"XS": (200, False), "S": (5000, False), "P": (50_000, True)}
PROCEDURES = (("criminal", 40), ("civil", 35), ("administrative", 5), ("enforcement", 20))
CATEGORIES = (("less_serious", 35), ("serious", 40), ("very_serious", 17), ("especially_serious", 8))
# How far back cases start (days); enforcement files of insolvent debtors last years.
HISTORY_DAYS = {"criminal": 1500, "civil": 1200, "administrative": 1200, "enforcement": 2600}


def generate(
    size: str, seed: int, as_of: dt.date, *, count: int | None = None,
    registry_path: Path = DEFAULT_PATH,
) -> Iterator[CaseRecord]:
    """Yield the synthetic province's cases, every event on or before `as_of`.

    `count` overrides the size's number of cases (still counting open ones for P)."""
    target, open_only = SIZES[size]
    target = count if count is not None else target
    registry = load_registry(registry_path)
    rng = random.Random(f"congminh-demo:{seed}")
    counters = Counters()
    weights = [d.weight for d in registry.districts]
    done = 0
    while done < target:
        district = rng.choices(registry.districts, weights=weights)[0]
        record = _one_case(rng, registry, counters, district, as_of)
        if record is None:
            continue
        if not open_only or record.events[-1].type != "closed":
            done += 1
        yield record


def _one_case(rng: random.Random, reg: Registry, counters: Counters, d: District,
              as_of: dt.date) -> CaseRecord | None:
    procedure = rng.choices([p for p, _ in PROCEDURES], weights=[w for _, w in PROCEDURES])[0]
    age = int(rng.random() ** 1.4 * HISTORY_DAYS[procedure])
    start = as_of - dt.timedelta(days=age)
    tl = Timeline(rng=rng, as_of=as_of, counters=counters)
    record = CaseRecord(procedure=procedure, title="", holder_code="", numbers=[])
    try:
        if procedure == "criminal":
            record.category = rng.choices([c for c, _ in CATEGORIES], weights=[w for _, w in CATEGORIES])[0]
            procedures.criminal(tl, reg, d, start, record.category)
        elif procedure == "civil":
            record.case_kind = "civil_family" if rng.random() < 0.75 else "business_labour"
            procedures.civil(tl, reg, d, start, record.case_kind)
        elif procedure == "administrative":
            record.case_kind = "ordinary" if rng.random() < 0.8 else "short"
            procedures.administrative(tl, reg, d, start, record.case_kind)
        else:
            procedures.enforcement(tl, reg, d, start)
    except Stop:
        pass
    if not tl.events:
        return None
    record.events = tl.events
    record.holder_code, record.numbers = tl.records()
    _describe(rng, reg, d, record)
    return record


# Why a supervision flag is set, in the words of the supervisor's note; chosen from the
# case's title (not the generator's random stream, so the cases stay those of earlier seeds).
PUBLIC_CONCERN_REASONS = (
    "Báo chí địa phương đăng nhiều bài về vụ {offence}; cử tri kiến nghị tại buổi tiếp xúc cử tri",
    "Nhiều đơn thư của người dân trên địa bàn phản ánh việc xử lý vụ {offence}",
    "Mạng xã hội lan truyền thông tin về vụ việc của {name}; Thường trực HĐND đề nghị theo dõi",
    "Ban Thanh tra nhân dân xã kiến nghị theo dõi vụ {offence} kéo dài, gây bức xúc",
)
WRONGFUL_REASONS = (
    "Đơn kêu oan của gia đình {name}: khai bị ép cung, đề nghị xem xét lại chứng cứ",
    "Luật sư bào chữa cho {name} kiến nghị: lời khai mâu thuẫn, chưa giám định vật chứng",
    "{name} kêu oan tại phiên tòa; Ủy ban MTTQ đề nghị xem xét dấu hiệu oan",
    "Kết quả giám định bổ sung khác kết luận trước; có dấu hiệu làm oan {name}",
)


def flag_reason(record: CaseRecord, name: str, offence: str) -> str:
    """The note a supervisor writes when flagging `record` (empty when it is not flagged):
    deterministic, from the title."""
    parts = []
    pick = zlib.crc32(record.title.encode())
    if record.wrongful_conviction_signs:
        parts.append(WRONGFUL_REASONS[pick % len(WRONGFUL_REASONS)])
    if record.public_concern:
        parts.append(PUBLIC_CONCERN_REASONS[pick % len(PUBLIC_CONCERN_REASONS)])
    return "; ".join(parts).format(name=name, offence=offence.lower())


def _describe(rng: random.Random, reg: Registry, d: District, record: CaseRecord) -> None:
    """Title, parties and flags, in the words a clerk would use."""
    first = record.events[0].date.year
    if record.procedure == "criminal":
        offence, article = names.offence(rng, record.category)
        accused = [names.person(rng) for _ in range(rng.choices((1, 2, 3), weights=(75, 18, 7))[0])]
        record.title = f"{accused[0]}{' và đồng phạm' if len(accused) > 1 else ''} - {offence} (Điều {article} BLHS)"
        record.parties = [
            PartyRecord(n, "accused", first - rng.randint(18, 60), rng.random() < 0.35) for n in accused
        ]
        if rng.random() < 0.6:
            record.parties.append(PartyRecord(names.person(rng), "victim", first - rng.randint(10, 75)))
        record.public_concern = rng.random() < 0.01
        record.wrongful_conviction_signs = rng.random() < 0.003
        record.flag_reason = flag_reason(record, accused[0], offence)
    elif record.procedure in ("civil", "administrative"):
        plaintiff = names.person(rng)
        if record.procedure == "administrative":
            respondent = rng.choice(reg.communes[d.region])
            subject = rng.choice(names.ADMINISTRATIVE)
            record.title = f"{subject} - {plaintiff} kiện {respondent}"
        else:
            pool = names.CIVIL_FAMILY if record.case_kind == "civil_family" else names.BUSINESS_LABOUR
            respondent = names.person(rng) if record.case_kind == "civil_family" else names.company(rng)
            record.title = f"{rng.choice(pool)} giữa {plaintiff} và {respondent}"
        record.parties = [PartyRecord(plaintiff, "plaintiff"), PartyRecord(respondent, "respondent")]
    else:
        creditor = names.person(rng) if rng.random() < 0.6 else names.company(rng)
        debtor = names.person(rng)
        amount = rng.choice((15, 30, 50, 80, 120, 250, 400, 900, 1500)) * 1_000_000
        record.title = f"{debtor} phải trả {creditor} {amount:,} đồng".replace(",", ".")
        record.parties = [PartyRecord(creditor, "creditor"), PartyRecord(debtor, "debtor")]
    record.summary = f"Địa bàn: {d.name} (khu vực {d.region}). Dữ liệu mô phỏng."
