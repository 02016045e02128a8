"""The 2025 communes ranked by a model measure for the overview and the report: rank, rank change
against the previous period where fair, top and bottom, and how many communes have any record."""

from __future__ import annotations

import duckdb
import pandas as pd

from dvk import communes, periods
from dvk.filters import Filters
from dvk.formats import with_decimals
from dvk.i18n import translator
from dvk.metrics import MEASURES, rank
from dvk.queries import commune_totals
from dvk.trends import fmt_change, rank_change

COMMUNES = 166  # the communes and wards of Thanh Hóa from 1 Jul 2025


def _in_scope(totals: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """The communes the filters cover (all of them without a commune filter), keyed by code."""
    totals = totals.set_index("code")
    return totals.loc[totals.index.isin(filters.communes)] if filters.communes else totals


def ranking(con: duckdb.DuckDBPyConnection, filters: Filters, measure: str = "n") -> tuple[pd.DataFrame, str]:
    """(code, short_name, label, sentence, value, records, rank, previous_rank, change sorted by rank;
    how the ranks compare, a dvk.periods status).

    Every commune in scope is ranked (value 0 where it has no record); `records` counts its models
    and commendations in the period (the "has any record" test). `label` is the picker's name
    ("Hạc Thành (TP Thanh Hóa cũ)"), `sentence` the name inside a sentence ("phường Hạc Thành (TP
    Thanh Hóa cũ)"). Only measures counted on models (their comparison never needs same-months).
    """
    m = MEASURES[measure]
    if not m.on_models or not m.additive:
        raise ValueError(f"communes are ranked by a model count, not {measure}")
    cmp = periods.compare(filters, periods.coverage(con))
    status = cmp.status(True)
    now = _in_scope(commune_totals(con, cmp.current), filters)
    names = communes.commune_list(con).set_index("code")
    out = pd.DataFrame(index=now.index)
    out["value"] = now[m.column].astype(float)
    out["records"] = (now["n"] + now["commendations"]).astype(float)
    out["rank"] = rank(out["value"])
    out["previous_rank"] = out["change"] = pd.Series(pd.NA, index=out.index, dtype="Int64")
    if status in periods.COMPARED:
        before = _in_scope(commune_totals(con, cmp.previous), filters)[m.column].astype(float).reindex(out.index)
        if before.fillna(0).ne(0).any():
            out["previous_rank"] = rank(before)
            out["change"] = rank_change(out["rank"], out["previous_rank"])
        else:
            status = periods.EMPTY
    out = out.join(names[["short_name", "type", "main_district_name"]], how="left")
    out["short_name"] = out["short_name"].fillna(pd.Series(out.index, index=out.index))
    out["main_district_name"] = out["main_district_name"].fillna("")
    out["type"] = out["type"].fillna("xa")
    out.index.name = "code"
    out = out.reset_index().sort_values(["rank", "code"]).reset_index(drop=True)
    return out, status


def with_names(df: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """The ranking with its `label` and `sentence` names in `lang` (and `name` = label, as district rankings have)."""
    t = translator(lang)
    rows = df.to_dict("records")
    df = df.copy()
    df["label"] = [communes.label(r, lang) for r in rows]
    sentence = [communes.in_sentence(r, lang) for r in rows]
    df["sentence"] = [
        t("{commune} ({district} cũ)", commune=s, district=r["main_district_name"]) if r["main_district_name"] else s
        for s, r in zip(sentence, rows, strict=True)
    ]
    df["name"] = df["label"]
    return df


def with_records(df: pd.DataFrame) -> int:
    """How many communes of the ranking have any record (a model or a commendation) in the period."""
    return int((df["records"] > 0).sum())


def top_bottom(df: pd.DataFrame, k: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The first k and the last k communes of the ranking (fewer, never overlapping, when it is short)."""
    k = min(k, len(df) // 2) if len(df) > 1 else len(df)
    return df.head(k), df.tail(k) if len(df) > 1 else df.iloc[0:0]


def ranking_table(df: pd.DataFrame, value_title: str, decimals: int, lang: str = "vi") -> pd.DataFrame:
    """The commune ranking as shown: rank, commune (with its former district), value, ▲/▼ change."""
    t = translator(lang)
    cols = (t("Hạng"), t("Xã, phường"), t("So với kỳ trước"))
    out = pd.DataFrame(
        {
            cols[0]: df["rank"].astype(int).to_numpy(),
            cols[1]: df["label"].to_numpy(),
            value_title: df["value"].astype(float).to_numpy(),
            cols[2]: df["change"].map(fmt_change).to_numpy(),
        }
    )
    return with_decimals(out, {value_title: decimals})
