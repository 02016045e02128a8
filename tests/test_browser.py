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


@pytest.mark.parametrize("query, shapes", [("from=2019&to=2024", 27), ("from=2019&to=2026", 26)])
def test_map_draws_every_district_with_no_outside_request(server, page, query, shapes):
    page.goto(f"{server}/map?{query}")
    paths = page.locator("svg.dvk-map path[data-code]")
    paths.first.wait_for(timeout=60_000)
    assert paths.count() == shapes  # one inline SVG: every unit arrives at once
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.get_by_text("Page not found").count() == 0
    box = page.locator("svg.dvk-map").first.bounding_box()
    assert box["width"] > 300 and box["height"] > 300
    # Hovering a unit shows its label (CSS only), with the same name as the unit's accessible name.
    target = paths.nth(shapes // 2)
    point = _inside(target)
    page.mouse.move(point["x"], point["y"])
    tips = page.locator("svg.dvk-map .tip")
    _wait_for(page, lambda: tips.evaluate_all(_VISIBLE), "a hover label")
    shown = tips.evaluate_all(_VISIBLE)
    name = target.evaluate("p => p.parentElement.getAttribute('aria-label')").split(",")[0]
    assert len(shown) == 1 and shown[0].startswith(name) and "mô hình" in shown[0]
    plotly = "performance.getEntriesByType('resource').filter(r => r.name.includes('/PlotlyChart.')).length"
    assert page.evaluate(plotly) == 0  # plotly.js (4.5 MB) is not fetched for the map
    assert page.outside == []


_INSIDE = """p => {
  const r = p.getBoundingClientRect(), cx = r.x + r.width / 2, cy = r.y + r.height / 2, hits = [];
  for (let i = 1; i < 20; i++) for (let j = 1; j < 20; j++) {
    const x = r.x + r.width * i / 20, y = r.y + r.height * j / 20;
    if (document.elementFromPoint(x, y) === p) hits.push({x, y});
  }
  hits.sort((a, b) => Math.hypot(a.x - cx, a.y - cy) - Math.hypot(b.x - cx, b.y - cy));
  return hits[0];
}"""


def _inside(path) -> dict:
    """A point of the viewport inside this SVG path (its box's middle may fall outside it or on a neighbour)."""
    path.scroll_into_view_if_needed()
    return path.evaluate(_INSIDE)


_VISIBLE = "els => els.filter(e => getComputedStyle(e).visibility === 'visible').map(e => e.textContent)"


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


@pytest.mark.parametrize("start", ["map", ""])  # the Map page and the overview's small map
def test_clicking_a_district_opens_its_profile(server, page, start):
    page.goto(f"{server}/{start}?from=2019&to=2024")
    paths = page.locator("svg.dvk-map path[data-code]")
    paths.first.wait_for(timeout=60_000)
    # Click inside the largest shape.
    boxes = [paths.nth(i).bounding_box() for i in range(paths.count())]
    i = max(range(len(boxes)), key=lambda k: boxes[k]["width"] * boxes[k]["height"])
    code = paths.nth(i).get_attribute("data-code")
    point = _inside(paths.nth(i))
    page.mouse.click(point["x"], point["y"])
    _wait_for(page, lambda: "/profile" in page.url, "the profile's address")
    page.get_by_text("Hồ sơ ").first.wait_for(timeout=30_000)
    assert f"district={code}" in page.url and "to=2024" in page.url
    assert page.locator("h1").first.inner_text().startswith("Hồ sơ")
    assert page.get_by_text("Page not found").count() == 0 and page.outside == []


@pytest.mark.parametrize("path", ["", "map", "trends", "rankings", "profile?district=399", "records", "data"])
def test_every_page_loads_without_an_error_box(server, page, path):
    page.goto(f"{server}/{path}")
    page.locator("h1").first.wait_for(timeout=60_000)
    page.wait_for_timeout(2500)
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.get_by_text("Page not found").count() == 0
    assert page.outside == []


def test_commune_map_draws_166_shapes_offline_and_a_click_opens_the_commune_profile(server, page):
    page.goto(f"{server}/map?from=2020&to=2026&unit=commune")
    paths = page.locator("svg.dvk-map path[data-code]")
    paths.first.wait_for(timeout=60_000)
    assert paths.count() == 166  # every 2025 commune and ward, history included (the period starts in 2020)
    assert page.locator("[data-testid='stException']").count() == 0
    codes = paths.evaluate_all("ps => ps.map(p => p.getAttribute('data-code'))")
    assert len(set(codes)) == 166
    # Click inside the largest shape: the address becomes that commune's profile (/profile?commune=<code>);
    # the profile's content is another part of issue 14, so only the address is checked here.
    boxes = [paths.nth(i).bounding_box() for i in range(paths.count())]
    i = max(range(len(boxes)), key=lambda k: boxes[k]["width"] * boxes[k]["height"])
    code = paths.nth(i).get_attribute("data-code")
    point = _inside(paths.nth(i))
    page.mouse.click(point["x"], point["y"])
    _wait_for(page, lambda: "/profile" in page.url, "the commune profile's address")
    assert f"commune={code}" in page.url and "unit=commune" in page.url and "from=2020" in page.url
    assert "district=" not in page.url
    assert page.outside == []
