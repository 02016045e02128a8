"""Measures named once (dvk.metrics): the warehouse's macros, the measure expressions in the .sql
files, and the one rank — against hand-worked values and direct counts on the fixture warehouse."""

import duckdb
import pandas as pd
import pytest

from dvk import metrics, queries
from dvk.filters import Filters


@pytest.fixture()
def macros():
    con = duckdb.connect()
    con.execute(metrics.macro_sql())
    yield con
    con.close()


def one(con, sql: str):
    return con.execute(sql).fetchone()[0]


def test_macros_by_hand(macros):
    assert one(macros, "SELECT is_provincial('tinh')") is True
    assert one(macros, "SELECT is_provincial('trung_uong')") is True
    assert one(macros, "SELECT is_provincial('huyen')") is False
    assert one(macros, "SELECT is_example('dien_hinh_ca_nhan')") is True
    assert one(macros, "SELECT is_example('mo_hinh_tap_the')") is False
    # Đông Sơn (405) is TP Thanh Hóa (380) on the 2025 boundaries, itself before.
    assert one(macros, "SELECT on_boundaries(true, '405', '380')") == "380"
    assert one(macros, "SELECT on_boundaries(false, '405', '380')") == "405"
    assert one(macros, "SELECT on_boundaries(true, '381', NULL)") == "381"
    assert one(macros, "SELECT share_pct(1, 4)") == 25.0
    assert one(macros, "SELECT share_pct(NULL, 4)") == 0.0
    assert one(macros, "SELECT share_pct(3, 0)") is None


def test_the_warehouse_holds_the_macros(fixture_con):
    assert one(fixture_con, "SELECT is_provincial('tinh') AND NOT is_provincial('xa')") is True
    assert one(fixture_con, "SELECT on_boundaries(true, '405', '380')") == "380"


def test_sql_files_take_the_measure_expressions():
    text = queries.sql("district_totals")
    assert "{measure:" not in text
    assert "(sum(n) FILTER (WHERE is_provincial(level))) AS n_provincial" in text
    assert "(sum(funds_million_vnd)) AS funds_million_vnd" in text
    for name in ("district_totals", "commune_totals", "trend_series", "headline"):
        assert "'tinh'" not in queries.sql(name) and "dien_hinh" not in queries.sql(name)


def test_measures_against_direct_counts(fixture_con):
    f = Filters(year_from=2009, year_to=2030)
    totals = queries.district_totals(fixture_con, f, fold_dong_son=False)
    direct = fixture_con.execute(
        "SELECT district_code, count(*), count(*) FILTER (WHERE level IN ('tinh', 'trung_uong')) FROM models "
        "WHERE year_recognized BETWEEN 2009 AND 2030 GROUP BY 1"
    ).fetchall()
    got = totals.set_index("code")
    assert direct
    for code, n, provincial in direct:
        assert got.loc[code, "n"] == n
        assert got.loc[code, "n_provincial"] == provincial
        assert got.loc[code, "share_provincial"] == pytest.approx(100 * provincial / n)
    head = queries.headline(fixture_con, f)
    examples = one(
        fixture_con,
        "SELECT count(*) FROM models WHERE kind IN ('dien_hinh_tap_the', 'dien_hinh_ca_nhan') "
        "AND year_recognized BETWEEN 2009 AND 2030",
    )
    assert head["n_examples"] == examples


def test_households_benefited_is_a_measure_not_on_the_map():
    m = metrics.MEASURES["households_benefited"]
    assert (m.vi, m.en, m.unit_vi, m.unit_en) == ("Hộ hưởng lợi", "Households benefiting", "hộ", "households")
    assert "households_benefited" not in metrics.UNIT_MEASURES
    assert "households_benefited" not in metrics.MODEL_MEASURES
    assert metrics.MODEL_MEASURES == ("n", "n_provincial", "funds_million_vnd", "land_m2", "workdays")


def test_rank_by_hand():
    ranks = metrics.rank(pd.Series([5.0, 7.0, 7.0, float("nan"), 1.0]))
    assert ranks.tolist()[:3] == [3, 1, 1]
    assert pd.isna(ranks.iloc[3])
    assert ranks.iloc[4] == 4
