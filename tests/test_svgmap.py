"""The inline SVG choropleth: one path per unit, colours follow values, labels, links, escaping and size."""

import math
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd
import pytest

from dvk import geo, queries, svgmap
from dvk.metrics import MEASURES, Measure

NS = "{http://www.w3.org/2000/svg}"
ROOT = Path(__file__).resolve().parent.parent
MEASURE = Measure("value", "Mô hình, điển hình", "Models and examples", "mô hình", "models", decimals=1)


def _square(x: float, y: float, s: float = 0.1) -> list:
    return [[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]]


def _geojson() -> dict:
    """Three units near Thanh Hóa: a square, a square with a hole, two squares as one unit."""
    feats = [
        {
            "type": "Feature",
            "id": "A",
            "properties": {"name": "An"},
            "geometry": {"type": "Polygon", "coordinates": [_square(105.0, 19.8)]},
        },
        {
            "type": "Feature",
            "id": "B",
            "properties": {"name": "Bình"},
            "geometry": {"type": "Polygon", "coordinates": [_square(105.1, 19.8), _square(105.13, 19.83, 0.04)]},
        },
        {
            "type": "Feature",
            "id": "C",
            "properties": {"name": "Cẩm"},
            "geometry": {
                "type": "MultiPolygon",
                "coordinates": [[_square(105.2, 19.8)], [_square(105.2, 19.95, 0.05)]],
            },
        },
    ]
    return {"type": "FeatureCollection", "features": feats}


def _df(values, names=("An", "Bình", "Cẩm")) -> pd.DataFrame:
    return pd.DataFrame({"code": ["A", "B", "C"], "name": list(names), "value": values})


def _svg(markup: str) -> ET.Element:
    """The <svg> of the block, parsed (it must be well-formed XML)."""
    return ET.fromstring(markup[markup.index("<svg") : markup.rindex("</svg>") + len("</svg>")])


def _paths(svg: ET.Element) -> dict[str, dict]:
    return {p.get("data-code"): p.attrib for p in svg.iter(f"{NS}path") if p.get("data-code")}


def _tips(svg: ET.Element) -> list[list[str]]:
    """The hover labels' lines, in unit order."""
    tips = [g for g in svg.iter(f"{NS}g") if "tip" in g.get("class", "").split()]
    return [[t.text for t in g.iter(f"{NS}tspan")] for g in tips]


def _brightness(fill: str) -> int:
    return sum(int(fill[i : i + 2], 16) for i in (1, 3, 5))


def test_one_path_per_unit_with_code_value_and_holes():
    out = svgmap.svg_choropleth(_df([1.0, 2.0, 3.0]), _geojson(), MEASURE)
    svg = _svg(out)
    assert "dvk-map" in svg.get("class") and svg.get("viewBox").startswith("0 0 ")
    assert "max-height:560px" in svg.get("style") and "width:100%" in svg.get("style")
    paths = _paths(svg)
    assert list(paths) == ["A", "B", "C"]
    assert [float(p["data-value"]) for p in paths.values()] == [1.0, 2.0, 3.0]
    assert paths["A"]["d"].count("M") == 1 and paths["B"]["d"].count("M") == 2 and paths["C"]["d"].count("M") == 2
    assert 'fill-rule="evenodd"' in out  # the hole in B stays a hole
    assert "\n\n" not in out and out.startswith("<div")  # one Markdown HTML block


def test_colours_follow_the_values_and_missing_units_are_grey():
    svg = _svg(svgmap.svg_choropleth(_df([5.0, math.nan, 1.0]), _geojson(), MEASURE))
    paths = _paths(svg)
    assert paths["B"]["fill"] == "#e0e0e0" and "data-value" not in paths["B"]
    assert _brightness(paths["C"]["fill"]) > _brightness(paths["A"]["fill"])  # 1 lighter than 5
    # The ends of plotly's "Reds": rgb(255,245,240) for the least, rgb(103,0,13) for the most.
    assert paths["C"]["fill"] == "#fff5f0" and paths["A"]["fill"] == "#67000d"
    # 0.1 of the way lies 0.8 of the way from the first stop to the second, rgb(254,224,210):
    # 255 - 0.8·1 = 254.2, 245 - 0.8·21 = 228.2, 240 - 0.8·30 = 216 → (254, 228, 216).
    assert svgmap.colour(0.1) == "#fee4d8" and svgmap.colour(-1) == "#fff5f0" and svgmap.colour(2) == "#67000d"
    many = [svgmap.colour(t / 10) for t in range(11)]
    assert [_brightness(c) for c in many] == sorted((_brightness(c) for c in many), reverse=True)
    assert _tips(svg)[1] == ["Bình", "không có số liệu"]
    legend = "".join(svg.find(f".//{NS}g[@class='legend']").itertext())
    assert "không có số liệu" in legend and "1,0" in legend and "5,0" in legend and "mô hình" in legend


def test_hover_labels_in_each_language_and_inside_the_view():
    df = _df([1234.5, 20.0, 1234.5])
    vi = _svg(svgmap.svg_choropleth(df, _geojson(), MEASURE, "vi"))
    assert _tips(vi) == [
        ["An", "1.234,5 mô hình", "Hạng 1/3"],
        ["Bình", "20,0 mô hình", "Hạng 3/3"],
        ["Cẩm", "1.234,5 mô hình", "Hạng 1/3"],
    ]
    en = _svg(svgmap.svg_choropleth(df, _geojson(), MEASURE, "en", height=300))
    assert _tips(en)[0] == ["An", "1,234.5 models", "Rank 1/3"]
    _, _, width, height = map(float, en.get("viewBox").split())
    assert height == 300
    for rect in en.iter(f"{NS}rect"):
        x, y, w, h = (float(rect.get(k)) for k in ("x", "y", "width", "height"))
        assert 0 <= x and x + w <= width and 0 <= y and y + h <= height
    unit = en.find(f".//{NS}g[@class='u u0']")
    assert unit.get("aria-label") == "An, 1,234.5 models, Rank 1/3"


def test_each_tip_has_its_hover_rule():
    out = svgmap.svg_choropleth(_df([1.0, 2.0, 3.0]), _geojson(), MEASURE)
    style = out[out.index("<style>") : out.index("</style>")]
    assert ".dvk-map .tip{visibility:hidden}" in style
    assert all(f".dvk-map .u{i}:hover~.tips .t{i}" in style for i in range(3))


def test_hostile_names_are_escaped():
    out = svgmap.svg_choropleth(
        _df([1.0, 2.0, 3.0], names=("<script>alert(1)</script>", 'A"B', "C&D")), _geojson(), MEASURE
    )
    assert "<script" not in out and 'A"B' not in out
    svg = _svg(out)  # still well-formed
    assert _tips(svg)[0][0] == "<script>alert(1)</script>" and _tips(svg)[2][0] == "C&D"
    assert "&lt;script&gt;" in out


def test_links_open_a_profile_with_the_filters():
    link = svgmap.profile_links({"from": "2020", "to": "2024", "lang": "en"})
    assert link("399") == "profile?district=399&from=2020&to=2024&lang=en"
    svg = _svg(
        svgmap.svg_choropleth(_df([1.0, 2.0, 3.0]), _geojson(), MEASURE, link=lambda c: None if c == "B" else link(c))
    )
    anchors = list(svg.iter(f"{NS}a"))
    assert [a.get("href") for a in anchors] == [
        "profile?district=A&from=2020&to=2024&lang=en",
        "profile?district=C&from=2020&to=2024&lang=en",
    ]
    assert all(a.get("target") == "_self" for a in anchors)
    assert [p.get("data-code") for a in anchors for p in a.iter(f"{NS}path")] == ["A", "C"]
    plain = svgmap.svg_choropleth(_df([1.0, 2.0, 3.0]), _geojson(), MEASURE)
    assert "<a " not in plain


def test_no_value_at_all_and_one_value_only():
    svg = _svg(svgmap.svg_choropleth(_df([math.nan] * 3), _geojson(), MEASURE))
    assert {p["fill"] for p in _paths(svg).values()} == {"#e0e0e0"}
    svg = _svg(svgmap.svg_choropleth(_df([4.0, 4.0, math.nan]), _geojson(), MEASURE))
    assert _paths(svg)["A"]["fill"] == "#fb6a4a"  # one value only: the middle stop, rgb(251,106,74)


def test_projection_is_cached():
    gj = _geojson()
    assert svgmap.project(gj, 500) is svgmap.project(_geojson(), 500)  # an equal GeoJSON: the cached shapes
    assert svgmap.project(gj, 400) is not svgmap.project(gj, 500) and svgmap.project(gj, 400).height == 400


def _one(ring: list, *holes: list) -> dict:
    geometry = {"type": "Polygon", "coordinates": [ring, *holes]}
    return {
        "type": "FeatureCollection",
        "features": [{"type": "Feature", "id": "Q", "properties": {"name": "Quảng"}, "geometry": geometry}],
    }


def test_a_square_degree_at_the_equator_worked_by_hand():
    """A 1°×1° square from (0°, 0°) with a hole from (0.25°, 0.25°) to (0.75°, 0.75°), in 108 viewBox units.

    Mercator: x = λ, y = -ln tan(π/4 + φ/2), so the square is 0.0174533 wide and 0.0174542 high (in
    radians); the height fills 108 - 2·4 (PAD) = 100 units, the width takes 100·0.0174533/0.0174542
    = 99.995 → 108.0 with the padding. The south-west corner is (4, 104) (y grows downwards); in
    tenths of a unit the corners are 40…1040, so each side is 100 units; the hole's corners are
    4 + 25 = 29 and 104 - 25 = 79, its sides 50.
    """
    shapes = svgmap.project(_one(_square(0, 0, 1), _square(0.25, 0.25, 0.5)), 108)
    assert shapes.codes == ("Q",) and shapes.names == ("Quảng",)
    assert shapes.paths == ("M4 104l100 0 0-100-100 0zM29 79l50 0 0-50-50 0z",)
    assert (float(shapes.width), shapes.height) == (108.0, 108.0)
    ((x, y),) = shapes.anchors  # the hover label's point: inside the square, outside its hole
    assert 4 < x < 104 and 4 < y < 104 and not (29 < x < 79 and 29 < y < 79)


def test_mercator_narrows_a_square_degree_at_60_north():
    """From 60° to 61° N the y span is ln tan(75.5°) - ln tan(75°) = 0.0354469 against 0.0174533 for the x
    span (≈ cos 60.5°): 100 units high, 100·0.0174533/0.0354469 = 49.24 wide, 49.2 in tenths, 57.2 with PAD."""
    shapes = svgmap.project(_one(_square(0, 60, 1)), 108)
    assert shapes.paths == ("M4 104l49.2 0 0-100-49.2 0z",)
    assert float(shapes.width) == 57.2


def _drawn(value: float) -> str:
    return svgmap.svg_choropleth(
        pd.DataFrame({"code": ["Q"], "name": ["Quảng"], "value": [value]}),
        _one(_square(0, 0, 1)),
        MEASURE,
        height=148,  # 40 for the legend: a map area of 108, as above
    )


def test_the_drawn_map_uses_the_projected_path_and_ids_of_its_own():
    svg = _svg(_drawn(7.0))
    assert svg.get("viewBox") == "0 0 108 148"
    (path,) = svg.iter(f"{NS}path")
    assert path.get("d") == "M4 104l100 0 0-100-100 0z" and path.get("data-value") == "7.0"
    uid = path.get("id").removesuffix("-0")
    assert re.fullmatch(r"dvk[0-9a-f]{10}", uid)
    (use,) = svg.iter(f"{NS}use")
    assert use.get("href") == f"#{uid}-0"  # the hover outline draws this unit's path
    assert _tips(svg) == [["Quảng", "7,0 mô hình", "Hạng 1/1"]]
    # Another drawing on the same page has ids of its own (a value differs: another hash).
    assert f'id="{uid}-' not in _drawn(8.0)
    # The ids hash the drawing, so another interpreter (another hash seed) draws the same ones.
    script = (
        "import sys; sys.path.insert(0, 'tests'); sys.path.insert(0, '.'); import test_svgmap as t; "
        "print(t._svg(t._drawn(7.0)).find('.//{http://www.w3.org/2000/svg}path').get('id'))"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    other = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert other.stdout.strip() == f"{uid}-0"


@pytest.mark.parametrize(
    "level, vintage, units, limit_kb",
    [("district", "2025", 26, 60), ("district", "2024", 27, 60), ("commune", geo.COMMUNE_VINTAGE, 166, 400)],
)
def test_real_boundaries_stay_small(fixture_con, level, vintage, units, limit_kb):
    frame = queries.boundaries(fixture_con, level=level, vintage=vintage)
    gj = geo.to_geojson(frame)
    df = pd.DataFrame({"code": frame["code"], "name": frame["name"], "n": range(len(frame))})
    out = svgmap.svg_choropleth(df, gj, MEASURES["n"], link=svgmap.profile_links({"from": "2016", "to": "2026"}))
    assert len(_paths(_svg(out))) == units
    assert len(out.encode()) < limit_kb * 1000
