"""Hostile names and parameters: shown as text everywhere, never run, never reaching SQL as code."""

import shutil

import pytest

from dvk.labels import md
from etl.load import load
from tests.browser import CHROMIUM, CHROMIUM_ARGS, guarded_page, require_chromium, streamlit_server
from tests.conftest import ALL_YEARS, FIXTURES, page_app, quiet

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(2)">',
    '<a href="javascript:alert(3)">bấm vào đây</a>',
    "[bấm](javascript:alert(4)) :red[đỏ] $x^2$",
    "'); DROP TABLE models;--",
]


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    subs = tmp / "subs"
    shutil.copytree(FIXTURES / "submissions", subs)
    rows = [
        f'"{n.replace(chr(34), chr(34) * 2)}";collective model;economy;community;Quan Sơn;2021;commune' for n in HOSTILE
    ]
    (subs / "2021_387_quan-son_hostile.csv").write_text(
        "name;kind;field;host_sector;district;year_recognized;level\n" + "\n".join(rows) + "\n", encoding="utf-8"
    )
    db = tmp / "wh.duckdb"
    load([subs], db, progress=quiet)
    return db


def test_markdown_escape_keeps_the_text():
    for name in HOSTILE:
        escaped = md(name)
        assert escaped.replace("\\", "") == name.replace("\\", "")
        assert "<" not in escaped.replace("\\<", "") and "](" not in escaped


def test_hostile_names_are_stored_as_written_and_the_table_survives(hostile_db):
    import duckdb

    with duckdb.connect(str(hostile_db), read_only=True) as con:
        names = {n for (n,) in con.execute("SELECT name FROM models WHERE district_code = '387'").fetchall()}
    assert set(HOSTILE) <= names


def test_detail_view_shows_a_hostile_name_as_text(hostile_db, monkeypatch):
    monkeypatch.setenv("DVK_DB", str(hostile_db))
    app = page_app("records.py")
    app.query_params.update(ALL_YEARS)  # the hostile names are 2021's
    app.run()
    app.text_input(key="rec_q").input("javascript").run()
    assert not app.exception
    shown = app.dataframe[0].value.iloc[:, 1].tolist()
    assert sorted(shown) == sorted(n for n in HOSTILE if "javascript" in n)
    app.selectbox(key="rec_detail").select_index(0).run()
    # Every markup character behind a backslash, so that Streamlit draws the name as written.
    assert app.subheader[0].value in {
        r'\<a href="javascript\:alert\(3\)"\>bấm vào đây\</a\>',
        r"\[bấm\]\(javascript\:alert\(4\)\) \:red\[đỏ\] \$x^2\$",
    }


def test_url_notes_are_escaped(hostile_db, monkeypatch):
    monkeypatch.setenv("DVK_DB", str(hostile_db))
    app = page_app("overview.py")
    app.query_params["to"] = "[x](javascript:alert(1))"
    app.run()
    assert not app.exception
    assert any(md("to=[x](javascript:alert(1))") in c.value for c in app.sidebar.caption)


def test_no_script_runs_in_a_real_browser(hostile_db, tmp_path):
    require_chromium()
    from playwright.sync_api import sync_playwright

    with streamlit_server(hostile_db, tmp_path / "server.log") as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context, page = guarded_page(browser)
        dialogs = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(f"{url}/records?from=2019&to=[x](javascript:alert(5))")
        box = page.get_by_placeholder("hien dat, Hoằng Tiến…")
        box.wait_for(timeout=60_000)
        for query in ("script", "onerror", "javascript"):
            box.fill(query)
            box.press("Enter")
            page.wait_for_timeout(1500)
            page.locator("[data-testid='stSelectbox']").filter(has_text="Xem chi tiết").locator("input").click()
            page.keyboard.press("ArrowDown")  # opens the list whether or not the click did
            page.get_by_role("option").first.click()
            page.wait_for_timeout(1500)
            heading = page.locator("[data-testid='stMain'] h3").first.inner_text()
            assert heading in HOSTILE  # the name as written, as text
        assert dialogs == [] and page.outside == []
        assert page.locator("img[src='x']").count() == 0 and page.locator("a[href^='javascript']").count() == 0
        browser.close()
