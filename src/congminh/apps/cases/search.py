"""Case search: diacritic-insensitive, by whole words, ranked.

A query is folded (`core.text.fold`) and split into words; each word is the run of
tokens (letters and digits) it contains, e.g. «01/2026/HS» is 01 2026 hs. A case matches
when every word is found in its `search_text` (folded title, parties and numbers) as
whole adjacent tokens — the last word, if 2 characters or more, may be the start of a
token, as people type — or when the query is one of its case numbers (any spelling).

Order: an exact match first (a party with exactly this name, or this case number), then
cases where the words follow one another as typed (a phrase), then the rest; within a
rank, the list's usual order.

SQLite answers from the FTS5 index `cases_case_fts` (dbobjects.py); PostgreSQL from the
GIN index of the tokens stored beside the folded column (`search_tokens`: every token of
the words, the last as a prefix), the words' regular expressions then keeping the cases
where a word's tokens follow one another. Both read the same folded column and the same
tokens, so both give the same cases in the same order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import BooleanField, F, Func, IntegerField, Q, QuerySet, Value, When
from django.db.models import Case as CaseWhen
from django.db.models.expressions import RawSQL

from congminh.apps.cases.counts import cached_value
from congminh.apps.cases.dbobjects import FTS, SEARCH_TOKENS
from congminh.apps.cases.models import AgencyNumber, Case, Party
from congminh.core.text import fold, fold_key

# A longer query narrows nothing useful and only makes a bigger statement (a 1,000-word
# search once gave a 500 on SQLite): the words after this many are ignored.
MAX_WORDS = 12
# On SQLite the matches are fetched first when they are few, so the database reads those
# rows by id instead of walking the whole list order testing each row against the index.
FEW = 2000

_TOKEN = re.compile(r"[0-9a-z]+")
_SEP = "[^0-9a-z]+"
_START = "(^|[^0-9a-z])"
_END = "($|[^0-9a-z])"
EXACT, PHRASE, OTHER = 0, 1, 2


@dataclass(frozen=True)
class Query:
    words: tuple[tuple[str, ...], ...]  # each typed word's tokens
    prefix: bool  # the last token may be the start of a token
    folded: str  # the whole query folded (a party's exact name)
    key: str  # the whole query as a case number key

    @property
    def tokens(self) -> tuple[str, ...]:
        return tuple(t for w in self.words for t in w)


def parse(text: str) -> Query | None:
    """The query's words and tokens; None when it has no letter or digit."""
    raw = fold(text).split()[:MAX_WORDS]
    words = tuple(tuple(_TOKEN.findall(w)) for w in raw)
    words = tuple(w for w in words if w)
    if not words:
        return None
    last = [w for w in raw if _TOKEN.search(w)][-1]
    return Query(words=words, prefix=len(last) > 1, folded=" ".join(raw), key=fold_key(" ".join(raw)))


def _fts_phrase(tokens: tuple[str, ...], prefix: bool) -> str:
    return '"' + " ".join(tokens) + '"' + (" *" if prefix else "")


def _regex(tokens: tuple[str, ...], prefix: bool) -> str:
    return _START + _SEP.join(tokens) + ("" if prefix else _END)


def _fts_ids(expr: str) -> RawSQL:
    return RawSQL(f"SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s", [expr])  # noqa: S611 - constant table name


def _last(q: Query, i: int) -> bool:
    return q.prefix and i == len(q.words) - 1


class _TokensMatch(Func):
    """PostgreSQL: the case's stored tokens (`dbobjects.SEARCH_TOKENS`, not a model field)
    hold every token of `tsquery`, named through `search_text`'s column so that the
    table's alias in a subquery applies."""

    output_field = BooleanField()

    def __init__(self, tsquery: str) -> None:
        super().__init__(F("search_text"), Value(tsquery))

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:  # type: ignore[override]
        column, params = compiler.compile(self.source_expressions[0])
        quote = connection.ops.quote_name
        tokens = column.removesuffix(quote("search_text")) + quote(SEARCH_TOKENS)
        query, query_params = compiler.compile(self.source_expressions[1])
        return f"{tokens} @@ ({query})::tsquery", [*params, *query_params]


def _tsquery(q: Query) -> str:
    """Every token of the query, the last as a prefix when typed so; tokens are runs of
    [0-9a-z], which need no quoting beyond the lexeme's quotes. A prefix ending a word of
    several tokens is left to that word's regular expression: the index reads every token
    a prefix starts (the «hs» of «584/2025/TLST-HS», of most criminal cases' numbers:
    37 ms against 20 with the pg_trgm index), where whole tokens skip through each other."""
    parts = [f"'{t}'" for w in q.words for t in w]
    if q.prefix and len(q.words[-1]) > 1:
        parts.pop()
    elif q.prefix:
        parts[-1] += ":*"
    return " & ".join(parts)


def words_q(q: Query) -> Q:
    """Cases whose search text holds every word (whole tokens; the last may be a prefix)."""
    if connection.vendor == "sqlite":
        expr = " AND ".join(_fts_phrase(w, _last(q, i)) for i, w in enumerate(q.words))
        ids = _fts_ids(expr)
        with connection.cursor() as cursor:
            cursor.execute(f"{ids.sql} LIMIT {FEW + 1}", ids.params)
            few = [row[0] for row in cursor.fetchall()]
        return Q(pk__in=few) if len(few) <= FEW else Q(pk__in=ids)
    # The index finds the cases holding every token; a word of several tokens («01/2026/HS»)
    # also needs them adjacent, which its regular expression checks on those cases only.
    cond = Q(_TokensMatch(_tsquery(q)))
    for i, w in enumerate(q.words):
        if len(w) > 1:
            cond &= Q(search_text__regex=_regex(w, _last(q, i)))
    return cond


def phrase_q(q: Query) -> Q:
    """Cases whose search text holds the words one after another, as typed."""
    if connection.vendor == "sqlite":
        return Q(pk__in=_fts_ids(_fts_phrase(q.tokens, q.prefix)))
    return Q(search_text__regex=_regex(q.tokens, q.prefix))


def exact_ids(q: Query) -> set[int]:
    """Cases with a party of exactly this name or a case number of this key (indexed),
    kept per query until a write to any case (a party's name reaches the versions through
    its case's search text, which every party write refreshes; `services.party_add`)."""
    return cached_value(f"exact-ids\x00{q.folded}\x00{q.key}", lambda: _exact_ids(q))


def _exact_ids(q: Query) -> set[int]:
    ids = set(Party.objects.filter(name_folded=q.folded).values_list("case_id", flat=True))
    if q.key:
        ids |= set(AgencyNumber.objects.filter(number_key=q.key).values_list("case_id", flat=True))
    return ids


def case_search(qs: QuerySet[Case], text: str, *, ranked: bool = True) -> QuerySet[Case]:
    """`qs` narrowed to the cases matching `text`; with `ranked`, annotated with
    `search_rank` (EXACT, PHRASE, OTHER) when the ranks can differ, for the list to order
    by first."""
    q = parse(text)
    if q is None:
        return qs
    exact = sorted(exact_ids(q))
    qs = qs.filter(words_q(q) | Q(pk__in=exact) if exact else words_q(q))
    whens = [When(pk__in=exact, then=Value(EXACT))] if exact else []
    if len(q.tokens) > 1:  # one token: every match is a phrase of it
        whens.append(When(phrase_q(q), then=Value(PHRASE)))
    if not ranked or not whens:
        return qs
    return qs.annotate(search_rank=CaseWhen(*whens, default=Value(OTHER), output_field=IntegerField()))
