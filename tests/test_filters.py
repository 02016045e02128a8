"""Shared filters: URL round trip, invalid values, previous period, SQL filtering by the macro."""

from dvk import queries
from dvk.filters import Filters, from_query, same_boundaries


def test_url_round_trip_and_defaults():
    f = Filters(year_from=2021, year_to=2023, fields=("kinh_te",), districts=("399", "405"))
    assert f.to_query() == {"from": "2021", "to": "2023", "field": "kinh_te", "districts": "399,405"}
    back, notes = from_query(f.to_query())
    assert back == f and notes == []
    assert Filters().to_query() == {}
    # The default view (decided by the data) is left out of the address, and an address without a
    # period opens it; with one end only, the other is the end of the data's years.
    assert Filters(year_from=2025, year_to=2025).to_query(default=(2025, 2025)) == {}
    assert from_query({}, years=(2016, 2026), default=(2025, 2025))[0] == Filters(year_from=2025, year_to=2025)
    assert from_query({"from": "2023"}, years=(2016, 2026), default=(2025, 2025))[0] == Filters(2023, 2026)
    assert from_query({"to": "2020"}, years=(2016, 2026), default=(2025, 2025))[0] == Filters(2016, 2020)


def test_invalid_values_are_dropped_and_reported():
    f, notes = from_query(
        {"from": "1999", "to": "x", "kind": "dien_hinh_ca_nhan,'; DROP TABLE models;--", "districts": "383"},
        years=(2016, 2026),
        default=(2025, 2025),
    )
    assert f == Filters(year_from=2025, year_to=2025, kinds=("dien_hinh_ca_nhan",))
    assert notes == [
        "from=1999 (ngoài các năm có số liệu 2016–2026)",
        "to=x",
        "kind='; DROP TABLE models;--",
        "districts=383",
    ]
    _, notes = from_query({"from": "2027"}, years=(2016, 2026), lang="en")
    assert notes == ["from=2027 (outside the data's years 2016–2026)"]
    f, notes = from_query({"from": "2024", "to": "2020"})
    assert (f.year_from, f.year_to) == (2020, 2024) and notes


def test_any_year_of_the_data_is_accepted():
    assert from_query({"from": "2009", "to": "2009"}, years=(2009, 2026))[0] == Filters(2009, 2009)
    f, notes = from_query({"from": "2009", "to": "2009"}, years=(2016, 2026))
    assert notes == ["from=2009 (ngoài các năm có số liệu 2016–2026)", "to=2009 (ngoài các năm có số liệu 2016–2026)"]


def test_previous_period_has_equal_length_and_the_same_boundaries():
    prev = Filters(year_from=2021, year_to=2023).previous()
    assert (prev.year_from, prev.year_to) == (2018, 2020) and not prev.fold_dong_son
    # 2025–2026 reaches 2025: the previous period 2023–2024 is counted with Đông Sơn inside TP Thanh Hóa too.
    now, before = Filters(year_from=2025, year_to=2026), Filters(year_from=2025, year_to=2026).previous()
    assert (before.year_from, before.year_to) == (2023, 2024)
    assert now.fold_dong_son and before.fold_dong_son and before.params()["fold_dong_son"] is True
    assert not Filters(year_from=2023, year_to=2024).fold_dong_son  # on its own it keeps Đông Sơn apart
    a, b = same_boundaries(Filters(year_from=2023, year_to=2024), Filters(year_from=2025, year_to=2025))
    assert a.fold_dong_son and b.fold_dong_son


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


def test_each_filter_has_one_name_in_each_language():
    # hand-written: the sidebar's and the exports' names of the shared filters (dvk.filters.filter_label)
    from dvk.filters import all_chosen, filter_label

    keys = ("period", "field", "kind", "sector", "level", "districts")
    assert [filter_label(k, "vi") for k in keys] == [
        "Giai đoạn (năm công nhận)",
        "Lĩnh vực",
        "Loại",
        "Chủ thể",
        "Cấp công nhận",
        "Huyện",
    ]
    assert [filter_label(k, "en") for k in keys] == [
        "Period (year recognised)",
        "Field",
        "Kind",
        "Host sector",
        "Recognition level",
        "District",
    ]
    assert (all_chosen("vi"), all_chosen("en")) == ("Tất cả", "All")
    _, notes = from_query({"to": "2030"}, years=(2016, 2026), lang="vi")
    assert notes == ["to=2030 (ngoài các năm có số liệu 2016–2026)"]
