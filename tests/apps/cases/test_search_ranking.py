"""Case search at province scale (issue #12.3): whole words with the diacritics folded,
an exact name or number first, then the words as typed, then the rest; the index follows
every write path. Runs on SQLite (FTS5) and PostgreSQL (the stored tokens' GIN index) alike."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from congminh.apps.cases import dbobjects, services
from congminh.apps.cases.models import Case
from congminh.apps.cases.search import MAX_WORDS, parse
from congminh.apps.cases.selectors import CaseFilters, case_list

D = dt.date


def listed(user: Any, query: str, **filters: Any) -> list[int]:
    return list(case_list(user=user, filters=CaseFilters(query=query, **filters))
                .values_list("pk", flat=True))


@pytest.fixture
def namesakes(make_case: Any, users: dict[str, Any]) -> dict[str, Case]:
    """Cases whose people share words with «Nguyễn Ngọc Nga»; the exact namesake's case
    is the oldest, so the list's usual order (latest event first) would put it last."""
    made = {}
    for key, title, number, day in [
        ("exact", "Tranh chấp hợp đồng vay tài sản", "01/2026/TLST-DS", D(2026, 1, 5)),
        ("phrase", "Ly hôn giữa Nguyễn Ngọc Ngân và Trần Văn Tư", "02/2026/TLST-HNGĐ", D(2026, 2, 5)),
        ("scattered", "Đòi nợ giữa Nguyễn Văn Ngọc và Lê Thị Nga", "03/2026/TLST-DS", D(2026, 3, 5)),
        ("other", "Tranh chấp đất giữa Nguyễn Ngọc Lan và Phạm Văn Hùng", "04/2026/TLST-DS", D(2026, 4, 5)),
    ]:
        made[key] = make_case(title=title, number=number, events=[("accepted", day, {})])
    services.party_add(actor=users["admin"], case=made["exact"], name="Nguyễn Ngọc Nga", role="plaintiff")
    return made


def test_exact_name_first_then_phrase_then_the_rest(
    namesakes: dict[str, Case], users: dict[str, Any]
) -> None:
    pk = {k: c.pk for k, c in namesakes.items()}
    expected = [pk["exact"], pk["phrase"], pk["scattered"]]
    assert listed(users["admin"], "Nguyễn Ngọc Nga") == expected
    assert listed(users["admin"], "nguyen ngoc nga") == expected  # typed without diacritics
    assert listed(users["officer_a"], "NGUYỄN NGỌC NGA") == expected  # the holder's officer
    # The usual order (latest event first) comes back without a query.
    assert listed(users["admin"], "")[:4] == [pk["other"], pk["scattered"], pk["phrase"], pk["exact"]]


def test_a_chosen_sort_wins_over_the_rank(namesakes: dict[str, Case], users: dict[str, Any]) -> None:
    pk = {k: c.pk for k, c in namesakes.items()}
    assert listed(users["admin"], "nguyen ngoc nga", sort="number") == [pk["exact"], pk["phrase"], pk["scattered"]]
    assert listed(users["admin"], "nguyen ngoc nga", sort="-number") == [pk["scattered"], pk["phrase"], pk["exact"]]


def test_a_case_number_comes_first(make_case: Any, users: dict[str, Any]) -> None:
    wanted = make_case(title="Trộm cắp tài sản", number="15/2026/HSST", events=[("accepted", D(2026, 1, 2), {})])
    mention = make_case(title="Kháng cáo bản án 15 2026 HSST của vụ trộm cắp", number="99/2026/HSPT",
                        events=[("accepted", D(2026, 5, 2), {})])
    assert listed(users["admin"], "15/2026/HSST") == [wanted.pk, mention.pk]
    assert listed(users["admin"], "152026hsst") == [wanted.pk]  # the key alone: only the number


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("nguyen van a", False),  # a one-letter last word is a whole word: not «Anh»
        ("nguyen van an", True),  # 2+ letters: the start of «Anh», as people type
        ("van anh nguyen", True),  # every word, in any order
        ("nguyen anh", True),
        ("guyen van anh", False),  # whole words: not the inside of one
        ("nguyen xyz", False),
        ("Nguyễn-Văn-Anh", True),  # punctuation separates words
    ],
)
def test_whole_words_last_one_a_prefix(query: str, found: bool, make_case: Any, users: dict[str, Any]) -> None:
    case = make_case(title="Tranh chấp giữa Nguyễn Văn Anh và công ty Bình Minh")
    assert (case.pk in listed(users["admin"], query)) is found


def test_search_stays_inside_the_scope(namesakes: dict[str, Case], make_case: Any, users: dict[str, Any]) -> None:
    elsewhere = make_case(holder="court_b", title="Nguyễn Ngọc Nga khởi kiện", number="05/2026/TLST-DS")
    assert elsewhere.pk in listed(users["admin"], "nguyen ngoc nga")
    assert elsewhere.pk not in listed(users["officer_a"], "nguyen ngoc nga")
    assert set(listed(users["officer_b"], "nguyen ngoc nga")) == {elsewhere.pk}


def test_the_index_follows_edits_parties_numbers_and_deletion(
    make_case: Any, users: dict[str, Any], orgs: dict[str, Any]
) -> None:
    case = make_case(title="Tranh chấp quyền sử dụng đất")
    admin = users["admin"]
    services.case_update(actor=admin, case=case, title="Tranh chấp thừa kế nhà ở")
    assert listed(admin, "thua ke") == [case.pk]
    assert listed(admin, "quyen su dung") == []
    services.party_add(actor=admin, case=case, name="Đỗ Thị Huệ", role="plaintiff")
    assert listed(admin, "do thi hue") == [case.pk]
    services.agency_number_add(actor=admin, case=case, organisation=orgs["procuracy"], number="VKS 77/2026")
    assert listed(admin, "vks 77") == [case.pk]
    Case.objects.filter(pk=case.pk).update(search_text="mot van ban khac")  # a raw write path
    assert listed(admin, "van ban khac") == [case.pk]
    assert listed(admin, "thua ke") == []
    Case.objects.filter(pk=case.pk).delete()
    assert listed(admin, "van ban khac") == []


@pytest.mark.parametrize(("query", "found"), [
    ("5e23xz vu", True), ("5e23 vu", False), ("5e2", True), ("xz", False),  # one token, not «5e23» + «xz»
    ("1e63e4", True), ("e4", False), ("0x1f", True), ("12/2026/qd-e5", True), ("2026 e5", True),
    ("12/2026/e5", False),  # the tokens of a word stay adjacent
])
def test_tokens_are_runs_of_letters_and_digits(query: str, found: bool, make_case: Any,
                                               users: dict[str, Any]) -> None:
    """PostgreSQL's text parser reads «5e23xz» as the number «5e23» and the word «xz»;
    the stored tokens are the runs of letters and digits, as SQLite's tokenizer and the
    words' regular expressions read them."""
    case = make_case(title="Vụ 5e23xz 1e63e4 0x1f", number="12/2026/QĐ-E5")
    assert (case.pk in listed(users["admin"], query)) is found


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the tokens' GIN index is PostgreSQL's")
def test_postgresql_probes_the_token_index(make_case: Any, users: dict[str, Any]) -> None:
    """A search word is looked up in the GIN index of the stored tokens (migration 0011),
    not rechecked case by case against every case holding its trigrams."""
    case = make_case(title="Tranh chấp giữa Nguyễn Văn Anh và Lê Thị Hoa", number="15/2026/HSST")
    qs = case_list(user=users["admin"], filters=CaseFilters(query="15/2026/HSST nguyen"))
    sql, params = qs.query.sql_with_params()
    assert '"search_tokens" @@' in sql
    assert list(qs.values_list("pk", flat=True)) == [case.pk]
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'cases_case'")
        indexes = {row[0] for row in cursor.fetchall()}
        cursor.execute("SET LOCAL enable_seqscan = off")  # a handful of rows: a seq scan wins otherwise
        cursor.execute("EXPLAIN SELECT id FROM cases_case WHERE search_tokens @@ %s::tsquery", ["'nguyen'"])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "cases_case_search_tokens" in indexes and "cases_case_search_trgm" not in indexes
    assert "cases_case_search_tokens" in plan


def test_a_very_long_query_is_cut_not_an_error(client: Client, make_case: Any, users: dict[str, Any]) -> None:
    case = make_case(title="Tranh chấp giữa Nguyễn Văn Anh và Lê Thị Hoa")
    words = "nguyen van anh le thi hoa " + " ".join(["tranh"] * 1000)
    parsed = parse(words)
    assert parsed is not None and len(parsed.words) == MAX_WORDS
    assert listed(users["admin"], words) == [case.pk]
    client.force_login(users["admin"])
    assert client.get(reverse("web:case_list"), {"q": words}).status_code == 200
    assert client.get(reverse("web:case_list"), {"q": "\"* OR NEAR( -:^"}).status_code == 200


def test_only_punctuation_searches_nothing_out(make_case: Any, users: dict[str, Any]) -> None:
    case = make_case()
    assert parse("  -- / ") is None
    assert listed(users["admin"], " -- / ") == [case.pk]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 index exists on SQLite only")
def test_a_rebuilt_table_gets_its_index_back(make_case: Any, users: dict[str, Any]) -> None:
    """SQLite drops a table's triggers when a migration rebuilds the table: `ensure`
    (run after every migrate) re-creates them and rebuilds the index."""
    case = make_case(title="Tranh chấp quyền sử dụng đất")
    with connection.cursor() as cursor:
        for name in dbobjects.SQLITE_FTS_TRIGGERS:
            cursor.execute(f"DROP TRIGGER {name}")
    Case.objects.filter(pk=case.pk).update(search_text="hop dong thue nha")
    dbobjects.ensure(connection)
    assert listed(users["admin"], "thue nha") == [case.pk]
    assert listed(users["admin"], "quyen su dung") == []
