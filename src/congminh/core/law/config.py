"""Thresholds for statuses and flags (`config.yaml`), injectable for tests and the app."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml


@dataclass(frozen=True)
class Thresholds:
    due_soon_days: int = 10
    extension_request_notice_days: int = 5
    prolonged_age_days: dict[str, int] = field(default_factory=dict)
    prolonged_extensions: int = 3
    prolonged_returns: int = 2
    prolonged_suspensions: int = 2
    custody_renewal_notice_days: int = 5

    @classmethod
    def from_mapping(cls, raw: dict[str, Any]) -> Thresholds:
        prolonged = raw.get("prolonged") or {}
        return cls(
            due_soon_days=int(raw.get("due_soon_days", 10)),
            extension_request_notice_days=int(raw.get("extension_request_notice_days", 5)),
            prolonged_age_days={k: int(v) for k, v in (prolonged.get("age_days") or {}).items()},
            prolonged_extensions=int(prolonged.get("extensions", 3)),
            prolonged_returns=int(prolonged.get("returns", 2)),
            prolonged_suspensions=int(prolonged.get("suspensions", 2)),
            custody_renewal_notice_days=int(raw.get("custody_renewal_notice_days", 5)),
        )


@lru_cache(maxsize=1)
def default_thresholds() -> Thresholds:
    text = resources.files(__package__).joinpath("config.yaml").read_text("utf-8")
    return Thresholds.from_mapping(yaml.safe_load(text) or {})
