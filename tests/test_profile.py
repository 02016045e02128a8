"""Profiles of a district (?district=) and of a 2025 commune (?commune=): queries against direct SQL, and the page."""

from dataclasses import replace

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from dvk import periods, profile
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


# ---------------------------------------------------------------- a 2025 commune (unit=commune)


def _commune_counts(con, year_from=2019, year_to=2026) -> dict[str, int]:
    """Models per 2025 commune in the years, every one of the communes table (0 where none), by SQL."""
    return dict(
        con.execute(
            "SELECT c.code, count(m.model_id) FROM communes c LEFT JOIN models m ON m.commune_code = c.code "
            "AND m.year_recognized BETWEEN ? AND ? GROUP BY 1",
            [year_from, year_to],
        ).fetchall()
    )


def _rank(counts: dict[str, int], code: str) -> int:
    """Rank by count, ties sharing the best (dvk.metrics.rank), worked by hand: 1 + how many have more."""
    return 1 + sum(1 for v in counts.values() if v > counts[code])


def test_commune_figures_against_sql(fixture_con):
    f = Filters(year_from=2019, year_to=2026)
    counts = _commune_counts(fixture_con)
    assert len(counts) == 166 and counts["15853"] == 1 and counts["14845"] == 0
    by_year = profile.commune_by_year(fixture_con, f, "15853").set_index("year")
    assert list(by_year.index) == list(range(2019, 2027)) and by_year["n"].sum() == counts["15853"]
    placed = fixture_con.execute(
        "SELECT count(*) FROM models WHERE commune_code IS NOT NULL AND year_recognized = 2026"
    ).fetchone()[0]
    assert placed == 3 and by_year.loc[2026, "province_avg"] == pytest.approx(3 / 166)  # the average commune
    # the district and commune filters do not narrow the commune's figures or the average
    narrowed = profile.commune_by_year(fixture_con, replace(f, districts=("384",), communes=("14797",)), "15853")
    assert narrowed["n"].sum() == counts["15853"]
    assert narrowed["province_avg"].sum() == pytest.approx(sum(counts.values()) / 166)
    ranked, status = profile.commune_ranking(fixture_con, f)
    assert len(ranked) == 166 and status == periods.UNCOVERED  # 2011–2018 is not covered: no rank change
    got = dict(zip(ranked["code"], ranked["rank"].astype(int), strict=True))
    assert got["15853"] == _rank(counts, "15853")
    with_records = sum(1 for v in counts.values() if v > 0)
    assert got["14845"] == 1 + with_records and with_records >= 3  # Mường Lát, with none: tied after all the others
    assert sum(1 for v in got.values() if v == got["14845"]) == 166 - with_records  # the tie shares one rank
    assert all(got[c] == _rank(counts, c) for c in counts)
    hist = profile.commune_rank_history(fixture_con, Filters(year_from=2024, year_to=2026), "15991").set_index("year")
    assert list(hist.index) == [2024, 2025, 2026] and set(hist["units"]) == {166}
    for year in (2024, 2025, 2026):
        yearly = _commune_counts(fixture_con, year, year)
        assert hist.loc[year, "n"] == yearly["15991"] and hist.loc[year, "rank"] == _rank(yearly, "15991")


def test_commune_lists_use_the_district_profiles_queries(fixture_con):
    f = Filters(year_from=2019, year_to=2026)
    top = profile.top_models(fixture_con, f, "14797", "commune")
    want = fixture_con.execute("SELECT name FROM models WHERE commune_code = '14797'").fetchall()
    assert top["name"].tolist() == [n for (n,) in want] and len(want) == 1
    fields = dict(profile.by_field(fixture_con, f, "15991", "commune").itertuples(index=False))
    assert fields == dict(
        fixture_con.execute("SELECT field, count(*) FROM models WHERE commune_code = '15991' GROUP BY 1").fetchall()
    )
    awards = profile.commendations(fixture_con, f, "14797", unit="commune")
    n = fixture_con.execute("SELECT count(*) FROM commendations WHERE commune_code = '14797'").fetchone()[0]
    assert len(awards) == n and "model_kind" in awards.columns  # the column dvk.privacy reads
    with pytest.raises(ValueError):
        profile.top_models(fixture_con, f, "14797", "province")


def test_formed_from_without_and_with_a_crosswalk(fixture_con):
    # the fixture warehouse (with or without the crosswalk table): the former districts of the communes table
    df, wards = profile.formed_from(fixture_con, "15853")
    listed = fixture_con.execute("SELECT former_district_codes FROM communes WHERE code = '15853'").fetchone()[0]
    assert df["district_code"].unique().tolist() == sorted(listed) == ["380", "398", "405"]
    lines = profile.formed_from_html(df, lambda c: f"profile?district={c}", "vi", fold_dong_son=True)
    assert lines[0].startswith('<a href="profile?district=380" target="_self">TP Thanh Hóa</a>')
    assert lines[2].startswith('<a href="profile?district=380" target="_self">Đông Sơn</a>')  # folded: TP Thanh Hóa's
    unfolded = profile.formed_from_html(df, lambda c: f"profile?district={c}", "vi")
    assert unfolded[2].startswith('<a href="profile?district=405" target="_self">Đông Sơn</a>')
    # a warehouse without the crosswalk table: only the former districts, from communes.former_district_codes
    old = duckdb.connect()
    old.execute(
        "CREATE TABLE districts AS SELECT * FROM (VALUES ('380', 'Thanh Hóa', 'thanh_pho'), "
        "('398', 'Thiệu Hóa', 'huyen'), ('405', 'Đông Sơn', 'huyen')) d(code, short_name, type)"
    )
    old.execute("CREATE TABLE communes AS SELECT '15853' AS code, ['405', '380', '398'] AS former_district_codes")
    df, wards = profile.formed_from(old, "15853")
    assert not wards and df["district_code"].tolist() == ["380", "398", "405"] and "short_name" not in df.columns
    assert profile.formed_from_html(df, lambda c: f"p?district={c}", "en") == [
        '<a href="p?district=380" target="_self">TP Thanh Hóa</a>',
        '<a href="p?district=398" target="_self">Thiệu Hóa</a>',
        '<a href="p?district=405" target="_self">Đông Sơn</a>',
    ]
    # a warehouse with the crosswalk table (etl.crosswalk): the former wards and communes are listed
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE districts AS SELECT * FROM (VALUES ('399', 'Hoằng Hóa', 'huyen')) d(code, short_name, type)"
    )
    con.execute(
        "CREATE TABLE crosswalk AS SELECT * FROM (VALUES "
        "('16000', 'Xã Hoằng Phụ', 'Hoằng Phụ', 'Xã', '399', '15991', true, false), "
        "('16001', 'Thị trấn Bút Sơn', 'Bút Sơn', 'Thị trấn', '399', '15991', false, true), "
        "('16002', 'Xã Hoằng Phú', 'Hoằng Phú', 'Xã', '399', '15992', true, false)) "
        "x(former_code, former_name, former_short_name, former_type, former_district_code, commune_code, is_default, split)"
    )
    df, wards = profile.formed_from(con, "15991")
    assert wards and df["short_name"].tolist() == ["Bút Sơn", "Hoằng Phụ"]  # Vietnamese order; not Hoằng Phú
    assert profile.formed_from_html(df, lambda c: f"p?district={c}", "vi") == [
        '<a href="p?district=399" target="_self">Hoằng Hóa</a>: thị trấn Bút Sơn (một phần), xã Hoằng Phụ'
    ]
    assert profile.formed_from_html(df, lambda c: f"p?district={c}", "en")[0].endswith(
        ": Bút Sơn township (part), Hoằng Phụ commune"
    )


def test_commune_profile_page_by_url(fixture_db, monkeypatch, fixture_con):
    monkeypatch.setenv("DVK_DB", str(fixture_db))
    app = page_app("profile.py")
    app.query_params.update(ALL_YEARS | {"commune": "15853"})  # no unit=: ?commune= opens the commune profile
    app.run()
    assert not app.exception
    assert app.radio(key="f_unit").value == "commune" and app.query_params["unit"] == "commune"
    assert app.title[0].value == "Hồ sơ xã, phường: Đông Tiến"
    counts = _commune_counts(fixture_con)
    labels = [m.label for m in app.metric]
    assert labels[1:3] == ["Trung bình một xã, phường (trong 166)", "Xếp hạng trong 166 xã, phường"]
    assert app.metric[0].value == str(counts["15853"]) == "1"
    placed = sum(counts.values())  # every record placed in a 2025 commune, 2019–2026
    assert app.metric[1].value == f"{placed / 166:.2f}".replace(".", ",")  # the average commune: placed / 166
    assert app.metric[2].value == f"{_rank(counts, '15853')}/166"
    assert any("chia đều cho 166 xã, phường" in c.value for c in app.caption)
    assert app.main.subheader[-1].value == "Hình thành từ"
    formed = next(m.value for m in app.markdown if "profile?district=" in m.value)
    for code, name in (("380", "TP Thanh Hóa"), ("398", "Thiệu Hóa")):  # from communes.former_district_codes
        assert f'href="profile?district={code}&amp;from=2019&amp;to=2026" target="_self">{name}</a>' in formed
    assert ">Đông Sơn</a>" in formed and "unit=commune" not in formed  # the links open the district profile
    # the commune with nothing: rank after the three that have a record
    app.text_input(key="profile_commune_q").input("muong lat").run()
    options = app.selectbox(key="profile_commune").options
    assert "Đông Tiến (TP Thanh Hóa cũ)" in options and "Mường Lát (Mường Lát cũ)" in options  # the chosen one kept
    found = [o for o in options if o != "Đông Tiến (TP Thanh Hóa cũ)"]
    n = fixture_con.execute("SELECT count(*) FROM communes WHERE main_district_code = '384'").fetchone()[0]
    assert len(found) == n > 1 and all(o.endswith("(Mường Lát cũ)") for o in found)  # the former district's name too
    app.selectbox(key="profile_commune").set_value("14845").run()
    assert app.title[0].value == "Hồ sơ xã, phường: Mường Lát" and app.query_params["commune"] == "14845"
    assert app.metric[0].value == "0" and app.metric[2].value == f"{_rank(counts, '14845')}/166"
    # the URL round trip: a filter change keeps ?commune= and the unit
    app.slider(key="f_years").set_value((2024, 2026)).run()
    assert not app.exception
    assert app.query_params["commune"] == "14845" and app.query_params["unit"] == "commune"
    assert app.query_params["from"] == "2024"
    # back to districts: the district profile, ?commune= left alone for the way back
    app.radio(key="f_unit").set_value("district").run()
    assert app.title[0].value == "Hồ sơ Hoằng Hóa" and app.query_params["commune"] == "14845"


def test_commune_profile_bad_code_and_english(fixture_db, monkeypatch):
    monkeypatch.setenv("DVK_DB", str(fixture_db))
    app = page_app("profile.py")
    app.query_params.update(ALL_YEARS | {"unit": "commune", "commune": "99999"})
    app.run()
    assert not app.exception
    assert "Không có xã, phường mã 99999; hiển thị Hạc Thành (TP Thanh Hóa cũ)." in [c.value for c in app.caption]
    assert app.title[0].value == "Hồ sơ xã, phường: Hạc Thành" and app.query_params["commune"] == "14797"
    app = page_app("profile.py")
    app.query_params.update(ALL_YEARS | {"unit": "commune", "commune": "15991", "lang": "en"})
    app.run()
    assert not app.exception and app.title[0].value == "Hoằng Tiến: commune profile"
    assert [m.label for m in app.metric][1:3] == ["Average commune (of 166)", "Rank among 166 communes"]
    assert app.main.subheader[-1].value == "Formed from"
