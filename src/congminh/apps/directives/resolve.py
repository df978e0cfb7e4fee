"""Turning assignee names as a document writes them into organisations of the registry.

Never a silent guess: an exact name or alias match (diacritic-insensitive) is taken, a
title read as the body it names ("Giám đốc Sở Tư pháp" is Sở Tư pháp); a collective name
proposes a set the clerk confirms; anything else comes back as candidates for the clerk
to choose from on the review screen: first those of the core's `BodyIndex` (words common
to the registry — the province's name, "tỉnh" — never match alone), else the nearest
names by token overlap. Only an exact name or alias scores 100.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils import timezone
from rapidfuzz import fuzz, process

from congminh.apps.directives.collectives import collectives_matching
from congminh.apps.organisations.models import Organisation, OrganisationAlias
from congminh.apps.organisations.selectors import organisation_by_name
from congminh.core.documents.assignees import Body, BodyIndex, body_named_by
from congminh.core.text import fold

EXACT = "exact"
COLLECTIVE = "collective"
FUZZY = "fuzzy"
UNKNOWN = "unknown"
MIN_SCORE = 60
MAX_CANDIDATES = 6


@dataclass(frozen=True)
class Candidate:
    organisation_id: int
    name: str
    score: int


@dataclass
class Resolution:
    name: str
    kind: str
    candidates: list[Candidate] = field(default_factory=list)
    chosen: list[int] = field(default_factory=list)  # proposed selection, for the form


def _valid_on(qs: QuerySet[Organisation], on: dt.date) -> QuerySet[Organisation]:
    # Tasks go to bodies that exist when they are assigned: after the 2025 merger a 2022
    # directive's "Viện Kiểm sát nhân dân tỉnh" is today's provincial procuracy.
    return qs.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=on),
        Q(valid_to__isnull=True) | Q(valid_to__gte=on),
    )


def bodies_in_existence(province_code: str, on: dt.date | None = None) -> QuerySet[Organisation]:
    """The bodies (of one province, if given) that exist on `on` (default: today)."""
    qs = _valid_on(Organisation.objects.all(), on or timezone.localdate())
    return qs.filter(province_code=province_code) if province_code else qs


_in_province = bodies_in_existence


def _exact(name: str, province_code: str, on: dt.date) -> list[Organisation]:
    found = [o for o in organisation_by_name(name)
             if not province_code or o.province_code == province_code]
    valid = _valid_on(Organisation.objects.filter(pk__in=[o.pk for o in found]), on)
    if valid or not found:
        return list(valid)
    # Only bodies that no longer exist carry this name: offer the bodies that took over.
    return list(_valid_on(Organisation.objects.filter(predecessors__in=found), on).distinct())


def _collective(folded: str, province_code: str, on: dt.date) -> list[Organisation]:
    query = Q(pk__in=[])
    for collective in collectives_matching(folded):
        part = Q(kind__in=collective.kinds)
        if collective.levels:
            part &= Q(level__in=collective.levels)
        query |= part
    return list(_in_province(province_code, on).filter(query).order_by("name"))


def _suggested(name: str, orgs: dict[int, Organisation], aliases: dict[int, list[str]]) -> list[Candidate]:
    index = BodyIndex([Body(str(pk), o.name, tuple(aliases.get(pk, ()))) for pk, o in orgs.items()])
    return [Candidate(int(s.key), s.name, s.score) for s in index.suggest(name, MAX_CANDIDATES)]


def _fuzzy(name: str, province_code: str, on: dt.date) -> list[Candidate]:
    orgs = {o.pk: o for o in _in_province(province_code, on)}
    aliases: dict[int, list[str]] = {}
    for organisation_id, alias in OrganisationAlias.objects.filter(
            organisation_id__in=orgs).values_list("organisation_id", "alias"):
        aliases.setdefault(organisation_id, []).append(alias)
    return _suggested(name, orgs, aliases) or _overlap(fold(name), orgs)


def _overlap(folded: str, orgs: dict[int, Organisation]) -> list[Candidate]:
    # token_set_ratio ranks "Ban cán sự đảng Ủy ban nhân dân tỉnh" nearest to "Ủy ban
    # nhân dân tỉnh Gia Lai"; WRatio let shared filler words ("tỉnh") win.
    texts: dict[tuple[int, int], str] = {(pk, 0): o.name_folded for pk, o in orgs.items()}
    aliases = OrganisationAlias.objects.filter(organisation_id__in=orgs)
    for alias in aliases.values("id", "organisation_id", "alias_folded"):
        texts[(alias["organisation_id"], alias["id"])] = alias["alias_folded"]
    best: dict[int, float] = {}
    for _text, score, key in process.extract(folded, texts, scorer=fuzz.token_set_ratio, limit=None,
                                             score_cutoff=MIN_SCORE):
        best[key[0]] = max(best.get(key[0], 0.0), score)
    ranked = sorted(best.items(), key=lambda item: (-item[1], orgs[item[0]].name))
    # Overlapping words are never an exact name: 100 is kept for those.
    return [Candidate(pk, orgs[pk].name, min(round(s), 99)) for pk, s in ranked[:MAX_CANDIDATES]]


def assignee_resolve(
    name: str, *, province_code: str = "", on: dt.date | None = None
) -> Resolution:
    """Resolve `name` among the bodies that exist on `on` (default: today)."""
    on = on or timezone.localdate()
    exact = _exact(name, province_code, on) or _exact(body_named_by(name), province_code, on)
    if len(exact) == 1:
        org = exact[0]
        return Resolution(name, EXACT, [Candidate(org.pk, org.name, 100)], [org.pk])
    if len(exact) > 1:  # the same alias for two bodies: the clerk picks
        return Resolution(name, FUZZY, [Candidate(o.pk, o.name, 100) for o in exact])
    folded = fold(name)
    members = _collective(folded, province_code, on)
    if members:
        cands = [Candidate(o.pk, o.name, 100) for o in members]
        return Resolution(name, COLLECTIVE, cands, [o.pk for o in members])
    candidates = _fuzzy(name, province_code, on)
    return Resolution(name, FUZZY if candidates else UNKNOWN, candidates)
