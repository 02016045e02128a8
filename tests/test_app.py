"""AppTest: pages render from the frame on the fixture warehouse, and the map follows the period."""

import base64
import json
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import page_app

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")




@pytest.fixture()
def app(fixture_db, monkeypatch):
    monkeypatch.setenv("DVK_DB", str(fixture_db))
    return AppTest.from_file(APP, default_timeout=60)


def test_overview_shows_the_warehouse_counts(app):
    app.run()
    assert not app.exception
    assert app.metric[0].value == "16"  # models loaded from the fixtures (default period 2016–2026)
    assert app.metric[1].value == "3"  # of which typical examples
    assert any("Dữ liệu mẫu tổng hợp" in w.value for w in app.warning)


def _decode(z):
    """plotly ships numbers as base64 typed arrays."""
    if isinstance(z, dict):
        return np.frombuffer(base64.b64decode(z["bdata"]), dtype=z["dtype"]).tolist()
    return z


def _map_figure(app):
    """The map's figure as plotly sent it, its coloured trace first, with typed arrays decoded."""
    chart = app.get("plotly_chart")[0]
    fig = json.loads(chart.proto.spec)
    for trace in fig["data"]:
        trace["z"] = _decode(trace["z"])
    fig["data"] = fig["data"][::-1]  # units without a value are a grey trace drawn first
    return fig


def _map_values(app) -> tuple[dict, set]:
    """(code → value of the coloured units, codes drawn grey)."""
    fig = _map_figure(app)
    grey = set(fig["data"][1]["locations"]) if len(fig["data"]) > 1 else set()
    return dict(zip(fig["data"][0]["locations"], fig["data"][0]["z"], strict=True)), grey


def test_map_draws_26_or_27_districts_by_period(fixture_db, monkeypatch, fixture_con):
    monkeypatch.setenv("DVK_DB", str(fixture_db))
    app = page_app("map.py")
    app.run()
    assert not app.exception
    fig = _map_figure(app)
    assert len(fig["data"][0]["locations"]) == 26
    assert len(fig["data"][0]["geojson"]["features"]) == 26
    hoang_hoa = dict(zip(fig["data"][0]["locations"], fig["data"][0]["z"], strict=True))["399"]
    assert hoang_hoa == fixture_con.execute("SELECT count(*) FROM models WHERE district_code = '399'").fetchone()[0]
    app.slider(key="f_years").set_value((2016, 2024)).run()
    fig = _map_figure(app)
    z = dict(zip(fig["data"][0]["locations"], fig["data"][0]["z"], strict=True))
    assert len(z) == 27 and z["405"] == 2  # Đông Sơn on its own before 2025
    assert "27 đơn vị" in " ".join(c.value for c in app.caption)


def test_map_commune_level_from_2025(fixture_db, monkeypatch):
    monkeypatch.setenv("DVK_DB", str(fixture_db))
    app = page_app("map.py")
    app.run()
    app.slider(key="f_years").set_value((2025, 2026)).run()
    app.radio(key="level").set_value("commune").run()
    assert not app.exception
    fig = _map_figure(app)
    z = dict(zip(fig["data"][0]["locations"], fig["data"][0]["z"], strict=True))
    assert len(z) == 166 and z["15991"] == 1 and sum(z.values()) == 3


def test_map_measures_per_commune_commendations_and_table(fixture_db, monkeypatch, fixture_con):
    monkeypatch.setenv("DVK_DB", str(fixture_db))
    app = page_app("map.py")
    app.run()
    app.selectbox(key="measure").set_value("commendations").run()
    assert not app.exception
    z, grey = _map_values(app)
    expected = dict(fixture_con.execute(
        "SELECT coalesce(d.merged_into, c.district_code), count(*) FROM commendations c "
        "JOIN districts d ON d.code = c.district_code GROUP BY 1").fetchall())
    assert {k: v for k, v in z.items() if v} == expected and not grey
    app.selectbox(key="measure").set_value("n").run()
    app.radio(key="map_per").set_value("per_commune").run()
    z, _ = _map_values(app)
    z_all = z
    n, communes = fixture_con.execute(
        "SELECT count(*), (SELECT sum(commune_count) FROM districts WHERE code IN ('380', '405')) "
        "FROM models WHERE district_code IN ('380', '405')").fetchone()
    assert z["380"] == pytest.approx(n / communes)
    app.multiselect(key="f_districts").set_value(["399"]).run()
    z, grey = _map_values(app)
    assert list(z) == ["399"] and len(grey) == 25  # the rest of the province drawn grey, no holes
    assert "Trên 10.000 dân" not in app.radio(key="map_per").options  # Hoằng Hóa has no sourced population
    app.multiselect(key="f_districts").set_value([]).run()
    app.session_state["map_view"] = "Bảng"  # open the Table tab (tabs run only when open)
    app.run()
    assert not app.get("plotly_chart")  # the map tab did not run
    table = app.dataframe[0].value  # same values, largest first
    top = max(z_all, key=z_all.get)
    name = fixture_con.execute("SELECT short_name FROM districts WHERE code = ?", [top]).fetchone()[0]
    assert table.iloc[0].tolist()[:2] == ["1", name]


def test_filters_come_from_the_url_and_invalid_values_are_noted(app, fixture_con):
    app.query_params["from"] = "2023"
    app.query_params["field"] = "kinh_te,bogus"
    app.query_params["to"] = "DROP TABLE models"
    app.run()
    assert not app.exception
    assert app.slider(key="f_years").value == (2023, 2026)
    assert app.multiselect(key="f_field").value == ["kinh_te"]
    assert any("field=bogus" in c.value and "to=DROP TABLE models" in c.value for c in app.sidebar.caption)
    expected = fixture_con.execute("SELECT count(*) FROM models WHERE year_recognized >= 2023 AND field = 'kinh_te'").fetchone()[0]
    assert app.metric[0].value == str(expected)


def test_english_switch_translates_page_bodies(fixture_db, monkeypatch):
    monkeypatch.setenv("DVK_DB", str(fixture_db))
    app = page_app("overview.py")
    app.query_params["lang"] = "en"
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
