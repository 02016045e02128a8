"""District profile queries: one district against the province, for the shared filters."""

from __future__ import annotations

from dataclasses import replace

import duckdb
import pandas as pd

from dvk import overview
from dvk.filters import Filters
from dvk.formats import with_decimals
from dvk.i18n import translator
from dvk.labels import ENUMS, codes, label
from dvk.queries import run
from dvk.trends import RESULTS


def _params(filters: Filters, district: str) -> dict:
    """The filters' parameters with the profile's district in place of the district filter."""
    params = filters.params() | {"district": district}
    del params["districts"]
    return params


def by_year(con: duckdb.DuckDBPyConnection, filters: Filters, district: str) -> pd.DataFrame:
    """year, n (the district), province_avg (mean over the period's district-level units)."""
    return run(con, "profile_by_year", **_params(filters, district))


def by_field(con: duckdb.DuckDBPyConnection, filters: Filters, district: str) -> pd.DataFrame:
    """field, n for the district."""
    return overview.field_mix(con, replace(filters, districts=(district,)))


def top_models(con: duckdb.DuckDBPyConnection, filters: Filters, district: str) -> pd.DataFrame:
    """The district's ten models/examples with the most households benefiting."""
    return run(con, "profile_top_models", **_params(filters, district))


def rank_history(con: duckdb.DuckDBPyConnection, filters: Filters, district: str) -> pd.DataFrame:
    """year, n, rank, units: the district's place among the period's units in each year."""
    return run(con, "profile_rank_history", **_params(filters, district))


AWARDS_SHOWN = 100


def commendations(
    con: duckdb.DuckDBPyConnection, filters: Filters, district: str, limit: int = AWARDS_SHOWN
) -> pd.DataFrame:
    """The district's newest commendations in the period (at most `limit`); column `total` counts them
    all, `model_kind` is the kind of the linked model (NULL when none is linked; for dvk.privacy)."""
    params = filters.commendation_params() | {"district": district, "limit": int(limit)}
    del params["districts"]
    df = run(con, "profile_commendations", **params)
    ids = [str(m) for m in df["model_id"].dropna().unique()]
    kinds = run(con, "model_kinds", ids=ids) if ids else pd.DataFrame(columns=["model_id", "kind"])
    df["model_kind"] = df["model_id"].map(dict(zip(kinds["model_id"], kinds["kind"], strict=True)))
    return df.drop(columns="model_id")


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
