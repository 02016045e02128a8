"""The overview briefing: field mix, newest typical examples and one-sentence highlights from the data."""

from __future__ import annotations

import duckdb
import pandas as pd

from dvk.filters import Filters
from dvk.formats import with_decimals
from dvk.labels import label
from dvk.metrics import fmt_number
from dvk.queries import run


def field_mix(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """field, n for the filters (largest first)."""
    return run(con, "field_mix", **filters.params())


def newest_examples(con: duckdb.DuckDBPyConnection, filters: Filters, limit: int = 8) -> pd.DataFrame:
    """The latest typical examples: model_id, name, kind, field, year, level, district, households_benefited."""
    return run(con, "newest_examples", **filters.params(), limit=limit)


def _pct(part: float, whole: float, lang: str) -> str:
    return fmt_number(100 * part / whole, 1, lang) + "%"


def highlights(
    ranked: pd.DataFrame,
    now: dict[str, float],
    before: dict[str, float],
    fields: pd.DataFrame,
    filters: Filters,
    lang: str = "vi",
) -> list[str]:
    """Sentences a leader reads first, each computed from the figures it quotes.

    `ranked` is dvk.trends.ranking() of the count (rank, name, value, change), `now`/`before`
    the headline figures of the period and the previous one, `fields` the field mix.
    """
    vi = lang == "vi"
    total = now["n"]
    if not total:
        return []
    out: list[str] = []
    num = lambda v, d=0: fmt_number(v, d, lang)  # noqa: E731
    prev = filters.previous()
    scope = (
        ("toàn tỉnh" if vi else "of the province")
        if not filters.districts
        else ("các huyện đang chọn" if vi else "of the selection")
    )
    if before["n"]:
        change = (total - before["n"]) / before["n"] * 100
        way = ("tăng" if change >= 0 else "giảm") if vi else ("up" if change >= 0 else "down")
        out.append(
            f"Giai đoạn {filters.year_from}–{filters.year_to} có {num(total)} mô hình, điển hình, {way} "
            f"{num(abs(change), 1)}% so với {prev.year_from}–{prev.year_to}."
            if vi
            else f"{filters.year_from}–{filters.year_to} counts {num(total)} models and examples, {way} "
            f"{num(abs(change), 1)}% on {prev.year_from}–{prev.year_to}."
        )
    leaders = ranked[ranked["rank"] == 1]
    if len(ranked) > 1 and len(leaders) == 1:
        top = leaders.iloc[0]
        out.append(
            f"{top['name']} dẫn đầu với {num(top['value'])} mô hình, điển hình ({_pct(top['value'], total, lang)} {scope})."
            if vi
            else f"{top['name']} leads with {num(top['value'])} models and examples ({_pct(top['value'], total, lang)} {scope})."
        )
    up = ranked[(ranked["change"].fillna(0) > 0) & (ranked["value"] > 0)]
    if len(up):
        best = up.sort_values(["change", "rank"], ascending=[False, True]).iloc[0]
        out.append(
            f"{best['name']} tiến bộ nhiều nhất: lên {int(best['change'])} bậc, nay xếp thứ {int(best['rank'])}."
            if vi
            else f"{best['name']} improved most: up {int(best['change'])} places to rank {int(best['rank'])}."
        )
    if len(fields) > 1:
        f0 = fields.iloc[0]
        out.append(
            f"Lĩnh vực {label('field', f0['field'], lang)} chiếm nhiều nhất: {_pct(f0['n'], total, lang)} số mô hình, điển hình."
            if vi
            else f"{label('field', f0['field'], lang)} is the largest field: {_pct(f0['n'], total, lang)} of models and examples."
        )
    if now.get("commendations"):
        out.append(
            f"{num(now['commendations'])} lượt khen thưởng trong giai đoạn."
            if vi
            else f"{num(now['commendations'])} commendations in the period."
        )
    return out


def district_year_table(by_year: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """District × year counts with a total column, largest first (numbers; dvk.formats shows them)."""
    table = by_year.pivot_table(index="district", columns="year", values="n", aggfunc="sum", fill_value=0)
    total = "Tổng" if lang == "vi" else "Total"
    table[total] = table.sum(axis=1)
    table = table.sort_values(total, ascending=False)
    table.index.name = "Huyện (ranh giới 2025)" if lang == "vi" else "District (2025 boundaries)"
    table.columns = [str(c) for c in table.columns]
    return with_decimals(table.astype("int64"), {c: 0 for c in table.columns})
