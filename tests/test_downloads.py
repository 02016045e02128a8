"""The Streamlit download helpers render on a page, with and without a server-side Chromium."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from dvk import render

ROOT = Path(__file__).resolve().parent.parent

SCRIPT = f"""
import sys
sys.path.insert(0, {str(ROOT)!r})
import streamlit as st
from dvk.charts_trends import ranking_bars
from dvk.trends import ranking_table
from dvk.ui import data, data_trends, downloads, frame

f = frame.sidebar()
version = data.frame_banner()
ranked, _ = data_trends.ranking(version, f, "n", "raw")
shown = ranking_table(ranked, "Mô hình, điển hình", 0, frame.lang())
downloads.table_downloads(shown, lambda: ranked, "rankings", f, key="rank", title="Xếp hạng")
downloads.chart_downloads(ranking_bars(ranked, "Mô hình", 0), "rankings", "Xếp hạng", f, key="bars", table=shown)
downloads.report_download(f)
"""


def _count(at: AppTest, kind: str) -> int:
    return sum(1 for e in at.main if getattr(e, "type", "") == kind)


def _run(monkeypatch, fixture_db, chromium: str | None) -> AppTest:
    monkeypatch.setenv("DVK_DB", str(fixture_db))
    if chromium is not None:
        monkeypatch.setenv("DVK_CHROMIUM", chromium)
    at = AppTest.from_string(SCRIPT, default_timeout=60)
    at.query_params["from"] = "2016"
    at.query_params["to"] = "2024"
    return at.run()


def test_buttons_render_without_exception(monkeypatch, fixture_db):
    at = _run(monkeypatch, fixture_db, None)
    assert not at.exception
    assert any("Tải xuống" in c.value for c in at.caption)
    chart = 3 if render.chromium_available() else 1  # PNG and SVG are plain buttons without a Chromium
    assert _count(at, "download_button") == 4 + chart + 1  # table ×4, chart, report


def test_without_chromium_the_browser_draws_the_image(monkeypatch, fixture_db):
    at = _run(monkeypatch, fixture_db, "none")
    assert not at.exception
    assert any("không có Chromium" in c.value for c in at.caption)
    assert [b.label for b in at.button] == ["PNG", "SVG"]
    assert _count(at, "iframe") == 0
    at.button(key="bars_png").click().run()
    assert not at.exception
    assert _count(at, "iframe") == 1  # the hidden frame that draws and saves the PNG, on this run only
    at.run()
    assert _count(at, "iframe") == 0


LAZY = f"""
import sys
sys.path.insert(0, {str(ROOT)!r})
import streamlit as st
from dvk.charts_trends import ranking_bars
from dvk.ui import data, data_trends, downloads, frame

f = frame.sidebar()
version = data.frame_banner()
ranked, _ = data_trends.ranking(version, f, "n", "raw")
calls = st.session_state.setdefault("calls", [0])

def make():
    calls[0] += 1
    return ranking_bars(ranked, "Mô hình", 0)

downloads.chart_downloads(make, "map", "Bản đồ", f, key="lazy")
st.text(f"made {{calls[0]}}")
"""


def test_a_figure_not_on_the_page_is_made_on_a_click_only(monkeypatch, fixture_db):
    monkeypatch.setenv("DVK_DB", str(fixture_db))
    monkeypatch.setenv("DVK_CHROMIUM", "none")
    at = AppTest.from_string(LAZY, default_timeout=60).run()
    assert not at.exception and at.text[0].value == "made 0"
    at.run()
    assert at.text[0].value == "made 0"  # reruns do not make it either
    at.button(key="lazy_png").click().run()
    assert not at.exception and at.text[0].value == "made 1" and _count(at, "iframe") == 1


def test_an_image_click_reruns_the_page_only_while_the_export_browser_is_closed(monkeypatch):
    """Cold: the click's rerun shows "Preparing the image exporter…"; warm (or no Chromium): no rerun."""
    from dvk.ui import downloads

    monkeypatch.setattr(render, "is_warm", lambda: False)
    assert downloads._on_image_click(True) == "rerun" and downloads._on_image_click(False) == "ignore"
    monkeypatch.setattr(render, "is_warm", lambda: True)
    assert downloads._on_image_click(True) == "ignore"


def test_the_preparing_message_is_translated():
    from dvk.i18n import translator

    assert translator("en")("Đang chuẩn bị trình xuất hình…") == "Preparing the image exporter…"
    assert translator("vi")("Đang chuẩn bị trình xuất hình…") == "Đang chuẩn bị trình xuất hình…"
