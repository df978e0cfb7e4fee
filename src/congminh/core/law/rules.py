"""Rules as data: load, validate and select the statutory clocks in `rules/*.yaml`.

One YAML file holds one version of one rule (one statutory clock). Every file is
validated against `schemas/rule.schema.json` at load; errors name the file and the field.

Versions. When a law is replaced or amended, the rule keeps its id and gets a new file
for the new version instead of being edited in place, so cases whose events happened
under the old law keep being evaluated under it:

- the first version is `rules/<id>.yaml`; each later version is `rules/<id>@<valid_from>.yaml`
  (e.g. `THADS-45@2026-07-01.yaml`), the part after `@` being its `valid_from`;
- the versions of one id may not overlap: the older one gets `valid_to` the day before
  the newer one's `valid_from` (checked at load, as is the file name);
- a clock uses the version in force on the day of the event that starts it (`RuleSet.get`,
  `RuleSet.starts_for`) and keeps it until it ends, even across the change of law;
- a new law whose article numbers are not confirmed cites `article: null` (rendered
  ", chưa xác định số điều") with `confidence: M`, and says in a comment what was carried
  over from the old law and what is to be checked.

Extensions. A tier's `max` is added to the end reached so far («gia hạn ... không quá 02
tháng»); a tier with `total_from_start` instead restates the whole limit counted from the
clock's start («thời hạn này là 02 tháng», BLTTDS Đ.203 k4). The loader turns the latter's
total into a `max` (the total less the row's duration and earlier tiers) so that callers
showing tiers need not know; `clocks.tier_cap`/`clocks.extended_end` and the bulk path count
it from the start.

Quotes. Beside a `citation` (rule, limit row, extension tier) a file may give `quote`: the
verbatim sentence of the cited article/clause/point that the limit encodes. It is kept on
the `Citation` (`Citation.quote`, not part of its text or equality): a limit without a
citation of its own shares the rule's, a tier has only its own. `tests/core/law/test_quotes.py`
checks every quote against the law's stored text (`texts.py`, `texts/*.yaml`).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property, lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from . import load_cache
from .config import default_thresholds

if TYPE_CHECKING:
    import jsonschema

UNITS_VI = {
    "days": "ngày",
    "working_days": "ngày làm việc",
    "months": "tháng",
    "custody_months": "tháng (30 ngày/tháng)",
    "hours": "giờ",
}


class RuleFileError(ValueError):
    """A rule file that does not load or does not match the schema."""


# libyaml's parser when available: the pure-Python one was most of the start-up time.
_SafeBase: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StringDateLoader(_SafeBase):  # type: ignore[valid-type,misc]
    """SafeLoader that keeps `2018-01-01` as a string, so the JSON Schema sees JSON types."""


_StringDateLoader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True)
class Duration:
    length: int
    unit: str

    def text_vi(self) -> str:
        return f"{self.length} {UNITS_VI[self.unit]}"


@dataclass(frozen=True)
class Citation:
    law: str
    article: str | None  # None: a new law whose article number is not confirmed yet [M]
    clause: str | None = None
    point: str | None = None
    law_number: str | None = None
    # The file's `quote` beside this citation: the verbatim sentence of the cited
    # article/clause/point that the limit encodes (checked against `texts/*.yaml` by
    # tests/core/law/test_quotes.py), or None where none is recorded yet. Not part of
    # `text()`: shown next to it by whoever wants the law's words.
    quote: str | None = field(default=None, compare=False)

    def merged(self, part: Mapping[str, Any] | None) -> Citation:
        """This citation with a limit's or tier's `citation` part. A part naming an article
        or a clause replaces the narrower levels it does not name: `{clause: 3}` on a limit
        citing `khoản 1 điểm d` is khoản 3, not khoản 3 điểm d. With a part the place cited
        changes, so the quote (of the old place) is not carried over."""
        if not part:
            return self
        fields = {k: getattr(self, k) for k in ("law", "article", "clause", "point", "law_number")}
        if "article" in part:
            fields["clause"] = fields["point"] = None
        elif "clause" in part:
            fields["point"] = None
        fields.update({k: None if v is None else str(v) for k, v in part.items()})
        return Citation(**fields)

    def quoted(self, quote: str | None) -> Citation:
        """The same place with `quote` (None: without one)."""
        return self if quote == self.quote else replace(self, quote=quote)

    def text(self) -> str:
        """E.g. `BLTTHS 2015 Điều 172 khoản 1 điểm b`, or `Luật THADS 2025, chưa xác
        định số điều` when the article is not confirmed (a clause alone means nothing)."""
        return self._text

    @cached_property
    def _text(self) -> str:
        # Rendered once per citation: every obligation of every case repeats it.
        if self.article is None:
            return f"{self.law}, chưa xác định số điều"
        out = f"{self.law} Điều {self.article}"
        if self.clause:
            out += f" khoản {self.clause}"
        if self.point:
            out += f" điểm {self.point}"
        return out


@dataclass(frozen=True)
class ExtensionTier:
    max: Duration
    approver: str
    request_lead_days: int | None
    citation: Citation
    confidence: str
    # The file's `total_from_start`: the law restates the whole limit («trường hợp có lý do
    # chính đáng thì thời hạn này là 02 tháng», BLTTDS Đ.203 k4), so with this tier the
    # limit is this total counted from the clock's start, not `max` added to the end
    # reached so far (the two differ for months: 31/01 + 2 months is 31/03, 31/01 + 1
    # month + 1 month is 28/03). `max` is then the total less what comes before the tier.
    total_from_start: Duration | None = None


# Confidence codes from the least sure up (`confidence` of a rule, limit, tier or start);
# also the law page's default listing order: what a lawyer still has to check comes first.
CONFIDENCE_ORDER = {"M": 0, "I": 1, "V": 2}


def least_sure(*codes: str) -> str:
    """The least sure of confidence codes: `least_sure("V", "M") == "M"`."""
    return min(codes, key=lambda code: CONFIDENCE_ORDER.get(code, 0))


@dataclass(frozen=True)
class Limit:
    when: Mapping[str, Any]
    duration: Duration
    extensions: tuple[ExtensionTier, ...]
    citation: Citation
    max_occurrences: int | None
    confidence: str
    # Resolved counting (`counting_policy`): whether a last day off moves to the next
    # working day, and the sentence naming the counting rule applied (shown by `explain`).
    roll: bool = True
    counting: str = ""


@dataclass(frozen=True)
class StartSpec:
    """An event that starts the clock, when the context matches `when` and none of the
    `unless` groups (a file's `unless` is one group or a list of them: «không áp dụng đối
    với vụ án xét xử phúc thẩm theo thủ tục rút gọn, vụ án có yếu tố nước ngoài» is two).
    `citation` (with its `quote`): where the law states the condition, when the file says.
    `from_date_of`: the clock started by this event counts from the date of the latest
    earlier event of that type instead («20 ngày kể từ ngày ra quyết định khởi tố vụ án»,
    BLTTHS Đ.460 k1, started by the later decision to apply the simplified procedure);
    without one, no clock. Per case only (such an event sends the case there).
    `confidence`, `note`: how sure the start is (default: the rule's) and why, for a start
    the text leaves open (whose receipt of a judgment; a restart after a cancellation)."""

    event: str
    when: Mapping[str, Any]
    from_due_of: str | None
    unless: tuple[Mapping[str, Any], ...] = ()
    citation: Citation | None = None
    from_date_of: str | None = None
    confidence: str = "V"
    note: str = ""

    def applies(self, context: Mapping[str, Any]) -> bool:
        return matches(self.when, context) and not self.excepted(context)

    def excepted(self, context: Mapping[str, Any]) -> bool:
        """One of the `unless` groups matches: the law says the limit does not apply."""
        return any(matches(group, context) for group in self.unless)

    def excludes(self, context: Mapping[str, Any]) -> bool:
        """The event fits the clock's stage (`when`) but the law excepts this case."""
        return matches(self.when, context) and self.excepted(context)

    @property
    def condition_keys(self) -> set[str]:
        """Every key `when` and `unless` test."""
        return {*self.when, *(k for group in self.unless for k in group)}


def _unless(raw: Any) -> tuple[Mapping[str, Any], ...]:
    if raw is None:
        return ()
    return tuple(dict(group) for group in (raw if isinstance(raw, list) else [raw]))


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    procedures: tuple[str, ...]
    stage: str
    kind: str
    holder: str
    per: str
    window: bool
    citation: Citation
    starts: tuple[StartSpec, ...]
    ends: frozenset[str]
    extend_event: str | None
    suspend_events: frozenset[str]
    resume_events: frozenset[str]
    reclassify: Mapping[str, Mapping[str, Any]]
    first_day_counted: bool
    roll: bool
    suspension_effect: str
    restart_rule: str | None
    limits: tuple[Limit, ...]
    valid_from: date
    valid_to: date | None
    confidence: str
    source: str
    # The file's `note`: what is unconfirmed or carried over (shown by `explain`).
    note: str = ""
    # (from, note): a replacing law whose limits are unconfirmed; the rule stays in force
    # and `explain` warns on clocks starting from that day (e.g. Luật GĐTP 105/2025).
    pending_change: tuple[date, str] | None = None
    # Ends that apply only when the event's fields match, e.g. `protest_lodged` with
    # `level: same` ends the same-level protest window but not the higher-level one.
    end_when: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    # Custody clocks that may not run past the due date of the case's stage clock
    # (BLTTHS Đ.241, Đ.278, Đ.174 k4): ids of the stage rules, applied by `evaluate`.
    capped_by: tuple[str, ...] = ()
    # Where the law states how the clock is counted and what a suspension does to it (the
    # file's `counting` / `suspension` `citation` with its `quote`), when the file says.
    counting_citation: Citation | None = None
    suspension_citation: Citation | None = None
    # Who must resolve what the clock runs for, by role (the file's `resolvers`: e.g. a
    # complaint's first and second level): the place in the rule's law that names the
    # resolver, read by apps.complaints.routing so each law version's articles live here only.
    resolvers: Mapping[str, Citation] = field(default_factory=dict)

    def ends_on(self, event_type: str, fields: Mapping[str, Any]) -> bool:
        if event_type in self.ends:
            return True
        when = self.end_when.get(event_type)
        return when is not None and matches(when, fields)

    def start_confidence(self, event_type: str) -> str:
        """How sure the starts on this event are (the least sure of them; the rule's when
        no start is on it, as for a restart on resumption)."""
        codes = [s.confidence for s in self.starts if s.event == event_type]
        return least_sure(*codes) if codes else self.confidence

    def select(self, context: Mapping[str, Any]) -> int | None:
        """Index of the first limit whose `when` matches `context`, or None."""
        for index, limit in enumerate(self.limits):
            if matches(limit.when, context):
                return index
        return None

    def in_force(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


def matches(when: Mapping[str, Any], context: Mapping[str, Any]) -> bool:
    """Every key equals the context's value (or is among the listed values)."""
    for key, value in when.items():
        have = context.get(key)
        if not (have in value if isinstance(value, list) else have == value):
            return False
    return True


def _duration(raw: Mapping[str, Any]) -> Duration:
    return Duration(int(raw["length"]), str(raw["unit"]))


# The counting sentences `explain` names (CONTRACTS.md §1, `rules/README.md` «Cách đếm»).
COUNTING_CRIMINAL_DAYS = ("tính theo Điều 134 khoản 1 BLTTHS: hạn tính bằng ngày kết thúc vào "
                          "24 giờ ngày cuối cùng dù là ngày nghỉ")
COUNTING_CRIMINAL_DAYS_ROLL = ("tính theo cách hiểu Điều 134 khoản 1 BLTTHS do tỉnh chọn "
                               "(criminal_day_limits_roll): hạn tính bằng ngày hết vào ngày nghỉ "
                               "thì chuyển sang ngày làm việc đầu tiên tiếp theo")
COUNTING_CRIMINAL_MONTHS = ("tính theo Điều 134 khoản 1 BLTTHS: hạn tính bằng tháng hết vào ngày "
                            "nghỉ thì ngày làm việc đầu tiên tiếp theo là ngày cuối cùng")
COUNTING_CUSTODY = ("tính theo Điều 134 khoản 1 BLTTHS: thời hạn tạm giữ, tạm giam hết vào ngày "
                    "ghi trong lệnh, quyết định, không chuyển sang ngày làm việc; 01 tháng là 30 ngày")
# Days in temporary holding are deducted from detention (BLTTHS Đ.118 k4), applied to the
# first detention clock of the person held (`reduce`, `clocks.compute_due`).
HOLDING_DEDUCTED = {"citation": "BLTTHS 2015 Điều 118 khoản 4", "law": "BLTTHS 2015",
                    "article": "118", "clause": "4",
                    "quote": "Thời gian tạm giữ được trừ vào thời hạn tạm giam. Một ngày tạm giữ "
                             "được tính bằng một ngày tạm giam."}
COUNTING_CIVIL_CODE = ("tính theo Điều 147, 148 Bộ luật Dân sự 2015: hạn hết vào ngày nghỉ thì "
                       "ngày làm việc tiếp theo là ngày cuối cùng")


def counting_policy(roll: str, unit: str, day_roll: bool | None = None) -> tuple[bool, str]:
    """(rolls, sentence) for a limit of `unit` under the file's `counting.roll`.

    `bltths_134` (criminal procedure, BLTTHS 2015 Đ.134 k1): a limit in months rolls to the
    next working day; a limit in days ends on its last day even if that day is off [M],
    unless `config.yaml`'s `criminal_day_limits_roll` (or `day_roll`) says they roll too.
    `next_working_day`: BLDS 2015 Đ.147-148 (civil, administrative, enforcement).
    `none`: custody, ends on the date in the order (Đ.134 k1, last sentences).

    >>> counting_policy("bltths_134", "months", False)[0], counting_policy("bltths_134", "days", False)[0]
    (True, False)
    """
    if roll == "none":
        return False, COUNTING_CUSTODY
    if roll == "next_working_day":
        return True, COUNTING_CIVIL_CODE
    if unit == "months":
        return True, COUNTING_CRIMINAL_MONTHS
    if day_roll is None:
        day_roll = default_thresholds().criminal_day_limits_roll
    return (True, COUNTING_CRIMINAL_DAYS_ROLL) if day_roll else (False, COUNTING_CRIMINAL_DAYS)


def _less(total: Duration, spent: Iterable[Duration], source: str) -> Duration:
    """`total` less the lengths `spent` before a `total_from_start` tier: that tier's `max`."""
    left = total.length
    for length in spent:
        n, unit = length.length, length.unit
        if unit == "hours" and total.unit == "days":
            n, unit = math.ceil(n / 24), "days"
        if unit != total.unit:
            raise RuleFileError(f"{source}: total_from_start {total.text_vi()} không cùng đơn vị "
                                f"với {length.text_vi()} trước nó")
        left -= n
    if left <= 0:
        raise RuleFileError(f"{source}: total_from_start {total.text_vi()} không dài hơn thời "
                            "hạn trước nó")
    return Duration(left, total.unit)


def _tiers(lim: Mapping[str, Any], lim_cit: Citation, default_conf: str,
           source: str) -> tuple[ExtensionTier, ...]:
    """The extension tiers of one limit row; a tier's quote is its own."""
    spent = [_duration(lim["duration"])]
    out = []
    for t in lim.get("extensions", []):
        total = _duration(t["total_from_start"]) if "total_from_start" in t else None
        most = _less(total, spent, source) if total else _duration(t["max"])
        spent.append(most)
        out.append(ExtensionTier(
            max=most,
            approver=str(t["approver"]),
            request_lead_days=t.get("request_lead_days"),
            citation=lim_cit.merged(t.get("citation")).quoted(t.get("quote")),
            confidence=str(t.get("confidence", default_conf)),
            total_from_start=total,
        ))
    return tuple(out)


def _part_citation(citation: Citation, part: Mapping[str, Any]) -> Citation | None:
    """The citation (with its quote) a file's `counting` or `suspension` gives, merged
    onto the rule's like a start's; None when it gives none."""
    if "citation" not in part:
        return None
    return citation.merged(part["citation"]).quoted(part.get("quote"))


def _build(raw: Mapping[str, Any], source: str, day_roll: bool | None = None) -> Rule:
    cit = raw["citation"]
    citation = Citation(
        law=str(cit["law"]),
        article=None if cit["article"] is None else str(cit["article"]),
        clause=str(cit["clause"]) if "clause" in cit else None,
        point=str(cit["point"]) if "point" in cit else None,
        law_number=cit.get("law_number"),
        quote=raw.get("quote"),
    )
    default_conf = str(raw["confidence"])
    limits = []
    for lim in raw["limits"]:
        # A limit without a citation of its own rests on the rule's citation and quote;
        # a tier's quote is its own (the extension's sentence is not the base limit's).
        lim_cit = citation.merged(lim.get("citation"))
        if "quote" in lim:
            lim_cit = lim_cit.quoted(lim["quote"])
        tiers = _tiers(lim, lim_cit, default_conf, source)
        roll, counting = counting_policy(str(raw["counting"]["roll"]),
                                         _duration(lim["duration"]).unit, day_roll)
        limits.append(
            Limit(
                when=dict(lim.get("when", {})),
                duration=_duration(lim["duration"]),
                extensions=tiers,
                citation=lim_cit,
                max_occurrences=lim.get("max_occurrences"),
                confidence=str(lim.get("confidence", default_conf)),
                roll=roll,
                counting=counting,
            )
        )
    susp = raw["suspension"]
    return Rule(
        id=raw["id"],
        title=raw["title"],
        procedures=tuple(raw["procedures"]),
        stage=raw["stage"],
        kind=raw["kind"],
        holder=raw["holder"],
        per=raw.get("per", "case"),
        window=bool(raw.get("window", False)),
        citation=citation,
        starts=tuple(
            StartSpec(s["event"], dict(s.get("when", {})), s.get("from_due_of"),
                      _unless(s.get("unless")),
                      citation.merged(s["citation"]).quoted(s.get("quote"))
                      if "citation" in s else None, s.get("from_date_of"),
                      str(s.get("confidence", default_conf)), str(s.get("note", "")))
            for s in raw["starts"]
        ),
        ends=frozenset(raw["ends"]),
        extend_event=raw.get("extend_event"),
        suspend_events=frozenset(raw.get("suspend_events", [])),
        resume_events=frozenset(raw.get("resume_events", [])),
        reclassify={k: dict(v) for k, v in raw.get("reclassify", {}).items()},
        first_day_counted=bool(raw["counting"]["first_day_counted"]),
        roll=any(lim.roll for lim in limits),
        suspension_effect=susp["effect"],
        restart_rule=susp.get("restart_rule"),
        limits=tuple(limits),
        valid_from=date.fromisoformat(raw["valid_from"]),
        valid_to=date.fromisoformat(raw["valid_to"]) if raw.get("valid_to") else None,
        confidence=default_conf,
        source=source,
        end_when={k: dict(v) for k, v in raw.get("end_when", {}).items()},
        capped_by=tuple(raw.get("capped_by", [])),
        counting_citation=_part_citation(citation, raw["counting"]),
        suspension_citation=_part_citation(citation, susp),
        note=str(raw.get("note", "")),
        resolvers={role: citation.merged(part).quoted(None) for role, part in raw.get("resolvers", {}).items()},
        pending_change=(date.fromisoformat(raw["pending_change"]["from"]),
                        str(raw["pending_change"]["note"])) if "pending_change" in raw else None,
    )


def _schema() -> dict[str, Any]:
    text = resources.files(__package__).joinpath("schemas/rule.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@lru_cache(maxsize=1)
def _validator() -> jsonschema.Draft202012Validator:
    # Built once: reading the schema and building a validator per rule file was most of
    # the engine's start-up time. Imported here: with the cache (`default_rules`) a
    # process need not import jsonschema at all.
    import jsonschema

    return jsonschema.Draft202012Validator(
        _schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def load_rule_text(text: str, source: str, day_roll: bool | None = None) -> Rule:
    """Parse and validate one rule file's text; errors name `source` and the field."""
    try:
        raw = yaml.load(text, Loader=_StringDateLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.YAMLError as exc:
        raise RuleFileError(f"{source}: YAML không hợp lệ: {exc}") from None
    errors = sorted(_validator().iter_errors(raw), key=lambda e: list(e.absolute_path))
    if errors:
        first = errors[0]
        path = "/".join(str(p) for p in first.absolute_path) or "(gốc)"
        raise RuleFileError(f"{source}: trường '{path}': {first.message}")
    return _build(raw, source, day_roll)


class RuleSet:
    """All rule versions, looked up by id and the date an event happened."""

    def __init__(self, rules: Iterable[Rule]) -> None:
        self._by_id: dict[str, list[Rule]] = {}
        for rule in rules:
            self._by_id.setdefault(rule.id, []).append(rule)
        for versions in self._by_id.values():
            versions.sort(key=lambda r: r.valid_from)
            _check_versions(versions)
        self._check_references()
        self._ids = sorted(self._by_id)
        # (procedure, event type) -> ids of the rules some version of which starts on it;
        # `starts_for` then only looks at those instead of every rule for every event.
        self._starting: dict[tuple[str, str], list[str]] = {}
        for rule_id in self._ids:
            for rule in self._by_id[rule_id]:
                for proc in rule.procedures:
                    for spec in rule.starts:
                        ids = self._starting.setdefault((proc, spec.event), [])
                        if rule_id not in ids:
                            ids.append(rule_id)
        self._starts_cache: dict[tuple[str, str, date], list[tuple[Rule, StartSpec]]] = {}

    def _check_references(self) -> None:
        for rule in self.all():
            refs = [rule.restart_rule, *rule.capped_by] + [s.from_due_of for s in rule.starts]
            for ref in refs:
                if ref and ref not in self._by_id:
                    raise RuleFileError(f"{rule.source}: tham chiếu tới quy tắc không tồn tại '{ref}'")

    def versions_of(self, rule_id: str) -> list[Rule]:
        """Every version of `rule_id`, oldest first."""
        return list(self._by_id.get(rule_id, ()))

    def all(self) -> list[Rule]:
        return [r for versions in self._by_id.values() for r in versions]

    def ids(self) -> list[str]:
        return list(self._ids)

    def get(self, rule_id: str, on: date) -> Rule:
        """The version of `rule_id` in force on `on` (the earliest one if none is)."""
        versions = self._by_id.get(rule_id)
        if not versions:
            raise KeyError(f"không có quy tắc '{rule_id}'")
        for rule in versions:
            if rule.in_force(on):
                return rule
        return versions[0] if on < versions[0].valid_from else versions[-1]

    def versions_for(self, procedure: str, on: date) -> list[Rule]:
        """One version per id applicable to `procedure` on `on`."""
        out = []
        for rule_id in self._ids:
            rule = self.get(rule_id, on)
            if procedure in rule.procedures and rule.in_force(on):
                out.append(rule)
        return out

    def starts_for(self, procedure: str, event_type: str, on: date) -> list[tuple[Rule, StartSpec]]:
        """(rule version in force on `on`, start spec) pairs that `event_type` may start.

        Same pairs and order as filtering `versions_for(procedure, on)`: by rule id, and
        the starts taken from another clock's due date (`from_due_of`) last.
        """
        key = (procedure, event_type, on)
        cached = self._starts_cache.get(key)
        if cached is not None:
            return cached
        pairs: list[tuple[Rule, StartSpec]] = []
        for rule_id in self._starting.get((procedure, event_type), ()):
            rule = self.get(rule_id, on)
            if procedure in rule.procedures and rule.in_force(on):
                pairs.extend((rule, spec) for spec in rule.starts if spec.event == event_type)
        pairs.sort(key=lambda rs: rs[1].from_due_of is not None)
        if len(self._starts_cache) > 200_000:  # bounded: dates of a long batch vary
            self._starts_cache.clear()
        self._starts_cache[key] = pairs
        return pairs


def _check_versions(versions: list[Rule]) -> None:
    """Versions of one id (sorted by `valid_from`) must not overlap: one law per day."""
    for older, newer in zip(versions, versions[1:], strict=False):
        if older.valid_to is None or older.valid_to >= newer.valid_from:
            raise RuleFileError(
                f"{newer.source}: phiên bản có hiệu lực từ {newer.valid_from.isoformat()} chồng lên "
                f"{older.source} (valid_to phải trước ngày đó, nhận được {older.valid_to})")


def check_file_name(name: str, rule: Rule) -> None:
    """`<id>.yaml` or `<id>@<valid_from>.yaml` (see the module docstring)."""
    stem = name.removesuffix(".yaml")
    rule_id, at, version = stem.partition("@")
    if rule_id != rule.id or (at and version != rule.valid_from.isoformat()):
        expected = f"{rule.id}.yaml hoặc {rule.id}@{rule.valid_from.isoformat()}.yaml"
        raise RuleFileError(f"rules/{name}: tên tệp phải là {expected}")


def _load_file(f: Traversable, day_roll: bool | None = None) -> Rule:
    rule = load_rule_text(f.read_text("utf-8"), f"rules/{f.name}", day_roll)
    check_file_name(f.name, rule)
    return rule


def _rule_files(root: Traversable) -> list[Traversable]:
    return sorted((f for f in root.iterdir() if f.name.endswith(".yaml")), key=lambda f: f.name)


@lru_cache(maxsize=1)
def default_rules() -> RuleSet:
    """The rule files, through the disk cache (`load_cache`): the same rules as
    `load_rules()`, without parsing and validating them again while no file changed."""
    return cached_rules()


def _package_file(name: str) -> tuple[str, bytes]:
    return name, resources.files(__package__).joinpath(name).read_bytes()


def cached_rules(root: Traversable | None = None, directory: Path | None = None) -> RuleSet:
    """`load_rules()` of `root` (default: the package's `rules/`), the parsed and validated
    rules kept in `load_cache` keyed by every rule file's name and bytes, the schema and
    `config.yaml` (its `criminal_day_limits_roll` shapes the limits); `directory`
    overrides `load_cache.cache_dir()`."""
    root = resources.files(__package__).joinpath("rules") if root is None else root
    files = _rule_files(root)
    inputs = [(f"rules/{f.name}", f.read_bytes()) for f in files]
    inputs += [_package_file("schemas/rule.schema.json"), _package_file("config.yaml")]
    rules = load_cache.cached("rules", inputs, lambda: [_load_file(f) for f in files],
                              directory=directory)
    return RuleSet(rules)


def load_rules(day_roll: bool | None = None, root: Traversable | None = None) -> RuleSet:
    """The rule files (of `root`, default the package's `rules/`), parsed and validated;
    `day_roll` overrides `config.yaml`'s `criminal_day_limits_roll` (`counting_policy`),
    e.g. to compare the two readings of BLTTHS Đ.134 k1."""
    root = resources.files(__package__).joinpath("rules") if root is None else root
    return RuleSet(_load_file(f, day_roll) for f in _rule_files(root))
