"""Property-based tests (hypothesis): the text rules round-trip or reject, the column-at-a-time rules
agree with the one-cell ones, and any sheet of random rows is read with every row accounted for."""

from __future__ import annotations

import csv
import datetime as dt
import os
import shutil
import unicodedata
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import xlsxwriter
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from etl import vector
from etl.columns import MODEL_COLUMNS
from etl.errors import LoadError
from etl.load import load
from etl.places import PlaceResolver
from etl.submission import read_submission
from etl.text import ParseError, clean_text, fold, parse_date, parse_number, parse_year
from etl.validate import validate
from tests.conftest import quiet
from tests.fixtures.make_fixtures import MODEL_HEADER

# Modest example counts keep `make test` quick; DVK_PROPERTY_EXAMPLES=2000 runs a long hunt.
_MANY = int(os.environ.get("DVK_PROPERTY_EXAMPLES", "0"))
_CHECKS = [HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
FAST = settings(max_examples=_MANY or 50, deadline=None, suppress_health_check=_CHECKS)
SLOW = settings(max_examples=_MANY // 4 or 12, deadline=None, suppress_health_check=_CHECKS)

VIET = "aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵĐÂƠƯ"
HOSTILE = (
    "\x00\x01\x07\x08\x0b\x0c\x1b\x1f\x7f\x85\x9b\u00a0\u2007\u202f\u3000\u2028\u200b\u200c\u200d\u200e\u200f"
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2069\u2060\ufeff\u0300\u0301\u0303\u0309\u0323\u00d0\u00f0\u0189"
    "\u00b5\u00b8\u00d5\u00e3\u00f4\u00a7\u00ae=+-@\t\r\n \"',;<>&|%$"
)
ALPHABET = VIET + VIET.upper() + "0123456789 .,-/()" + HOSTILE
texts = st.text(alphabet=ALPHABET, max_size=40)


# ------------------------------------------------------------------------------------------------
# etl.text: round trips, or a ParseError, never another exception
# ------------------------------------------------------------------------------------------------


def vi_format(value: Decimal) -> str:
    """Vietnamese writing: thousands with '.', decimals with ','."""
    sign = "-" if value < 0 else ""
    whole, _, frac = f"{abs(value):f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return sign + grouped + ("," + frac if frac else "")


amounts = st.decimals(min_value=-(10**12), max_value=10**12, places=3, allow_nan=False, allow_infinity=False)


@FAST
@given(amounts)
def test_vietnamese_numbers_round_trip(value):
    text = vi_format(value.normalize() if value == value.to_integral() else value)
    assert parse_number(text) == float(Decimal(text.replace(".", "").replace(",", ".")))
    assert parse_number(text) == pytest.approx(float(value), rel=1e-15, abs=1e-12)


@FAST
@given(st.integers(min_value=0, max_value=10**12), st.integers(min_value=0, max_value=99))
def test_english_numbers_with_both_separators_round_trip(whole, cents):
    text = f"{whole:,}.{cents:02d}"
    if "," in text:  # "1,234.56": both separators, unambiguous
        assert parse_number(text) == float(f"{whole}.{cents:02d}")


@FAST
@given(st.text(alphabet="0123456789.,+-– eE" + VIET[:5] + HOSTILE[:12], max_size=16))
def test_parse_number_returns_a_number_or_a_reason(text):
    try:
        value = parse_number(text)
    except ParseError as exc:
        assert str(exc)
    else:
        assert value is None or isinstance(value, float)


@FAST
@given(st.lists(st.text(alphabet="0123456789.,+- ", max_size=12), min_size=1, max_size=8))
def test_column_numbers_agree_with_cell_numbers(cells):
    for convention in ("vi", "en"):
        for whole in (False, True):
            nums = vector.parse_numbers(pd.Series(cells, dtype=object), convention, whole)
            for cell, v, why in zip(cells, nums.values, nums.reasons):
                try:
                    expected = parse_number(cell, convention, whole)
                except ParseError:
                    assert why is not None, cell
                    continue
                assert why is None, (cell, why)
                assert (np.isnan(v) and expected is None) or v == expected, (cell, convention, whole, v, expected)


@FAST
@given(st.lists(texts, min_size=1, max_size=8))
def test_column_cleaning_agrees_with_cell_cleaning(cells):
    arr = vector.clean_text(vector.to_text(pd.Series(cells, dtype=object)))
    for cell, got in zip(cells, arr.to_pylist()):
        assert (got or "") == clean_text(cell), repr(cell)


@FAST
@given(texts)
def test_clean_text_is_idempotent_nfc_and_free_of_invisible_characters(text):
    once = clean_text(text)
    assert clean_text(once) == once
    assert unicodedata.is_normalized("NFC", once)
    assert not any(unicodedata.category(c) in ("Cc", "Cf") for c in once), repr(once)
    assert fold(once) == fold(text) and fold(fold(text)) == fold(text) and fold(text).isascii()


dates = st.dates(min_value=dt.date(2009, 1, 1), max_value=dt.date(2099, 12, 31))


@FAST
@given(dates)
def test_dates_round_trip_in_every_written_form(d):
    serial = (d - dt.date(1899, 12, 30)).days
    forms = [
        d.strftime("%d/%m/%Y"),
        f"{d.day}/{d.month}/{d.year}",
        d.isoformat(),
        d.strftime("%Y/%m/%d"),
        d.strftime("%d.%m.%Y"),
        f"{d.day}-{d.month}-{d.year}",
        f"ngày {d.day} tháng {d.month} năm {d.year}",
        f"Ngày {d.day:02d} tháng {d.month:02d} năm {d.year}",
        str(serial),
        serial,
        float(serial),
        d,
        dt.datetime(d.year, d.month, d.day, 10, 30),
        f"{d.isoformat()} 08:00:00",
    ]
    for form in forms:
        assert parse_date(form) == d, form
    assert parse_year(d.strftime("%d/%m/%Y")) == d.year


@FAST
@given(st.integers(min_value=1000, max_value=9999))
def test_years_round_trip(year):
    for form in (str(year), f"năm {year}", f"Năm {year}", year, float(year), f" {year} "):
        assert parse_year(form) == year


@FAST
@given(texts)
def test_dates_and_years_parse_or_give_a_reason(text):
    for parse in (parse_date, parse_year):
        try:
            parse(text)
        except ParseError as exc:
            assert str(exc)


# ------------------------------------------------------------------------------------------------
# Whole sheets: random rows in CSV and xlsx, any header order
# ------------------------------------------------------------------------------------------------

VALID = {
    "Tên mô hình": st.text(alphabet=VIET + " ", min_size=1, max_size=25).filter(str.strip),
    "Loại": st.sampled_from(["Mô hình tập thể", "Điển hình cá nhân", "điển hình tập thể", "collective model"]),
    "Lĩnh vực": st.sampled_from(["Kinh tế", "Văn hóa – xã hội", "quốc phòng - an ninh", "Xây dựng hệ thống chính trị"]),
    "Chủ thể": st.sampled_from(["Hội Nông dân", "Chính quyền", ""]),
    "Huyện": st.sampled_from(["Nga Sơn", "Hoằng Hóa", "H. Thọ Xuân", "Tho Xuan", "TP. Thanh Hóa", "Ðông Sơn"]),
    "Xã": st.sampled_from(["", "Hoằng Tiến"]),
    "Năm công nhận": st.integers(min_value=2009, max_value=2024)
    .map(lambda y: st.sampled_from([str(y), f"năm {y}"]))
    .flatmap(lambda s: s),
    "Cấp công nhận": st.sampled_from(["Cấp xã", "Cấp huyện", "Cấp tỉnh", "Trung ương"]),
}
NUMBER = st.one_of(
    st.just(""), amounts.map(vi_format), st.integers(0, 10**6).map(str), st.floats(0, 1e6).map(lambda f: f"{f:,.2f}")
)
# Plausible results, written the ways people write them (Vietnamese or English separators).
GOOD_NUMBER = st.one_of(
    st.just(""),
    st.decimals(0, 50_000, places=2).map(vi_format),
    st.integers(0, 50_000).map(str),
    st.floats(0, 50_000).map(lambda f: f"{f:,.2f}"),
)
GOOD_INT = st.one_of(
    st.just(""), st.integers(0, 3_000_000).map(lambda n: f"{n:,}".replace(",", ".")), st.integers(0, 999).map(str)
)
DATE_TEXT = dates.flatmap(
    lambda d: st.sampled_from(
        [d.strftime("%d/%m/%Y"), d.isoformat(), f"ngày {d.day} tháng {d.month} năm {d.year}", str(d.year)]
    )
)
JUNK = st.one_of(
    texts, NUMBER, DATE_TEXT, st.sampled_from(["=1+2", "=cmd|' /C calc'!A0", "@SUM(A1)", "-5", "1.200 m²", "2099"])
)


VALID |= {
    "Đất hiến (m²)": GOOD_NUMBER,
    "Ngày công": GOOD_NUMBER,
    "Kinh phí (triệu đồng)": GOOD_NUMBER,
    "Đường (km)": GOOD_NUMBER.filter(lambda v: v == "" or parse_number(v) <= 100_000),
    "Hộ hưởng lợi": GOOD_INT,
    "Đơn vị/Cá nhân thực hiện": texts,
    "Mô tả": texts,
}
GOOD_ROW = st.tuples(*[VALID[h] for h in MODEL_HEADER]).map(list)


@st.composite
def row(draw) -> list:
    """A valid row with none, one or a few cells replaced by junk (hostile text, odd numbers and dates)."""
    cells = draw(GOOD_ROW)
    for j in draw(st.lists(st.integers(0, len(MODEL_HEADER) - 1), max_size=3)):
        cells[j] = draw(JUNK)
    return cells


rows_strategy = st.lists(row(), min_size=0, max_size=12)
PLACES = PlaceResolver.build()


def write(path: Path, header: list[str], rows: list[list], order: list[int]) -> Path:
    header = [header[j] for j in order]
    rows = [[r[j] for j in order] for r in rows]
    if path.suffix == ".csv":
        with open(path, "w", encoding="utf-8-sig", newline="") as fh:
            csv.writer(fh).writerows([header, *rows])
    else:
        wb = xlsxwriter.Workbook(
            str(path), {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False}
        )
        ws = wb.add_worksheet("Mô hình")
        for r, row in enumerate([header, *rows]):
            for c, v in enumerate(row):
                if v != "":
                    ws.write_string(r, c, v)
        wb.close()
    return path


def read_and_validate(path: Path):
    """(rows read, clean rows by source row, rejected (row, column, reason) set) of a file."""
    sheets, _ = read_submission(path)
    read, clean, rejected = 0, {}, set()
    headers = {c.key: c.header for c in MODEL_COLUMNS}
    for sheet in sheets:
        table, rej, warn = validate(sheet, PLACES, 2026)
        read += len(sheet.data)
        numbers = set(sheet.data["_row"])
        for row in table.to_pylist():
            clean[row["source_row"]] = row
        assert set(rej["row"]) <= numbers and not set(rej["row"]) & set(clean)
        assert all(rej["file"] == path.name) and rej["sheet"].map(bool).all() and rej["column"].map(bool).all()
        assert rej["reason"].map(lambda r: isinstance(r, str) and bool(r)).all()
        rejected |= {(r.row, r.column, r.reason) for r in rej.itertuples()}
        assert len(table) + rej["row"].nunique() == len(sheet.data)
        # Warnings are for rows that load; every loaded unclassified listed value has one.
        warned = {(w.row, w.column) for w in warn.itertuples()}
        assert {r for r, _ in warned} <= set(clean)
        for row in table.to_pylist():
            for key in ("kind", "field", "host_sector", "level", "topic"):
                if row.get(key) == "chua_phan_loai":
                    assert (row["source_row"], headers[key]) in warned, (row, key)
    return read, clean, rejected


@FAST
@given(rows=rows_strategy, ext=st.sampled_from([".csv", ".xlsx"]), order=st.permutations(range(len(MODEL_HEADER))))
def test_random_rows_are_each_loaded_or_rejected_whatever_the_column_order(tmp_path_factory, rows, ext, order):
    folder = tmp_path_factory.mktemp("prop")
    canonical = write(folder / f"a{ext}", MODEL_HEADER, rows, list(range(len(MODEL_HEADER))))
    shuffled = write(folder / f"b{ext}", MODEL_HEADER, rows, order)
    try:
        first = read_and_validate(canonical)
    except LoadError as exc:  # a refusal names the file; then the shuffled file is refused too
        event(f"refused: {str(exc).split(':')[1][:40]}")
        assert canonical.name in str(exc)
        with pytest.raises(LoadError):
            read_and_validate(shuffled)
        return
    second = read_and_validate(shuffled)
    event(f"read {min(first[0], 5)}+ rows, {min(len(first[1]), 3)}+ clean")
    assert first == second
    visible = sum(any(clean_text(v) for v in r) for r in rows)  # rows with content are read (blank ones skipped)
    assert visible <= first[0] <= len(rows)
    shutil.rmtree(folder)


@pytest.fixture(scope="module")
def small_warehouse(tmp_path_factory):
    db = tmp_path_factory.mktemp("prop-wh") / "w.duckdb"
    load([Path(__file__).parent / "fixtures" / "resubmit" / "v1"], db, progress=quiet)
    return db


@SLOW
@given(rows=rows_strategy, ext=st.sampled_from([".csv", ".xlsx"]))
def test_a_load_accounts_for_every_row_read(small_warehouse, tmp_path_factory, rows, ext):
    assume(rows)
    folder = tmp_path_factory.mktemp("prop-load")
    path = write(folder / f"nop{ext}", MODEL_HEADER, rows, list(range(len(MODEL_HEADER))))
    try:
        summary = load([path], small_warehouse, progress=quiet, dry_run=True)
    except LoadError as exc:
        event("refused")
        assert path.name in str(exc)
        return
    event(f"loaded {min(summary.rows_loaded, 3)}+, rejected {min(summary.rows_rejected, 3)}+")
    assert summary.rows_loaded + summary.rows_rejected == summary.rows_read <= len(rows)
    rej = summary.rejects
    assert rej["row"].nunique() == summary.rows_rejected
    for col in ("file", "sheet", "column", "reason"):
        assert rej[col].map(lambda v: isinstance(v, str) and bool(v)).all(), col
    assert (rej["row"] > 1).all()
    shutil.rmtree(folder)
