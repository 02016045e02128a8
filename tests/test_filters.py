"""Shared filters: URL round trip, invalid values, previous period, SQL filtering by the macro."""

from dataclasses import replace

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


# --- the unit and the 2025 commune filter (issue 14) ----------------------------------------------


def test_unit_and_communes_round_trip_through_the_url():
    f = Filters(year_from=2025, year_to=2025, unit="commune", communes=("14797", "15991"))
    assert f.to_query() == {"from": "2025", "to": "2025", "communes": "14797,15991", "unit": "commune"}
    back, notes = from_query(f.to_query(), communes=("14797", "15991", "15853"))
    assert back == f and notes == []
    assert Filters(unit="district").to_query() == {}  # the default unit is left out of the address
    assert from_query({})[0].unit == "district"
    assert f.params()["communes"] == ["14797", "15991"] and "unit" not in f.params()
    assert f.commendation_params()["communes"] == ["14797", "15991"]


def test_bad_commune_codes_and_units_are_ignored_with_the_note():
    known = ("14797", "15991")
    f, notes = from_query({"communes": "14797,99999,'; DROP TABLE x;--,14797", "unit": "level"}, communes=known)
    assert f.communes == ("14797",) and f.unit == "district"
    assert notes == ["communes=99999", "communes='; DROP TABLE x;--", "unit=level"]
    # without the warehouse's list, any five-digit code is taken (the CLI and tests without a warehouse)
    f, notes = from_query({"communes": "14797,380,1479a"})
    assert f.communes == ("14797",) and notes == ["communes=380", "communes=1479a"]


def test_unit_and_commune_filter_names_in_both_languages():
    from dvk.filters import filter_label, unit_label

    assert (unit_label("district", "vi"), unit_label("commune", "vi")) == (
        "Huyện (trước 7/2025)",
        "Xã, phường (từ 7/2025)",
    )
    assert (unit_label("district", "en"), unit_label("commune", "en")) == (
        "District (before 7/2025)",
        "Commune or ward (from 7/2025)",
    )
    assert (filter_label("communes", "vi"), filter_label("communes", "en")) == ("Xã, phường", "Communes and wards")


def test_the_commune_filter_reaches_every_district_figure(fixture_con):
    # agg_district_models has no commune: a commune filter reads the commune-keyed agg_models instead
    f = Filters(year_from=2019, year_to=2026, communes=("14797", "15853"))
    df = queries.district_totals(fixture_con, f).set_index("code")
    expected = dict(
        fixture_con.execute(
            "SELECT CASE WHEN district_code = '405' THEN '380' ELSE district_code END, count(*) FROM models "
            "WHERE commune_code IN ('14797', '15853') GROUP BY 1"
        ).fetchall()
    )
    assert expected == {"380": 1, "398": 1}
    assert {c: int(n) for c, n in df["n"].items() if n} == expected
    assert queries.headline(fixture_con, f)["n"] == 2
    assert queries.headline(fixture_con, replace(f, communes=("14845",)))["n"] == 0
    # commendations name no 2025 commune in the fixture: a commune filter leaves none
    assert fixture_con.execute("SELECT count(commune_code) FROM commendations").fetchone()[0] == 0
    assert queries.headline(fixture_con, f)["commendations"] == 0
    assert queries.headline(fixture_con, Filters(year_from=2019, year_to=2026))["commendations"] == 3


def test_the_commune_list_is_grouped_by_former_district_and_searched_without_diacritics(fixture_con):
    from dvk import communes
    from dvk.text import vi_key

    df = communes.commune_list(fixture_con)
    assert len(df) == 166
    groups = list(dict.fromkeys(df["main_district_name"]))
    assert groups == sorted(groups, key=vi_key) and "TP Thanh Hóa" in groups and "Hoằng Hóa" in groups
    shown = communes.labels(df, "vi")
    assert shown["14797"] == "Hạc Thành (TP Thanh Hóa cũ)"
    assert communes.labels(df, "en")["14797"] == "Hạc Thành (former TP Thanh Hóa)"
    for q in ("hac thanh", "HẠC THÀNH", "Hac  Th", "phuong hac"):
        assert communes.search(df, q) == ["14797"], q  # not Thạch Thành's communes ("hac" inside "thach")
    assert set(communes.search(df, "hoang tien")) == {"15991"}
    assert len(communes.search(df, "")) == 166
    row = df.set_index("code")
    assert communes.in_sentence(row.loc["14797"]) == "phường Hạc Thành"
    assert communes.in_sentence(row.loc["15991"]) == "xã Hoằng Tiến"
    assert communes.in_sentence(row.loc["15991"], "en") == "Hoằng Tiến commune"
    assert row.loc["15853", "former_district_codes"] and row.loc["14797", "district_code"] == "380"
