"""Row-level reads: the list of models (search, sort, pages), one model in full, and the load record
(ETL runs, rejects, boundaries in use). Query functions take a connection and return data."""

from __future__ import annotations

import math
from dataclasses import dataclass

import duckdb
import pandas as pd

from dvk import clock, geo, l10n, privacy, queries
from dvk.filters import Filters
from dvk.formats import MISSING, with_decimals
from dvk.i18n import translator
from dvk.labels import UNCLASSIFIED, label
from dvk.metrics import MEASURES
from dvk.orders import order_sql
from dvk.text import fold
from dvk.trends import RESULTS

PAGE_SIZE = 50


@dataclass(frozen=True)
class Sort:
    """One allowed sort order: the list order it follows (dvk.orders.ORDERS); its name is sort_label."""

    order: str


# The only orders that ever reach ORDER BY (user input picks a key, never SQL text). Each is a few
# per-row integer columns ending in the stored name rank, so a page is a top-N, not a sort of every row.
_SORT_ORDERS = {
    "year": "newest_models",  # newest first, then level, households, name
    "name": "name",  # in Vietnamese alphabetical order (models.rank_name)
    "district": "district",  # as filed, in Vietnamese order, then newest first
    "funds": "funds",  # largest first, then name
    "land": "land",
    "workdays": "workdays",
    "households": "households",
}
# Sorts by a measure take its name from the measures' registry.
_SORT_MEASURES = {
    "funds": MEASURES["funds_million_vnd"],
    "land": MEASURES["land_m2"],
    "workdays": MEASURES["workdays"],
    "households": RESULTS["households_benefited"],
}


def sort_label(key: str, lang: str = "vi") -> str:
    """The name of an allowed sort order in the language."""
    if key in _SORT_MEASURES:
        return _SORT_MEASURES[key].label(lang)
    t = translator(lang)
    return {"year": t("Năm công nhận"), "name": t("Tên mô hình"), "district": t("Huyện")}[key]


SORTS: dict[str, Sort] = {k: Sort(o) for k, o in _SORT_ORDERS.items()}


def _columns(lang: str) -> dict[str, str]:
    """Columns of the list and of the detail view: column → header in the language (in display order)."""
    t = translator(lang)
    return {
        "model_id": t("Mã"),
        "year_recognized": t("Năm công nhận"),
        "name": t("Tên mô hình, điển hình"),
        "kind": t("Loại"),
        "field": t("Lĩnh vực"),
        "topic": t("Chủ đề"),
        "level": t("Cấp công nhận"),
        "host_sector": t("Chủ thể"),
        "host_unit": t("Đơn vị thực hiện"),
        "district_name": t("Huyện"),
        "district_code": t("Mã huyện"),
        "commune": t("Xã, phường (như ghi)"),
        "commune_2025_name": t("Xã, phường mới (từ 1/7/2025)"),
        "funds_million_vnd": t("Kinh phí (triệu đồng)"),
        "land_m2": t("Đất hiến (m²)"),
        "workdays": MEASURES["workdays"].label(lang),
        "roads_km": t("Đường (km)"),
        "households_benefited": RESULTS["households_benefited"].label(lang),
        "description": t("Mô tả"),
        "source_file": t("Tệp nguồn"),
        "source_sheet": t("Trang tính"),
        "source_row": t("Dòng"),
        "run_id": t("Lần nạp"),
    }


_ENUM_COLUMNS = {"kind": "kind", "field": "field", "topic": "topic", "level": "level", "host_sector": "host_sector"}
_DECIMALS = {"funds_million_vnd": 1, "land_m2": 0, "workdays": 0, "roads_km": 1, "households_benefited": 0}
LIST_COLUMNS = (
    "year_recognized",
    "name",
    "kind",
    "field",
    "level",
    "district_name",
    "commune",
    "commune_2025_name",
    "funds_million_vnd",
    "land_m2",
    "workdays",
    "households_benefited",
    "model_id",
)


def fold_query(text: str | None) -> str:
    """Search text folded like models.search_text (dvk.text.fold: lower case, đ→d, no marks, spaces
    collapsed), LIKE wildcards escaped."""
    s = fold(text)
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def order_by(sort: str, reverse: bool = False) -> str:
    """The ORDER BY clause for an allowed sort key; ValueError for anything else. Reversed, the whole
    order runs backwards; rows without the value stay last either way (dvk.orders.order_sql)."""
    if sort not in SORTS:
        raise ValueError(f"unknown sort key {sort!r}; allowed: {', '.join(SORTS)}")
    return order_sql(SORTS[sort].order, "m", reverse)


def page_count(total: int, page_size: int = PAGE_SIZE) -> int:
    """Number of pages for `total` rows (at least 1, so a page number input always has a range)."""
    return max(1, math.ceil(total / page_size))


def _search(q: str, people: bool) -> dict:
    """The search parameters: the folded text, and whether individuals' records are searched by name
    (without `people` they are found by their commune only, dvk.privacy)."""
    return {"q": fold_query(q), "people": bool(people), "collective": list(privacy.COLLECTIVE_KINDS)}


def count(con: duckdb.DuckDBPyConnection, filters: Filters, q: str = "", *, people: bool = True) -> int:
    """How many models match the filters and the search text."""
    return int(queries.run(con, "records_count", **filters.params(), **_search(q, people))["n"].iloc[0])


def page(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    q: str = "",
    *,
    sort: str = "year",
    reverse: bool = False,
    page_no: int = 1,
    page_size: int = PAGE_SIZE,
    people: bool = True,
) -> pd.DataFrame:
    """One page (1-based) of the models matching the filters and search, in an allowed order
    (`people`: as for `count`; the names themselves are withheld by the data layer)."""
    params = (
        filters.params()
        | _search(q, people)
        | {
            "limit": int(page_size),
            "offset": (max(1, int(page_no)) - 1) * int(page_size),
        }
    )
    return queries.run(con, "records_page", fill={"order_by": order_by(sort, reverse)}, **params)


def detail(con: duckdb.DuckDBPyConnection, model_id: str) -> dict | None:
    """Every stored field of one model, or None when there is no such model."""
    df = queries.run(con, "record_detail", model_id=model_id)
    return None if df.empty else df.iloc[0].to_dict()


def commendations(con: duckdb.DuckDBPyConnection, model_id: str) -> pd.DataFrame:
    """Commendations the loader linked to one model."""
    return queries.run(con, "record_commendations", model_id=model_id)


def summary(total: int, page_no: int, shown: int, lang: str = "vi") -> str:
    """'Hiển thị 1–50 trong 1.234 mô hình'."""
    t = translator(lang)
    first = (page_no - 1) * PAGE_SIZE + 1
    last = first + shown - 1
    models = t.n("{n} mô hình", "{n} mô hình", total)
    return t(
        "Hiển thị {first}–{last} trong {total}",
        first=l10n.number(first, lang=lang),
        last=l10n.number(last, lang=lang),
        total=models,
    )


def _cell(column: str, value, lang: str):
    """A value as shown: labels for codes, MISSING ('–') for missing, numbers as they are."""
    if value is None or (not isinstance(value, (list, tuple, dict)) and pd.isna(value)):
        return MISSING
    if column in _ENUM_COLUMNS:
        return label(_ENUM_COLUMNS[column], value, lang)
    return value


def display_list(df: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """The page of models with labels for codes and headers in the language."""
    out = df[[c for c in LIST_COLUMNS if c in df.columns]].copy()
    for col, enum in _ENUM_COLUMNS.items():
        if col in out.columns:
            out[col] = [label(enum, v, lang) if isinstance(v, str) else "" for v in out[col]]
    for col in _DECIMALS:  # numbers stay numbers: dvk.formats shows them in the language's format
        if col in out.columns:
            out[col] = out[col].astype(float)
    if "year_recognized" in out.columns:
        out["year_recognized"] = out["year_recognized"].astype("Int64")
    names = {c: h for c, h in _columns(lang).items() if c in out.columns}
    return with_decimals(out.rename(columns=names), {names[c]: d for c, d in _DECIMALS.items() if c in names})


def detail_rows(record: dict, lang: str = "vi") -> pd.DataFrame:
    """One model as a two-column table (field, value) in the language, numbers formatted."""
    rows = []
    t = translator(lang)
    for col, header in _columns(lang).items():
        if col not in record:
            continue
        value = _cell(col, record[col], lang)
        if col in _DECIMALS and value != MISSING:
            value = l10n.number(float(value), _DECIMALS[col], lang)
        rows.append((header, str(value)))
    head = (t("Trường"), t("Giá trị"))
    return pd.DataFrame(rows, columns=list(head))


def _commendation_columns(lang: str) -> dict[str, str]:
    t = translator(lang)
    return {
        "year": t("Năm"),
        "form": t("Hình thức"),
        "issuer": t("Cấp khen"),
        "recipient_name": t("Người/tập thể được khen"),
        "decision_no": t("Số quyết định"),
        "decision_date": t("Ngày quyết định"),
        "source_file": t("Tệp nguồn"),
        "source_row": t("Dòng"),
    }


def display_commendations(df: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """Linked commendations with labels and headers in the language."""
    names = _commendation_columns(lang)
    out = df[[c for c in names if c in df.columns]].copy()
    for col in ("form", "issuer"):
        out[col] = [label(col, v, lang) for v in out[col]]
    return out.rename(columns={c: names[c] for c in out.columns})


# --- The load record (page "Dữ liệu") ---------------------------------------------------------

REJECTS_PAGE_SIZE = 200  # rejected cells per page of the Data page's table; the download holds all of them


def reject_kind(kind: str, lang: str = "vi") -> str:
    """A reject kind ('invalid', 'duplicate') in words; an unknown kind as it is."""
    t = translator(lang)
    return {"invalid": t("Không hợp lệ"), "duplicate": t.p("loại dòng bị loại", "Trùng lặp")}.get(kind, kind)


REJECT_KINDS = ("invalid", "duplicate")


def _run_columns(lang: str) -> dict[str, str]:
    t = translator(lang)
    return {
        "run_id": t("Lần nạp"),
        "finished_at": t("Thời gian"),
        "files_new": t("Tệp mới"),
        "files_replaced": t("Tệp thay thế"),
        "files_unchanged": t("Tệp không đổi"),
        "rows_read": t("Dòng đọc"),
        "rows_loaded": t("Dòng nạp"),
        "rows_rejected": t("Dòng bị loại"),
        "duplicates": t("Trùng lặp"),
        "command": t("Lệnh"),
    }


def _reject_columns(lang: str) -> dict[str, str]:
    t = translator(lang)
    return {
        "file": t("Tệp"),
        "sheet": t("Trang tính"),
        "row": t("Dòng"),
        "column": t("Cột"),
        "value": t("Giá trị"),
        "reason": t("Lý do"),
        "kind": t("Loại"),
    }


def _boundary_columns(lang: str) -> dict[str, str]:
    t = translator(lang)
    return {
        "level": t("Cấp"),
        "vintage": t("Năm ranh giới"),
        "n": t("Số đơn vị"),
        "source": t("Nguồn"),
        "loaded_at": t("Nạp lúc"),
    }


def _level(level: str, lang: str) -> str:
    t = translator(lang)
    return {"district": t("Huyện"), "commune": t("Xã, phường")}.get(level, level)


def etl_runs(con: duckdb.DuckDBPyConnection, limit: int = 20) -> pd.DataFrame:
    """The latest loads, newest first."""
    return queries.run(con, "etl_runs", limit=int(limit))


def reject_files(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Files with at least one rejected row."""
    return queries.run(con, "rejects_files")["file"].tolist()


def _reject_filters(file: str, kind: str, reason: str) -> dict[str, str]:
    if kind and kind not in REJECT_KINDS:
        raise ValueError(f"unknown reject kind {kind!r}")
    return {"file": file or "", "kind": kind or "", "reason": fold_query(reason)}


def rejects(
    con: duckdb.DuckDBPyConnection,
    *,
    file: str = "",
    kind: str = "",
    reason: str = "",
    limit: int | None = None,
    offset: int = 0,
) -> pd.DataFrame:
    """Rejected cells, by file and kind ('' = all) and reason text (matched without diacritics), in
    file order; `limit` of them from `offset` on, or all."""
    limit = 2**62 if limit is None else int(limit)
    return queries.run(con, "rejects_list", **_reject_filters(file, kind, reason), limit=limit, offset=int(offset))


def rejects_summary(total: int, page_no: int, shown: int, lang: str = "vi") -> str:
    """'Hiển thị 201–400 trong 11.994 ô bị loại'."""
    t = translator(lang)
    first = (page_no - 1) * REJECTS_PAGE_SIZE + 1
    last = first + shown - 1
    cells = t.n("{n} ô bị loại", "{n} ô bị loại", total)
    return t(
        "Hiển thị {first}–{last} trong {total}",
        first=l10n.number(first, lang=lang),
        last=l10n.number(last, lang=lang),
        total=cells,
    )


def rejects_count(con: duckdb.DuckDBPyConnection, *, file: str = "", kind: str = "", reason: str = "") -> int:
    """How many rejected cells `rejects` would return without a limit."""
    return int(queries.run(con, "rejects_count", **_reject_filters(file, kind, reason))["n"].iloc[0])


def _warning_columns(lang: str) -> dict[str, str]:
    t = translator(lang)
    return {
        "column": t("Cột"),
        "value": t("Giá trị đã ghi"),
        "became": t("Đã nạp thành"),
        "n": t("Số ô"),
        "files": t("Số tệp"),
        "file": t("Tệp"),
        "sheet": t("Trang tính"),
        "row": t("Dòng"),
        "reason": t("Lý do"),
    }


def warning_counts(con: duckdb.DuckDBPyConnection, *, file: str = "", limit: int = 200) -> pd.DataFrame:
    """The warnings grouped by column, value and what it became, most frequent first."""
    return queries.run(con, "warnings_counts", file=file or "", limit=int(limit))


def warnings(con: duckdb.DuckDBPyConnection, *, file: str = "") -> pd.DataFrame:
    """Every warning (file, sheet, row, column, value, became, reason), in file order."""
    return queries.run(con, "warnings_list", file=file or "")


def display_warnings(df: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """Warnings with headers in the language (counts stay numbers, shown in the language's format)."""
    out = df.copy()
    if "became" in out:  # what the loader writes in load_warnings.became (numbers stay as it wrote them)
        t = translator(lang)
        became = {UNCLASSIFIED.vi: label("kind", UNCLASSIFIED.code, lang), "(để trống)": t("(để trống)")}
        out["became"] = [became.get(v, v) for v in out["became"]]
    return _headers(out, _warning_columns(lang))


def boundaries_in_use(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Stored boundary sets: level, vintage, number of shapes, source, loaded at."""
    return queries.run(con, "boundaries_in_use")


def describe_source(source: str, lang: str = "vi") -> str:
    """A boundary source in words ('approximate' → how the shapes were made)."""
    return geo.source_words([s.strip() for s in str(source).split(",")], lang)


def _headers(df: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    out = df[[c for c in names if c in df.columns]]
    return out.rename(columns={c: names[c] for c in out.columns})


def display_runs(df: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """Load history with headers in the language (counts stay numbers: dvk.formats groups them); times
    stored with their zone are shown in the province's time."""
    out = df.copy()
    for col in ("started_at", "finished_at"):
        if col in out:
            out[col] = clock.local_naive(out[col])
    return _headers(out, _run_columns(lang))


def display_rejects(df: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """Rejects with the kind in words and headers in the language."""
    out = df.copy()
    out["kind"] = [reject_kind(k, lang) for k in out["kind"]]
    return _headers(out, _reject_columns(lang))


def display_boundaries(df: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """Boundary sets with level and source in words."""
    out = df.copy()
    out["level"] = [_level(v, lang) for v in out["level"]]
    out["source"] = [describe_source(s, lang) for s in out["source"]]
    out["loaded_at"] = clock.local_naive(out["loaded_at"])  # province time
    return _headers(out, _boundary_columns(lang))


def synthetic_note(lang: str = "vi") -> str:
    """What the Data page says about the bundled sample data (Markdown)."""
    t = translator(lang)
    return t(
        "**Về dữ liệu mẫu.** Dữ liệu đi kèm ứng dụng là dữ liệu **tổng hợp** (synthetic), do máy tạo ra bằng lệnh "
        "`python -m etl sample`, không phải số liệu nộp thật của các đơn vị. Quy mô (khoảng 3.000 mô hình, điển hình "
        "và 950 khen thưởng mỗi năm) được ước tính từ các báo cáo công khai; tên cá nhân chỉ ghi chức danh và chữ cái "
        "đầu, không có tên người thật. Khi nạp số liệu thật (`python -m etl load …`), đoạn này và cảnh báo "
        '"Dữ liệu mẫu tổng hợp" sẽ không hiện nữa.'
    )
