"""Upload in the browser: preview with the loader's own numbers, confirm loads, cancel leaves nothing."""

import glob
import shutil

import duckdb
import pytest

from dvk.ui.upload import max_mb, safe_name
from etl.load import load
from tests.browser import CHROMIUM, CHROMIUM_ARGS, guarded_page, require_chromium, streamlit_server
from tests.conftest import FIXTURES, quiet


def test_safe_name_keeps_the_submission_name():
    assert safe_name("2024_401_nga-son.csv") == "2024_401_nga-son.csv"
    assert safe_name("C:\\Users\\a\\Báo cáo Nga Sơn.xlsx") == "Báo cáo Nga Sơn.xlsx"
    assert safe_name("../../etc/passwd") == "passwd"
    assert safe_name('a<b>:c"?.csv') == "a_b__c__.csv"
    assert safe_name("..") == "file"


def test_upload_limit_is_the_loaders(monkeypatch):
    monkeypatch.delenv("DVK_MAX_FILE_MB", raising=False)
    assert max_mb() == 20
    monkeypatch.setenv("DVK_MAX_FILE_MB", "2.5")
    assert max_mb() == 2.5
    monkeypatch.setenv("DVK_MAX_FILE_MB", "lots")  # the loader refuses the setting; the page still draws
    assert max_mb() == 20


def _counts(db):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT (SELECT count(*) FROM models), (SELECT count(*) FROM etl_runs)").fetchone()


@pytest.fixture()
def warehouse(tmp_path):
    subs = sorted((FIXTURES / "submissions").iterdir())
    db = tmp_path / "wh.duckdb"
    load(subs[:-1], db, progress=quiet)  # the last fixture file is what gets uploaded
    return db, subs[-1]


def test_upload_preview_cancel_and_confirm(warehouse, tmp_path):
    require_chromium()
    from playwright.sync_api import sync_playwright

    db, upload = warehouse
    expected = load([upload], shutil.copy(db, tmp_path / "copy.duckdb"), progress=quiet)
    models_before, runs_before = _counts(db)
    leftovers_before = set(glob.glob("/tmp/dvk-upload-*"))
    with streamlit_server(db, tmp_path / "server.log") as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context, page = guarded_page(browser, viewport={"width": 1400, "height": 1400})
        page.goto(f"{url}/data")
        for attempt in ("cancel", "confirm"):
            inputs = page.get_by_role("region", name="File nộp").locator("input[type=file]")
            inputs.set_input_files(str(upload))
            page.get_by_role("button", name="Xem trước").click()
            page.get_by_text("Xem trước lần nạp").first.wait_for(timeout=60_000)
            page.wait_for_timeout(500)
            metrics = page.locator("[data-testid='stMetricValue']").all_inner_texts()
            assert metrics[:3] == [str(expected.rows_read), str(expected.rows_loaded), str(expected.rows_rejected)]
            assert _counts(db) == (models_before, runs_before)  # a preview changes nothing
            if attempt == "cancel":
                page.get_by_role("button", name="Hủy").click()
                page.wait_for_function("() => !document.body.innerText.includes('Xem trước lần nạp')", timeout=30_000)
                # the uploader is emptied: one drop zone, no file listed (the old one may linger a moment)
                for _ in range(300):
                    if inputs.count() == 1 and upload.name not in page.inner_text("body"):
                        break
                    page.wait_for_timeout(100)
                else:
                    pytest.fail("the uploader still holds the file after cancel")
                assert set(glob.glob("/tmp/dvk-upload-*")) == leftovers_before  # nothing left behind
                assert _counts(db) == (models_before, runs_before)
            else:
                page.get_by_role("button", name="Xác nhận nạp").click()
                page.get_by_text("Đã nạp lần").wait_for(timeout=60_000)
        assert _counts(db) == (models_before + expected.rows_loaded, runs_before + 1)
        assert set(glob.glob("/tmp/dvk-upload-*")) == leftovers_before
        assert page.locator("[data-testid='stException']").count() == 0 and page.outside == []
        browser.close()


def _attribution_script(path: str, folder: str):
    from types import SimpleNamespace

    import streamlit as st

    from dvk.ui import upload

    summary = SimpleNamespace(attributions={"baocao.csv": (None, None, "unattributed")})
    cycle = upload._cycle_inputs(summary)
    if st.button("go", key="go"):
        upload._confirm({"paths": [path], "dir": folder}, cycle)


def test_upload_asks_unit_period_and_received_date_for_an_unattributed_file(tmp_path, monkeypatch):
    import datetime as dt

    from streamlit.testing.v1 import AppTest

    db = tmp_path / "wh.duckdb"
    load([FIXTURES / "submissions" / "2024_401_nga-son.csv"], db, progress=quiet)
    folder = tmp_path / "up"
    folder.mkdir()
    path = shutil.copy(FIXTURES / "submissions" / "2021_387_quan-son.csv", folder / "baocao.csv")
    from etl import api

    # The preview (a dry run) says which files it could not attribute, and the name and rows of the other.
    other = shutil.copy(FIXTURES / "submissions" / "2023_399_hoang-hoa.xlsx", tmp_path / "2024_399_hoang-hoa.xlsx")
    seen = api.preview([path, other], db, progress=quiet).attributions
    assert seen == {
        "baocao.csv": (None, None, "unattributed"),
        "2024_399_hoang-hoa.xlsx": ("399", "2024-N", "file_name"),
    }
    monkeypatch.setenv("DVK_DB", str(db))
    app = AppTest.from_function(_attribution_script, args=(str(path), str(folder)), default_timeout=60)
    app.run()
    assert not app.exception and "baocao.csv" in app.warning[0].value
    assert "2024-N" in app.selectbox(key="upload_period").options
    app.selectbox(key="upload_period").set_value("2024-N").run()
    assert "Huyện Quan Sơn (387)" in app.selectbox(key="upload_unit").options
    app.selectbox(key="upload_unit").set_value("387")
    app.date_input(key="upload_received").set_value(dt.date(2024, 11, 20))
    app.button(key="go").click().run()
    assert not app.exception and not app.error
    with duckdb.connect(str(db), read_only=True) as con:
        row = con.execute(
            "SELECT reporting_unit, reporting_period, received_on, attribution FROM submissions "
            "WHERE source_file = 'baocao.csv'"
        ).fetchone()
    # The period chosen; the unit too (the rows, all in Quan Sơn, say the same); the date as entered.
    assert row == ("387", "2024-N", dt.date(2024, 11, 20), "command_line")
