"""A synthetic nation written directly as national exchange exports (no database).

    generate_nation(out_dir, provinces=34, cases=SCALES["S"], seed=2026) -> [manifest, ...]

One export directory per province, `OUT/<code>/`, each with its Parquet partitions and
`manifest.json` (contract §3), so `congminh national verify OUT/<code>` accepts it and
`congminh national evaluate OUT/*` reads it. The provinces are the 34 of today
(`vietnam_provinces`), in code order; each holds `cases` lawful histories from
`synthetic.generate` (the law sweep's generator), turned into exchange rows with Arrow
(vectorised: an event's `details` JSON is written once per distinct combination of fields).

Bounded memory: a province is generated `BLOCK` cases at a time, each block appended to
its year partitions. Deterministic: the same seed gives the same files, byte for byte (the
instants are fixed, not the clock's). No parties or obligations are generated (the
national computation reads cases and events; obligations are what it computes).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from congminh.core.law.bulk.columns import (
    CASE_KIND_CODES,
    CATEGORY_CODES,
    EPOCH,
    EVENT_CODES,
    FIELD_VALUES,
    LEVEL_VALUES,
    PROCEDURE_CODES,
    UNIT_CODES,
    CaseColumns,
)
from congminh.core.law.events import EVENT_TYPES, STAGES, stage_after

from .columnar import empty_lists, indices, labels
from .manifest import build_manifest, write_manifest
from .pseudonyms import Pseudonymiser
from .synthetic import generate
from .tables import SCHEMAS
from .writer import ExportWriter

# Cases per province: XS and S as the single-province demo (`congminh demo generate`);
# P as a province's share of the nation's ~7 million open and recent cases.
SCALES = {"XS": 200, "S": 5_000, "P": 200_000}
BLOCK = 1 << 20  # cases generated at once: bounds the generator's memory
GENERATOR = "congminh demo generate-nation"
# The export's instants: fixed, so that a seed gives the same files.
EXPORTED_AT = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
# The pseudonymisation the manifest declares (no person is exported by the generator).
DEMO_KEY = b"congminh-demo-nation"
_UNIX = (EPOCH - dt.date(1970, 1, 1)).days
_DAY_US = 86_400 * 1_000_000

# The body holding a case at each stage (its latest event with one of these stages).
BODY_KINDS = ("investigation_agency", "procuracy", "court", "enforcement_office")
_STAGE_BODY = {"crime_report": 0, "investigation": 0, "supplementary_investigation": 0,
               "prosecution": 1, "trial_preparation": 2, "trial": 2, "appeal": 2,
               "enforcement": 3}
_STAGES: tuple[str | None, ...] = (None, *sorted(STAGES))
_BODY_NAMES = ("Cơ quan CSĐT Công an", "Viện kiểm sát nhân dân", "Tòa án nhân dân",
               "Cơ quan thi hành án dân sự")
_BODY_CODES = ("CSDT", "VKS", "TA", "THADS")


@dataclass(frozen=True)
class Province:
    code: str
    name: str

    def body(self, kind: int) -> str:
        return f"{_BODY_CODES[kind]}-{self.code}"


def provinces(count: int) -> list[Province]:
    """The first `count` of today's 34 provinces, by code («01» Hà Nội first)."""
    from vietnam_provinces import Province as Known

    known = sorted(Known.iter_all(), key=lambda p: int(p.code.value))
    if not 1 <= count <= len(known):
        raise ValueError(f"a nation has 1 to {len(known)} provinces, not {count}")
    return [Province(f"{int(p.code.value):02d}", p.name) for p in known[:count]]


def province_names() -> dict[str, str]:
    """Every province's name by code."""
    from vietnam_provinces import Province as Known

    return {p.code: p.name for p in provinces(len(list(Known.iter_all())))}


def generate_nation(out_dir: Path, *, provinces_count: int = 34, cases: int = SCALES["S"],
                    seed: int = 2026) -> list[dict[str, Any]]:
    """Write the nation under `out_dir` (one export per province); their manifests."""
    return [generate_province(out_dir / p.code, p, cases=cases, seed=seed, index=i)
            for i, p in enumerate(provinces(provinces_count))]


def generate_province(out_dir: Path, province: Province, *, cases: int, seed: int,
                      index: int = 0) -> dict[str, Any]:
    writer = ExportWriter(out_dir, province.code)
    writer.add("organisations", None, _bodies(province))
    next_event = 1
    for first_case, cols in province_columns(cases=cases, seed=seed, index=index):
        for year, (case_rows, event_rows) in _tables(cols, province, first_case, next_event).items():
            writer.add_table("cases", year, case_rows)
            writer.add_table("events", year, event_rows)
        next_event += len(cols.ev_type)
    manifest = build_manifest(province=province.code, since=None, until=EXPORTED_AT,
                              created_at=EXPORTED_AT, generator=GENERATOR,
                              pseudonymiser=Pseudonymiser(DEMO_KEY, province.code),
                              files=writer.close())
    write_manifest(out_dir, manifest)
    return manifest


def province_columns(*, cases: int, seed: int, index: int) -> Iterator[tuple[int, CaseColumns]]:
    """The histories of the `index`-th province, block by block: (first case id, columns).
    The cases of a block are numbered from its first case id, in column order."""
    for block, lo in enumerate(range(0, cases, BLOCK)):
        block_seed = int(np.random.SeedSequence([seed, index, block]).generate_state(1)[0])
        yield lo + 1, generate(min(BLOCK, cases - lo), block_seed)


def _bodies(province: Province) -> list[dict[str, Any]]:
    place = province.name if province.name.startswith("Thành phố") else f"tỉnh {province.name}"
    return [{"code": province.body(k), "name": f"{_BODY_NAMES[k]} {place}", "short_name": None,
             "kind": kind, "level": "province", "parent": None, "province_code": province.code,
             "admin_unit_code": province.code, "valid_from": None, "valid_to": None,
             "predecessors": []} for k, kind in enumerate(BODY_KINDS)]


def _dates(days: npt.NDArray[Any]) -> pa.Array[Any]:
    return pa.array(days.astype(np.int32) + _UNIX, pa.int32()).view(pa.date32())


def _instants(days: npt.NDArray[Any]) -> pa.Array[Any]:
    micros = (days.astype(np.int64) + _UNIX) * _DAY_US
    return pa.array(micros, pa.int64()).view(pa.timestamp("us", tz="UTC"))


def _details(cols: CaseColumns) -> pa.Array[Any]:
    """Each event's fields but its type and date as JSON, built once per distinct combination
    (`CaseColumns.event` is the one reading of the columns as contract fields)."""
    key = np.zeros(len(cols.ev_type), dtype=np.int64)
    parts: list[tuple[npt.NDArray[Any], int]] = [
        (cols.ev_len, 1 << 15), (cols.ev_unit, len(UNIT_CODES)),
        *((cols.field_column(n), len(v)) for n, v in FIELD_VALUES.items()),
        (cols.ev_ground, len(cols.grounds) + 1), (cols.ev_level, len(LEVEL_VALUES))]
    for column, size in parts:
        key = key * size + column
    _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    texts = []
    for i in first.tolist():
        fields = {k: v for k, v in cols.event(i).items() if k not in ("type", "date")}
        texts.append(json.dumps(fields, ensure_ascii=False, sort_keys=True))
    return pc.take(pa.array(texts, pa.string()), indices(inverse))


def _holders(cols: CaseColumns) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Per case: the body kind holding it (`BODY_KINDS`) and the stage code (`_STAGES`)
    its history leads to (`stage_after`, as the province computes it: a resumed case goes
    back to its stage, a trial after the appeal court received the file is the appellate
    trial)."""
    body_of_type = np.array([_STAGE_BODY.get(EVENT_TYPES[t].stage or "", -1) for t in EVENT_CODES])
    starts = cols.ev_offsets[:-1]
    positions = np.arange(len(cols.ev_type))
    # the latest event (position) of each case whose stage names a holder
    held = np.maximum.reduceat(np.where(body_of_type[cols.ev_type] >= 0, positions, -1), starts)
    return body_of_type[cols.ev_type[held]], _stage_codes(cols)


def _stage_codes(cols: CaseColumns) -> npt.NDArray[np.int64]:
    """`stage_after` of each case's event types, computed once per distinct sequence (the
    generator's histories share a few thousand shapes): the sequences padded to one width
    and grouped by `np.unique` over their bytes."""
    counts = np.diff(cols.ev_offsets)
    none = len(EVENT_CODES)
    padded = np.full((cols.n_cases, int(counts.max(initial=0))), none, dtype=np.uint8)
    row = np.repeat(np.arange(cols.n_cases), counts)
    padded[row, np.arange(len(cols.ev_type)) - np.repeat(cols.ev_offsets[:-1], counts)] = cols.ev_type
    shapes, inverse = np.unique(padded.view(f"V{padded.shape[1]}").ravel(), return_inverse=True)
    codes = [_STAGES.index(stage_after(EVENT_CODES[t] for t in shape.tobytes() if t != none) or None)
             for shape in shapes]
    return np.array(codes, dtype=np.int64)[inverse]


def _tables(cols: CaseColumns, province: Province, first_case: int,
            first_event: int) -> dict[int, tuple[pa.Table, pa.Table]]:
    """The block's `cases` and `events` rows, per year of the case's first event."""
    n, counts = cols.n_cases, np.diff(cols.ev_offsets)
    first_day, last_day = cols.ev_day[cols.ev_offsets[:-1]], cols.ev_day[cols.ev_offsets[1:] - 1]
    body, stage = _holders(cols)
    holder = labels([province.body(k) for k in range(len(BODY_KINDS))], body)
    closed = np.array([_STAGES[s] == "closed" for s in range(len(_STAGES))])[stage]
    no = pa.array(np.zeros(n, dtype=np.bool_))
    created = _instants(first_day)
    case_ids = np.arange(first_case, first_case + n, dtype=np.int64)
    cases = pa.Table.from_arrays([
        pa.array(case_ids), labels(PROCEDURE_CODES, cols.procedure),
        labels(CATEGORY_CODES, cols.category), labels(CASE_KIND_CODES, cols.case_kind),
        pa.array(cols.national_security), holder, labels(_STAGES, stage), _dates(first_day),
        _dates(last_day), pc.if_else(pa.array(closed), _dates(last_day), pa.scalar(None, pa.date32())),
        no, no, pa.nulls(n, pa.string()), pa.nulls(n, pa.string()), pa.nulls(n, pa.date32()),
        pa.nulls(n, pa.date32()), empty_lists(n, pa.string()),
        empty_lists(n, SCHEMAS["cases"].field("numbers").type.value_type),
        pa.array(np.zeros(n, dtype=np.int32)), created, _instants(last_day), no,
    ], schema=SCHEMAS["cases"])
    case_of_event = np.repeat(np.arange(n), counts)
    m = len(case_of_event)
    recorded = _instants(cols.ev_day)
    events = pa.Table.from_arrays([
        pa.array(np.arange(first_event, first_event + m, dtype=np.int64)),
        pa.array(case_ids[case_of_event]), pa.repeat("recorded", m).cast(pa.string()),
        labels(EVENT_CODES, cols.ev_type), _dates(cols.ev_day), _details(cols),
        pc.take(holder, indices(case_of_event)), pa.nulls(m, pa.int64()),
        pa.repeat("demo", m).cast(pa.string()), pa.nulls(m, pa.string()), recorded,
        pa.nulls(m, pa.timestamp("us", tz="UTC")), recorded,
    ], schema=SCHEMAS["events"])
    years = (first_day.astype("timedelta64[D]") + np.datetime64(EPOCH, "D")).astype(
        "datetime64[Y]").astype(np.int64) + 1970
    out = {}
    for year in np.unique(years).tolist():
        mine = years == year
        out[int(year)] = (cases.filter(pa.array(mine)), events.filter(pa.array(mine[case_of_event])))
    return out
