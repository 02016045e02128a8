"""The overview briefing: field mix, newest typical examples and one-sentence highlights from the data."""

from __future__ import annotations

import duckdb
import pandas as pd

from dvk import l10n, periods
from dvk.filters import Filters
from dvk.formats import with_decimals
from dvk.labels import label
from dvk.queries import run


def field_mix(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """field, n for the filters (largest first)."""
    return run(con, "field_mix", **filters.params())


def newest_examples(con: duckdb.DuckDBPyConnection, filters: Filters, limit: int = 8) -> pd.DataFrame:
    """The latest typical examples: model_id, name, kind, field, year, level, district, households_benefited."""
    return run(con, "newest_examples", **filters.params(), limit=limit)


def _pct(part: float, whole: float, lang: str) -> str:
    return l10n.percent(100 * part / whole, 1, lang)


CITY = "380"  # TP Thanh Hóa: its short name is the province's, which a sentence must not confuse


def _unit_name(row, lang: str) -> str:
    """A district's name inside a sentence: "TP Thanh Hóa" / "Thanh Hóa City", not the province's name."""
    if str(row.get("code")) == CITY:
        return "Thanh Hóa City" if lang == "en" else "TP Thanh Hóa"
    return row["name"]


def highlights(ranked: pd.DataFrame, head: periods.Headline, fields: pd.DataFrame, lang: str = "vi") -> list[str]:
    """Sentences a leader reads first, each computed from the figures it quotes.

    `ranked` is dvk.trends.ranking() of the count (rank, name, value, change: NA where ranks are
    not compared), `head` the period's headline figures with their changes (dvk.periods.headline),
    `fields` the field mix. A change is quoted only where the comparison is fair; a period with a
    partial year says how far its data goes.
    """
    vi = lang == "vi"
    total = head.now["n"]
    if not total:
        return []
    cmp = head.comparison
    f, prev, through = cmp.current, cmp.previous, cmp.coverage.through
    out: list[str] = []
    num = lambda v, d=0: l10n.number(v, d, lang)  # noqa: E731
    period = periods.with_partial(periods.name(f, lang), f, through, lang)
    before = periods.name(prev, lang, lower=True)
    scope = (
        ("toàn tỉnh" if vi else "of the province")
        if not f.districts
        else ("các huyện đang chọn" if vi else "of the selection")
    )
    n = head.changes["n"]
    if n.pct is not None:
        out.append(
            f"{period} có {num(total)} mô hình, điển hình, {_way(n.pct, lang)} {num(abs(n.pct), 1)}% so với {before}."
            if vi
            else f"{period} counts {num(total)} models and examples, {_way(n.pct, lang)} {num(abs(n.pct), 1)}% on {before}."
        )
    else:
        why = {
            periods.YTD: ("số liệu chưa đủ năm", "year to date is not comparable"),
            periods.UNCOVERED: ("chưa đủ số liệu của giai đoạn đó", "it is not fully covered by the data"),
        }.get(n.status)
        out.append(
            f"{period} có {num(total)} mô hình, điển hình"
            + (f"; chưa so sánh với {before} ({why[0]})." if why else ".")
            if vi
            else f"{period} counts {num(total)} models and examples"
            + (f"; not compared with {before} ({why[1]})." if why else ".")
        )
    leaders = ranked[ranked["rank"] == 1]
    if len(ranked) > 1 and len(leaders) == 1:
        top = leaders.iloc[0]
        out.append(
            f"{_unit_name(top, lang)} dẫn đầu với {num(top['value'])} mô hình, điển hình ({_pct(top['value'], total, lang)} {scope})."
            if vi
            else f"{_unit_name(top, lang)} leads with {num(top['value'])} models and examples ({_pct(top['value'], total, lang)} {scope})."
        )
    up = ranked[(ranked["change"].fillna(0) > 0) & (ranked["value"] > 0)]
    if len(up):
        best = up.sort_values(["change", "rank"], ascending=[False, True]).iloc[0]
        out.append(
            f"{_unit_name(best, lang)} tiến bộ nhiều nhất: lên {int(best['change'])} bậc, nay xếp thứ {int(best['rank'])}."
            if vi
            else f"{_unit_name(best, lang)} improved most: up {int(best['change'])} places to rank {int(best['rank'])}."
        )
    if len(fields) > 1:
        f0 = fields.iloc[0]
        out.append(
            f"Lĩnh vực {label('field', f0['field'], lang)} chiếm nhiều nhất: {_pct(f0['n'], total, lang)} số mô hình, điển hình."
            if vi
            else f"{label('field', f0['field'], lang)} is the largest field: {_pct(f0['n'], total, lang)} of models and examples."
        )
    c = head.changes["commendations"]
    if c.now:
        text = (
            f"{num(c.now)} lượt khen thưởng trong {periods.name(f, lang, lower=True)}"
            if vi
            else f"{num(c.now)} commendations in {periods.span(f)}"
        )
        if c.pct is not None and c.status == periods.SAME_MONTHS:
            window = periods.same_months(prev, cmp.cut, lang)
            text += (
                f", {_way(c.pct, lang)} {num(abs(c.pct), 1)}% so với cùng kỳ {before} ({window})"
                if vi
                else f", {_way(c.pct, lang)} {num(abs(c.pct), 1)}% on the same months of {periods.span(prev)} ({window})"
            )
        elif c.pct is not None:
            text += f", {_way(c.pct, lang)} {num(abs(c.pct), 1)}% " + (f"so với {before}" if vi else f"on {before}")
        out.append(text + ".")
    return out


def _way(change: float, lang: str) -> str:
    if lang == "vi":
        return "tăng" if change >= 0 else "giảm"
    return "up" if change >= 0 else "down"


def district_year_table(by_year: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """District × year counts with a total column, largest first (numbers; dvk.formats shows them)."""
    table = by_year.pivot_table(index="district", columns="year", values="n", aggfunc="sum", fill_value=0)
    total = "Tổng" if lang == "vi" else "Total"
    table[total] = table.sum(axis=1)
    table = table.sort_values(total, ascending=False)
    table.index.name = "Huyện (ranh giới 2025)" if lang == "vi" else "District (2025 boundaries)"
    table.columns = [str(c) for c in table.columns]
    return with_decimals(table.astype("int64"), {c: 0 for c in table.columns})
