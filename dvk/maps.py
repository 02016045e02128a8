"""One measure per unit for the map page's three views (map, chart, table): pure pandas, no Streamlit."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from dvk.formats import with_decimals
from dvk.i18n import translator
from dvk.metrics import MEASURES, Measure, normalised
from dvk.text import vi_names
from dvk.trends import normalise, rank


def map_values(totals: pd.DataFrame, measure: str, per: str = "raw") -> tuple[pd.DataFrame, Measure]:
    """(code, name, value, rank per unit; the measure as shown, its column renamed 'value').

    `totals` is a district_totals or commune_totals frame. Value is NaN where it cannot be given
    (a unit left out by the district filter, no population known, a share of nothing).
    """
    out = totals[["code", "name"]].copy()
    out["value"] = normalise(totals, measure, per).to_numpy()
    out["rank"] = rank(out["value"])
    return out, replace(normalised(MEASURES[measure], per), column="value")


def values_table(df: pd.DataFrame, value_title: str, decimals: int, lang: str = "vi") -> pd.DataFrame:
    """The map's data as a table: rank, unit, value (a number with `decimals`; units without one last)."""
    t = translator(lang)
    cols = (t("Hạng"), t("Đơn vị"))
    shown = df.sort_values(["rank", "name"], na_position="last", key=vi_names)
    out = pd.DataFrame(
        {
            cols[0]: pd.array(shown["rank"], dtype="Int64"),
            cols[1]: shown["name"].to_numpy(),
            value_title: shown["value"].astype(float).to_numpy(),
        }
    )
    return with_decimals(out, {value_title: decimals})
