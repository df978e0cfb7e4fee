"""The review's per-case facts, kept current incrementally (issue #11.6: the review of a
province in well under a second, even just after something was recorded).

The review is a sum over cases: each case's facts depend only on its own log, its holder,
the period and the evaluation day (`review.build_review` evaluates cases independently).
So for one (period, evaluation day) a *snapshot* keeps, for every case of the registry,
its holder, the SHA-256 of its law input and its facts, as the data stands now. It is
built once from every log (the straightforward computation), then brought up to date by
recomputing only the cases something was recorded about since: a new event, a case
created, an audit row naming the case (every change of a case, an event, a withdrawal or
a correction writes one; `cases.services`). The rows above the ids seen a margin ago
(`SETTLED_AFTER`) are read again, so a write that committed late with a smaller id is
still caught; those the snapshot has already read (`Snapshot.read`) are not computed again
(a page after a write evaluates the cases written about, not every case of the margin).

As of an earlier instant (a stored report regenerated, a pinned drill-down), the cases
with anything recorded after the instant (an event recorded or withdrawn, an audit row,
the case itself created) are computed again from their logs as of the instant; every
other case's log as of the instant is its log now, so its facts are the snapshot's. The
figures are therefore those of the straightforward computation over the logs as of the
instant (a test compares them on the demo province, with late entries).

Snapshots live in the process (the web server's or the worker's), and a freshly built one
is also written to `$CONGMINH_DATA_DIR/snapshots/` (a pickle, like the SQLite file the
app's own data): another process, or the server after a restart, loads it and only brings
it up to date: the cases something was recorded about since are computed again and laid
over the file's columns (`_overlaid`, up to OVERLAY_MOST of them), the file's entries made
only when something needs them all, and a scope's totals read from the scopes' file are
counted again over those columns the same way (`Scoped.overlay`): a fresh process's first
page after a write makes none of a province's 200,000 entries, and gives what a full
recomputation gives. A file is used only if the rows its version names are still the same rows
(the audit row's chained hash, the event's and the case's recording times), so a restored
or another database never reads a foreign snapshot. `cache.clear()` (the test suite does
it before each test) forgets the snapshots in memory: an epoch kept in the cache names the
generation they belong to. The worker's daily job `review_snapshot`
(`CONGMINH_SCHEDULE_REVIEW_SNAPSHOT`, after midnight: the evaluation day of the current
quarter changes) builds the current and the last ended quarter's snapshots ahead, with
the rows of their lists as the XLSX presents them (`Snapshot.presented`, kept in the same
file and dropped with the case's facts), so the first export of a fresh process (the web
server after a restart, another gunicorn worker) makes none of its rows; and the province's
lists as the XLSX writes them, compressed per block of rows (`Snapshot.packed`), so such an
export neither encodes nor compresses them again when its lists are the province's. Those
rows are written to a file of their own beside the snapshot's (`_rows_file`) and read on
the first export (`rows_loaded`): a process's first page reads the entries only. Blocks are
kept by their rows (`block_key`), so the exports of several scopes keep theirs side by side,
within PACKED_BYTES per list. The job also counts the default review of each of its users'
reaches (`selectors.scopes_ahead`) and writes those totals in a third file (`_scopes_file`),
read one scope at a time: a fresh process's first page counts no scope.
"""

from __future__ import annotations

import bisect
import datetime as dt
import gc
import hashlib
import json
import operator
import os
import pickle
import threading
import uuid
from array import array
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from itertools import repeat
from pathlib import Path
from typing import Any, NamedTuple, cast

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone

from congminh.apps.audit.models import AuditEntry
from congminh.apps.cases.models import Case, CaseEvent
from congminh.apps.reports.review import NO_DETAIL, CaseFacts, Tally, build_review, quick_pickling
from congminh.apps.reports.xlsx_writer import Packed
from congminh.core.periods import Period, last_ended, period_containing

# An instant this far in the past has every write before it committed.
SETTLED_AFTER = dt.timedelta(minutes=5)
# Snapshots kept per process (a period and an evaluation day each).
KEEP = 6
# Reviews kept per process (a user, scope, period and version of the data each).
RESULTS = 32
# Updates of a snapshot whose changed cases it remembers (`Snapshot.changes`), and scopes'
# totals kept per process (`Scoped`: a snapshot, a user's reach and a scope each).
CHANGES = 64
SCOPES = 16
# Compressed bytes of the XLSX blocks kept per list and language (`keep_packed`), the least
# recently used dropped beyond: the province's largest list is some 2 MB at P size, so
# about eight scopes of that size, or many more smaller ones, keep their blocks together.
PACKED_BYTES = 16 * 2**20
_EPOCH_KEY = "reports:snapshot-epoch"
# Cases in a snapshot loaded from its files beyond which the objects read are set aside
# from the cyclic garbage collector (`_set_aside`).
SET_ASIDE_ABOVE = 20_000
# Cases of a file's columns looked up one by one (`_Loaded.entry`, a search in C each)
# before an index of their positions is made.
INDEX_AFTER = 16
# Cases computed again over a snapshot read from its file beyond which its entries are made
# (`_overlaid`), and a scope's members made (`_scope_update`): below, they stay the file's
# columns with the cases computed again laid over them.
OVERLAY_MOST = 2_000

Version = tuple[int | None, ...]  # the largest audit (about a case), event and case ids
# The ids of the audit rows (about a case), events and cases above a version already read.
Read = tuple[frozenset[int], frozenset[int], frozenset[int]]
NOTHING_READ: Read = (frozenset(), frozenset(), frozenset())
LogReader = Callable[[Sequence[int] | None, dt.datetime, dt.date],
                     tuple[list[dict[str, Any]], dict[int, int | None]]]


class Entry(NamedTuple):
    """One case in a snapshot: its holder, the digest of its law input, its facts (None
    when the review does not count it: no event, closed before the period...). A named
    tuple, so that a province's 200,000 are made again from the file's columns without a
    Python call each (`_EntryColumns`)."""

    holder_id: int | None
    digest: str
    facts: CaseFacts | None


class _FactsRows(NamedTuple):
    """The entries' facts as a snapshot's file keeps them (format 7): the positions of the
    entries that have facts, and each one's field values as a plain tuple, its `detail`
    pickled (`CaseFacts.packed_detail`). Read back, the facts are made from the tuples in C
    (`tuple.__new__`), with no call per case and no object of what only a row shows (the
    obligations, the explanations: some 0.3 s of a fresh process's first page at P size
    when each case's facts were pickled as an object)."""

    at: bytes  # array("q") of positions in the entries
    rows: list[tuple[Any, ...]]

    @classmethod
    def of(cls, facts: Sequence[CaseFacts | None]) -> _FactsRows:
        shared: dict[Any, Any] = {}
        at = array("q", [i for i, f in enumerate(facts) if f is not None])
        return cls(at.tobytes(), [_row(f, shared) for f in facts if f is not None])

    def made(self, size: int) -> list[CaseFacts | None]:
        """The facts of `size` entries (None where an entry has none)."""
        at = array("q")
        at.frombytes(self.at)
        facts: list[CaseFacts | None] = [None] * size
        for position, made in zip(at.tolist(), map(tuple.__new__, repeat(CaseFacts), self.rows), strict=True):
            facts[position] = made
        return facts


# The fields written once per distinct value (pickle then refers to the first: a province's
# cases share a handful of procedures, statuses and stages and some thousands of dates).
_SHARED_FIELDS = tuple(CaseFacts._fields.index(name) for name in
                       ("procedure", "status", "stage", "first_event", "suspended_since"))


def _row(facts: CaseFacts, shared: dict[Any, Any]) -> tuple[Any, ...]:
    values = list(facts)
    for at in _SHARED_FIELDS:
        values[at] = shared.setdefault(values[at], values[at])
    values[-1] = facts.packed_detail() or NO_DETAIL
    return tuple(values)


class _EntryColumns(NamedTuple):
    """A snapshot's entries as its file keeps them (format 6): the cases' ids, holders and
    facts, and their digests' bytes end to end. Read back, they are a few lists and one
    bytes object, not 200,000 objects each set up by a call (0.3 of a fresh process's 0.9 s
    first page at P size, the file loaded in the request). Format 7 keeps the facts in
    rows too (`_FactsRows`); format 6 kept a list of them (each as `_FormerFacts`)."""

    ids: list[int]
    holders: list[int | None]
    digests: bytes | list[str]  # a list when some digest is not SHA-256 hex (not made here)
    facts: _FactsRows | list[Any]

    @classmethod
    def of(cls, entries: Mapping[int, Entry]) -> _EntryColumns:
        digests = [entry.digest for entry in entries.values()]
        try:
            packed: bytes | list[str] = bytes.fromhex("".join(digests))
            if len(packed) != DIGEST_BYTES * len(digests):
                packed = digests
        except ValueError:
            packed = digests
        return cls(list(entries), [entry.holder_id for entry in entries.values()], packed,
                   _FactsRows.of([entry.facts for entry in entries.values()]))

    def facts_made(self) -> list[CaseFacts | None]:
        """Each entry's facts, in the order of `ids` (None: it has none)."""
        if isinstance(self.facts, _FactsRows):
            return self.facts.made(len(self.ids))
        return list(map(_current_facts, self.facts))

    def entries(self, facts: list[CaseFacts | None]) -> dict[int, Entry]:
        """The entries, with `facts` (`facts_made`)."""
        digests = self.digests
        if isinstance(digests, bytes):
            hexed, width = digests.hex(), 2 * DIGEST_BYTES
            digests = [hexed[start:start + width] for start in range(0, len(hexed), width)]
        # tuple.__new__ makes each named tuple in C (Entry's own __new__ is Python).
        made = map(tuple.__new__, repeat(Entry), zip(self.holders, digests, facts, strict=True))
        return dict(zip(self.ids, cast(Iterator[Entry], made), strict=True))


DIGEST_BYTES = 32  # SHA-256 (`case_digest`)


@dataclass(frozen=True, slots=True)
class _FormerEntry:
    """An entry as files before format 6 pickled it (a frozen slotted dataclass): read
    through `_Reader` and made an `Entry`."""

    holder_id: int | None
    digest: str
    facts: CaseFacts | None


quick_pickling(_FormerEntry)


@dataclass(frozen=True, slots=True)
class _FormerFacts:
    """A case's facts as files before format 7 pickled them (a frozen slotted dataclass,
    then named `CaseFacts`): read through `_Reader` and made a `CaseFacts`
    (`_current_facts`). The facts of a file that pickled `CaseFacts` named tuples are
    made as they are."""

    id: int
    procedure: str
    holder_id: int | None
    old: bool
    new: bool
    open_end: bool
    suspended: bool
    ground_ended: bool
    overdue: bool
    prolonged: bool
    status: str
    stage: str
    first_event: dt.date | None
    overdue_obligations: tuple[dict[str, Any], ...] = ()
    suspended_since: dt.date | None = None
    why: tuple[Any, ...] = ()
    reasons: tuple[str, ...] = ()

    def __new__(cls, *values: Any) -> Any:
        # A named tuple is pickled with its values (`__getnewargs__`); the dataclass was
        # made empty, then given its state.
        return tuple.__new__(CaseFacts, values) if values else object.__new__(cls)


quick_pickling(_FormerFacts)


def _current_facts(facts: Any) -> CaseFacts | None:
    """`facts` as a `CaseFacts` (from a `_FormerFacts` of a file before format 7)."""
    if not isinstance(facts, _FormerFacts):
        return cast(CaseFacts | None, facts)
    f = facts
    return CaseFacts(f.id, f.procedure, f.holder_id, f.old, f.new, f.open_end, f.suspended, f.ground_ended,
                     f.overdue, f.prolonged, f.status, f.stage, f.first_event, f.suspended_since,
                     max((-int(o["days_left"]) for o in f.overdue_obligations), default=0),
                     (f.overdue_obligations, f.why, f.reasons))


class _Reader(pickle.Unpickler):
    """Reads a snapshot's file, the former entries and facts included."""

    def find_class(self, module: str, name: str) -> Any:
        if module == __name__ and name == "Entry":
            return _FormerEntry
        if module == CaseFacts.__module__ and name == "CaseFacts":
            return _FormerFacts
        return super().find_class(module, name)


@dataclass
class Snapshot:
    period_code: str
    year_start_month: int
    day: dt.date
    entries: dict[int, Entry]
    version: Version
    # (when observed, version): the versions seen at each update, to re-read a margin.
    seen: list[tuple[dt.datetime, Version]] = field(default_factory=list)
    built_at: dt.datetime = field(default_factory=timezone.now)
    updated_cases: int = 0  # cases recomputed by the last update (0: nothing recorded)
    # Which snapshot this is (kept by its updates) and how many updates it has had, with
    # the cases each of the last CHANGES updates computed again: what a scope's totals
    # (`Scoped`) must count again to catch up.
    serial: str = field(default_factory=lambda: uuid.uuid4().hex)
    generation: int = 0
    changes: tuple[tuple[int, frozenset[int]], ...] = ()
    # The rows above the oldest version in `seen` this snapshot has read (`rows_above`).
    read: Read = NOTHING_READ
    # The lists' rows as an export presents them, per list and language, by case: each
    # kept with the facts it shows (`presented`). Carried over by updates, written with
    # the snapshot (the same pickle keeps a row's facts the very object of its entry).
    presented: dict[str, dict[int, Any]] = field(default_factory=dict)
    # The lists' rows compressed per block (`export`), per list and language, by the position
    # of the block's first row and its cases (`block_key`: two scopes' lists each keep
    # theirs), least recently used first: each kept with the facts of its rows (`Block`).
    # Carried over and written like `presented`; a file without them loads (none kept), and
    # code that does not know them ignores them.
    packed: dict[str, dict[BlockKey, Block]] = field(default_factory=dict)
    # `presented` and `packed` still in the rows' file (`_Pending`) for a snapshot loaded
    # from its files: read on the first use of either (an export), not by the first page.
    pending: _Pending | None = field(default=None, repr=False, compare=False)
    # The scopes' totals the daily job counted ahead for this snapshot's file (`_Saved`: in
    # the scopes' file, read when a scope is first asked for), carried over by its updates.
    saved: _Saved | None = field(default=None, repr=False, compare=False)
    # Names the rows' file written with this snapshot's file (`save`): a rows' file of
    # another save (two processes writing at once) is not taken for its own.
    rows_token: str = ""

    def __getstate__(self) -> dict[str, Any]:
        """Pickled with its entries as columns (`_EntryColumns`)."""
        entries = self.entries
        state = dict(self.__dict__)
        state.pop("_loaded", None)
        state.pop("_overlay", None)
        state["entries"] = _EntryColumns.of(entries)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        entries = state["entries"]
        if isinstance(entries, _EntryColumns):
            # Made when first read (`__getattr__`): a fresh process's first page, the
            # scope's totals read from the scopes' file, needs only its scope's facts and
            # holders (`_restored`), not 200,000 entries.
            del state["entries"]
            state["_loaded"] = _Loaded(entries)
        else:  # a file before format 6: a dict of the former entries
            state["entries"] = {case_id: Entry(e.holder_id, e.digest, _current_facts(e.facts))
                                for case_id, e in entries.items()}
        self.__dict__.update(state)

    def __getattr__(self, name: str) -> Any:
        """`entries` of a snapshot read from its file, made from the file's columns when
        first read (`__setstate__`), with the entries computed again since over them
        (`_overlaid`); only then."""
        loaded = self.__dict__.get("_loaded")
        if name != "entries" or loaded is None:
            raise AttributeError(name)
        made = loaded.entries()
        overlay = self.__dict__.get("_overlay")
        if overlay:  # the file's entries stay as they were (`_Saved` and `_Pending` read them)
            made = dict(made)
            for case_id, entry in overlay.items():
                if entry is None:
                    made.pop(case_id, None)
                else:
                    made[case_id] = entry
        self.__dict__["entries"] = made
        return made

    def entry(self, case_id: int) -> Entry | None:
        """The entry of one case (None: not in the snapshot), not making the entries of a
        snapshot read from its file: its overlay's, else its file's (`_Loaded.entry`)."""
        made = self.__dict__.get("entries")
        if made is not None:
            return cast(Entry | None, made.get(case_id))
        overlay = self.__dict__.get("_overlay") or {}
        if case_id in overlay:
            return cast(Entry | None, overlay[case_id])
        return cast(_Loaded, self.__dict__["_loaded"]).entry(case_id)

    def overlaid(self) -> bool:
        """Whether its entries are its file's columns and an overlay, not made yet."""
        return "entries" not in self.__dict__


class _Loaded:
    """The entries of a snapshot's file (`_EntryColumns`), made once when first asked for
    (`entries`), and their facts before them (`facts`: a scope's totals read from the
    scopes' file need only its cases' facts and holders, `_restored`). Shared by the
    snapshot read and what reads its other files (`_Pending`, `_Saved`), which refer to
    the entries as the file held them."""

    def __init__(self, columns: _EntryColumns) -> None:
        self.columns = columns
        self._facts: list[CaseFacts | None] | None = None
        self._entries: dict[int, Entry] | None = None
        self._lock = threading.RLock()
        self._at: dict[int, int] | None = None  # each id's position (`_position`)
        self._asked = 0

    @classmethod
    def made_from(cls, entries: dict[int, Entry]) -> _Loaded:
        """Of entries already made."""
        loaded = cls(_EntryColumns(list(entries), [], b"", []))
        loaded._entries, loaded._facts = entries, [entry.facts for entry in entries.values()]
        return loaded

    def __len__(self) -> int:
        return len(self.columns.ids)

    def made(self) -> bool:
        """Whether the entries are made."""
        return self._entries is not None

    def facts(self) -> list[CaseFacts | None]:
        """Each entry's facts in the order of the columns' ids: the very objects of the
        entries once they are made."""
        with self._lock:
            if self._facts is None:
                self._facts = self.columns.facts_made()
            return self._facts

    def facts_by_id(self) -> dict[int, CaseFacts | None]:
        """`facts` by case (the rows' file names each row's case: `_RowsColumns`)."""
        return dict(zip(self.columns.ids, self.facts(), strict=True))

    def entry(self, case_id: int) -> Entry | None:
        """One case's entry as the file holds it (None: not in the file), the entries not
        made: a fresh process's first page after a write looks up the cases written about."""
        with self._lock:
            if self._entries is not None:
                return self._entries.get(case_id)
            at = self._position(case_id)
            if at is None:
                return None
            columns = self.columns
            digests = columns.digests
            digest = (digests[at * DIGEST_BYTES:(at + 1) * DIGEST_BYTES].hex() if isinstance(digests, bytes)
                      else digests[at])
            return Entry(columns.holders[at], digest, self.facts()[at])

    def _position(self, case_id: int) -> int | None:
        """(Under the lock.) Where `case_id` is in the columns: searched in C for the first
        few cases asked for, through an index of every id beyond."""
        if self._at is None:
            self._asked += 1
            if self._asked <= INDEX_AFTER:
                try:
                    return self.columns.ids.index(case_id)
                except ValueError:
                    return None
        return self._index().get(case_id)

    def _index(self) -> dict[int, int]:
        """(Under the lock.) Each id's position in the columns, made once."""
        if self._at is None:
            self._at = dict(zip(self.columns.ids, range(len(self.columns.ids)), strict=True))
        return self._at

    def positions(self, ids: Sequence[int]) -> list[int] | None:
        """Where each of `ids` is in the columns (None: one is not in them)."""
        with self._lock:
            try:
                return list(map(self._index().__getitem__, ids))
            except KeyError:
                return None

    def holders_of(self, ids: list[int]) -> list[int | None]:
        """The holders of the cases `ids` of the columns (each in them)."""
        holders = self.columns.holders
        if ids == self.columns.ids:
            return holders
        positions = self.positions(ids)
        assert positions is not None
        return list(map(holders.__getitem__, positions))

    def entries(self) -> dict[int, Entry]:
        with self._lock:
            if self._entries is None:
                self._entries = self.columns.entries(self.facts())
                if len(self) >= SET_ASIDE_ABOVE:
                    gc.freeze()  # what was just made, as what the file gave (`_set_aside`)
            return self._entries


def _size(snapshot: Snapshot) -> int:
    """How many entries the snapshot has (not making them)."""
    loaded = snapshot.__dict__.get("_loaded")
    return len(loaded) if loaded is not None else len(snapshot.entries)


@dataclass(eq=False)
class _Pending:
    """The rows' file of a snapshot loaded from its files, not read yet: its path, the
    token the snapshot's file names, and the entries as that file held them (the rows'
    facts refer to their case's entry there: `_rows_file`). `presented` and `packed` are
    the very dicts the snapshot holds, carried over by its updates: reading the file once
    fills them for each of them, `packed` at once, `presented` when first asked for
    (`later`: an export whose blocks are all kept, the province's, needs none of them)."""

    path: Path
    token: str
    base: _Loaded | None
    presented: dict[str, dict[int, Any]]
    packed: dict[str, dict[BlockKey, Block]]
    later: Callable[[], dict[str, dict[int, Any]]] | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)


@dataclass(eq=False)
class _Saved:
    """The scopes' file of a snapshot loaded from its files (`_scopes_file`): each scope
    counted ahead by the daily job (`warm`) is read from it the first time this process
    asks for that scope, as counted over `base`, the entries as the snapshot's file held
    them (generation 0 of the loaded snapshot: its updates since are counted again)."""

    path: Path
    token: str
    base: _Loaded
    index: dict[Any, tuple[int, int]] | None = None  # scope key -> (offset, length); None: unread
    lock: threading.Lock = field(default_factory=threading.Lock)


@dataclass(frozen=True, slots=True)
class Block:
    """Consecutive rows of a list as the XLSX writes them, compressed (`xlsx_writer.pack`),
    with what decides them besides each case's cells: the position of the first row (its
    key in `Snapshot.packed`), each row's case facts (the very objects of the snapshot's
    entries: a case computed again has new ones), holding body's cell and comments' cell."""

    facts: tuple[CaseFacts, ...]
    holders: tuple[str, ...]
    notes: tuple[str, ...]
    packed: Packed

    def shows(self, facts: Sequence[CaseFacts], holders: Sequence[str], notes: Sequence[str]) -> bool:
        """Whether these rows are the block's."""
        return (len(facts) == len(self.facts) and all(map(operator.is_, facts, self.facts))
                and tuple(holders) == self.holders and tuple(notes) == self.notes)

    def current(self, entries: Mapping[int, Entry]) -> bool:
        """Whether each of its cases still has these facts in `entries`."""
        return all((entry := entries.get(f.id)) is not None and entry.facts is f for f in self.facts)


quick_pickling(Block)

# Where a block is kept (`Snapshot.packed`): the position of its first row (the rows'
# numbers are in its XML) and a hash of its cases' ids (`Block.shows` decides).
BlockKey = tuple[int, int]


def block_key(start: int, facts: Sequence[CaseFacts]) -> BlockKey:
    """The key of the block of these rows' facts starting at row `start` (0: the first)."""
    return start, hash(tuple(map(_ID, facts)))


def _keyed(packed: Mapping[str, Mapping[Any, Block]]) -> dict[str, dict[BlockKey, Block]]:
    """Blocks of a file written when they were kept by position only (format 4, the first
    rows' files) under their `block_key`."""
    return {key: {block_key(start, block.facts) if isinstance(start, int) else start: block
                  for start, block in kept.items()} for key, kept in packed.items()}


def case_digest(payload: Mapping[str, Any], holder_id: int | None) -> str:
    """SHA-256 of one case's law input and holder, canonical JSON."""
    text = json.dumps({"case": payload, "holder": holder_id}, sort_keys=True, ensure_ascii=False,
                      separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def digest_piece(case_id: int, entry: Entry) -> bytes:
    """One case's part of a review's digest."""
    return f"{case_id}:{entry.holder_id}:{entry.digest};".encode()


def review_digest(entries: Iterable[tuple[int, Entry]], extra: Mapping[str, Any]) -> str:
    """SHA-256 of a review's inputs: each case's id, holder and input digest, in id order,
    then the parameters and comments (`extra`, canonical JSON)."""
    return pieces_digest([digest_piece(case_id, entry) for case_id, entry
                          in sorted(entries, key=lambda item: item[0])], extra)


def pieces_digest(pieces: Iterable[bytes], extra: Mapping[str, Any]) -> str:
    """`review_digest` from the cases' pieces (`digest_piece`), already in id order."""
    sha = hashlib.sha256(b"".join(pieces))
    sha.update(json.dumps(extra, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                          default=str).encode("utf-8"))
    return sha.hexdigest()


def entries_of(payloads: Sequence[dict[str, Any]], holders: Mapping[int, int | None],
               period: Period, day: dt.date) -> dict[int, Entry]:
    """Each case's entry, computed from its law input (the straightforward way)."""
    facts = {f.id: f for f in build_review(payloads, holders, period, day).facts}
    out = {}
    for payload in payloads:
        case_id = int(payload["id"])
        holder = holders.get(case_id)
        out[case_id] = Entry(holder, case_digest(payload, holder), facts.get(case_id))
    return out


@contextmanager
def no_gc() -> Iterator[None]:
    """The cyclic garbage collector paused: a snapshot is millions of objects, and every
    full collection while a review allocates would walk them all (about half the time of
    a province's review). Nothing made here forms cycles."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _set_aside(snapshot: Snapshot) -> None:
    """After a province's snapshot (or its rows) was read from a file, with the collector
    paused (`no_gc`): every object read is still in the collector's youngest generation, so
    the next collections, set off by whatever the request allocates next (a model instance,
    a template's context), would walk them all, once per generation they climb (some 0.3 s
    each at P size, profiled in a fresh process's first page). `gc.freeze` moves every
    object alive now to the permanent generation, as a server worker does after its warm-up
    (`serve.warm_worker`); reference counting still frees them when dropped. Not for a
    small snapshot (the tests'): any garbage alive at that moment would stay uncollected."""
    if _size(snapshot) >= SET_ASIDE_ABOVE:
        gc.freeze()


def version() -> Version:
    """Read from primary keys only (costs nothing at province scale)."""
    latest = (AuditEntry.objects.filter(case_id__isnull=False), CaseEvent.objects.all(),
              Case.objects.all())
    return tuple(qs.order_by("-pk").values_list("pk", flat=True).first() for qs in latest)


def rows_above(old: Version) -> tuple[dict[int, int | None], ...]:
    """The rows recorded after `old` was read, each id with its case's: audit rows naming
    a case, events, cases."""
    audit, event, case = old
    audit_qs = AuditEntry.objects.filter(case_id__isnull=False)
    if audit is not None:
        audit_qs = audit_qs.filter(pk__gt=audit)
    # No DISTINCT: it made SQLite walk the whole case_id index instead of the few rows
    # above the key (a second of a province's page after a write).
    event_qs = CaseEvent.objects.all() if event is None else CaseEvent.objects.filter(pk__gt=event)
    case_qs = Case.objects.all() if case is None else Case.objects.filter(pk__gt=case)
    # Unordered: the audit trail's default order (by time) made SQLite walk its time index,
    # every row of a province's trail, for the few rows above the key (0.4 s of a fresh
    # process's first page after a write).
    return (dict(audit_qs.order_by().values_list("pk", "case_id")),
            dict(event_qs.order_by().values_list("pk", "case_id")),
            {pk: pk for pk in case_qs.order_by().values_list("pk", flat=True)})


def _unread(rows: tuple[dict[int, int | None], ...], read: Read) -> set[int]:
    """The cases of the rows not read before."""
    return {case_id for found, known in zip(rows, read, strict=True)
            for pk, case_id in found.items() if pk not in known and case_id is not None}


def _read_of(rows: tuple[dict[int, int | None], ...]) -> Read:
    audit, event, case = (frozenset(found) for found in rows)
    return audit, event, case


def recorded_after(instant: dt.datetime) -> set[int]:
    """The cases with anything recorded after `instant`: an event recorded or withdrawn,
    an audit row naming the case, the case itself created."""
    changed: set[int | None] = set(
        CaseEvent.objects.filter(Q(recorded_at__gt=instant) | Q(withdrawn_at__gt=instant))
        .values_list("case_id", flat=True).distinct())
    changed.update(AuditEntry.objects.filter(case_id__isnull=False, at__gt=instant)
                   .values_list("case_id", flat=True).distinct())
    changed.update(Case.objects.filter(created_at__gt=instant).values_list("pk", flat=True))
    return {c for c in changed if c is not None}


class _Store:
    """The process's snapshots, most recently used last; one lock per snapshot key so two
    requests do not build the same snapshot twice."""

    def __init__(self) -> None:
        self.snapshots: OrderedDict[tuple[str, int, dt.date], Snapshot] = OrderedDict()
        self.locks: dict[tuple[str, int, dt.date], threading.Lock] = {}
        self.results: OrderedDict[str, Any] = OrderedDict()
        self.scoped: OrderedDict[Any, Scoped] = OrderedDict()
        self.guard = threading.Lock()
        self.epoch = ""

    def lock(self, key: tuple[str, int, dt.date]) -> threading.Lock:
        with self.guard:
            self._check_epoch()
            return self.locks.setdefault(key, threading.Lock())

    def _check_epoch(self) -> None:
        epoch = cache.get(_EPOCH_KEY)
        if epoch is None:
            epoch = uuid.uuid4().hex
            cache.set(_EPOCH_KEY, epoch, None)
        if epoch != self.epoch:
            self.snapshots.clear()
            self.results.clear()
            self.scoped.clear()
            self.epoch = str(epoch)


_STORE = _Store()


def _version_at(instant: dt.datetime) -> Version:
    """The largest ids of the rows stamped by `instant` (ids and stamps are given together
    on insert): a row still uncommitted then was stamped later, so has a larger id."""
    latest = (AuditEntry.objects.filter(case_id__isnull=False, at__lte=instant),
              CaseEvent.objects.filter(recorded_at__lte=instant),
              Case.objects.filter(created_at__lte=instant))
    return tuple(qs.order_by("-pk").values_list("pk", flat=True).first() for qs in latest)


def _base(snapshot: Snapshot) -> Version:
    """The version rows are read again from: the newest one seen at least SETTLED_AFTER
    before the last update read the logs (a write that committed late has a larger id)."""
    last = snapshot.seen[-1][0]
    settled = [v for when, v in snapshot.seen if when <= last - SETTLED_AFTER]
    return settled[-1] if settled else snapshot.seen[0][1]


def _went_back(old: Version, seen: Version) -> bool:
    return any(was is not None and (now is None or now < was) for was, now in zip(old, seen, strict=True))


def _trim(seen: list[tuple[dt.datetime, Version]], now: dt.datetime) -> list[tuple[dt.datetime, Version]]:
    """The versions the next update may need: the newest one seen SETTLED_AFTER before
    now, and every later one."""
    old = [i for i, (when, _v) in enumerate(seen) if when <= now - SETTLED_AFTER]
    return seen[old[-1]:] if old else seen


def current(period: Period, day: dt.date, read_logs: LogReader) -> Snapshot:
    """The snapshot of (period, day) as the data stands now: built, or brought up to date."""
    snapshot = _current(period, day, read_logs, build=True)
    assert snapshot is not None  # built when missing
    return snapshot


def _current(period: Period, day: dt.date, read_logs: LogReader, *, build: bool) -> Snapshot | None:
    """`current`, or None when `build` is false and neither this process nor a file holds it."""
    key = (period.code, period.year_start_month, day)
    with _STORE.lock(key), no_gc():
        now = timezone.now()
        seen = version()
        snapshot = _STORE.snapshots.get(key) or _load(key)
        if snapshot is not None and _went_back(snapshot.version, seen):
            snapshot = None  # what it read was rolled back: build it again
        if snapshot is None and not build:
            return None
        if snapshot is None:
            settled = _version_at(now - SETTLED_AFTER)
            # Read before the logs: every row listed is in what the logs give.
            read = _read_of(rows_above(settled))
            payloads, holders = read_logs(None, now, day)
            snapshot = Snapshot(period.code, period.year_start_month, day,
                                entries_of(payloads, holders, period, day), seen,
                                [(now - SETTLED_AFTER, settled), (now, seen)], read=read)
            save(snapshot)
        elif snapshot.version != seen:
            rows = rows_above(_base(snapshot))
            changed = sorted(_unread(rows, snapshot.read))
            payloads, holders = read_logs(changed, now, day)
            computed = entries_of(payloads, holders, period, day)
            # A case merged away is gone (None: not in the snapshot any more).
            again: dict[int, Entry | None] = {case_id: computed.get(case_id) for case_id in changed}
            overlay = _overlay_of(snapshot, again)
            entries = {} if overlay is not None else _applied(snapshot.entries, again)
            generation = snapshot.generation + 1
            snapshot = Snapshot(period.code, period.year_start_month, day, entries, seen,
                                _trim([*snapshot.seen, (now, seen)], now), snapshot.built_at,
                                len(changed), snapshot.serial, generation,
                                (*snapshot.changes[-CHANGES + 1:], (generation, frozenset(changed))),
                                _read_of(rows), snapshot.presented, snapshot.packed, snapshot.pending,
                                snapshot.saved)
            if overlay is not None:
                _overlaid(snapshot, *overlay)
        _STORE.snapshots[key] = snapshot
        _STORE.snapshots.move_to_end(key)
        while len(_STORE.snapshots) > KEEP:
            _STORE.snapshots.popitem(last=False)
        return snapshot


def _applied(entries: Mapping[int, Entry], again: Mapping[int, Entry | None]) -> dict[int, Entry]:
    """A copy of `entries` with the entries computed again (None: the case is gone)."""
    made = dict(entries)
    for case_id, entry in again.items():
        made.pop(case_id, None)
        if entry is not None:
            made[case_id] = entry
    return made


def _overlay_of(snapshot: Snapshot, again: Mapping[int, Entry | None]
                ) -> tuple[_Loaded, dict[int, Entry | None]] | None:
    """(the file's columns, the overlay) of `snapshot` updated with the entries computed
    again, while it is read from its file and its entries are not made (a fresh process's
    first page after a write: its 200,000 entries not made for the few cases written
    about), with at most OVERLAY_MOST cases laid over; None otherwise (the entries made)."""
    loaded = snapshot.__dict__.get("_loaded")
    if not snapshot.overlaid() or not isinstance(loaded, _Loaded):
        return None
    overlay = {**(snapshot.__dict__.get("_overlay") or {}), **again}
    return (loaded, overlay) if len(overlay) <= OVERLAY_MOST else None


def _overlaid(snapshot: Snapshot, loaded: _Loaded, overlay: dict[int, Entry | None]) -> None:
    """`snapshot`'s entries: those of the file's columns `loaded`, with `overlay` laid
    over them (made only when read: `Snapshot.__getattr__`)."""
    del snapshot.__dict__["entries"]
    snapshot.__dict__["_loaded"] = loaded
    snapshot.__dict__["_overlay"] = overlay


FORMAT = 7  # 2: serial, generation and changes kept; 3: the rows read, the explanations;
# 4: the lists' rows as the export presents them (and, where kept, compressed: `packed`,
# an attribute files without it lack); 5: those rows in a file of their own (`_rows_file`),
# read on their first use; 6: the entries as columns (`_EntryColumns`); 7: their facts as
# rows of values (`_FactsRows`)
LOADED_FORMATS = (3, 4, 5, 6, FORMAT)


def _file(key: tuple[str, int, dt.date]) -> Path:
    code, year_start_month, day = key
    return Path(settings.REVIEW_SNAPSHOT_DIR) / f"review-{code}-{year_start_month}-{day}.pickle"


def _rows_file(path: Path) -> Path:
    """The file of the lists' rows kept with the snapshot's file `path` (`presented` and
    `packed`, 60% of a province's bytes): a process's first page reads the entries only.
    A row's or block's facts are written as their case's id (pickle's persistent ids) and
    read back as the facts of that case's entry in the snapshot's file, so the rows stay
    the very objects of the entries, as in one file."""
    return path.with_name(path.stem + ".rows" + path.suffix)


class _RowsColumns(NamedTuple):
    """The rows' file's lists (format 6), each row's and block's facts written as its
    case's id, in columns: read back as the facts of that case's entry in the snapshot's
    file (`made`), a lookup per row and no Python call per row (the files before named
    each row's facts by a pickle persistent id, read through a call each: some 90,000 for
    a province's lists)."""

    # list and language -> (case ids, each row's cells before the holder's, after it)
    presented: dict[str, tuple[list[int], list[str], list[str]]]
    # list and language -> (block key, its cases' ids, holders' cells, notes' cells, rows)
    packed: dict[str, list[tuple[BlockKey, tuple[int, ...], tuple[str, ...], tuple[str, ...], Packed]]]

    @classmethod
    def of(cls, rows: Mapping[str, Mapping[int, Any]], blocks: Mapping[str, Mapping[BlockKey, Block]]
           ) -> _RowsColumns:
        """Of rows and blocks whose facts are their cases' entries' (`save` keeps only those)."""
        return cls({key: (list(kept), [row[1] for row in kept.values()], [row[2] for row in kept.values()])
                    for key, kept in rows.items()},
                   {key: [(at, tuple(f.id for f in block.facts), block.holders, block.notes, block.packed)
                          for at, block in kept.items()] for key, kept in blocks.items()})

    def presented_made(self, base: Mapping[int, Any]) -> dict[str, dict[int, Any]]:
        """The rows by case with their cases' facts in `base` (none when a case has no
        facts there: the file was not written with these entries)."""
        try:
            return {key: dict(zip(ids, zip(_facts_of(base, ids), before, after, strict=True), strict=True))
                    for key, (ids, before, after) in self.presented.items()}
        except (KeyError, ValueError):
            return {}

    def packed_made(self, base: Mapping[int, Any]) -> dict[str, dict[Any, Block]]:
        """The blocks with their cases' facts in `base` (ValueError: as `presented_made`)."""
        try:
            return {key: {at: Block(tuple(_facts_of(base, ids)), holders, notes, rows)
                          for at, ids, holders, notes, rows in kept} for key, kept in self.packed.items()}
        except KeyError as missing:
            raise ValueError("rows of cases without entries") from missing


def _facts_of(base: Mapping[int, Any], ids: Iterable[int]) -> list[CaseFacts]:
    """The facts of these cases in `base` (their entries, or their facts, by id), mapped in
    C (a province's lists are some 45,000 rows); ValueError when one has none."""
    found = list(map(base.__getitem__, ids))
    if found and isinstance(found[0], Entry):
        found = list(map(_FACTS, found))
    if any(map(operator.is_, found, repeat(None))):  # not `None in`: a comparison per row
        raise ValueError("rows of cases without facts")
    return cast(list[CaseFacts], found)


def rows_loaded(snapshot: Snapshot, *, presented: bool = True) -> Snapshot:
    """`snapshot` with its lists' rows read from their file if they are still there (once
    per loaded file, whichever of its updates asks; others wait): a file of another save,
    missing or unreadable leaves them made again when asked. `presented` false: its
    blocks only (`packed`), the rows by case (`presented`) left in the file's columns."""
    pending = snapshot.pending
    if pending is None:
        return snapshot
    with pending.lock:
        base = pending.base
        if base is not None:
            pending.later, packed = _read_rows(pending.path, pending.token, base.facts_by_id())
            blocks = _keyed(packed)
            with _STORE.guard:  # blocks a request kept meanwhile are newer
                for key, kept in blocks.items():
                    pending.packed[key] = {**kept, **pending.packed.get(key, {})}
            pending.base = None  # the entries as the file held them no longer kept
            _set_aside(snapshot)
        if presented and pending.later is not None:
            made = pending.later()
            with _STORE.guard:  # rows a request kept meanwhile are newer
                for key, rows in made.items():
                    pending.presented[key] = {**rows, **pending.presented.get(key, {})}
            pending.later = None
            _set_aside(snapshot)
    if presented:
        snapshot.pending = None
    return snapshot


def _read_rows(path: Path, token: str, base: Mapping[int, CaseFacts | None]
               ) -> tuple[Callable[[], dict[str, dict[int, Any]]], dict[str, dict[Any, Block]]]:
    """(what makes the rows by case, the blocks) of the rows' file, with the facts of the
    snapshot's file by case (`base`); none when it is not the one the snapshot's file
    names or cannot be read."""
    def persistent_load(case_id: Any) -> CaseFacts:
        facts = base.get(case_id)
        if facts is None:
            raise pickle.UnpicklingError(f"no facts of case {case_id}")
        return facts

    nothing: tuple[Callable[[], dict[str, dict[int, Any]]], dict[str, dict[Any, Block]]] = (dict, {})
    try:
        with path.open("rb") as source, no_gc():
            reader = pickle.Unpickler(source)
            reader.persistent_load = persistent_load  # type: ignore[method-assign]  # files before format 6
            kept = reader.load()  # noqa: S301 (the app's own file)
            if kept[0] != token:
                return nothing
            if len(kept) == 3 and kept[2] == ROWS_FOLLOW and isinstance(kept[1], _RowsColumns):
                blocks: _RowsColumns = kept[1]
                return _rows_after(path, token, source.tell(), blocks, base), blocks.packed_made(base)
            if len(kept) == 2 and isinstance(kept[1], _RowsColumns):  # format 6
                columns: _RowsColumns = kept[1]
                return (lambda: columns.presented_made(base)), columns.packed_made(base)
            _token, presented, packed = kept
    except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError, IndexError):
        return nothing
    if not isinstance(presented, dict) or not isinstance(packed, dict):
        return nothing
    return (lambda: presented), packed


# Marks a rows' file whose rows by case follow its blocks in a pickle of their own (format
# 7): a fresh process's first export, whose blocks are all kept, reads the blocks only.
ROWS_FOLLOW = "rows by case follow"


def _rows_after(path: Path, token: str, offset: int, blocks: _RowsColumns,
                base: Mapping[int, CaseFacts | None]) -> Callable[[], dict[str, dict[int, Any]]]:
    """What reads the rows by case at `offset` of the rows' file `path` (none if unreadable,
    or written again since: another token)."""
    def later() -> dict[str, dict[int, Any]]:
        try:
            with path.open("rb") as source, no_gc():
                source.seek(offset)
                kept, presented = pickle.load(source)  # noqa: S301 (the app's own file)
        except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError, IndexError):
            return {}
        if kept != token or not isinstance(presented, dict):
            return {}
        return blocks._replace(presented=presented).presented_made(base)

    return later


def _fingerprint(seen: Version) -> tuple[Any, ...]:
    """What identifies the rows a version names in this database."""
    audit, event, case = seen
    return (
        AuditEntry.objects.filter(pk=audit).values_list("hash", flat=True).first() if audit else None,
        CaseEvent.objects.filter(pk=event).values_list("recorded_at", flat=True).first() if event else None,
        Case.objects.filter(pk=case).values_list("created_at", flat=True).first() if case else None,
    )


def save(snapshot: Snapshot, scopes: Mapping[Any, Scoped] | None = None) -> Path:
    """Write the snapshot for other processes (atomically: a reader sees the old file or
    the new one), with `scopes` (counted over this very snapshot, by their key in `scoped`
    without the snapshot: `warm`) in the scopes' file."""
    path = _file((snapshot.period_code, snapshot.year_start_month, snapshot.day))
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.part")
    rows_loaded(snapshot)  # a loaded snapshot's rows written again with it
    entries = snapshot.entries
    with _STORE.guard:  # the rows still current (a request may be adding some meanwhile)
        rows = {key: {case_id: row for case_id, row in kept.items()
                      if (entry := entries.get(case_id)) is not None and entry.facts is row[0]}
                for key, kept in snapshot.presented.items()}
        blocks = {key: {start: block for start, block in kept.items() if block.current(entries)}
                  for key, kept in snapshot.packed.items()}
    token = uuid.uuid4().hex
    # The rows first: a snapshot's file names only a rows' file already in place.
    columns = _RowsColumns.of(rows, blocks)
    with partial.open("wb") as out:  # the blocks, then the rows by case (`_read_rows`)
        pickle.dump((token, columns._replace(presented={}), ROWS_FOLLOW), out, protocol=pickle.HIGHEST_PROTOCOL)
        pickle.dump((token, columns.presented), out, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(partial, _rows_file(path))
    _write_scopes(partial, token, scopes or {})
    os.replace(partial, _scopes_file(path))
    with partial.open("wb") as out:
        pickle.dump((FORMAT, _fingerprint(snapshot.version),
                     replace(snapshot, presented={}, packed={}, pending=None, saved=None, rows_token=token)),
                    out, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(partial, path)
    return path


def _load(key: tuple[str, int, dt.date]) -> Snapshot | None:
    path = _file(key)
    try:
        with path.open("rb") as source:
            kept_format, fingerprint, snapshot = _Reader(source).load()  # noqa: S301 (the app's own file)
    except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError):
        return None
    if kept_format not in LOADED_FORMATS or not isinstance(snapshot, Snapshot):
        return None
    if kept_format == 3:  # the same, without the lists' rows: not built again for them
        snapshot.presented = {}
    if not hasattr(snapshot, "packed"):  # written before blocks were kept
        snapshot.packed = {}
    snapshot.packed = _keyed(snapshot.packed)
    if kept_format < 5:  # its rows inside, each with its facts made anew
        _relink(snapshot)
    snapshot.pending = snapshot.saved = None
    if kept_format >= 5:  # its rows in their own file, read when first used
        loaded = _loaded_of(snapshot)
        snapshot.pending = _Pending(_rows_file(path), snapshot.rows_token, loaded,
                                    snapshot.presented, snapshot.packed)
        snapshot.saved = _Saved(_scopes_file(path), snapshot.rows_token, loaded)
    else:
        snapshot.rows_token = ""
    if fingerprint != _fingerprint(snapshot.version) or not any(snapshot.version):
        # Of other rows, or of an empty database: its fingerprint matches any database
        # with nothing yet, and bringing it up to date reads every case without saving.
        return None
    # A new lineage: this process's scopes counted from an earlier copy must not take the
    # file's generations for their own.
    snapshot.serial, snapshot.generation, snapshot.changes = uuid.uuid4().hex, 0, ()
    _set_aside(snapshot)
    return snapshot


def _loaded_of(snapshot: Snapshot) -> _Loaded:
    """The entries of a snapshot read from its file, as `_Pending` and `_Saved` refer to
    them (made now for a file before format 6, whose entries were made as it was read)."""
    loaded = snapshot.__dict__.get("_loaded")
    return loaded if isinstance(loaded, _Loaded) else _Loaded.made_from(snapshot.entries)


def _relink(snapshot: Snapshot) -> None:
    """The rows and blocks of a file with them inside (format 4) given the very facts of
    their cases' entries again, where equal (the file's facts are made anew when read:
    `_current_facts`): their first export makes none of them again."""
    entries = snapshot.entries

    def same(facts: Any) -> Any:
        entry = entries.get(facts.id)
        return entry.facts if entry is not None and entry.facts == _current_facts(facts) else facts

    snapshot.presented = {key: {case_id: (same(row[0]), *row[1:]) for case_id, row in rows.items()}
                          for key, rows in snapshot.presented.items()}
    snapshot.packed = {key: {at: replace(block, facts=tuple(map(same, block.facts))) for at, block in kept.items()}
                       for key, kept in snapshot.packed.items()}


def warm(today: dt.date | None = None) -> list[Snapshot]:
    """Bring up to date and write the snapshots of the Procuracy's current and last ended
    quarter (the review page's default period and the one being written), with their
    lists' rows as the XLSX presents them (`export.present`: a process that loads the file
    makes no row of its first export), and the totals of the scopes its users' default
    review counts (`selectors.scopes_ahead`: a process that loads the file counts none of
    them again): the job `review_snapshot`."""
    from congminh.apps.reports.export import present
    from congminh.apps.reports.selectors import logs_as_of, scopes_ahead

    today = today or timezone.localdate()
    done = []
    for period in _quarters(today):
        day = min(period.end, today)
        snapshot = current(period, day, logs_as_of)
        present(snapshot, period)
        save(snapshot, scopes_ahead(snapshot, period, day))
        done.append(snapshot)
    return done


def _quarters(today: dt.date) -> tuple[Period, Period]:
    """The Procuracy's last ended quarter (the review page's default period) and current one."""
    return (last_ended("quarterly", today, year_start_month=12),
            period_containing("quarterly", today, year_start_month=12))


def preload(today: dt.date | None = None) -> list[Snapshot]:
    """The snapshots `warm` writes, loaded into this process from their files and brought
    up to date (none built when a file is missing: a worker that starts does not compute a
    province's review nobody asked for), the review page's default period first: what a
    web server worker does as it starts (`congminh serve`, in a thread), so its first
    review and XLSX find them in memory. A request for one meanwhile waits on its lock
    (`current`) and then finds it loaded: each file is read once."""
    from congminh.apps.reports.selectors import logs_as_of

    today = today or timezone.localdate()
    done = []
    for period in _quarters(today):
        loaded = _current(period, min(period.end, today), logs_as_of, build=False)
        if loaded is not None:
            done.append(loaded)
    return done


def entries_as_of(period: Period, day: dt.date, instant: dt.datetime | None,
                  read_logs: LogReader) -> Mapping[int, Entry]:
    """Each case's entry from the logs as recorded at `instant` (None: now)."""
    snapshot = current(period, day, read_logs)
    if instant is None:
        return snapshot.entries
    changed = sorted(recorded_after(instant))
    if not changed:
        return snapshot.entries
    payloads, holders = read_logs(changed, instant, day)
    entries = dict(snapshot.entries)
    for case_id in changed:
        entries.pop(case_id, None)  # created after the instant: not in the review
    entries.update(entries_of(payloads, holders, period, day))
    return entries


def remembered(key: str, compute: Callable[[], Any]) -> Any:
    """`compute()`, kept in the process under `key` (the most recent RESULTS ones)."""
    return _kept(_STORE.results, RESULTS, key, compute)


def presented(period: Period, day: dt.date, key: str) -> dict[int, Any]:
    """A copy of the rows of a list as an export presents them, by case, kept under `key`
    (a list and a language) with the snapshot of (period, day) (none when the process does
    not hold it): the caller keeps each with the facts it shows, makes again only the rows
    of cases computed again since (the facts are then new objects), and hands the new ones
    to `keep_presented`."""
    _held_rows(period, day, presented=True)
    with _STORE.guard:
        _STORE._check_epoch()
        kept = _rows_of(period, day, key)
        return {} if kept is None else dict(kept)


def keep_presented(period: Period, day: dt.date, key: str, rows: Mapping[int, Any],
                   into: Snapshot | None = None) -> None:
    """Keep rows made by the caller of `presented` (under the same key), with `into` or
    the process's snapshot of (period, day)."""
    _held_rows(period, day, into, presented=True)
    with _STORE.guard:
        kept = into.presented.setdefault(key, {}) if into is not None else _rows_of(period, day, key)
        if kept is not None:
            kept.update(rows)


def _held_rows(period: Period, day: dt.date, into: Snapshot | None = None, *, presented: bool = False) -> None:
    """The lists' rows of `into` or the process's snapshot of (period, day) read from their
    file if still there (outside the store's guard: other requests go on meanwhile): the
    blocks, and with `presented` the rows by case too."""
    with _STORE.guard:
        found = into or _STORE.snapshots.get((period.code, period.year_start_month, day))
    if found is not None:
        rows_loaded(found, presented=presented)


def _rows_of(period: Period, day: dt.date, key: str) -> dict[int, Any] | None:
    """(Under the store's guard.) Where the rows of `key` for (period, day) are kept."""
    found = _STORE.snapshots.get((period.code, period.year_start_month, day))
    return None if found is None else found.presented.setdefault(key, {})


def packed(period: Period, day: dt.date, key: str, into: Snapshot | None = None) -> dict[BlockKey, Block]:
    """A copy of the blocks of a list kept under `key` (a list and a language) with `into`
    or the process's snapshot of (period, day), by `block_key`: the caller uses a block
    only if it `shows` the rows wanted there, and hands the blocks it makes and the keys of
    those it used to `keep_packed`."""
    _held_rows(period, day, into)
    with _STORE.guard:
        _STORE._check_epoch()
        found = into or _STORE.snapshots.get((period.code, period.year_start_month, day))
        return {} if found is None else dict(found.packed.get(key, {}))


def keep_packed(period: Period, day: dt.date, key: str, blocks: Mapping[BlockKey, Block],
                into: Snapshot | None = None, used: Iterable[BlockKey] = ()) -> None:
    """Keep blocks made by the caller of `packed` (under the same key), and those it `used`
    as the most recently used: beyond PACKED_BYTES for the list, the least recently used
    are dropped."""
    _held_rows(period, day, into)
    with _STORE.guard:
        found = into or _STORE.snapshots.get((period.code, period.year_start_month, day))
        if found is None:
            return
        kept = found.packed.setdefault(key, {})
        for block in used:
            if block in kept:
                kept[block] = kept.pop(block)  # to the end: most recently used
        kept.update(blocks)
        size = sum(len(b.packed.data) for b in kept.values())
        while size > PACKED_BYTES and len(kept) > len(blocks):
            size -= len(kept.pop(next(iter(kept))).packed.data)


def _kept(kept: OrderedDict[str, Any], most: int, key: str, compute: Callable[[], Any]) -> Any:
    with _STORE.guard:
        _STORE._check_epoch()
        found = kept.get(key)
        if found is not None:
            kept.move_to_end(key)
            return found
    value = compute()
    with _STORE.guard:
        kept[key] = value
        while len(kept) > most:
            kept.popitem(last=False)
    return value


def forget() -> None:
    """Drop this process's snapshots (the next review builds them again)."""
    with _STORE.guard:
        _STORE.snapshots.clear()
        _STORE.results.clear()
        _STORE.scoped.clear()


# --- a scope's totals, kept up to date -------------------------------------------------------


@dataclass
class Scoped:
    """The cases of one scope in a snapshot (those a user reads, kept by a scope's holder
    filter), with their totals and digest pieces, as of one generation of the snapshot.
    Brought up to date by counting again only the cases the snapshot's later updates
    computed again: the page after a write does not sum a province's entries again."""

    serial: str
    generation: int
    # The members by id; None while they are the entries of `base` (a snapshot's file) of
    # `ids`, not made yet: made on the first update (`made_members`).
    members: dict[int, Entry] | None
    ids: list[int]  # the members' ids, in order
    tally: Tally
    # The members' digest pieces (`digest_piece`) joined in id order, what the review's
    # digest hashes, while no member changed since they were counted or read; by case
    # (`pieces`) once one has.
    joined: bytes | None
    pieces: dict[int, bytes] | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)
    base: _Loaded | None = None
    # The members' facts in id order and their holders, while the members are `base`'s
    # columns (`_restored`) with at most OVERLAY_MOST changed since (`overlay`).
    shown: tuple[list[CaseFacts], frozenset[int]] | None = None
    # While `members` is None: the members changed since they were read from `base`, each
    # with its entry (None: no longer a member), and how many members each holder has
    # (made at the first change). A fresh process's first page after a write counts again
    # the cases written about over the file's columns, making none of its 200,000 entries.
    overlay: dict[int, Entry | None] = field(default_factory=dict)
    held: Counter[int | None] | None = None

    def made_members(self) -> dict[int, Entry]:
        """`members`, made from `base` (and `overlay`) the first time."""
        if self.members is None:
            assert self.base is not None
            entries, ids = self.base.entries(), self.ids
            if self.overlay:
                made = dict(zip(ids, map(entries.get, ids), strict=True))
                made.update((i, e) for i, e in self.overlay.items() if e is not None)
                self.members = cast(dict[int, Entry], made)
            else:
                self.members = dict(zip(ids, map(entries.__getitem__, ids), strict=True))
            self.overlay, self.held = {}, None
        self.shown = None  # the caller changes them
        return self.members

    def overlaid(self) -> bool:
        """Whether the members are `base`'s columns with `overlay` (`members` not made)."""
        return self.members is None and self.shown is not None and self.joined is not None

    def member(self, case_id: int) -> Entry | None:
        """A member's entry (None: not a member), not making `members`."""
        if self.members is not None:
            return self.members.get(case_id)
        if case_id in self.overlay:
            return self.overlay[case_id]
        at = bisect.bisect_left(self.ids, case_id)
        if at == len(self.ids) or self.ids[at] != case_id:
            return None
        assert self.base is not None
        return self.base.entry(case_id)

    def take(self, case_id: int) -> None:
        if self.overlaid():
            self._take_over(case_id)
            return
        entry = self.made_members().pop(case_id, None)
        if entry is None:
            return
        del self._by_case()[case_id]
        self.ids.pop(bisect.bisect_left(self.ids, case_id))
        if entry.facts is not None:
            self.tally.add(entry.facts, -1)

    def put(self, case_id: int, entry: Entry) -> None:
        if self.overlaid():
            self._put_over(case_id, entry)
            return
        self._by_case()[case_id] = digest_piece(case_id, entry)
        self.made_members()[case_id] = entry
        bisect.insort(self.ids, case_id)
        if entry.facts is not None:
            self.tally.add(entry.facts)

    def _holders(self) -> Counter[int | None]:
        """How many members each holder has (counted from `base` at the first change)."""
        if self.held is None:
            assert self.base is not None and not self.overlay
            self.held = Counter(self.base.holders_of(self.ids))
        return self.held

    def _take_over(self, case_id: int) -> None:
        old = self.member(case_id)
        if old is None:
            return
        counts = self._holders()
        assert self.shown is not None and self.joined is not None
        facts, held = self.shown
        self.ids.pop(bisect.bisect_left(self.ids, case_id))
        self.overlay[case_id] = None
        self.joined = _without_piece(self.joined, case_id)
        if old.facts is not None:
            self.tally.add(old.facts, -1)
            del facts[bisect.bisect_left(facts, case_id, key=_ID)]
        counts[old.holder_id] -= 1
        if not counts[old.holder_id]:
            del counts[old.holder_id]
            held = held - {old.holder_id}
        self.shown = facts, held

    def _put_over(self, case_id: int, entry: Entry) -> None:
        counts = self._holders()
        assert self.shown is not None and self.joined is not None
        facts, held = self.shown
        at = bisect.bisect_left(self.ids, case_id)
        after = self.ids[at] if at < len(self.ids) else None
        self.ids.insert(at, case_id)
        self.overlay[case_id] = entry
        self.joined = _with_piece(self.joined, digest_piece(case_id, entry), after)
        if entry.facts is not None:
            self.tally.add(entry.facts)
            facts.insert(bisect.bisect_left(facts, case_id, key=_ID), entry.facts)
        counts[entry.holder_id] += 1
        if entry.holder_id is not None:
            held = held | {entry.holder_id}
        self.shown = facts, held

    def _by_case(self) -> dict[int, bytes]:
        """The pieces by case (before `ids` changes): split from the joined ones the first
        time (each piece ends with its only «;»)."""
        if self.pieces is None:
            assert self.joined is not None
            split = self.joined.split(b";")[:-1]
            self.pieces = {case_id: piece + b";" for case_id, piece in zip(self.ids, split, strict=True)}
            self.joined = None
        return self.pieces

    def all_pieces(self) -> list[bytes]:
        """The members' pieces in id order (their join is what the digest hashes)."""
        if self.joined is not None:
            return [self.joined]
        pieces = self._by_case()
        return [pieces[case_id] for case_id in self.ids]


@dataclass(frozen=True)
class ScopeView:
    """What a review reads from its scope's totals: copies, so a later update leaves it be."""

    case_ids: frozenset[int]
    facts: list[CaseFacts]
    tally: Tally
    pieces: list[bytes]  # whose join is the members' digest pieces in id order
    holder_ids: frozenset[int]


Readable = Callable[[Sequence[int] | None], Iterable[int]]


def scoped(snapshot: Snapshot, key: Any, readable: Readable, keep: Callable[[Entry], bool]) -> ScopeView:
    """The scope's cases and totals in `snapshot`: `readable(ids)` gives which of `ids`
    (None: of every case) the scope may include, `keep(entry)` whether it does; `key` names
    the scope (in any snapshot of the period and day: the same in every process). Counted
    once in full (or read as the daily job counted it, `_restored`), then for each later
    generation only the cases it computed again."""
    with _STORE.guard:
        found = _STORE.scoped.get(key)
    if found is None or found.serial != snapshot.serial:
        found = _restored(snapshot, key) or _scope_count(snapshot, readable, keep)
    with found.lock:
        missed = [ids for generation, ids in snapshot.changes if generation > found.generation]
        behind = snapshot.generation - found.generation
        if behind < 0 or len(missed) < behind:  # an older copy, or updates it no longer lists
            found = _scope_count(snapshot, readable, keep)
        elif missed:
            _scope_update(found, snapshot, frozenset().union(*missed), readable, keep)
        view = _scope_view(found)
    with _STORE.guard:
        _STORE.scoped[key] = found
        _STORE.scoped.move_to_end(key)
        while len(_STORE.scoped) > SCOPES:
            _STORE.scoped.popitem(last=False)
    return view


def count_scope(snapshot: Snapshot, readable: Readable, keep: Callable[[Entry], bool]) -> Scoped:
    """A scope's totals in `snapshot` counted in full, as `scoped` does the first time (the
    daily job counts its users' ahead: `selectors.scopes_ahead`)."""
    return _scope_count(snapshot, readable, keep)


def _scope_count(snapshot: Snapshot, readable: Readable, keep: Callable[[Entry], bool]) -> Scoped:
    entries = snapshot.entries
    members = {}
    for case_id in readable(None):
        entry = entries.get(case_id)
        if entry is not None and keep(entry):
            members[case_id] = entry
    ids = sorted(members)
    return Scoped(snapshot.serial, snapshot.generation, {i: members[i] for i in ids}, ids,
                  Tally(e.facts for e in members.values() if e.facts is not None),
                  b"".join([digest_piece(i, members[i]) for i in ids]))


def _restored(snapshot: Snapshot, key: Any) -> Scoped | None:
    """The scope of `key` as the daily job counted it for the file `snapshot` was loaded
    from (None: not counted ahead, or not readable): as of that file's entries, the loaded
    snapshot's generation 0 (`scoped` then counts again what its updates computed again)."""
    saved = snapshot.saved
    section = None if saved is None else _read_scope(saved, key)
    if saved is None or section is None:
        return None
    raw_ids, joined, tally = section
    ids = array("q")
    ids.frombytes(raw_ids)
    base, in_order = saved.base, ids.tolist()
    if not base.made():  # its entries made only if the scope is updated (`Scoped.made_members`)
        shown = _shown(base, in_order)
        return None if shown is None else Scoped(snapshot.serial, 0, None, in_order, tally, joined,
                                                 base=base, shown=shown)
    members = base.entries()
    try:  # mapped in C: a province's scope is 200,000 cases
        found = dict(zip(in_order, map(members.__getitem__, in_order), strict=True))
        return Scoped(snapshot.serial, 0, found, in_order, tally, joined)
    except KeyError:  # not counted over these entries: counted again
        return None


def _shown(base: _Loaded, ids: list[int]) -> tuple[list[CaseFacts], frozenset[int]] | None:
    """The facts in id order and the holders of the cases `ids` of a snapshot's file, read
    from its columns (None: a case is not in them)."""
    columns, facts = base.columns, base.facts()
    if ids == columns.ids:  # every case (the columns of a snapshot built from the logs are in id order)
        holders = set(columns.holders)
    else:
        positions = base.positions(ids)
        if positions is None:
            return None
        facts = list(map(facts.__getitem__, positions))
        holders = set(map(columns.holders.__getitem__, positions))
    holders.discard(None)
    return list(filter(None, facts)), frozenset(cast(set[int], holders))


def _scopes_file(path: Path) -> Path:
    """The file of the scopes counted ahead with the snapshot's file `path` (`save`): an
    index of the scopes' keys, then each scope's member ids, joined digest pieces and
    totals, read one scope at a time (`_read_scope`)."""
    return path.with_name(path.stem + ".scopes" + path.suffix)


def _write_scopes(path: Path, token: str, scopes: Mapping[Any, Scoped]) -> None:
    sections, index, offset = [], {}, 0
    for key, found in scopes.items():
        # Each section names its file and scope too: an index read from an earlier file of
        # the same name never takes another file's bytes for its scope.
        data = pickle.dumps((token, key, array("q", found.ids).tobytes(), b"".join(found.all_pieces()),
                             found.tally), protocol=pickle.HIGHEST_PROTOCOL)
        index[key] = (offset, len(data))
        offset += len(data)
        sections.append(data)
    head = pickle.dumps((token, index), protocol=pickle.HIGHEST_PROTOCOL)
    with path.open("wb") as out:
        out.write(len(head).to_bytes(8, "little"))
        out.write(head)
        for data in sections:
            out.write(data)


def _read_scope(saved: _Saved, key: Any) -> tuple[bytes, bytes, Tally] | None:
    """One scope's section of the scopes' file, if the file is the one its snapshot's file
    names (the same token) and counted that scope."""
    try:
        with saved.lock, saved.path.open("rb") as source, no_gc():
            size = int.from_bytes(source.read(8), "little")
            if saved.index is None:
                token, index = pickle.loads(source.read(size))  # noqa: S301 (the app's own file)
                saved.index = index if token == saved.token and isinstance(index, dict) else {}
            where = saved.index.get(key)
            if where is None:
                return None
            source.seek(8 + size + where[0])
            section = pickle.loads(source.read(where[1]))  # noqa: S301 (the app's own file)
    except Exception:  # unreadable (or another file's bytes): the scope is counted instead
        return None
    if not (isinstance(section, tuple) and len(section) == 5 and section[:2] == (saved.token, key)
            and isinstance(section[4], Tally)):
        return None
    _token, _key, raw_ids, joined, tally = section
    return raw_ids, joined, tally


def _piece_start(joined: bytes, case_id: int) -> int:
    """Where the piece of `case_id` starts in joined pieces (each «id:holder:digest;»)."""
    head = b"%d:" % case_id
    if joined.startswith(head):
        return 0
    at = joined.find(b";" + head)
    if at < 0:
        raise LookupError(f"no piece of case {case_id}")
    return at + 1


def _without_piece(joined: bytes, case_id: int) -> bytes:
    start = _piece_start(joined, case_id)
    return joined[:start] + joined[joined.index(b";", start) + 1:]


def _with_piece(joined: bytes, piece: bytes, before: int | None) -> bytes:
    """`piece` put before the piece of case `before` (None: at the end)."""
    if before is None:
        return joined + piece
    start = _piece_start(joined, before)
    return joined[:start] + piece + joined[start:]


def _scope_update(found: Scoped, snapshot: Snapshot, changed: frozenset[int], readable: Readable,
                  keep: Callable[[Entry], bool]) -> None:
    ordered = sorted(changed)
    allowed = set(readable(ordered))
    if found.overlaid() and len(found.overlay) + len(ordered) > OVERLAY_MOST:
        found.made_members()  # many cases changed: counted over the entries made
    for case_id in ordered:
        found.take(case_id)
        entry = snapshot.entry(case_id)
        if entry is not None and case_id in allowed and keep(entry):
            found.put(case_id, entry)
    found.generation = snapshot.generation


def _scope_view(found: Scoped) -> ScopeView:
    if found.shown is not None:
        facts, held = found.shown
        return ScopeView(frozenset(found.ids), list(facts), found.tally.copy(), found.all_pieces(), held)
    # Mapped in C (`operator`'s getters, `filter`): a province's scope is 200,000 entries.
    in_order = list(map(found.made_members().__getitem__, found.ids))
    facts = list(filter(None, map(_FACTS, in_order)))  # CaseFacts are always true
    holders = set(map(_HOLDER, in_order))
    holders.discard(None)
    return ScopeView(frozenset(found.ids), facts, found.tally.copy(), found.all_pieces(), frozenset(holders))


_FACTS, _HOLDER, _ID = operator.attrgetter("facts"), operator.attrgetter("holder_id"), operator.attrgetter("id")
