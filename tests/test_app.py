"""AppTest: pages render from the frame on the fixture warehouse, and the map follows the period."""

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ALL_YEARS, on_screen, page_app

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")


@pytest.fixture()
def app(fixture_db, monkeypatch):
    monkeypatch.setenv("DVK_DB", str(fixture_db))
    return AppTest.from_file(APP, default_timeout=60)


def test_overview_shows_the_warehouse_counts(app, fixture_con):
    app.query_params.update(ALL_YEARS)
    app.run()
    assert not app.exception
    assert app.metric[0].value == str(fixture_con.execute("SELECT count(*) FROM models").fetchone()[0])  # 16
    assert app.metric[1].value == "3"  # of which typical examples
    assert any("Dữ liệu mẫu tổng hợp" in w.value for w in app.warning)


SVG = "{http://www.w3.org/2000/svg}"


def _map_units(app) -> list[dict]:
    """The map's units as drawn: the attributes of every <path data-code> of the inline SVG map."""
    body = next(m.value for m in app.markdown if 'class="dvk-map"' in m.value)
    svg = ET.fromstring(body[body.index("<svg") : body.rindex("</svg>") + len("</svg>")])
    return [p.attrib for p in svg.iter(f"{SVG}path") if "data-code" in p.attrib]


def _map_values(app) -> tuple[dict, set]:
    """(code → value of the coloured units, codes drawn grey: no data-value)."""
    units = _map_units(app)
    z = {u["data-code"]: float(u["data-value"]) for u in units if u.get("data-value")}
    return z, {u["data-code"] for u in units if not u.get("data-value")}


def test_map_draws_26_or_27_districts_by_period(fixture_db, monkeypatch, fixture_con):
    monkeypatch.setenv("DVK_DB", str(fixture_db))
    app = page_app("map.py")
    app.query_params.update(ALL_YEARS)
    app.run()
    assert not app.exception
    z, grey = _map_values(app)
    assert len(z) == 26 and not grey and len(_map_units(app)) == 26
    assert z["399"] == fixture_con.execute("SELECT count(*) FROM models WHERE district_code = '399'").fetchone()[0]
    assert not app.get("plotly_chart")  # the map is inline SVG: no plotly.js to load
    # its title, with how far the data of its last year goes
    assert any(
        m.value == "**Mô hình, điển hình (mô hình), 2019–2026 (2026: số liệu đến 30/11/2026)**" for m in app.markdown
    )
    assert "2026: số liệu đến 30/11/2026" in [c.value for c in app.caption]
    app.slider(key="f_years").set_value((2019, 2024)).run()
    z, _ = _map_values(app)
    assert len(z) == 27 and z["405"] == 2  # Đông Sơn on its own before 2025
    assert "27 đơn vị" in " ".join(c.value for c in app.caption)


def test_map_commune_level_from_2025(fixture_db, monkeypatch):
    monkeypatch.setenv("DVK_DB", str(fixture_db))
    app = page_app("map.py")
    app.run()
    app.slider(key="f_years").set_value((2025, 2026)).run()
    app.radio(key="f_unit").set_value("commune").run()  # the shared unit switch (the page's own level radio is gone)
    assert not app.exception
    z, grey = _map_values(app)
    assert len(z) == 166 and not grey and z["15991"] == 1 and sum(z.values()) == 3
    body = next(m.value for m in app.markdown if 'class="dvk-map"' in m.value)
    # a click opens the commune's profile (it had none before issue 14; the profile page is ?commune=<code>)
    assert 'href="profile?commune=15991&amp;from=2025&amp;to=2026&amp;unit=commune"' in body


def _placed_share(con, a: int, b: int) -> tuple[int, int]:
    return con.execute(
        "SELECT count(commune_code), count(*) FROM models WHERE year_recognized BETWEEN ? AND ?", [a, b]
    ).fetchone()


@pytest.mark.parametrize("year", [2020, 2025, 2026])
def test_commune_map_for_any_period_with_the_placed_share(fixture_db, monkeypatch, fixture_con, year):
    monkeypatch.setenv("DVK_DB", str(fixture_db))
    app = page_app("map.py")
    app.query_params.update({"from": str(year), "to": str(year), "unit": "commune"})
    app.run()
    assert not app.exception
    z, grey = _map_values(app)
    assert len(z) == 166 and not grey and len(_map_units(app)) == 166
    want = dict(
        fixture_con.execute(
            "SELECT commune_code, count(*) FROM models WHERE commune_code IS NOT NULL AND year_recognized = ? "
            "GROUP BY 1",
            [year],
        ).fetchall()
    )
    assert {k: v for k, v in z.items() if v} == want
    placed, total = _placed_share(fixture_con, year, year)
    captions = [c.value for c in app.caption]
    if total:
        share = f"{round(100 * placed / total)}%"
        assert (
            f"Đã đặt được {share} mô hình của giai đoạn vào xã, phường mới; số còn lại chỉ tính ở cấp huyện."
            in captions
        )
    else:  # no model in the period (2025 in the fixture): nothing to place, no share to say
        assert not any(c.startswith("Đã đặt được") for c in captions)
    assert app.radio(key="map_per").options == ["Tổng số", "Trên 1 km²"]  # no commune population loaded
    assert "Trên 10.000 dân: chưa có số dân của xã, phường nào." in captions
    assert "Cấp" not in [r.label for r in app.radio]  # the page's own level radio is gone: the shared unit decides


def test_commune_map_per_km2_and_the_district_filter(fixture_db, monkeypatch, fixture_con):
    monkeypatch.setenv("DVK_DB", str(fixture_db))
    app = page_app("map.py")
    app.query_params.update({"from": "2019", "to": "2026", "unit": "commune"})
    app.run()
    placed, total = _placed_share(fixture_con, 2019, 2026)
    assert total == 16 and placed >= 3  # 2026's three rows name a 2025 commune (history once re-based)
    assert (
        f"Đã đặt được {round(100 * placed / total)}% mô hình của giai đoạn vào xã, phường mới; số còn lại chỉ tính ở cấp huyện."
        in [c.value for c in app.caption]
    )
    app.radio(key="map_per").set_value("per_km2").run()
    assert not app.exception
    z, _ = _map_values(app)
    n = fixture_con.execute("SELECT count(*) FROM models WHERE commune_code = '15991'").fetchone()[0]
    assert n >= 1 and z["15991"] == pytest.approx(n / 23.79, abs=1e-4)  # its models over Hoằng Tiến's 23.79 km²
    assert any(c.value.startswith("Diện tích xã, phường năm 2025: vietnamadminunits") for c in app.caption)
    app.multiselect(key="f_districts").set_value(["399"]).run()  # Hoằng Hóa: the communes formed from it
    z, grey = _map_values(app)
    inside = {
        r[0]
        for r in fixture_con.execute(
            "SELECT code FROM communes WHERE list_contains(former_district_codes, '399')"
        ).fetchall()
    }
    assert set(z) == inside and len(grey) == 166 - len(inside) and "15991" in inside and "14797" not in z


def test_map_measures_per_commune_commendations_and_table(fixture_db, monkeypatch, fixture_con):
    monkeypatch.setenv("DVK_DB", str(fixture_db))
    app = page_app("map.py")
    app.query_params.update(ALL_YEARS)
    app.run()
    app.selectbox(key="measure").set_value("commendations").run()
    assert not app.exception
    z, grey = _map_values(app)
    expected = dict(
        fixture_con.execute(
            "SELECT coalesce(d.merged_into, c.district_code), count(*) FROM commendations c "
            "JOIN districts d ON d.code = c.district_code GROUP BY 1"
        ).fetchall()
    )
    assert {k: v for k, v in z.items() if v} == expected and not grey
    app.selectbox(key="measure").set_value("n").run()
    app.radio(key="map_per").set_value("per_commune").run()
    z, _ = _map_values(app)
    z_all = z
    n, communes = fixture_con.execute(
        "SELECT count(*), (SELECT sum(commune_count) FROM districts WHERE code IN ('380', '405')) "
        "FROM models WHERE district_code IN ('380', '405')"
    ).fetchone()
    assert z["380"] == pytest.approx(n / communes)
    app.multiselect(key="f_districts").set_value(["399"]).run()
    z, grey = _map_values(app)
    assert list(z) == ["399"] and len(grey) == 25  # the rest of the province drawn grey, no holes
    assert "Trên 10.000 dân" not in app.radio(key="map_per").options  # Hoằng Hóa has no sourced population
    app.multiselect(key="f_districts").set_value([]).run()
    app.session_state["map_view"] = "Bảng"  # open the Table tab (tabs run only when open)
    app.run()
    assert not any('class="dvk-map"' in m.value for m in app.markdown)  # the map tab did not run
    table = app.dataframe[0].value  # same values, largest first
    top = max(z_all, key=z_all.get)
    name = fixture_con.execute("SELECT short_name FROM districts WHERE code = ?", [top]).fetchone()[0]
    assert table.iloc[0].tolist()[:2] == [1, name] and on_screen(app.dataframe[0]).iloc[0].tolist()[:2] == ["1", name]


def test_filters_come_from_the_url_and_invalid_values_are_noted(app, fixture_con):
    app.query_params["from"] = "2023"
    app.query_params["field"] = "kinh_te,bogus"
    app.query_params["to"] = "DROP TABLE models"
    app.run()
    assert not app.exception
    assert app.slider(key="f_years").value == (2023, 2026)
    assert app.multiselect(key="f_field").value == ["kinh_te"]
    assert any("field=bogus" in c.value and "to=DROP TABLE models" in c.value for c in app.sidebar.caption)
    expected = fixture_con.execute(
        "SELECT count(*) FROM models WHERE year_recognized >= 2023 AND field = 'kinh_te'"
    ).fetchone()[0]
    assert app.metric[0].value == str(expected)


def test_english_switch_translates_page_bodies(fixture_db, monkeypatch):
    monkeypatch.setenv("DVK_DB", str(fixture_db))
    app = page_app("overview.py")
    app.query_params["lang"] = "en"
    app.query_params.update(ALL_YEARS)
    app.run()
    assert not app.exception
    assert app.title[0].value.startswith("“Skilled Mass Mobilization”")
    assert [m.label for m in app.metric][:2] == ["Models and examples", "Of which typical examples"]
    profile = page_app("profile.py")
    profile.query_params["lang"] = "en"
    profile.query_params["district"] = "387"
    profile.run()
    assert not profile.exception and profile.title[0].value == "Quan Sơn: district profile"


def test_map_view_comes_from_the_address(fixture_db, monkeypatch):
    monkeypatch.setenv("DVK_DB", str(fixture_db))
    app = page_app("map.py")
    app.query_params["view"] = "chart"
    app.run()
    assert not app.exception
    charts = app.get("plotly_chart")
    assert len(charts) == 1 and json.loads(charts[0].proto.spec)["data"][0]["type"] == "bar"  # bars, no map


def test_overview_map_links_each_district_to_its_profile(app, fixture_con):
    app.query_params["from"] = "2020"
    app.run()
    assert not app.exception
    z, grey = _map_values(app)
    body = next(m.value for m in app.markdown if 'class="dvk-map"' in m.value)
    assert len(z) + len(grey) == 26 and 'href="profile?district=399&amp;from=2020&amp;to=2026"' in body
    expected = fixture_con.execute(
        "SELECT count(*) FROM models WHERE district_code = '399' AND year_recognized >= 2020"
    )
    assert z.get("399", 0) == expected.fetchone()[0]


def test_unit_and_commune_filter_round_trip_through_the_address(app, fixture_con):
    app.query_params.update(ALL_YEARS | {"unit": "commune", "communes": "14797,15991,99999"})
    app.run()
    assert not app.exception
    assert app.radio(key="f_unit").value == "commune"
    assert app.multiselect(key="f_communes").value == ["14797", "15991"]
    assert any("communes=99999" in c.value for c in app.sidebar.caption)  # a bad code is ignored, with the note
    assert app.query_params["unit"] == "commune" and app.query_params["communes"] == "14797,15991"
    # the overview's count follows the commune filter (records of those two communes)
    want = fixture_con.execute("SELECT count(*) FROM models WHERE commune_code IN ('14797', '15991')").fetchone()[0]
    assert want == 3 and app.metric[0].value == str(want)  # with the 2023 row placed through the crosswalk
    # the search box narrows the options without diacritics; chosen communes stay among them
    app.text_input(key="f_commune_q").input("hac thanh").run()
    assert not app.exception
    assert app.multiselect(key="f_communes").options == [
        "Hoằng Tiến (Hoằng Hóa cũ)",
        "Hạc Thành (TP Thanh Hóa cũ)",
    ]  # by former district
    app.multiselect(key="f_communes").unselect("15991").run()
    app.radio(key="f_unit").set_value("district").run()
    assert not app.exception
    assert app.query_params["communes"] == "14797" and "unit" not in app.query_params
    app.text_input(key="f_commune_q").input("").run()
    assert len(app.multiselect(key="f_communes").options) == 166
    app.multiselect(key="f_communes").select("15853").run()
    assert app.query_params["communes"] == "14797,15853"


def test_the_profile_link_is_named_after_the_unit(app):
    app.query_params.update(ALL_YEARS)
    app.run()
    assert not app.exception
    labels = [p.proto.label for p in app.sidebar.get("page_link")]
    assert "Hồ sơ huyện" in labels and "Hồ sơ xã, phường" not in labels
    app.radio(key="f_unit").set_value("commune").run()
    labels = [p.proto.label for p in app.sidebar.get("page_link")]
    assert "Hồ sơ xã, phường" in labels and "Hồ sơ huyện" not in labels
    # 8 since the reporting status page (issue 16; local mode is an admin, who sees it).
    assert len(labels) == 8 and "Tiến độ báo cáo" in labels
