"""How the records were placed in the 2025 communes, for the Data page: per year the share placed,
placed in a split unit's default commune, unresolved and not named (a table and a small stacked
bar), and the written names not placed, as lines an analyst adds to [commune_aliases].

A warehouse built before the loader placed records has no placement column: `available` says so
and the page asks for a reload."""

from __future__ import annotations

import duckdb
import pandas as pd
import plotly.graph_objects as go

from dvk import communes, l10n
from dvk.formats import with_decimals
from dvk.i18n import translator
from dvk.queries import run

# What the share columns count, in the order the table and the bar show them.
KINDS = ("placed", "split_default", "unresolved", "not_named")
COLOURS = {"placed": "#2b8a3e", "split_default": "#74b816", "unresolved": "#e8590c", "not_named": "#adb5bd"}
ALIASES_FILE = "config/vocabulary.toml"


def available(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the warehouse records each record's placement (models/commendations.commune_placement)."""
    return bool(run(con, "placement_available")["available"].iloc[0])


def by_year(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Per year (models and commendations together): placed, split_default, unresolved, not_named, total,
    and each kind's share of the year (dvk.communes.placement_by_year)."""
    return communes.placement_by_year(con)


def unresolved(con: duckdb.DuckDBPyConnection, limit: int = 500) -> pd.DataFrame:
    """The written commune names not placed, most frequent first (dvk.communes.unresolved_communes)."""
    return communes.unresolved_communes(con, limit)


def kind_label(kind: str, lang: str = "vi") -> str:
    """A placement kind as the page names it."""
    t = translator(lang)
    return {
        "placed": t("Đã xếp vào xã mới"),
        "split_default": t("Đơn vị bị chia: xếp vào xã mặc định"),
        "unresolved": t("Không xác định được (chỉ cấp huyện)"),
        "not_named": t("Không ghi xã"),
    }[kind]


def year_table(df: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """Per year as shown: year, records, then each kind's share in percent (numbers; dvk.formats shows them)."""
    t = translator(lang)
    out = pd.DataFrame({t("Năm"): df["year"].astype(str).to_numpy(), t("Số bản ghi"): df["total"].to_numpy()})
    for kind in KINDS:
        out[kind_label(kind, lang) + " (%)"] = (100 * df[f"{kind}_share"]).astype(float).to_numpy()
    return with_decimals(out, {c: 1 for c in out.columns[2:]} | {out.columns[1]: 0})


def alias_line(district: str, written: str) -> str:
    """The line to add under [commune_aliases]: "district | written name" = "…" (the 2025 or former commune)."""
    return f'"{district} | {written}" = "…"'


def unresolved_table(df: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """The unresolved names as shown: district, name as written, records, years, the alias line to fill in."""
    t = translator(lang)
    years = [str(a) if a == b else f"{a}–{b}" for a, b in zip(df["first_year"], df["last_year"], strict=True)]
    out = pd.DataFrame(
        {
            t("Huyện"): df["district"].to_numpy(),
            t("Tên xã như đã ghi"): df["written"].to_numpy(),
            t("Số bản ghi"): df["n"].astype("int64").to_numpy(),
            t("Năm"): years,
            t("Dòng thêm vào [commune_aliases]"): [
                alias_line(d, w) for d, w in zip(df["district"], df["written"], strict=True)
            ],
        }
    )
    return with_decimals(out, {t("Số bản ghi"): 0})


def figure(df: pd.DataFrame, lang: str = "vi") -> go.Figure:
    """The shares per year as a small stacked bar (100% a year)."""
    t = translator(lang)
    fig = go.Figure()
    for kind in KINDS:
        fig.add_bar(
            x=df["year"].astype(str),
            y=100 * df[f"{kind}_share"].astype(float),
            name=kind_label(kind, lang),
            marker_color=COLOURS[kind],
            hovertemplate="%{x}: %{y:" + l10n.plotly_format(1) + "}%<extra>" + kind_label(kind, lang) + "</extra>",
        )
    fig.update_layout(
        barmode="stack",
        separators=l10n.plotly_separators(lang),  # '12,5%' in Vietnamese
        height=260,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        yaxis={"title": t("% bản ghi"), "range": [0, 100]},
        xaxis={"type": "category"},
        legend={"orientation": "h", "y": -0.25},
    )
    return fig
