"""The supervision defaults (`defaults.yaml`, with their source): one place to change them."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

DEFAULTS_FILE = Path(__file__).with_name("defaults.yaml")


@lru_cache(maxsize=1)
def _load() -> dict[str, object]:
    data = yaml.safe_load(DEFAULTS_FILE.read_text(encoding="utf-8"))
    return dict(data)


def response_days() -> int:
    """Days a body has to answer a recommendation when the supervisor chose no date."""
    return int(str(_load()["response_days"]))


def response_days_confirmed() -> bool:
    """False while the default waits for a lawyer's check (`confidence: M`)."""
    return str(_load().get("confidence", "M")) != "M"


def response_days_source() -> str:
    """The citation the default rests on, in Vietnamese."""
    return str(_load().get("response_days_source", ""))
