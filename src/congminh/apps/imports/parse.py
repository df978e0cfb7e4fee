"""Spreadsheet rows -> `CaseRecord`s, with a Vietnamese message for every bad cell.

A row is one event of one case; rows with the same holder and case number are one case.
A row with any error is rejected whole (its event is not stored); the others are kept.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from django.utils.translation import gettext as _
from openpyxl.utils.datetime import from_excel

from congminh.apps.imports import columns as C
from congminh.core.case_events import EVENT_TYPES, data_problems, typed_detail
from congminh.core.law.events import EVENT_TYPES as LAW_EVENTS
from congminh.core.legacy_encodings import to_unicode
from congminh.core.records import CaseRecord, EventRecord, PartyRecord
from congminh.core.text import fold, fold_key, nfc

EVENT_WORDS = {
    **{fold(code): code for code in EVENT_TYPES},
    **{fold(et.label_vi): code for code, et in EVENT_TYPES.items()},
}
_PARTY = re.compile(r"^(?P<name>[^()]+?)\s*(?:\((?P<role>[^()]*)\))?$")
_KEY = re.compile(r"[a-z][a-z_]*")


@dataclass
class Problem:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        if self.column:
            return _("Row %(row)d, column «%(column)s»: %(message)s") % {
                "row": self.row, "column": self.column, "message": self.message}
        return _("Row %(row)d: %(message)s") % {"row": self.row, "message": self.message}


@dataclass
class Parsed:
    records: list[CaseRecord] = field(default_factory=list)
    # record index -> the rows it came from; (record, event) -> the row of that event
    record_rows: list[list[int]] = field(default_factory=list)
    event_rows: dict[tuple[int, int], int] = field(default_factory=dict)
    # The cells of the rows rejected here (for the error workbook); the others are not
    # kept (a million rows), the services read them again if the writer rejects one.
    rows: dict[int, tuple[Any, ...]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    headings: tuple[str, ...] = ()
    total: int = 0


class HeadingError(ValueError):
    pass


def parse_rows(
    rows: Iterable[tuple[Any, ...]], *, resolve_body: Callable[[str], str | None],
    today: dt.date, progress: Callable[[int], None] | None = None,
) -> Parsed:
    """`resolve_body` turns a code or name into an organisation code (None: unknown).

    The case columns repeat on every row of a case, so their reading (with its messages)
    is done once per distinct set of case cells and replayed for the other rows; cell
    texts, dates and the event columns are cached the same way. Messages and their order
    are those of reading every row afresh."""
    it = iter(rows)
    heading_row = next(it, None)
    if heading_row is None:
        raise HeadingError(_("The file is empty."))
    # A file typed in a TCVN3 or VNI font has its headings typed so too.
    heading_row = tuple(None if h is None else to_unicode(str(h))[0] for h in heading_row)
    index = _heading_index(heading_row)
    out = Parsed(headings=tuple("" if h is None else str(h) for h in heading_row))
    reader = _Reader(index, resolve_body, today)
    groups: dict[tuple[str, str], int] = {}
    merged: dict[int, _CasePart] = {}
    for number, raw in enumerate(it, start=2):
        if not any(v is not None and v != "" for v in raw):
            continue
        out.total += 1
        if progress and out.total % 5000 == 0:
            progress(out.total)
        case = reader.case_part(raw)
        event = reader.event_part(raw, case.procedure)
        for column, message in (*case.problems, *event.problems, *case.late_problems):
            out.problems.append(Problem(number, column, message))
        for column, message in (*case.warnings, *event.warnings, *case.late_warnings):
            out.warnings.append(Problem(number, column, message))
        if case.problems or case.late_problems or event.problems or event.record is None:
            out.rows[number] = raw  # for the error workbook
            continue
        _add(out, groups, merged, number, case, event.record)
    return out


def _heading_index(heading_row: tuple[Any, ...]) -> dict[str, int]:
    by_fold = {fold(str(h)): i for i, h in enumerate(heading_row) if h not in (None, "")}
    index = {h: by_fold[fold(h)] for h in C.HEADINGS if fold(h) in by_fold}
    missing = [h for h in C.REQUIRED if h not in index]
    if missing:
        raise HeadingError(
            _("Row 1: the heading row lacks the columns %s.") % ", ".join(f"«{m}»" for m in missing)
        )
    return index


def _add(
    out: Parsed, groups: dict[tuple[str, str], int], merged: dict[int, _CasePart], number: int,
    case: _CasePart, event: EventRecord,
) -> None:
    n = groups.get(case.key)
    if n is None:
        n = groups[case.key] = len(out.records)
        out.records.append(CaseRecord(
            procedure=case.procedure, title=case.title, holder_code=case.holder,
            numbers=[(case.holder, case.number)], category=case.category, case_kind=case.case_kind,
        ))
        out.record_rows.append([])
    rec = out.records[n]
    out.record_rows[n].append(number)
    if merged.get(n) is not case:  # a row repeating the case cells adds nothing new
        merged[n] = case
        for pair in case.other_numbers:
            if pair not in rec.numbers:
                rec.numbers.append(pair)
        for name in case.flags:
            setattr(rec, name, True)
        if case.flag_reason and not rec.flag_reason:
            rec.flag_reason = case.flag_reason
        have = {(p.name, p.role) for p in rec.parties}
        for party in case.parties:
            if (party.name, party.role) not in have:
                have.add((party.name, party.role))
                rec.parties.append(PartyRecord(party.name, party.role))
    out.event_rows[(n, len(rec.events))] = number
    rec.events.append(event)


@dataclass(slots=True)
class _CasePart:
    """What the case columns of a row say, and the messages reading them gave
    (`late_*`: those of the last column, read after the event columns)."""

    holder: str = ""
    number: str = ""
    key: tuple[str, str] = ("", "")
    procedure: str = ""
    title: str = ""
    category: str = ""
    case_kind: str = ""
    parties: list[PartyRecord] = field(default_factory=list)
    flags: tuple[str, ...] = ()
    flag_reason: str = ""
    other_numbers: list[tuple[str, str]] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    late_problems: list[tuple[str, str]] = field(default_factory=list)
    late_warnings: list[tuple[str, str]] = field(default_factory=list)


@dataclass(slots=True)
class _EventPart:
    record: EventRecord | None = None
    problems: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)


_CASE_COLUMNS = (C.HOLDER, C.NUMBER, C.PROCEDURE, C.CATEGORY, C.TITLE, C.PARTIES, C.FLAGS,
                 C.FLAG_REASON, C.OTHER_NUMBERS)
_EVENT_COLUMNS = (
    C.EVENT, C.MONTHS, C.DAYS, C.GROUND, C.RETURNED_BY, C.DOCUMENT, C.ABLE, C.COURT, C.PERSON,
    C.REF, C.DETAILS,
)
_CACHE_LIMIT = 50_000  # entries per cache; cleared when full, so memory stays flat


class _Reader:
    """Reads rows with caches; `_Cells` does the reading and collects the messages."""

    def __init__(self, index: dict[str, int], resolve_body: Callable[[str], str | None], today: dt.date):
        self.index = index
        self.resolve_body = resolve_body
        self.today = today
        self.latest = today + dt.timedelta(days=1)
        self.date_at = index.get(C.DATE)
        self.case_at = tuple(index.get(c) for c in _CASE_COLUMNS)
        self.event_at = tuple(index.get(c) for c in _EVENT_COLUMNS)
        # A full-width row with every column present is read by one itemgetter call.
        self.widest = max(index.values())
        self.getters: dict[tuple[int | None, ...], Callable[[tuple[Any, ...]], tuple[Any, ...]]] = {
            at: itemgetter(*at) for at in (self.case_at, self.event_at)
            if None not in at and len(at) > 1
        }
        self.texts: dict[str, tuple[str, str | None]] = {}
        self.dates: dict[str, dt.date] = {}  # cell text -> its date, when valid
        self.cases: dict[tuple[Any, ...], _CasePart] = {}
        self.events: dict[tuple[Any, ...], tuple[str | None, dict[str, Any], str, _EventPart]] = {}

    def _key(self, raw: tuple[Any, ...], at: tuple[int | None, ...]) -> tuple[Any, ...]:
        get = self.getters.get(at)
        if get is not None and len(raw) > self.widest:
            return get(raw)
        n = len(raw)
        return tuple(raw[i] if i is not None and i < n else None for i in at)

    def case_part(self, raw: tuple[Any, ...]) -> _CasePart:
        key = self._key(raw, self.case_at)
        part = self.cases.get(key)
        if part is None:
            if len(self.cases) >= _CACHE_LIMIT:
                self.cases.clear()
            part = self.cases[key] = _Cells(self, raw).case()
        return part

    def event_part(self, raw: tuple[Any, ...], procedure: str) -> _EventPart:
        """The event columns other than the date are cached; the date is read per row."""
        key = (procedure, *self._key(raw, self.event_at))
        cached = self.events.get(key)
        if cached is None:
            if len(self.events) >= _CACHE_LIMIT:
                self.events.clear()
            cached = self.events[key] = _Cells(self, raw).event_head(procedure)
        code, data, document, head = cached
        if code is not None and not head.problems and not head.warnings:
            # The common row: a date text seen before, not in the future.
            at = self.date_at
            value = raw[at] if at is not None and at < len(raw) else None
            day = self.dates.get(value) if isinstance(value, str) else None
            if day is not None and day <= self.latest:
                return _EventPart(EventRecord(code, day, dict(data) if data else {}, document))
        cells = _Cells(self, raw)
        day = cells.date()
        if not cells.problems and not cells.warnings and not head.problems and not head.warnings:
            if code is None or day is None:
                return head
            return _EventPart(EventRecord(type=code, date=day, data=dict(data), document=document))
        # Rare: a message to give, so read again in the order of the messages.
        return _Cells(self, raw).event_full(procedure)

    def text(self, value: Any) -> tuple[str, str | None]:
        """(NFC text, legacy encoding converted from or None) of a cell."""
        if value is None:
            return "", None
        if isinstance(value, str):
            found = self.texts.get(value)
            if found is None:
                if len(self.texts) >= _CACHE_LIMIT:
                    self.texts.clear()
                found = self.texts[value] = _convert(value)
            return found
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return _convert(str(value))


def _convert(value: str) -> tuple[str, str | None]:
    text, legacy = to_unicode(value.strip())
    return nfc(text), legacy


class _Cells:
    """One reading of a row's cells; messages go to `problems` and `warnings`."""

    def __init__(self, reader: _Reader, raw: tuple[Any, ...]):
        self.reader, self.raw = reader, raw
        self.problems: list[tuple[str, str]] = []
        self.warnings: list[tuple[str, str]] = []

    def problem(self, column: str, message: str) -> None:
        self.problems.append((column, message))

    def cell(self, column: str) -> Any:
        i = self.reader.index.get(column)
        if i is None or i >= len(self.raw):
            return None
        return self.raw[i]

    def text(self, column: str) -> str:
        text, legacy = self.reader.text(self.cell(column))
        if legacy:
            self.warnings.append((column, _(
                "text typed in the %(enc)s encoding was converted to Unicode: «%(text)s»"
            ) % {"enc": "TCVN3 (ABC)" if legacy == "tcvn3" else "VNI", "text": text}))
        return text

    def required(self, column: str) -> str:
        value = self.text(column)
        if not value:
            self.problem(column, _("this column is required"))
        return value

    def case(self) -> _CasePart:
        part = _CasePart()
        part.holder = self.body(C.HOLDER, self.required(C.HOLDER))
        part.number = self.required(C.NUMBER)
        part.key = (part.holder, fold_key(part.number))
        if part.number and not part.key[1]:
            self.problem(C.NUMBER, _("«%s» is not a case number") % part.number)
        part.procedure = self.choice(C.PROCEDURE, self.required(C.PROCEDURE), C.PROCEDURES)
        part.title = self.required(C.TITLE)
        part.category, part.case_kind = self.category(part.procedure)
        part.parties = self.parties()
        part.flags, part.flag_reason = self.flags()
        part.problems, part.warnings = self.problems, self.warnings
        self.problems, self.warnings = [], []
        part.other_numbers = self.other_numbers()
        part.late_problems, part.late_warnings = self.problems, self.warnings
        return part

    def event_head(self, procedure: str) -> tuple[str | None, dict[str, Any], str, _EventPart]:
        """The event's code, details and document, without the date: for the cache.
        Its messages are only used when the row's date reads cleanly (see event_part)."""
        label = self.required(C.EVENT)
        code = EVENT_WORDS.get(fold(label)) if label else None
        if label and code is None:
            self.problem(C.EVENT, _("«%s» is not a known event") % label)
        elif code and procedure and procedure not in EVENT_TYPES[code].procedures:
            self.problem(C.EVENT, _("event «%s» does not belong to this kind of case") % label)
        data: dict[str, Any] = {}
        document = ""
        if code is not None:
            data = self.event_data(code, procedure)
            document = self.text(C.DOCUMENT)
        return code, data, document, _EventPart(problems=self.problems, warnings=self.warnings)

    def event_full(self, procedure: str) -> _EventPart:
        """The uncached reading, in the order of the messages: label, date, details."""
        label = self.required(C.EVENT)
        code = EVENT_WORDS.get(fold(label)) if label else None
        if label and code is None:
            self.problem(C.EVENT, _("«%s» is not a known event") % label)
        elif code and procedure and procedure not in EVENT_TYPES[code].procedures:
            self.problem(C.EVENT, _("event «%s» does not belong to this kind of case") % label)
        day = self.date()
        record = None
        if code is not None and day is not None:
            data = self.event_data(code, procedure)
            record = EventRecord(type=code, date=day, data=data, document=self.text(C.DOCUMENT))
        return _EventPart(record, self.problems, self.warnings)

    def body(self, column: str, value: str) -> str:
        code = self.reader.resolve_body(value) if value else ""
        if code is None:
            self.problem(column, _("«%s» is not a known body (code or name)") % value)
            return ""
        return code

    def choice(self, column: str, value: str, words: dict[str, str]) -> str:
        if not value:
            return ""
        code = words.get(fold(value))
        if code is None:
            self.problem(column, _("«%s» is not one of the accepted values") % value)
            return ""
        return code

    def category(self, procedure: str) -> tuple[str, str]:
        value = self.text(C.CATEGORY)
        if not value or not procedure:
            return "", ""
        if procedure == "criminal":
            return self.choice(C.CATEGORY, value, C.CATEGORIES), ""
        if procedure in ("civil", "administrative"):
            return "", self.choice(C.CATEGORY, value, C.CASE_KINDS)
        return "", ""

    def parties(self) -> list[PartyRecord]:
        value = self.text(C.PARTIES)
        parties = []
        for part in filter(None, (p.strip() for p in value.split(";"))):
            m = _PARTY.match(part)
            role = C.PARTY_ROLES.get(fold(m.group("role") or "")) if m else None
            if m is None or role is None:
                self.problem(C.PARTIES, _(
                    "«%s» must read «Name (role)», e.g. «Nguyễn Văn A (bị can)»") % part)
                continue
            parties.append(PartyRecord(name=m.group("name").strip(), role=role))
        return parties

    def flags(self) -> tuple[tuple[str, ...], str]:
        """The supervision flags raised and their reason, which a flag requires (the audit
        note, as on the case page)."""
        flags: list[str] = []
        cell = self.text(C.FLAGS)
        for word in filter(None, (w.strip() for w in cell.split(";"))):
            code = C.SUPERVISION_FLAG_WORDS.get(fold(word))
            if code is None:
                self.problem(C.FLAGS, _("«%s» is not one of the accepted values") % word)
            elif code not in flags:
                flags.append(code)
        reason = self.text(C.FLAG_REASON)
        if flags and not reason:
            self.problem(C.FLAG_REASON, _(
                "give the reason the case is flagged for supervision (who asked, what was reported)"))
        elif len(reason) > 255:
            self.problem(C.FLAG_REASON, _("the reason is longer than 255 characters"))
        elif reason and not cell:
            self.warnings.append((C.FLAG_REASON, _(
                "the reason is not stored: the column «%s» names no flag") % C.FLAGS))
        return tuple(flags), reason if flags else ""

    def date(self) -> dt.date | None:
        value = self.cell(C.DATE)
        today = self.reader.today
        day: dt.date | None = None
        text = ""
        if isinstance(value, dt.datetime):
            day = value.date()
        elif isinstance(value, dt.date):
            day = value
        elif isinstance(value, str) and (day := self.reader.dates.get(value)) is not None:
            pass  # a date text already read (its cell text is the same, so no warning)
        else:
            text = self.text(C.DATE)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                try:
                    day = from_excel(value).date()
                except (ValueError, OverflowError, AttributeError):
                    day = None
            elif text:
                dates = self.reader.dates
                if len(dates) >= _CACHE_LIMIT:
                    dates.clear()
                day = parse_date(text)
                if day is not None and isinstance(value, str):
                    dates[value] = day
        if day is None:
            if text:
                self.problem(C.DATE, _("«%s» is not a valid date (dd/mm/yyyy)") % text)
            else:
                self.problem(C.DATE, _("this column is required"))
        elif day > today + dt.timedelta(days=1):
            self.problem(C.DATE, _("%s is in the future") % day.strftime("%d/%m/%Y"))
        return day

    def event_data(self, code: str, procedure: str = "") -> dict[str, Any]:
        """The event's details from its columns, checked against the engine's vocabulary
        (`data_problems`, for a case of `procedure` when known): each problem is given on
        the column the field came from."""
        et = EVENT_TYPES[code]
        optional = et.optional_fields
        data: dict[str, Any] = {}
        source: dict[str, str] = {}  # field -> the column it was read from
        for column, name in ((C.MONTHS, "months"), (C.DAYS, "days")):
            text = self.text(column)
            if not text:
                continue
            if name not in optional:
                self.problem(column, _("this event takes no «%s»") % column)
            elif not text.isdigit() or not 0 < int(text) < 1000:
                self.problem(column, _("«%s» is not a whole number of months or days") % text)
            else:
                data[name] = int(text)
                source[name] = column
        ground = self.text(C.GROUND)
        if ground:
            names = [name for name in ("ground", "reason") if name in optional]
            for name in names:
                data[name] = ground
                source[name] = C.GROUND
            if not names:  # files of the first template: kept importable, but said
                self.warnings.append((C.GROUND, _(
                    "this event takes no ground or reason; «%s» was not stored") % ground))
        by = self.text(C.RETURNED_BY)
        if by:
            if "by" not in optional:
                self.problem(C.RETURNED_BY, _("only a return of the file takes this column"))
            else:
                returned_by = self.choice(C.RETURNED_BY, by, C.RETURNED_BY_WORDS)
                if returned_by:
                    data["by"], source["by"] = returned_by, C.RETURNED_BY
        able = self.text(C.ABLE)
        if able:
            value = C.YES_NO.get(fold(able))
            if value is None:
                self.problem(C.ABLE, _("«%s» must be «có» or «không»") % able)
            else:
                data["able"], source["able"] = value, C.ABLE
        court = self.text(C.COURT)
        if court:
            found = C.COURTS.get(fold(court))
            if found is None:
                self.problem(C.COURT, _(
                    "«%s» must be «tỉnh» (provincial court) or «Tòa Phúc thẩm TANDTC»") % court)
            else:
                data["court"], source["court"] = found, C.COURT
        for column, name in ((C.PERSON, "person"), (C.REF, "ref")):
            text = self.text(column)
            if text:
                data[name], source[name] = text, column
        if "ref" in data and "ref" not in optional:  # the bulk writer stores it only there
            self.problem(C.REF, _("this event takes no request or decision number"))
            del data["ref"]
        self.details(code, data, source)
        self.check_details(code, data, source, procedure)
        return data

    def details(self, code: str, data: dict[str, Any], source: dict[str, str]) -> None:
        """«Chi tiết khác»: `key=value; key=value`, any field of the engine's vocabulary,
        values typed as its choices say (true/false, numbers, lists of names)."""
        text = self.text(C.DETAILS)
        if not text:
            return
        for part in filter(None, (p.strip() for p in text.split(";"))):
            key, sep, raw = (x.strip() for x in part.partition("="))
            if not sep or not _KEY.fullmatch(key) or not raw:
                self.problem(C.DETAILS, _("«%s» must read «field=value», e.g. «level=higher»") % part)
                continue
            if key in source:
                self.problem(C.DETAILS, _("«%(key)s» is already given in column «%(column)s»") % {
                    "key": key, "column": source[key]})
                continue
            value = typed_detail(key, raw, code)
            if value is None:
                self.problem(C.DETAILS, _("«%(value)s» is not a valid value of «%(key)s»") % {
                    "value": raw, "key": key})
                continue
            data[key], source[key] = value, C.DETAILS

    def check_details(self, code: str, data: dict[str, Any], source: dict[str, str],
                      procedure: str = "") -> None:
        """The engine's rules on the details (`data_problems`), per column: required
        fields missing, values not allowed, fields this event (in a case of `procedure`)
        does not use."""
        et = EVENT_TYPES[code]
        said = {column for column, _message in self.problems}  # a bad cell: said already
        missing = data_problems(code, {})  # one message per required field, in order
        for name, message in zip(et.required_fields, missing, strict=True):
            column = C.FIELD_COLUMNS.get(name, C.DETAILS)
            if data.get(name) in (None, "") and column not in said:
                self.problem(column, _("required for this event (%s)") % message)
        if (LAW_EVENTS[code].needs_length and "months" not in data and "days" not in data
                and C.MONTHS not in said and C.DAYS not in said):
            self.problem(C.MONTHS, _("this event needs «%(months)s» or «%(days)s»") % {
                "months": C.MONTHS, "days": C.DAYS})
        for name, value in data.items():
            for message in data_problems(code, {name: value}, procedure or None):
                if message not in missing:
                    self.problem(source.get(name, C.DETAILS), message)

    def other_numbers(self) -> list[tuple[str, str]]:
        value = self.text(C.OTHER_NUMBERS)
        pairs = []
        for part in filter(None, (p.strip() for p in value.split(";"))):
            body, sep, number = part.partition(":")
            code = self.reader.resolve_body(body.strip()) if sep else None
            if not sep or not number.strip():
                self.problem(C.OTHER_NUMBERS, _("«%s» must read «BODY CODE: number»") % part)
            elif code is None:
                self.problem(C.OTHER_NUMBERS, _("«%s» is not a known body") % body.strip())
            else:
                pairs.append((code, number.strip()))
        return pairs


def parse_date(text: str) -> dt.date | None:
    """dd/mm/yyyy (also d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy) or ISO yyyy-mm-dd."""
    text = text.strip().split(" ")[0]
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if m:
        y, mo, d = (int(g) for g in m.groups())
    else:
        m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
        if not m:
            return None
        d, mo, y = (int(g) for g in m.groups())
    try:
        return dt.date(y, mo, d)
    except ValueError:
        return None
