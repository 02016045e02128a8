"""The overview briefing: field mix, newest typical examples and one-sentence highlights from the data."""

from __future__ import annotations

import duckdb
import pandas as pd

from dvk import l10n, periods
from dvk.filters import Filters
from dvk.formats import with_decimals
from dvk.i18n import translator
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
        t = translator(lang)
        return t("TP Thanh Hóa")
    return row["name"]


def highlights(ranked: pd.DataFrame, head: periods.Headline, fields: pd.DataFrame, lang: str = "vi") -> list[str]:
    """Sentences a leader reads first, each computed from the figures it quotes.

    `ranked` is dvk.trends.ranking() of the count (rank, name, value, change: NA where ranks are
    not compared), `head` the period's headline figures with their changes (dvk.periods.headline),
    `fields` the field mix. A change is quoted only where the comparison is fair; a period with a
    partial year says how far its data goes.
    """
    t = translator(lang)
    total = head.now["n"]
    if not total:
        return []
    cmp = head.comparison
    f, prev, through = cmp.current, cmp.previous, cmp.coverage.through
    out: list[str] = []
    num = lambda v, d=0: l10n.number(v, d, lang)  # noqa: E731
    period = periods.with_partial(periods.name(f, lang), f, through, lang)
    before = periods.name(prev, lang, lower=True)
    scope = t("các xã, phường đang chọn") if f.communes else t("các huyện đang chọn") if f.districts else t("toàn tỉnh")
    count = head.changes["n"]
    if count.pct is not None:
        out.append(
            t(
                "{period} có {total} mô hình, điển hình, {way} {pct}% so với {before}.",
                period=period,
                total=num(total),
                way=_way(count.pct, lang),
                pct=num(abs(count.pct), 1),
                before=before,
            )
        )
    else:
        why = {periods.YTD: t("số liệu chưa đủ năm"), periods.UNCOVERED: t("chưa đủ số liệu của giai đoạn đó")}.get(
            count.status
        )
        if why:
            text = t(
                "{period} có {total} mô hình, điển hình; chưa so sánh với {before} ({why}).",
                period=period,
                total=num(total),
                before=before,
                why=why,
            )
        else:
            text = t("{period} có {total} mô hình, điển hình.", period=period, total=num(total))
        out.append(text)
    leaders = ranked[ranked["rank"] == 1]
    if len(ranked) > 1 and len(leaders) == 1:
        top = leaders.iloc[0]
        out.append(
            t(
                "{unit} dẫn đầu với {value} mô hình, điển hình ({share} {scope}).",
                unit=_unit_name(top, lang),
                value=num(top["value"]),
                share=_pct(top["value"], total, lang),
                scope=scope,
            )
        )
    up = ranked[(ranked["change"].fillna(0) > 0) & (ranked["value"] > 0)]
    if len(up):
        best = up.sort_values(["change", "rank"], ascending=[False, True]).iloc[0]
        out.append(
            t.n(
                "{unit} tiến bộ nhiều nhất: lên {n} bậc, nay xếp thứ {rank}.",
                "{unit} tiến bộ nhiều nhất: lên {n} bậc, nay xếp thứ {rank}.",
                int(best["change"]),
                unit=_unit_name(best, lang),
                rank=int(best["rank"]),
            )
        )
    if len(fields) > 1:
        f0 = fields.iloc[0]
        out.append(
            t(
                "Lĩnh vực {field} chiếm nhiều nhất: {share} số mô hình, điển hình.",
                field=label("field", f0["field"], lang),
                share=_pct(f0["n"], total, lang),
            )
        )
    c = head.changes["commendations"]
    if c.now:
        text = t.n(
            "{n} lượt khen thưởng trong {period}",
            "{n} lượt khen thưởng trong {period}",
            int(c.now),
            n=num(c.now),
            period=periods.name(f, lang, lower=True),
        )
        if c.pct is not None and c.status == periods.SAME_MONTHS:
            text += ", " + t(
                "{way} {pct}% so với cùng kỳ {before} ({window})",
                way=_way(c.pct, lang),
                pct=num(abs(c.pct), 1),
                before=before,
                window=periods.same_months(prev, cmp.cut, lang),
            )
        elif c.pct is not None:
            text += ", " + t(
                "{way} {pct}% so với {before}", way=_way(c.pct, lang), pct=num(abs(c.pct), 1), before=before
            )
        out.append(text + ".")
    return out


def _way(change: float, lang: str) -> str:
    t = translator(lang)
    return t("tăng") if change >= 0 else t("giảm")


def district_year_table(by_year: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """District × year counts with a total column, largest first (numbers; dvk.formats shows them)."""
    table = by_year.pivot_table(index="district", columns="year", values="n", aggfunc="sum", fill_value=0)
    t = translator(lang)
    total = t("Tổng")
    table[total] = table.sum(axis=1)
    table = table.sort_values(total, ascending=False)
    table.index.name = t("Huyện (ranh giới 2025)")
    table.columns = [str(c) for c in table.columns]
    return with_decimals(table.astype("int64"), {c: 0 for c in table.columns})
