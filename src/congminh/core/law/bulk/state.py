"""The running clocks of a chunk as arrays: one row per rule id ("slot"), one column per
case, in small dtypes (the event loop is bound by memory traffic, not arithmetic)."""

from __future__ import annotations

import mmap
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from .dates import Days

Bools = npt.NDArray[np.bool_]


@dataclass
class Slot:
    """The running clock of one rule id, for every case of a chunk (small dtypes: the
    event loop is bound by memory traffic, not arithmetic). The fields are rows of the
    chunk's `ClockState` arrays, so that openings of several rules scatter at once."""

    run: Bools
    ver: npt.NDArray[np.int8]
    lim: npt.NDArray[np.int8]
    sev: npt.NDArray[np.int16]  # event type that started it
    start: Days
    end: Days  # base end plus extensions, before paused days
    nex: npt.NDArray[np.int8]
    paused: Days  # days of closed pauses
    pstart: Days  # start of the open pause, -1 if none
    ctx: Days


SLOT_FIELDS = (("run", np.bool_), ("ver", np.int8), ("lim", np.int8), ("sev", np.int16),
               ("start", np.int32), ("end", np.int32), ("nex", np.int8), ("paused", np.int32),
               ("pstart", np.int32), ("ctx", np.int32))


_PRIVATE = mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS


def _zeros(shape: tuple[int, int], dtype: Any) -> npt.NDArray[Any]:
    """Zeroed memory from an anonymous mapping: pages are faulted in (4 KiB at a time)
    only for the rows written. `np.zeros` asks for transparent huge pages above 4 MiB,
    and zeroing 2 MiB pages for every sparse row costs more than the row itself."""
    size = int(np.prod(shape)) * np.dtype(dtype).itemsize
    out: npt.NDArray[Any] = np.frombuffer(mmap.mmap(-1, max(size, 1), flags=_PRIVATE), dtype=dtype,
                                          count=int(np.prod(shape))).reshape(shape)
    return out


class ClockState:
    """Every rule's clock state of a chunk as [slot, case] arrays (pages are only touched
    for the rules in use); `flat[name]` indexes them by `slot * stride + case`."""

    def __init__(self, n_slots: int, n: int) -> None:
        self.n = self.stride = n
        self.full: dict[str, npt.NDArray[Any]] = {
            name: _zeros((n_slots, n), dtype) for name, dtype in SLOT_FIELDS}
        self.arrays = self.full
        self.flat = {name: a.reshape(-1) for name, a in self.full.items()}
        self.used: set[int] = set()

    def reuse(self, n: int) -> ClockState:
        """The same memory for the next chunk of `n` <= `stride` cases (no fresh pages to
        fault in). Only `run` needs clearing: an opening writes every field of its clock,
        and the other fields are only read where `run` is set (or, for `ver`, as an index
        into the slot's own tables, which a value left by that slot is)."""
        run = self.full["run"]
        for s in self.used:
            run[s] = False
        self.used.clear()
        self.n = n
        self.arrays = {name: a[:, :n] for name, a in self.full.items()}
        return self

    def slot(self, s: int) -> Slot:
        """The views of slot `s` (first use in the chunk)."""
        a = self.arrays
        self.used.add(s)
        return Slot(a["run"][s], a["ver"][s], a["lim"][s], a["sev"][s], a["start"][s],
                     a["end"][s], a["nex"][s], a["paused"][s], a["pstart"][s], a["ctx"][s])

