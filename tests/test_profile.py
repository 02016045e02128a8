"""District profile: queries against direct SQL, and the page chosen by ?district=."""

from streamlit.testing.v1 import AppTest

from dvk import profile
from dvk.filters import Filters
from tests.conftest import ALL_YEARS, page_app


def test_by_year_against_sql(fixture_con):
    f = Filters(year_from=2019, year_to=2024)
    df = profile.by_year(fixture_con, f, "405").set_index("year")
    assert list(df.index) == list(range(2019, 2025))
    assert df.loc[2019, "n"] == 2 and df["n"].sum() == 2  # Đông Sơn on its own before 2025
    total = fixture_con.execute("SELECT count(*) FROM models WHERE year_recognized = 2023").fetchone()[0]
    assert df.loc[2023, "province_avg"] == total / 27
    merged = profile.by_year(fixture_con, Filters(year_from=2019, year_to=2026), "380").set_index("year")
    assert merged.loc[2019, "n"] == 2  # Đông Sơn's 2019 records counted in TP Thanh Hóa once 2025 is in the period
    assert merged.loc[2026, "province_avg"] == 3 / 26


def test_fields_and_top_models(fixture_con):
    f = Filters()
    fields = dict(profile.by_field(fixture_con, f, "399").itertuples(index=False))
    expected = dict(
        fixture_con.execute("SELECT field, count(*) FROM models WHERE district_code = '399' GROUP BY 1").fetchall()
    )
    assert fields == expected
    top = profile.top_models(fixture_con, f, "399")
    assert top.iloc[0]["name"] == 'Camera an ninh – "mắt thần" khu dân cư'  # 210 households
    assert len(top) == 4


def test_profile_page_by_url(fixture_db, monkeypatch, fixture_con):
    monkeypatch.setenv("DVK_DB", str(fixture_db))
    app: AppTest = page_app("profile.py")
    app.query_params.update(ALL_YEARS)
    app.query_params["district"] = "387"
    app.run()
    assert not app.exception
    assert app.title[0].value == "Hồ sơ Quan Sơn"
    assert app.multiselect(key="f_districts").value == []  # ?district= picks the profile, not the filter
    assert app.metric[0].value == "2"
    app.selectbox(key="profile_district").set_value("399").run()
    assert app.title[0].value == "Hồ sơ Hoằng Hóa" and app.metric[0].value == "4"


def test_rank_history_against_sql(fixture_con):
    f = Filters(year_from=2021, year_to=2024)
    hist = profile.rank_history(fixture_con, f, "399").set_index("year")
    assert list(hist.index) == [2021, 2022, 2023, 2024] and set(hist["units"]) == {27}
    for year, row in hist.iterrows():
        counts = dict(
            fixture_con.execute(
                "SELECT district_code, count(*) FROM models WHERE year_recognized = ? GROUP BY 1", [year]
            ).fetchall()
        )
        mine = counts.get("399", 0)
        assert row["n"] == mine and row["rank"] == 1 + sum(1 for v in counts.values() if v > mine)


def test_commendations_of_a_district(fixture_con):
    got = profile.commendations(fixture_con, Filters(), "380")
    expected = fixture_con.execute(
        "SELECT count(*) FROM commendations WHERE district_code IN ('380', '405')"
    ).fetchone()[0]
    assert len(got) == expected  # Đông Sơn's commendations folded in from 2025 periods
    assert got["year"].is_monotonic_decreasing


def test_profile_page_rank_and_commendations(fixture_db, monkeypatch, fixture_con):
    monkeypatch.setenv("DVK_DB", str(fixture_db))
    app = page_app("profile.py")
    app.query_params.update(ALL_YEARS)
    app.query_params["district"] = "399"
    app.run()
    assert not app.exception
    n = fixture_con.execute("SELECT count(*) FROM commendations WHERE district_code = '399'").fetchone()[0]
    assert app.metric[3].value == str(n)
    counts = dict(
        fixture_con.execute(
            "SELECT coalesce(d.merged_into, m.district_code), count(*) FROM models m "
            "JOIN districts d ON d.code = m.district_code GROUP BY 1"
        ).fetchall()
    )
    assert app.metric[2].value == f"{1 + sum(1 for v in counts.values() if v > counts['399'])}/26"


def test_commendation_headers_say_issuer_as_elsewhere(fixture_con):
    # the profile once headed the issuer "Issued by" where the model list and the report say "Issuer"
    shown = profile.shown(profile.commendations(fixture_con, Filters(2016, 2026), "395"), "en")
    assert "Issuer" in shown.columns and "Issued by" not in shown.columns
    assert profile.shown(profile.commendations(fixture_con, Filters(2016, 2026), "395"), "vi").columns[2] == "Cấp khen"
