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
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer

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


# --- generic raster machinery --------------------------------------------------------------------


@dataclass(frozen=True)
class Grid:
    """Square cells; cell (row i, column j) has its lower-left corner at (x0 + j*size, y0 + i*size)."""

    x0: float
    y0: float
    size: float
    nx: int
    ny: int

    def centres(self) -> tuple[np.ndarray, np.ndarray]:
        """Cell-centre coordinates, flattened row by row."""
        xs = self.x0 + (np.arange(self.nx) + 0.5) * self.size
        ys = self.y0 + (np.arange(self.ny) + 0.5) * self.size
        xx, yy = np.meshgrid(xs, ys)
        return xx.ravel(), yy.ravel()


@dataclass(frozen=True)
class Seeds:
    """Sites competing for cells.

    x, y: centre in the grid's CRS; box: (n, 4) min_u, min_v, max_u, max_v of the allowed region in
    whatever coordinates the cells are tested in; scale: (n, 4) metres west/east/south/north of the
    centre at which the cost reaches 1; group: index of the group whose total area is known.
    """

    x: np.ndarray
    y: np.ndarray
    box: np.ndarray
    scale: np.ndarray
    group: np.ndarray


def grid_over(bounds: tuple[float, float, float, float], size: float, margin: int = 2) -> Grid:
    """A grid covering bounds with `margin` empty cells all round (so edge tests never wrap)."""
    minx, miny, maxx, maxy = bounds
    x0 = np.floor(minx / size) * size - margin * size
    y0 = np.floor(miny / size) * size - margin * size
    nx = int(np.ceil((maxx - x0) / size)) + margin
    ny = int(np.ceil((maxy - y0) / size)) + margin
    return Grid(float(x0), float(y0), size, nx, ny)


def candidate_pairs(
    grid: Grid, cu: np.ndarray, cv: np.ndarray, seeds: Seeds
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(cell, seed, cost) for every cell whose (cu, cv) lies in the seed's box, sorted by cell.

    The cost is the squared distance to the seed with each axis scaled by the seed's reach on that
    side, so it is about 1 where the box's edges are: a ward reaches as far as its box says.
    """
    cx, cy = grid.centres()
    cells, owners, costs = [], [], []
    for k in range(len(seeds.x)):
        # The box may be in another CRS than the grid: slice a generous metric window first,
        # then test the true box on those cells only.
        reach = seeds.scale[k].max() * 1.5 + 2 * grid.size
        j0 = max(int((seeds.x[k] - reach - grid.x0) // grid.size), 0)
        j1 = min(int((seeds.x[k] + reach - grid.x0) // grid.size) + 1, grid.nx)
        i0 = max(int((seeds.y[k] - reach - grid.y0) // grid.size), 0)
        i1 = min(int((seeds.y[k] + reach - grid.y0) // grid.size) + 1, grid.ny)
        if j0 >= j1 or i0 >= i1:
            continue
        idx = (np.arange(i0, i1)[:, None] * grid.nx + np.arange(j0, j1)[None, :]).ravel()
        b = seeds.box[k]
        u, v = cu[idx], cv[idx]
        idx = idx[(u >= b[0]) & (u <= b[2]) & (v >= b[1]) & (v <= b[3])]
        dx = cx[idx] - seeds.x[k]
        dy = cy[idx] - seeds.y[k]
        sx = np.where(dx < 0, seeds.scale[k, 0], seeds.scale[k, 1])
        sy = np.where(dy < 0, seeds.scale[k, 2], seeds.scale[k, 3])
        cells.append(idx)
        owners.append(np.full(len(idx), k))
        costs.append((dx / sx) ** 2 + (dy / sy) ** 2)
    cell = np.concatenate(cells)
    order = np.argsort(cell, kind="stable")
    return cell[order], np.concatenate(owners)[order], np.concatenate(costs)[order]


def cheapest(cell: np.ndarray, owner: np.ndarray, cost: np.ndarray, n_cells: int) -> tuple[np.ndarray, np.ndarray]:
    """Per cell (pairs sorted by cell): the cheapest owner and its cost; -1 / +inf for cells with no pair."""
    who = np.full(n_cells, -1)
    val = np.full(n_cells, np.inf)
    if len(cell) == 0:
        return who, val
    starts = np.flatnonzero(np.r_[True, cell[1:] != cell[:-1]])
    best = np.minimum.reduceat(cost, starts)
    counts = np.diff(np.r_[starts, len(cell)])
    hit = np.flatnonzero(cost == np.repeat(best, counts))
    # The first minimum of each cell's run: ties go to the lower seed index, deterministically.
    first = hit[np.r_[True, cell[hit][1:] != cell[hit][:-1]]]
    who[cell[first]] = owner[first]
    val[cell[first]] = best
    return who, val


def balance_areas(
    cell: np.ndarray,
    owner: np.ndarray,
    cost: np.ndarray,
    group: np.ndarray,
    target_cells: np.ndarray,
    n_cells: int,
    iterations: int = 60,
    tolerance: float = 0.005,
    weight: np.ndarray | None = None,
    outside: bool = True,
) -> tuple[np.ndarray, np.ndarray]:
    """Owner seed per cell (-1 = none) and the group weights that bring each group's cells to its target.

    A cell goes to the seed minimising cost - weight[group]; with `outside`, it stays unassigned
    when even that is > 0 (otherwise every cell with a candidate is assigned). A group short of
    its target gets a larger weight (it reaches further and wins cells from its neighbours), one
    over it a smaller weight. Weights move in log space with per-group adaptive steps (Rprop): a
    step grows while the error keeps its sign and halves when it flips, so neighbours trading cells
    settle quickly.
    """
    n_groups = len(target_cells)
    log_w = np.zeros(n_groups) if weight is None else np.log(weight)
    step = np.full(n_groups, 0.1)
    last = np.zeros(n_groups)
    target = np.maximum(target_cells, 1.0)
    for it in range(iterations + 1):
        who, val = cheapest(cell, owner, cost - np.exp(log_w)[group[owner]], n_cells)
        if outside:
            who[val > 0] = -1
        got = np.bincount(group[who[who >= 0]], minlength=n_groups)
        error = got / target - 1
        if it == iterations or np.all(np.abs(error) < tolerance):
            break
        sign = np.where(np.abs(error) < tolerance, 0.0, -np.sign(error))
        step = np.where(sign * last > 0, step * 1.2, np.where(sign * last < 0, step * 0.5, step))
        step = np.clip(step, 1e-4, 0.5)
        # A weight of ~50 already claims the whole box; more only breeds overflow elsewhere.
        log_w = np.minimum(log_w + sign * step, np.log(50.0))
        last = sign
    return who, np.exp(log_w)


def _dilate(mask: np.ndarray) -> np.ndarray:
    """One 4-connected dilation step."""
    out = mask.copy()
    out[1:, :] |= mask[:-1, :]
    out[:-1, :] |= mask[1:, :]
    out[:, 1:] |= mask[:, :-1]
    out[:, :-1] |= mask[:, 1:]
    return out


def close_mask(mask: np.ndarray, radius: int) -> np.ndarray:
    """Morphological closing (dilate then erode `radius` steps): fills notches narrower than ~2·radius cells."""
    # Padded so that growth past the array's edge can shrink back again.
    out = np.pad(mask, radius)
    for _ in range(radius):
        out = _dilate(out)
    for _ in range(radius):
        out = ~_dilate(~out)
    return out[radius : -radius or None, radius : -radius or None] | mask


def _runs(classes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Starts and lengths of the runs of equal class along each row of a 2-D array (flattened row by row)."""
    flat = classes.ravel()
    change = np.r_[True, flat[1:] != flat[:-1]]
    change[:: classes.shape[1]] = True  # a run never continues onto the next row
    starts = np.flatnonzero(change)
    return starts, np.diff(np.r_[starts, flat.size])


def components(classes: np.ndarray) -> np.ndarray:
    """4-connected component id (a flat index inside it) per cell of equal class; -1 where class < 0.

    Label propagation by whole runs: every horizontal, then every vertical run of one class takes
    its smallest id, then ids are chased to their root, until nothing changes — a few passes
    rather than one per cell of the longest path.
    """
    ny, nx = classes.shape
    comp = np.arange(ny * nx)
    comp[classes.ravel() < 0] = -1
    h_starts, h_lengths = _runs(classes)
    v_starts, v_lengths = _runs(classes.T)
    while True:
        before = comp
        comp = np.repeat(np.minimum.reduceat(comp, h_starts), h_lengths)
        vert = comp.reshape(ny, nx).T.ravel()
        vert = np.repeat(np.minimum.reduceat(vert, v_starts), v_lengths)
        comp = vert.reshape(nx, ny).T.ravel()
        valid = comp >= 0
        # Pointer jumping: an id names a cell of the same component, so following it is safe.
        while True:
            nxt = comp.copy()
            nxt[valid] = comp[comp[valid]]
            if np.array_equal(nxt, comp):
                break
            comp = nxt
        if np.array_equal(comp, before):
            return comp.reshape(ny, nx)


def fill_from_neighbours(labels: np.ndarray, todo: np.ndarray) -> np.ndarray:
    """Give each `todo` cell the label of an adjacent labelled cell, growing inwards ring by ring.

    Cells that no labelled cell can reach through `todo` cells end up -1.
    """
    lab = labels.copy()
    lab[todo] = -1
    pending = todo.copy()
    moves = [
        ((slice(1, None), slice(None)), (slice(0, -1), slice(None))),
        ((slice(0, -1), slice(None)), (slice(1, None), slice(None))),
        ((slice(None), slice(1, None)), (slice(None), slice(0, -1))),
        ((slice(None), slice(0, -1)), (slice(None), slice(1, None))),
    ]
    while pending.any():
        snapshot = lab.copy()  # one ring per pass, so a hole is shared fairly among its neighbours
        progressed = False
        for dst, src in moves:
            m = pending[dst] & (snapshot[src] >= 0)
            if m.any():
                lab[dst][m] = snapshot[src][m]
                pending[dst][m] = False
                progressed = True
        if not progressed:
            break
    return lab


def outside_mask(labels: np.ndarray) -> np.ndarray:
    """Unlabelled cells connected to the grid's edge; the other unlabelled cells are holes."""
    empty = labels < 0
    edge = np.zeros_like(empty)
    edge[0, :] = edge[-1, :] = True
    edge[:, 0] = edge[:, -1] = True
    comp = components(np.where(empty, 0, -1))
    return empty & np.isin(comp, np.unique(comp[edge & empty]))


def fill_holes(labels: np.ndarray) -> np.ndarray:
    """Give enclosed unlabelled cells to their neighbours, so the labelled area has no holes."""
    holes = (labels < 0) & ~outside_mask(labels)
    return fill_from_neighbours(labels, holes)


def largest_component(mask: np.ndarray) -> np.ndarray:
    """The largest 4-connected part of a boolean mask."""
    comp = components(np.where(mask, 0, -1))
    ids, counts = np.unique(comp[comp >= 0], return_counts=True)
    return comp == ids[np.argmax(counts)] if len(ids) else mask


def keep_main_parts(labels: np.ndarray, group_of: np.ndarray) -> np.ndarray:
    """Hand every fragment of a group but its largest to the neighbouring labels (labels index group_of)."""
    if not (labels >= 0).any():
        return labels.copy()
    classes = np.where(labels >= 0, group_of[np.maximum(labels, 0)], -1)
    comp = components(classes).ravel()
    inside = comp >= 0
    ids, counts = np.unique(comp[inside], return_counts=True)
    groups = classes.ravel()[ids]
    order = np.lexsort((-counts, groups))  # by group, largest first
    lead = order[np.r_[True, groups[order][1:] != groups[order][:-1]]]
    keep = np.zeros(comp.size, bool)
    keep[ids[lead]] = True
    stray = inside & ~keep[np.maximum(comp, 0)]
    return fill_from_neighbours(labels, stray.reshape(labels.shape))


def partition_cells(
    grid: Grid,
    cu: np.ndarray,
    cv: np.ndarray,
    seeds: Seeds,
    target_cells: np.ndarray,
    n_inner: int,
    closing: int = 4,
    soften: float = 0.5,
    refine: int = 8,
    iterations: int = 40,
) -> np.ndarray:
    """Owner seed per cell (2-D, -1 outside) for the first `n_inner` seeds; the rest only compete.

    1. Area-constrained assignment of all seeds with an outside option (`iterations` rounds: the
       areas end up within a few per cent, and pushing them closer only fits the geocoding errors
       harder) fixes the outline: the inner seeds' cells, holes filled, notches narrower than
       ~2·closing cells closed where no competitor sits, largest part kept.
    2. Inside that outline, the inner seeds share every cell again with their weights softened
       (w**soften) and re-balanced for `refine` rounds: the outside option that shaped the
       outline also distorts the inner borders, so they are redrawn with it gone. Measured
       against a reference map, softened weights place borders better than the raw ones or none,
       and a few rounds bring most communes within ~2 % of their area (a few whose boxes are too
       tight stay short).
    3. Stray fragments of a seed or a group go to their neighbours.
    """
    n = grid.nx * grid.ny
    shape = (grid.ny, grid.nx)
    cell, owner, cost = candidate_pairs(grid, cu, cv, seeds)
    who, weight = balance_areas(cell, owner, cost, seeds.group, target_cells, n, iterations=iterations)
    inner = np.where(who < n_inner, who, -1).reshape(shape)
    competitor = (who >= n_inner).reshape(shape)
    mask = fill_holes(inner) >= 0
    mask = (close_mask(mask, closing) & ~competitor) | mask
    mask = largest_component(fill_holes(np.where(mask, 0, -1)) >= 0)

    flat = mask.ravel()
    keep = (owner < n_inner) & flat[cell]
    groups = np.unique(seeds.group[:n_inner])
    target = np.zeros(len(target_cells))
    # The outline's area is what it is; share it out in proportion to the known areas.
    target[groups] = target_cells[groups] * flat.sum() / target_cells[groups].sum()
    who, _ = balance_areas(
        cell[keep],
        owner[keep],
        cost[keep],
        seeds.group,
        target,
        n,
        iterations=refine,
        weight=weight**soften,
        outside=False,
    )
    labels = np.where(flat, who, -1).reshape(shape)
    labels = fill_from_neighbours(labels, mask & (labels < 0))
    labels = keep_main_parts(labels, np.arange(len(seeds.x)))
    labels = keep_main_parts(labels, seeds.group)
    return fill_holes(labels)


def cell_polygons(grid: Grid, labels: np.ndarray, n_labels: int) -> np.ndarray:
    """One (Multi)Polygon per label from its cells (empty where it has none).

    Built by exact coverage union of unit squares whose corners come from integer indices, so two
    labels' shared border has bit-identical vertices on both sides.
    """
    flat = labels.ravel()
    idx = np.flatnonzero(flat >= 0)
    idx = idx[np.argsort(flat[idx], kind="stable")]
    i, j = np.divmod(idx, grid.nx)
    x = grid.x0 + j * grid.size
    y = grid.y0 + i * grid.size
    boxes = shapely.box(x, y, x + grid.size, y + grid.size)
    lab = flat[idx]
    out = np.array([shapely.Polygon()] * n_labels, dtype=object)
    starts = np.flatnonzero(np.r_[True, lab[1:] != lab[:-1]])
    for s, e in zip(starts, np.r_[starts[1:], len(lab)]):
        out[lab[s]] = shapely.coverage_union_all(boxes[s:e])
    return out


def dissolve(polygons: np.ndarray, keys: np.ndarray) -> dict[str, shapely.Geometry]:
    """Union the polygons of a coverage by key (exact and fast since the edges match)."""
    return {key: shapely.coverage_union_all(polygons[keys == key]) for key in sorted(set(keys.tolist()))}


def simplify_coverage(geoms: list[shapely.Geometry], tolerance: float) -> list[shapely.Geometry]:
    """Simplify a coverage as a whole: each shared border is simplified once, so no gaps or overlaps appear."""
    return list(shapely.coverage_simplify(np.array(geoms, dtype=object), tolerance))


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
