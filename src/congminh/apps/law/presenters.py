"""The rule files as a lawyer reads them: every rule the engine loaded
(`congminh.core.law.rules.default_rules()`), put into Vietnamese words.

Nothing here reads the YAML files: the pages show the `Rule` objects the engine computes
with, so what is on screen is what the engine applies. Codes (`category`,
`investigation_agency`, `restart_full`...) never reach the page: each has a name here or
in the core (`labels.py`, `events.py`); an unknown one is shown as it is, so the pages'
test of visible English identifiers catches a name missing here.

A rule may carry its article's verbatim text (`quote`) and worked examples; both are read
with `getattr`, so the pages work with rule objects that have them and with those that do
not.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from congminh.core.law.clocks import limit_total_vi
from congminh.core.law.dates import vi
from congminh.core.law.events import CATEGORY_VI, EVENT_TYPES, event_label
from congminh.core.law.examples import Outcome, check, examples_by_rule
from congminh.core.law.labels import holder_vi
from congminh.core.law.rules import (
    CONFIDENCE_ORDER,
    Citation,
    ExtensionTier,
    Limit,
    Rule,
    RuleSet,
    StartSpec,
)
from congminh.core.text import fold

CONFIDENCE_LABELS: dict[str, Promise] = {
    "V": gettext_lazy("Confirmed"),
    "M": gettext_lazy("Not confirmed (a lawyer must check)"),
    "I": gettext_lazy("Inferred"),
}
CONFIDENCE_HINTS: dict[str, Promise] = {
    "V": gettext_lazy("Matches a published source quoting or summarising the article."),
    "M": gettext_lazy("Believed correct but not confirmed in a published source: check it "
                      "against the official text before relying on it."),
    "I": gettext_lazy("Inferred from other confirmed facts (for example a court's published "
                      "table of time limits), not read in the article itself."),
}

PROCEDURE_LABELS: dict[str, Promise] = {
    "criminal": gettext_lazy("Criminal"),
    "civil": gettext_lazy("Civil"),
    "administrative": gettext_lazy("Administrative"),
    "enforcement": gettext_lazy("Civil judgment enforcement"),
}

STAGE_LABELS: dict[str, Promise] = {
    "crime_report": gettext_lazy("Settling reports of crimes"),
    "investigation": gettext_lazy("Investigation"),
    "supplementary_investigation": gettext_lazy("Supplementary investigation"),
    "prosecution_decision": gettext_lazy("Deciding on prosecution"),
    "trial_preparation": gettext_lazy("First-instance trial preparation"),
    "hearing": gettext_lazy("First-instance hearing"),
    "judgment": gettext_lazy("After the first-instance judgment"),
    "appeal_window": gettext_lazy("Appeal and protest against the first-instance judgment"),
    "appeal": gettext_lazy("Appellate instance"),
    "enforcement": gettext_lazy("Civil judgment enforcement"),
    "expertise": gettext_lazy("Judicial expertise"),
    "evidence": gettext_lazy("Supplying documents and evidence"),
    "complaint": pgettext_lazy("law stage", "Complaints and denunciations"),
}

KIND_LABELS: dict[str, Promise] = {
    "crime_report": gettext_lazy("Settling a report of a crime"),
    "holding": gettext_lazy("Temporary holding"),
    "detention": gettext_lazy("Pre-trial detention"),
    "investigation": gettext_lazy("Investigation"),
    "supplementary_investigation": gettext_lazy("Supplementary investigation"),
    "prosecution_decision": gettext_lazy("Deciding on prosecution"),
    "trial_preparation": gettext_lazy("Trial preparation"),
    "hearing": gettext_lazy("Opening the hearing"),
    "judgment_issuance": gettext_lazy("Handing over and sending the judgment"),
    "appeal_window": gettext_lazy("Time to appeal"),
    "protest_window": gettext_lazy("Time to protest"),
    "decision_appeal_window": gettext_lazy("Time to appeal a first-instance decision"),
    "decision_protest_window": gettext_lazy("Time to protest a first-instance decision"),
    "appellate_preparation": gettext_lazy("Appellate trial preparation"),
    "appellate_hearing": gettext_lazy("Opening the appellate hearing"),
    "expertise": gettext_lazy("Expert examination"),
    "expertise_refusal": gettext_lazy("Notice of refusal to examine"),
    "evidence_request": gettext_lazy("Supplying requested documents and evidence"),
    "complaint": gettext_lazy("Settling a complaint"),
    "denunciation": gettext_lazy("Settling a denunciation"),
    "voluntary_compliance": gettext_lazy("Voluntary enforcement"),
    "verification": gettext_lazy("Verifying the conditions for enforcement"),
    "reverification": gettext_lazy("Verifying the conditions for enforcement again"),
}

PER_LABELS: dict[str, Promise] = {
    "case": gettext_lazy("One time limit for the whole case"),
    "person": gettext_lazy("A separate time limit for each person (the person held, "
                           "detained or absent)"),
    "ref": gettext_lazy("A separate time limit for each request or decision (by its number)"),
}

SUSPENSION_LABELS: dict[str, Promise] = {
    "pause": gettext_lazy("The time suspended is not counted; when the matter resumes, the "
                          "rest of the time limit runs on"),
    "restart_full": gettext_lazy("When the matter resumes, the whole time limit is counted "
                                 "again from the day it resumes"),
    "restart_rule": gettext_lazy("When the matter resumes, another time limit applies:"),
    "none": gettext_lazy("A suspension does not stop this time limit"),
}

# What the limit rows and the start conditions test (`when`, `unless`, `end_when`,
# `reclassify`), as phrases joined by "và": each key's phrase holds its value (several
# values are joined by "hoặc"); yes/no keys have a phrase for each answer. The phrase of
# a key in ATTACHED qualifies the one before it (a comma, not "và").
CONDITION_PHRASES: dict[str, Promise] = {
    "category": gettext_lazy("%(value)s crime"),
    "case_kind": gettext_lazy("%(value)s"),
    "by": gettext_lazy("file returned by %(value)s"),
    "at": gettext_lazy("%(value)s"),
    "returned_by": gettext_lazy("file returned for supplementary investigation by %(value)s"),
    "custody_stage": gettext_lazy("detention order %(value)s"),
    "expertise_kind": gettext_lazy("expert examination of %(value)s"),
    "expertise_field": gettext_lazy("expertise in %(value)s"),
    "expertise_matter": gettext_lazy("%(value)s"),
    "court": gettext_lazy("appeal heard by %(value)s"),
    "level": gettext_lazy("%(value)s"),
    "against": gettext_lazy("complaint against %(value)s"),
    "verification": gettext_lazy("%(value)s"),
    "procedure": gettext_lazy("%(value)s case"),
}
ATTACHED = frozenset({"at", "expertise_matter"})
VALUE_LABELS: dict[tuple[str, Any], Promise] = {
    ("case_kind", "civil_family"): gettext_lazy("civil, marriage and family dispute"),
    ("case_kind", "business_labour"): gettext_lazy("business, commercial or labour dispute"),
    ("case_kind", "ordinary"): gettext_lazy("ordinary administrative suit"),
    ("case_kind", "short"): gettext_lazy("administrative suit with the 2-month limit"),
    ("by", "procuracy"): gettext_lazy("the Procuracy"),
    ("by", "court"): gettext_lazy("the Court"),
    ("returned_by", "procuracy"): gettext_lazy("the Procuracy"),
    ("returned_by", "court"): gettext_lazy("the Court"),
    ("at", "preparation"): gettext_lazy("while preparing the trial (by the presiding judge)"),
    ("at", "hearing"): gettext_lazy("at the hearing (by the trial panel)"),
    ("custody_stage", "investigation"): gettext_lazy("to investigate"),
    ("custody_stage", "prosecution"): gettext_lazy("to prosecute"),
    ("custody_stage", "supplementary_investigation"): gettext_lazy(
        "during a supplementary investigation"),
    ("custody_stage", "trial"): gettext_lazy("to prepare the trial"),
    ("custody_stage", "judgment"): gettext_lazy("after the first-instance judgment"),
    ("custody_stage", "appeal"): gettext_lazy("for the appellate trial"),
    ("custody_stage", "appellate_judgment"): gettext_lazy("after the appellate judgment"),
    ("expertise_kind", "mental_state"): gettext_lazy("mental state"),
    ("expertise_kind", "cause_of_death"): gettext_lazy("cause of death"),
    ("expertise_kind", "environmental_pollution"): gettext_lazy("environmental pollution"),
    ("expertise_kind", "age"): gettext_lazy("age"),
    ("expertise_kind", "injury"): gettext_lazy("injury"),
    ("expertise_kind", "controlled_items"): gettext_lazy(
        "drugs, weapons, explosives and other controlled items"),
    ("expertise_kind", "other"): gettext_lazy("another kind"),
    # apps.expertise's field codes (ExpertiseField.code) used by the rule files
    ("expertise_field", "phap-y"): gettext_lazy("the forensic medicine field"),
    ("expertise_field", "van-hoa"): gettext_lazy("the field of culture"),
    ("expertise_matter", "forensic_sexual_abuse"): gettext_lazy(
        "examination of sexual abuse, ill-treatment, sex, pregnancy or male sexual capacity"),
    ("expertise_matter", "forensic_sexual_abuse_consulted"): gettext_lazy(
        "examination of sexual abuse, ill-treatment, sex, pregnancy or male sexual capacity "
        "needing a consultation"),
    ("expertise_matter", "forensic_laboratory"): gettext_lazy(
        "toxicology, histopathology or DNA examination"),
    ("expertise_matter", "forensic_laboratory_consulted"): gettext_lazy(
        "toxicology, histopathology or DNA examination needing a consultation"),
    ("expertise_matter", "cultural_product"): gettext_lazy("examination of a cultural product"),
    ("court", "provincial"): gettext_lazy("the provincial People's Court"),
    ("court", "supreme_appellate"): gettext_lazy("the Appellate Court of the Supreme People's Court"),
    ("level", "first"): gettext_lazy("first complaint"),
    ("level", "second"): gettext_lazy("second complaint"),
    ("level", "same"): gettext_lazy("protest by the Procuracy of the same level"),
    ("level", "higher"): gettext_lazy("protest by the higher Procuracy"),
    ("against", "custody"): gettext_lazy("temporary holding or detention"),
    ("against", "investigation"): gettext_lazy(
        "procedural decisions and acts of investigators and deputy heads of the investigation body"),
    ("against", "investigation_head"): gettext_lazy(
        "procedural decisions and acts of the head of the investigation body"),
    ("against", "procuracy"): gettext_lazy(
        "procedural decisions and acts of procurators and deputy heads of the Procuracy"),
    ("against", "procuracy_head"): gettext_lazy("procedural decisions and acts of the Procuracy's head"),
    ("against", "court"): gettext_lazy(
        "procedural decisions and acts of judges and deputy chiefs of the court"),
    ("against", "court_head"): gettext_lazy("procedural decisions and acts of the court's chief"),
    ("against", "enforcement"): gettext_lazy("decisions and acts in judgment enforcement"),
    ("against", "enforcement_security"): gettext_lazy("protective measures in judgment enforcement"),
    ("against", "enforcement_coercion"): gettext_lazy("coercive measures in judgment enforcement"),
    ("against", "enforcement_head"): gettext_lazy("decisions and acts of the head of the enforcement office"),
    ("verification", "first"): gettext_lazy("verified once, the judgment debtor unable to pay"),
    ("verification", "repeated"): gettext_lazy(
        "verified twice or more, the judgment debtor still unable to pay"),
}
BOOL_PHRASES: dict[tuple[str, bool], Promise] = {
    ("national_security", True): gettext_lazy("against national security"),
    ("national_security", False): gettext_lazy("not against national security"),
    ("complex", True): gettext_lazy("complex matter"),
    ("complex", False): gettext_lazy("not a complex matter"),
    ("reverify_yearly", True): gettext_lazy(
        "the debtor serves a prison term with 2 years or more left, or their address is unknown"),
    ("reverify_yearly", False): gettext_lazy("re-verified every 6 months"),
    ("prosecutor_absent", True): gettext_lazy("no prosecutor attended the hearing"),
    ("prosecutor_absent", False): gettext_lazy("a prosecutor attended the hearing"),
    ("appellate", True): gettext_lazy("at the appellate level (the appellate court has the file)"),
    ("appellate", False): gettext_lazy("at first instance"),
    ("simplified_procedure", True): gettext_lazy("the case is resolved under the simplified procedure"),
    ("simplified_procedure", False): gettext_lazy(
        "the case is not resolved under the simplified procedure"),
    ("foreign_element", True): gettext_lazy("the case has a foreign element"),
    ("foreign_element", False): gettext_lazy("the case has no foreign element"),
    ("able", True): gettext_lazy("the judgment debtor found able to pay"),
    ("able", False): gettext_lazy("the judgment debtor found unable to pay"),
}

ARTICLE = re.compile(r"(\d+)(.*)")


def _last_day_text(rule: Any) -> str:
    """How the last day is counted, per limit row (a criminal rule may mix days, which end
    on their last day, and months, which move: BLTTHS Đ.134 k1)."""
    sentences = list(dict.fromkeys(lim.counting for lim in rule.limits if lim.counting))
    if sentences:
        text = "; ".join(sentences)
        return text[:1].upper() + text[1:]
    return str(_("Moves to the next working day") if rule.roll else
               _("Does not move: the time limit ends on that day"))


def _s(value: Any) -> str:
    return str(value)


def confidence_label(code: str) -> str:
    return _s(CONFIDENCE_LABELS.get(code, code))


def procedure_label(code: str) -> str:
    return _s(PROCEDURE_LABELS.get(code, code))


def _or(names: Sequence[str]) -> str:
    if len(names) < 2:
        return "".join(names)
    return _("%(items)s or %(last)s") % {"items": ", ".join(names[:-1]), "last": names[-1]}


def _value_name(key: str, value: Any) -> str:
    if key == "category":
        return CATEGORY_VI.get(str(value), str(value))
    if key == "procedure":
        return procedure_label(str(value)).lower()
    label = VALUE_LABELS.get((key, value))
    if label is not None:
        return _s(label)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


# A start's `custody_stage` on an event that is no detention order: the stage the case is
# in when the event is recorded (the simplified procedure's decision and its cancellation,
# BLTTHS Đ.457-458).
STAGE_PHRASES: dict[Any, Promise] = {
    "investigation": gettext_lazy("recorded during the investigation"),
    "prosecution": gettext_lazy("recorded after the Procuracy received the file"),
    "trial": gettext_lazy("recorded after the court accepted the case"),
    "appeal": gettext_lazy("recorded after the appellate court received the file"),
}


def condition_parts(when: Mapping[str, Any], *, stage: bool = False) -> list[str]:
    """Each test of a `when` (or `unless`) in words, e.g. ["tội phạm nghiêm trọng",
    "xâm phạm an ninh quốc gia"]; a key without a name here is shown as it is. `stage`:
    `custody_stage` is the stage of the case (`STAGE_PHRASES`), not a detention order's."""
    parts: list[str] = []
    for key, value in when.items():
        if stage and key == "custody_stage" and value in STAGE_PHRASES:
            parts.append(_s(STAGE_PHRASES[value]))
            continue
        if isinstance(value, bool) and (key, value) in BOOL_PHRASES:
            parts.append(_s(BOOL_PHRASES[(key, value)]))
            continue
        if isinstance(value, list) and set(value) <= {None, False} and (key, False) in BOOL_PHRASES:
            parts.append(_s(BOOL_PHRASES[(key, False)]))  # not given or false: "not true"
            continue
        values = value if isinstance(value, list) else [value]
        names = _or([_value_name(key, v) for v in values])
        phrase = CONDITION_PHRASES.get(key)
        text = _s(phrase) % {"value": names} if phrase is not None else f"{key}: {names}"
        if key in ATTACHED and parts:
            parts[-1] = f"{parts[-1]}, {text}"
        else:
            parts.append(text)
    return parts


def condition_text(when: Mapping[str, Any], *, stage: bool = False) -> str:
    """The tests of a `when` joined: «tội phạm đặc biệt nghiêm trọng và xâm phạm an ninh
    quốc gia» ('' for none)."""
    return _(" and ").join(condition_parts(when, stage=stage))


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def extensions_text(tiers: Sequence[ExtensionTier]) -> str:
    """«gia hạn 1 lần, tối đa 1 tháng», «gia hạn 2 lần, mỗi lần tối đa 3 ngày», «gia hạn 2
    lần: lần 1 tối đa 3 tháng, lần 2 tối đa 2 tháng»; '' when the limit is not extended."""
    if not tiers:
        return ""
    if len(tiers) == 1 and tiers[0].total_from_start is not None:
        # The law restates the whole limit («thời hạn này là 02 tháng»): counted from the
        # start, not added to the first due date, so the page says so.
        return _("extended once, to %(total)s counted from the start") % {
            "total": tiers[0].total_from_start.text_vi()}
    if len(tiers) == 1:
        return _("extended once, at most %(max)s") % {"max": tiers[0].max.text_vi()}
    if len({t.max for t in tiers}) == 1:
        return _("extended %(n)s times, each time at most %(max)s") % {
            "n": len(tiers), "max": tiers[0].max.text_vi()}
    each = ", ".join(_("time %(n)s at most %(max)s") % {"n": n, "max": t.max.text_vi()}
                     for n, t in enumerate(tiers, start=1))
    return _("extended %(n)s times: %(tiers)s") % {"n": len(tiers), "tiers": each}


def limit_words(limit: Limit) -> str:
    """«2 tháng», «2 tháng; gia hạn 1 lần, tối đa 2 tháng», with the number of times the
    limit may apply when the law counts them."""
    parts = [limit.duration.text_vi()]
    if limit.extensions:
        parts.append(extensions_text(limit.extensions))
    if limit.max_occurrences is not None:
        parts.append(_("at most %(n)s times in one case") % {"n": limit.max_occurrences})
    return "; ".join(parts)


def _narrower_before(limits: Sequence[Limit], index: int) -> bool:
    """An earlier row tests everything this one does and more: this row is what is left."""
    mine = limits[index].when.items()
    return any(len(earlier.when) > len(limits[index].when) and all(
        item in earlier.when.items() for item in mine) for earlier in limits[:index])


def case_text(limits: Sequence[Limit], index: int) -> str:
    """Which cases a limit row covers, in words."""
    when = limits[index].when
    if not when:
        return _("Every case") if len(limits) == 1 else _("Every other case")
    text = capitalised(condition_text(when))
    if _narrower_before(limits, index):
        text = _("%(cases)s (other than the row above)") % {"cases": text}
    return text


def quotes_of(obj: Any) -> list[str]:
    """The verbatim text an object of the rule files carries (`quote`), as paragraphs:
    a string, a list of strings, or objects or mappings with a `text`."""
    raw = getattr(obj, "quote", None)
    if raw is None or raw == "":
        return []
    items: Iterable[Any] = [raw] if isinstance(raw, str | Mapping) or not isinstance(
        raw, Iterable) else raw
    out = []
    for item in items:
        text = item if isinstance(item, str) else (
            item.get("text") if isinstance(item, Mapping) else getattr(item, "text", None))
        if isinstance(text, str) and text.strip():
            out.append(text.strip())
    return out


@dataclass(frozen=True)
class ExampleView:
    """One hand-computed row of `core/law/examples.yaml` beside the engine's answer."""

    title: str
    facts: str
    start: str
    steps: list[str]
    expected: str
    computed: str
    agrees: bool
    note: str


def _example_view(outcome: Outcome) -> ExampleView:
    ex = outcome.example
    steps = [_("extension granted on %(day)s: %(length)s") % {
        "day": vi(granted), "length": length.text_vi()} for granted, length in ex.extensions]
    steps += [_("paused from %(start)s to %(end)s") % {"start": vi(a), "end": vi(b)}
              for a, b in ex.pauses]
    if ex.rejected is not None:
        expected = _("refused: the law does not allow it")
        computed = outcome.error or (vi(outcome.due) if outcome.due else "")
    else:
        expected = vi(ex.due) if ex.due else ""
        computed = vi(outcome.due) if outcome.due else (outcome.error or "")
    return ExampleView(ex.title, condition_text(ex.when), vi(ex.start), steps, expected, computed,
                       outcome.agrees, ex.note)


def examples_of(rule: Rule) -> list[ExampleView]:
    """The hand-computed rows for this version of the rule (those whose clock starts while
    it is in force), each with what the engine computes for it now."""
    return [_example_view(check(ex)) for ex in examples_by_rule().get(rule.id, ())
            if rule.in_force(ex.start)]


# -- validity ---------------------------------------------------------------------------

def validity_status(rule: Rule, today: date) -> str:
    if rule.in_force(today):
        return "in_force"
    return "future" if today < rule.valid_from else "expired"


VALIDITY_STATUS_LABELS: dict[str, Promise] = {
    "in_force": gettext_lazy("in force"),
    "future": gettext_lazy("not yet in force"),
    "expired": gettext_lazy("no longer in force"),
}


def period_text(rule: Rule) -> str:
    if rule.valid_to is None:
        return _("from %(start)s") % {"start": vi(rule.valid_from)}
    return _("from %(start)s to %(end)s") % {"start": vi(rule.valid_from), "end": vi(rule.valid_to)}


# -- the list ---------------------------------------------------------------------------

@dataclass(frozen=True)
class LimitLine:
    case: str  # '' when the rule has one row for every case
    words: str


@dataclass(frozen=True)
class RuleRow:
    rule: Rule
    code: str
    title: str
    citation: str
    confidence: str
    confidence_label: str
    partly_unconfirmed: bool  # a row or an extension is less sure than the rule
    limits: tuple[LimitLine, ...]
    period: str
    status: str
    status_label: str
    anchor: str
    pending_change: str  # '' or the warning of an unconfirmed new law
    procedures: tuple[str, ...]
    words: str = ""  # what the search looks in, folded (`search_words`)


def version_anchor(rule: Rule) -> str:
    return f"v{rule.valid_from.isoformat()}"


def _less_sure(rule: Rule) -> bool:
    rank = CONFIDENCE_ORDER.get(rule.confidence, 0)
    levels = [lim.confidence for lim in rule.limits]
    levels += [t.confidence for lim in rule.limits for t in lim.extensions]
    levels += [s.confidence for s in rule.starts]
    return any(CONFIDENCE_ORDER.get(c, 0) < rank for c in levels)


def rule_row(rule: Rule, today: date) -> RuleRow:
    single = len(rule.limits) == 1 and not rule.limits[0].when
    limits = tuple(LimitLine("" if single else case_text(rule.limits, i), limit_words(lim))
                   for i, lim in enumerate(rule.limits))
    status = validity_status(rule, today)
    pending = ""
    if rule.pending_change is not None:
        pending = _("A new law replaces it from %(day)s; its time limits are not confirmed") % {
            "day": vi(rule.pending_change[0])}
    citation = rule.citation.text()
    words = search_words(rule.id, rule.title, citation, *(f"{line.case} {line.words}" for line in limits),
                         *quotes_of(rule), *quotes_of(rule.citation))
    return RuleRow(
        rule=rule, code=rule.id, title=rule.title, citation=citation, words=words,
        confidence=rule.confidence, confidence_label=confidence_label(rule.confidence),
        partly_unconfirmed=_less_sure(rule), limits=limits, period=period_text(rule),
        status=status, status_label=_s(VALIDITY_STATUS_LABELS[status]),
        anchor=version_anchor(rule), pending_change=pending, procedures=rule.procedures,
    )


def _article_key(citation: Citation) -> tuple[Any, ...]:
    if citation.article is None:
        return (1, 0, "")
    found = ARTICLE.match(citation.article)
    number, rest = (int(found.group(1)), found.group(2)) if found else (0, citation.article)
    clause = int(citation.clause) if citation.clause and citation.clause.isdigit() else 0
    return (0, number, rest, clause, citation.point or "")


SORTS: dict[str, Any] = {
    # Less sure first; among rules equally sure, those with a less sure row, tier or start.
    "confidence": lambda r: (CONFIDENCE_ORDER.get(r.confidence, 0), not r.partly_unconfirmed,
                             r.code, r.rule.valid_from),
    "code": lambda r: (r.code, r.rule.valid_from),
    "article": lambda r: (fold(r.rule.citation.law), _article_key(r.rule.citation), r.code,
                          r.rule.valid_from),
    "title": lambda r: (fold(r.title), r.title, r.code, r.rule.valid_from),
}
DEFAULT_SORT = "confidence"


def rows(rules: RuleSet, today: date) -> list[RuleRow]:
    """One row per rule version (a rule changed by a new law has one per law)."""
    return [rule_row(rule, today) for rule in rules.all()]


def sort_rows(items: list[RuleRow], sort: str) -> list[RuleRow]:
    key = sort.removeprefix("-")
    ordered = sorted(items, key=SORTS.get(key, SORTS[DEFAULT_SORT]))
    return ordered[::-1] if sort.startswith("-") else ordered


def search_words(*texts: str) -> str:
    """The texts a row is found by, folded: «tam giam» finds «tạm giam»."""
    return fold(" ".join(texts))


def filter_rows(items: Iterable[RuleRow], procedure: str = "", confidence: str = "",
                q: str = "") -> list[RuleRow]:
    """The rows of `procedure` and `confidence` holding every word of `q` (no marks needed)."""
    terms = fold(q).split()
    return [r for r in items if (not procedure or procedure in r.procedures)
            and (not confidence or r.confidence == confidence)
            and all(term in r.words for term in terms)]


@dataclass(frozen=True)
class Count:
    label: str
    n: int
    param: str  # the filter: `confidence` or `procedure`
    code: str  # its value

    @property
    def query(self) -> str:
        return f"{self.param}={self.code}"


def counts(items: Sequence[RuleRow]) -> tuple[list[Count], list[Count]]:
    """(by confidence, by procedure), each a link to the filtered list."""
    by_conf = [Count(confidence_label(code), sum(1 for r in items if r.confidence == code),
                     "confidence", code) for code in CONFIDENCE_ORDER]
    by_proc = [Count(procedure_label(code), sum(1 for r in items if code in r.procedures),
                     "procedure", code) for code in PROCEDURE_LABELS]
    return by_conf, by_proc


# -- one rule ---------------------------------------------------------------------------

@dataclass(frozen=True)
class RuleLink:
    code: str
    title: str


@dataclass(frozen=True)
class TierView:
    number: int
    max: str
    approver: str
    lead: str
    citation: str
    confidence: str
    confidence_label: str
    quotes: list[str]
    from_start: str = ""  # the whole limit counted from the start, when the law restates it


@dataclass(frozen=True)
class LimitView:
    case: str
    duration: str
    total: str  # with every extension, '' when there is none
    max_occurrences: int | None
    citation: str
    confidence: str
    confidence_label: str
    tiers: list[TierView]
    quotes: list[str]


@dataclass(frozen=True)
class StartView:
    event: str
    when: str
    unless: str
    after: RuleLink | None
    basis: str = ""  # where the law states the condition (`StartSpec.citation`)
    quote: str = ""
    dated_by: str = ""  # counted from the date of this earlier event (`from_date_of`)
    # A start less sure than the rule (`StartSpec.confidence`): its code, label and why;
    # '' when it is as sure as the rule.
    confidence: str = ""
    confidence_label: str = ""
    why: str = ""


@dataclass(frozen=True)
class EndView:
    event: str
    when: str


@dataclass(frozen=True)
class Fact:
    label: str
    value: str
    link: RuleLink | None = None


@dataclass(frozen=True)
class VersionView:
    rule: Rule
    anchor: str
    period: str
    status: str
    status_label: str
    citation: str
    law_number: str
    confidence: str
    confidence_label: str
    confidence_hint: str
    source: str
    quotes: list[str]
    facts: list[Fact]
    starts: list[StartView]
    ends: list[EndView]
    extend_event: str
    suspend_events: list[str]
    resume_events: list[str]
    reclassify: list[EndView]
    capped_by: list[RuleLink]
    limits: list[LimitView]
    extendable: bool  # some row has extension tiers
    note: str
    pending_change: str
    examples: list[ExampleView] = field(default_factory=list)


def _link(rules: RuleSet, rule_id: str, on: date) -> RuleLink:
    try:
        return RuleLink(rule_id, rules.get(rule_id, on).title)
    except KeyError:
        return RuleLink(rule_id, rule_id)


def _lead_text(days: int | None) -> str:
    if not days:
        return ""
    return _("requested at least %(n)s days before the time limit ends") % {"n": days}


def _tier(number: int, tier: ExtensionTier) -> TierView:
    return TierView(number, tier.max.text_vi(), tier.approver, _lead_text(tier.request_lead_days),
                    tier.citation.text(), tier.confidence, confidence_label(tier.confidence),
                    quotes_of(tier) or quotes_of(tier.citation),
                    tier.total_from_start.text_vi() if tier.total_from_start else "")


def _limit(limits: Sequence[Limit], index: int, rule_quotes: list[str]) -> LimitView:
    """A limit row; each quote is shown once, where it first applies (the rule's above the
    rows, a row's beside it, a tier's under the first tier it serves)."""
    limit = limits[index]
    quotes = [q for q in quotes_of(limit) or quotes_of(limit.citation) if q not in rule_quotes]
    seen = rule_quotes + quotes
    tiers = []
    for n, t in enumerate(limit.extensions, start=1):
        view = _tier(n, t)
        fresh = [q for q in view.quotes if q not in seen]
        seen += fresh
        tiers.append(dataclasses.replace(view, quotes=fresh))
    return LimitView(
        case=case_text(limits, index), duration=limit.duration.text_vi(),
        total=limit_total_vi(limit) if limit.extensions else "",
        max_occurrences=limit.max_occurrences, citation=limit.citation.text(),
        confidence=limit.confidence, confidence_label=confidence_label(limit.confidence),
        tiers=tiers, quotes=quotes)


def _facts(rule: Rule, rules: RuleSet) -> list[Fact]:
    facts = [
        Fact(_("Kind of procedure"), capitalised(", ".join(procedure_label(p).lower()
                                                   for p in rule.procedures))),
        Fact(_("Stage"), _s(STAGE_LABELS.get(rule.stage, rule.stage))),
        Fact(_("Kind of time limit"), _s(KIND_LABELS.get(rule.kind, rule.kind))),
        Fact(_("Who must act"), holder_vi(rule.holder)),
        Fact(_("Counted for"), _s(PER_LABELS.get(rule.per, rule.per))),
        Fact(_("Nature"), _("A time limit to exercise a right: when it runs out the right "
                            "lapses; nobody is late") if rule.window else
             _("A duty to act within the time limit: acting later is a breach")),
        Fact(_("First day"), _with_basis(
            _("The day of the event is counted as the first day") if rule.first_day_counted else
            _("The day of the event is not counted; counting starts the next day"),
            rule.counting_citation)),
        Fact(_("Last day on a day off"), _last_day_text(rule)),
    ]
    effect_code = rule.suspension_effect
    if effect_code == "restart_rule" and rule.restart_rule == rule.id:
        effect_code = "restart_full"  # restarts under its own limits
    effect = _s(SUSPENSION_LABELS.get(effect_code, effect_code))
    link = None
    if effect_code == "restart_rule" and rule.restart_rule:
        link = _link(rules, rule.restart_rule, rule.valid_from)
    if rule.suspend_events or rule.suspension_effect != "none":
        facts.append(Fact(_("Suspension"), _with_basis(effect, rule.suspension_citation), link))
    return facts


def _with_basis(fact: str, citation: Citation | None) -> str:
    """A fact of the rule followed by the sentence of law it rests on, when the file quotes
    one (`counting` / `suspension` `citation` and `quote`)."""
    if citation is None or not citation.quote:
        return fact
    return _("%(fact)s (%(citation)s: «%(quote)s»)") % {
        "fact": fact, "citation": citation.text(), "quote": " ".join(citation.quote.split())}


def _start_doubt(rule: Rule, start: StartSpec) -> tuple[str, str, str]:
    """(code, label, why) of a start less sure than its rule, else ('', '', '')."""
    if CONFIDENCE_ORDER.get(start.confidence, 0) >= CONFIDENCE_ORDER.get(rule.confidence, 0):
        return "", "", ""
    return start.confidence, confidence_label(start.confidence), start.note


def version_view(rule: Rule, rules: RuleSet, today: date) -> VersionView:
    status = validity_status(rule, today)
    quotes = quotes_of(rule) or quotes_of(rule.citation)
    pending = ""
    if rule.pending_change is not None:
        pending = _("From %(day)s: %(note)s") % {"day": vi(rule.pending_change[0]),
                                                 "note": rule.pending_change[1]}
    # An appellate rule's events are the appellate court's: «Tuyên án», not «Tuyên án sơ thẩm».
    appellate = rule.stage == "appeal"

    def name(code: str) -> str:
        return event_label(code, neutral=appellate)

    law_number = ""
    if rule.citation.law_number:
        law_number = _("Law number %(number)s") % {"number": rule.citation.law_number}
    return VersionView(
        rule=rule, anchor=version_anchor(rule), period=period_text(rule), status=status,
        status_label=_s(VALIDITY_STATUS_LABELS[status]), citation=rule.citation.text(),
        law_number=law_number, confidence=rule.confidence,
        confidence_label=confidence_label(rule.confidence),
        confidence_hint=_s(CONFIDENCE_HINTS.get(rule.confidence, "")),
        source=rule.source.rsplit("/", 1)[-1], quotes=quotes, facts=_facts(rule, rules),
        starts=[StartView(name(s.event),
                          condition_text(s.when, stage="person" not in EVENT_TYPES[s.event].required),
                          _or([condition_text(group) for group in s.unless]),
                          _link(rules, s.from_due_of, rule.valid_from) if s.from_due_of else None,
                          s.citation.text() if s.citation else "",
                          s.citation.quote or "" if s.citation else "",
                          name(s.from_date_of) if s.from_date_of else "",
                          *_start_doubt(rule, s))
                for s in rule.starts],
        ends=[EndView(name(e), "") for e in sorted(rule.ends, key=name)]
        + [EndView(name(e), condition_text(w)) for e, w in rule.end_when.items()],
        extend_event=name(rule.extend_event) if rule.extend_event else "",
        suspend_events=sorted(name(e) for e in rule.suspend_events),
        resume_events=sorted(name(e) for e in rule.resume_events),
        reclassify=[EndView(name(e), condition_text(w)) for e, w in rule.reclassify.items()],
        capped_by=[_link(rules, r, rule.valid_from) for r in rule.capped_by],
        limits=[_limit(rule.limits, i, quotes) for i in range(len(rule.limits))],
        extendable=any(lim.extensions for lim in rule.limits),
        note=rule.note, pending_change=pending, examples=examples_of(rule),
    )


def restarted_by(rules: RuleSet, rule_id: str) -> list[RuleLink]:
    """Rules whose clock gives way to this one when the matter resumes (`restart_rule`):
    a rule with no start event of its own (BLTTHS-174-1) begins only that way."""
    found: dict[str, RuleLink] = {}
    for other in rules.all():
        if other.restart_rule == rule_id and other.id != rule_id:
            found[other.id] = RuleLink(other.id, other.title)
    return list(found.values())
