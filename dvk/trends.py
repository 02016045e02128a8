"""Trends and rankings: queries (connection + filters → DataFrame) and the pure computations on them."""

from __future__ import annotations

from dataclasses import replace

import duckdb
import pandas as pd

from dvk import communes, l10n, periods
from dvk.filters import FIRST_YEAR, UNITS, Filters
from dvk.formats import with_decimals
from dvk.i18n import translator
from dvk.labels import codes, label
from dvk.metrics import EXAMPLE_KINDS as EXAMPLE_KINDS  # named in dvk.metrics, read here by callers
from dvk.metrics import MEASURES, MODEL_MEASURES, PER, UNIT_MEASURES, Measure, rank
from dvk.orders import order_sql
from dvk.queries import commune_totals, district_totals, run

# Allow-lists: the only identifiers a caller may name (the SQL picks the column with CASE).
DIMENSIONS = ("none", "field", "kind", "host_sector", "level")
VIEWS = ("yearly", "cumulative", "yoy")
NORMALISATIONS = tuple(PER)
RESULTS: dict[str, Measure] = {
    k: MEASURES[k] for k in ("households_benefited", "funds_million_vnd", "land_m2", "workdays")
}
# The list order of each result (dvk.orders): the largest value first, ties by name.
RESULT_ORDERS = {
    "households_benefited": "households",
    "funds_million_vnd": "funds",
    "land_m2": "land",
    "workdays": "workdays",
}
MAX_COMPARE = 5
TREND_YEARS = 5  # a shorter period is drawn with the years before it, so the chart shows a direction


def _check(value: str, allowed, what: str) -> str:
    if value not in allowed:
        raise ValueError(f"unknown {what}: {value!r}")
    return value


# ---------------------------------------------------------------- trends


def trend(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    measure: str,
    dimension: str = "none",
    compare: tuple[str, ...] = (),
    unit: str = "district",
) -> pd.DataFrame:
    """year, series, value for every year of the period; one series per dimension value present
    (or per compared district, which then replace the district filter; with unit 'commune', per
    compared 2025 commune, which replace both unit filters: history before July 2025 counts the
    records placed in the commune); missing years are 0."""
    _check(measure, MODEL_MEASURES, "measure")
    _check(dimension, DIMENSIONS, "dimension")
    _check(unit, UNITS, "unit")
    if len(compare) > MAX_COMPARE:
        raise ValueError(f"at most {MAX_COMPARE} units can be compared")
    params = filters.params()
    if compare and unit == "commune":
        dimension = "commune"
        params["districts"], params["communes"] = [], list(compare)
    elif compare:
        dimension = "district"
        params["districts"] = list(compare)
    df = run(con, "trend_series", **params, measure=measure, dimension=dimension)
    if compare:
        series = list(compare)
    elif dimension == "none":
        series = ["total"]
    else:
        present = set(df["series"])
        series = [c for c in codes(dimension) if c in present] + sorted(present - set(codes(dimension)))
    return complete(df, range(filters.year_from, filters.year_to + 1), series)


PLACED_UNTIL = 2025  # records of this year and before may name a former commune (placed through the crosswalk)


def placed_share(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """year, n, placed, share (placed / n; NaN without records): per year of the period up to 2025, the
    province's models matching the filters (the commune filter aside) and how many sit in a 2025 commune."""
    f = replace(filters, communes=(), year_to=min(filters.year_to, PLACED_UNTIL))
    if f.year_from > f.year_to:
        return pd.DataFrame({"year": [], "n": [], "placed": [], "share": []})
    df = run(con, "placed_share", **f.params())
    return df.assign(share=df["placed"] / df["n"].where(df["n"] > 0))


def placed_note(df: pd.DataFrame, lang: str = "vi") -> str | None:
    """The caption under a commune trend: which share of each year's records up to 2025 are placed."""
    if df.empty:
        return None
    t = translator(lang)
    years = "; ".join(
        f"{int(y)}: {l10n.percent(100 * s, 0, lang)}"
        for y, s in zip(df["year"], df["share"], strict=True)
        if pd.notna(s)
    )
    return t(
        "Trước 7/2025 mỗi xã, phường chỉ gồm các mô hình đã gắn được vào xã, phường mới (theo xã cũ ghi trên "
        "hồ sơ); tỷ lệ đã gắn của toàn tỉnh: {years}.",
        years=years,
    )


def trend_window(filters: Filters, first_year: int | None = None) -> Filters:
    """The trend's years: the period, reaching back to TREND_YEARS years (not before the data's first
    year, nor 2009) when it is shorter."""
    start = max(first_year or FIRST_YEAR, filters.year_to - TREND_YEARS + 1)
    return replace(filters, year_from=min(filters.year_from, start))


def complete(df: pd.DataFrame, years, series: list[str]) -> pd.DataFrame:
    """The long frame on the full grid years × series (in that order), absent cells 0."""
    grid = pd.MultiIndex.from_product([list(years), list(series)], names=["year", "series"])
    values = df.set_index(["year", "series"])["value"].reindex(grid, fill_value=0.0).astype(float)
    return values.reset_index().sort_values(["series", "year"], key=_series_order(series)).reset_index(drop=True)


def _series_order(series: list[str]):
    order = {s: i for i, s in enumerate(series)}
    return lambda col: col.map(order) if col.name == "series" else col


def cumulative(df: pd.DataFrame) -> pd.DataFrame:
    """Running total of `value` over the years, per series."""
    out = df.sort_values(["series", "year"], kind="stable").copy()
    out["value"] = out.groupby("series", sort=False)["value"].cumsum()
    return out.loc[df.index]


def yoy(df: pd.DataFrame) -> pd.DataFrame:
    """Change on the year before in percent, per series; NaN for the first year and after a zero year."""
    out = df.sort_values(["series", "year"], kind="stable").copy()
    prev = out.groupby("series", sort=False)["value"].shift(1)
    gap = out["year"] - out.groupby("series", sort=False)["year"].shift(1)
    pct = (out["value"] - prev) / prev.where(prev != 0) * 100
    out["value"] = pct.where(gap == 1)
    return out.loc[df.index]


def apply_view(df: pd.DataFrame, view: str, partial_year: int | None = None) -> pd.DataFrame:
    """The yearly frame as the chosen view: yearly, cumulative or yoy (%). A year the data stops in
    (`partial_year`) has no yoy change: part of a year against a whole one would only show the missing months."""
    _check(view, VIEWS, "view")
    out = {"yearly": lambda d: d, "cumulative": cumulative, "yoy": yoy}[view](df)
    if view == "yoy" and partial_year is not None:
        out = out.assign(value=out["value"].where(out["year"] != partial_year))
    return out


# ---------------------------------------------------------------- district and commune rankings


def normalise(df: pd.DataFrame, measure: str, per: str) -> pd.Series:
    """The measure raw, per commune, per 10,000 residents (NaN where the population is unknown) or per
    km² (NaN where the area is)."""
    _check(measure, UNIT_MEASURES, "measure")
    _check(per, NORMALISATIONS, "normalisation")
    if per != "raw" and not MEASURES[measure].additive:
        raise ValueError(f"{measure} is a share: it cannot be divided {per}")
    values = df[MEASURES[measure].column].astype(float)
    if per == "per_commune":
        return values / df["commune_count"].astype(float).where(df["commune_count"] > 0)
    if per == "per_10k":
        return values / df["population"].astype(float) * 10_000
    if per == "per_km2":
        return values / df["area_km2"].astype(float).where(df["area_km2"] > 0)
    return values


def per_choices(measure: str, unit: str, known: int) -> list[str]:
    """The divisions a map or ranking of `unit` offers for `measure` (a share is not divided): per
    commune only for districts, per 10,000 residents only when `known` units have a population."""
    if not MEASURES[measure].additive:
        return ["raw"]
    pop = ["per_10k"] if known else []
    return ["raw", "per_km2", *pop] if unit == "commune" else ["raw", "per_commune", *pop, "per_km2"]


def per_notes(totals: pd.DataFrame, unit: str, per: str, known: int, lang: str = "vi") -> list[str]:
    """What a commune map or ranking's divisions rest on (the population loaded, the areas' source), and,
    for districts divided per km², that their areas are approximate."""
    t = translator(lang)
    out = []
    if unit == "commune":
        if not known:
            out.append(t("Trên 10.000 dân: chưa có số dân của xã, phường nào."))
        elif per == "per_10k":
            out.append(
                t.n(
                    "Trên 10.000 dân chỉ tính cho {n} xã, phường có số dân đã nạp; các xã, phường khác để xám.",
                    "Trên 10.000 dân chỉ tính cho {n} xã, phường có số dân đã nạp; các xã, phường khác để xám.",
                    known,
                )
            )
        if per == "per_km2":
            sources = ", ".join(sorted(set(totals["area_source"].dropna().astype(str))))
            out.append(t("Diện tích xã, phường năm 2025: {source}.", source=sources or "—"))
    elif per == "per_km2":
        out.append(t("Diện tích huyện là gần đúng: tổng diện tích các xã, phường năm 2025 chia theo huyện cũ."))
    return out


def unit_totals(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """The totals of the filters' unit: district_totals, or commune_totals for unit=commune."""
    return commune_totals(con, filters) if filters.unit == "commune" else district_totals(con, filters)


def population_known(df: pd.DataFrame) -> int:
    """How many units have a sourced population (per-10,000 ranking is possible only for them)."""
    return int(df.loc[df["selected"], "population"].notna().sum())


def rank_change(current: pd.Series, previous: pd.Series) -> pd.Series:
    """Places gained since the previous period (positive = moved up), aligned on the index."""
    return (previous.reindex(current.index) - current).astype("Int64")


def fmt_change(change) -> str:
    """▲ 3 / ▼ 2 / = / – (no previous rank)."""
    if change is None or pd.isna(change):
        return "–"
    change = int(change)
    return f"▲ {change}" if change > 0 else f"▼ {-change}" if change < 0 else "="


def ranking(
    con: duckdb.DuckDBPyConnection, filters: Filters, measure: str, per: str = "raw"
) -> tuple[pd.DataFrame, str]:
    """(code, name, value, rank, previous_rank, change sorted by rank; how the ranks compare), of the
    districts, or of the 2025 communes for unit=commune (then with `district`, the former district each
    took most wards from).

    The second value is a dvk.periods status: the rank change is given only when the comparison
    with the previous period (Filters.previous(): same length, same boundaries) is fair — OK, or
    SAME_MONTHS for commendations when the last year is partial (both sides counted to the same
    day of their last year) — and the previous period has a figure (else EMPTY); for YTD and
    UNCOVERED it is left out. Units without a value (population unknown) are left out.
    """
    cmp = periods.compare(filters, periods.coverage(con))
    status = cmp.status(MEASURES[measure].on_models)
    now = unit_totals(con, cmp.current).set_index("code")
    out = now[["name"]].copy()
    out["value"] = normalise(now, measure, per)
    out = out[out["value"].notna()]
    out["rank"] = rank(out["value"])
    out["previous_rank"] = out["change"] = pd.Series(pd.NA, index=out.index, dtype="Int64")
    if status in periods.COMPARED:
        before = unit_totals(con, cmp.previous).set_index("code")
        basis = out["rank"]
        if status == periods.SAME_MONTHS:  # commendations: both sides to the same day of their last year
            now = _to_date(con, now, cmp.current, cmp.cut)
            before = _to_date(con, before, cmp.previous, cmp.cut)
            basis = rank(normalise(now, measure, per).reindex(out.index))
        prev_values = normalise(before, measure, per).reindex(out.index)
        if prev_values.fillna(0).ne(0).any():
            out["previous_rank"] = rank(prev_values)
            out["change"] = rank_change(basis, out["previous_rank"])
        else:
            status = periods.EMPTY
    out = out.reset_index().sort_values(["rank", "code"]).reset_index(drop=True)
    if filters.unit == "commune":
        former = communes.commune_list(con).set_index("code")["main_district_name"]
        out.insert(2, "district", out["code"].map(former).fillna("").to_numpy())
    return out, status


def _to_date(con: duckdb.DuckDBPyConnection, totals: pd.DataFrame, f: Filters, cut: str) -> pd.DataFrame:
    """Unit totals with the commendations counted to day `cut` of the period's last year."""
    by_commune = f.unit == "commune"
    counts = periods.commendations_to_date(con, f, cut, by_commune=by_commune).set_index("code")["n"].astype(float)
    return totals.assign(commendations=counts.reindex(totals.index).fillna(0.0).where(totals["selected"]))


def places(change, lang: str = "vi") -> str | None:
    """'+3 bậc' / '-2 bậc' for a metric's delta (None when unchanged or unknown)."""
    if change is None or pd.isna(change) or int(change) == 0:
        return None
    t = translator(lang)
    signed = f"{int(change):+d}"
    return t.n("{change} bậc", "{change} bậc", abs(int(change)), change=signed)


def most_improved(df: pd.DataFrame) -> pd.DataFrame:
    """The units with a value that gained places, largest gain first (ties by current rank)."""
    up = df[(df["change"].fillna(0) > 0) & (df["value"] > 0)]
    return up.sort_values(["change", "rank"], ascending=[False, True]).reset_index(drop=True)


# ---------------------------------------------------------------- typical examples


def top_examples(con: duckdb.DuckDBPyConnection, filters: Filters, result: str) -> pd.DataFrame:
    """The 20 typical examples with the largest `result`: name, kind, field, year, level, code, district, value."""
    _check(result, RESULTS, "result")
    key = RESULT_ORDERS[result]
    fill = {"result": result, "order": order_sql(key), "order_m": order_sql(key, "m")}
    return run(con, "ranking_examples", fill=fill, **filters.params())


# ---------------------------------------------------------------- tables as shown


def decimals_for(measure: str, per: str) -> int:
    """Decimals to show: the measure's own when raw, two when divided."""
    return MEASURES[measure].decimals if per == "raw" else 2


def ranking_table(df: pd.DataFrame, value_title: str, decimals: int, lang: str = "vi") -> pd.DataFrame:
    """The ranking as shown: rank, district, value (a number with `decimals`), ▲/▼ change against the
    previous period; a commune ranking (a `district` column) has the commune and its former district."""
    t = translator(lang)
    cols = (t("Hạng"), t("Huyện"), t("So với kỳ trước"))
    units = {cols[1]: df["name"].to_numpy()}
    if "district" in df.columns:
        units = {t("Xã, phường"): df["name"].to_numpy(), t("Huyện cũ"): df["district"].to_numpy()}
    out = pd.DataFrame(
        {
            cols[0]: df["rank"].astype(int).to_numpy(),
            **units,
            value_title: df["value"].astype(float).to_numpy(),
            cols[2]: df["change"].map(fmt_change).to_numpy(),
        }
    )
    return with_decimals(out, {value_title: decimals})


def examples_table(df: pd.DataFrame, value_title: str, decimals: int, lang: str = "vi") -> pd.DataFrame:
    """The typical examples as shown: name, kind, district, field, year, value (a number)."""
    t = translator(lang)
    cols = (t("Tên điển hình"), t("Loại"), t("Huyện"), t("Lĩnh vực"), t("Năm"))
    out = pd.DataFrame(
        {
            cols[0]: df["name"].to_numpy(),
            cols[1]: df["kind"].map(lambda c: label("kind", c, lang)).to_numpy(),
            cols[2]: df["district"].to_numpy(),
            cols[3]: df["field"].map(lambda c: label("field", c, lang)).to_numpy(),
            cols[4]: df["year"].astype(int).to_numpy(),
            value_title: df["value"].astype(float).to_numpy(),
        }
    )
    return with_decimals(out, {value_title: decimals})


def newest_table(df: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """The newest typical examples as shown: year, name, kind, district, field, level."""
    t = translator(lang)
    cols = (t("Năm"), t("Tên điển hình"), t("Loại"), t("Huyện"), t("Lĩnh vực"), t("Cấp công nhận"))
    return pd.DataFrame(
        {
            cols[0]: df["year"].astype(int).to_numpy(),
            cols[1]: df["name"].to_numpy(),
            cols[2]: [label("kind", c, lang) for c in df["kind"]],
            cols[3]: df["district"].to_numpy(),
            cols[4]: [label("field", c, lang) for c in df["field"]],
            cols[5]: [label("level", c, lang) for c in df["level"]],
        }
    )


def series_table(df: pd.DataFrame, dimension: str, decimals: int, lang: str = "vi", names=None) -> pd.DataFrame:
    """The trend as a table: one row per year, one column per series (numbers with `decimals`)."""
    from dvk.charts_trends import series_name

    wide = df.pivot_table(index="year", columns="series", values="value", sort=False, dropna=False)
    t = translator(lang)
    out = pd.DataFrame({t("Năm"): [int(y) for y in wide.index]})
    for series in wide.columns:
        out[series_name(series, dimension, lang, names)] = wide[series].astype(float).to_numpy()
    return with_decimals(out, {c: decimals for c in out.columns[1:]})
