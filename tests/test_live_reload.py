"""Loads while people read: sessions open in a real browser keep working during a load and show the
new data on their next rerun, without a server restart."""

import shutil
import threading

import duckdb
import pytest

from etl.load import load
from tests.browser import CHROMIUM, CHROMIUM_ARGS, guarded_page, require_chromium, streamlit_server
from tests.conftest import FIXTURES, quiet

require_chromium()

from playwright.sync_api import sync_playwright  # noqa: E402

NEW_ROWS = 5
SESSIONS = 3


def _count(db, district: str) -> int:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT count(*) FROM models WHERE district_code = ?", [district]).fetchone()[0]


def _metric(page) -> str:
    return page.locator("[data-testid='stMetricValue']").first.inner_text()


@pytest.fixture()
def warehouse(tmp_path):
    subs = tmp_path / "subs"
    shutil.copytree(FIXTURES / "submissions", subs)
    db = tmp_path / "wh.duckdb"
    load([subs], db, progress=quiet)
    extra = tmp_path / "2021_387_quan-son_bo-sung.csv"
    rows = [f"Mô hình bổ sung số {i};collective model;economy;community;Quan Sơn;2021;commune" for i in range(NEW_ROWS)]
    extra.write_text(
        "name;kind;field;host_sector;district;year_recognized;level\n" + "\n".join(rows) + "\n", encoding="utf-8"
    )
    return db, extra


def test_sessions_keep_working_during_a_load_and_see_the_new_data(warehouse, tmp_path):
    db, extra = warehouse
    before = _count(db, "387")
    with streamlit_server(db, tmp_path / "server.log") as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        pages = []
        for _ in range(SESSIONS):
            context, page = guarded_page(browser)
            page.goto(f"{url}/profile?district=387&from=2019&to=2026")  # every year, not the default one
            page.locator("[data-testid='stMetricValue']").first.wait_for(timeout=60_000)
            pages.append(page)
        assert [_metric(pg) for pg in pages] == [str(before)] * SESSIONS

        errors: list[BaseException] = []
        loader = threading.Thread(target=lambda: _load(extra, db, errors))
        loader.start()
        while loader.is_alive():  # people keep reading while the load runs
            for pg in pages:
                pg.reload()
                pg.locator("[data-testid='stMetricValue']").first.wait_for(timeout=60_000)
        loader.join()
        assert not errors
        assert _count(db, "387") == before + NEW_ROWS

        for pg in pages:  # the next rerun (an interaction, not a reload) shows the new data
            pg.locator("[data-testid='stSidebar']").get_by_text("English", exact=True).click()
            pg.get_by_text("district profile").first.wait_for(timeout=30_000)
            pg.wait_for_timeout(500)
            assert _metric(pg) == str(before + NEW_ROWS)
            assert pg.locator("[data-testid='stException']").count() == 0 and pg.outside == []
        browser.close()
    log = (tmp_path / "server.log").read_text()
    assert "Traceback" not in log


def _load(path, db, errors):
    try:
        load([path], db, progress=quiet)
    except BaseException as exc:  # noqa: BLE001  (reported by the test)
        errors.append(exc)
