"""Shared filters: URL round trip, invalid values, previous period, SQL filtering by the macro."""

from dvk import queries
from dvk.filters import Filters, from_query


def test_url_round_trip_and_defaults():
    f = Filters(year_from=2021, year_to=2023, fields=("kinh_te",), districts=("399", "405"))
    assert f.to_query() == {"from": "2021", "to": "2023", "field": "kinh_te", "districts": "399,405"}
    back, notes = from_query(f.to_query())
    assert back == f and notes == []
    assert Filters().to_query() == {}


def test_invalid_values_are_dropped_and_reported():
    f, notes = from_query(
        {"from": "1999", "to": "x", "kind": "dien_hinh_ca_nhan,'; DROP TABLE models;--", "districts": "383"}
    )
    assert f == Filters(kinds=("dien_hinh_ca_nhan",))
    assert notes == ["from=1999", "to=x", "kind='; DROP TABLE models;--", "districts=383"]
    f, notes = from_query({"from": "2024", "to": "2020"})
    assert (f.year_from, f.year_to) == (2020, 2024) and notes


def test_previous_period_has_equal_length():
    assert Filters(year_from=2021, year_to=2023).previous() == Filters(year_from=2018, year_to=2020)


def test_filters_reach_sql(fixture_con):
    f = Filters(year_from=2016, year_to=2024, fields=("kinh_te",))
    df = queries.district_totals(fixture_con, f).set_index("code")
    assert len(df) == 27  # Đông Sơn on its own for a period ending 2024
    expected = fixture_con.execute(
        "SELECT district_code, count(*) FROM models WHERE field = 'kinh_te' AND year_recognized <= 2024 GROUP BY 1"
    ).fetchall()
    assert {c: int(df.loc[c, "n"]) for c, _ in expected} == dict(expected)
    assert df["n"].sum() == sum(n for _, n in expected)
    merged = queries.district_totals(fixture_con, Filters(districts=("380",))).set_index("code")
    assert (
        len(merged) == 26
        and int(merged.loc["380", "n"])
        == fixture_con.execute("SELECT count(*) FROM models WHERE district_code IN ('380', '405')").fetchone()[0]
    )
    assert merged.drop(index="380")["n"].sum() == 0
