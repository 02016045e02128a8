"""Benchmark and accuracy check of the approximate boundaries (etl.geometry.build_boundaries).

    .venv/bin/python bench/bench_geometry.py

Prints the build time, overlap area and hole count of the output, the GeoJSON payload sizes and
the total area; then, only when the reference files of ../shared/reference are present (a
developer checkout; never shipped), the per-district intersection over union (UTM 48N, Đông Sơn
merged into TP Thanh Hóa on both sides, 26 units), its median and minimum, and the outline IoU.
Without them it prints "reference not found, skipping accuracy" and exits 0.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np
import shapely
from pyproj import Transformer

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from etl.geometry import build_boundaries, to_geojson  # noqa: E402, I001

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference"
OFFICIAL_AREA_KM2 = 11_114.7
OUTDATED = {"382"}  # the reference's Sầm Sơn predates its 2015 enlargement
_FWD = Transformer.from_crs("EPSG:4326", "EPSG:32648", always_xy=True)


def to_metric(geom: shapely.Geometry) -> shapely.Geometry:
    """Lon/lat geometry → UTM 48N."""
    return shapely.transform(geom, lambda xy: np.column_stack(_FWD.transform(xy[:, 0], xy[:, 1])))


def iou(a: shapely.Geometry, b: shapely.Geometry) -> float:
    """Intersection over union of two metric geometries."""
    union = shapely.union(a, b).area
    return shapely.intersection(a, b).area / union if union else 0.0


def overlap_and_holes(geoms: list[shapely.Geometry]) -> tuple[float, int]:
    """Total pairwise overlap area (km²) and the number of holes in the union of a layer."""
    arr = np.array(geoms, dtype=object)
    tree = shapely.STRtree(arr)
    left, right = tree.query(arr, predicate="intersects")
    keep = left < right
    overlap = shapely.area(shapely.intersection(arr[left[keep]], arr[right[keep]])).sum() / 1e6
    union = shapely.union_all(arr)
    holes = int(sum(shapely.get_num_interior_rings(p) for p in shapely.get_parts(union)))
    return overlap, holes


def main() -> int:
    """Build, time, and report."""
    start = time.perf_counter()
    frame = build_boundaries()
    elapsed = time.perf_counter() - start
    print(f"build time: {elapsed:.2f} s")

    metric = {}
    for (level, vintage), part in frame.groupby(["level", "vintage"]):
        geoms = [to_metric(g) for g in shapely.from_wkb(part["geom_wkb"].to_numpy())]
        metric[(level, vintage)] = dict(zip(part["code"], geoms))
        overlap, holes = overlap_and_holes(geoms)
        total = sum(g.area for g in geoms) / 1e6
        valid = all(shapely.is_valid(geoms))
        print(
            f"{level:8s} {vintage:7s}: {len(geoms):3d} units, total {total:,.1f} km² "
            f"({(total / OFFICIAL_AREA_KM2 - 1) * 100:+.2f} % vs official), overlap {overlap:.4f} km², "
            f"holes {holes}, all valid {valid}"
        )
    for label, part in (
        ("districts (both vintages)", frame[frame["level"] == "district"]),
        ("districts 2024", frame[(frame["level"] == "district") & (frame["vintage"] == "2024")]),
        ("communes", frame[frame["level"] == "commune"]),
    ):
        print(f"GeoJSON {label}: {len(to_geojson(part).encode('utf-8')) / 1024:.1f} KB")

    districts_file = REFERENCE / "thanhhoa_districts_dvhcvn.geojson"
    province_file = REFERENCE / "thanhhoa_province_dvhcvn.geojson"
    if not (districts_file.exists() and province_file.exists()):
        print("reference not found, skipping accuracy")
        return 0
    ref: dict[str, shapely.Geometry] = {}
    for feat in json.loads(districts_file.read_text(encoding="utf-8"))["features"]:
        code = feat["properties"]["district_code"]
        code = "380" if code == "405" else code
        g = to_metric(shapely.geometry.shape(feat["geometry"]))
        ref[code] = shapely.union(ref[code], g) if code in ref else g
    mine = metric[("district", "2025")]
    names = dict(zip(frame["code"], frame["name"]))
    scores = {}
    print(f"\n{'code':5s} {'district':24s} {'ref km²':>8s} {'ours km²':>8s} {'IoU':>6s}")
    for code in sorted(ref):
        scores[code] = iou(mine[code], ref[code]) if code in mine else 0.0
        flag = "  (reference outdated)" if code in OUTDATED else ""
        area = mine[code].area / 1e6 if code in mine else 0.0
        print(f"{code:5s} {names.get(code, '?'):24s} {ref[code].area / 1e6:8.1f} {area:8.1f} {scores[code]:6.3f}{flag}")
    values = np.array(list(scores.values()))
    others = [v for c, v in scores.items() if c not in OUTDATED]
    print(
        f"median IoU {np.median(values):.3f}   min IoU {values.min():.3f}   min IoU without Sầm Sơn {min(others):.3f}"
    )
    outline_ref = shapely.union_all(
        [
            to_metric(shapely.geometry.shape(f["geometry"]))
            for f in json.loads(province_file.read_text(encoding="utf-8"))["features"]
        ]
    )
    outline = shapely.union_all(list(mine.values()))
    print(
        f"outline IoU {iou(outline, outline_ref):.3f}   our area {outline.area / 1e6:,.1f} km²   "
        f"reference {outline_ref.area / 1e6:,.1f} km²   official {OFFICIAL_AREA_KM2:,.1f} km²"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
