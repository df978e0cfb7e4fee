"""Build `data/gia-lai.yaml`: the judicial and political bodies of Gia Lai, in both shapes.

    python -m congminh.apps.organisations.scripts.build_gia_lai [OUT]

Before 01/7/2025 the territory was two provinces, Bình Định (code BD) and the old Gia Lai
(code GLC), each with provincial bodies and, per district, a police (until 28/02/2025),
a court, a procuracy, a Chi cục THADS, a People's Committee and a Party committee.
From 01/7/2025 it is one province, Gia Lai (code GL): provincial bodies, regional courts,
procuracies and enforcement offices (khu vực), and commune/ward People's Committees.

Administrative units are never typed by hand: the legacy districts and wards come from
`vietnamadminunits` (63-province table), today's communes from `vietnam-provinces`, and
the old→new ward conversion from `vietnamadminunits.convert_address`.

Region rule (documented in the YAML `regions` section too):
1. Each legacy district belongs to one region (`REGION_GROUPS` below, by district name;
   the grouping and the count of 10 regions are `confidence: M`, to be checked against
   Nghị quyết 81/2025/UBTVQH15 and the procuracy/THADS equivalents).
2. Each new commune is in the region of the legacy district that gave it the most
   wards (ties: the lowest district code).
3. A regional body's predecessors are the district bodies of the same kind of every
   legacy district that gave at least one ward to a commune of that region.
"""

from __future__ import annotations

import sys
from collections import Counter, defaultdict
from importlib.metadata import version
from pathlib import Path
from typing import Any

import yaml
from vietnam_provinces import ProvinceCode, Ward
from vietnamadminunits import convert_address
from vietnamadminunits.database import query

from congminh.core.text import fold

NEW_PROVINCE = "52"  # Gia Lai since 01/7/2025 (it kept Bình Định's code)
MERGER = "2025-07-01"
LEGACY_END = "2025-06-30"
DISTRICT_POLICE_END = "2025-02-28"  # district police abolished from 01/3/2025
OUT = Path(__file__).resolve().parent.parent / "data" / "gia-lai.yaml"

LEGACY = {
    # prefix: (legacy province code in vietnamadminunits, short name)
    "BD": ("52", "Bình Định"),
    "GLC": ("64", "Gia Lai"),
}

REGION_GROUPS: list[list[str]] = [
    ["Thành phố Quy Nhơn"],
    ["Huyện Tuy Phước", "Huyện Vân Canh"],
    ["Thị xã An Nhơn", "Huyện Tây Sơn", "Huyện Vĩnh Thạnh"],
    ["Huyện Phù Cát", "Huyện Phù Mỹ"],
    ["Thị xã Hoài Nhơn", "Huyện Hoài Ân", "Huyện An Lão"],
    ["Thành phố Pleiku", "Huyện Đak Đoa"],
    ["Huyện Chư Păh", "Huyện Ia Grai", "Huyện Đức Cơ"],
    ["Thị xã An Khê", "Huyện KBang", "Huyện Đăk Pơ", "Huyện Kông Chro", "Huyện Mang Yang"],
    ["Huyện Chư Sê", "Huyện Chư Pưh", "Huyện Chư Prông"],
    ["Thị xã Ayun Pa", "Huyện Ia Pa", "Huyện Krông Pa", "Huyện Phú Thiện"],
]

# (suffix, name pattern, short name pattern, kind) of provincial bodies; {p} = province.
PROVINCIAL = [
    ("TU", "Tỉnh ủy {p}", "TU {p}", "party_committee"),
    ("BTV-TU", "Ban Thường vụ Tỉnh ủy {p}", "BTV Tỉnh ủy {p}", "party_committee"),
    ("BNC-TU", "Ban Nội chính Tỉnh ủy {p}", "BNC Tỉnh ủy {p}", "internal_affairs"),
    ("CA", "Công an tỉnh {p}", "CA tỉnh {p}", "police"),
    ("CSDT", "Cơ quan Cảnh sát điều tra Công an tỉnh {p}", "CQCSĐT CA tỉnh {p}",
     "investigation_agency"),
    ("VKS", "Viện kiểm sát nhân dân tỉnh {p}", "VKSND tỉnh {p}", "procuracy"),
    ("TAND", "Tòa án nhân dân tỉnh {p}", "TAND tỉnh {p}", "court"),
    ("THADS", "{thads} tỉnh {p}", "THADS tỉnh {p}", "enforcement_office"),
    ("UBND", "Ủy ban nhân dân tỉnh {p}", "UBND tỉnh {p}", "peoples_committee"),
    ("HDND", "Hội đồng nhân dân tỉnh {p}", "HĐND tỉnh {p}", "peoples_council"),
    ("MTTQ", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh {p}", "UBMTTQ tỉnh {p}",
     "fatherland_front"),
    ("SO-TP", "Sở Tư pháp tỉnh {p}", "STP {p}", "department"),
    ("SO-TC", "Sở Tài chính tỉnh {p}", "STC {p}", "department"),
    ("SO-XD", "Sở Xây dựng tỉnh {p}", "SXD {p}", "department"),
    ("SO-YT", "Sở Y tế tỉnh {p}", "SYT {p}", "department"),
    ("PY", "Trung tâm Pháp y tỉnh {p}", "TTPY {p}", "expertise_body"),
    ("KTHS", "Phòng Kỹ thuật hình sự Công an tỉnh {p}", "PC09 CA tỉnh {p}", "expertise_body"),
]
# Departments that changed with the 2025 reform: before, two ministries' lines; after, one.
LEGACY_ONLY = [
    ("SO-NN", "Sở Nông nghiệp và Phát triển nông thôn tỉnh {p}", "SNN&PTNT {p}", "department"),
    ("SO-TNMT", "Sở Tài nguyên và Môi trường tỉnh {p}", "STNMT {p}", "department"),
]
NEW_ONLY = [
    ("SO-NNMT", "Sở Nông nghiệp và Môi trường tỉnh {p}", "SNN&MT {p}", "department"),
]
PARENTS = {"BTV-TU": "TU", "BNC-TU": "TU", "CSDT": "CA", "KTHS": "CA", "PY": "SO-YT"}

# Names documents use for today's bodies, without the province ("VKSND tỉnh").
GENERIC_ALIASES = {
    "TU": ["Tỉnh ủy", "Tỉnh uỷ"],
    "BTV-TU": ["Ban Thường vụ Tỉnh ủy", "BTV Tỉnh ủy", "Thường trực Tỉnh ủy"],
    "BNC-TU": ["Ban Nội chính Tỉnh ủy", "Ban Nội chính", "BNC Tỉnh ủy"],
    "CA": ["Công an tỉnh", "CA tỉnh"],
    "CSDT": ["Cơ quan Cảnh sát điều tra Công an tỉnh", "Cơ quan CSĐT Công an tỉnh",
             "Cơ quan điều tra Công an tỉnh", "CQCSĐT"],
    "VKS": ["Viện Kiểm sát nhân dân tỉnh", "Viện kiểm sát tỉnh", "VKSND tỉnh",
            "Ban cán sự đảng Viện Kiểm sát nhân dân tỉnh"],
    "TAND": ["Tòa án nhân dân tỉnh", "TAND tỉnh", "Ban cán sự đảng Tòa án nhân dân tỉnh"],
    "THADS": ["Thi hành án dân sự tỉnh", "THADS tỉnh", "Cục Thi hành án dân sự tỉnh"],
    "UBND": ["Ủy ban nhân dân tỉnh", "UBND tỉnh", "Ban cán sự đảng Ủy ban nhân dân tỉnh",
             "Ban cán sự đảng UBND tỉnh"],
    "HDND": ["Hội đồng nhân dân tỉnh", "HĐND tỉnh", "Đảng đoàn Hội đồng nhân dân",
             "Đảng đoàn Hội đồng nhân dân tỉnh", "Thường trực HĐND tỉnh"],
    "MTTQ": ["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "Ủy ban MTTQ Việt Nam tỉnh",
             "Ủy ban MTTQ tỉnh", "UBMTTQ tỉnh", "Mặt trận Tổ quốc tỉnh"],
    "SO-TP": ["Sở Tư pháp"],
    "SO-TC": ["Sở Tài chính"],
    "SO-XD": ["Sở Xây dựng"],
    "SO-YT": ["Sở Y tế"],
    "SO-NNMT": ["Sở Nông nghiệp và Môi trường"],
    "PY": ["Trung tâm Pháp y tỉnh", "Trung tâm Pháp y"],
    "KTHS": ["Phòng Kỹ thuật hình sự Công an tỉnh", "Phòng Kỹ thuật hình sự", "PC09"],
}

# (suffix, name pattern, short pattern, kind, valid_to); {d} = district full name.
DISTRICT_BODIES = [
    ("CA", "Công an {d}", "CA {ds}", "police", DISTRICT_POLICE_END),
    ("TAND", "Tòa án nhân dân {d}", "TAND {ds}", "court", LEGACY_END),
    ("VKS", "Viện kiểm sát nhân dân {d}", "VKSND {ds}", "procuracy", LEGACY_END),
    ("THADS", "Chi cục Thi hành án dân sự {d}", "Chi cục THADS {ds}",
     "enforcement_office", LEGACY_END),
    ("UBND", "Ủy ban nhân dân {d}", "UBND {ds}", "peoples_committee", LEGACY_END),
    ("DU", "{party} {dn}", "{party} {dn}", "party_committee", LEGACY_END),
]
REGION_BODIES = [
    ("TAND", "Tòa án nhân dân khu vực {n} - Gia Lai", "TAND khu vực {n}", "court", "TAND"),
    ("VKS", "Viện kiểm sát nhân dân khu vực {n} - Gia Lai", "VKSND khu vực {n}", "procuracy",
     "VKS"),
    ("THADS", "Phòng Thi hành án dân sự khu vực {n} - Gia Lai", "Phòng THADS khu vực {n}",
     "enforcement_office", "THADS"),
]
PARTY_BY_TYPE = {"Huyện": "Huyện ủy", "Thị xã": "Thị ủy", "Thành phố": "Thành ủy"}
SHORT_TYPE = {"Huyện": "huyện", "Thị xã": "thị xã", "Thành phố": "TP"}


def _org(code: str, name: str, short: str, kind: str, level: str, **extra: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "code": code, "name": name, "short_name": short, "kind": kind, "level": level,
        "parent": extra.pop("parent", None), "admin_unit_code": extra.pop("admin_unit_code", ""),
        "valid_from": extra.pop("valid_from", None), "valid_to": extra.pop("valid_to", None),
        "predecessors": extra.pop("predecessors", []), "aliases": extra.pop("aliases", []),
    }
    assert not extra, extra
    return row


def provincial_bodies(prefix: str, province: str, legacy: bool) -> list[dict[str, Any]]:
    thads = "Cục Thi hành án dân sự" if legacy else "Thi hành án dân sự"
    rows = []
    for suffix, name, short, kind in PROVINCIAL + (LEGACY_ONLY if legacy else NEW_ONLY):
        parent = PARENTS.get(suffix)
        aliases = [] if legacy else list(GENERIC_ALIASES.get(suffix, []))
        full = name.format(p=province, thads=thads)
        if not legacy and suffix == "THADS":
            aliases.append(f"Cục Thi hành án dân sự tỉnh {province}")
        rows.append(_org(
            f"{prefix}-{suffix}", full, short.format(p=province), kind, "province",
            parent=f"{prefix}-{parent}" if parent else None,
            admin_unit_code=NEW_PROVINCE if not legacy else LEGACY[prefix][0],
            valid_from=None if legacy else MERGER, valid_to=LEGACY_END if legacy else None,
            aliases=aliases,
        ))
    return rows


def legacy_wards(province_code: str) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = query(
        "select province, district, districtType, districtCode, ward, wardCode "
        f"from admin_units_legacy where provinceCode = '{province_code}' "
        "order by districtCode, wardCode"
    )
    return rows


def new_communes() -> dict[str, str]:
    """Today's communes of Gia Lai: ward code -> name, from vietnam-provinces."""
    wards = Ward.iter_by_province(ProvinceCode(int(NEW_PROVINCE)))
    return {str(int(w.code)): w.name for w in sorted(wards, key=lambda w: int(w.code))}


def converted_commune(row: dict[str, str], communes: dict[str, str]) -> str:
    """The new commune code a legacy ward became. The two packages sometimes give a
    commune the code of a different founding ward, so fall back on the name."""
    unit = convert_address(f"{row['ward']}, {row['district']}, {row['province']}")
    if unit.ward_code in communes:
        return str(unit.ward_code)
    by_name = [c for c, n in communes.items() if fold(n) == fold(unit.ward or "")]
    if len(by_name) != 1:
        raise ValueError(f"cannot place {row['ward']}, {row['district']}: {unit.ward}")
    return by_name[0]


def build() -> dict[str, Any]:
    communes = new_communes()
    region_of_district_name = {d: i + 1 for i, g in enumerate(REGION_GROUPS) for d in g}
    orgs: list[dict[str, Any]] = []
    districts: dict[str, dict[str, Any]] = {}  # "BD-540" -> info
    commune_votes: dict[str, Counter[str]] = defaultdict(Counter)
    for prefix, (pcode, pname) in LEGACY.items():
        orgs += provincial_bodies(prefix, pname, legacy=True)
        for row in legacy_wards(pcode):
            key = f"{prefix}-{row['districtCode']}"
            if key not in districts:
                districts[key] = {
                    "prefix": prefix, "code": row["districtCode"], "name": row["district"],
                    "type": row["districtType"], "region": region_of_district_name[row["district"]],
                    "communes": set(),
                }
            commune = converted_commune(row, communes)
            districts[key]["communes"].add(commune)
            commune_votes[commune][key] += 1
    missing = set(communes) - set(commune_votes)
    if missing:
        raise ValueError(f"communes with no legacy ward: {sorted(missing)}")
    commune_region = {
        c: districts[min(v.items(), key=lambda kv: (-kv[1], int(kv[0].split('-')[1])))[0]]["region"]
        for c, v in commune_votes.items()
    }
    district_regions: dict[str, set[int]] = {
        k: {commune_region[c] for c in d["communes"]} for k, d in districts.items()
    }
    orgs += district_bodies(districts)
    orgs += provincial_bodies("GL", "Gia Lai", legacy=False)
    _link_provincial(orgs)
    orgs += region_bodies(district_regions)
    orgs += commune_bodies(communes, districts)
    _link_district_police(orgs, districts)
    return {
        "meta": _meta(),
        "regions": [
            {"number": n, "legacy_districts": sorted(
                f"{districts[k]['prefix']}-{districts[k]['code']} {districts[k]['name']}"
                for k in districts if districts[k]["region"] == n),
             "communes": sorted(c for c, r in commune_region.items() if r == n)}
            for n in range(1, len(REGION_GROUPS) + 1)
        ],
        "organisations": orgs,
    }


def district_bodies(districts: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for d in districts.values():
        prefix = d["prefix"]
        bare = d["name"].split(" ", 1)[1] if d["type"] == "Huyện" else d["name"].split(" ", 2)[2]
        ds = f"{SHORT_TYPE[d['type']]} {bare}"
        for suffix, name, short, kind, valid_to in DISTRICT_BODIES:
            party = PARTY_BY_TYPE[d["type"]]
            rows.append(_org(
                f"{prefix}-{suffix}-H{d['code']}",
                name.format(d=d["name"].replace("Huyện", "huyện").replace("Thị xã", "thị xã")
                            .replace("Thành phố", "thành phố"), party=party, dn=bare),
                short.format(ds=ds, party=party, dn=bare), kind, "district",
                parent=f"{prefix}-UBND" if suffix == "UBND" else None,
                admin_unit_code=d["code"], valid_to=valid_to,
            ))
    return rows


def _link_provincial(orgs: list[dict[str, Any]]) -> None:
    """Each of today's provincial bodies succeeds both provinces' bodies of the same line."""
    by_code = {o["code"]: o for o in orgs}
    for o in orgs:
        if not o["code"].startswith("GL-"):
            continue
        suffix = o["code"][3:]
        olds = ["SO-NN", "SO-TNMT"] if suffix == "SO-NNMT" else [suffix]
        o["predecessors"] = [
            f"{p}-{s}" for p in LEGACY for s in olds if f"{p}-{s}" in by_code
        ]


def region_bodies(district_regions: dict[str, set[int]]) -> list[dict[str, Any]]:
    rows = []
    for n in range(1, len(REGION_GROUPS) + 1):
        for suffix, name, short, kind, district_suffix in REGION_BODIES:
            preds = sorted(
                f"{k.split('-')[0]}-{district_suffix}-H{k.split('-')[1]}"
                for k, regions in district_regions.items() if n in regions
            )
            rows.append(_org(
                f"GL-{suffix}-KV{n}", name.format(n=n), short.format(n=n), kind, "region",
                parent=f"GL-{suffix}" if suffix == "THADS" else None,
                valid_from=MERGER, predecessors=preds,
                aliases=[short.format(n=n) + " - Gia Lai"] if suffix != "THADS" else [],
            ))
    return rows


def commune_bodies(
    communes: dict[str, str], districts: dict[str, dict[str, Any]]
) -> list[dict[str, Any]]:
    """Today's commune People's Committees; their region is in the `regions` section."""
    rows = []
    for code, name in communes.items():
        kind_word, bare = name.split(" ", 1)
        preds = sorted(
            f"{d['prefix']}-UBND-H{d['code']}" for d in districts.values() if code in d["communes"]
        )
        rows.append(_org(
            f"GL-UBND-X{code}", f"Ủy ban nhân dân {kind_word.lower()} {bare}",
            f"UBND {kind_word.lower()} {bare}", "peoples_committee", "commune",
            parent="GL-UBND", admin_unit_code=code, valid_from=MERGER, predecessors=preds,
        ))
    return rows


def _link_district_police(orgs: list[dict[str, Any]], districts: dict[str, dict[str, Any]]) -> None:
    """District police were merged into the provincial police on 01/3/2025."""
    by_code = {o["code"]: o for o in orgs}
    for d in districts.values():
        by_code[f"{d['prefix']}-CA"]["predecessors"].append(f"{d['prefix']}-CA-H{d['code']}")


def package_versions() -> dict[str, str]:
    """The data packages' versions: a newer release may move a commune."""
    return {name: version(name) for name in ("vietnam-provinces", "vietnamadminunits")}


def _meta() -> dict[str, Any]:
    return {
        "province_code": NEW_PROVINCE,
        "generated_by": "python -m congminh.apps.organisations.scripts.build_gia_lai",
        "sources": {
            "legacy districts and wards": "vietnamadminunits (admin_units_legacy)",
            "communes since 01/7/2025": "vietnam-provinces",
            "ward conversion": "vietnamadminunits.convert_address",
        },
        "package_versions": package_versions(),
        "confidence": {
            "regions": "M: 10 regions and their grouping of legacy districts are plausible, "
                       "not checked against Nghị quyết 81/2025/UBTVQH15",
            "legacy valid_from": "unknown, left empty",
        },
        "region_rule": (
            "each legacy district belongs to one region; a new commune is in the region of "
            "the legacy district that gave it most wards (ties: lowest district code); a "
            "regional body succeeds the district bodies of the same line of every district "
            "that gave a ward to one of its communes"
        ),
    }


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0]) if args else OUT
    data = build()
    header = (
        "# Generated by python -m congminh.apps.organisations.scripts.build_gia_lai\n"
        "# Do not edit by hand: change the script and regenerate.\n"
    )
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    out.write_text(header + text, encoding="utf-8")
    print(f"{len(data['organisations'])} organisations -> {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
