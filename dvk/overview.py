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
    """A district's name inside a sentence: "TP Thanh Hóa" / "Thanh Hóa City", not the province's name;
    a commune's as dvk.commune_rank.with_names gives it ("xã Hoằng Tiến (Hoằng Hóa cũ)")."""
    if "sentence" in row and isinstance(row["sentence"], str):
        return row["sentence"]
    if str(row.get("code")) == CITY:
        t = translator(lang)
        return t("TP Thanh Hóa")
    return row["name"]


def highlights(ranked: pd.DataFrame, head: periods.Headline, fields: pd.DataFrame, lang: str = "vi") -> list[str]:
    """Sentences a leader reads first, each computed from the figures it quotes.

    `ranked` is dvk.trends.ranking() of the count (rank, name, value, change: NA where ranks are
    not compared) or, for communes, dvk.commune_rank.ranking() with its names (then the sentences
    also say a tie at the top, the fewest and how many communes have any record), `head` the period's headline figures with their changes (dvk.periods.headline),
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
    if len(ranked) > 1 and len(leaders) == 1 and leaders.iloc[0]["value"] > 0:
        top = leaders.iloc[0]
        out.append(
            _capital(
                t(
                    "{unit} dẫn đầu với {value} mô hình, điển hình ({share} {scope}).",
                    unit=_unit_name(top, lang),
                    value=num(top["value"]),
                    share=_pct(top["value"], total, lang),
                    scope=scope,
                )
            )
        )
    if "sentence" in ranked:  # communes: ties at the top, the bottom, and those with no record
        out += _commune_lines(ranked, leaders, periods.name(f, lang, lower=True), lang)
    up = ranked[(ranked["change"].fillna(0) > 0) & (ranked["value"] > 0)]
    if len(up):
        best = up.sort_values(["change", "rank"], ascending=[False, True]).iloc[0]
        out.append(
            _capital(
                t.n(
                    "{unit} tiến bộ nhiều nhất: lên {n} bậc, nay xếp thứ {rank}.",
                    "{unit} tiến bộ nhiều nhất: lên {n} bậc, nay xếp thứ {rank}.",
                    int(best["change"]),
                    unit=_unit_name(best, lang),
                    rank=int(best["rank"]),
                )
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


def _capital(text: str) -> str:
    """The sentence with a capital first letter ("xã Hoằng Tiến …" opens "Xã Hoằng Tiến …")."""
    return text[:1].upper() + text[1:]


NAMED = 3  # tied communes named in a sentence before "…"


def _listed(rows: pd.DataFrame, lang: str) -> str:
    names = [_unit_name(r, lang) for _, r in rows.head(NAMED).iterrows()]
    return ", ".join(names) + (", …" if len(rows) > NAMED else "")


def _commune_lines(ranked: pd.DataFrame, leaders: pd.DataFrame, period: str, lang: str) -> list[str]:
    """The commune sentences: a tie at the top, the commune(s) with the fewest (above none), and how
    many communes in scope have any record in the period (`ranked`: dvk.commune_rank, with names)."""
    t = translator(lang)
    num = lambda v: l10n.number(v, 0, lang)  # noqa: E731
    out = []
    if len(leaders) > 1 and leaders.iloc[0]["value"] > 0:
        out.append(
            t.n(
                "{k} xã, phường cùng dẫn đầu với {value} mô hình, điển hình: {names}.",
                "{k} xã, phường cùng dẫn đầu với {value} mô hình, điển hình: {names}.",
                len(leaders),
                k=num(len(leaders)),
                value=num(leaders.iloc[0]["value"]),
                names=_listed(leaders, lang),
            )
        )
    some = ranked[ranked["value"] > 0]
    fewest = some[some["value"] == some["value"].min()] if len(some) else some
    if len(some) > 1 and len(fewest) < len(some) and fewest.iloc[0]["rank"] > 1:
        out.append(
            _capital(
                t.n(
                    "Ít nhất (trong các xã, phường có mô hình): {names} với {value} mô hình, điển hình.",
                    "Ít nhất (trong các xã, phường có mô hình): {names} với {value} mô hình, điển hình.",
                    int(fewest.iloc[0]["value"]),
                    names=_listed(fewest, lang),
                    value=num(fewest.iloc[0]["value"]),
                )
            )
        )
    with_any = int((ranked["records"] > 0).sum())
    out.append(
        t.n(
            "{k}/{n} xã, phường có bản ghi (mô hình hoặc khen thưởng) trong {period}; {none} chưa có.",
            "{k}/{n} xã, phường có bản ghi (mô hình hoặc khen thưởng) trong {period}; {none} chưa có.",
            with_any,
            k=num(with_any),
            n=num(len(ranked)),
            period=period,
            none=num(len(ranked) - with_any),
        )
    )
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
