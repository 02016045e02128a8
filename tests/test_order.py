"""The list orders (dvk.orders, the stored name rank of etl/ranks.py): each order is exactly the order
it documents, a rebuilt warehouse stores the tables newest first with their constraints, and every
list returns what an explicit ORDER BY over the whole table (names sorted by DuckDB's ICU `vi`
collation) returns — with filters, Đông Sơn folded, and after a second, incremental load."""

from __future__ import annotations

import shutil
import unicodedata

import duckdb
import pytest

from dvk import overview, profile, records, trends
from dvk.filters import Filters
from dvk.orders import ORDERS, order_sql
from etl import sample
from etl import warehouse as etl_warehouse
from etl.errors import LoadError
from etl.load import load
from tests.conftest import quiet

LEVEL_ORDER = "CASE level WHEN 'trung_uong' THEN 0 WHEN 'tinh' THEN 1 WHEN 'huyen' THEN 2 ELSE 3 END"
NAME_KEY = "name COLLATE vi"  # Vietnamese alphabetical order (ICU): a < ă < â, d < đ, then tones
# Each order as the terms of its plain ORDER BY over `models` joined with its district.
BY_NAME = f"{NAME_KEY}, model_id"
TERMS = {"name": [NAME_KEY, "model_id"]}
TERMS["newest_models"] = [
    "year_recognized DESC",
    LEVEL_ORDER,
    "households_benefited DESC NULLS LAST",
    *TERMS["name"],
]
TERMS["district"] = ["district_name COLLATE vi", *TERMS["newest_models"]]
EXPLICIT = {key: ", ".join(terms) for key, terms in TERMS.items()}
VALUE_RANKS = {
    "households": "households_benefited",
    "funds": "funds_million_vnd",
    "land": "land_m2",
    "workdays": "workdays",
}
NEWEST = "year_recognized DESC, " + LEVEL_ORDER + ", households_benefited DESC NULLS LAST, " + BY_NAME
NEWEST_M = NEWEST.replace("model_id", "m.model_id")
BASE = "(SELECT m.*, d.short_name AS district_name FROM models m JOIN districts d ON d.code = m.district_code)"


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory):
    """A generated sample (four years incl. 2025–2026, three districts incl. Đông Sơn) loaded in two runs."""
    root = tmp_path_factory.mktemp("order")
    files = sample.generate(
        root / "all", years=[2019, 2023, 2025, 2026], district_codes=["384", "399", "405"], fmt="csv", workers=1
    )
    first, second = root / "first", root / "second"
    first.mkdir()
    second.mkdir()
    for i, p in enumerate(files):
        shutil.copy(p, (first if i % 2 == 0 else second) / p.name)
    db = root / "warehouse.duckdb"
    load([first], db, progress=quiet)
    load([second], db, progress=quiet)  # incremental: the new names ranked between the old ones
    return db


@pytest.fixture()
def con(sample_db):
    c = duckdb.connect(str(sample_db), read_only=True)
    yield c
    c.close()


def ids(con, sql: str, params=None) -> list[str]:
    return [r[0] for r in con.execute(sql, params or {}).fetchall()]


def test_the_sample_has_ties_the_ranks_must_break(con):
    n, names, households = con.execute(
        "SELECT count(*), count(DISTINCT name), count(DISTINCT households_benefited) FROM models"
    ).fetchone()
    assert n > 500 and names < n and households < n


def test_each_order_is_the_order_it_documents(con):
    for key, order in EXPLICIT.items():
        assert ids(con, f"SELECT model_id FROM {BASE} ORDER BY {order_sql(key)}") == ids(
            con, f"SELECT model_id FROM {BASE} ORDER BY {order}"
        ), key
    for key, value in VALUE_RANKS.items():
        ranked = ids(con, f"SELECT model_id FROM {BASE} ORDER BY {order_sql(key)}")
        known = ids(con, f"SELECT model_id FROM {BASE} WHERE {value} IS NOT NULL ORDER BY {value} DESC, {BY_NAME}")
        missing = ids(con, f"SELECT model_id FROM {BASE} WHERE {value} IS NULL ORDER BY {NEWEST}")
        assert ranked == known + missing and known and missing, key
    assert set(ORDERS) == {*EXPLICIT, *VALUE_RANKS, "newest_commendations"}
    n, distinct, missing = con.execute(
        "SELECT count(*), count(DISTINCT rank_name), count(*) FILTER (rank_name IS NULL) FROM models"
    ).fetchone()
    assert (distinct, missing) == (n, 0)  # one number per model, gaps allowed (etl/ranks.py)


def test_tables_are_stored_newest_first_with_their_constraints(con, sample_db, tmp_path):
    rebuilt = tmp_path / "rebuilt.duckdb"
    shutil.copy(sample_db, rebuilt)
    load([], rebuilt, progress=quiet, rebuild=True)
    r = duckdb.connect(str(rebuilt), read_only=True)
    try:
        assert ids(r, "SELECT model_id FROM models ORDER BY rowid") == ids(
            r, f"SELECT model_id FROM {BASE} ORDER BY {NEWEST}"
        )
        assert ids(r, "SELECT commendation_id FROM commendations ORDER BY rowid") == ids(
            r,
            "SELECT commendation_id FROM commendations ORDER BY year DESC, decision_date DESC NULLS LAST, commendation_id",
        )
    finally:
        r.close()
    assert (
        con.execute(
            "SELECT count(*) FROM models WHERE code_2025 <> CASE district_code WHEN '405' THEN '380' ELSE district_code END"
        ).fetchone()[0]
        == 0
    )
    assert con.execute("SELECT count(*) FROM commendations WHERE code_2025 IS NULL").fetchone()[0] == 0
    constraints = {
        (t, c)
        for t, c in con.execute(
            "SELECT table_name, constraint_type FROM duckdb_constraints() WHERE table_name IN ('models', 'commendations')"
        ).fetchall()
    }
    assert {("models", "NOT NULL"), ("commendations", "NOT NULL")} <= constraints
    # Ids are unique without an index (whose upkeep made every load's deletes grow with the table):
    # the check every load runs before its swap refuses a repeated id, in a touched cell or elsewhere.
    copy = tmp_path / "copy.duckdb"
    shutil.copy(sample_db, copy)
    rw = duckdb.connect(str(copy))
    try:
        rw.execute("CREATE TEMP TABLE touched (record VARCHAR, district_code VARCHAR, year INTEGER)")
        rw.execute("INSERT INTO touched SELECT 'models', district_code, year_recognized FROM models LIMIT 1")
        etl_warehouse.check(rw)
        etl_warehouse.check(rw, scoped=True)
        rw.execute(
            "INSERT INTO models SELECT * FROM models WHERE (district_code, year_recognized) NOT IN "
            "(SELECT district_code, year FROM touched) LIMIT 1"
        )  # a copy of a row outside the touched cell, then one inside
        with pytest.raises(LoadError, match="models.model_id"):
            etl_warehouse.check(rw)
        rw.execute("DELETE FROM models WHERE rowid = (SELECT max(rowid) FROM models)")
        rw.execute(
            "INSERT INTO models SELECT models.* REPLACE (m.model_id AS model_id) FROM models, "
            "(SELECT model_id FROM models WHERE (district_code, year_recognized) NOT IN "
            "(SELECT district_code, year FROM touched) LIMIT 1) m WHERE (district_code, year_recognized) IN "
            "(SELECT district_code, year FROM touched) LIMIT 1"
        )  # a touched row given the id of a row elsewhere
        with pytest.raises(LoadError, match="models.model_id"):
            etl_warehouse.check(rw, scoped=True)
    finally:
        rw.close()


FILTERS = [
    Filters(),
    Filters(year_from=2019, year_to=2025, districts=("380",)),  # Đông Sơn (405) folded into 380
    Filters(year_from=2019, year_to=2023, districts=("405",)),
    Filters(fields=("kinh_te",), levels=("huyen", "tinh")),
]


def _value_order(value: str, reverse: bool) -> str:
    """A result column's sort: largest first, ties by name; rows without it last, newest first."""
    way, back = ("ASC", "DESC") if reverse else ("DESC", "ASC")
    known = f"CASE WHEN {value} IS NOT NULL THEN"
    return (
        f"{value} IS NULL, {value} {way}, {known} {NAME_KEY} END {back}, {known} m.model_id END {back}, "
        + ", ".join(map(_flip, NEWEST_M.split(", ")) if reverse else NEWEST_M.split(", "))
    )


def _flip(term: str) -> str:
    """One ORDER BY term the other way round (NULLS LAST becomes NULLS FIRST)."""
    t = term.strip().replace(" NULLS LAST", "")
    t = t[: -len(" DESC")] + " ASC" if t.endswith(" DESC") else t + " DESC"
    return t + (" NULLS FIRST" if "NULLS LAST" in term else "")


def test_records_pages_follow_the_explicit_order_both_ways(con):
    base = (
        f"SELECT m.model_id FROM {BASE} m WHERE m.model_id IN (SELECT model_id FROM filtered_model_rows("
        "$year_from, $year_to, $fields, $kinds, $host_sectors, $levels, $districts, $communes, $fold_dong_son))"
    )
    for f in FILTERS:
        total = records.count(con, f)
        assert total > 14
        for key, s in records.SORTS.items():
            for reverse in (False, True):
                if s.order in VALUE_RANKS:
                    order = _value_order(VALUE_RANKS[s.order], reverse)
                else:  # the documented order, every term turned round when reversed
                    terms = [t.replace("model_id", "m.model_id") for t in TERMS[s.order]]
                    order = ", ".join(map(_flip, terms) if reverse else terms)
                want = ids(con, f"{base} ORDER BY {order}", f.params())
                got = records.page(con, f, sort=key, reverse=reverse, page_size=total)["model_id"].tolist()
                assert got == want, (f, key, reverse)
                second = records.page(con, f, sort=key, reverse=reverse, page_no=2, page_size=7)["model_id"].tolist()
                assert second == want[7:14]


def test_lists_on_the_ranks_match_a_full_sort(con):
    examples = "kind IN ('dien_hinh_tap_the', 'dien_hinh_ca_nhan')"
    for f in FILTERS:
        p = f.params()
        rows = (
            "SELECT m.*, CASE WHEN $fold_dong_son AND d.merged_into IS NOT NULL THEN d.merged_into ELSE m.district_code END "
            "AS code FROM " + BASE + " m JOIN districts d ON d.code = m.district_code "
            "WHERE m.year_recognized BETWEEN $year_from AND $year_to "
            "AND (len($fields) = 0 OR list_contains($fields, m.field)) AND (len($levels) = 0 OR list_contains($levels, m.level))"
        )
        scoped = f"SELECT * FROM ({rows}) WHERE (len($districts) = 0 OR list_contains($districts, code))"
        q = {k: p[k] for k in ("year_from", "year_to", "fields", "levels", "districts", "fold_dong_son")}
        want = ids(con, f"SELECT name FROM ({scoped}) WHERE {examples} ORDER BY {EXPLICIT['newest_models']} LIMIT 8", q)
        assert overview.newest_examples(con, f)["name"].tolist() == want
        for result in trends.RESULT_ORDERS:
            want = con.execute(
                f"SELECT name, {result}::DOUBLE FROM ({scoped}) WHERE {examples} AND {result} IS NOT NULL "
                f"ORDER BY {result} DESC, {BY_NAME} LIMIT 20",
                q,
            ).fetchall()
            got = trends.top_examples(con, f, result)
            assert list(zip(got["name"], got["value"], strict=True)) == want, (f, result)
        known = "CASE WHEN households_benefited IS NOT NULL THEN"
        for district in ("380", "399"):
            want = ids(
                con,
                f"SELECT name FROM ({scoped}) ORDER BY households_benefited DESC NULLS LAST, {known} {NAME_KEY} END, "
                f"{known} model_id END, {NEWEST} LIMIT 10",
                {**q, "districts": [district]},
            )
            assert profile.top_models(con, f, district)["name"].tolist() == want, (f, district)


NAV_FILTERS = [
    *FILTERS,
    Filters(kinds=("dien_hinh_ca_nhan",), year_from=2023, year_to=2026),
    Filters(host_sectors=("mttq",), districts=("399", "384")),
]


def test_district_level_figures_read_the_small_aggregate_when_they_can(con):
    """filtered_district_models / filtered_district_commendations: same figures as the full aggregates."""
    measures = "sum(n)::BIGINT, round(sum(funds_million_vnd), 6), round(sum(land_m2), 6), round(sum(workdays), 6)"
    args = "$year_from, $year_to, $fields, $kinds, $host_sectors, $levels, $districts, $communes, $fold_dong_son"
    cargs = "$year_from, $year_to, $levels, $districts, $communes, $fold_dong_son"
    # with a commune filter (two communes the sample names) the figures come from the commune-keyed aggregates
    named = [
        r[0]
        for r in con.execute(
            "SELECT commune_code FROM models WHERE commune_code IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 2"
        ).fetchall()
    ]
    assert len(named) == 2
    for f in [*NAV_FILTERS, Filters(communes=tuple(named), year_from=2019, year_to=2026)]:
        p = f.params()
        cp = f.commendation_params()
        small = f"SELECT code, year, kind, level, {measures} FROM filtered_district_models({args}) GROUP BY ALL ORDER BY ALL"
        full = f"SELECT code, year, kind, level, {measures} FROM filtered_models({args}) GROUP BY ALL ORDER BY ALL"
        got, want = con.execute(small, p).fetchall(), con.execute(full, p).fetchall()
        assert got == want and len(want) > 0, f
        small = f"SELECT code, year, level, sum(n)::BIGINT FROM filtered_district_commendations({cargs}) GROUP BY ALL ORDER BY ALL"
        full = f"SELECT code, year, level, sum(n)::BIGINT FROM filtered_commendation_counts({cargs}) GROUP BY ALL ORDER BY ALL"
        assert con.execute(small, cp).fetchall() == con.execute(full, cp).fetchall(), f
    rows = con.execute("SELECT count(*) FROM agg_district_models").fetchone()[0]
    assert rows < con.execute("SELECT count(*) FROM agg_models").fetchone()[0]


# The Vietnamese alphabet (with the f, j, w, z of foreign words where the Latin alphabet has them).
ALPHABET = "AĂÂBCDĐEÊFGHIJKLMNOÔƠPQRSTUƯVWXYZ"
TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def _letter(name: str) -> str:
    """The first letter of a name, upper case, without its tone ("ấp" → "Â")."""
    first = unicodedata.normalize("NFD", name[0].upper())
    return unicodedata.normalize("NFC", "".join(c for c in first if c not in TONES))


def test_names_are_ranked_in_vietnamese_alphabetical_order(con):
    names = [r[0] for r in con.execute("SELECT name FROM models ORDER BY rank_name").fetchall()]
    letters = [_letter(n) for n in names if _letter(n) in ALPHABET]
    assert len(letters) > 0.9 * len(names)
    assert {"D", "Đ", "H", "T"} <= set(letters)  # the sample has names on both sides of D/Đ
    assert [ALPHABET.index(x) for x in letters] == sorted(ALPHABET.index(x) for x in letters)
    last_d = max(i for i, n in enumerate(names) if _letter(n) == "D")
    first_đ = min(i for i, n in enumerate(names) if _letter(n) == "Đ")
    assert last_d < first_đ
