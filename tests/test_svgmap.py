"""The inline SVG choropleth: one path per unit, colours follow values, labels, links, escaping and size."""

import math
import xml.etree.ElementTree as ET

import pandas as pd
import pytest

from dvk import geo, queries, svgmap
from dvk.metrics import MEASURES, Measure

NS = "{http://www.w3.org/2000/svg}"
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
    assert paths["B"]["fill"] == svgmap.GREY and "data-value" not in paths["B"]
    assert _brightness(paths["C"]["fill"]) > _brightness(paths["A"]["fill"])  # 1 lighter than 5
    assert paths["C"]["fill"] == svgmap.colour(0) and paths["A"]["fill"] == svgmap.colour(1)
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
    assert {p["fill"] for p in _paths(svg).values()} == {svgmap.GREY}
    svg = _svg(svgmap.svg_choropleth(_df([4.0, 4.0, math.nan]), _geojson(), MEASURE))
    assert _paths(svg)["A"]["fill"] == svgmap.colour(0.5)


def test_projection_is_cached_and_deterministic():
    gj = _geojson()
    assert svgmap.project(gj, 500) is svgmap.project(_geojson(), 500)
    a = svgmap.svg_choropleth(_df([1.0, 2.0, 3.0]), gj, MEASURE)
    assert a == svgmap.svg_choropleth(_df([1.0, 2.0, 3.0]), gj, MEASURE)


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
