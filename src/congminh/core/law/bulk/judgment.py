"""When each judged case's first-instance judgment takes effect, on the arrays.

`judgment.judgment_facts` for every case of a chunk at once, from the appeal and protest
windows the chunk opened (`Chunk.windows`) and the appeals and protests it kept
(`CaseFacts.appeals`). No absent persons on this path: `judgment_delivered` names a
person, so such cases are per-case.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from ..judgment import PROTEST_HOLDER
from .columns import LEVEL_VALUES
from .dates import Days
from .derive import APPEALS
from .results import APPEAL_COLUMNS, JUDGMENT_STATES, compact_dtype
from .tables import HOLDER_CODES, WINDOW_KIND_CODES

if TYPE_CHECKING:
    from .chunk import Chunk

_APPEAL_WINDOW = WINDOW_KIND_CODES.index("appeal_window")
_PROTEST_WINDOW = WINDOW_KIND_CODES.index("protest_window")
# (protest level code, holder code of the window it is judged by): same -> procuracy, ...
_LEVEL_HOLDER = tuple((LEVEL_VALUES.index(level), HOLDER_CODES.index(holder))
                      for level, holder in PROTEST_HOLDER.items())
_PENDING, _APPEALED, _EFFECTIVE = (JUDGMENT_STATES.index(s)
                                   for s in ("pending", "appealed", "effective"))


def judgment_facts(chunk: Chunk) -> tuple[Days, npt.NDArray[np.int8], Days, dict[str, Any]]:
    """(judged day, JUDGMENT_STATES code, windows' close, appeals table) of every case."""
    n, judged = chunk.n, chunk.facts.judged
    close = np.full(n, -1, dtype=np.int32)
    appeal_due = np.full(n, -1, dtype=np.int32)
    # Latest protest window's due date by level code: any level (0), then each level.
    protest_due = np.full((len(LEVEL_VALUES), n), -1, dtype=np.int32)
    if chunk.windows:
        w = {name: np.concatenate([p[name] for p in chunk.windows]) for name in chunk.windows[0]}
        due = np.empty(len(w["case"]), dtype=np.int32)
        for s in np.unique(w["slot"]).tolist():
            sel = w["slot"] == s
            due[sel] = chunk.tables[s].roll_due(chunk.days, w["ver"][sel], w["lim"][sel],
                                                w["end"][sel])
        # Windows of the latest judgment: those starting on or after its day.
        mine = (judged[w["case"]] >= 0) & (w["start"] >= judged[w["case"]])
        case, kind, holder = w["case"][mine], w["kind"][mine], w["holder"][mine]
        due, start, slot, seq = due[mine], w["start"][mine], w["slot"][mine], w["seq"][mine]
        np.maximum.at(close, case, due)
        # The case-level appeal window last in the engine's clock order (start, rule id).
        app = kind == _APPEAL_WINDOW
        order = np.lexsort((seq[app], slot[app], start[app], case[app]))
        c_sorted = case[app][order]
        last = np.r_[c_sorted[1:] != c_sorted[:-1], True] if len(c_sorted) else c_sorted
        appeal_due[c_sorted[last]] = due[app][order][last]
        prot = kind == _PROTEST_WINDOW
        np.maximum.at(protest_due[0], case[prot], due[prot])
        for level, code in _LEVEL_HOLDER:
            sel = prot & (holder == code)
            np.maximum.at(protest_due[level], case[sel], due[sel])
    timely_any = np.zeros(n, dtype=np.bool_)
    appeals: dict[str, Any] = {name: np.zeros(0, dtype=compact_dtype(name))
                               for name in APPEAL_COLUMNS}
    appeals["seq"] = np.zeros(0, dtype=np.int32)
    if chunk.facts.appeals:
        parts = chunk.facts.appeals
        a = {name: np.concatenate([p[name] for p in parts]) for name in parts[0]}
        later = a["day"] >= judged[a["case"]]
        a = {name: col[later] for name, col in a.items()}
        window_due = np.where(APPEALS[a["type"]], appeal_due[a["case"]],
                              protest_due[a["level"], a["case"]])
        a["timely"] = (window_due >= 0) & (a["day"] <= window_due)
        timely_any[a["case"][a["timely"]]] = True
        appeals = {name: a[name] for name in (*APPEAL_COLUMNS, "seq")}
    state = np.where(timely_any, _APPEALED,
                     np.where((close < 0) | (close >= chunk.as_of), _PENDING, _EFFECTIVE))
    return judged, state.astype(np.int8), close, appeals
