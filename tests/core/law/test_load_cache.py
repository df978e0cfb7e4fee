"""The disk cache of the parsed rules and the working calendar (`load_cache`)."""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from congminh.core.law import load_cache, rules
from congminh.core.law.rules import RuleFileError, cached_rules, load_rules
from congminh.core.law.working_calendar import WorkingCalendar, cached_calendar

RULES_DIR = Path(str(resources.files("congminh.core.law").joinpath("rules")))


def _plain(value: Any) -> Any:
    """Every field of every dataclass, `Citation.quote` (not part of equality) included;
    sets sorted (a set read back from a pickle may iterate in another order)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (type(value).__name__,
                [(f.name, _plain(getattr(value, f.name))) for f in dataclasses.fields(value)])
    if isinstance(value, (set, frozenset)):
        return sorted(_plain(v) for v in value)
    if isinstance(value, Mapping):
        return sorted((k, _plain(v)) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _same_rules(a: rules.RuleSet, b: rules.RuleSet) -> None:
    left, right = a.all(), b.all()
    assert left == right
    assert [_plain(r) for r in left] == [_plain(r) for r in right]
    assert a.ids() == b.ids()


def _no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise AssertionError("parsed a rule file although the cache is warm")

    monkeypatch.setattr(rules, "_load_file", fail)


def test_cached_rules_equal_a_fresh_parse_cold_and_warm(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    fresh = load_rules()
    cold = cached_rules(directory=tmp_path)
    assert (tmp_path / "rules.pickle").is_file()
    _no_parsing(monkeypatch)
    warm = cached_rules(directory=tmp_path)
    _same_rules(cold, fresh)
    _same_rules(warm, fresh)
    assert warm.all()[0] is not cold.all()[0]  # read back from the file, not kept in memory


def test_cached_calendar_equals_a_fresh_one(tmp_path: Path) -> None:
    fresh = WorkingCalendar()
    cold = cached_calendar(directory=tmp_path)
    warm = cached_calendar(directory=tmp_path)
    assert warm is not cold
    for cal in (cold, warm):
        assert np.array_equal(cal.is_off, fresh.is_off)
        assert np.array_equal(cal.next_working, fresh.next_working)
        assert np.array_equal(cal.working_rank, fresh.working_rank)
        assert cal._names == fresh._names
        assert cal._next_list == fresh._next_list and cal._off_list == fresh._off_list


def _copy_rules(tmp_path: Path) -> Path:
    root = tmp_path / "rules"
    shutil.copytree(RULES_DIR, root)
    return root


def test_editing_a_rule_file_invalidates_the_cache(tmp_path: Path) -> None:
    root = _copy_rules(tmp_path)
    cache = tmp_path / "cache"
    before = cached_rules(root, cache).versions_of("BLTTHS-147")[0]
    assert [lim.duration.length for lim in before.limits].count(20) == 1
    path = root / "BLTTHS-147.yaml"
    text = path.read_text("utf-8")
    assert "length: 20" in text
    # Same size and the same modification time: only the bytes tell the change.
    stat = path.stat()
    path.write_text(text.replace("length: 20", "length: 21", 1), "utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    after = cached_rules(root, cache).versions_of("BLTTHS-147")[0]
    assert [lim.duration.length for lim in after.limits].count(20) == 0
    assert [lim.duration.length for lim in after.limits].count(21) == 1
    _same_rules(cached_rules(root, cache), load_rules(root=root))


def test_adding_or_removing_a_rule_file_invalidates_the_cache(tmp_path: Path) -> None:
    root = _copy_rules(tmp_path)
    cache = tmp_path / "cache"
    assert "BLTTHS-147" in cached_rules(root, cache).ids()
    (root / "BLTTHS-147.yaml").rename(tmp_path / "aside.yaml")
    assert "BLTTHS-147" not in cached_rules(root, cache).ids()
    (tmp_path / "aside.yaml").rename(root / "BLTTHS-147.yaml")
    assert "BLTTHS-147" in cached_rules(root, cache).ids()


def test_a_bad_rule_file_raises_as_before_and_is_not_cached(tmp_path: Path) -> None:
    root = _copy_rules(tmp_path)
    cache = tmp_path / "cache"
    (root / "BLTTHS-147.yaml").write_text("id: BLTTHS-147\nlimits: [\n", "utf-8")
    with pytest.raises(RuleFileError, match="BLTTHS-147.yaml: YAML không hợp lệ"):
        cached_rules(root, cache)
    assert not (cache / "rules.pickle").exists()


@pytest.mark.parametrize("content", [b"", b"not a pickle", b"\x80\x05garbage"])
def test_a_corrupt_cache_file_is_ignored_and_replaced(tmp_path: Path, content: bytes) -> None:
    (tmp_path / "rules.pickle").write_bytes(content)
    _same_rules(cached_rules(directory=tmp_path), load_rules())
    assert (tmp_path / "rules.pickle").read_bytes() != content


def test_a_truncated_cache_file_is_ignored(tmp_path: Path) -> None:
    cached_rules(directory=tmp_path)
    path = tmp_path / "rules.pickle"
    path.write_bytes(path.read_bytes()[:1000])
    _same_rules(cached_rules(directory=tmp_path), load_rules())


def test_an_unwritable_cache_directory_falls_back_to_parsing(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    # A directory under a regular file can be neither created nor written (even by root).
    _same_rules(cached_rules(directory=blocker / "law"), load_rules())
    cal = cached_calendar(directory=blocker / "law")
    assert np.array_equal(cal.is_off, WorkingCalendar().is_off)


def test_the_cache_is_keyed_by_inputs_and_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []

    def build() -> int:
        calls.append(1)
        return len(calls)

    assert load_cache.cached("x", [("a", b"1")], build, directory=tmp_path) == 1
    assert load_cache.cached("x", [("a", b"1")], build, directory=tmp_path) == 1
    assert load_cache.cached("x", [("a", b"2")], build, directory=tmp_path) == 2
    assert load_cache.cached("x", [("b", b"2")], build, directory=tmp_path) == 3
    monkeypatch.setattr(load_cache, "_code_version", lambda: b"another version of the code")
    assert load_cache.cached("x", [("b", b"2")], build, directory=tmp_path) == 4


def test_cache_directory_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONGMINH_LAW_CACHE_DIR", str(tmp_path / "c"))
    assert load_cache.cache_dir() == tmp_path / "c"
    monkeypatch.setenv("CONGMINH_LAW_CACHE_DIR", "off")
    assert load_cache.cache_dir() is None
    assert load_cache.cached("x", [], lambda: 7) == 7
    monkeypatch.delenv("CONGMINH_LAW_CACHE_DIR")
    monkeypatch.setenv("CONGMINH_DATA_DIR", str(tmp_path / "data"))
    assert load_cache.cache_dir() == tmp_path / "data" / "cache" / "law"
    monkeypatch.delenv("CONGMINH_DATA_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert load_cache.cache_dir() == tmp_path / "xdg" / "congminh" / "law"


def test_a_warm_process_neither_parses_nor_imports_the_validators(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from congminh.core.law.rules import default_rules\n"
        "from congminh.core.law.working_calendar import default_calendar\n"
        "n = len(default_rules().all()); default_calendar()\n"
        "print(n, 'jsonschema' in sys.modules, 'holidays' in sys.modules)\n"
    )
    env = {**os.environ, "CONGMINH_LAW_CACHE_DIR": str(tmp_path)}
    runs = [subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                           text=True, check=True).stdout.split() for _ in range(2)]
    count = str(len(load_rules().all()))
    assert runs[0] == [count, "True", "True"]  # cold: parsed, validated and built
    assert runs[1] == [count, "False", "False"]  # warm: read back
