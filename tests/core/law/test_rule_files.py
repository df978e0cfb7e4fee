"""Every rule file loads, validates against the schema and carries a citation."""

from importlib import resources

import pytest
import yaml

from congminh.core.law.rules import (
    RuleFileError,
    RuleSet,
    check_file_name,
    default_rules,
    load_rule_text,
)

RULE_DIR = resources.files("congminh.core.law").joinpath("rules")
FILES = sorted(f.name for f in RULE_DIR.iterdir() if f.name.endswith(".yaml"))


@pytest.mark.parametrize("name", FILES)
def test_rule_file_loads_with_citation(name: str) -> None:
    rule = load_rule_text(RULE_DIR.joinpath(name).read_text("utf-8"), name)
    # `<id>.yaml` for the first version, `<id>@<valid_from>.yaml` for each later one.
    rule_id, at, version = name.removesuffix(".yaml").partition("@")
    assert rule_id == rule.id
    assert not at or version == rule.valid_from.isoformat()
    assert rule.citation.law
    # An unconfirmed article (a new law not yet mapped) is allowed only when marked M.
    assert rule.citation.article or rule.confidence == "M"
    # A limit cites the rule's law, or a circular that law delegates to (the ministries'
    # expertise limits, Luật GĐTP Đ.26a k3 đoạn 2), named in the rule's note.
    for lim in rule.limits:
        law = lim.citation.law
        assert law == rule.citation.law or (law.startswith("Thông tư ") and law in rule.note), law


def test_all_rules_form_a_consistent_set() -> None:
    rules = default_rules()
    assert len(rules.all()) == len(FILES)
    assert len(rules.ids()) == len({name.removesuffix(".yaml").split("@")[0] for name in FILES})


def test_later_versions_follow_the_earlier_one_without_a_gap() -> None:
    rules = default_rules()
    for rule_id in rules.ids():
        versions = rules.versions_of(rule_id)
        for older, newer in zip(versions, versions[1:], strict=False):
            assert older.valid_to is not None
            assert (newer.valid_from - older.valid_to).days == 1, rule_id


def test_file_name_must_match_id_and_valid_from() -> None:
    text = RULE_DIR.joinpath("THADS-45@2026-07-01.yaml").read_text("utf-8")
    rule = load_rule_text(text, "THADS-45@2026-07-01.yaml")
    check_file_name("THADS-45@2026-07-01.yaml", rule)
    with pytest.raises(RuleFileError, match="tên tệp phải là THADS-45.yaml hoặc THADS-45@2026-07-01.yaml"):
        check_file_name("THADS-45@2026-08-01.yaml", rule)
    with pytest.raises(RuleFileError, match="tên tệp"):
        check_file_name("THADS-44@2026-07-01.yaml", rule)


def test_overlapping_versions_are_rejected() -> None:
    old = load_rule_text(RULE_DIR.joinpath("THADS-45.yaml").read_text("utf-8").replace(
        'valid_to: "2026-06-30"', 'valid_to: "2026-07-01"'), "THADS-45.yaml")
    new = load_rule_text(RULE_DIR.joinpath("THADS-45@2026-07-01.yaml").read_text("utf-8"),
                         "THADS-45@2026-07-01.yaml")
    with pytest.raises(RuleFileError, match=r"THADS-45@2026-07-01\.yaml: phiên bản có hiệu lực từ 2026-07-01"):
        RuleSet([old, new])


def test_unconfirmed_article_is_rendered_as_such() -> None:
    # No rule file cites an unconfirmed article any more (the 106/2025/QH15 versions found
    # their text); a version filed before its law's text is found still renders as such.
    raw = yaml.safe_load(RULE_DIR.joinpath("THADS-45@2026-07-01.yaml").read_text("utf-8"))
    raw["citation"] = {"law": "Luật THADS 2025", "law_number": "106/2025/QH15", "article": None}
    raw["confidence"] = "M"
    del raw["quote"]
    rule = load_rule_text(yaml.safe_dump(raw, allow_unicode=True), "THADS-45@2026-07-01.yaml")
    assert rule.citation.article is None and rule.confidence == "M"
    assert rule.citation.text() == "Luật THADS 2025, chưa xác định số điều"


def test_invalid_rule_names_file_and_field() -> None:
    text = RULE_DIR.joinpath("BLTTHS-240.yaml").read_text("utf-8").replace(
        "unit: days}", "unit: weeks}", 1)
    with pytest.raises(RuleFileError, match=r"broken\.yaml: trường 'limits/0/duration/unit'"):
        load_rule_text(text, "broken.yaml")


def test_unconfirmed_facts_are_marked_m() -> None:
    rules = {r.id: r for r in default_rules().all()}
    assert rules["LTTHC-93"].confidence == "V"  # Luật TTHC Đ.93 k3: 15 days, checked
    assert rules["BLTTHS-147"].limits[0].extensions[0].confidence == "M"
