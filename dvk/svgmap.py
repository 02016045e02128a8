"""The on-screen choropleth as inline SVG drawn on the server: no JavaScript, hover labels in CSS, a link per unit.

plotly.js (4.5 MB) takes longer to download and start than the rest of the page; an SVG of the
same shapes is a few dozen KB of markup that the browser paints at once. The plotly figure
(`dvk.charts.choropleth`) is still what the PNG/SVG/HTML downloads are made from; this module
takes the same inputs and shows the same colours and hover text.

Markup the page's Markdown renderer keeps (`st.markdown(..., unsafe_allow_html=True)`; `st.html`
strips SVG): one `<div>` block without blank lines holding a `<style>` and the `<svg class="dvk-map">`.
Each unit is `<g class="u uI">` (or `<a class="u uI" href=…>`) around its `<path data-code data-value>`;
its hover label `<g class="tip tI">` sits in a layer drawn after every unit (SVG has no z-index, so a
label inside its unit would be hidden under the units drawn later) and is shown by the sibling rule
`.uI:hover ~ .tips .tI`.
"""

from __future__ import annotations

import hashlib
import html
import json
import math
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

import numpy as np
import pandas as pd
import shapely

from dvk import l10n
from dvk.i18n import translator
from dvk.metrics import Measure, rank

# plotly's "Reds" (ColorBrewer), as dvk.charts.choropleth uses it: low values light, high dark.
REDS = [
    (255, 245, 240),
    (254, 224, 210),
    (252, 187, 161),
    (252, 146, 114),
    (251, 106, 74),
    (239, 59, 44),
    (203, 24, 29),
    (165, 15, 21),
    (103, 0, 13),
]
GREY = "#e0e0e0"  # a unit without a value
PAD = 4  # viewBox units around the map
LEGEND_H = 40  # viewBox units under the map for the legend
FONT = 12  # label and legend text, in viewBox units (≈ px when the map is shown at its full height)
LINE = 15  # line height of a hover label
CACHE_SIZE = 12  # projected shape sets kept (levels × vintages × map heights)


@dataclass(frozen=True)
class Shapes:
    """A GeoJSON's units projected into viewBox units: path data and a point inside each unit."""

    codes: tuple[str, ...]
    names: tuple[str, ...]
    paths: tuple[str, ...]
    anchors: tuple[tuple[float, float], ...]
    width: float
    height: float  # of the map area (the legend goes under it)


_CACHE: OrderedDict[tuple[str, float], Shapes] = OrderedDict()
_LOCK = threading.Lock()  # sessions run on threads of one process


def _num(tenths: int) -> str:
    """An integer count of tenths as the shortest decimal: 12 → '1.2', -5 → '-.5', 30 → '3'."""
    q, r = divmod(abs(tenths), 10)
    s = (str(q) if q or not r else "") + (f".{r}" if r else "")
    return "-" + s if tenths < 0 else s


def _pair(x: int, y: int) -> str:
    sy = _num(y)
    return _num(x) + ("" if sy.startswith("-") else " ") + sy


def _ring(coords: np.ndarray) -> str:
    """'M x y l dx dy …z' for one ring of coordinates in tenths of a unit (relative moves, repeats dropped)."""
    pts = coords[:-1] if len(coords) > 1 and (coords[0] == coords[-1]).all() else coords
    keep = np.ones(len(pts), dtype=bool)
    keep[1:] = (np.diff(pts, axis=0) != 0).any(axis=1)
    pts = pts[keep]
    if len(pts) < 3:
        return ""
    deltas = np.diff(pts, axis=0)
    body = "".join(("" if (p := _pair(int(dx), int(dy))).startswith("-") else " ") + p for dx, dy in deltas)
    return f"M{_pair(int(pts[0][0]), int(pts[0][1]))}l{body.lstrip()}z"


def _path(geom) -> str:
    """Path data of a projected Polygon or MultiPolygon (holes kept: drawn with fill-rule evenodd)."""
    rings = []
    for poly in shapely.get_parts(geom):
        if poly.is_empty or poly.geom_type != "Polygon":
            continue
        for ring in (poly.exterior, *poly.interiors):
            rings.append(_ring(np.round(np.asarray(ring.coords)[:, :2] * 10).astype(np.int64)))
    return "".join(rings)


def _fingerprint(geojson: dict) -> str:
    """A hash of the features (ids, names, geometry): the cache key of their projection."""
    feats = [(f.get("id"), (f.get("properties") or {}).get("name"), f.get("geometry")) for f in geojson["features"]]
    return hashlib.blake2b(json.dumps(feats, separators=(",", ":")).encode(), digest_size=16).hexdigest()


def project(geojson: dict, map_height: float) -> Shapes:
    """The features projected (Mercator, as plotly draws them) to fit `map_height` viewBox units; cached."""
    key = (_fingerprint(geojson), float(map_height))
    with _LOCK:
        if key in _CACHE:
            _CACHE.move_to_end(key)
            return _CACHE[key]
    feats = [f for f in geojson["features"] if f.get("geometry")]
    geoms = np.array([shapely.from_geojson(json.dumps(f["geometry"])) for f in feats], dtype=object)

    def mercator(xy: np.ndarray) -> np.ndarray:
        lon, lat = np.radians(xy[:, 0]), np.radians(np.clip(xy[:, 1], -85, 85))
        return np.column_stack([lon, -np.log(np.tan(np.pi / 4 + lat / 2))])  # y grows downwards, as in SVG

    geoms = shapely.transform(geoms, mercator)
    x0, y0, x1, y1 = shapely.total_bounds(geoms) if len(geoms) else (0.0, 0.0, 1.0, 1.0)
    scale = (map_height - 2 * PAD) / max(y1 - y0, 1e-12)
    width = round((x1 - x0) * scale + 2 * PAD, 1)
    geoms = shapely.transform(geoms, lambda xy: (xy - [x0, y0]) * scale + PAD)
    anchors = shapely.get_coordinates(shapely.point_on_surface(geoms)) if len(geoms) else np.empty((0, 2))
    shapes = Shapes(
        codes=tuple(str(f.get("id", (f.get("properties") or {}).get("code"))) for f in feats),
        names=tuple(str((f.get("properties") or {}).get("name", "")) for f in feats),
        paths=tuple(_path(g) for g in geoms),
        anchors=tuple((round(float(x), 1), round(float(y), 1)) for x, y in anchors),
        width=width,
        height=float(map_height),
    )
    with _LOCK:
        _CACHE[key] = shapes
        while len(_CACHE) > CACHE_SIZE:
            _CACHE.popitem(last=False)
    return shapes


def colour(x: float) -> str:
    """The Reds colour at x in [0, 1], interpolated between the stops, as '#rrggbb'."""
    x = min(max(x, 0.0), 1.0) * (len(REDS) - 1)
    i = min(int(x), len(REDS) - 2)
    a, b = REDS[i], REDS[i + 1]
    return "#" + "".join(f"{round(p + (q - p) * (x - i)):02x}" for p, q in zip(a, b, strict=True))


def _text_width(text: str, bold: bool = False) -> float:
    """Rough width of a line of text in viewBox units (no browser to measure it; errs on the wide side)."""
    return len(text) * FONT * (0.6 if bold else 0.55)


def _tip(lines: list[str], anchor: tuple[float, float], width: float, height: float) -> str:
    """A hover label (rect + text lines, the first bold) near the anchor point, kept inside the viewBox."""
    w = max(_text_width(s, bold=i == 0) for i, s in enumerate(lines)) + 16
    h = LINE * len(lines) + 8
    ax, ay = anchor
    x = min(max(ax - w / 2, 1.0), max(width - w - 1, 1.0))
    y = ay - h - 6 if ay - h - 6 >= 1 else ay + 6  # above the point, else under it
    y = min(max(y, 1.0), max(height - h - 1, 1.0))
    bold = ' font-weight="bold"'
    spans = "".join(
        f'<tspan x="{x + 8:.1f}" y="{y + LINE * (i + 1):.1f}"{bold if i == 0 else ""}>{html.escape(s)}</tspan>'
        for i, s in enumerate(lines)
    )
    return (
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" rx="3" fill="#fff" fill-opacity=".95" '
        f'stroke="#444"/><text font-size="{FONT}" fill="#222">{spans}</text>'
    )


def profile_links(query: dict[str, str], page: str = "profile", key: str = "district") -> Callable[[str], str]:
    """link(code) → the relative address of a district's profile (`key` "commune": a 2025 commune's,
    ?commune=<code>) with these query parameters.

    Relative ('profile?…'), so it resolves beside the current page (/ or /map) under any
    server.baseUrlPath or proxy prefix.
    """
    return lambda code: f"{page}?" + urlencode({key: code, **query})


def svg_choropleth(
    df: pd.DataFrame,
    geojson: dict,
    measure: Measure,
    lang: str = "vi",
    *,
    link: Callable[[str], str | None] | None = None,
    height: int = 560,
    title: str = "",
) -> str:
    """The choropleth of df[measure.column] by df['code'] as one HTML block (a <style> and an <svg>).

    Same inputs and hover text as `dvk.charts.choropleth`: name, value with its unit in the
    language's number format, rank among the units with a value; units without one (NaN) are grey
    and say 'no data'. `height` is the most the map may take on screen (px); the SVG is as wide as
    its column and keeps its proportions. `link(code)` gives each unit an address (None: no link).
    """
    shapes = project(geojson, height - LEGEND_H)
    values = pd.to_numeric(df[measure.column], errors="coerce").astype(float)
    has = values.notna()
    ranks = rank(values)[has].astype(int)
    n_ranked = int(has.sum())
    by_code = {
        str(c): (n, v, ranks.get(i)) for i, c, n, v in zip(df.index, df["code"], df["name"], values, strict=True)
    }
    unit = measure.unit(lang)
    t = translator(lang)
    rank_word, none_word = t("Hạng"), t("không có số liệu")
    lo, hi = (float(values[has].min()), float(values[has].max())) if n_ranked else (0.0, 0.0)
    width, total_h = shapes.width, float(height)

    rows = []  # (code, value, hover lines, href) per drawn unit
    for code, feat_name in zip(shapes.codes, shapes.names, strict=True):
        name, v, r = by_code.get(code, (feat_name, math.nan, None))
        name = str(name)
        if math.isnan(v):
            lines = [name, none_word]
        else:
            lines = [name, f"{l10n.number(v, measure.decimals, lang)} {unit}", f"{rank_word} {r}/{n_ranked}"]
        rows.append((code, v, lines, link(code) if link else None))
    # Ids (for <use> and the legend's gradient) unique to this drawing, the same on every run.
    uid = "dvk" + hashlib.blake2b(repr((shapes.paths, rows, height)).encode(), digest_size=5).hexdigest()

    units, tips = [], []
    for i, ((code, v, lines, href), d, anchor) in enumerate(zip(rows, shapes.paths, shapes.anchors, strict=True)):
        if math.isnan(v):
            fill, value_attr = GREY, ""
        else:
            fill = colour((v - lo) / (hi - lo) if hi > lo else 0.5)
            value_attr = f' data-value="{float(v)!r}"'
        label = html.escape(", ".join(lines))
        path = f'<path id="{uid}-{i}" data-code="{html.escape(code)}"{value_attr} fill="{fill}" d="{d}"/>'
        if href:
            units.append(f'<a class="u u{i}" href="{html.escape(href)}" target="_self" aria-label="{label}">{path}</a>')
        else:
            units.append(f'<g class="u u{i}" role="img" aria-label="{label}">{path}</g>')
        tips.append(
            f'<g class="tip t{i}"><use href="#{uid}-{i}" stroke="#222" stroke-width="2"/>'
            f"{_tip(lines, anchor, width, total_h)}</g>"
        )

    legend = _legend(
        lo,
        hi,
        n_ranked,
        any(math.isnan(row[1]) for row in rows),
        measure,
        lang,
        unit,
        width,
        shapes.height,
        none_word,
        uid,
    )
    body = "".join(units) + '<g class="tips" stroke="none" pointer-events="none">' + "".join(tips) + "</g>"
    show = ",".join(f".dvk-map .u{i}:hover~.tips .t{i}" for i in range(len(units)))
    if link:
        show += "," + ",".join(f".dvk-map .u{i}:focus-visible~.tips .t{i}" for i in range(len(units)))
    style = (
        "<style>.dvk-map .tip{visibility:hidden}"
        + (f"{show}{{visibility:visible}}" if units else "")
        + ".dvk-map a.u{cursor:pointer;outline:none}</style>"
    )
    svg = (
        f'<svg class="dvk-map" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:g} {total_h:g}" '
        f'role="group" aria-label="{html.escape(title)}" '
        f'style="display:block;width:100%;height:auto;max-height:{height}px;margin:0 auto">'
        f'<g stroke="#fff" stroke-width=".6" stroke-linejoin="round" fill-rule="evenodd">{body}</g>{legend}</svg>'
    )
    return f'<div class="dvk-map-wrap">\n{style}\n{svg}\n</div>'


def _legend(
    lo: float,
    hi: float,
    n: int,
    any_missing: bool,
    measure: Measure,
    lang: str,
    unit: str,
    width: float,
    map_h: float,
    none_word: str,
    uid: str,
) -> str:
    """Under the map: a gradient bar from min to max with both labelled and the unit; a grey swatch for 'no data'.

    Text takes the page's colour (currentColor), so it reads on a dark theme too.
    """
    x0, y0 = PAD, map_h + 6
    bar_w = min(200.0, 0.35 * width)
    row2 = y0 + 10 + 4 + FONT
    out = [f'<g class="legend" font-size="{FONT}" fill="currentColor">']
    swatch_x, swatch_y = x0, y0  # where 'no data' goes: the first row when there is no bar
    if n:
        fill = f"url(#{uid}-g)" if hi > lo else colour(0.5)
        stops = "".join(
            f'<stop offset="{k / (len(REDS) - 1):.3g}" stop-color="{colour(k / (len(REDS) - 1))}"/>'
            for k in range(len(REDS))
        )
        out.append(f'<defs><linearGradient id="{uid}-g">{stops}</linearGradient></defs>')
        out.append(
            f'<rect x="{x0}" y="{y0:.1f}" width="{bar_w:.1f}" height="10" fill="{fill}" stroke="#999" stroke-width=".5"/>'
        )
        out.append(f'<text x="{x0 + bar_w + 6:.1f}" y="{y0 + 9:.1f}">{html.escape(unit)}</text>')
        lo_s, hi_s = l10n.number(lo, measure.decimals, lang), l10n.number(hi, measure.decimals, lang)
        if hi > lo:
            out.append(f'<text class="min" x="{x0}" y="{row2:.1f}">{html.escape(lo_s)}</text>')
            out.append(
                f'<text class="max" x="{x0 + bar_w:.1f}" y="{row2:.1f}" text-anchor="end">{html.escape(hi_s)}</text>'
            )
        else:
            out.append(
                f'<text class="min max" x="{x0 + bar_w / 2:.1f}" y="{row2:.1f}" text-anchor="middle">{html.escape(lo_s)}</text>'
            )
        swatch_x, swatch_y = x0 + bar_w + 6, row2 - 9
    if any_missing:
        out.append(f'<rect x="{swatch_x:.1f}" y="{swatch_y:.1f}" width="14" height="10" fill="{GREY}"/>')
        out.append(f'<text x="{swatch_x + 18:.1f}" y="{swatch_y + 9:.1f}">{html.escape(none_word)}</text>')
    out.append("</g>")
    return "".join(out)
