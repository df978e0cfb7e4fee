"""One "due soon" threshold (issue 8 item 4): config.yaml's `due_soon_days`, overridden by
the environment variable CONGMINH_DUE_SOON_DAYS when it is set; nothing else defines one."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from congminh.core.law import evaluate_case
from congminh.core.law.config import DUE_SOON_ENV, default_thresholds, due_soon_override


@pytest.fixture
def fresh_thresholds(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    """`default_thresholds` is cached: read again under the test's environment, and once
    more afterwards under the real one."""
    default_thresholds.cache_clear()
    yield monkeypatch
    monkeypatch.undo()
    default_thresholds.cache_clear()


def test_config_yaml_by_default(fresh_thresholds: pytest.MonkeyPatch) -> None:
    fresh_thresholds.delenv(DUE_SOON_ENV, raising=False)
    assert default_thresholds().due_soon_days == 10


def test_the_environment_overrides_config_yaml(fresh_thresholds: pytest.MonkeyPatch) -> None:
    fresh_thresholds.setenv(DUE_SOON_ENV, "20")
    thresholds = default_thresholds()
    assert thresholds.due_soon_days == 20
    assert thresholds.prolonged_extensions == 3  # the rest still from config.yaml
    # A clock with 15 days left is due soon under the override (the engine's default).
    case = {"id": 1, "procedure": "civil", "case_kind": "civil_family",
            "events": [{"type": "accepted", "date": "2026-01-05"}]}  # 4 months -> 5/5/2026
    assert evaluate_case(case, date(2026, 4, 20))["status"] == "due_soon"


@pytest.mark.parametrize("raw", ["-1", "ten", "1.5"])
def test_a_bad_value_is_refused_by_name(raw: str) -> None:
    with pytest.raises(ValueError, match=DUE_SOON_ENV):
        due_soon_override({DUE_SOON_ENV: raw})


def test_empty_means_unset() -> None:
    assert due_soon_override({DUE_SOON_ENV: " "}) is None
