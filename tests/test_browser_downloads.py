"""Real browser: the download controls of the Rankings, Records and District profile pages deliver the files they promise."""

import csv
import datetime as dt
import io
import re

import pytest
from openpyxl import load_workbook
from PIL import Image

from dvk import clock
from tests.browser import CHROMIUM, CHROMIUM_ARGS, guarded_page, require_chromium, streamlit_server
from tests.test_render import browsers

require_chromium()

from playwright.sync_api import sync_playwright  # noqa: E402

TODAY = clock.today().isoformat()  # file names carry the province's date


@pytest.fixture(scope="module")
def page(fixture_db, tmp_path_factory):
    with streamlit_server(fixture_db, tmp_path_factory.mktemp("st") / "server.log") as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context, pg = guarded_page(browser, accept_downloads=True)
        pg.base, pg.server_pid = url, url.pid
        yield pg
        context.close()
        browser.close()


def _download(page, key: str):
    button = page.locator(f".st-key-{key} button").first
    button.wait_for(timeout=60_000)
    with page.expect_download(timeout=60_000) as info:
        button.click()
    d = info.value
    return d.suggested_filename, open(d.path(), "rb").read()


def _csv(body: bytes) -> list[list[str]]:
    assert body.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads the Vietnamese right
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def _xlsx(body: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(body)).worksheets[0].iter_rows(values_only=True))


def test_rankings_downloads(page, fixture_con):
    page.goto(f"{page.base}/rankings?from=2019&to=2024")
    page.locator(".st-key-rank_table_downloads").wait_for(timeout=60_000)
    code, n = fixture_con.execute(
        "SELECT district_code, count(*) FROM models WHERE year_recognized <= 2024 GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1"
    ).fetchone()
    name = fixture_con.execute("SELECT short_name FROM districts WHERE code = ?", [code]).fetchone()[0]

    fname, body = _download(page, "rank_table_shown_csv")
    assert fname == f"xep-hang-huyen_2019-2024_{TODAY}.csv"
    rows = _csv(body)
    assert rows[0][:2] == ["Hạng", "Huyện"] and rows[1][:3] == ["1", name, str(n)] and len(rows) == 28
    fname, body = _download(page, "rank_table_shown_xlsx")
    assert fname == f"xep-hang-huyen_2019-2024_{TODAY}.xlsx"
    table = _xlsx(body)
    header = next(i for i, r in enumerate(table) if r[:2] == ("Hạng", "Huyện"))
    assert table[header + 1][:3] == (1, name, n)  # numbers stay numbers

    assert browsers(page.server_pid) == []  # pages shown, nothing exported: no export browser (issue 15)
    fname, body = _download(page, "rank_chart_png")
    assert len(browsers(page.server_pid)) == 1  # the first export opened it
    assert re.fullmatch(rf"xep-hang-huyen_2019-2024_{TODAY}\.png", fname)
    image = Image.open(io.BytesIO(body))
    assert image.format == "PNG" and image.width >= 2000  # scale 2: print quality
    fname, body = _download(page, "rank_chart_svg")
    assert fname.endswith(".svg") and re.search(rb"<svg[^>]*xmlns=\"http://www.w3.org/2000/svg\"", body)
    assert name.encode() in body
    fname, body = _download(page, "rank_chart_html")
    text = body.decode("utf-8")
    assert fname.endswith(".html") and name in text and "Plotly.newPlot" in text
    assert not re.search(r"<script[^>]+src=\"https?://", text)  # works offline
    fname, body = _download(page, "examples_table_shown_csv")
    assert fname == f"dien-hinh-tieu-bieu_2019-2024_{TODAY}.csv" and _csv(body)[0][0] == "Tên điển hình"
    assert page.outside == []


def test_records_downloads(page, fixture_con):
    page.goto(f"{page.base}/records?from=2021&to=2024")
    page.locator(".st-key-rec_table_downloads").wait_for(timeout=60_000)
    n = fixture_con.execute("SELECT count(*) FROM models WHERE year_recognized BETWEEN 2021 AND 2024").fetchone()[0]
    names = {
        r[0]
        for r in fixture_con.execute("SELECT name FROM models WHERE year_recognized BETWEEN 2021 AND 2024").fetchall()
    }
    for key, ext, suffix in (
        ("rec_table_shown_csv", "csv", ""),
        ("rec_table_all_csv", "csv", "_tat-ca"),
        ("rec_table_shown_xlsx", "xlsx", ""),
        ("rec_table_all_xlsx", "xlsx", "_tat-ca"),
    ):
        fname, body = _download(page, key)
        assert fname == f"danh-sach-mo-hinh{suffix}_2021-2024_{TODAY}.{ext}"
        if ext == "csv":
            rows = _csv(body)
            assert rows[0][1] == "Tên mô hình, điển hình" and len(rows) == n + 1
            assert {r[1] for r in rows[1:]} == names
        else:
            table = _xlsx(body)
            header = next(i for i, r in enumerate(table) if r and r[1] == "Tên mô hình, điển hình")
            assert {r[1] for r in table[header + 1 :]} == names and len(table) - header - 1 == n
    assert page.outside == []


def test_profile_commendation_downloads_arrive(page, fixture_con):
    """The district profile's commendations, as shown and all of them: the click delivers the file
    (it once failed on the server), numbers and dates stay numbers and dates, no None in a cell."""
    page.goto(f"{page.base}/profile?district=399&from=2016&to=2026")
    page.locator(".st-key-profile_awards_downloads").wait_for(timeout=60_000)
    expected = fixture_con.execute(
        "SELECT year, recipient_name, decision_no, decision_date, model_name FROM commendations "
        "WHERE district_code = '399' ORDER BY year DESC, decision_date DESC NULLS LAST, commendation_id"
    ).fetchall()
    fname, body = _download(page, "profile_awards_all_csv")
    assert fname.startswith("khen-thuong") and fname.endswith(f"_{TODAY}.csv") and fname.isascii()
    rows = _csv(body)
    assert [(r[0], r[5], r[6] or None) for r in rows[1:]] == [(str(y), n, d) for y, n, d, _, _ in expected]
    assert [r[-1] for r in rows[1:]] == [m or "" for *_, m in expected]  # no linked model: an empty cell
    fname, body = _download(page, "profile_awards_shown_xlsx")
    table = _xlsx(body)
    assert [r[0] for r in table[1:]] == [y for y, *_ in expected]  # years are numbers
    assert [r[7] for r in table[1:]] == [dt.datetime.combine(d, dt.time()) if d else None for *_, d, _ in expected]
    assert not any(v in ("None", "nan", "NaT") for r in table for v in r)
    assert page.outside == []
