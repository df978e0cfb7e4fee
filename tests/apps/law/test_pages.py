"""The law pages: every rule the engine loaded, in Vietnamese, for any signed-in user."""

from __future__ import annotations

import dataclasses
import html
import re
from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from congminh.apps.law import presenters
from congminh.core.case_events import EVENT_TYPES
from congminh.core.law.events import CATEGORY_VI
from congminh.core.law.labels import HOLDER_VI
from congminh.core.law.rules import RuleSet, default_rules
from congminh.core.text import fold

IDENTIFIER = re.compile(r"\b[a-z]+_[a-z0-9_]+\b|None|True|False")
ROW = re.compile(r'<tr data-rule="([^"]+)" data-confidence="([VMI])"')
ROW_VERSION = re.compile(r'<tr data-rule="([^"]+)" data-confidence="[VMI]" data-from="([0-9-]+)">')
LIST = reverse("law:list")


def visible_text(body: str) -> str:
    """What a person reads: scripts and styles dropped, tags stripped, entities decoded."""
    text = re.sub(r"(?s)<(script|style)[^>]*>.*?</\1>", " ", body)
    return html.unescape(re.sub(r"<[^>]+>", " ", text))


def listed(client: Any, query: str = "") -> list[tuple[str, str]]:
    """(rule id, confidence) of every row of the list, page after page."""
    out: list[tuple[str, str]] = []
    for page in range(1, 20):
        body = client.get(f"{LIST}?{query}&page={page}").content.decode()
        out += ROW.findall(body)
        if f"page={page + 1}" not in body:
            return out
    raise AssertionError("the list never ends")


@pytest.fixture
def reader(client: Any, orgs: dict[str, Any]) -> Any:
    """A viewer: the lowest role reads the law pages too (a login without "_", which the
    header shows and the identifier check would flag)."""
    from congminh.apps.accounts.models import User

    client.force_login(User.objects.create_user(username="docluat", organisation=orgs["court_a"],
                                                role="viewer"))
    return client


def test_list_shows_every_rule(reader: Any) -> None:
    rules = default_rules()
    rows = listed(reader)
    assert len(rows) == len(rules.all())  # one row per rule version
    assert {rule_id for rule_id, _ in rows} == set(rules.ids())
    text = ""
    for page in range(1, len(rows) // 25 + 2):
        text += visible_text(reader.get(f"{LIST}?page={page}").content.decode())
    for rule in rules.all():
        assert rule.title in text and rule.citation.text() in text
    assert f"{len(rules.all())} quy định" in text
    # Limits in words, validity in dd/mm/yyyy
    assert "2 tháng; gia hạn 1 lần, tối đa 1 tháng" in text  # BLTTDS Đ.203 k1b
    assert "20 ngày" in text and "Từ 01/01/2018" in text
    assert "Chưa xác nhận (cần luật sư kiểm tra)" in text and "Đã xác nhận" in text


def versions(client: Any, query: str = "") -> list[Any]:
    """The rule version of every row of the list, page after page (`data-from`)."""
    out: list[Any] = []
    rules = default_rules()
    for page in range(1, 20):
        body = client.get(f"{LIST}?{query}&page={page}").content.decode()
        out += [rules.get(r, date.fromisoformat(d)) for r, d in ROW_VERSION.findall(body)]
        if f"page={page + 1}" not in body:
            return out
    raise AssertionError("the list never ends")


def test_unconfirmed_and_inferred_rules_come_first(reader: Any) -> None:
    # By default: rules unconfirmed or inferred as a whole (none at present: every rule file
    # quotes its law), then confirmed rules with an unconfirmed row, tier or start, then the
    # rest; the count of each kind as the rule files give it.
    shown = versions(reader)
    assert len(shown) == len(default_rules().all())
    order = [(presenters.CONFIDENCE_ORDER[r.confidence], not presenters._less_sure(r)) for r in shown]
    assert order == sorted(order)
    partly = [r for r in shown if r.confidence == "V" and presenters._less_sure(r)]
    assert partly and shown.index(partly[-1]) < len(shown) - 1
    assert all(r.confidence in {"M", "I"} for r in shown[:shown.index(partly[0])])


@pytest.mark.parametrize("sort", ["code", "-code", "title", "-title", "article", "confidence",
                                  "-confidence"])
def test_sorting(reader: Any, sort: str) -> None:
    rules = {rule.id: rule for rule in default_rules().all()}
    rows = listed(reader, f"sort={sort}")
    assert len(rows) == len(default_rules().all())
    key = sort.removeprefix("-")
    values: list[Any]
    if key == "code":
        values = [rule_id for rule_id, _ in rows]
    elif key == "title":
        values = [fold(rules[rule_id].title) for rule_id, _ in rows]
    elif key == "confidence":
        values = [presenters.CONFIDENCE_ORDER[conf] for _, conf in rows]
    else:  # each row's own version: a rule changed by a new law cites another article
        values = [(fold(r.citation.law), presenters._article_key(r.citation))
                  for r in versions(reader, f"sort={sort}")]
    assert values == sorted(values, reverse=sort.startswith("-"))


def test_sorting_by_article_orders_the_articles_of_one_law(reader: Any) -> None:
    rows = listed(reader, "sort=article&procedure=criminal")
    articles = []
    for rule_id, _ in rows:
        citation = default_rules().versions_of(rule_id)[0].citation
        if citation.law == "BLTTHS 2015" and citation.article is not None:
            articles.append(int(citation.article))
    assert articles == sorted(articles) and articles[0] == 118


def test_filters_and_counts(reader: Any) -> None:
    everything = default_rules().all()
    civil = listed(reader, "procedure=civil")
    assert {r for r, _ in civil} == {r.id for r in everything if "civil" in r.procedures}
    assert "GDTP-26A" in {r for r, _ in civil}  # expertise serves every procedure
    for code in ("V", "M", "I"):
        assert sorted(listed(reader, f"confidence={code}")) == sorted(
            (r.id, code) for r in everything if r.confidence == code)
    both = listed(reader, "procedure=enforcement&confidence=V")
    assert both and all(conf == "V" for _, conf in both)
    assert all("enforcement" in default_rules().versions_of(r)[0].procedures for r, _ in both)
    # The counts at the top link to the filtered list and say how many it holds.
    body = reader.get(LIST).content.decode()
    for code in ("V", "M", "I"):
        n = sum(1 for r in everything if r.confidence == code)
        assert re.search(rf'href="{LIST}\?confidence={code}">\s*<span class="label">[^<]+</span>'
                         rf'\s*<span class="num">{n}</span>', body)
    for code in ("criminal", "civil", "administrative", "enforcement"):
        n = sum(1 for r in everything if code in r.procedures)
        assert re.search(rf'href="{LIST}\?procedure={code}"[^>]*>[^<]+\({n}\)</a>', body)


def test_search_finds_rules_by_their_words_without_marks(reader: Any) -> None:
    """«tam giam» (typed without marks) finds the detention rules by title; a quoted
    passage, a rule code and a citation are searched too; the filters still apply."""
    everything = default_rules().all()
    found = {r for r, _ in listed(reader, "q=tam+giam")}
    assert "BLTTHS-173" in found
    assert {r.id for r in everything if "tam giam" in fold(r.title)} <= found
    assert len(found) < len({r.id for r in everything})
    assert {r for r, _ in listed(reader, "q=blttds-203")} >= {"BLTTDS-203", "BLTTDS-203-HEARING"}
    quoted = "áp giải người bị giữ"  # in its quote only
    assert "BLTTHS-118" in {r for r, _ in listed(reader, "q=" + quoted.replace(" ", "+"))}
    assert not [r for r, _ in listed(reader, "q=tam+giam&procedure=civil")]
    body = reader.get(LIST + "?q=khong-co-tu-nay").content.decode()
    assert 'name="q"' in body and "khong-co-tu-nay" in body and "<tr data-rule" not in body
    assert "stat current" not in body  # «all rules» is not what a search shows


def test_a_bad_filter_or_sort_shows_every_rule(reader: Any) -> None:
    assert len(listed(reader, "procedure=maritime&sort=nonsense")) == len(default_rules().all())


def test_rule_page_shows_citation_limits_and_events(reader: Any) -> None:
    text = visible_text(reader.get(reverse("law:detail", args=["BLTTHS-172"])).content.decode())
    assert "Thời hạn điều tra" in text
    assert "BLTTHS 2015 Điều 172 khoản 1 · Luật số 101/2015/QH13" in " ".join(text.split())
    assert "BLTTHS 2015 Điều 172 khoản 3" in text  # the VKSNDTC's further extensions
    assert "BLTTHS 2015 Điều 172 khoản 2 điểm b" in text  # its extension's
    assert "Tội phạm nghiêm trọng" in text and "3 tháng" in text
    assert "Tội phạm đặc biệt nghiêm trọng và xâm phạm an ninh quốc gia" in text
    assert "Tối đa 8 tháng kể cả các lần gia hạn." in text
    assert "Viện kiểm sát khu vực/cấp tỉnh" in text
    assert EVENT_TYPES["case_instituted"].label_vi in text  # starts
    assert EVENT_TYPES["investigation_concluded"].label_vi in text  # ends
    assert "Thời hạn điều tra khi phục hồi điều tra" in text  # restart rule, linked
    assert reverse("law:detail", args=["BLTTHS-174-1"]) in reader.get(
        reverse("law:detail", args=["BLTTHS-172"])).content.decode()

    custody = visible_text(reader.get(reverse("law:detail", args=["BLTTHS-173"])).content.decode())
    assert "2 tháng (30 ngày/tháng)" in custody
    assert "Ngày xảy ra sự kiện được tính là ngày đầu tiên" in custody
    assert "Tính theo Điều 134 khoản 1 BLTTHS: thời hạn tạm giữ, tạm giam hết vào ngày" in custody
    assert "trừ khi: lệnh tạm giam để truy tố" in custody

    returns = visible_text(reader.get(reverse("law:detail", args=["BLTTHS-174-2"])).content.decode())
    assert "tối đa 2 lần trong một vụ án" in returns
    assert "Hồ sơ do Tòa án trả lại, khi chuẩn bị xét xử (Thẩm phán chủ tọa)" in returns


def test_rule_page_says_a_restated_limit_runs_from_the_start(reader: Any) -> None:
    """BLTTDS 2015 Đ.203 k4: «trường hợp có lý do chính đáng thì thời hạn này là 02 tháng» —
    the longer limit is 2 months from the decision, not 1 month added to the first due date."""
    text = " ".join(visible_text(
        reader.get(reverse("law:detail", args=["BLTTDS-203-HEARING"])).content.decode()).split())
    assert "thời hạn được kéo dài thành 2 tháng tính từ ngày bắt đầu" in text
    plain = " ".join(visible_text(
        reader.get(reverse("law:detail", args=["BLTTDS-203"])).content.decode()).split())
    assert "tính từ ngày bắt đầu" not in plain  # Đ.203 k1: a true extension («gia hạn»)


@pytest.mark.parametrize(("rule_id", "shown"), [
    # BLTTDS 2015 Đ.286 k2: 01 tháng kể từ ngày có quyết định đưa vụ án ra xét xử, 02 tháng
    # nếu có lý do chính đáng (the whole limit from the decision).
    ("BLTTDS-286-HEARING", ["Thời hạn mở phiên tòa phúc thẩm (dân sự)", "BLTTDS 2015 Điều 286 khoản 2",
                            "Tòa án phải mở phiên tòa phúc thẩm",
                            "thời hạn được kéo dài thành 2 tháng tính từ ngày bắt đầu"]),
    # Luật TTHC 2015 Đ.221 k3: the same in 30 and 60 days.
    ("LTTHC-221-HEARING", ["Thời hạn mở phiên tòa phúc thẩm (hành chính)",
                           "Luật TTHC 2015 Điều 221 khoản 3", "thời hạn này là 60 ngày",
                           "thời hạn được kéo dài thành 60 ngày tính từ ngày bắt đầu"]),
])
def test_appellate_hearing_rules_are_listed_and_shown(reader: Any, rule_id: str,
                                                      shown: list[str]) -> None:
    assert (rule_id, "V") in listed(reader, "procedure=" + default_rules().get(
        rule_id, date(2026, 1, 30)).procedures[0])
    text = " ".join(visible_text(
        reader.get(reverse("law:detail", args=[rule_id])).content.decode()).split())
    for part in shown:
        assert part in text
    # It starts on the decision taken once the appellate court has the file.
    assert "Tòa án cấp phúc thẩm đã nhận hồ sơ" in text


def test_criminal_appellate_hearing_rule_is_listed_and_shown(reader: Any) -> None:
    """BLTTHS 2015 Đ.346 k3: 15 days from the decision to bring the appeal to trial, no
    longer limit; its start condition and ends read as the appellate court's."""
    assert ("BLTTHS-346-HEARING", "V") in listed(reader, "procedure=criminal")
    text = " ".join(visible_text(reader.get(reverse(
        "law:detail", args=["BLTTHS-346-HEARING"])).content.decode()).split())
    for part in ["BLTTHS 2015 Điều 346 khoản 3", "15 ngày",
                 "Trong thời hạn 15 ngày kể từ ngày ra quyết định đưa vụ án ra xét xử, Tòa án phải "
                 "mở phiên tòa phúc thẩm.",
                 "chỉ khi: ở cấp phúc thẩm (Tòa án cấp phúc thẩm đã nhận hồ sơ)"]:
        assert part in text
    assert "Tuyên án" in text and "Tuyên án sơ thẩm" not in text


@pytest.mark.parametrize(("rule_id", "judgment"), [
    ("BLTTHS-346", "Tuyên án"), ("BLTTDS-286-HEARING", "Tuyên án"),
    ("LTTHC-221-HEARING", "Tuyên án"), ("BLTTHS-277-HEARING", "Tuyên án sơ thẩm"),
])
def test_the_judgment_ending_a_clock_is_named_for_its_instance(reader: Any, rule_id: str,
                                                               judgment: str) -> None:
    body = reader.get(reverse("law:detail", args=[rule_id])).content.decode()
    ends = visible_text(body.split("Kết thúc khi", 1)[1].split("</ul>", 1)[0]).split("\n")
    assert judgment in [line.strip() for line in ends]


def test_the_first_instance_hearing_clock_is_not_the_appellate_ones(reader: Any) -> None:
    text = " ".join(visible_text(reader.get(reverse(
        "law:detail", args=["BLTTHS-277-HEARING"])).content.decode()).split())
    assert "trừ khi: ở cấp phúc thẩm (Tòa án cấp phúc thẩm đã nhận hồ sơ)" in text


def test_rule_page_shows_the_ministries_limits_per_kind_of_expertise(reader: Any) -> None:
    """Luật GĐTP Đ.26a k3 đoạn 2: the rows of GDTP-26A per field and kind of matter, each with
    its circular, its confidence and the extension capped at half its own maximum."""
    text = " ".join(visible_text(
        reader.get(reverse("law:detail", args=["GDTP-26A"])).content.decode()).split())
    assert ("Giám định trong lĩnh vực pháp y, giám định độc chất, mô bệnh học, ADN 20 ngày "
            "tối đa 10 ngày · Cơ quan trưng cầu giám định") in text
    # Điều 2 of the circular is stored verbatim: the row shows the quote, not «Chưa xác nhận».
    assert ("Thông tư 13/2022/TT-BYT Điều 2 khoản 2 điểm b Không quá 20 ngày đối với các "
            "trường hợp giám định độc chất") in text
    assert "Giám định trong lĩnh vực văn hóa, giám định sản phẩm văn hóa 2 tháng" in text
    assert ("Thông tư 08/2019/TT-BVHTTDL Điều 6a khoản 1 Thời hạn giám định tối đa là 02 tháng"
            in text)
    assert "Các trường hợp còn lại 3 tháng" in text
    assert "TT 13/2022/TT-BYT Đ.2 k2b: pháp y độc chất" in text  # the hand-computed rows


def test_rule_page_lists_its_versions_by_date(reader: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr("congminh.apps.law.views.timezone.localdate", lambda: date(2026, 3, 1))
    text = " ".join(visible_text(
        reader.get(reverse("law:detail", args=["THADS-45"])).content.decode()).split())
    assert "Từ 01/07/2015 đến 30/06/2026 đang có hiệu lực" in text
    assert "Từ 01/07/2026 chưa có hiệu lực" in text
    assert "Luật THADS 2008 Điều 45 khoản 1" in text
    assert "Luật THADS 2025 Điều 36 khoản 1" in text
    assert "THADS-45@2026-07-01.yaml" in text  # the file a lawyer edits
    pending = " ".join(visible_text(
        reader.get(reverse("law:detail", args=["GDTP-26A"])).content.decode()).split())
    assert "Thay đổi pháp luật chưa được xác nhận. Từ 01/07/2026:" in pending


def test_rule_page_shows_the_quote_when_the_rule_carries_one(reader: Any, monkeypatch: Any) -> None:
    words = "Thời hạn điều tra vụ án hình sự không quá 02 tháng đối với tội phạm ít nghiêm trọng"
    rules = default_rules()
    rule = rules.versions_of("BLTTHS-172")[0]
    citation = dataclasses.replace(rule.citation)
    object.__setattr__(citation, "quote", words)  # the shape `quote:` loads into
    quoted = dataclasses.replace(rule, citation=citation)
    patched = RuleSet([quoted if r is rule else r for r in rules.all()])
    monkeypatch.setattr("congminh.apps.law.views.default_rules", lambda: patched)
    body = reader.get(reverse("law:detail", args=["BLTTHS-172"])).content.decode()
    assert f'<blockquote class="quote">{words}</blockquote>' in body
    assert "chưa có trích dẫn nguyên văn" not in visible_text(body)


def test_unknown_rule_is_not_found(reader: Any) -> None:
    assert reader.get(reverse("law:detail", args=["BLTTHS-999"])).status_code == 404


@pytest.mark.parametrize("url", [LIST, reverse("law:detail", args=["BLTTHS-172"])])
def test_anonymous_is_sent_to_login(client: Any, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 302 and reverse("web:login") in response["Location"]


def test_menu_links_to_the_law_pages(reader: Any) -> None:
    body = reader.get(reverse("web:dashboard")).content.decode()
    assert '<a href="/law/">Căn cứ pháp lý</a>' in body


def test_no_english_identifier_in_the_visible_text(reader: Any) -> None:
    urls = [f"{LIST}?page={n}" for n in (1, 2, 3)]
    urls += [f"{LIST}?procedure={p}&confidence={c}&sort=-title"
             for p in ("criminal", "civil", "administrative", "enforcement") for c in "VMI"]
    urls += [reverse("law:detail", args=[rule_id]) for rule_id in default_rules().ids()]
    found = {}
    for url in urls:
        response = reader.get(url)
        assert response.status_code == 200, url
        hits = IDENTIFIER.findall(visible_text(response.content.decode()))
        if hits:
            found[url] = sorted(set(hits))
    assert found == {}


def test_every_code_of_the_rule_files_has_a_vietnamese_name() -> None:
    """A new stage, kind, holder, event or condition in a rule file needs its name first."""
    for rule in default_rules().all():
        assert rule.stage in presenters.STAGE_LABELS, rule.id
        assert rule.kind in presenters.KIND_LABELS, rule.id
        assert rule.per in presenters.PER_LABELS, rule.id
        assert rule.holder in HOLDER_VI, rule.id
        events = {s.event for s in rule.starts} | rule.ends | set(rule.end_when)
        events |= rule.suspend_events | rule.resume_events | set(rule.reclassify)
        assert events <= set(EVENT_TYPES), rule.id
        whens = [lim.when for lim in rule.limits] + [s.when for s in rule.starts]
        whens += [group for s in rule.starts for group in s.unless]
        whens += [*rule.end_when.values(), *rule.reclassify.values()]
        for when in whens:
            for key, value in when.items():
                if isinstance(value, list) and set(value) <= {None, False}:
                    assert (key, False) in presenters.BOOL_PHRASES, (rule.id, key)
                    continue
                for one in value if isinstance(value, list) else [value]:
                    if isinstance(one, bool):
                        assert (key, one) in presenters.BOOL_PHRASES, (rule.id, key, one)
                    elif key == "category":
                        assert one in CATEGORY_VI, (rule.id, one)
                    else:
                        assert key in presenters.CONDITION_PHRASES, (rule.id, key)
                        assert key == "procedure" or (key, one) in presenters.VALUE_LABELS, (
                            rule.id, key, one)


def test_every_quote_the_rules_carry_is_shown(reader: Any) -> None:
    """The article's words (`quote:` in the rule files) beside each citation, where a rule,
    a limit row or an extension carries them (none before the quotes are filled in)."""
    rules = default_rules()
    for rule_id in rules.ids():
        quotes = set()
        for rule in rules.versions_of(rule_id):
            cits = [rule.citation, *(lim.citation for lim in rule.limits)]
            cits += [tier.citation for lim in rule.limits for tier in lim.extensions]
            quotes |= {" ".join(q.split()) for c in cits if (q := getattr(c, "quote", None))}
        if quotes:
            text = " ".join(visible_text(
                reader.get(reverse("law:detail", args=[rule_id])).content.decode()).split())
            assert all(q in text for q in quotes), rule_id


def test_rule_page_shows_its_hand_computed_examples_and_the_engines_answer(reader: Any) -> None:
    # BLTTHS Đ.477 k1: Mon 2/3/2026 + 7 days = Mon 9/3; Fri 24/4 + 7 = Fri 1/5, kept (Đ.134 k1).
    body = visible_text(reader.get(reverse("law:detail", args=["BLTTHS-477"])).content.decode())
    assert "Ví dụ tính tay" in body
    assert "09/03/2026" in body and "01/05/2026" in body
    assert "✗" not in body and body.count("✓ khớp") >= 4


def test_an_example_the_engine_does_not_meet_is_shown_as_differing(reader: Any, monkeypatch: Any) -> None:
    from congminh.core.law import examples as ex

    wrong = dataclasses.replace(ex.examples_by_rule()["BLTTHS-477"][0], due=date(2026, 3, 10))
    monkeypatch.setattr(presenters, "examples_by_rule", lambda: {"BLTTHS-477": [wrong]})
    body = visible_text(reader.get(reverse("law:detail", args=["BLTTHS-477"])).content.decode())
    assert "✗ không khớp 09/03/2026" in " ".join(body.split())
    assert "10/03/2026" in body


def test_simplified_procedure_decisions_read_as_stages_not_detention_orders(reader: Any) -> None:
    """BLTTHS 2015 Đ.460 k1: 20 days from the institution, started by the decision to apply
    the simplified procedure during the investigation; Đ.458: Đ.172 again from the
    cancellation. The stage condition is the case's stage, not a detention order's."""
    text = " ".join(visible_text(
        reader.get(reverse("law:detail", args=["BLTTHS-460"])).content.decode()).split())
    assert "Quyết định áp dụng thủ tục rút gọn" in text
    assert "chỉ khi: ghi trong giai đoạn điều tra" in text
    assert "tính từ ngày của sự kiện gần nhất trước đó: Khởi tố vụ án" in text
    ordinary = " ".join(visible_text(
        reader.get(reverse("law:detail", args=["BLTTHS-172"])).content.decode()).split())
    assert "Hủy bỏ quyết định áp dụng thủ tục rút gọn" in ordinary
    assert "lệnh tạm giam" not in ordinary


def test_an_unconfirmed_start_is_marked_with_its_reason(reader: Any) -> None:
    """BLTTDS 2015 Đ.322 k2 does not say whose receipt of a simplified judgment starts the
    higher Procuracy's 10 days: the start is [M], its reason beside it, and the rule is
    listed as partly unconfirmed; a start as sure as its rule carries no mark."""
    text = " ".join(visible_text(
        reader.get(reverse("law:detail", args=["BLTTDS-322-PROTEST-HIGHER"])).content.decode()).split())
    assert "Chưa xác nhận" in text
    assert "mà không nói Viện kiểm sát nào nhận" in text
    rule = default_rules().get("BLTTDS-322-PROTEST-HIGHER", date(2026, 3, 1))
    assert presenters.rule_row(rule, date(2026, 3, 1)).partly_unconfirmed
    plain = default_rules().get("BLTTDS-322-PROTEST", date(2026, 3, 1))
    assert not presenters.rule_row(plain, date(2026, 3, 1)).partly_unconfirmed


def test_detention_for_the_appellate_trial_is_named(reader: Any) -> None:
    """BLTTHS 2015 Đ.459 k3: «trong giai đoạn xét xử phúc thẩm không quá 22 ngày»."""
    text = " ".join(visible_text(
        reader.get(reverse("law:detail", args=["BLTTHS-459"])).content.decode()).split())
    assert "để xét xử phúc thẩm" in text and "22 ngày" in text


def test_rule_page_quotes_the_counting_and_suspension_basis(reader: Any) -> None:
    # Custody day 1 rests on TTLT 04/2018 Đ.17 k2; a resumed prosecution on BLTTHS Đ.249 k4.
    custody = " ".join(visible_text(
        reader.get(reverse("law:detail", args=["BLTTHS-173"])).content.decode()).split())
    assert ("TTLT 04/2018/TTLT-VKSNDTC-BCA-BQP Điều 17 khoản 2: «thời hạn tạm giam được tính theo "
            "ngày, bắt đầu kể từ ngày cuối cùng của thời hạn tạm giữ") in custody
    prosecution = " ".join(visible_text(
        reader.get(reverse("law:detail", args=["BLTTHS-240"])).content.decode()).split())
    assert "BLTTHS 2015 Điều 249 khoản 4: «Thời hạn quyết định việc truy tố khi phục hồi vụ án" in (
        prosecution)
