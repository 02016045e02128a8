"""Trends and rankings: queries against direct SQL, the pure computations, and both pages in AppTest."""

import base64
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dvk import overview, periods, queries, trends
from dvk.filters import Filters
from tests.conftest import ALL_YEARS, on_screen, page_app

ROOT = Path(__file__).resolve().parent.parent


# ---------------------------------------------------------------- trends


def test_yearly_totals_by_field_equal_group_by(fixture_con):
    f = Filters(year_from=2019, year_to=2026)
    df = trends.trend(fixture_con, f, "n", "field")
    got = {(int(y), s): v for y, s, v in df.itertuples(index=False) if v}
    expected = {
        (y, s): float(n)
        for y, s, n in fixture_con.execute(
            "SELECT year_recognized, field, count(*) FROM models WHERE year_recognized BETWEEN 2019 AND 2026 GROUP BY 1, 2"
        ).fetchall()
    }
    assert got == expected
    fields = {r[0] for r in fixture_con.execute("SELECT DISTINCT field FROM models").fetchall()}
    assert set(df["series"]) == fields
    assert len(df) == 8 * len(fields)  # every year of the period, zeros filled in


def test_funds_total_and_district_compare(fixture_con):
    f = Filters(year_from=2016, year_to=2026)
    total = trends.trend(fixture_con, f, "funds_million_vnd")
    assert list(total["series"].unique()) == ["total"] and list(total["year"]) == list(range(2016, 2027))
    expected = fixture_con.execute("SELECT sum(funds_million_vnd) FROM models").fetchone()[0]
    assert total["value"].sum() == pytest.approx(expected)
    both = trends.trend(fixture_con, f, "n", compare=("399", "380"))
    per = both.pivot(index="year", columns="series", values="value")
    assert list(both["series"].unique()) == ["399", "380"]
    assert per["399"].sum() == 4
    assert per.loc[2019, "380"] == 2  # Đông Sơn's 2019 records fold into TP Thanh Hóa once 2025 is in the period
    with pytest.raises(ValueError):
        trends.trend(fixture_con, f, "n; DROP TABLE models")
    with pytest.raises(ValueError):
        trends.trend(fixture_con, f, "n", compare=("380", "381", "382", "384", "385", "386"))


def test_cumulative_and_yoy():
    df = pd.DataFrame(
        {
            "year": [2020, 2021, 2022, 2023] * 2,
            "series": ["a"] * 4 + ["b"] * 4,
            "value": [2.0, 3.0, 0.0, 4.0, 1.0, 1.0, 2.0, 1.0],
        }
    )
    cum = trends.cumulative(df)
    assert cum["value"].tolist() == [2, 5, 5, 9, 1, 2, 4, 5]
    change = trends.yoy(df)["value"].tolist()
    assert pd.isna(change[0]) and change[1] == pytest.approx(50.0) and change[2] == pytest.approx(-100.0)
    assert pd.isna(change[3])  # after a zero year the change is undefined, not infinite
    assert (
        pd.isna(change[4])
        and change[5] == 0
        and change[6] == pytest.approx(100.0)
        and change[7] == pytest.approx(-50.0)
    )
    assert trends.apply_view(df, "yearly").equals(df)


# ---------------------------------------------------------------- rankings


def test_rank_change_on_hand_made_periods():
    now = pd.Series([10.0, 7.0, 7.0, 1.0], index=["a", "b", "c", "d"])
    before = pd.Series([1.0, 9.0, 5.0, 3.0], index=["a", "b", "c", "d"])
    r_now, r_before = trends.rank(now), trends.rank(before)
    assert r_now.tolist() == [1, 2, 2, 4] and r_before.tolist() == [4, 1, 2, 3]
    change = trends.rank_change(r_now, r_before)
    assert change.tolist() == [3, -1, 0, -1]
    assert [trends.fmt_change(c) for c in change] == ["▲ 3", "▼ 1", "=", "▼ 1"]
    assert trends.fmt_change(pd.NA) == "–"
    table = pd.DataFrame(
        {
            "code": list("abcd"),
            "name": list("ABCD"),
            "value": now.to_numpy(),
            "rank": r_now.to_numpy(),
            "change": change.to_numpy(),
        }
    )
    assert trends.most_improved(table)["code"].tolist() == ["a"]


def test_ranking_against_sql_with_previous_period(fixture_con):
    f = Filters(year_from=2023, year_to=2024)  # previous: 2021–2022, both complete and loaded, 2024 boundaries
    ranked, status = trends.ranking(fixture_con, f, "n")
    assert status == periods.OK and len(ranked) == 27

    def counts(a: int, b: int) -> dict[str, int]:
        return dict(
            fixture_con.execute(
                "SELECT district_code, count(*) FROM models WHERE year_recognized BETWEEN ? AND ? GROUP BY 1", [a, b]
            ).fetchall()
        )

    now, before = counts(2023, 2024), counts(2021, 2022)
    top = ranked.iloc[0]
    assert now == {"399": 2, "401": 2}  # tied first; ties are listed by code
    assert (top["code"], top["value"], top["rank"]) == ("399", 2, 1)
    # 2021–2022: Quan Sơn (387) and Cẩm Thủy (390) with 2 each, Hoằng Hóa (399) with 1 → 399 was 3rd
    assert before == {"387": 2, "390": 2, "399": 1}
    assert top["previous_rank"] == 3 and top["change"] == 2
    improved = trends.most_improved(ranked)
    assert set(improved["code"]) == {"399", "401"} and (improved["value"] > 0).all()


def test_no_rank_change_for_a_partial_year_or_an_uncovered_previous_period(fixture_con):
    # 2026 holds data to 30 Nov 2026 (the fixture's data_through): a count by year cannot be compared.
    assert fixture_con.execute("SELECT value FROM meta WHERE key = 'data_through'").fetchone()[0] == "2026-11-30"
    ranked, status = trends.ranking(fixture_con, Filters(year_from=2026, year_to=2026), "n")
    assert status == periods.YTD and ranked["change"].isna().all() and trends.most_improved(ranked).empty
    assert (
        ranked["value"].sum()
        == fixture_con.execute("SELECT count(*) FROM models WHERE year_recognized = 2026").fetchone()[0]
    )
    # 2023–2026 against 2019–2022 was ▲ 4 for Hoằng Hóa: 2026's eleven months are not a year.
    _, status = trends.ranking(fixture_con, Filters(year_from=2023, year_to=2026), "n")
    assert status == periods.YTD
    # 2020–2026 against 2013–2019: the data starts in 2019.
    ranked, status = trends.ranking(fixture_con, Filters(year_from=2020, year_to=2026), "n")
    assert status == periods.UNCOVERED and ranked["change"].isna().all()


def test_per_commune_uses_commune_count(fixture_con):
    f = Filters(year_from=2016, year_to=2026)
    ranked, _ = trends.ranking(fixture_con, f, "n", "per_commune")
    values = ranked.set_index("code")["value"]
    assert values["399"] == pytest.approx(4 / 36)
    # TP Thanh Hóa from 2025 counts Đông Sơn's 14 communes with its own 33, and its 3 models
    assert values["380"] == pytest.approx(3 / (33 + 14))


def test_per_10k_only_where_population_is_known(fixture_con):
    f = Filters(year_from=2016, year_to=2024)
    with_pop = {
        r[0]: r[1]
        for r in fixture_con.execute("SELECT code, population FROM districts WHERE population IS NOT NULL").fetchall()
    }
    assert len(with_pop) == 4
    ranked, _ = trends.ranking(fixture_con, f, "n", "per_10k")
    assert set(ranked["code"]) == set(with_pop)
    counts = dict(
        fixture_con.execute(
            "SELECT district_code, count(*) FROM models WHERE year_recognized <= 2024 GROUP BY 1"
        ).fetchall()
    )
    for code, value in ranked.set_index("code")["value"].items():
        assert value == pytest.approx(counts.get(code, 0) / with_pop[code] * 10_000)
    assert ranked.iloc[0]["code"] == "405"  # 2 models for 74,294 residents
    assert trends.population_known(queries.district_totals(fixture_con, f)) == 4
    # from 2025 Đông Sơn is inside TP Thanh Hóa, whose population is unknown: 3 left
    assert trends.population_known(queries.district_totals(fixture_con, Filters())) == 3


def test_top_examples_against_sql(fixture_con):
    f = Filters()
    top = trends.top_examples(fixture_con, f, "funds_million_vnd")
    expected = fixture_con.execute(
        "SELECT name, funds_million_vnd FROM models WHERE kind IN ('dien_hinh_tap_the', 'dien_hinh_ca_nhan') "
        "AND funds_million_vnd IS NOT NULL ORDER BY 2 DESC, 1"
    ).fetchall()
    assert list(zip(top["name"], top["value"], strict=True)) == expected
    assert set(top["kind"]) <= set(trends.EXAMPLE_KINDS)
    households = trends.top_examples(fixture_con, f, "households_benefited")
    assert (
        len(households)
        == fixture_con.execute(
            "SELECT count(*) FROM models WHERE kind LIKE 'dien_hinh%' AND households_benefited IS NOT NULL"
        ).fetchone()[0]
    )
    assert trends.top_examples(fixture_con, Filters(fields=("kinh_te",), kinds=("mo_hinh_tap_the",)), "land_m2").empty
    with pytest.raises(ValueError):
        trends.top_examples(fixture_con, f, "name")


# ---------------------------------------------------------------- pages


def _array(value) -> list:
    """A figure's array as the browser gets it: a list, or plotly's typed array {dtype, bdata}."""
    if isinstance(value, dict) and "bdata" in value:
        return np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"]).tolist()
    return list(value)


def test_trends_page_breaks_down_by_field(fixture_db, monkeypatch, fixture_con):
    monkeypatch.setenv("DVK_DB", str(fixture_db))
    app = page_app("trends.py")
    app.run()
    assert not app.exception
    fig = json.loads(app.get("plotly_chart")[0].proto.spec)
    # The default view is one year (2025): drawn with the four years before it, and said so.
    assert _array(fig["data"][0]["x"]) == [2021, 2022, 2023, 2024, 2025]
    assert any("2021–2025" in c.value for c in app.caption)
    app.slider(key="f_years").set_value((2019, 2026)).run()
    fig = json.loads(app.get("plotly_chart")[0].proto.spec)
    assert [t["name"] for t in fig["data"]] == ["Toàn tỉnh"]
    # 2026 is partial: its point is drawn open and labelled with how far the data goes.
    assert _array(fig["data"][0]["marker"]["symbol"])[-2:] == ["circle", "circle-open"]
    assert "2026: số liệu đến 30/11/2026" in {a["text"] for a in fig["layout"]["annotations"]}
    assert fig["layout"]["separators"] == ",."
    marks = " ".join(a["text"] for a in fig["layout"]["annotations"])
    assert "1/1/2025 Đông Sơn nhập vào TP Thanh Hóa" in marks and "1/7/2025 bỏ cấp huyện" in marks
    app.selectbox(key="trend_dimension").set_value("field").run()
    assert not app.exception
    fig = json.loads(app.get("plotly_chart")[0].proto.spec)
    n_fields = fixture_con.execute("SELECT count(DISTINCT field) FROM models").fetchone()[0]
    assert len(fig["data"]) == n_fields
    assert "Kinh tế" in {t["name"] for t in fig["data"]}
    app.multiselect(key="trend_compare").set_value(["399", "401"]).run()
    fig = json.loads(app.get("plotly_chart")[0].proto.spec)
    assert [t["name"] for t in fig["data"]] == ["Hoằng Hóa", "Nga Sơn"]
    app.radio(key="trend_view").set_value("cumulative").run()
    assert not app.exception


def test_rankings_page_top_district(fixture_db, monkeypatch, fixture_con):
    monkeypatch.setenv("DVK_DB", str(fixture_db))
    app = page_app("rankings.py")
    app.query_params.update(ALL_YEARS)
    app.run()
    assert not app.exception
    code, n = fixture_con.execute(
        "SELECT district_code, count(*) FROM models GROUP BY 1 ORDER BY 2 DESC LIMIT 1"
    ).fetchone()
    name = fixture_con.execute("SELECT short_name FROM districts WHERE code = ?", [code]).fetchone()[0]
    table = app.dataframe[0].value
    assert table.iloc[0]["Huyện"] == name and table.iloc[0]["Hạng"] == 1 and table.iloc[0].iloc[2] == n
    assert on_screen(app.dataframe[0]).iloc[0].tolist()[:3] == ["1", name, str(n)]
    assert "Trên 10.000 dân" in app.radio(key="rank_per").options
    examples = app.dataframe[1].value
    assert len(examples) == 1 and examples.iloc[0]["Loại"] == "Điển hình cá nhân"
    app.radio(key="rank_view").set_value("improved").run()
    assert not app.exception
    app.multiselect(key="f_districts").set_value(["399", "401"]).run()  # no sourced population among them
    assert not app.exception
    assert "Trên 10.000 dân" not in app.radio(key="rank_per").options
    assert any("chưa có số dân" in c.value for c in app.caption)


def test_places_and_headers_in_both_languages(fixture_con):
    # hand-worked plurals: one place, three places; Vietnamese "bậc" for any number
    assert [trends.places(c, "en") for c in (1, -1, 3, -3, 0)] == [
        "+1 place",
        "-1 place",
        "+3 places",
        "-3 places",
        None,
    ]
    assert [trends.places(c, "vi") for c in (1, -3)] == ["+1 bậc", "-3 bậc"]
    newest = trends.newest_table(overview.newest_examples(fixture_con, Filters(2016, 2026)), "en")
    # the newest examples' level column once said "Level"; it is the recognition level everywhere else
    assert list(newest.columns) == ["Year", "Example", "Kind", "District", "Field", "Recognition level"]
    ranked = trends.ranking_table(trends.ranking(fixture_con, Filters(2016, 2026), "n")[0], "Models", 0, "vi")
    assert list(ranked.columns) == ["Hạng", "Huyện", "Models", "So với kỳ trước"]


# ---------------------------------------------------------------- trends by 2025 commune (unit=commune)


def test_commune_compare_and_placed_share_against_sql(fixture_con):
    f = Filters(year_from=2016, year_to=2026, districts=("384",), communes=("15853",))
    df = trends.trend(fixture_con, f, "n", compare=("14797", "15991"), unit="commune")
    assert list(df["series"].unique()) == ["14797", "15991"] and list(df["year"].unique()) == list(range(2016, 2027))
    got = {(int(y), s): v for y, s, v in df.itertuples(index=False) if v}
    want = {
        (y, c): float(n)
        for y, c, n in fixture_con.execute(
            "SELECT year_recognized, commune_code, count(*) FROM models "
            "WHERE commune_code IN ('14797', '15991') GROUP BY 1, 2"
        ).fetchall()
    }
    assert got == want and (2026, "14797") in want  # the unit filters (Mường Lát, Đông Tiến) are replaced
    funds = trends.trend(fixture_con, Filters(2016, 2026), "funds_million_vnd", compare=("14797",), unit="commune")
    expected = fixture_con.execute("SELECT sum(funds_million_vnd) FROM models WHERE commune_code = '14797'").fetchone()[
        0
    ]
    assert funds["value"].sum() == pytest.approx(expected or 0)
    with pytest.raises(ValueError):
        trends.trend(fixture_con, f, "n", compare=("14797",), unit="province")
    share = trends.placed_share(fixture_con, Filters(year_from=2016, year_to=2026, communes=("14797",)))
    assert share["year"].max() <= 2025  # only the years that may name a former commune
    want = {
        y: (n, p)
        for y, n, p in fixture_con.execute(
            "SELECT year_recognized, count(*), count(commune_code) FROM models WHERE year_recognized <= 2025 GROUP BY 1"
        ).fetchall()
    }
    assert {int(y): (int(n), int(p)) for y, n, p, _ in share.itertuples(index=False)} == want  # the province's
    assert (share["share"] == share["placed"] / share["n"]).all()
    note = trends.placed_note(share, "vi")
    shares = "; ".join(f"{y}: {round(100 * p / n)}%" for y, (n, p) in sorted(want.items()))
    assert note.endswith("tỷ lệ đã gắn của toàn tỉnh: " + shares + ".")
    assert trends.placed_share(fixture_con, Filters(year_from=2026, year_to=2026)).empty
    assert trends.placed_note(trends.placed_share(fixture_con, Filters(2026, 2026)), "en") is None


def test_trends_page_compares_communes(fixture_db, monkeypatch, fixture_con):
    monkeypatch.setenv("DVK_DB", str(fixture_db))
    app = page_app("trends.py")
    app.query_params.update(ALL_YEARS | {"unit": "commune"})
    app.run()
    assert not app.exception
    fig = json.loads(app.get("plotly_chart")[0].proto.spec)
    assert [t["name"] for t in fig["data"]] == ["Toàn tỉnh"]  # none chosen: the province, as by district
    total = fixture_con.execute("SELECT count(*) FROM models WHERE year_recognized BETWEEN 2019 AND 2026").fetchone()[0]
    assert sum(_array(fig["data"][0]["y"])) == total
    picker = app.multiselect(key="trend_compare_communes")
    assert len(picker.options) == 166 and picker.options[0].endswith("(Bá Thước cũ)")  # by former district
    app.text_input(key="trend_commune_q").input("hac thanh").run()
    assert app.multiselect(key="trend_compare_communes").options == ["Hạc Thành (TP Thanh Hóa cũ)"]
    app.multiselect(key="trend_compare_communes").set_value(["14797"]).run()
    app.text_input(key="trend_commune_q").input("hoang tien").run()
    assert app.multiselect(key="trend_compare_communes").options == [
        "Hoằng Tiến (Hoằng Hóa cũ)",  # in the list's order: by former district (Hoằng Hóa before TP Thanh Hóa)
        "Hạc Thành (TP Thanh Hóa cũ)",  # the chosen one stays
    ]
    app.multiselect(key="trend_compare_communes").set_value(["14797", "15991"]).run()
    assert not app.exception
    fig = json.loads(app.get("plotly_chart")[0].proto.spec)
    assert [t["name"] for t in fig["data"]] == ["Hạc Thành", "Hoằng Tiến"]
    for trace, code in zip(fig["data"], ("14797", "15991"), strict=True):
        n = fixture_con.execute("SELECT count(*) FROM models WHERE commune_code = ?", [code]).fetchone()[0]
        assert sum(_array(trace["y"])) == n > 0 and _array(trace["x"]) == list(range(2019, 2027))
    captions = [c.value for c in app.caption]
    assert any(c.startswith("Đang so sánh xã, phường") for c in captions)
    placed = [c for c in captions if "tỷ lệ đã gắn của toàn tỉnh" in c]
    n, p = fixture_con.execute(
        "SELECT count(*), count(commune_code) FROM models WHERE year_recognized = 2019"
    ).fetchone()
    assert len(placed) == 1 and f"2019: {round(100 * p / n)}%" in placed[0] and "2026" not in placed[0]
    assert app.selectbox(key="trend_dimension").disabled
    app.radio(key="trend_view").set_value("cumulative").run()
    assert not app.exception and app.query_params["unit"] == "commune"
    # the district mode keeps its own comparison
    app.radio(key="f_unit").set_value("district").run()
    assert not app.exception and app.multiselect(key="trend_compare").value == []


# ---------------------------------------------------------------- the 2025 communes as units


def _placed_counts(con, a: int, b: int) -> dict[str, int]:
    """Models per 2025 commune in a period, straight from the records."""
    return dict(
        con.execute(
            "SELECT commune_code, count(*) FROM models WHERE commune_code IS NOT NULL "
            "AND year_recognized BETWEEN ? AND ? GROUP BY 1",
            [a, b],
        ).fetchall()
    )


@pytest.mark.parametrize(
    "year", [2020, 2025, 2026]
)  # history (re-based once placed), the first commune year, a partial one
def test_commune_ranking_against_sql(fixture_con, year):
    ranked, status = trends.ranking(fixture_con, Filters(year_from=year, year_to=year, unit="commune"), "n")
    assert len(ranked) == 166 == fixture_con.execute("SELECT count(*) FROM communes").fetchone()[0]
    counts = _placed_counts(fixture_con, year, year)
    values = ranked.set_index("code")["value"]
    assert {c: v for c, v in values.items() if v} == counts
    for code, n in counts.items():  # rank: 1 + the communes with more
        assert ranked.set_index("code").loc[code, "rank"] == 1 + sum(v > n for v in counts.values())
    before = _placed_counts(fixture_con, year - 1, year - 1)
    if year == 2026:  # data to 30 Nov 2026: a count by year is not compared
        assert status == periods.YTD
    else:  # 2019 and 2024 are covered: compared only where the previous year has placed records
        assert status == (periods.OK if before else periods.EMPTY)
    if status != periods.OK:
        assert ranked["change"].isna().all() and trends.most_improved(ranked).empty
    # the former district beside the name, as the commune filter labels it
    row = ranked.set_index("code").loc["15991"]
    assert (row["name"], row["district"]) == ("Xã Hoằng Tiến", "Hoằng Hóa")
    assert ranked.set_index("code").loc["14797", "district"] == "TP Thanh Hóa"


def test_commune_ranking_2026_top_three(fixture_con):
    ranked, _ = trends.ranking(fixture_con, Filters(year_from=2026, year_to=2026, unit="commune"), "n")
    top = ranked[ranked["value"] > 0]
    # Hạc Thành (14797), Đông Tiến (15853), Hoằng Tiến (15991): one model each, tied first, listed by code
    assert top["code"].tolist() == ["14797", "15853", "15991"] and top["rank"].tolist() == [1, 1, 1]
    assert ranked.iloc[3]["rank"] == 4 and ranked.iloc[3]["value"] == 0
    table = trends.ranking_table(ranked, "Models", 0, "vi")
    assert table.columns.tolist() == ["Hạng", "Xã, phường", "Huyện cũ", "Models", "So với kỳ trước"]
    assert table.iloc[0].tolist() == [1, "Phường Hạc Thành", "TP Thanh Hóa", 1, "–"]
    en = trends.ranking_table(ranked, "Models", 0, "en")
    assert en.columns.tolist()[1:3] == ["Commune", "Former district"]


def test_commune_per_km2_hand_computed(fixture_con):
    f = Filters(year_from=2026, year_to=2026, unit="commune")
    ranked, _ = trends.ranking(fixture_con, f, "n", "per_km2")
    values = ranked.set_index("code")["value"]
    # one model each over the package's 2025 areas: Hoằng Tiến 23.79 km², Hạc Thành 24.63, Đông Tiến 41.97
    assert values["15991"] == pytest.approx(1 / 23.79)
    assert values["14797"] == pytest.approx(1 / 24.63)
    assert values["15853"] == pytest.approx(1 / 41.97)
    assert ranked["code"].tolist()[:3] == ["15991", "14797", "15853"]
    assert len(ranked) == 166  # every commune has an area
    # districts too (approximate areas): Hoằng Hóa's 4 models of 2016–2026 over its 204.0 km²
    districts, _ = trends.ranking(fixture_con, Filters(year_from=2016, year_to=2026), "n", "per_km2")
    assert districts.set_index("code")["value"]["399"] == pytest.approx(4 / 204.0)
    from dvk.metrics import MEASURES, PER

    assert PER["per_km2"].label("vi") == "Trên 1 km²" and PER["per_km2"].label("en") == "Per km²"
    assert MEASURES["n"].title("vi", "per_km2") == "Mô hình, điển hình (mô hình/km²)"
    assert MEASURES["land_m2"].title("en", "per_km2") == "Land donated (m²/km²)"


def test_commune_divisions_offered(fixture_con):
    assert trends.per_choices("n", "commune", 0) == ["raw", "per_km2"]
    assert trends.per_choices("n", "commune", 3) == ["raw", "per_km2", "per_10k"]
    assert trends.per_choices("share_provincial", "commune", 3) == ["raw"]
    assert trends.per_choices("n", "district", 4) == ["raw", "per_commune", "per_10k", "per_km2"]
    totals = queries.commune_totals(fixture_con, Filters(unit="commune"))
    assert totals["population"].isna().all()  # no commune_stats yet, or none loaded: never invented
    assert trends.population_known(totals) == 0
    notes = trends.per_notes(totals, "commune", "per_km2", 0, "vi")
    assert notes[0] == "Trên 10.000 dân: chưa có số dân của xã, phường nào."
    assert notes[1].startswith("Diện tích xã, phường năm 2025: vietnamadminunits")
    assert trends.per_notes(totals, "district", "per_km2", 4, "en") == [
        "District areas are approximate: the areas of the 2025 communes and wards shared among their former districts."
    ]


def test_commune_per_10k_where_commune_stats_has_a_population(fixture_db, tmp_path):
    import shutil

    import duckdb

    db = tmp_path / "with_stats.duckdb"
    shutil.copy(fixture_db, db)
    con = duckdb.connect(str(db))
    if not queries.table_exists(con, "commune_stats"):  # the layout the crosswalk's load gives it
        con.execute(
            "CREATE TABLE commune_stats (code VARCHAR NOT NULL, population BIGINT NOT NULL, year INTEGER NOT NULL, "
            "source VARCHAR NOT NULL, loaded_at TIMESTAMPTZ NOT NULL, PRIMARY KEY (code, year))"
        )
    con.execute(
        "INSERT INTO commune_stats VALUES ('15991', 20000, 2024, 'UBND xã', now()), ('15991', 25000, 2025, 'UBND xã', now())"
    )
    f = Filters(year_from=2026, year_to=2026, unit="commune")
    totals = queries.commune_totals(con, f)
    assert trends.population_known(totals) == 1
    ranked, _ = trends.ranking(con, f, "n", "per_10k")
    # Hoằng Tiến's one model over its latest population (25,000 in 2025): 0.4 per 10,000; the rest unranked
    assert ranked["code"].tolist() == ["15991"] and ranked.iloc[0]["value"] == pytest.approx(0.4)
    con.close()


def test_commune_rank_change_and_most_improved_hand_made(fixture_con, monkeypatch):
    # Two complete, covered years (2023 against 2022) with hand-made commune totals: the commune path
    # of ranking() ranks, compares and picks the most improved as it does for districts.
    real = queries.commune_totals(fixture_con, Filters(unit="commune"))
    frames = {
        2023: {"14797": 5.0, "15853": 3.0, "15991": 1.0},
        2022: {"14797": 1.0, "15853": 4.0, "15991": 2.0},
    }

    def fake(con, f):
        out = real.copy()
        out["n"] = out["code"].map(frames[f.year_to]).fillna(0.0)
        return out

    monkeypatch.setattr(trends, "commune_totals", fake)
    ranked, status = trends.ranking(fixture_con, Filters(year_from=2023, year_to=2023, unit="commune"), "n")
    assert status == periods.OK
    top = ranked.set_index("code").loc[["14797", "15853", "15991"]]
    assert top["rank"].tolist() == [1, 2, 3] and top["previous_rank"].tolist() == [3, 1, 2]
    assert top["change"].tolist() == [2, -1, -1]
    improved = trends.most_improved(ranked)
    assert improved["code"].tolist() == ["14797"] and improved.iloc[0]["district"] == "TP Thanh Hóa"


def test_top_examples_follow_the_commune_filter(fixture_con):
    for code in ("15991", "14797"):
        got = trends.top_examples(fixture_con, Filters(communes=(code,)), "funds_million_vnd")
        want = fixture_con.execute(
            "SELECT name FROM models WHERE is_example(kind) AND funds_million_vnd IS NOT NULL AND commune_code = ? "
            "ORDER BY funds_million_vnd DESC, name",
            [code],
        ).fetchall()
        assert got["name"].tolist() == [r[0] for r in want]
    everyone = trends.top_examples(fixture_con, Filters(), "funds_million_vnd")
    assert everyone["name"].tolist() == ["Bà N.T.H. – chi hội trưởng phụ nữ thôn 4"]  # named no 2025 commune


@pytest.mark.parametrize("year", [2020, 2026])
def test_rankings_page_in_commune_mode(fixture_db, monkeypatch, fixture_con, year):
    monkeypatch.setenv("DVK_DB", str(fixture_db))
    app = page_app("rankings.py")
    app.query_params.update({"from": str(year), "to": str(year), "unit": "commune"})
    app.run()
    assert not app.exception
    assert app.title[0].value == "Xếp hạng các xã, phường"
    table = app.dataframe[0].value
    assert len(table) == 166 and table.columns.tolist()[:3] == ["Hạng", "Xã, phường", "Huyện cũ"]
    counts = _placed_counts(fixture_con, year, year)
    names = dict(fixture_con.execute("SELECT code, name FROM communes").fetchall())
    shown = dict(zip(table["Xã, phường"], table.iloc[:, 3], strict=True))
    assert {n: v for n, v in shown.items() if v} == {names[c]: v for c, v in counts.items()}
    if counts:  # the top commune and its rank, from the records
        best = max(counts.values())
        first = sorted(names[c] for c, v in counts.items() if v == best)
        assert table.iloc[0]["Hạng"] == 1 and table.iloc[0].iloc[3] == best
        assert table.iloc[0]["Xã, phường"] in first
    row = table.set_index("Xã, phường").loc["Xã Hoằng Tiến"]
    assert row["Huyện cũ"] == "Hoằng Hóa"
    assert app.radio(key="rank_per").options == ["Tổng số", "Trên 1 km²"]
    assert "Trên 10.000 dân: chưa có số dân của xã, phường nào." in [c.value for c in app.caption]
    app.radio(key="rank_per").set_value("per_km2").run()
    assert not app.exception
    if year == 2026:
        top = app.dataframe[0].value.iloc[0]
        assert top["Xã, phường"] == "Xã Hoằng Tiến" and top.iloc[3] == pytest.approx(1 / 23.79)
    app.radio(key="rank_view").set_value("improved").run()
    assert not app.exception
    infos = [i.value for i in app.info]
    assert (
        "Không xem được xã, phường tiến bộ nhiều nhất khi không so sánh hạng." in infos
        or "Không xã, phường nào tăng hạng so với giai đoạn trước." in infos
        or app.dataframe[0].value.iloc[0].iloc[4].startswith("▲")
    )
