"""The bodies the demo province's cases pass through, read from the organisations file.

Pure Python (no Django): the generator runs without a database. Who acts depends on the
date, because the 2025 reform moved the work: district police until 28/02/2025, then the
provincial investigation agency; district courts, procuracies and Chi cục THADS until
30/06/2025, then the regional (khu vực) bodies of the region that took the district.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "organisations" / "data" / "gia-lai.yaml"
POLICE_REFORM = dt.date(2025, 3, 1)
MERGER = dt.date(2025, 7, 1)


@dataclass(frozen=True)
class District:
    prefix: str  # legacy province: BD (Bình Định), GLC (old Gia Lai)
    code: str
    name: str
    region: int
    weight: int  # communes of its region: busier regions get more cases


@dataclass(frozen=True)
class Registry:
    districts: tuple[District, ...]
    communes: dict[int, tuple[str, ...]]  # region -> names of commune People's Committees
    codes: frozenset[str]

    def police(self, d: District, day: dt.date, provincial: bool = False) -> str:
        if day >= MERGER:
            return "GL-CSDT"
        if provincial or day >= POLICE_REFORM:
            return f"{d.prefix}-CSDT"
        return f"{d.prefix}-CA-H{d.code}"

    def procuracy(self, d: District, day: dt.date, provincial: bool = False) -> str:
        return self._judicial("VKS", d, day, provincial)

    def court(self, d: District, day: dt.date, provincial: bool = False) -> str:
        return self._judicial("TAND", d, day, provincial)

    def appeal_court(self, d: District, day: dt.date) -> str:
        return "GL-TAND" if day >= MERGER else f"{d.prefix}-TAND"

    def enforcement(self, d: District, day: dt.date) -> str:
        return self._judicial("THADS", d, day, False)

    def _judicial(self, line: str, d: District, day: dt.date, provincial: bool) -> str:
        if day >= MERGER:
            return f"GL-{line}" if provincial else f"GL-{line}-KV{d.region}"
        return f"{d.prefix}-{line}" if provincial else f"{d.prefix}-{line}-H{d.code}"


def load_registry(path: Path = DEFAULT_PATH) -> Registry:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    names = {o["code"]: o["name"] for o in data["organisations"]}
    districts = []
    communes: dict[int, tuple[str, ...]] = {}
    for region in data["regions"]:
        n = int(region["number"])
        communes[n] = tuple(names[f"GL-UBND-X{c}"] for c in region["communes"])
        for entry in region["legacy_districts"]:
            key, name = entry.split(" ", 1)
            prefix, code = key.split("-")
            districts.append(District(prefix, code, name, n, len(region["communes"])))
    return Registry(tuple(districts), communes, frozenset(names))
