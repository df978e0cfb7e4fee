"""The Arrow schemas of the national exchange (docs/exchange.md, contract §3): one home.

Every table is a list of `Column`s (name, Arrow type, nullable, meaning in English); the
Arrow schema a file must have (`SCHEMAS`) and the column tables of docs/exchange.md
(`markdown_tables`, checked against the document by a test) are both built from here, so
the code and the contract cannot drift.

Files are partitioned Hive-style: `TABLE/province=CODE/year=YYYY/part-0.parquet` (the
`organisations` snapshot: `organisations/province=CODE/part-0.parquet`). The partition
keys live in the path, not in the file (`PARTITIONS`).
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

# `major.minor`: a new column is a new minor version (`Column.added`); a reader reads
# every minor version of its major, a column an older file lacks read as null.
SCHEMA_VERSION = "1.1"
FORMAT = "congminh-national-exchange"


@dataclass(frozen=True)
class Column:
    name: str
    type: pa.DataType
    nullable: bool
    meaning: str
    # the schema version that added it: files of an older version lack it (read as null,
    # so a column added after 1.0 is nullable)
    added: str = "1.0"


_TS = pa.timestamp("us", tz="UTC")
_NUMBER = pa.struct([pa.field("organisation", pa.string(), nullable=False),
                     pa.field("number", pa.string(), nullable=False)])

TABLES: dict[str, tuple[Column, ...]] = {
    "cases": (
        Column("case_id", pa.int64(), False,
               "the case's id in the province's system; with the province, the key of the case"),
        Column("procedure", pa.string(), False,
               "`criminal`, `civil`, `administrative` or `enforcement` (contract §1)"),
        Column("category", pa.string(), True, "criminal: the crime category (contract §1)"),
        Column("case_kind", pa.string(), True, "civil and administrative: the kind of case"),
        Column("national_security", pa.bool_(), False, "criminal: a national security case"),
        Column("holder", pa.string(), False, "code of the body holding the case (`organisations.code`)"),
        Column("stage", pa.string(), True, "the stage it is in (`docs/events.md`)"),
        Column("opened_on", pa.date32(), True, "date of its first event"),
        Column("last_event_on", pa.date32(), True, "date of its latest event"),
        Column("closed_on", pa.date32(), True, "date it ended"),
        Column("public_concern", pa.bool_(), False, "flagged: strong public concern"),
        Column("wrongful_conviction_signs", pa.bool_(), False,
               "flagged: signs of wrongful conviction"),
        Column("status", pa.string(), True,
               "status the province last computed (contract §1 vocabulary)"),
        Column("status_reason", pa.string(), True,
               "for an `awaiting` case, what it waits for; else null"),
        Column("next_due", pa.date32(), True, "earliest due date of its open clocks"),
        Column("status_as_of", pa.date32(), True, "the day `status` and `next_due` were computed for"),
        Column("flags", pa.list_(pa.string()), False,
               "the engine's flags (`backlog`, `prolonged`, ...)"),
        Column("numbers", pa.list_(_NUMBER), False,
               "the case's numbers at each body: `organisation` code and `number`"),
        Column("parties", pa.int32(), False, "how many parties it has (see `parties`)"),
        Column("created_at", _TS, False, "when the case was first recorded (UTC)"),
        Column("updated_at", _TS, False, "when its record last changed (UTC)"),
        Column("missed_crime_signs", pa.bool_(), True,
               "flagged: signs of a crime let slip (bỏ lọt tội phạm); added in 1.1, "
               "null in files of 1.0 (read as not flagged)", added="1.1"),
    ),
    "parties": (
        Column("case_id", pa.int64(), False, "the case (`cases.case_id`)"),
        Column("party_id", pa.int64(), False, "the party's id in the province's system"),
        Column("role", pa.string(), False,
               "`suspect`, `accused`, `defendant`, `victim`, `plaintiff`, `respondent`, "
               "`related`, `creditor` or `debtor`"),
        Column("person", pa.string(), False,
               "pseudonym of the person (see Pseudonymisation); never the name"),
        Column("in_custody", pa.bool_(), False, "held in custody"),
    ),
    "events": (
        Column("event_id", pa.int64(), False, "the event's id in the province's system"),
        Column("case_id", pa.int64(), False, "the case (`cases.case_id`)"),
        Column("kind", pa.string(), False,
               "`recorded` (a new event), `correction` (a new event replacing "
               "`supersedes_id`) or `withdrawal` (the event `event_id` is withdrawn)"),
        Column("type", pa.string(), False, "the event type (`docs/events.md`)"),
        Column("date", pa.date32(), False, "the event's date"),
        Column("details", pa.string(), False,
               "the event's fields as a JSON object (contract §1), persons pseudonymised"),
        Column("organisation", pa.string(), True, "code of the acting body"),
        Column("supersedes_id", pa.int64(), True, "a correction: the event it replaces"),
        Column("source", pa.string(), False, "`manual`, `import`, `api` or `demo`"),
        Column("document", pa.string(), True, "number and symbol of the decision recorded"),
        Column("recorded_at", _TS, False, "when the event was recorded (UTC)"),
        Column("withdrawn_at", _TS, True, "when it was withdrawn (UTC), if it was"),
        Column("changed_at", _TS, False,
               "the instant of this row's change: `recorded_at`, or `withdrawn_at` for a "
               "`withdrawal`; the incremental rule reads it"),
    ),
    "obligations": (
        Column("case_id", pa.int64(), False, "the case (`cases.case_id`)"),
        Column("kind", pa.string(), False, "kind of obligation (contract §1)"),
        Column("holder", pa.string(), False, "the kind of body that owes it (contract §1)"),
        Column("rule", pa.string(), False, "the rule's id (`core/law/rules/`)"),
        Column("basis", pa.string(), False, "legal basis (code, article, clause)"),
        Column("title", pa.string(), True, "the clock's name, in Vietnamese"),
        Column("subject", pa.string(), True,
               "the request it concerns, or the pseudonym of the person it concerns"),
        Column("start", pa.date32(), False, "the day the clock started"),
        Column("due", pa.date32(), True, "due date"),
        Column("max_due", pa.date32(), True, "due date after every extension the law allows"),
        Column("status", pa.string(), False, "`on_time`, `due_soon`, `overdue`, `paused`, ..."),
        Column("extensions_used", pa.int16(), False, "extensions granted"),
        Column("extensions_left", pa.int16(), False, "extensions still allowed"),
        Column("as_of", pa.date32(), False, "the day the province computed it for"),
    ),
    "organisations": (
        Column("code", pa.string(), False, "the body's code (the key)"),
        Column("name", pa.string(), False, "its name"),
        Column("short_name", pa.string(), True, "its short name"),
        Column("kind", pa.string(), False, "`court`, `procuracy`, ... (glossary)"),
        Column("level", pa.string(), False, "`central`, `province`, `region`, `district`, `commune`"),
        Column("parent", pa.string(), True, "code of the body above it"),
        Column("province_code", pa.string(), True,
               "today's province whose territory it serves (null: central)"),
        Column("admin_unit_code", pa.string(), True, "administrative unit code"),
        Column("valid_from", pa.date32(), True, "first day it exists"),
        Column("valid_to", pa.date32(), True, "last day it exists"),
        Column("predecessors", pa.list_(pa.string()), False, "codes of the bodies it replaced"),
    ),
}

# The partition keys of each table, in path order (`key=value` directories).
PARTITIONS: dict[str, tuple[str, ...]] = {
    "cases": ("province", "year"),
    "parties": ("province", "year"),
    "events": ("province", "year"),
    "obligations": ("province", "year"),
    "organisations": ("province",),
}

SCHEMAS: dict[str, pa.Schema] = {
    table: pa.schema([pa.field(c.name, c.type, nullable=c.nullable) for c in columns])
    for table, columns in TABLES.items()
}

EVENT_KINDS = ("recorded", "correction", "withdrawal")


def _version(text: str) -> tuple[int, int]:
    major, minor = text.split(".")
    return int(major), int(minor)


def schema_of_version(table: str, version: str) -> pa.Schema:
    """The Arrow schema a file of `table` written by `version` (same major) has: the
    columns added up to that minor version (a newer minor's file may hold more).

    >>> "missed_crime_signs" in schema_of_version("cases", "1.0").names
    False
    >>> schema_of_version("cases", "1.1").equals(SCHEMAS["cases"])
    True
    """
    wanted = _version(version)
    return pa.schema([SCHEMAS[table].field(c.name) for c in TABLES[table] if _version(c.added) <= wanted])


def partition_path(table: str, province: str, year: int | None) -> str:
    """The file of one partition, relative to the export's directory.

    >>> partition_path("events", "52", 2026)
    'events/province=52/year=2026/part-0.parquet'
    >>> partition_path("organisations", "52", None)
    'organisations/province=52/part-0.parquet'
    """
    parts = [table, f"province={province}"]
    if "year" in PARTITIONS[table]:
        parts.append(f"year={year}")
    return "/".join([*parts, "part-0.parquet"])


def type_name(data_type: pa.DataType) -> str:
    """The Arrow type as the contract's tables write it.

    >>> type_name(pa.list_(pa.string()))
    'list<string>'
    >>> type_name(pa.timestamp("us", tz="UTC"))
    'timestamp[us, UTC]'
    """
    if pa.types.is_list(data_type):
        return f"list<{type_name(data_type.value_type)}>"
    if pa.types.is_struct(data_type):
        inner = ", ".join(f"{f.name}: {type_name(f.type)}" for f in data_type)
        return f"struct<{inner}>"
    if pa.types.is_timestamp(data_type):
        return f"timestamp[{data_type.unit}, {data_type.tz}]"
    return str(data_type)


def markdown_tables() -> str:
    """The column tables of docs/exchange.md, generated from `TABLES`."""
    out: list[str] = []
    for table, columns in TABLES.items():
        keys = ", ".join(f"`{k}`" for k in PARTITIONS[table])
        out += [f"### `{table}` (partitioned by {keys})", "",
                "| column | Arrow type | null | meaning |", "|---|---|---|---|"]
        out += [f"| `{c.name}` | `{type_name(c.type)}` | {'yes' if c.nullable else 'no'} | "
                f"{c.meaning} |" for c in columns]
        out.append("")
    return "\n".join(out)
