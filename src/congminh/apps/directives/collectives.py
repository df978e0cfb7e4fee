"""Collective assignee names ("Các sở, ban, ngành", "các huyện ủy, thị ủy, thành ủy",
"UBND các huyện, thị xã, thành phố") and the kinds of bodies they stand for. The set is
read among the bodies that exist on the day of the review; the clerk confirms it once on
the review screen (one tick per name); this table only proposes it. Patterns match
folded text (no diacritics).
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
    Collective(re.compile(r"\b(?:uy ban nhan dan|ubnd) cac cap\b"), ("peoples_committee",)),
    # "UBND các huyện, thị xã, thành phố" of a plan written before 01/7/2025: the districts
    # are gone, so today it means the communes' People's Committees that took their work.
    Collective(
        re.compile(r"\b(?:uy ban nhan dan|ubnd) cac (?:huyen|thi xa|xa|phuong|dia phuong)\b"),
        ("peoples_committee",), ("district", "commune"),
    ),
)


def collectives_matching(folded_name: str) -> list[Collective]:
    """The collectives a folded assignee name mentions (several for a long list)."""
    return [c for c in COLLECTIVES if c.pattern.search(folded_name)]
