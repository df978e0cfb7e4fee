"""Assignees resolved the way a clerk would (issue #13, item 2), on the shipped Gia Lai registry.

The labelled assignees of the corpus name bodies of many provinces and ministries; the
ones below name a provincial body of a kind the Gia Lai registry has, so the registry's
body of that kind is the right top suggestion. Each comes from the golden named with it.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest
import yaml

from conftest import GOLDEN
from congminh.core.documents.assignees import Body, BodyIndex, body_named_by

DATA = Path(__file__).resolve().parents[3] / "src" / "congminh" / "apps" / "organisations" / "data"
# The registry has no Văn phòng UBND tỉnh yet; a real one would, and the example needs it.
OFFICE = Body("GL-VP-UBND", "Văn phòng Ủy ban nhân dân tỉnh Gia Lai", ("Văn phòng UBND tỉnh",))


@cache
def index() -> BodyIndex:
    bodies = [OFFICE]
    for name in ("gia-lai.yaml", "gia-lai-departments.yaml"):
        for org in yaml.safe_load((DATA / name).read_text("utf-8"))["organisations"]:
            if org.get("valid_to") is None:  # the bodies that exist today
                bodies.append(Body(org["code"], org["name"], tuple(org.get("aliases") or ())))
    return BodyIndex(bodies)


# (golden, assignee as labelled, registry code of the body it names)
CORPUS_LABELS = [
    ("01_cv-2449-dangUy-ubnd-laocai-trien-khai-ctr104", "Ủy ban nhân dân tỉnh", "GL-UBND"),
    ("05_qd-254-ubnd-sonla-kh-bao-ve-bmnn-2023", "Chánh Văn phòng Uỷ ban nhân dân tỉnh", "GL-VP-UBND"),
    ("05_qd-254-ubnd-sonla-kh-bao-ve-bmnn-2023", "Giám đốc Công an tỉnh", "GL-CA"),
    ("05_qd-254-ubnd-sonla-kh-bao-ve-bmnn-2023", "Công an tỉnh", "GL-CA"),
    ("05_qd-254-ubnd-sonla-kh-bao-ve-bmnn-2023", "Sở Nội vụ", "GL-SO-NV"),
    ("05_qd-254-ubnd-sonla-kh-bao-ve-bmnn-2023", "Sở Tài chính", "GL-SO-TC"),
    ("05_qd-254-ubnd-sonla-kh-bao-ve-bmnn-2023", "Sở Tư pháp", "GL-SO-TP"),
    ("05_qd-254-ubnd-sonla-kh-bao-ve-bmnn-2023", "Văn phòng UBND tỉnh", "GL-VP-UBND"),
    ("16_qd-2200-bnnmt-kh-trien-khai-nd180-phu-luc-bang", "Sở Nông nghiệp và Môi trường", "GL-SO-NNMT"),
    ("24_qd-435-ubnd-kontum-ctr-quan-he-lao-dong-tvpl", "Sở Nội vụ", "GL-SO-NV"),
    ("24_qd-435-ubnd-kontum-ctr-quan-he-lao-dong-tvpl", "Sở Xây dựng", "GL-SO-XD"),
    ("24_qd-435-ubnd-kontum-ctr-quan-he-lao-dong-tvpl", "Sở Văn hóa - Thể thao và Du lịch", "GL-SO-VHTTDL"),
    ("26_qd-3745-ubnd-tayninh-kh-su-dung-dat-tvpl", "Chánh Văn phòng UBND tỉnh", "GL-VP-UBND"),
    ("26_qd-3745-ubnd-tayninh-kh-su-dung-dat-tvpl", "Văn phòng UBND tỉnh", "GL-VP-UBND"),
    ("29_qd-1056-ct-ubnd-tuyenquang-tro-giup-btxh-tvpl", "Chánh Văn phòng UBND tỉnh", "GL-VP-UBND"),
    ("29_qd-1056-ct-ubnd-tuyenquang-tro-giup-btxh-tvpl", "Sở Tài chính", "GL-SO-TC"),
    ("chi-thi-hoat-dong-tu-phap", "Ban Nội chính Tỉnh ủy", "GL-BNC-TU"),
    ("chi-thi-hoat-dong-tu-phap", "Viện Kiểm sát nhân dân tỉnh", "GL-VKS"),
    ("chi-thi-hoat-dong-tu-phap", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "GL-MTTQ"),
    ("chi-thi-hoat-dong-tu-phap", "Ban cán sự đảng Ủy ban nhân dân tỉnh", "GL-UBND"),
    ("chi-thi-hoat-dong-tu-phap", "Đảng đoàn Hội đồng nhân dân", "GL-HDND"),
]


@pytest.mark.parametrize(("golden_name", "assignee", "code"), CORPUS_LABELS)
def test_the_label_is_in_its_golden(golden_name: str, assignee: str, code: str) -> None:
    gold = json.loads((GOLDEN / f"{golden_name}.json").read_text("utf-8"))
    assert any(assignee in t["assignees"] for t in gold["tasks"])


def test_top_suggestion_on_the_corpus_labels() -> None:
    right = [code for _, assignee, code in CORPUS_LABELS if (s := index().suggest(assignee)) and s[0].key == code]
    wrong = [(a, [x.name for x in index().suggest(a)[:2]]) for _, a, c in CORPUS_LABELS
             if not ((s := index().suggest(a)) and s[0].key == c)]
    assert len(right) / len(CORPUS_LABELS) >= 0.95, wrong


@pytest.mark.parametrize(
    ("title", "body"),
    [
        ("Chánh Văn phòng UBND tỉnh", "Văn phòng UBND tỉnh"),
        ("Giám đốc Sở Tư pháp", "Sở Tư pháp"),
        ("Cục trưởng Cục Thuế xuất nhập khẩu", "Cục Thuế xuất nhập khẩu"),
        ("Trưởng Ban Nội chính Tỉnh ủy", "Ban Nội chính Tỉnh ủy"),
        ("Chánh án Tòa án nhân dân tỉnh", "Tòa án nhân dân tỉnh"),
        ("Sở Tư pháp", "Sở Tư pháp"),
    ],
)
def test_a_title_names_its_body(title: str, body: str) -> None:
    assert body_named_by(title) == body


def test_the_office_is_not_the_party_committee() -> None:
    (top, *_) = index().suggest("Chánh Văn phòng UBND tỉnh")
    assert top.key == "GL-VP-UBND"
    assert all(s.key != "GL-TU" for s in index().suggest("Chánh Văn phòng UBND tỉnh"))


@pytest.mark.parametrize("generic", ["tỉnh", "Gia Lai", "tỉnh Gia Lai", "Đảng", "nhân dân", "các cơ quan, đơn vị"])
def test_generic_words_never_carry_a_match_alone(generic: str) -> None:
    assert index().suggest(generic) == []


def test_100_only_for_an_exact_name_or_alias() -> None:
    assert index().suggest("Sở Tư pháp")[0].score == 100  # an alias
    assert index().suggest("Sở Tư pháp tỉnh Gia Lai")[0].score == 100  # the name
    assert index().suggest("Giám đốc Sở Tư pháp")[0].score == 100  # the title names the alias
    near = index().suggest("Sở Tư pháp tỉnh")[0]
    assert near.key == "GL-SO-TP" and near.score < 100
    # Punctuation is not part of a name: "Văn hóa - Thể thao" is "Văn hóa, Thể thao".
    assert index().suggest("Sở Văn hóa - Thể thao và Du lịch")[0].score == 100
    partial = index().suggest("Sở Văn hóa và Thể thao")[0]
    assert partial.key == "GL-SO-VHTTDL" and partial.score < 100
