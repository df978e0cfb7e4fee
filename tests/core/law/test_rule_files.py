"""Every rule file loads, validates against the schema and carries a citation."""

from importlib import resources

import pytest

from congminh.core.law.rules import RuleFileError, default_rules, load_rule_text

RULE_DIR = resources.files("congminh.core.law").joinpath("rules")
FILES = sorted(f.name for f in RULE_DIR.iterdir() if f.name.endswith(".yaml"))


@pytest.mark.parametrize("name", FILES)
def test_rule_file_loads_with_citation(name: str) -> None:
    rule = load_rule_text(RULE_DIR.joinpath(name).read_text("utf-8"), name)
    assert name == f"{rule.id}.yaml"
    assert rule.citation.law and rule.citation.article
    assert all(lim.citation.text().startswith(rule.citation.law) for lim in rule.limits)


def test_all_rules_form_a_consistent_set() -> None:
    rules = default_rules()
    assert len(rules.ids()) == len(FILES)


def test_invalid_rule_names_file_and_field() -> None:
    text = RULE_DIR.joinpath("BLTTHS-240.yaml").read_text("utf-8").replace(
        "unit: days}", "unit: weeks}", 1)
    with pytest.raises(RuleFileError, match=r"broken\.yaml: trường 'limits/0/duration/unit'"):
        load_rule_text(text, "broken.yaml")


def test_unconfirmed_facts_are_marked_m() -> None:
    rules = {r.id: r for r in default_rules().all()}
    assert rules["LTTHC-93"].confidence == "M"  # Luật TTHC evidence period unconfirmed
    assert rules["BLTTHS-147"].limits[0].extensions[0].confidence == "M"
