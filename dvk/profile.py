"""Profile queries: one district against the province, or one 2025 commune against the average
commune, for the shared filters."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import replace

import duckdb
import pandas as pd

from dvk import commune_rank, communes, overview
from dvk.filters import Filters
from dvk.formats import with_decimals
from dvk.i18n import translator
from dvk.labels import ENUMS, codes, label
from dvk.queries import run
from dvk.trends import RESULTS

UNITS = ("district", "commune")  # what a profile is of (dvk.filters.UNITS)
DEFAULT_DISTRICT = "399"  # Hoằng Hóa, when the address names no (known) district
DEFAULT_COMMUNE = "14797"  # Phường Hạc Thành (the provincial seat), when the address names no (known) commune
SINCE = 2016  # a commune's trend and rank history reach back to this year (history placed in 2025 communes)


def _params(filters: Filters, district: str) -> dict:
    """The filters' parameters with the profile's district in place of the district filter."""
    params = filters.params() | {"district": district}
    del params["districts"]
    return params


def by_year(con: duckdb.DuckDBPyConnection, filters: Filters, district: str) -> pd.DataFrame:
    """year, n (the district), province_avg (mean over the period's district-level units)."""
    return run(con, "profile_by_year", **_params(filters, district))


def _scope(filters: Filters, code: str, unit: str) -> Filters:
    """The filters with the profile's unit in place of the unit filter: a district replaces the district
    filter (the commune filter still applies), a 2025 commune replaces both."""
    if unit not in UNITS:
        raise ValueError(f"unknown unit: {unit!r}")
    if unit == "commune":
        return replace(filters, districts=(), communes=(code,))
    return replace(filters, districts=(code,))


def by_field(con: duckdb.DuckDBPyConnection, filters: Filters, code: str, unit: str = "district") -> pd.DataFrame:
    """field, n for the district (or the 2025 commune)."""
    return overview.field_mix(con, _scope(filters, code, unit))


def top_models(con: duckdb.DuckDBPyConnection, filters: Filters, code: str, unit: str = "district") -> pd.DataFrame:
    """The district's (or 2025 commune's) ten models/examples with the most households benefiting."""
    return run(con, "profile_top_models", **_scope(filters, code, unit).params())


def rank_history(con: duckdb.DuckDBPyConnection, filters: Filters, district: str) -> pd.DataFrame:
    """year, n, rank, units: the district's place among the period's units in each year."""
    return run(con, "profile_rank_history", **_params(filters, district))


AWARDS_SHOWN = 100


def commendations(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    code: str,
    limit: int = AWARDS_SHOWN,
    unit: str = "district",
) -> pd.DataFrame:
    """The district's (or 2025 commune's) newest commendations in the period (at most `limit`); column
    `total` counts them all, `model_kind` is the kind of the linked model (NULL when none is linked; for
    dvk.privacy)."""
    params = _scope(filters, code, unit).commendation_params() | {"limit": int(limit)}
    return run(con, "profile_commendations", **params)


# ---------------------------------------------------------------- a 2025 commune


def _commune_params(filters: Filters, commune: str) -> dict:
    """The filters' parameters for the whole province (no district or commune filter) and the commune."""
    return replace(filters, districts=(), communes=()).params() | {"commune": commune}


def since(filters: Filters, first_year: int | None = None) -> Filters:
    """The years of a commune's trend: from SINCE (or the data's first year, if later) to the period's end,
    or the period itself when it starts earlier."""
    return replace(filters, year_from=min(filters.year_from, max(SINCE, first_year or SINCE)))


def commune_by_year(con: duckdb.DuckDBPyConnection, filters: Filters, commune: str) -> pd.DataFrame:
    """year, n (the commune), province_avg (the records placed in any 2025 commune / the number of communes)."""
    return run(con, "profile_commune_by_year", **_commune_params(filters, commune))


def commune_rank_history(con: duckdb.DuckDBPyConnection, filters: Filters, commune: str) -> pd.DataFrame:
    """year, n, rank, units: the commune's place among all the 2025 communes in each year."""
    return run(con, "profile_commune_rank_history", **_commune_params(filters, commune))


def commune_ranking(con: duckdb.DuckDBPyConnection, filters: Filters) -> tuple[pd.DataFrame, str]:
    """Every 2025 commune ranked by models and examples (dvk.commune_rank.ranking: code, value, rank with
    ties sharing the best, change where fair), the district and commune filters aside; its dvk.periods status."""
    return commune_rank.ranking(con, replace(filters, districts=(), communes=()), "n")


CROSSWALK_COLUMNS = {"former_code", "former_short_name", "former_type", "former_district_code", "commune_code"}


def has_crosswalk(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the warehouse holds the old→new crosswalk table (etl.crosswalk; older warehouses do not)."""
    return CROSSWALK_COLUMNS <= set(run(con, "table_columns", table="crosswalk")["column_name"])


def formed_from(con: duckdb.DuckDBPyConnection, commune: str) -> tuple[pd.DataFrame, bool]:
    """(the former units the commune was formed from: code, short_name, type, district_code,
    district_name, district_type, split, is_default — or, without a crosswalk table, only its former
    districts (district_* columns); whether the former wards and communes are known)."""
    if has_crosswalk(con):
        return run(con, "profile_formed_from", commune=commune), True
    return run(con, "profile_former_districts", commune=commune), False


def _former_unit(row, lang: str) -> str:
    """A former ward or commune in a list: "xã Hoằng Tiến", "thị trấn Bút Sơn" (a split unit: "(một phần)")."""
    t = translator(lang)
    kind = str(row["type"]).casefold()
    name = {
        "phường": t("phường {name}", name=row["short_name"]),
        "thị trấn": t("thị trấn {name}", name=row["short_name"]),
    }
    text = name.get(kind, t("xã {name}", name=row["short_name"]))
    return text + (" " + t("(một phần)") if bool(row.get("split")) else "")


def formed_from_html(
    df: pd.DataFrame, link: Callable[[str], str], lang: str = "vi", fold_dong_son: bool = False
) -> list[str]:
    """One HTML line per former district: its name linking to its district profile (`link(code)`; when the
    period counts Đông Sơn inside TP Thanh Hóa, Đông Sơn's link opens TP Thanh Hóa's), then the former
    wards and communes that went into the commune (when known)."""
    out = []
    for code, part in df.groupby("district_code", sort=False):
        first = part.iloc[0]
        name = communes.district_name(first["district_name"], first["district_type"]) or str(code)
        target = "380" if fold_dong_son and str(code) == "405" else str(code)
        anchor = f'<a href="{html.escape(link(target))}" target="_self">{html.escape(name)}</a>'
        units = [_former_unit(r, lang) for _, r in part.iterrows()] if "short_name" in part.columns else []
        out.append(anchor + (": " + html.escape(", ".join(units)) if units else ""))
    return out


# ---------------------------------------------------------------- tables as shown


def _headers(lang: str) -> dict[str, str]:
    t = translator(lang)
    return {
        "field": t("Lĩnh vực"),
        "n": t("Số mô hình"),
        "name": t("Tên mô hình"),
        "kind": t("Loại"),
        "year": t("Năm"),
        "level": t("Cấp"),
        "households_benefited": RESULTS["households_benefited"].label(lang),
        "funds_million_vnd": t("Kinh phí (triệu đồng)"),
        "form": t("Hình thức"),
        "issuer": t("Cấp khen"),
        "recipient_kind": t("Đối tượng"),
        "recipient_name": t("Tên tập thể, cá nhân"),
        "decision_no": t("Số quyết định"),
        "decision_date": t("Ngày quyết định"),
        "model_name": t.p("mô hình được khen", "Mô hình, điển hình"),
    }


_NUMBERS = {"n": 0, "households_benefited": 0, "funds_million_vnd": 1}


def shown(df: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """A profile table as shown: codes as labels, numbers as numbers (with their decimals), dates as
    dates, headers in the language; columns that only serve the privacy rule are left out."""
    out = df.drop(columns=[c for c in ("total", "model_kind") if c in df.columns])
    for col in out.columns:
        if col in ENUMS:
            out[col] = out[col].map({c: label(col, c, lang) for c in codes(col)}).fillna(out[col])
        elif col in _NUMBERS:
            out[col] = out[col].astype(float)
        elif col == "decision_date":
            out[col] = pd.to_datetime(out[col])
        elif col == "year":
            out[col] = out[col].astype("Int64")
    headers = _headers(lang)
    names = {c: headers[c] for c in out.columns if c in headers}
    return with_decimals(out.rename(columns=names), {names[c]: d for c, d in _NUMBERS.items() if c in names})
