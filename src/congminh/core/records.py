"""Plain records of cases as they travel between files, generators and the database.

The import reads spreadsheet rows into `CaseRecord`s, the demo generator produces them,
and one bulk writer (`congminh.apps.cases.bulk`) stores them, so every path into the
registry validates and deduplicates the same way.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


@dataclass
class EventRecord:
    type: str
    date: dt.date
    data: dict[str, Any] = field(default_factory=dict)
    document: str = ""
    # Code of the body that did the act, when known.
    organisation_code: str = ""


@dataclass
class PartyRecord:
    name: str
    role: str
    birth_year: int | None = None
    in_custody: bool = False


@dataclass
class CaseRecord:
    procedure: str
    title: str
    # Organisation.code of the body holding the case; its number is numbers[0].
    holder_code: str
    # (Organisation.code, that body's case number); the first is the holder's.
    numbers: list[tuple[str, str]]
    category: str = ""
    case_kind: str = ""
    national_security: bool = False
    public_concern: bool = False
    wrongful_conviction_signs: bool = False
    missed_crime_signs: bool = False
    # Why the supervision flags above are set (required when one is): the audit note, as
    # `cases.services.case_flags_set` keeps it.
    flag_reason: str = ""
    summary: str = ""
    parties: list[PartyRecord] = field(default_factory=list)
    events: list[EventRecord] = field(default_factory=list)
