"""Approximate boundaries of Thanh Hóa's districts and of its 166 communes of 1 Jul 2025.

What this is: an *estimate*, not an official map. No open package ships Vietnamese boundary
polygons, so these are rebuilt from what the `vietnamadminunits` package (MIT) carries for every
pre-2025 ward/commune: a geocoded centre point, a bounding box, its district's bounding box, and —
per 2025 commune — the official area and the list of old wards it absorbed.

How: the region is covered with a 250 m grid (UTM zone 48N). Each old ward may only claim cells
inside its bounding box (repaired where the geocoder clearly failed, and cut to its district's box)
and prefers cells near its centre, distances being scaled by how far the box reaches on each
side. Every 2025 commune carries a weight that is raised or lowered until the cells it wins add up
to its official area (an area-constrained power diagram); the wards of the four neighbouring
provinces compete in the same way, and a cell nobody wants strongly enough is taken to lie outside
(the sea, Laos). That fixes the province outline; inside it the cells are then shared out again
with softened weights, stray fragments handed to their neighbours and holes filled. Wards are
merged into 2025 communes and into districts from this one cell partition, so neighbours share
their borders exactly (no gaps, no overlaps), and each layer is simplified as a whole.

Accuracy: measured against a government district map (2019; TP Thanh Hóa and Đông Sơn merged on
both sides), a district overlaps its true shape by about 82 % (intersection over union, median
over 26 units), the worst by about 74 % (Sầm Sơn scores lower only because that map predates its
2015 enlargement); the province outline by about 94 %; the total area is within 1 % of the
official 11,114.7 km². Borders can be off by a few kilometres, most of all along the border with
Laos, on the coast and in the mountains. Communes (no reference map to check them against) are
rougher still: half are within ~3 % of their official area, a few whose boxes are too tight fall
short by up to half. Good for a choropleth overview; never use them to locate a place or to
measure land.

Vintages: district rows come twice. "2024" = the 27 units until 31 Dec 2024 (TP Thanh Hóa 380
without Đông Sơn, Đông Sơn 405 on its own); "2025" = the 26 units from 1 Jan to 30 Jun 2025 (380
includes Đông Sơn's area, no 405). Units other than 380 and 405 have the same shape in both.
Communes have vintage "2025-07".

The grid, the area-constrained partition and the coverage polygons are etl.raster's (no place names
there); this module is the package-specific build on top of it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer

from etl.raster import Grid, Seeds, cell_polygons, dissolve, grid_over, partition_cells, simplify_coverage
from etl.reference import PROVINCE_CODE, communes_2025, converter_2025, districts, legacy_wards

METRIC_CRS = "EPSG:32648"  # UTM zone 48N: metres, covers all of Thanh Hóa
CELL_M = 250.0
SOURCE = "approximate"
COMMUNE_VINTAGE = "2025-07"
CITY, DONG_SON = "380", "405"  # Đông Sơn became part of TP Thanh Hóa on 1 Jan 2025
PROVINCE_KEY = "tinhthanhhoa"
# Sơn La, Hòa Bình, Ninh Bình, Nghệ An: their wards compete for cells, which pins down the
# inland border. (Laos and the sea have no wards in the package.)
NEIGHBOUR_PROVINCES = ("14", "17", "37", "40")
# Coverage simplification tolerances (metres, ~ sqrt of a dropped triangle's area): the GeoJSON of
# the districts (both vintages together) comes to ~90 KB (limit 150 KB), of the communes ~360 KB
# (limit 600 KB), and the IoU against the reference moves by < 0.002. The two layers are simplified
# separately, so a district border and the commune borders along it may differ by ~100–300 m.
DISTRICT_TOLERANCE_M = 400.0
COMMUNE_TOLERANCE_M = 150.0


# --- the package's data --------------------------------------------------------------------------

PIECE_COLUMNS = [
    "ward",
    "commune",
    "district_code",
    "lat",
    "lon",
    "min_lon",
    "min_lat",
    "max_lon",
    "max_lat",
    "dmin_lon",
    "dmin_lat",
    "dmax_lon",
    "dmax_lat",
    "target_lat",
    "target_lon",
    "area_km2",
    "split",
]


def _query(sql: str) -> pd.DataFrame:
    """Rows of the package's database."""
    from vietnamadminunits.database import query

    return pd.DataFrame(query(sql))


def _bounds(text: pd.Series) -> np.ndarray:
    """Package bounds 'lat,lon – lat,lon' → (n, 4) min_lon, min_lat, max_lon, max_lat."""
    parts = text.str.split("–", expand=True)
    lo = parts[0].str.split(",", expand=True).astype(float).to_numpy()
    hi = parts[1].str.split(",", expand=True).astype(float).to_numpy()
    return np.column_stack([lo[:, 1], lo[:, 0], hi[:, 1], hi[:, 0]])


def _new_communes(province_keys: list[str]) -> pd.DataFrame:
    """2025 communes of the given new provinces: province/ward key, code, area, centre, member count."""
    conv = converter_2025()
    keys = ",".join(f"'{k}'" for k in province_keys)
    new = _query(
        f"SELECT provinceKey, wardKey, wardCode, wardAreaKm2, wardLat, wardLon FROM admin_units "
        f"WHERE provinceKey IN ({keys})"
    )
    members: dict[tuple[str, str], int] = {}
    for prov in province_keys:
        for new_key, olds in conv["DICT_PROVINCE_WARD_NO_DIVIDED"].get(prov, {}).items():
            members[(prov, new_key)] = members.get((prov, new_key), 0) + len(olds)
        for targets in conv["DICT_PROVINCE_WARD_DIVIDED"].get(prov, {}).values():
            for t in targets:
                members[(prov, t["newWardKey"])] = members.get((prov, t["newWardKey"]), 0) + 1
    new["members"] = [members.get(k, 1) for k in zip(new["provinceKey"], new["wardKey"])]
    return new.set_index(["provinceKey", "wardKey"])


def _old_to_new(province_keys: list[str]) -> pd.DataFrame:
    """(old ward key, new province key, new ward key, split) for every old ward of those new provinces."""
    conv = converter_2025()
    rows = []
    for prov in province_keys:
        for new_key, olds in conv["DICT_PROVINCE_WARD_NO_DIVIDED"].get(prov, {}).items():
            rows += [(old, prov, new_key, False) for old in olds]
        for old, targets in conv["DICT_PROVINCE_WARD_DIVIDED"].get(prov, {}).items():
            rows += [(old, prov, t["newWardKey"], True) for t in targets]
    return pd.DataFrame(rows, columns=["key", "new_province", "new_ward", "split"])


def _pieces(wards: pd.DataFrame, links: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """Join old wards to their 2025 communes: one row per (ward, commune) with the commune's centre
    and the ward's expected share of the commune's area (shared equally among its members)."""
    df = links.merge(wards, on="key", how="inner")
    c = new.loc[list(zip(df["new_province"], df["new_ward"]))]
    df["commune"] = c["wardCode"].to_numpy()
    df["target_lat"] = c["wardLat"].to_numpy()
    df["target_lon"] = c["wardLon"].to_numpy()
    df["area_km2"] = (c["wardAreaKm2"] / c["members"]).to_numpy()
    return df


def ward_pieces() -> pd.DataFrame:
    """Thanh Hóa: one row per (old ward, 2025 commune) piece — 537 whole wards plus the parts of 10 split ones.

    Columns: ward, commune, district_code, lat, lon (the ward's centre), min_lon… (its box),
    dmin_lon… (its district's box), target_lat/target_lon (the 2025 commune's centre), area_km2
    (expected), split (part of a ward divided between communes).
    """
    wards = legacy_wards().rename(columns={"code": "ward"})
    links = _old_to_new([PROVINCE_KEY])
    out = _pieces(wards, links, _new_communes([PROVINCE_KEY]))
    dbox = _district_boxes(wards)
    out[["dmin_lon", "dmin_lat", "dmax_lon", "dmax_lat"]] = dbox.loc[out["district_code"]].to_numpy()
    return out[PIECE_COLUMNS].sort_values(["commune", "ward"]).reset_index(drop=True)


def _district_boxes(wards: pd.DataFrame) -> pd.DataFrame:
    """Bounding box per Thanh Hóa district: the package's own (accurate) box, the union of the ward
    boxes for Đông Sơn, which the package no longer lists as a district."""
    rows = _query(
        f"SELECT DISTINCT districtCode, districtBounds FROM admin_units_legacy WHERE provinceCode = '{PROVINCE_CODE}'"
    )
    box = pd.DataFrame(
        _bounds(rows["districtBounds"]),
        index=rows["districtCode"],
        columns=["dmin_lon", "dmin_lat", "dmax_lon", "dmax_lat"],
    )
    ds = wards[wards["district_code"] == DONG_SON]
    box.loc[DONG_SON] = [ds["min_lon"].min(), ds["min_lat"].min(), ds["max_lon"].max(), ds["max_lat"].max()]
    return box


def neighbour_pieces(margin_deg: float = 0.05) -> pd.DataFrame:
    """Wards of the neighbouring provinces whose box comes near Thanh Hóa's, one row each, same columns
    as ward_pieces (commune = "nb" + the ward code: each competes with its own expected area)."""
    codes = ",".join(f"'{c}'" for c in NEIGHBOUR_PROVINCES)
    legacy = _query(
        "SELECT provinceKey || '_' || districtKey || '_' || wardKey AS key, wardCode AS ward, "
        "districtCode AS district_code, wardLat AS lat, wardLon AS lon, wardBounds, districtBounds "
        f"FROM admin_units_legacy WHERE provinceCode IN ({codes})"
    )
    legacy[["min_lon", "min_lat", "max_lon", "max_lat"]] = _bounds(legacy["wardBounds"])
    legacy[["dmin_lon", "dmin_lat", "dmax_lon", "dmax_lat"]] = _bounds(legacy["districtBounds"])
    prov = _query(f"SELECT provinceBounds FROM admin_units_legacy WHERE provinceCode = '{PROVINCE_CODE}' LIMIT 1")
    pb = _bounds(prov["provinceBounds"])[0] + np.array([-1, -1, 1, 1]) * margin_deg
    near = (
        (legacy["max_lon"] > pb[0])
        & (legacy["min_lon"] < pb[2])
        & (legacy["max_lat"] > pb[1])
        & (legacy["min_lat"] < pb[3])
    )
    legacy = legacy[near]
    # Their 2025 provinces (Hòa Bình is now part of Phú Thọ, …): every new province holding one.
    old_prov = set(legacy["key"].str.split("_").str[0])
    new_provs = sorted(k for k, olds in converter_2025()["DICT_PROVINCE"].items() if old_prov & set(olds))
    df = _pieces(legacy, _old_to_new(new_provs), _new_communes(new_provs))
    # A split ward counts once, with the sum of its shares; its centre is that of its first commune.
    agg = (
        df.groupby("ward", sort=True)
        .agg({c: "first" for c in df.columns if c not in ("ward", "area_km2")} | {"area_km2": "sum"})
        .reset_index()
    )
    agg["commune"] = "nb" + agg["ward"]  # a group of its own, never equal to a Thanh Hóa commune code
    agg["split"] = False
    return agg[PIECE_COLUMNS]


def _km_per_degree(lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Kilometres per degree of longitude and of latitude at the given latitudes."""
    return 111.32 * np.cos(np.radians(lat)), np.full_like(lat, 110.57)


def _square(lon: np.ndarray, lat: np.ndarray, area_km2: np.ndarray) -> np.ndarray:
    """Lon/lat boxes (min_lon, min_lat, max_lon, max_lat) of squares of the given areas around points."""
    kx, ky = _km_per_degree(lat)
    half = np.sqrt(area_km2) / 2
    return np.stack([lon - half / kx, lat - half / ky, lon + half / kx, lat + half / ky], axis=1)


def _inside(lon: np.ndarray, lat: np.ndarray, box: np.ndarray) -> np.ndarray:
    """Whether each point lies in its box."""
    return (lon >= box[:, 0]) & (lon <= box[:, 2]) & (lat >= box[:, 1]) & (lat <= box[:, 3])


@dataclass(frozen=True)
class SeedRules:
    """Thresholds for repairing the package's geocoding (areas relative to the ward's expected area,
    distances relative to the square root of its commune's area)."""

    widen: float = 2.5  # boxes smaller than this are grown to it around the centre
    shrink: float = 8.0  # boxes larger than this are cut to it around the centre
    stray: float = 1.0  # a centre this far from its commune's centre, which its box misses, is moved there
    split_pull: float = 0.5  # a split ward's part is seeded this far towards its new commune's centre
    floor_km: float = 1.0  # smallest cost scale, so a centre on its box's edge still reaches across it


def repaired_seeds(p: pd.DataFrame, rules: SeedRules = SeedRules()) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Seed lon, lat and allowed box (lon/lat) per piece after repairing implausible geocoding.

    The package's centres come from a geocoder: wards whose names differ by a tone mark
    (Hoằng Đông / Hoằng Đồng) sometimes share one point, and some boxes are a 300 m default square
    or span half a district. The 2025 commune centres are independent, so a ward centre far from its
    commune's centre whose box does not even hold that centre is taken to be wrong. District boxes
    are accurate: every ward box is cut to its district's.
    """
    lon, lat = p["lon"].to_numpy(float).copy(), p["lat"].to_numpy(float).copy()
    tlon, tlat = p["target_lon"].to_numpy(float), p["target_lat"].to_numpy(float)
    box = p[["min_lon", "min_lat", "max_lon", "max_lat"]].to_numpy(float).copy()
    dbox = p[["dmin_lon", "dmin_lat", "dmax_lon", "dmax_lat"]].to_numpy(float)
    ward_area = p.groupby("ward")["area_km2"].transform("sum").to_numpy(float)
    commune_area = p.groupby("commune")["area_km2"].transform("sum").to_numpy(float)
    kx, ky = _km_per_degree(lat)
    dist = np.hypot((lon - tlon) * kx, (lat - tlat) * ky)
    stray = (dist > rules.stray * np.sqrt(commune_area)) & ~_inside(tlon, tlat, box)
    lon[stray], lat[stray] = tlon[stray], tlat[stray]
    box[stray] = _square(lon[stray], lat[stray], rules.widen * ward_area[stray])
    split = p["split"].to_numpy(bool) & ~stray
    lon[split] += rules.split_pull * (tlon[split] - lon[split])
    lat[split] += rules.split_pull * (tlat[split] - lat[split])
    kx, ky = _km_per_degree(lat)
    box_area = (box[:, 2] - box[:, 0]) * kx * (box[:, 3] - box[:, 1]) * ky
    big = box_area > rules.shrink * ward_area
    cut = _square(lon, lat, rules.shrink * ward_area)
    box[big, :2] = np.maximum(box[big, :2], cut[big, :2])
    box[big, 2:] = np.minimum(box[big, 2:], cut[big, 2:])
    small = box_area < rules.widen * ward_area
    grown = _square(lon, lat, rules.widen * ward_area)
    box[small, :2] = np.minimum(box[small, :2], grown[small, :2])
    box[small, 2:] = np.maximum(box[small, 2:], grown[small, 2:])
    # Cut to the district's box, with the seed inside both.
    lon, lat = np.clip(lon, dbox[:, 0], dbox[:, 2]), np.clip(lat, dbox[:, 1], dbox[:, 3])
    box[:, :2] = np.minimum(np.maximum(box[:, :2], dbox[:, :2]), np.column_stack([lon, lat]))
    box[:, 2:] = np.maximum(np.minimum(box[:, 2:], dbox[:, 2:]), np.column_stack([lon, lat]))
    return lon, lat, box


def reach_scales(lon: np.ndarray, lat: np.ndarray, box: np.ndarray, floor_km: float = 1.0) -> np.ndarray:
    """Cost scales (metres) west/east/south/north of each seed: how far its box reaches on that side.

    A box is the extent of the true shape, so the shape touches all four edges: a cost of 1 at each
    edge (straight across from the centre) encodes just that.
    """
    kx, ky = _km_per_degree(lat)
    reach = np.stack(
        [(lon - box[:, 0]) * kx, (box[:, 2] - lon) * kx, (lat - box[:, 1]) * ky, (box[:, 3] - lat) * ky], 1
    )
    return np.maximum(reach, floor_km) * 1000.0


def _transformers() -> tuple[Transformer, Transformer]:
    """WGS84 → UTM 48N and back (lon/lat order)."""
    return (
        Transformer.from_crs("EPSG:4326", METRIC_CRS, always_xy=True),
        Transformer.from_crs(METRIC_CRS, "EPSG:4326", always_xy=True),
    )


def partition(cell_m: float = CELL_M, rules: SeedRules = SeedRules()) -> tuple[Grid, np.ndarray, pd.DataFrame]:
    """The cell partition of the province: grid, owning Thanh Hóa piece per cell (2-D, -1 outside), pieces."""
    fwd, inv = _transformers()
    inner = ward_pieces()
    pieces = pd.concat([inner, neighbour_pieces()], ignore_index=True)
    lon, lat, box = repaired_seeds(pieces, rules)
    sx, sy = fwd.transform(lon, lat)
    corners_x, corners_y = fwd.transform(
        np.r_[box[:, 0], box[:, 2], box[:, 0], box[:, 2]], np.r_[box[:, 1], box[:, 1], box[:, 3], box[:, 3]]
    )
    grid = grid_over((corners_x.min(), corners_y.min(), corners_x.max(), corners_y.max()), cell_m)
    cx, cy = grid.centres()
    clon, clat = inv.transform(cx, cy)
    groups, group = np.unique(pieces["commune"].to_numpy(), return_inverse=True)
    area = pieces.groupby("commune")["area_km2"].sum().loc[groups].to_numpy()
    seeds = Seeds(np.asarray(sx), np.asarray(sy), box, reach_scales(lon, lat, box, rules.floor_km), group)
    labels = partition_cells(grid, np.asarray(clon), np.asarray(clat), seeds, area * 1e6 / cell_m**2, len(inner))
    return grid, labels, inner


def _to_metric(geoms: list[shapely.Geometry]) -> list[shapely.Geometry]:
    """Reproject lon/lat geometries to the metric working CRS."""
    fwd, _ = _transformers()
    return list(
        shapely.transform(np.array(geoms, dtype=object), lambda xy: np.column_stack(fwd.transform(xy[:, 0], xy[:, 1])))
    )


def simplify_for_web(geoms_wgs84: list[shapely.Geometry], level: str) -> list[bytes]:
    """WGS84 WKB of a coverage simplified like the approximate layers (official files are often heavy)."""
    tol = DISTRICT_TOLERANCE_M if level == "district" else COMMUNE_TOLERANCE_M
    metric = simplify_coverage(_to_metric(geoms_wgs84), tol)
    return [shapely.to_wkb(g) for g in _to_wgs84(metric)]


def _to_wgs84(geoms: list[shapely.Geometry]) -> list[shapely.Geometry]:
    """Reproject metric geometries to lon/lat (the same input vertex always gives the same output)."""
    _, inv = _transformers()

    def fn(xy: np.ndarray) -> np.ndarray:
        return np.column_stack(inv.transform(xy[:, 0], xy[:, 1]))

    return list(shapely.transform(np.array(geoms, dtype=object), fn))


def build_boundaries() -> pd.DataFrame:
    """Approximate polygons (WGS84 WKB) of the districts (vintages "2024" and "2025") and of the 2025 communes."""
    grid, labels, p = partition()
    pieces = cell_polygons(grid, labels, len(p))
    by_district = dissolve(pieces, p["district_code"].to_numpy())
    by_commune = dissolve(pieces, p["commune"].to_numpy())
    codes = list(by_district)
    d2024 = dict(zip(codes, simplify_coverage([by_district[c] for c in codes], DISTRICT_TOLERANCE_M)))
    # 2025: the city absorbs Đông Sơn. Merging the simplified pair keeps every other border identical.
    d2025 = {c: g for c, g in d2024.items() if c != DONG_SON}
    d2025[CITY] = shapely.coverage_union_all([d2024[CITY], d2024[DONG_SON]])
    c_codes = list(by_commune)
    communes = dict(zip(c_codes, simplify_coverage([by_commune[c] for c in c_codes], COMMUNE_TOLERANCE_M)))

    d_names = dict(zip(districts()["code"], districts()["name"]))
    c_names = dict(zip(communes_2025()["code"], communes_2025()["name"]))
    rows = []
    for level, vintage, layer, names in (
        ("district", "2024", d2024, d_names),
        ("district", "2025", d2025, d_names),
        ("commune", COMMUNE_VINTAGE, communes, c_names),
    ):
        keys = sorted(layer)
        for code, geom in zip(keys, _to_wgs84([layer[k] for k in keys])):
            rows.append(
                {
                    "level": level,
                    "code": code,
                    "name": names[code],
                    "vintage": vintage,
                    "source": SOURCE,
                    "geom_wkb": shapely.to_wkb(geom),
                }
            )
    return pd.DataFrame(rows, columns=["level", "code", "name", "vintage", "source", "geom_wkb"])


def to_geojson(frame: pd.DataFrame) -> str:
    """The GeoJSON text the app sends to the browser for these rows (dvk.geo builds it)."""
    from dvk.geo import to_geojson as feature_collection

    return json.dumps(feature_collection(frame), ensure_ascii=False, separators=(",", ":"))
