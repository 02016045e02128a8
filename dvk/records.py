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
from dvk.labels import label
from dvk.text import fold

PAGE_SIZE = 50


@dataclass(frozen=True)
class Sort:
    """One allowed sort order: the stored rank it reads (etl/order.sql; 1 comes first in the order's
    usual direction, NULL when the row has no value) and its labels."""

    rank: str
    vi: str
    en: str


# The only columns that ever reach ORDER BY (user input picks a key, never SQL text). Ranks are
# computed at load time, so a page is a top-N over one integer column instead of a sort of every row.
SORTS: dict[str, Sort] = {
    "year": Sort("newest_rank", "Năm công nhận", "Year recognised"),  # newest first, then level, households, name
    "name": Sort("rank_name", "Tên mô hình", "Name"),  # in Vietnamese alphabetical order (etl/order.sql)
    "district": Sort("rank_district", "Huyện", "District"),  # as filed, in Vietnamese order, then newest first
    "funds": Sort("rank_funds", "Kinh phí huy động", "Money mobilised"),  # largest first, then name
    "land": Sort("rank_land", "Đất hiến", "Land donated"),
    "workdays": Sort("rank_workdays", "Ngày công", "Working days"),
    "households": Sort("rank_households", "Hộ hưởng lợi", "Households benefiting"),
}

# Columns of the list and of the detail view: column → (Vietnamese, English).
COLUMNS: dict[str, tuple[str, str]] = {
    "model_id": ("Mã", "ID"),
    "year_recognized": ("Năm công nhận", "Year"),
    "name": ("Tên mô hình, điển hình", "Name"),
    "kind": ("Loại", "Kind"),
    "field": ("Lĩnh vực", "Field"),
    "topic": ("Chủ đề", "Topic"),
    "level": ("Cấp công nhận", "Recognition level"),
    "host_sector": ("Chủ thể", "Host sector"),
    "host_unit": ("Đơn vị thực hiện", "Host unit"),
    "district_name": ("Huyện", "District"),
    "district_code": ("Mã huyện", "District code"),
    "commune": ("Xã, phường (như ghi)", "Commune (as written)"),
    "commune_2025_name": ("Xã, phường mới (từ 1/7/2025)", "Commune (from 1 Jul 2025)"),
    "funds_million_vnd": ("Kinh phí (triệu đồng)", "Money (million VND)"),
    "land_m2": ("Đất hiến (m²)", "Land (m²)"),
    "workdays": ("Ngày công", "Working days"),
    "roads_km": ("Đường (km)", "Roads (km)"),
    "households_benefited": ("Hộ hưởng lợi", "Households"),
    "description": ("Mô tả", "Description"),
    "source_file": ("Tệp nguồn", "Source file"),
    "source_sheet": ("Trang tính", "Sheet"),
    "source_row": ("Dòng", "Row"),
    "run_id": ("Lần nạp", "Load run"),
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
    order runs backwards; rows without the value stay last either way (newest first among them)."""
    if sort not in SORTS:
        raise ValueError(f"unknown sort key {sort!r}; allowed: {', '.join(SORTS)}")
    way = "DESC" if reverse else "ASC"
    return f"m.{SORTS[sort].rank} {way} NULLS LAST, m.newest_rank {way}"


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
    first = (page_no - 1) * PAGE_SIZE + 1
    last = first + shown - 1
    if lang == "en":
        return f"Showing {l10n.number(first, lang='en')}–{l10n.number(last, lang='en')} of {l10n.number(total, lang='en')} models"
    return f"Hiển thị {l10n.number(first)}–{l10n.number(last)} trong {l10n.number(total)} mô hình"


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
    names = {c: COLUMNS[c][lang == "en"] for c in out.columns}
    return with_decimals(out.rename(columns=names), {names[c]: d for c, d in _DECIMALS.items() if c in names})


def detail_rows(record: dict, lang: str = "vi") -> pd.DataFrame:
    """One model as a two-column table (field, value) in the language, numbers formatted."""
    rows = []
    for col, names in COLUMNS.items():
        if col not in record:
            continue
        value = _cell(col, record[col], lang)
        if col in _DECIMALS and value != MISSING:
            value = l10n.number(float(value), _DECIMALS[col], lang)
        rows.append((names[lang == "en"], str(value)))
    head = ("Trường", "Giá trị") if lang != "en" else ("Field", "Value")
    return pd.DataFrame(rows, columns=list(head))


COMMENDATION_COLUMNS = {
    "year": ("Năm", "Year"),
    "form": ("Hình thức", "Form"),
    "issuer": ("Cấp khen", "Issuer"),
    "recipient_name": ("Người/tập thể được khen", "Recipient"),
    "decision_no": ("Số quyết định", "Decision no."),
    "decision_date": ("Ngày quyết định", "Decision date"),
    "source_file": ("Tệp nguồn", "Source file"),
    "source_row": ("Dòng", "Row"),
}


def display_commendations(df: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """Linked commendations with labels and headers in the language."""
    out = df[[c for c in COMMENDATION_COLUMNS if c in df.columns]].copy()
    for col in ("form", "issuer"):
        out[col] = [label(col, v, lang) for v in out[col]]
    return out.rename(columns={c: COMMENDATION_COLUMNS[c][lang == "en"] for c in out.columns})


# --- The load record (page "Dữ liệu") ---------------------------------------------------------

REJECTS_PAGE_SIZE = 200  # rejected cells per page of the Data page's table; the download holds all of them

REJECT_KINDS = {"invalid": ("Không hợp lệ", "Invalid"), "duplicate": ("Trùng lặp", "Duplicate")}

RUN_COLUMNS = {
    "run_id": ("Lần nạp", "Run"),
    "finished_at": ("Thời gian", "Time"),
    "files_new": ("Tệp mới", "New files"),
    "files_replaced": ("Tệp thay thế", "Replaced files"),
    "files_unchanged": ("Tệp không đổi", "Unchanged files"),
    "rows_read": ("Dòng đọc", "Rows read"),
    "rows_loaded": ("Dòng nạp", "Rows loaded"),
    "rows_rejected": ("Dòng bị loại", "Rows rejected"),
    "duplicates": ("Trùng lặp", "Duplicates"),
    "command": ("Lệnh", "Command"),
}
REJECT_COLUMNS = {
    "file": ("Tệp", "File"),
    "sheet": ("Trang tính", "Sheet"),
    "row": ("Dòng", "Row"),
    "column": ("Cột", "Column"),
    "value": ("Giá trị", "Value"),
    "reason": ("Lý do", "Reason"),
    "kind": ("Loại", "Kind"),
}
BOUNDARY_COLUMNS = {
    "level": ("Cấp", "Level"),
    "vintage": ("Năm ranh giới", "Vintage"),
    "n": ("Số đơn vị", "Units"),
    "source": ("Nguồn", "Source"),
    "loaded_at": ("Nạp lúc", "Loaded at"),
}
_LEVELS = {"district": ("Huyện", "District"), "commune": ("Xã, phường", "Commune")}


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
    first = (page_no - 1) * REJECTS_PAGE_SIZE + 1
    last = first + shown - 1
    if lang == "en":
        n = [l10n.number(v, lang="en") for v in (first, last, total)]
        return f"Showing {n[0]}–{n[1]} of {n[2]} rejected cells"
    return f"Hiển thị {l10n.number(first)}–{l10n.number(last)} trong {l10n.number(total)} ô bị loại"


def rejects_count(con: duckdb.DuckDBPyConnection, *, file: str = "", kind: str = "", reason: str = "") -> int:
    """How many rejected cells `rejects` would return without a limit."""
    return int(queries.run(con, "rejects_count", **_reject_filters(file, kind, reason))["n"].iloc[0])


WARNING_COLUMNS = {
    "column": ("Cột", "Column"),
    "value": ("Giá trị đã ghi", "Value as written"),
    "became": ("Đã nạp thành", "Loaded as"),
    "n": ("Số ô", "Cells"),
    "files": ("Số tệp", "Files"),
    "file": ("Tệp", "File"),
    "sheet": ("Trang tính", "Sheet"),
    "row": ("Dòng", "Row"),
    "reason": ("Lý do", "Reason"),
}
# What the loader writes in load_warnings.became, in English (numbers stay as the loader wrote them).
_BECAME_EN = {"Chưa phân loại": "Unclassified", "(để trống)": "(left empty)"}


def warning_counts(con: duckdb.DuckDBPyConnection, *, file: str = "", limit: int = 200) -> pd.DataFrame:
    """The warnings grouped by column, value and what it became, most frequent first."""
    return queries.run(con, "warnings_counts", file=file or "", limit=int(limit))


def warnings(con: duckdb.DuckDBPyConnection, *, file: str = "") -> pd.DataFrame:
    """Every warning (file, sheet, row, column, value, became, reason), in file order."""
    return queries.run(con, "warnings_list", file=file or "")


def display_warnings(df: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """Warnings with headers in the language (counts stay numbers, shown in the language's format)."""
    out = df.copy()
    if lang == "en" and "became" in out:
        out["became"] = [_BECAME_EN.get(v, v) for v in out["became"]]
    return _headers(out, WARNING_COLUMNS, lang)


def boundaries_in_use(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Stored boundary sets: level, vintage, number of shapes, source, loaded at."""
    return queries.run(con, "boundaries_in_use")


def describe_source(source: str, lang: str = "vi") -> str:
    """A boundary source in words ('approximate' → how the shapes were made)."""
    return geo.source_words([s.strip() for s in str(source).split(",")], lang)


def _headers(df: pd.DataFrame, names: dict[str, tuple[str, str]], lang: str) -> pd.DataFrame:
    out = df[[c for c in names if c in df.columns]]
    return out.rename(columns={c: names[c][lang == "en"] for c in out.columns})


def display_runs(df: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """Load history with headers in the language (counts stay numbers: dvk.formats groups them); times
    stored with their zone are shown in the province's time."""
    out = df.copy()
    for col in ("started_at", "finished_at"):
        if col in out:
            out[col] = clock.local_naive(out[col])
    return _headers(out, RUN_COLUMNS, lang)


def display_rejects(df: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """Rejects with the kind in words and headers in the language."""
    out = df.copy()
    out["kind"] = [REJECT_KINDS.get(k, (k, k))[lang == "en"] for k in out["kind"]]
    return _headers(out, REJECT_COLUMNS, lang)


def display_boundaries(df: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """Boundary sets with level and source in words."""
    out = df.copy()
    out["level"] = [_LEVELS.get(v, (v, v))[lang == "en"] for v in out["level"]]
    out["source"] = [describe_source(s, lang) for s in out["source"]]
    out["loaded_at"] = clock.local_naive(out["loaded_at"])  # province time
    return _headers(out, BOUNDARY_COLUMNS, lang)


SYNTHETIC_NOTE_VI = (
    "**Về dữ liệu mẫu.** Dữ liệu đi kèm ứng dụng là dữ liệu **tổng hợp** (synthetic), do máy tạo ra bằng lệnh "
    "`python -m etl sample`, không phải số liệu nộp thật của các đơn vị. Quy mô (khoảng 3.000 mô hình, điển hình "
    "và 950 khen thưởng mỗi năm) được ước tính từ các báo cáo công khai; tên cá nhân chỉ ghi chức danh và chữ cái "
    "đầu, không có tên người thật. Khi nạp số liệu thật (`python -m etl load …`), đoạn này và cảnh báo "
    '"Dữ liệu mẫu tổng hợp" sẽ không hiện nữa.'
)
SYNTHETIC_NOTE_EN = (
    "**About the sample data.** The bundled data is **synthetic**, generated by `python -m etl sample`, not real "
    "submissions. Its volumes (about 3,000 models and typical examples and 950 commendations a year) are estimated "
    "from public reports; people appear only by title and initials, with no real names."
)
