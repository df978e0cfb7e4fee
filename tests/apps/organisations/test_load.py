"""The Gia Lai registry file: loads idempotently, links predecessors, resolves aliases."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.management import call_command

from congminh.apps.organisations.models import Organisation, OrganisationAlias
from congminh.apps.organisations.selectors import organisation_by_name
from congminh.apps.organisations.services import DEFAULT_PATH, organisations_load

MERGER = dt.date(2025, 7, 1)


@pytest.fixture
def loaded(db: Any) -> None:
    result = organisations_load(path=DEFAULT_PATH)
    assert result.errors == []


def test_loading_twice_creates_nothing_new(db: Any) -> None:
    first = organisations_load(path=DEFAULT_PATH)
    counts = (Organisation.objects.count(), OrganisationAlias.objects.count())
    second = organisations_load(path=DEFAULT_PATH)
    assert first.created == counts[0] > 300
    assert (second.created, second.updated, second.unchanged) == (0, 0, first.created)
    assert (Organisation.objects.count(), OrganisationAlias.objects.count()) == counts


def test_every_body_is_in_todays_gia_lai(loaded: None) -> None:
    assert set(Organisation.objects.values_list("province_code", flat=True)) == {"52"}


def test_provincial_bodies_succeed_both_old_provinces(loaded: None) -> None:
    vks = Organisation.objects.get(code="GL-VKS")
    assert set(vks.predecessors.values_list("code", flat=True)) == {"BD-VKS", "GLC-VKS"}
    nnmt = Organisation.objects.get(code="GL-SO-NNMT")
    assert {"BD-SO-NN", "BD-SO-TNMT"} <= set(nnmt.predecessors.values_list("code", flat=True))


def test_regional_court_succeeds_the_district_courts_of_its_territory(loaded: None) -> None:
    kv1 = Organisation.objects.get(code="GL-TAND-KV1")
    assert kv1.level == "region" and kv1.valid_from == MERGER
    assert list(kv1.predecessors.values_list("code", flat=True)) == ["BD-TAND-H540"]
    quy_nhon = Organisation.objects.get(code="BD-TAND-H540")
    assert quy_nhon.name == "Tòa án nhân dân thành phố Quy Nhơn"
    assert list(quy_nhon.successors.values_list("code", flat=True)) == ["GL-TAND-KV1"]
    # Every Bình Định district court, procuracy and Chi cục has a regional successor.
    for prefix in ("BD-TAND-H", "BD-VKS-H", "BD-THADS-H"):
        for body in Organisation.objects.filter(code__startswith=prefix):
            assert body.successors.filter(level="region").exists(), body.code


def test_communes_come_from_the_package_and_link_to_old_districts(loaded: None) -> None:
    communes = Organisation.objects.filter(level="commune")
    assert communes.count() == 135
    ward = communes.get(name="Ủy ban nhân dân phường Quy Nhơn Đông")
    assert ward.parent is not None and ward.parent.code == "GL-UBND"
    assert "BD-UBND-H540" in set(ward.predecessors.values_list("code", flat=True))


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Viện Kiểm sát nhân dân tỉnh", "GL-VKS"),
        ("VKSND tỉnh", "GL-VKS"),
        ("vien kiem sat nhan dan tinh", "GL-VKS"),
        ("Tòa án nhân dân tỉnh", "GL-TAND"),
        ("Toà án nhân dân tỉnh", "GL-TAND"),
        ("TAND tinh", "GL-TAND"),
        ("Ban Nội chính Tỉnh ủy", "GL-BNC-TU"),
        ("ban noi chinh tinh uy", "GL-BNC-TU"),
        ("UBND tỉnh", "GL-UBND"),
        ("Ủy ban nhân dân tỉnh", "GL-UBND"),
        ("Ban cán sự đảng Ủy ban nhân dân tỉnh", "GL-UBND"),
        ("Đảng đoàn Hội đồng nhân dân", "GL-HDND"),
        ("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "GL-MTTQ"),
        ("Thi hành án dân sự tỉnh", "GL-THADS"),
        ("Công an tỉnh", "GL-CA"),
        ("Viện kiểm sát nhân dân tỉnh Bình Định", "BD-VKS"),
    ],
)
def test_names_documents_use_resolve(loaded: None, name: str, code: str) -> None:
    assert [o.code for o in organisation_by_name(name)] == [code]


def test_validity_dates_are_consistent(loaded: None) -> None:
    for org in Organisation.objects.all():
        if org.valid_from and org.valid_to:
            assert org.valid_from <= org.valid_to, org.code
        if org.level == "district":
            assert org.valid_to is not None and org.valid_to < MERGER, org.code
        if org.level in ("region", "commune") or org.code.startswith("GL-"):
            assert org.valid_from == MERGER and org.valid_to is None, org.code
        for pred in org.predecessors.all():
            assert pred.valid_to is not None, (org.code, pred.code)
            assert org.valid_from is None or pred.valid_to < org.valid_from, (org.code, pred.code)
    police = Organisation.objects.get(code="BD-CA-H547")
    assert police.valid_to == dt.date(2025, 2, 28)


def test_bad_entries_are_reported_and_the_rest_kept(db: Any, tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump({"meta": {"province_code": "52"}, "organisations": [
        {"code": "X-OK", "name": "Sở Tư pháp", "kind": "department", "level": "province"},
        {"code": "X-BAD", "name": "Sở Lạ", "kind": "ministry", "level": "province"},
        {"code": "X-DATE", "name": "Sở Ngày", "kind": "department", "level": "province",
         "valid_from": "30/6/2025"},
        {"name": "Không mã", "kind": "department", "level": "province"},
        {"code": "X-LINK", "name": "Sở Nối", "kind": "department", "level": "province",
         "predecessors": ["X-NOWHERE"]},
    ]}, allow_unicode=True), encoding="utf-8")
    result = organisations_load(path=path)
    assert set(Organisation.objects.values_list("code", flat=True)) == {"X-OK", "X-LINK"}
    assert len(result.errors) == 4
    assert any("X-BAD" in e and "kind" in e and "ministry" in e for e in result.errors)
    assert any("bad.yaml" in e and "X-DATE" in e for e in result.errors)
    assert any("X-NOWHERE" in e for e in result.errors)


def test_command_loads_the_default_file(db: Any, capsys: Any) -> None:
    call_command("organisations", "load")
    call_command("organisations", "load", str(DEFAULT_PATH))
    last = capsys.readouterr().out.splitlines()[-1]
    assert Organisation.objects.filter(code="GL-TAND-KV1").exists()
    assert str(Organisation.objects.count()) in last


def test_data_file_is_what_the_script_builds(tmp_path: Path) -> None:
    from congminh.apps.organisations.scripts.build_gia_lai import main, package_versions

    meta = yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))["meta"]
    if meta["package_versions"] != package_versions():
        pytest.skip("other data package versions: regenerate the file and review the diff")
    out = tmp_path / "gia-lai.yaml"
    main([str(out)])
    assert out.read_text(encoding="utf-8") == DEFAULT_PATH.read_text(encoding="utf-8")
