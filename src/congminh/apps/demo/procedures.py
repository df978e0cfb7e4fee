"""The lawful paths a synthetic case takes, one function per procedure.

Each function writes events into a `Timeline` until the case closes or the timeline
reaches `as_of` (it raises `Stop`, leaving the case open at that step). Orders follow
CONTRACTS.md §1; limits and extension caps come from `timeline`.
"""

from __future__ import annotations

import datetime as dt
import random
import zlib

from congminh.apps.demo.names import person
from congminh.apps.demo.registry import District, Registry
from congminh.apps.demo.timeline import (
    COURT_PREPARATION,
    CRIMINAL_PREPARATION,
    INVESTIGATION,
    PROSECUTION,
    REPORT_COMPLEX_MONTHS,
    REPORT_DAYS,
    REPORT_EXTENSION_MONTHS,
    RESUMED_INVESTIGATION,
    SUPPLEMENTARY_MONTHS,
    Timeline,
    add_months,
    days,
)


def criminal(tl: Timeline, reg: Registry, d: District, start: dt.date, category: str) -> None:
    rng = tl.rng
    top = category == "especially_serious"
    tl.add("report_received", start, reg.police(d, start, top), "police")
    due = start + days(REPORT_DAYS)
    if rng.random() < 0.2:
        tl.add("report_marked_complex", start + days(rng.randint(1, 5)), reg.police(d, tl.day, top), "police")
        due = add_months(start, REPORT_COMPLEX_MONTHS)
        if rng.random() < 0.3:
            day = tl.extension_day(due)
            tl.add("report_extended", day, reg.police(d, day, top), "police", months=REPORT_EXTENSION_MONTHS)
            due = add_months(due, REPORT_EXTENSION_MONTHS)
    if rng.random() < 0.06:
        # Đ.148: only once the limit has run out, waiting for an expertise or documents.
        tl.add("report_suspended", due, reg.police(d, due, top), "police",
               ground=rng.choice(("expertise", "evidence")))
        resumed = due + days(rng.randint(30, 240))
        tl.add("report_resumed", resumed, reg.police(d, resumed, top), "police")
        due = resumed + days(REPORT_DAYS)
    end = tl.finish_by(tl.day, due)
    if rng.random() < 0.15:
        tl.add("closed", end, reg.police(d, end, top), "police", reason="not_instituted")
        return
    tl.add("case_instituted", end, reg.police(d, end, top), "police")
    _investigation(tl, reg, d, category, top)
    _prosecution_and_trial(tl, reg, d, category, top)


def _investigation(tl: Timeline, reg: Registry, d: District, category: str, top: bool) -> None:
    rng = tl.rng
    base, tiers = INVESTIGATION[category]
    start = tl.day
    due = add_months(start, base)
    most = due
    for cap in tiers:
        most = add_months(most, cap)
    end = tl.finish_by(start, most) if rng.random() > 0.5 else tl.finish_by(start, due)
    for cap in tiers:
        if end <= due:
            break
        months = cap if rng.random() < 0.7 else rng.randint(1, cap)
        day = tl.extension_day(due)
        tl.add("investigation_extended", day, reg.police(d, day, top), "police", months=months)
        due = add_months(due, months)
    if rng.random() < 0.07:
        ground = rng.choices(("suspect_unknown", "expertise", "illness"), weights=(6, 3, 1))[0]
        # Đ.229: suspect unknown or expertise pending only once the limit has run out.
        tl.add("investigation_suspended", due, reg.police(d, due, top), "police", ground=ground)
        resumed = due + days(rng.randint(30, 400))
        tl.add("investigation_resumed", resumed, reg.police(d, resumed, top), "police")
        end = tl.finish_by(resumed, add_months(resumed, RESUMED_INVESTIGATION[category]))
    tl.add("investigation_concluded", end, reg.police(d, end, top), "police")


def _side_rng(*key: object) -> random.Random:
    """A generator of its own for facts added after the first demo (judges, review
    outcomes, return grounds), seeded by the event's body and day: the timeline's draws,
    and so the rest of the demo province, stay as they were."""
    return random.Random(zlib.crc32("|".join(map(str, key)).encode()))


def _presiding_judge(court: str, day: dt.date) -> str:
    """One of four judges of the court (the same names on every run)."""
    return person(_side_rng(court, "judge", _side_rng(court, day).randint(0, 3)))


# How reviews of first-instance judgments end in the demo: mostly upheld; amended or
# annulled, about a third of those for the first-instance court's own (subjective) fault.
REVIEW_OUTCOMES = (("upheld", 60), ("amended", 25), ("annulled", 15))
RETURN_GROUNDS = (("missing_evidence", 55), ("procedural_violation", 20), ("other_accomplice", 15),
                  ("other_offence", 10))


def _weighted(rng: random.Random, choices: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([c for c, _ in choices], weights=[w for _, w in choices])[0]


def _review_outcome(court: str, day: dt.date) -> dict[str, str]:
    rng = _side_rng(court, day, "review")
    outcome = _weighted(rng, REVIEW_OUTCOMES)
    if outcome == "upheld":
        return {"outcome": outcome, "review": "appeal"}
    return {"outcome": outcome, "review": "appeal",
            "fault": "subjective" if rng.random() < 0.35 else "objective"}


def _prosecution(tl: Timeline, reg: Registry, d: District, category: str, top: bool,
                 may_return: bool) -> bool:
    """The procuracy's decision; True when it indicts, False when it closed the case."""
    rng = tl.rng
    base, cap = PROSECUTION[category]
    start = tl.day
    due = start + days(base)
    end = tl.finish_by(start, due + days(cap))
    if end > due:
        day = tl.extension_day(due)
        ext = cap if rng.random() < 0.7 else rng.randint(1, cap)
        tl.add("prosecution_extended", day, reg.procuracy(d, day, top), "procuracy", days=ext)
        due += days(ext)
    if may_return and rng.random() < 0.08:
        back = min(end, due) + days(rng.randint(1, 3))
        body = reg.procuracy(d, back, top)
        tl.add("returned_for_investigation", back, body, "procuracy", by="procuracy",
               reason=_weighted(_side_rng(body, back, "return"), RETURN_GROUNDS))
        _supplementary(tl, reg, d, top, "procuracy")
        return _prosecution(tl, reg, d, category, top, may_return=False)
    if rng.random() < 0.04:
        tl.add("closed", end, reg.procuracy(d, end, top), "procuracy", reason="not_prosecuted")
        return False
    tl.add("indicted", end, reg.procuracy(d, end, top), "procuracy")
    return True


def _supplementary(tl: Timeline, reg: Registry, d: District, top: bool, by: str) -> None:
    start = tl.day
    end = tl.finish_by(start, add_months(start, SUPPLEMENTARY_MONTHS[by]))
    tl.add("supplementary_investigation_concluded", end, reg.police(d, end, top), "police")


def _prosecution_and_trial(tl: Timeline, reg: Registry, d: District, category: str, top: bool) -> None:
    rng = tl.rng
    if not _prosecution(tl, reg, d, category, top, may_return=True):
        return
    accepted = tl.day + days(rng.randint(2, 10))
    tl.add("accepted", accepted, reg.court(d, accepted, top), "criminal")
    unit, base, cap = CRIMINAL_PREPARATION[category]
    due = add_months(accepted, base) if unit == "months" else accepted + days(base)
    if rng.random() < 0.05:
        back = accepted + days(rng.randint(10, max(11, (due - accepted).days)))
        body = reg.court(d, back, top)
        tl.add("returned_for_investigation", back, body, "criminal", by="court",
               reason=_weighted(_side_rng(body, back, "return"), RETURN_GROUNDS))
        _supplementary(tl, reg, d, top, "court")
        due = tl.day + days(15)  # Đ.277: decide within 15 days of getting the file back
        cap = 0
    _court_hearing(tl, reg, d, "criminal", "criminal", accepted, due, cap, unit_days=True, top=top)


def civil(tl: Timeline, reg: Registry, d: District, start: dt.date, case_kind: str) -> None:
    _court_case(tl, reg, d, start, "civil", case_kind, case_kind)


def administrative(tl: Timeline, reg: Registry, d: District, start: dt.date, case_kind: str) -> None:
    _court_case(tl, reg, d, start, "administrative", case_kind, "administrative")


def _court_case(tl: Timeline, reg: Registry, d: District, start: dt.date, procedure: str,
                case_kind: str, number_kind: str) -> None:
    rng = tl.rng
    tl.add("accepted", start, reg.court(d, start), number_kind)
    base, cap = COURT_PREPARATION[case_kind]
    due = add_months(start, base)
    if rng.random() < 0.08:
        stop = start + days(rng.randint(20, max(21, (due - start).days)))
        ground = rng.choice(("evidence", "related_case", "party_died", "expertise"))
        tl.add("suspended", stop, reg.court(d, stop), number_kind, ground=ground)
        resumed = stop + days(rng.randint(30, 300))
        tl.add("resumed", resumed, reg.court(d, resumed), number_kind)
        start, due = resumed, add_months(resumed, base)  # Đ.203 k1: counted afresh
    if procedure == "civil" and rng.random() < 0.3:
        end = tl.finish_by(start, due)
        reason = rng.choice(("withdrawn", "mediation_success", "mediation_success"))
        tl.add("closed", end, reg.court(d, end), number_kind, reason=reason)
        return
    _court_hearing(tl, reg, d, procedure, number_kind, start, due, cap, unit_days=False)


def _court_hearing(tl: Timeline, reg: Registry, d: District, procedure: str, number_kind: str,
                   start: dt.date, due: dt.date, cap: int, unit_days: bool, top: bool = False) -> None:
    rng = tl.rng
    most = due + days(cap) if unit_days else add_months(due, cap)
    end = tl.finish_by(start, most if cap and rng.random() < 0.3 else due)
    if end > due and cap:
        day = tl.extension_day(due)
        if unit_days:
            tl.add("preparation_extended", day, reg.court(d, day, top), number_kind, days=cap)
        else:
            tl.add("preparation_extended", day, reg.court(d, day, top), number_kind, months=cap)
    tl.add("brought_to_trial", end, reg.court(d, end, top), number_kind)
    hearing = {"criminal": 15, "administrative": 20}.get(procedure, 30)
    judged = tl.finish_by(tl.day, tl.day + days(hearing))
    court = reg.court(d, judged, top)
    tl.add("judgment_pronounced", judged, court, number_kind,
           presiding_judge=_presiding_judge(court, judged))
    # BLTTHS Đ.262, BLTTDS Đ.269 [M] / Luật TTHC: the written judgment goes out within 10 (7) days.
    limit = 7 if procedure == "administrative" else 10
    issued = tl.finish_by(judged, judged + days(limit))
    tl.add("judgment_issued", issued, reg.court(d, issued, top), number_kind)
    if rng.random() < 0.22:
        # Within the 15-day appeal window, not before the written judgment's event.
        lodged = max(tl.day, judged + days(rng.randint(1, 15)))
        tl.add("appeal_lodged", lodged, reg.court(d, lodged, top), number_kind)
        got = max(tl.day, judged + days(rng.randint(20, 45)))
        tl.add("appeal_received", got, reg.appeal_court(d, got), f"appeal_{procedure}", court="provincial")
        done = tl.finish_by(got, got + days(60))
        tl.add("appellate_outcome", done, reg.appeal_court(d, done), f"appeal_{procedure}",
               **_review_outcome(court, judged))
        tl.add("closed", done, reg.appeal_court(d, done), f"appeal_{procedure}", reason="appeal_judgment")
        return
    final = max(tl.day, judged + days(rng.randint(16, 35)))
    tl.add("closed", final, reg.court(d, final, top), number_kind, reason="judgment_effective")


def enforcement(tl: Timeline, reg: Registry, d: District, start: dt.date) -> None:
    rng = tl.rng
    tl.add("enforcement_decision_received", start, reg.enforcement(d, start), "enforcement")
    if rng.random() < 0.08:
        # Postponed or suspended early, e.g. at the debtor's or a reviewing body's request.
        kind = rng.choice(("postponed", "suspended"))
        stop = tl.day + days(rng.randint(1, 8))
        ground = "debtor_ill" if kind == "postponed" else "cassation_review"
        tl.add(kind, stop, reg.enforcement(d, stop), "enforcement", ground=ground)
        back = stop + days(rng.randint(20, 180))
        tl.add("resumed", back, reg.enforcement(d, back), "enforcement")
    # Luật THADS Đ.44: verify within 10 days after the 10-day voluntary period.
    check = tl.finish_by(tl.day, tl.day + days(20))
    able = rng.random() < 0.62
    tl.add("conditions_verified", check, reg.enforcement(d, check), "enforcement", able=able)
    while not able:
        # Re-verified at least every 6 months while the debtor cannot pay.
        check = tl.finish_by(tl.day, add_months(tl.day, 6))
        able = rng.random() < 0.12
        tl.add("conditions_verified", check, reg.enforcement(d, check), "enforcement", able=able)
    done = tl.day + days(rng.randint(20, 240))
    tl.add("closed", done, reg.enforcement(d, done), "enforcement", reason="fully_enforced")
