"""Approximate boundaries: the raster machinery on made-up wards, then build_boundaries() on the package data."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
import shapely
from pyproj import Transformer

from etl import geometry as geo
from etl import raster
from etl.reference import communes_2025, districts

OFFICIAL_AREA_KM2 = 11_114.7
_TO_UTM = Transformer.from_crs("EPSG:4326", geo.METRIC_CRS, always_xy=True)


def metric(geoms: np.ndarray) -> np.ndarray:
    """Lon/lat geometries → UTM 48N."""
    return shapely.transform(geoms, lambda xy: np.column_stack(_TO_UTM.transform(xy[:, 0], xy[:, 1])))


# --- synthetic: four 2 km × 2 km "wards" tiling a 4 km square, 100 m cells -----------------------

CELL = 100.0
QUADRANTS = np.array(
    [[0, 0, 2000, 2000], [2000, 0, 4000, 2000], [0, 2000, 2000, 4000], [2000, 2000, 4000, 4000]], float
)


def square_seeds(boxes: np.ndarray, groups: np.ndarray | None = None) -> raster.Seeds:
    """Seeds at the centres of metric boxes, reaching to the box edges."""
    x = (boxes[:, 0] + boxes[:, 2]) / 2
    y = (boxes[:, 1] + boxes[:, 3]) / 2
    scale = np.column_stack([x - boxes[:, 0], boxes[:, 2] - x, y - boxes[:, 1], boxes[:, 3] - y])
    return raster.Seeds(x, y, boxes, scale, np.arange(len(boxes)) if groups is None else groups)


@pytest.fixture(scope="module")
def quad():
    """The four-square partition: grid, labels and polygons."""
    grid = raster.grid_over((0, 0, 4000, 4000), CELL)
    cx, cy = grid.centres()
    targets = np.full(4, 4e6 / CELL**2)  # 4 km² each
    labels = raster.partition_cells(grid, cx, cy, square_seeds(QUADRANTS), targets, n_inner=4)
    return grid, labels, raster.cell_polygons(grid, labels, 4)


def test_grid_covers_bounds_with_margin():
    grid = raster.grid_over((0, 0, 4000, 4000), CELL, margin=2)
    assert (grid.x0, grid.y0) == (-200.0, -200.0)
    assert grid.x0 + grid.nx * CELL >= 4200 and grid.y0 + grid.ny * CELL >= 4200
    cx, cy = grid.centres()
    assert cx.size == grid.nx * grid.ny and cx[0] == -150.0 and cy[grid.nx] == -50.0


def test_candidate_pairs_only_inside_box_and_cost_one_at_edge():
    grid = raster.grid_over((0, 0, 4000, 4000), CELL)
    cx, cy = grid.centres()
    cell, owner, cost = raster.candidate_pairs(grid, cx, cy, square_seeds(QUADRANTS[:1]))
    assert np.all(np.diff(cell) >= 0)
    assert len(cell) == 20 * 20  # the cells of one 2 km square
    assert np.all((cx[cell] <= 2000) & (cy[cell] <= 2000))
    # Cell centre 50 m inside the west edge, 50 m north of the seed: (950/1000)² + (50/1000)².
    edge = cell[(cx[cell] == 50.0) & (cy[cell] == 1050.0)]
    assert cost[cell == edge[0]][0] == pytest.approx(0.905)
    assert cost.max() == pytest.approx(2 * 0.95**2)  # the box's corners


def test_quadrants_get_their_areas(quad):
    grid, labels, _ = quad
    counts = np.bincount(labels[labels >= 0], minlength=4)
    assert counts == pytest.approx(np.full(4, 400), rel=0.05)
    assert (labels >= 0).sum() == pytest.approx(1600, rel=0.03)


def test_quadrant_cells_mostly_in_own_box(quad):
    grid, labels, _ = quad
    cx, cy = grid.centres()
    lab = labels.ravel()
    own = QUADRANTS[np.maximum(lab, 0)]
    ok = (cx >= own[:, 0]) & (cx <= own[:, 2]) & (cy >= own[:, 1]) & (cy <= own[:, 3])
    assert ok[lab >= 0].mean() == 1.0


def test_quadrant_polygons_form_a_gap_free_coverage(quad):
    _, _, polys = quad
    assert shapely.is_valid(polys).all()
    assert shapely.coverage_is_valid(polys)
    for i in range(4):
        for j in range(i + 1, 4):
            assert shapely.intersection(polys[i], polys[j]).area == 0.0
    union = shapely.union_all(polys)
    assert union.area == pytest.approx(sum(p.area for p in polys))
    assert union.geom_type == "Polygon" and shapely.get_num_interior_rings(union) == 0
    # Side-by-side squares share a border of about 2 km, vertex for vertex (it is a line, not points).
    shared = shapely.intersection(polys[0], polys[1])
    assert shared.geom_type in ("LineString", "MultiLineString")
    assert shared.length == pytest.approx(2000, rel=0.1)
    # Diagonal squares meet at most at a point.
    assert shapely.intersection(polys[0], polys[3]).length == 0.0


def test_simplified_coverage_stays_gap_free(quad):
    _, _, polys = quad
    simple = np.array(raster.simplify_coverage(list(polys), 150.0), dtype=object)
    assert shapely.coverage_is_valid(simple)
    assert shapely.union_all(simple).area == pytest.approx(shapely.union_all(polys).area, rel=0.02)
    assert shapely.get_num_coordinates(simple).sum() < shapely.get_num_coordinates(polys).sum()


def test_balance_areas_reaches_unequal_targets():
    grid = raster.grid_over((0, 0, 4000, 2000), CELL, margin=0)
    cx, cy = grid.centres()
    box = np.array([[0, 0, 4000, 2000], [0, 0, 4000, 2000]], float)
    seeds = raster.Seeds(
        np.array([1000.0, 3000.0]), np.array([1000.0, 1000.0]), box, np.full((2, 4), 2000.0), np.array([0, 1])
    )
    cell, owner, cost = raster.candidate_pairs(grid, cx, cy, seeds)
    n = grid.nx * grid.ny
    who, weight = raster.balance_areas(
        cell, owner, cost, seeds.group, np.array([0.3, 0.7]) * n, n, iterations=200, outside=False
    )
    assert np.bincount(who, minlength=2) / n == pytest.approx([0.3, 0.7], abs=0.01)
    assert weight[1] > weight[0]


def test_balance_areas_outside_option_leaves_cells_out():
    grid = raster.grid_over((0, 0, 4000, 4000), CELL, margin=0)
    cx, cy = grid.centres()
    seeds = square_seeds(np.array([[0, 0, 4000, 4000]], float))
    cell, owner, cost = raster.candidate_pairs(grid, cx, cy, seeds)
    who, _ = raster.balance_areas(cell, owner, cost, seeds.group, np.array([400.0]), grid.nx * grid.ny, iterations=200)
    assert (who >= 0).sum() == pytest.approx(400, rel=0.02)
    # What it keeps is the disc around the seed, not scattered cells.
    r = np.hypot(cx[who >= 0] - 2000, cy[who >= 0] - 2000)
    assert r.max() < 1300


def test_competitors_keep_inner_seeds_out():
    grid = raster.grid_over((0, 0, 4000, 4000), CELL)
    cx, cy = grid.centres()
    boxes = np.array([[0, 0, 2000, 4000], [0, 0, 4000, 4000]], float)  # inner west half; competitor everywhere
    seeds = raster.Seeds(
        np.array([1000.0, 3000.0]), np.array([2000.0, 2000.0]), boxes, np.full((2, 4), 2000.0), np.array([0, 1])
    )
    labels = raster.partition_cells(grid, cx, cy, seeds, np.array([800.0, 800.0]), n_inner=1)
    inside = labels.ravel() >= 0
    assert set(np.unique(labels[labels >= 0])) == {0}
    assert inside.sum() == pytest.approx(800, rel=0.1)
    assert cx[inside].max() < 2200


def test_components_and_holes():
    a = np.full((6, 6), -1)
    a[0, :] = a[:, 5] = a[5, :] = 1
    a[2:, 0] = 1
    a[2, 2] = 7
    comp = raster.components(a)
    assert len(np.unique(comp[a == 1])) == 1  # the U-shape is one part
    assert comp[2, 2] != comp[0, 0] and comp[1, 1] == -1
    ring = np.full((5, 5), -1)
    ring[0, :] = ring[-1, :] = ring[:, 0] = ring[:, -1] = 3
    padded = np.pad(ring, 1, constant_values=-1)
    filled = raster.fill_holes(padded)
    assert (filled[2:5, 2:5] == 3).all() and (filled[0, :] == -1).all()


def test_keep_main_parts_hands_fragments_to_neighbours():
    lab = np.zeros((5, 8), int)
    lab[:, 4:] = 1
    lab[2, 6] = 0  # a one-cell island of 0 inside 1
    out = raster.keep_main_parts(lab, np.arange(2))
    assert out[2, 6] == 1
    assert (out[:, :4] == 0).all() and (out[:, 4:] == 1).all()


def test_close_mask_fills_narrow_notch_only():
    m = np.zeros((12, 20), bool)
    m[2:10, 2:18] = True
    m[2:6, 9] = False  # a 1-cell wide notch from the edge
    closed = raster.close_mask(m, 2)
    assert closed[3:6, 9].all()  # the notch is closed (but for its mouth on the edge row)
    assert (closed & ~m).sum() <= 4
    wide = m.copy()
    wide[2:6, 6:13] = False  # a 7-cell wide bay stays open
    assert not raster.close_mask(wide, 2)[2:5, 8:11].any()


def test_repaired_seeds_fix_tiny_huge_and_stray_boxes():
    def row(lat, lon, box, target, area):
        return {
            "ward": f"w{lat}",
            "commune": "c",
            "lat": lat,
            "lon": lon,
            "min_lon": box[0],
            "min_lat": box[1],
            "max_lon": box[2],
            "max_lat": box[3],
            "dmin_lon": 105.0,
            "dmin_lat": 19.0,
            "dmax_lon": 106.5,
            "dmax_lat": 20.5,
            "target_lat": target[0],
            "target_lon": target[1],
            "area_km2": area,
            "split": False,
        }

    p = pd.DataFrame(
        [
            row(19.80, 105.80, (105.7985, 19.7985, 105.8015, 19.8015), (19.80, 105.80), 20.0),  # 300 m default box
            row(19.90, 105.60, (105.30, 19.60, 105.90, 20.20), (19.90, 105.60), 20.0),  # ~4,000 km² box
            row(20.30, 105.50, (105.49, 20.29, 105.51, 20.31), (19.60, 105.90), 20.0),  # far from its commune
        ]
    )
    lon, lat, box = geo.repaired_seeds(p)
    kx = 111.32 * np.cos(np.radians(lat))
    area = (box[:, 2] - box[:, 0]) * kx * (box[:, 3] - box[:, 1]) * 110.57
    assert area[0] == pytest.approx(2.5 * 20, rel=0.05)
    assert area[1] == pytest.approx(8 * 20, rel=0.05)
    assert (lat[2], lon[2]) == (19.60, 105.90)
    assert geo._inside(lon, lat, box).all()


# --- the real thing -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built() -> pd.DataFrame:
    """build_boundaries() once for all the tests below."""
    return geo.build_boundaries()


def layer(frame: pd.DataFrame, level: str, vintage: str) -> pd.DataFrame:
    """Rows of one level and vintage."""
    return frame[(frame["level"] == level) & (frame["vintage"] == vintage)].set_index("code")


def test_columns_codes_and_vintages(built):
    assert list(built.columns) == ["level", "code", "name", "vintage", "source", "geom_wkb"]
    assert set(built["source"]) == {"approximate"}
    all_codes = set(districts()["code"])
    d2024, d2025 = layer(built, "district", "2024"), layer(built, "district", "2025")
    assert len(d2024) == 27 and set(d2024.index) == all_codes
    assert len(d2025) == 26 and set(d2025.index) == all_codes - {"405"}
    communes = layer(built, "commune", "2025-07")
    assert len(communes) == 166 and set(communes.index) == set(communes_2025()["code"])
    assert d2024.loc["405", "name"] == "Huyện Đông Sơn"


@pytest.mark.parametrize("level,vintage", [("district", "2024"), ("district", "2025"), ("commune", "2025-07")])
def test_layers_are_valid_gap_free_coverages(built, level, vintage):
    part = layer(built, level, vintage)
    geoms = shapely.from_wkb(part["geom_wkb"].to_numpy())
    assert shapely.is_valid(geoms).all() and not shapely.is_empty(geoms).any()
    assert shapely.get_type_id(geoms).max() <= 6 and set(shapely.get_type_id(geoms)) <= {3, 6}
    m = metric(geoms)
    tree = shapely.STRtree(m)
    left, right = tree.query(m, predicate="intersects")
    pairs = left < right
    overlap_km2 = shapely.area(shapely.intersection(m[left[pairs]], m[right[pairs]])).sum() / 1e6
    assert overlap_km2 < 0.01
    total = shapely.area(m).sum() / 1e6
    assert abs(total / OFFICIAL_AREA_KM2 - 1) < 0.05
    union = shapely.union_all(m)
    assert union.area / 1e6 == pytest.approx(total, rel=1e-4)  # no overlaps, seen another way
    assert sum(shapely.get_num_interior_rings(p) for p in shapely.get_parts(union)) == 0
    assert shapely.get_num_geometries(union) == 1  # one province, no islands of cells


def test_city_2025_is_city_2024_plus_dong_son(built):
    d2024, d2025 = layer(built, "district", "2024"), layer(built, "district", "2025")
    city24, dong_son, city25 = (
        metric(shapely.from_wkb(w))
        for w in (d2024.loc["380", "geom_wkb"], d2024.loc["405", "geom_wkb"], d2025.loc["380", "geom_wkb"])
    )
    assert shapely.symmetric_difference(shapely.union(city24, dong_son), city25).area < 1e4  # < 0.01 km²
    assert shapely.intersection(city24, dong_son).area < 1e4
    assert 50 < dong_son.area / 1e6 < 120  # Đông Sơn was ~83 km²
    # The other districts are identical in both vintages.
    for code in d2025.index.drop("380"):
        assert d2024.loc[code, "geom_wkb"] == d2025.loc[code, "geom_wkb"]


def test_district_areas_near_the_package_shares(built):
    d2024 = layer(built, "district", "2024")
    ours = pd.Series(shapely.area(metric(shapely.from_wkb(d2024["geom_wkb"].to_numpy()))) / 1e6, index=d2024.index)
    expected = districts().set_index("code")["area_km2"]
    ratio = ours / expected.loc[ours.index]
    assert ratio.between(0.7, 1.3).all(), ratio[~ratio.between(0.7, 1.3)]
    assert (ratio - 1).abs().median() < 0.05


def test_commune_areas_near_official(built):
    communes = layer(built, "commune", "2025-07")
    ours = shapely.area(metric(shapely.from_wkb(communes["geom_wkb"].to_numpy()))) / 1e6
    official = communes_2025().set_index("code").loc[communes.index, "area_km2"].to_numpy()
    error = np.abs(ours / official - 1)
    assert np.median(error) < 0.05
    assert np.quantile(error, 0.9) < 0.2


def test_commune_centres_fall_in_their_own_polygon(built):
    communes = layer(built, "commune", "2025-07")
    ref = communes_2025().set_index("code").loc[communes.index]
    polys = metric(shapely.from_wkb(communes["geom_wkb"].to_numpy()))
    x, y = _TO_UTM.transform(ref["lon"].to_numpy(), ref["lat"].to_numpy())
    distance = shapely.distance(polys, shapely.points(x, y))
    assert (distance <= 1000).mean() >= 0.95
    assert (distance == 0).mean() >= 0.9


def test_geojson_is_small_and_valid(built):
    districts_json = geo.to_geojson(built[built["level"] == "district"])
    communes_json = geo.to_geojson(built[built["level"] == "commune"])
    assert len(districts_json.encode("utf-8")) <= 150 * 1024
    assert len(communes_json.encode("utf-8")) <= 600 * 1024
    doc = json.loads(districts_json)
    assert len(doc["features"]) == 27 + 26
    first = doc["features"][0]
    assert set(first["properties"]) == {"code", "name"} and first["id"] == first["properties"]["code"]
    # Coordinates at 5 decimals (~1 m), inside the province's box.
    coords = np.array(shapely.get_coordinates(shapely.from_geojson(json.dumps(first["geometry"]))))
    assert np.allclose(coords, np.round(coords, 5))
    assert (104.3 < coords[:, 0]).all() and (coords[:, 0] < 106.2).all()
    assert (19.2 < coords[:, 1]).all() and (coords[:, 1] < 20.8).all()
    rounded = shapely.from_geojson([json.dumps(f["geometry"]) for f in json.loads(communes_json)["features"]])
    assert shapely.is_valid(rounded).all()
