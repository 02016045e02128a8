"""Real browser (headless Debian Chromium through Playwright): the map draws offline."""

import time

import pytest

from tests.browser import CHROMIUM, CHROMIUM_ARGS, guarded_page, require_chromium, streamlit_server

require_chromium()

from playwright.sync_api import sync_playwright  # noqa: E402


@pytest.fixture(scope="module")
def server(fixture_db, tmp_path_factory):
    """The app served by a real Streamlit server on loopback, reading the fixture warehouse."""
    with streamlit_server(fixture_db, tmp_path_factory.mktemp("st") / "server.log") as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser):
    """A page whose requests to anywhere but this machine are blocked and recorded."""
    context, pg = guarded_page(browser)
    yield pg
    context.close()


@pytest.mark.parametrize("query, shapes", [("from=2016&to=2024", 27), ("from=2016&to=2026", 26)])
def test_map_draws_every_district_with_no_outside_request(server, page, query, shapes):
    page.goto(f"{server}/map?{query}")
    paths = page.locator("path.choroplethlocation")
    paths.first.wait_for(timeout=60_000)
    deadline = time.time() + 30
    while paths.count() < shapes and time.time() < deadline:
        time.sleep(0.2)
    assert paths.count() == shapes
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.get_by_text("Page not found").count() == 0
    assert page.outside == []
    box = page.locator(".js-plotly-plot").first.bounding_box()
    assert box["width"] > 300 and box["height"] > 300


def _settle(page):
    page.locator("[data-testid='stSidebar']").first.wait_for(timeout=60_000)
    page.wait_for_timeout(1500)


def test_filters_in_the_url_survive_a_reload(server, page):
    page.goto(f"{server}/?from=2020&to=2023&field=kinh_te")
    _settle(page)
    page.reload()
    _settle(page)
    assert "from=2020" in page.url and "to=2023" in page.url and "field=kinh_te" in page.url
    sidebar = page.locator("[data-testid='stSidebar']").inner_text()
    assert "2020" in sidebar and "2023" in sidebar and "Kinh tế" in sidebar
    assert page.outside == []


def test_language_switch_changes_labels(server, page):
    page.goto(f"{server}/")
    _settle(page)
    assert "Bộ lọc" in page.locator("[data-testid='stSidebar']").inner_text()
    page.locator("[data-testid='stSidebar']").get_by_text("English", exact=True).click()
    page.wait_for_timeout(2000)
    sidebar = page.locator("[data-testid='stSidebar']").inner_text()
    assert "Filters" in sidebar and "Map" in sidebar and "Bộ lọc" not in sidebar
    assert "lang=en" in page.url


def _wait_for(page, predicate, what: str, timeout: float = 30):
    deadline = time.time() + timeout
    while not predicate() and time.time() < deadline:
        page.wait_for_timeout(200)
    assert predicate(), what


def test_back_and_forward_restore_page_filters_and_language(server, page):
    page.goto(f"{server}/map?from=2021&to=2023&field=kinh_te")
    _settle(page)
    sidebar = page.locator("[data-testid='stSidebar']")
    sidebar.get_by_text("Xu hướng", exact=True).click()  # links carry the filters: one history step
    _wait_for(page, lambda: "/trends" in page.url, "trends page")
    assert "from=2021" in page.url and "field=kinh_te" in page.url
    sidebar.get_by_text("English", exact=True).click()
    _wait_for(page, lambda: "lang=en" in page.url, "lang=en in the address")
    page.go_back()
    _wait_for(page, lambda: "lang=en" not in page.url and "/trends" in page.url, "back to Vietnamese")
    _wait_for(page, lambda: "Bộ lọc" in sidebar.inner_text(), "Vietnamese labels after back")
    page.go_back()
    _wait_for(page, lambda: "/map" in page.url, "back to the map")
    page.get_by_text("Bản đồ mô hình, điển hình").first.wait_for(timeout=30_000)
    assert "from=2021" in page.url and "to=2023" in page.url and "field=kinh_te" in page.url
    page.go_forward()
    _wait_for(page, lambda: "/trends" in page.url, "forward to trends")
    _wait_for(page, lambda: "Xu hướng theo năm" in page.locator("h1").first.inner_text(), "trends title")
    assert "Kinh tế" in sidebar.inner_text() and page.outside == []


def test_clicking_a_district_opens_its_profile(server, page):
    page.goto(f"{server}/map?from=2016&to=2024")
    paths = page.locator("path.choroplethlocation")
    paths.first.wait_for(timeout=60_000)
    page.wait_for_timeout(1500)
    # Click the middle of the largest shape (easy to hit whatever the layout).
    boxes = [paths.nth(i).bounding_box() for i in range(paths.count())]
    i = max(range(len(boxes)), key=lambda k: boxes[k]["width"] * boxes[k]["height"])
    target = paths.nth(i)
    target.click(force=True)
    deadline = time.time() + 30  # Streamlit changes pages client-side (history.pushState)
    while "/profile" not in page.url and time.time() < deadline:
        page.wait_for_timeout(200)
    page.get_by_text("Hồ sơ ").first.wait_for(timeout=30_000)
    assert "district=" in page.url and "to=2024" in page.url
    assert page.get_by_text("Page not found").count() == 0


@pytest.mark.parametrize("path", ["", "map", "trends", "rankings", "profile?district=399", "records", "data"])
def test_every_page_loads_without_an_error_box(server, page, path):
    page.goto(f"{server}/{path}")
    page.locator("h1").first.wait_for(timeout=60_000)
    page.wait_for_timeout(2500)
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.get_by_text("Page not found").count() == 0
    assert page.outside == []
