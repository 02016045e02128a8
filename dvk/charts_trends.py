"""Figure builders for the trends and rankings pages (plotly), no Streamlit: data in, figure out."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dvk import l10n
from dvk.i18n import translator
from dvk.labels import label
from dvk.metrics import Measure

# The two boundary changes of 2025, placed on the year axis (1 July = the middle of the year).
BOUNDARY_MARKS = (2025.0, 2025.5)
COLOURS = (
    "#b71c1c",
    "#1565c0",
    "#2e7d32",
    "#ef6c00",
    "#6a1b9a",
    "#00838f",
    "#5d4037",
    "#ad1457",
    "#455a64",
    "#9e9d24",
    "#283593",
)


def separators(lang: str) -> str:
    """plotly's decimal and thousands separators: '1.234,5' in Vietnamese."""
    return l10n.plotly_separators(lang)


def series_name(series: str, dimension: str, lang: str = "vi", names: dict[str, str] | None = None) -> str:
    """The legend entry of one series: an enum label, a district name or the province."""
    t = translator(lang)
    if dimension == "none" or series == "total":
        return t("Toàn tỉnh")
    if dimension in ("district", "commune"):
        return (names or {}).get(series, series)
    return label(dimension, series, lang) if series else t("Không ghi")


def trend_figure(
    df: pd.DataFrame,
    measure: Measure,
    dimension: str,
    view: str,
    lang: str = "vi",
    names: dict[str, str] | None = None,
    partial: tuple[int, str] | None = None,
) -> go.Figure:
    """Lines of value by year, one per series, with the 2025 boundary changes marked, and the year the
    data stops in (`partial`: year and its marker, dvk.periods.partial_mark) drawn open and labelled."""
    t = translator(lang)
    unit = measure.unit(lang)
    title = measure.label(lang)
    if view == "yoy":
        y_title, hover = t("% so với năm trước"), f"%{{y:{l10n.plotly_format(1, sign=True)}}}%"
    else:
        y_title = f"{title} ({unit})" + (", " + t("lũy kế") if view == "cumulative" else "")
        hover = f"%{{y:{l10n.plotly_format(measure.decimals)}}} {unit}"
    fig = go.Figure()
    for i, (series, part) in enumerate(df.groupby("series", sort=False)):
        name = series_name(series, dimension, lang, names)
        is_partial = (part["year"] == partial[0]) if partial else pd.Series(False, index=part.index)
        fig.add_scatter(
            x=part["year"],
            y=part["value"],
            name=name,
            mode="lines+markers",
            line={"color": COLOURS[i % len(COLOURS)], "width": 2},
            marker={"symbol": ["circle-open" if p else "circle" for p in is_partial], "size": 8},
            customdata=[f" ({partial[1]})" if p else "" for p in is_partial],
            hovertemplate=f"<b>{name}</b><br>%{{x}}: {hover}%{{customdata}}<extra></extra>",
        )
    years = df["year"]
    if len(years) and years.min() <= 2025 <= years.max():
        marks = (t("1/1/2025 Đông Sơn nhập vào TP Thanh Hóa"), t("1/7/2025 bỏ cấp huyện"))
        for x, text, side in zip(BOUNDARY_MARKS, marks, ("left", "right"), strict=True):
            fig.add_vline(
                x=x,
                line={"color": "#777", "dash": "dash", "width": 1},
                annotation={"text": text, "font": {"size": 11, "color": "#555"}},
                annotation_position=f"top {side}",
            )
    if partial and len(years) and years.min() <= partial[0] <= years.max():
        fig.add_annotation(
            x=partial[0],
            y=0,
            yref="paper",
            yanchor="bottom",
            text=partial[1],
            showarrow=False,
            font={"size": 11, "color": "#555"},
        )
    if view == "yoy":
        fig.add_hline(y=0, line={"color": "#bbb", "width": 1})
    fig.update_layout(
        xaxis={"title": t("Năm công nhận"), "dtick": 1, "tickformat": "d"},
        yaxis={
            "title": y_title,
            "tickformat": ",.0f",
            "ticksuffix": "%" if view == "yoy" else "",
            "rangemode": "normal" if view == "yoy" else "tozero",
        },
        height=440,
        margin={"l": 0, "r": 0, "t": 50, "b": 0},
        separators=separators(lang),
        legend={"orientation": "h", "y": -0.2},
        hovermode="closest",
    )
    return fig


def ranking_bars(df: pd.DataFrame, value_title: str, decimals: int = 0, lang: str = "vi") -> go.Figure:
    """Horizontal bars of df['value'] by df['name'], the first row on top."""
    fig = go.Figure(
        go.Bar(
            x=df["value"],
            y=df["name"],
            orientation="h",
            marker_color="#b71c1c",
            hovertemplate=f"<b>%{{y}}</b><br>%{{x:{l10n.plotly_format(decimals)}}}<extra></extra>",
        )
    )
    fig.update_layout(
        xaxis={"title": value_title, "tickformat": l10n.plotly_format(decimals)},
        yaxis={"autorange": "reversed"},
        height=max(260, 22 * len(df) + 80),
        margin={"l": 0, "r": 0, "t": 20, "b": 0},
        separators=separators(lang),
    )
    return fig


def rank_history_figure(df: pd.DataFrame, district_name: str, lang: str = "vi") -> go.Figure:
    """The district's (or commune's) rank per year (1 on top), out of the units of the period's boundaries."""
    t = translator(lang)
    fig = go.Figure(
        go.Scatter(
            x=df["year"],
            y=df["rank"],
            mode="lines+markers+text",
            text=df["rank"],
            textposition="top center",
            line={"color": "#b71c1c"},
            name=district_name,
            customdata=df[["units", "n"]],
            hovertemplate=t(
                "Năm {year}: hạng {rank}/{units} ({models} mô hình)",
                year="%{x}",
                rank="%{y}",
                units="%{customdata[0]}",
                models="%{customdata[1]}",
            )
            + "<extra></extra>",
        )
    )
    worst = int(df["units"].max()) if len(df) else 27
    fig.update_layout(
        xaxis={"title": t("Năm công nhận"), "dtick": 1},
        yaxis={
            "title": t("Hạng (1 = nhiều nhất)"),
            "range": [worst + 0.5, -0.5],
            "tickvals": [1, *range(step := 5 if worst <= 40 else 20, worst + 1, step)],  # 27 districts or 166 communes
        },
        height=300,
        margin={"l": 0, "r": 0, "t": 20, "b": 0},
        separators=separators(lang),
        showlegend=False,
    )
    return fig
