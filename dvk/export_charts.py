"""Charts as files: PNG and SVG (rendered on the server by dvk.render) and a self-contained HTML page.

Every exported chart carries its title and the stamp (filters in words, source, date) under the
title, inside the image itself: at the top the stamp never meets axis titles or a bottom legend.
"""

from __future__ import annotations

import html
import json
import textwrap

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from plotly.offline import get_plotlyjs

from dvk import render
from dvk.export import Stamp
from dvk.formats import as_text
from dvk.i18n import translator
from dvk.render import STATIC_DIR

EXPORT_WIDTH = 1100  # layout pixels; PNG at scale 2 is 2200 pixels wide (print quality at ~18 cm)
PNG_SCALE = 2
DEFAULT_HEIGHT = 500
STAMP_LINE_PX = 16
STAMP_COLOUR = "#555555"
# The base maps plotly.js asks for by name; the HTML file carries the empty stubs so it never fetches one.
BASE_MAPS = ("world_110m", "world_50m", "asia_110m", "asia_50m")


def _wrap(lines: list[str], width: int) -> list[str]:
    """Stamp lines wrapped to the figure's width (about 6.5 px per character at 12 px)."""
    chars = max(40, int(width / 6.5))
    return [part for line in lines for part in textwrap.wrap(line, chars) or [""]]


def figure_for_export(fig: go.Figure, title: str, stamp: Stamp, width: int = EXPORT_WIDTH) -> go.Figure:
    """A copy of the figure at a fixed size with the title in bold and the stamp lines below it."""
    out = go.Figure(fig)
    lines = _wrap(stamp.lines(), width)
    stamp_html = "<br>".join(html.escape(line) for line in lines)
    margin = out.layout.margin
    # title pad + title + stamp lines + room for labels drawn just above the plot (e.g. the 2025 marks)
    top = 14 + 28 + STAMP_LINE_PX * len(lines) + 30
    height = int((out.layout.height or DEFAULT_HEIGHT) + top - (margin.t or 0))
    out.update_layout(
        title={
            "text": f"<b>{html.escape(title)}</b>",
            "x": 0,
            "xanchor": "left",
            "xref": "container",
            "y": 1,
            "yanchor": "top",
            "yref": "container",
            "pad": {"t": 14, "l": 12},
            "font": {"size": 18},
            "subtitle": {"text": stamp_html, "font": {"size": 12, "color": STAMP_COLOUR}},
        },
        width=width,
        height=height,
        margin={"t": top, "l": max(margin.l or 0, 12), "r": max(margin.r or 0, 12), "b": max(margin.b or 0, 12)},
        paper_bgcolor="white",
    )
    return out


def _size(fig: go.Figure) -> tuple[int, int]:
    return int(fig.layout.width or EXPORT_WIDTH), int(fig.layout.height or DEFAULT_HEIGHT)


def to_png(fig: go.Figure, scale: float = PNG_SCALE) -> bytes:
    """PNG bytes (width × scale pixels) from the server's warm Chromium."""
    width, height = _size(fig)
    return render.render(fig, "png", width=width, height=height, scale=scale)


def to_svg(fig: go.Figure) -> bytes:
    """SVG bytes (a standalone <svg> document) from the server's warm Chromium."""
    width, height = _size(fig)
    return render.render(fig, "svg", width=width, height=height, scale=1)


def _geo_assets_script() -> str:
    """JavaScript that hands plotly.js the empty base maps before it thinks of fetching them."""
    stubs = {}
    for name in BASE_MAPS:
        path = STATIC_DIR / f"{name}.json"
        if path.is_file():
            stubs[name] = json.loads(path.read_text(encoding="utf-8"))
    return (
        "window.PlotlyGeoAssets = window.PlotlyGeoAssets || {topojson: {}};\n"
        f"Object.assign(window.PlotlyGeoAssets.topojson, {json.dumps(stubs)});"
    )


def html_config(filename: str) -> dict:
    """plotly.js config for an exported page: PNG at scale 2 from the camera button, no logo, no fetches."""
    return {
        "displaylogo": False,
        "responsive": True,
        "topojsonURL": "./",  # never used (the base maps are preloaded); at worst a local file, never the CDN
        "toImageButtonOptions": {"format": "png", "scale": PNG_SCALE, "filename": filename},
    }


def _table_html(table: pd.DataFrame, caption: str, lang: str) -> str:
    """The data under the chart as on screen (numbers in the language's format)."""
    body = as_text(table, lang).to_html(index=False, border=0, escape=True, classes="data")
    return f"<details open><summary>{html.escape(caption)}</summary>{body}</details>"


def to_html(
    fig: go.Figure,
    title: str,
    stamp: Stamp,
    *,
    filename: str = "bieu-do",
    table: pd.DataFrame | None = None,
    table_caption: str = "",
) -> bytes:
    """A self-contained interactive HTML page: plotly.js inline, no MathJax, no CDN, no base-map
    fetch; the stamp as text under the chart and, when given, the data as an HTML table."""
    exported = figure_for_export(fig, title, stamp)
    width, height = _size(exported)
    div = pio.to_html(
        exported,
        full_html=False,
        include_plotlyjs=True,
        include_mathjax=False,
        config=html_config(filename),
        default_width=f"{width}px",
        default_height=f"{height}px",
    )
    t = translator(stamp.lang)
    caption = table_caption or t("Số liệu")
    extra = _table_html(table, caption, stamp.lang) if table is not None else ""
    foot = "".join(f"<p>{html.escape(line)}</p>" for line in stamp.lines())
    page = f"""<!DOCTYPE html>
<html lang="{stamp.lang}">
<head>
<meta charset="utf-8">
<title>{html.escape(title)}</title>
<style>
body {{ font-family: Arial, "Liberation Sans", sans-serif; margin: 16px; color: #222; }}
footer p {{ margin: 2px 0; color: {STAMP_COLOUR}; font-size: 13px; }}
table.data {{ border-collapse: collapse; margin-top: 8px; font-size: 13px; }}
table.data th, table.data td {{ border: 1px solid #ccc; padding: 3px 8px; }}
table.data td {{ text-align: right; }}
table.data td:first-child, table.data th {{ text-align: left; }}
summary {{ cursor: pointer; margin-top: 12px; font-weight: bold; }}
</style>
<script>{_geo_assets_script()}</script>
</head>
<body>
{div}
<footer>{foot}</footer>
{extra}
</body>
</html>
"""
    return page.encode("utf-8")


def browser_download_html(fig: go.Figure, fmt: str, filename: str, scale: float = PNG_SCALE) -> str:
    """A small page that draws the (exported) figure with plotly.js in the reader's browser and
    saves it as PNG or SVG at once: the fallback when the server has no Chromium."""
    width, height = _size(fig)
    spec = pio.to_json(fig, validate=False)
    opts = json.dumps({"format": fmt, "filename": filename, "scale": scale, "width": width, "height": height})
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><script>{_geo_assets_script()}</script>
<script>{get_plotlyjs()}</script></head><body style="margin:0">
<script>
const spec = {spec};
Plotly.downloadImage({{data: spec.data, layout: spec.layout, config: {{topojsonURL: "./"}}}}, {opts});
</script></body></html>"""
