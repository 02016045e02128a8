"""Reference data: Thanh Hóa's 27 district-level units, their wards, and the 166 communes of 2025.

Derived at load time from the `vietnamadminunits` package (MIT; GSO unit lists with geocoded
centroids and the 2025 conversion table) rather than typed in. The few facts the package does
not carry are written here with their public source: the mountainous districts, Đông Sơn's
wards before its merger into TP Thanh Hóa on 1 Jan 2025, and the only sourced populations.
"""

from __future__ import annotations

import json
from collections import Counter
from functools import lru_cache
from importlib import resources

import pandas as pd
from vietnamadminunits.database import query

from etl.text import ascii_name

PROVINCE_CODE = "38"
PACKAGE_SOURCE = "vietnamadminunits 1.0.4 (MIT), danh mục đơn vị hành chính GSO"

# GSO commune codes of Huyện Đông Sơn (405) as it stood until 31 Dec 2024 (14 units). The
# package already files them under TP Thanh Hóa (380), which absorbed the district.
# Source: Resolution 1240/NQ-UBTVQH15 (2024) on Thanh Hóa's district/commune rearrangement.
DONG_SON_WARDS = frozenset(
    {
        "16378",
        "16381",
        "16384",
        "16390",
        "16393",
        "16399",
        "16402",
        "16405",
        "16408",
        "16414",
        "16417",
        "16420",
        "16423",
        "16426",
    }
)

# Source: ../DOMAIN §5 (Government decisions on mountainous areas); 11 districts.
MOUNTAINOUS = frozenset({"384", "385", "386", "387", "388", "389", "390", "391", "396", "402", "403"})

# 2019 census populations that have a public source; the others stay unknown, never invented.
POPULATION_2019 = {
    "386": 96_360,
    "381": 53_442,
    "390": 100_326,
    "405": 74_294,
}
POPULATION_SOURCE = "Tổng điều tra dân số 2019 (GSO), qua citypopulation.de"

DISTRICT_TYPE = {"Huyện": "huyen", "Thị xã": "thi_xa", "Thành phố": "thanh_pho"}

# Names a district was known by before (the code did not change).
FORMER_NAMES = {"407": ["Tĩnh Gia", "Huyện Tĩnh Gia"]}


@lru_cache(maxsize=1)
def legacy_wards() -> pd.DataFrame:
    """Every pre-2025 ward/commune of the province, with Đông Sơn's put back under 405."""
    rows = query(
        "SELECT wardCode, ward, wardShort, wardType, districtCode, district, districtShort, "
        "districtType, wardLat, wardLon, wardBounds, provinceKey, districtKey, wardKey "
        f"FROM admin_units_legacy WHERE provinceCode = '{PROVINCE_CODE}' ORDER BY wardCode"
    )
    df = pd.DataFrame(rows)
    df["district_code"] = df["districtCode"].where(~df["wardCode"].isin(DONG_SON_WARDS), "405")
    df["key"] = df["provinceKey"] + "_" + df["districtKey"] + "_" + df["wardKey"]
    bounds = df["wardBounds"].str.split("–", expand=True)
    lo = bounds[0].str.split(",", expand=True).astype(float)
    hi = bounds[1].str.split(",", expand=True).astype(float)
    out = pd.DataFrame(
        {
            "code": df["wardCode"],
            "name": df["ward"],
            "short_name": df["wardShort"],
            "type": df["wardType"],
            "district_code": df["district_code"],
            "lat": df["wardLat"],
            "lon": df["wardLon"],
            "min_lat": lo[0],
            "min_lon": lo[1],
            "max_lat": hi[0],
            "max_lon": hi[1],
            "key": df["key"],
        }
    )
    return out


@lru_cache(maxsize=1)
def converter_2025() -> dict:
    """The package's old→new commune table (data/converter_2025.json)."""
    data = resources.files("vietnamadminunits").joinpath("data/converter_2025.json")
    return json.loads(data.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def communes_2025() -> pd.DataFrame:
    """The 166 communes of 1 Jul 2025 with area, centroid and the former district(s) they came from."""
    rows = query(
        "SELECT wardCode, ward, wardShort, wardType, wardLat, wardLon, wardAreaKm2, wardKey "
        f"FROM admin_units WHERE provinceCode = '{PROVINCE_CODE}' ORDER BY wardCode"
    )
    new = pd.DataFrame(rows)
    conv = converter_2025()
    old_district = dict(zip(legacy_wards()["key"], legacy_wards()["district_code"]))
    members: dict[str, list[str]] = {k: [] for k in new["wardKey"]}
    for new_key, old_keys in conv["DICT_PROVINCE_WARD_NO_DIVIDED"]["tinhthanhhoa"].items():
        members.setdefault(new_key, []).extend(old_keys)
    for old_key, targets in conv["DICT_PROVINCE_WARD_DIVIDED"]["tinhthanhhoa"].items():
        for t in targets:
            members.setdefault(t["newWardKey"], []).append(old_key)
    former, main = [], []
    for key in new["wardKey"]:
        counts = Counter(old_district[k] for k in members.get(key, []) if k in old_district)
        # Ties broken by the lower code so the result never depends on dictionary order.
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        former.append([c for c, _ in ranked])
        main.append(ranked[0][0] if ranked else None)
    # On 30 Jun 2025 Đông Sơn's wards were part of TP Thanh Hóa: that is the district to roll up to.
    district = ["380" if m == "405" else m for m in main]
    return pd.DataFrame(
        {
            "code": new["wardCode"],
            "name": new["ward"],
            "short_name": new["wardShort"],
            "type": new["wardType"].map({"Xã": "xa", "Phường": "phuong"}),
            "area_km2": new["wardAreaKm2"],
            "lat": new["wardLat"],
            "lon": new["wardLon"],
            "former_district_codes": former,
            "main_district_code": main,
            "district_code": district,
            "source": PACKAGE_SOURCE,
        }
    )


@lru_cache(maxsize=1)
def districts() -> pd.DataFrame:
    """The 27 district-level units (380–407 without 383), Đông Sơn included until its merger."""
    wards = legacy_wards()
    info = pd.DataFrame(
        query(
            "SELECT DISTINCT districtCode, district, districtShort, districtType "
            f"FROM admin_units_legacy WHERE provinceCode = '{PROVINCE_CODE}'"
        )
    ).set_index("districtCode")
    info.loc["405"] = ["Huyện Đông Sơn", "Đông Sơn", "Huyện"]
    area = _district_areas()
    rows = []
    for code in sorted(info.index):
        full, short, typ = info.loc[code]
        rows.append(
            {
                "code": code,
                "name": full,
                "short_name": short,
                "ascii_name": ascii_name(short),
                "type": DISTRICT_TYPE[typ],
                "mountainous": code in MOUNTAINOUS,
                "commune_count": int((wards["district_code"] == code).sum()),
                "area_km2": round(area.get(code, 0.0), 1),
                "valid_to": "2024-12-31" if code == "405" else "2025-06-30",
                "merged_into": "380" if code == "405" else None,
                "former_names": FORMER_NAMES.get(code, []),
                "population": POPULATION_2019.get(code),
                "population_year": 2019 if code in POPULATION_2019 else None,
                "population_source": POPULATION_SOURCE if code in POPULATION_2019 else None,
                "source": PACKAGE_SOURCE,
            }
        )
    return pd.DataFrame(rows)


def _district_areas() -> dict[str, float]:
    """Approximate district areas: each 2025 commune's area shared among its former districts' wards."""
    conv = converter_2025()["DICT_PROVINCE_WARD_NO_DIVIDED"]["tinhthanhhoa"]
    old_district = dict(zip(legacy_wards()["key"], legacy_wards()["district_code"]))
    area_by_key = dict(zip(communes_2025()["code"], communes_2025()["area_km2"]))
    key_to_code = dict(
        (r["wardKey"], r["wardCode"])
        for r in query(f"SELECT wardKey, wardCode FROM admin_units WHERE provinceCode = '{PROVINCE_CODE}'")
    )
    totals: Counter[str] = Counter()
    for new_key, old_keys in conv.items():
        olds = [old_district[k] for k in old_keys if k in old_district]
        area = area_by_key.get(key_to_code.get(new_key), 0.0) or 0.0
        for d in olds:
            totals[d] += area / len(olds)
    return dict(totals)
