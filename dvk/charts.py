"""Figure builders (plotly), no Streamlit: data in, figure out."""

from __future__ import annotations

import plotly.graph_objects as go

from dvk import l10n, metrics
from dvk.i18n import translator
from dvk.metrics import MEASURES, Measure

# plotly.js fetches a world topojson even for a choropleth with its own GeoJSON: point it at the
# empty stubs served by Streamlit from ./static so that nothing leaves the machine.
PLOTLY_CONFIG = {"topojsonURL": "/app/static/", "displaylogo": False, "locale": "vi"}


def choropleth(df, geojson: dict, measure: Measure, title: str, lang: str = "vi", height: int = 560) -> go.Figure:
    """A choropleth of df[measure.column] by df['code'], hover with name, value, unit and rank.

    Units without a value (NaN: left out by a filter, or no population known) are drawn in grey
    under the coloured ones, so the province never shows holes.
    """
    values = df[measure.column].astype(float)
    has = values.notna()
    rank = metrics.rank(values)[has].astype(int)
    unit = measure.unit(lang)
    t = translator(lang)
    rank_word, none_word = t("Hạng"), t("không có số liệu")
    text = [
        f"<b>{name}</b><br>{l10n.number(v, measure.decimals, lang)} {unit}<br>{rank_word} {r}/{int(has.sum())}"
        for name, v, r in zip(df.loc[has, "name"], values[has], rank, strict=True)
    ]
    fig = go.Figure()
    missing = df.loc[~has]
    if len(missing):
        fig.add_choropleth(
            geojson=geojson,
            locations=missing["code"],
            z=[0] * len(missing),
            featureidkey="id",
            text=[f"<b>{n}</b><br>{none_word}" for n in missing["name"]],
            hovertemplate="%{text}<extra></extra>",
            colorscale=[[0, "#e0e0e0"], [1, "#e0e0e0"]],
            showscale=False,
            marker_line_color="white",
            marker_line_width=0.6,
        )
    fig.add_choropleth(
        geojson=geojson,
        locations=df.loc[has, "code"],
        z=values[has],
        featureidkey="id",
        text=text,
        hovertemplate="%{text}<extra></extra>",
        colorscale="Reds",
        marker_line_color="white",
        marker_line_width=0.6,
        colorbar={"title": {"text": unit}, "tickformat": l10n.plotly_format(measure.decimals)},
    )
    fig.update_geos(fitbounds="locations", visible=False, projection_type="mercator")
    fig.update_layout(
        title=title, margin={"l": 0, "r": 0, "t": 40, "b": 0}, height=height, separators=l10n.plotly_separators(lang)
    )
    return fig


def district_vs_province(df, district_name: str, lang: str = "vi", average: str | None = None) -> go.Figure:
    """Bars for the district (or commune) per year, a line for the average unit (`average` names it)."""
    t = translator(lang)
    fig = go.Figure()
    fig.add_bar(x=df["year"], y=df["n"], name=district_name, marker_color="#b71c1c")
    fig.add_scatter(
        x=df["year"],
        y=df["province_avg"],
        name=average or t("Trung bình một huyện"),
        mode="lines+markers",
        line={"color": "#555", "dash": "dot"},
    )
    fig.update_layout(
        yaxis_title=MEASURES["n"].label(lang),
        xaxis={"dtick": 1},
        height=360,
        margin={"l": 0, "r": 0, "t": 30, "b": 0},
        separators=l10n.plotly_separators(lang),
        legend={"orientation": "h"},
    )
    return fig
