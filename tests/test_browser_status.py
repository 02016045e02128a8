"""Real browser: on the reporting status page, clicking a unit's row opens its history."""

from tests.browser import CHROMIUM, CHROMIUM_ARGS, guarded_page, require_chromium, streamlit_server

require_chromium()

from playwright.sync_api import sync_playwright  # noqa: E402


def _choose(page, key: str, option: str) -> None:
    page.locator(f".st-key-{key} input").click()
    page.keyboard.press("ArrowDown")  # opens the list whether or not the click did
    page.get_by_role("option", name=option, exact=True).click()
    page.keyboard.press("Escape")


def test_clicking_a_row_opens_the_units_history(fixture_db, fixture_con, tmp_path):
    files = [
        r[0]
        for r in fixture_con.execute(
            "SELECT source_file FROM submissions WHERE reporting_unit = '401' ORDER BY source_file"
        ).fetchall()
    ]
    assert len(files) == 2
    with streamlit_server(fixture_db, tmp_path / "server.log") as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context, page = guarded_page(browser, viewport={"width": 1400, "height": 1400})
        try:
            page.goto(f"{url}/status")
            page.locator(".st-key-st_period").wait_for(timeout=60_000)
            _choose(page, "st_period", "2024-N")
            page.get_by_text("1/27 huyện, thị xã, thành phố đã gửi").wait_for(timeout=60_000)
            _choose(page, "st_states", "Gửi muộn")
            page.wait_for_timeout(2000)  # the table redraws with the one late unit, Nga Sơn
            box = page.locator(".st-key-st_table").bounding_box()
            # The first data row's selection marker (the grid's leftmost column, below the header row).
            page.mouse.click(box["x"] + 18, box["y"] + 35 + 17)
            page.get_by_text("Lịch sử gửi báo cáo: Huyện Nga Sơn (401)").wait_for(timeout=60_000)
            # Below the list, the history's own table (the list's and it: two tables in the open tab).
            page.wait_for_function(
                "() => [...document.querySelectorAll('[data-testid=stDataFrame]')]"
                ".filter(e => e.offsetParent !== null).length === 2",
                timeout=30_000,
            )
        except Exception:
            page.screenshot(path=str(tmp_path / "status.png"), full_page=True)
            print("SCREENSHOT", tmp_path / "status.png")
            raise
        finally:
            context.close()
            browser.close()
