"""Collective assignee names ("Các sở, ban, ngành", "các huyện ủy, thị ủy, thành ủy")
and the kinds of bodies they stand for. The clerk confirms the resulting set on the
review screen; this table only proposes it. Patterns match folded text (no diacritics).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Collective:
    pattern: re.Pattern[str]
    kinds: tuple[str, ...]
    levels: tuple[str, ...] = ()  # empty: any level


JUDICIAL_KINDS = ("police", "investigation_agency", "procuracy", "court", "enforcement_office")

COLLECTIVES: tuple[Collective, ...] = (
    Collective(re.compile(r"\bso,? ban,? nganh\b|\bcac so\b"), ("department",)),
    Collective(
        re.compile(r"\b(huyen|thi|thanh) uy\b.*\b(thi|thanh) uy\b|\bdang uy truc thuoc\b"),
        ("party_committee",), ("district", "region", "commune"),
    ),
    Collective(re.compile(r"\bcac co quan tu phap\b"), JUDICIAL_KINDS, ("province",)),
    Collective(re.compile(r"\buy ban nhan dan cac cap\b"), ("peoples_committee",)),
)


def collectives_matching(folded_name: str) -> list[Collective]:
    """The collectives a folded assignee name mentions (several for a long list)."""
    return [c for c in COLLECTIVES if c.pattern.search(folded_name)]
