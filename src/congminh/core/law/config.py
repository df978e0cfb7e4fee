"""Thresholds for statuses and flags (`config.yaml`), injectable for tests and the app.

The one source of the "due soon" threshold: `config.yaml`'s `due_soon_days`, unless the
environment variable `CONGMINH_DUE_SOON_DAYS` is set (read here, at the first call of
`default_thresholds()`, so the core stays free of Django settings). Case clocks, directive
tasks and the reminder digests all read `default_thresholds().due_soon_days`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

DUE_SOON_ENV = "CONGMINH_DUE_SOON_DAYS"


@dataclass(frozen=True)
class Thresholds:
    due_soon_days: int = 10
    extension_request_notice_days: int = 5
    prolonged_age_days: dict[str, int] = field(default_factory=dict)
    prolonged_extensions: int = 3
    prolonged_returns: int = 2
    prolonged_suspensions: int = 2
    custody_renewal_notice_days: int = 5
    # BLTTHS Đ.134 k1: False (default, [M]) a criminal limit in days ends on its last day
    # even if that day is off; True: it moves to the next working day like months do.
    criminal_day_limits_roll: bool = False

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
            criminal_day_limits_roll=bool(raw.get("criminal_day_limits_roll", False)),
        )


@lru_cache(maxsize=1)
def default_thresholds() -> Thresholds:
    """`config.yaml`, with `CONGMINH_DUE_SOON_DAYS` from the environment when set."""
    text = resources.files(__package__).joinpath("config.yaml").read_text("utf-8")
    thresholds = Thresholds.from_mapping(yaml.safe_load(text) or {})
    days = due_soon_override(os.environ)
    return thresholds if days is None else replace(thresholds, due_soon_days=days)


def due_soon_override(environ: Mapping[str, str]) -> int | None:
    """The `CONGMINH_DUE_SOON_DAYS` value (days, 0 or more), None when unset or empty;
    ValueError naming the variable for anything else.

    >>> due_soon_override({"CONGMINH_DUE_SOON_DAYS": "7"}), due_soon_override({})
    (7, None)
    """
    raw = environ.get(DUE_SOON_ENV, "").strip()
    if not raw:
        return None
    if not raw.isdigit():
        raise ValueError(f"{DUE_SOON_ENV} must be a whole number of days (0 or more), got {raw!r}")
    return int(raw)
