"""What a resumption restarts, as the article cited says (the rules' `suspension`).

BLTTHS Đ.277 k2, câu 2: «Trường hợp phục hồi vụ án thì thời hạn chuẩn bị xét xử theo thủ tục
chung quy định tại Bộ luật này kể từ ngày Tòa án ra quyết định phục hồi vụ án.» A case
suspended during the 15 days after the court got its file back from supplementary
investigation (BLTTHS-277-RETURN) gets the general preparation limit of k1 from resumption,
not 15 days again. BLTTDS Đ.286 k3 recounts the appellate preparation from the decision to
continue.
"""

from datetime import date
from typing import Any

from congminh.core.law import evaluate_case, evaluate_cases
from congminh.core.law.bulk import evaluate_bulk

D = date


def _due(case: dict[str, Any], day: date, rule: str) -> tuple[str | None, str]:
    found = [o for o in evaluate_case(case, day)["open_obligations"] if o["rule"] == rule]
    assert len(found) == 1, found
    return found[0]["due"], found[0]["basis"]


CRIMINAL_RETURNED = {"id": "HS-1", "procedure": "criminal", "category": "serious", "events": [
    {"type": "case_instituted", "date": "2026-01-05"},
    {"type": "investigation_concluded", "date": "2026-02-02"},
    {"type": "indicted", "date": "2026-02-16"},
    {"type": "accepted", "date": "2026-02-20"},
    {"type": "returned_for_investigation", "date": "2026-03-10", "by": "court"},
    {"type": "supplementary_investigation_concluded", "date": "2026-04-01"},
    {"type": "suspended", "date": "2026-04-06", "ground": "illness"},
    {"type": "resumed", "date": "2026-05-04"}]}


def test_resumed_after_a_court_return_gets_the_general_preparation_limit() -> None:
    # Đ.277 k2 câu 1: file back 1/4/2026 + 15 days = 16/4 (Thu).
    assert _due(CRIMINAL_RETURNED, D(2026, 4, 2), "BLTTHS-277-RETURN") == (
        "2026-04-16", "BLTTHS 2015 Điều 277 khoản 2")
    # Suspended 6/4, resumed 4/5: Đ.277 k2 câu 2 -> k1, serious offence 45 days from the
    # resumption: 4/5 + 27 = 31/5, + 18 = 18/6/2026 (Thu), not 4/5 + 15 = 19/5.
    assert _due(CRIMINAL_RETURNED, D(2026, 5, 5), "BLTTHS-277") == (
        "2026-06-18", "BLTTHS 2015 Điều 277 khoản 1")
    # The bulk path restarts the same way.
    for day in (D(2026, 4, 2), D(2026, 5, 5)):
        assert evaluate_bulk([CRIMINAL_RETURNED], day) == list(evaluate_cases([CRIMINAL_RETURNED], day))


def test_civil_appeal_preparation_recounts_from_the_decision_to_continue() -> None:
    # BLTTDS Đ.286 k1: 2 months from acceptance 5/1/2026 -> 5/3 (Thu); k3: suspended 2/2,
    # continued 15/4 -> 2 months from 15/4 = 15/6/2026 (Mon).
    case = {"id": "DS-1", "procedure": "civil", "case_kind": "civil_family", "events": [
        {"type": "accepted", "date": "2025-10-01"},
        {"type": "judgment_pronounced", "date": "2025-12-01"},
        {"type": "appeal_received", "date": "2026-01-05", "court": "provincial"},
        {"type": "suspended", "date": "2026-02-02", "ground": "evidence"},
        {"type": "resumed", "date": "2026-04-15"}]}
    assert _due(case, D(2026, 1, 6), "BLTTDS-286")[0] == "2026-03-05"
    assert _due(case, D(2026, 4, 16), "BLTTDS-286")[0] == "2026-06-15"


def test_prosecution_resumed_counts_the_whole_limit_from_the_resumption() -> None:
    # BLTTHS Đ.249 k4: «Thời hạn quyết định việc truy tố khi phục hồi vụ án được tính theo thủ
    # tục chung ... kể từ ngày Viện kiểm sát ra quyết định phục hồi vụ án.» Serious crime, file
    # received 2/3/2026 (20 days), suspended 10/3, resumed Mon 20/4/2026: 20 days again from
    # 20/4 = Sun 10/5, kept (BLTTHS Đ.134 k1: a limit in days ends on its last day).
    case = {"id": "HS-2", "procedure": "criminal", "category": "serious", "events": [
        {"type": "case_instituted", "date": "2026-01-05"},
        {"type": "investigation_concluded", "date": "2026-03-02"},
        {"type": "suspended", "date": "2026-03-10", "ground": "illness"},
        {"type": "resumed", "date": "2026-04-20"}]}
    assert _due(case, D(2026, 4, 21), "BLTTHS-240") == ("2026-05-10", "BLTTHS 2015 Điều 240")
