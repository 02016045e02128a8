"""Overview: highlights computed from the figures they quote, newest examples, top/bottom districts."""

import pandas as pd

from dvk import overview, trends
from dvk.filters import Filters
from tests.conftest import on_screen, page_app


def _ranked():
    return pd.DataFrame(
        {
            "code": ["399", "401", "380"],
            "name": ["Hoằng Hóa", "Nga Sơn", "TP Thanh Hóa"],
            "value": [1234.0, 600.0, 300.0],
            "rank": [1, 2, 3],
            "change": pd.array([0, 3, -1], dtype="Int64"),
        }
    )


def test_highlights_quote_their_figures_in_both_languages():
    now = {"n": 2000.0, "commendations": 45.0}
    before = {"n": 1600.0}
    fields = pd.DataFrame({"field": ["kinh_te", "van_hoa_xa_hoi"], "n": [900, 700]})
    f = Filters(year_from=2021, year_to=2023)
    vi = overview.highlights(_ranked(), now, before, fields, f, "vi")
    assert vi == [
        "Giai đoạn 2021–2023 có 2.000 mô hình, điển hình, tăng 25,0% so với 2018–2020.",
        "Hoằng Hóa dẫn đầu với 1.234 mô hình, điển hình (61,7% toàn tỉnh).",
        "Nga Sơn tiến bộ nhiều nhất: lên 3 bậc, nay xếp thứ 2.",
        "Lĩnh vực Kinh tế chiếm nhiều nhất: 45,0% số mô hình, điển hình.",
        "45 lượt khen thưởng trong giai đoạn.",
    ]
    en = overview.highlights(_ranked(), now, {"n": 2500.0}, fields, f, "en")
    assert en[0] == "2021–2023 counts 2,000 models and examples, down 20.0% on 2018–2020."
    assert en[1] == "Hoằng Hóa leads with 1,234 models and examples (61.7% of the province)."


def test_no_highlights_without_data_and_no_leader_on_a_tie():
    tie = _ranked().assign(rank=[1, 1, 3], change=pd.array([None, None, None], dtype="Int64"))
    f = Filters()
    assert overview.highlights(tie, {"n": 0.0}, {"n": 0.0}, pd.DataFrame(), f) == []
    out = overview.highlights(tie, {"n": 10.0}, {"n": 0.0}, pd.DataFrame({"field": ["kinh_te"], "n": [10]}), f)
    assert out == []  # no previous period, tied leaders, one field only, no commendations


def test_newest_examples_and_field_mix_against_sql(fixture_con):
    f = Filters()
    newest = overview.newest_examples(fixture_con, f)
    expected = fixture_con.execute(
        "SELECT name, year_recognized FROM models WHERE kind IN ('dien_hinh_tap_the', 'dien_hinh_ca_nhan') "
        "ORDER BY year_recognized DESC"
    ).fetchall()
    assert len(newest) == len(expected) and newest.iloc[0]["year"] == expected[0][1]
    assert newest["year"].is_monotonic_decreasing
    mix = overview.field_mix(fixture_con, f)
    assert dict(zip(mix["field"], mix["n"], strict=True)) == dict(
        fixture_con.execute("SELECT field, count(*) FROM models GROUP BY 1").fetchall()
    )


def test_overview_page_briefing(fixture_db, monkeypatch, fixture_con):
    monkeypatch.setenv("DVK_DB", str(fixture_db))
    app = page_app("overview.py")
    app.run()
    assert not app.exception
    commendations = fixture_con.execute("SELECT count(*) FROM commendations").fetchone()[0]
    assert app.metric[2].value == str(commendations)
    ranked, _ = trends.ranking(fixture_con, Filters(), "n")
    top = on_screen(app.dataframe[0])
    assert top.iloc[0]["Huyện"] == ranked.iloc[0]["name"] and top.iloc[0]["Mô hình, điển hình"] == str(
        int(ranked.iloc[0]["value"])
    )
    assert any(f"{ranked.iloc[0]['name']} dẫn đầu" in m.value for m in app.markdown)
    app.multiselect(key="f_districts").set_value(["399"]).run()
    assert not app.exception
    n = fixture_con.execute("SELECT count(*) FROM models WHERE district_code = '399'").fetchone()[0]
    assert app.metric[0].value == str(n)
    app.slider(key="f_years").set_value((2016, 2016)).run()
    assert not app.exception
    assert any("Không có mô hình" in i.value for i in app.info)  # empty state, not an exception
