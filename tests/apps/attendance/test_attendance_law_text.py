"""The representation rule the attendance checks rest on is the law's own sentence."""

from congminh.apps.attendance.rules import REPRESENTATION
from congminh.core.law import texts


def test_the_representation_rule_quotes_luat_tthc_article_60_clause_3() -> None:
    stored = texts.clause_text(REPRESENTATION["law"], REPRESENTATION["article"], REPRESENTATION["clause"])
    assert REPRESENTATION["quote"] in stored
