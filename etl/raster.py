"""Partition a raster among competing seeds with known areas, and turn the cells into a coverage.

Generic machinery, no place names: a square grid (`grid_over`), seeds that may claim only cells in
their box and prefer cells near their centre (`candidate_pairs`), weights raised or lowered until
each group of seeds wins its known area (`balance_areas`, an area-constrained power diagram), the
cleaning of the result (holes, stray fragments, notches) and `partition_cells`, which runs it all;
`cell_polygons`, `dissolve` and `simplify_coverage` make polygons whose shared borders match exactly.
etl.geometry applies it to the vietnamadminunits package's data.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely


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
