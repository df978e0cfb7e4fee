"""The rule files quote the law, and the quotes are the law's own words at the place cited.

`texts/*.yaml` hold the verbatim text of every article the rule files cite (from the Bộ
Pháp điển export, see `congminh.core.law.texts`). Each `quote` of a rule file (rule level,
limit row, extension tier) must occur, after NFC and whitespace collapsing, in the stored
text of exactly the article / clause / point that its citation names: the whole article
for a citation without a clause, the whole clause (its points included) for one without
a point, the point alone for a point. A paraphrase, or the right sentence cited to the
wrong clause or point, fails.

Where a rule's citation is known to name the wrong place (the quote holds the right
sentence and the rule's `note` says where it is), the check is an expected failure listed
in `MISPLACED`, strict: once the citation is corrected the check passes, pytest reports the
unexpected pass, and the entry is to be removed.
"""

from __future__ import annotations

from datetime import date
from importlib import resources

import pytest

from congminh.core.law import texts
from congminh.core.law.rules import Citation, Rule, default_rules, load_rule_text

RULE_DIR = resources.files("congminh.core.law").joinpath("rules")

# (rule file, place of the quote) -> where the quoted sentence really is. Each is listed in
# the rule's `note` too; another session corrects the citations (with hand-computed tests).
MISPLACED: dict[tuple[str, str], str] = {
    # BLTTHS Đ.172: k1 has no points; the base limits are one sentence of k1, the points
    # a-d of k2 are the extensions; the national-security tier is k3 (2nd paragraph).
    **{("BLTTHS-172.yaml", f"limits[{i}]"): "Đ.172 k1 không có điểm: thời hạn ở câu duy nhất "
       "của khoản 1" for i in range(5)},
    ("BLTTHS-172.yaml", "limits[3].extensions[4]"): "gia hạn thêm cho tội xâm phạm ANQG ở "
        "đoạn 2 khoản 3 Đ.172, không phải khoản 4",
    # BLTTHS Đ.173: base limits in k1 (no points), extensions in k2 a-d, authority in k3;
    # the VKSNDTC's extra extensions in k5 (national security) and k6 (others).
    **{("BLTTHS-173.yaml", f"limits[{i}]"): "thời hạn tạm giam cơ bản ở khoản 1 Đ.173 (không "
       "có điểm), không phải khoản 2 điểm a-d" for i in range(7)},
    **{("BLTTHS-173.yaml", f"limits[{i}].extensions[0]"): "độ dài gia hạn ở khoản 2 điểm a-d "
       "Đ.173; khoản 3 chỉ quy định thẩm quyền" for i in range(7)},
    ("BLTTHS-173.yaml", "limits[5].extensions[1]"): "gia hạn lần hai ĐBNT ở khoản 2 điểm d "
        "Đ.173; khoản 3 chỉ quy định thẩm quyền",
    ("BLTTHS-173.yaml", "limits[6].extensions[1]"): "gia hạn lần hai ĐBNT ở khoản 2 điểm d "
        "Đ.173; khoản 3 chỉ quy định thẩm quyền",
    ("BLTTHS-173.yaml", "limits[5].extensions[2]"): "gia hạn thêm cho tội xâm phạm ANQG ở "
        "khoản 5 Đ.173, không phải khoản 4",
    ("BLTTHS-173.yaml", "limits[6].extensions[2]"): "gia hạn thêm cho ĐBNT không xâm phạm "
        "ANQG ở khoản 6 Đ.173, không phải khoản 4",
    # BLTTHS Đ.277: the durations are in the opening sentence of k1; its points are the
    # decisions (a-c, no d); the 15 days after a court return are in k2.
    **{("BLTTHS-277.yaml", f"limits[{i}]"): "thời hạn ở câu mở đầu khoản 1 Đ.277; các điểm "
       "a-c là các quyết định" for i in range(4)},
    **{("BLTTHS-277.yaml", f"limits[{i}].extensions[0]"): "gia hạn ở đoạn cuối khoản 1 "
       "Đ.277, không thuộc điểm nào" for i in range(4)},
    ("BLTTHS-277-RETURN.yaml", "rule"): "15 ngày sau khi nhận lại hồ sơ ở khoản 2 Đ.277",
    # BLTTHS Đ.346: k1 has no points; the 45/75-day decisions are k2.
    ("BLTTHS-346.yaml", "limits[0]"): "Đ.346 k1 không có điểm",
    ("BLTTHS-346.yaml", "limits[1]"): "Đ.346 k1 không có điểm",
    ("BLTTHS-346-DECISION.yaml", "limits[0]"): "45 ngày ở khoản 2 Đ.346",
    ("BLTTHS-346-DECISION.yaml", "limits[1]"): "75 ngày ở khoản 2 Đ.346",
    # BLTTDS.
    ("BLTTDS-106.yaml", "rule"): "15 ngày ở khoản 1 (đương sự yêu cầu) và khoản 3 (Tòa án "
        "yêu cầu) Đ.106; khoản 2 không có thời hạn",
    ("BLTTDS-203.yaml", "limits[0].extensions[0]"): "gia hạn ở đoạn cuối khoản 1 Đ.203, "
        "không thuộc điểm a",
    ("BLTTDS-203.yaml", "limits[1].extensions[0]"): "gia hạn ở đoạn cuối khoản 1 Đ.203, "
        "không thuộc điểm b",
    **{("BLTTDS-507.yaml", place): "thời hạn giải quyết tố cáo ở Đ.512; Đ.507 là thủ tục giải "
       "quyết khiếu nại lần hai" for place in ("rule", "limits[0].extensions[0]")},
    # Luật TTHC, Luật THADS, Luật GĐTP.
    **{("LTTHC-130-HEARING.yaml", place): "thời hạn mở phiên tòa ở Đ.149; Đ.130 k3 là gia hạn "
       "chuẩn bị xét xử" for place in ("rule", "limits[0].extensions[0]")},
    ("LTTHC-221.yaml", "limits[0].extensions[0]"): "gia hạn 30 ngày ở khoản 2 Đ.221",
    ("THADS-142.yaml", "limits[0]"): "thời hạn giải quyết khiếu nại ở Đ.146; Đ.142 quy định "
        "thẩm quyền",
    ("THADS-142.yaml", "limits[1]"): "thời hạn giải quyết khiếu nại ở Đ.146; Đ.142 quy định "
        "thẩm quyền",
    ("GDTP-26A.yaml", "limits[0]"): "thời hạn tối đa ở khoản 3 Đ.26a, không phải khoản 1",
    ("GDTP-26A.yaml", "limits[1]"): "thời hạn tối đa ở khoản 3 Đ.26a, không phải khoản 1",
    ("GDTP-26A.yaml", "limits[0].extensions[0]"): "gia hạn ở đoạn 2 khoản 3 Đ.26a, không "
        "phải khoản 2",
    ("GDTP-26A.yaml", "limits[1].extensions[0]"): "gia hạn ở đoạn 2 khoản 3 Đ.26a, không "
        "phải khoản 2",
    ("GDTP-26A-REFUSAL.yaml", "rule"): "05 ngày làm việc ở Đ.24 khoản 2 điểm d; Đ.26a không "
        "quy định từ chối",
}


def _rule_files() -> list[tuple[str, Rule]]:
    names = sorted(f.name for f in RULE_DIR.iterdir() if f.name.endswith(".yaml"))
    return [(n, load_rule_text(RULE_DIR.joinpath(n).read_text("utf-8"), n)) for n in names]


RULES = _rule_files()


def _sites(rule: Rule) -> list[tuple[str, Citation]]:
    """(place, citation) of every quote the rule's file gives: rule level, limit rows that
    carry their own, tiers. A limit that only inherits the rule's quote is the rule's."""
    out = [("rule", rule.citation)] if rule.citation.quote else []
    for i, limit in enumerate(rule.limits):
        inherited = limit.citation == rule.citation and limit.citation.quote == rule.citation.quote
        if limit.citation.quote and not inherited:
            out.append((f"limits[{i}]", limit.citation))
        for j, tier in enumerate(limit.extensions):
            if tier.citation.quote:
                out.append((f"limits[{i}].extensions[{j}]", tier.citation))
    return out


def cited_text(citation: Citation) -> str:
    """The stored text of exactly the article, clause or point `citation` names."""
    assert citation.article is not None
    return texts.clause_text(citation.law, citation.article, citation.clause, citation.point)


def _quote_params() -> list[object]:
    params: list[object] = []
    for name, rule in RULES:
        for place, citation in _sites(rule):
            reason = MISPLACED.get((name, place))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            params.append(pytest.param(citation, id=f"{name}:{place}", marks=marks))
    return params


@pytest.mark.parametrize("citation", _quote_params())
def test_quote_is_verbatim_at_the_place_cited(citation: Citation) -> None:
    assert citation.quote is not None
    try:
        text = cited_text(citation)
    except texts.TextNotFound as exc:
        pytest.fail(f"{citation.text()}: {exc}")
    assert texts.contains(text, citation.quote), (
        f"not in {citation.text()}:\n  quote: {citation.quote}\n  text:  {texts.normalize(text)}")


def test_every_misplaced_entry_names_a_quote() -> None:
    sites = {(name, place) for name, rule in RULES for place, _ in _sites(rule)}
    assert set(MISPLACED) <= sites, sorted(set(MISPLACED) - sites)


def _unquoted() -> list[str]:
    """Places (limit rows, tiers) of rules with a confirmed article that have no quote.
    A rule whose article is not confirmed (`article: null`, a law not yet in the stored
    texts) cannot be quoted yet and is left out."""
    out = []
    for name, rule in RULES:
        if rule.citation.article is None:
            continue
        for i, limit in enumerate(rule.limits):
            if not limit.citation.quote:
                out.append(f"{name}:limits[{i}]")
            out.extend(f"{name}:limits[{i}].extensions[{j}]"
                       for j, tier in enumerate(limit.extensions) if not tier.citation.quote)
    return out


UNQUOTED = _unquoted()


@pytest.mark.xfail(bool(UNQUOTED), strict=False, reason=(
    f"{len({u.split(':')[0] for u in UNQUOTED})} rule files, {len(UNQUOTED)} limits/tiers "
    "without a quote yet"))
def test_every_limit_and_tier_has_a_quote() -> None:
    assert not UNQUOTED, "\n".join(UNQUOTED)


def _cited_articles() -> list[object]:
    seen: dict[tuple[str, str], None] = {}
    for _, rule in RULES:
        for limit in rule.limits:
            for cit in (rule.citation, limit.citation, *(t.citation for t in limit.extensions)):
                if cit.article is not None:
                    seen[(cit.law, cit.article)] = None
    params: list[object] = []
    for law, number in seen:
        marks = []
        if texts.has_text(law) and number in texts.law_text(law).missing:
            marks = [pytest.mark.xfail(strict=True, reason=(
                f"{law} Điều {number} không có trong bản xuất Pháp điển"))]
        params.append(pytest.param(law, number, id=f"{law} Điều {number}", marks=marks))
    return params


@pytest.mark.parametrize(("law", "number"), _cited_articles())
def test_every_cited_article_is_stored(law: str, number: str) -> None:
    art = texts.article(law, number)
    assert art.title and art.full_text()
    assert art.origin.startswith(f"Điều {number} ")


def test_every_cited_clause_and_point_exists() -> None:
    """A citation may name the wrong clause (see MISPLACED) but not one the article lacks,
    except where listed here."""
    absent = set()
    for name, rule in RULES:
        for limit in rule.limits:
            for cit in (rule.citation, limit.citation, *(t.citation for t in limit.extensions)):
                if cit.article is None:
                    continue
                try:
                    cited_text(cit)
                except texts.TextNotFound:
                    absent.add((name, cit.text()))
    # Points cited that the article does not have (the rules' notes say so).
    assert absent == {
        *(("BLTTHS-172.yaml", f"BLTTHS 2015 Điều 172 khoản 1 điểm {p}") for p in "abcd"),
        *(("BLTTHS-173.yaml", f"BLTTHS 2015 Điều 173 khoản 3 điểm {p}") for p in "cd"),
        ("BLTTHS-277.yaml", "BLTTHS 2015 Điều 277 khoản 1 điểm d"),
        *(("BLTTHS-346.yaml", f"BLTTHS 2015 Điều 346 khoản 1 điểm {p}") for p in "ab"),
        *(("BLTTHS-346-DECISION.yaml", f"BLTTHS 2015 Điều 346 khoản 1 điểm {p}") for p in "ab"),
    }


def test_counting_articles_are_stored() -> None:
    assert "ngày làm việc đầu tiên tiếp theo" in texts.clause_text("BLTTHS 2015", 134, 1)
    assert "Bộ luật dân sự" in texts.clause_text("BLTTDS 2015", 183)
    assert "không được tính" in texts.clause_text("BLDS 2015", 147, 2)
    assert "ngày nghỉ cuối tuần" in texts.clause_text("BLDS 2015", 148, 5)


def test_stored_texts_name_their_source_and_are_normalised() -> None:
    laws = texts.all_texts()
    assert {law.code for law in laws} >= {"BLTTHS 2015", "BLTTDS 2015", "Luật TTHC 2015",
                                          "Luật THADS 2008", "Luật GĐTP 2012 (sửa đổi 2020)",
                                          "BLDS 2015"}
    for law in laws:
        assert law.source.repository == "diepxuan/diepxuan.github.io"
        assert law.source.path.startswith("van-ban/")
        assert len(law.source.commit) == 40
        assert law.retrieved == "2026-12-02"
        for art in law.articles.values():
            paragraphs = [art.text, *(c.text for c in art.clauses),
                          *(c.text_after_points for c in art.clauses),
                          *(p.text for c in art.clauses for p in c.points)]
            for para in filter(None, paragraphs):
                for line in para.split("\n"):
                    assert line == texts.normalize(line), (law.code, art.number)


def test_lookup_by_alias_and_errors() -> None:
    assert texts.article("bltths", 172) is texts.article("BLTTHS 2015", "172")
    assert texts.law_text("Luật GĐTP").code == "Luật GĐTP 2012 (sửa đổi 2020)"
    assert texts.article("Luật THADS 2008", 45).amended_by == "Điều 1 Luật số 64/2014/QH13"
    assert texts.clause_text("BLTTHS 2015", 172, 2, "a").startswith("a) Đối với tội phạm ít")
    with pytest.raises(texts.TextNotFound, match="không lưu Điều 999"):
        texts.article("BLTTHS 2015", 999)
    with pytest.raises(texts.TextNotFound, match="không có khoản 9"):
        texts.clause_text("BLTTHS 2015", 172, 9)
    with pytest.raises(texts.TextNotFound, match="không có điểm e"):
        texts.clause_text("BLTTHS 2015", 172, 2, "e")
    with pytest.raises(texts.TextNotFound):
        texts.law_text("Luật THADS 106/2025/QH15")


def test_the_check_rejects_a_wrong_clause_and_a_paraphrase() -> None:
    right = Citation("BLTTHS 2015", "333", "1", quote=(
        "Thời hạn kháng cáo đối với bản án sơ thẩm là 15 ngày kể từ ngày tuyên án."))
    assert texts.contains(cited_text(right), right.quote or "")
    wrong_clause = Citation("BLTTHS 2015", "333", "2", quote=right.quote)
    assert not texts.contains(cited_text(wrong_clause), right.quote or "")
    paraphrase = "Thời hạn kháng cáo bản án sơ thẩm là 15 ngày kể từ ngày tuyên án."
    assert not texts.contains(cited_text(right), paraphrase)
    # A quote of the clause's opening is not in one of its points.
    chapeau = "Trong thời hạn 30 ngày đối với tội phạm ít nghiêm trọng"
    assert texts.contains(texts.clause_text("BLTTHS 2015", 277, 1), chapeau)
    assert not texts.contains(texts.clause_text("BLTTHS 2015", 277, 1, "a"), chapeau)


def test_loader_keeps_quotes_where_they_belong() -> None:
    rules = default_rules()
    rule = rules.get("BLTTHS-333", date(2024, 1, 1))
    # A limit without a citation of its own rests on the rule's quote.
    assert rule.citation.quote and rule.limits[0].citation.quote == rule.citation.quote
    # A tier has only its own quote, and a narrowed citation never carries the wider one.
    tiered = rules.get("BLTTHS-118", date(2024, 1, 1))
    assert tiered.limits[0].citation.quote == tiered.citation.quote
    assert tiered.limits[0].extensions[0].citation.quote not in (None, tiered.citation.quote)
    assert Citation("X", "1", quote="q").merged({"clause": 2}).quote is None
    # The quote is not part of what a citation is: equal places are equal citations.
    assert Citation("X", "1", quote="q") == Citation("X", "1")
