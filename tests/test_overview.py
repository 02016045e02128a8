"""Overview: highlights computed from the figures they quote, newest examples, top/bottom districts."""

import datetime as dt

import pandas as pd

from dvk import overview, periods, trends
from dvk.filters import Filters
from tests.conftest import ALL_YEARS, on_screen, page_app


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


COVERAGE = periods.Coverage(first_year=2016, last_year=2026, through=dt.date(2026, 11, 30))


def _headline(f: Filters, now: dict, before: dict, cov: periods.Coverage = COVERAGE, cut=None) -> periods.Headline:
    """A Headline as dvk.periods.headline builds it, from hand-made figures."""
    cmp = periods.compare(f, cov)
    changes = {}
    for key in ("n", "commendations"):
        status = cmp.status(key == "n")
        value = now.get(key, 0.0)
        if status not in periods.COMPARED:
            changes[key] = periods.Change(value, None, status)
        elif status == periods.SAME_MONTHS:
            changes[key] = periods.Change(value, cut[1], status, now_compared=cut[0])
        else:
            changes[key] = periods.Change(value, before.get(key, 0.0), status)
    return periods.Headline(cmp, now, before, changes)


def test_highlights_quote_their_figures_in_both_languages():
    now = {"n": 2000.0, "commendations": 45.0}
    fields = pd.DataFrame({"field": ["kinh_te", "van_hoa_xa_hoi"], "n": [900, 700]})
    f = Filters(year_from=2021, year_to=2023)
    vi = overview.highlights(_ranked(), _headline(f, now, {"n": 1600.0, "commendations": 50.0}), fields, "vi")
    assert vi == [
        "Giai đoạn 2021–2023 có 2.000 mô hình, điển hình, tăng 25,0% so với giai đoạn 2018–2020.",
        "Hoằng Hóa dẫn đầu với 1.234 mô hình, điển hình (61,7% toàn tỉnh).",
        "Nga Sơn tiến bộ nhiều nhất: lên 3 bậc, nay xếp thứ 2.",
        "Lĩnh vực Kinh tế chiếm nhiều nhất: 45,0% số mô hình, điển hình.",
        "45 lượt khen thưởng trong giai đoạn 2021–2023, giảm 10,0% so với giai đoạn 2018–2020.",
    ]
    en = overview.highlights(_ranked(), _headline(f, now, {"n": 2500.0}), fields, "en")
    assert en[0] == "2021–2023 counts 2,000 models and examples, down 20.0% on 2018–2020."
    assert en[1] == "Hoằng Hóa leads with 1,234 models and examples (61.7% of the province)."
    one = Filters(year_from=2025, year_to=2025)
    assert overview.highlights(_ranked(), _headline(one, now, {"n": 1600.0}), fields, "vi")[0] == (
        "Năm 2025 có 2.000 mô hình, điển hình, tăng 25,0% so với năm 2024."
    )
    assert overview.highlights(_ranked(), _headline(one, now, {"n": 1600.0}), fields, "en")[0] == (
        "2025 counts 2,000 models and examples, up 25.0% on 2024."
    )


def test_highlights_of_a_partial_year_quote_no_artefact():
    """2026 holds data to 30 Nov: models are not compared with the whole of 2025; commendations are,
    over the same months."""
    f = Filters(year_from=2026, year_to=2026)
    head = _headline(f, {"n": 2591.0, "commendations": 33.0}, {"n": 2900.0}, cut=(33.0, 30.0))
    vi = overview.highlights(_ranked().assign(change=pd.NA), head, pd.DataFrame(), "vi")
    assert vi[0] == (
        "Năm 2026 (số liệu đến 30/11/2026) có 2.591 mô hình, điển hình; chưa so sánh với năm 2025 (số liệu chưa đủ năm)."
    )
    assert "giảm" not in vi[0] and "tiến bộ" not in " ".join(vi)
    assert vi[-1] == "33 lượt khen thưởng trong năm 2026, tăng 10,0% so với cùng kỳ năm 2025 (tháng 1–11/2025)."
    en = overview.highlights(_ranked().assign(change=pd.NA), head, pd.DataFrame(), "en")
    assert (
        en[0]
        == "2026 (data to 30 Nov 2026) counts 2,591 models and examples; not compared with 2025 (year to date is not comparable)."
    )
    assert en[-1] == "33 commendations in 2026, up 10.0% on the same months of 2025 (Jan–Nov 2025)."
    # A previous period the data covers only in part (data from 2016) is never compared.
    wide = _headline(Filters(year_from=2020, year_to=2026), {"n": 20000.0}, {"n": 9000.0})
    assert overview.highlights(_ranked(), wide, pd.DataFrame(), "vi")[0] == (
        "Giai đoạn 2020–2026 (2026: số liệu đến 30/11/2026) có 20.000 mô hình, điển hình; "
        "chưa so sánh với giai đoạn 2013–2019 (chưa đủ số liệu của giai đoạn đó)."
    )


def test_no_highlights_without_data_and_no_leader_on_a_tie():
    tie = _ranked().assign(rank=[1, 1, 3], change=pd.array([None, None, None], dtype="Int64"))
    f = Filters(year_from=2023, year_to=2023)
    assert overview.highlights(tie, _headline(f, {"n": 0.0}, {"n": 0.0}), pd.DataFrame(), "vi") == []
    out = overview.highlights(
        tie, _headline(f, {"n": 10.0}, {"n": 0.0}), pd.DataFrame({"field": ["kinh_te"], "n": [10]}), "vi"
    )
    assert out == ["Năm 2023 có 10 mô hình, điển hình."]  # no change on zero, tied leaders, one field, no commendations


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
    app.query_params.update(ALL_YEARS)
    app.run()
    assert not app.exception
    commendations = fixture_con.execute("SELECT count(*) FROM commendations").fetchone()[0]
    assert app.metric[2].value == str(commendations)
    ranked, _ = trends.ranking(fixture_con, Filters(2019, 2026), "n")
    top = on_screen(app.dataframe[0])
    assert top.iloc[0]["Huyện"] == ranked.iloc[0]["name"] and top.iloc[0]["Mô hình, điển hình"] == str(
        int(ranked.iloc[0]["value"])
    )
    assert any(f"{ranked.iloc[0]['name']} dẫn đầu" in m.value for m in app.markdown)
    app.multiselect(key="f_districts").set_value(["399"]).run()
    assert not app.exception
    n = fixture_con.execute("SELECT count(*) FROM models WHERE district_code = '399'").fetchone()[0]
    assert app.metric[0].value == str(n)
    app.slider(key="f_years").set_value((2025, 2025)).run()  # the fixture holds nothing for 2025
    assert not app.exception
    assert any("Không có mô hình" in i.value for i in app.info)  # empty state, not an exception


def test_overview_in_commune_mode_names_the_leading_communes(fixture_db, monkeypatch, fixture_con):
    monkeypatch.setenv("DVK_DB", str(fixture_db))
    app = page_app("overview.py")
    app.query_params.update(ALL_YEARS | {"unit": "commune"})
    app.run()
    assert not app.exception
    counts = fixture_con.execute(
        "SELECT c.short_name, count(*) FROM models m JOIN communes c ON c.code = m.commune_code "
        "WHERE m.year_recognized BETWEEN 2019 AND 2026 GROUP BY 1 ORDER BY 2 DESC, 1"
    ).fetchall()
    top = on_screen(app.dataframe[0])
    assert list(top.columns) == ["Hạng", "Xã, phường", "Mô hình, điển hình", "So với kỳ trước"] and len(top) == 5
    best = max(n for _, n in counts)
    leaders = {name for name, n in counts if n == best}
    shown = {r["Xã, phường"].split(" (")[0] for _, r in top.iterrows() if r["Hạng"] == "1"}
    assert shown == leaders and set(top.loc[top["Hạng"] == "1", "Mô hình, điển hình"]) == {str(best)}
    assert "Hạc Thành (TP Thanh Hóa cũ)" in top["Xã, phường"].tolist()
    assert set(on_screen(app.dataframe[1])["Mô hình, điển hình"]) == {"0"}  # the bottom five have none
    text = next(m.value for m in app.markdown if "Điểm nổi bật" in m.value)
    # hand-worked on the fixture with its history placed: Hoằng Tiến leads alone with 2 (its 2026 row and
    # the 2023 row of the former xã Hoằng Tiến, through the crosswalk); seven communes have one each
    assert leaders == {"Hoằng Tiến"} and best == 2
    assert "Xã Hoằng Tiến (Hoằng Hóa cũ) dẫn đầu với 2 mô hình, điển hình" in text
    with_any = fixture_con.execute(
        "SELECT count(DISTINCT commune_code) FROM (SELECT commune_code FROM models UNION ALL "
        "SELECT commune_code FROM commendations) WHERE commune_code IS NOT NULL"
    ).fetchone()[0]
    assert f"{with_any}/166 xã, phường có bản ghi (mô hình hoặc khen thưởng)" in text
    assert f"; {166 - with_any} chưa có." in text
    body = next(m.value for m in app.markdown if 'class="dvk-map"' in m.value)
    assert 'href="profile?commune=14797&amp;' in body  # the commune map links to the commune's profile
    # one commune chosen: it leads alone, with its share of the chosen communes
    app = page_app("overview.py")
    app.query_params.update(ALL_YEARS | {"unit": "commune", "communes": "14797"})
    app.run()
    assert not app.exception
    assert len(on_screen(app.dataframe[0])) == 1 and len(app.dataframe[1].value) == 0


def test_commune_highlights_say_the_fewest_and_a_single_leader():
    ranked = pd.DataFrame(
        {
            "code": ["14797", "15991", "15853", "16000"],
            "sentence": ["xã Hoằng Tiến (Hoằng Hóa cũ)", "phường Hạc Thành (TP Thanh Hóa cũ)", "xã A", "xã B"],
            "value": [5.0, 3.0, 1.0, 0.0],
            "records": [5.0, 4.0, 1.0, 0.0],
            "rank": [1, 2, 3, 4],
            "change": pd.array([pd.NA] * 4, dtype="Int64"),
        }
    )
    f = Filters(year_from=2021, year_to=2023, unit="commune")
    now = {"n": 9.0, "commendations": 0.0}
    lines = overview.highlights(ranked, _headline(f, now, {"n": 9.0}), pd.DataFrame({"field": [], "n": []}), "vi")
    assert "Xã Hoằng Tiến (Hoằng Hóa cũ) dẫn đầu với 5 mô hình, điển hình (55,6% toàn tỉnh)." in lines
    assert "Ít nhất (trong các xã, phường có mô hình): xã A với 1 mô hình, điển hình." in lines
    assert "3/4 xã, phường có bản ghi (mô hình hoặc khen thưởng) trong giai đoạn 2021–2023; 1 chưa có." in lines
