"""Exports: words and file names, CSV/XLSX opened and read back, PNG/SVG/HTML opened and checked."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import socketserver
import threading
import xml.etree.ElementTree as ET
from pathlib import Path

import openpyxl
import pandas as pd
import plotly.graph_objects as go
import pytest
from openpyxl.utils.escape import unescape
from PIL import Image

from dvk import export, export_charts, export_tables, formats, geo, queries, render
from dvk.charts import choropleth
from dvk.charts_trends import ranking_bars
from dvk.filters import Filters
from dvk.maps import map_values
from dvk.trends import ranking, ranking_table

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 28)
HOSTILE = ["=1+1", "+84 912", "-2+3", "@SUM(A1:A2)", "\tx", "\rx", '=HYPERLINK("http://x","y")', "=cmd|' /C calc'!A0"]
META = {"synthetic": "true", "last_load": "2026-11-28 17:27:00"}
NAMES = {"395": "Thọ Xuân", "380": "TP Thanh Hóa"}


@pytest.fixture(scope="module")
def chromium():
    """The server-side renderer; skipped without a Chromium, except in CI where it must exist."""
    if not render.chromium_available():
        if os.environ.get("CI"):
            raise RuntimeError("CI needs Debian's chromium for static chart exports (apt-get install chromium)")
        pytest.skip("static chart exports need a Chromium: apt-get install chromium")
    return render.renderer()


def _stamp(filters: Filters, lang: str = "vi") -> export.Stamp:
    return export.stamp(filters, NAMES, META, lang, TODAY)


# ---------------------------------------------------------------- words, stamp, names


def test_filters_in_words_both_languages():
    f = Filters(year_from=2021, year_to=2023, fields=("kinh_te",), districts=("395",))
    vi = dict(export.describe_filters(f, NAMES, "vi"))
    # the unit and the commune filter (issue 14) are listed too: the district unit, every commune
    assert vi == {
        "Giai đoạn (năm công nhận)": "2021–2023",
        "Đơn vị": "Huyện (trước 7/2025)",
        "Lĩnh vực": "Kinh tế",
        "Loại": "Tất cả",
        "Chủ thể": "Tất cả",
        "Cấp công nhận": "Tất cả",
        "Huyện": "Thọ Xuân",
        "Xã, phường": "Tất cả",
    }
    assert export.filters_line(f, NAMES, "vi") == "Giai đoạn 2021–2023; Lĩnh vực: Kinh tế; Huyện: Thọ Xuân"
    assert export.filters_line(Filters(year_from=2023, year_to=2023), NAMES, "en") == "2023; no other filter"
    assert export.filters_line(Filters(year_from=2023, year_to=2023), NAMES, "vi") == "Năm 2023; không lọc thêm"
    assert dict(export.describe_filters(f, NAMES, "en"))["Kind"] == "All"


def test_scope_says_the_unit_and_the_chosen_communes():
    names = NAMES | {"14797": "Hạc Thành", "15991": "Hoằng Tiến"}
    f = Filters(year_from=2025, year_to=2025, unit="commune", communes=("14797", "15991"))
    assert export.filters_line(f, names, "vi") == (
        "Năm 2025; Đơn vị: Xã, phường (từ 7/2025); Xã, phường: Hạc Thành, Hoằng Tiến"
    )
    assert export.filters_line(f, names, "en") == (
        "2025; Unit: Commune or ward (from 7/2025); Communes and wards: Hạc Thành, Hoằng Tiến"
    )
    rows = dict(export.describe_filters(f, names, "en"))
    assert rows["Unit"] == "Commune or ward (from 7/2025)" and rows["Communes and wards"] == "Hạc Thành, Hoằng Tiến"
    # in the district unit the communes still narrow the records, and the line says so
    line = export.filters_line(Filters(year_from=2025, year_to=2025, communes=("14797",)), names, "vi")
    assert line == "Năm 2025; Xã, phường: Hạc Thành"


def test_stamp_names_the_warehouse_communes(fixture_con):
    names = export.unit_names(fixture_con)
    assert names["14797"] == "Hạc Thành" and names["395"] == "Thọ Xuân"
    s = export.stamp(Filters(communes=("14797",)), names, export.warehouse_meta(fixture_con), "vi", TODAY)
    assert s.lines()[0].endswith("Xã, phường: Hạc Thành")


def test_stamp_marks_a_partial_year_and_gives_load_times_in_province_time():
    meta = {"synthetic": "false", "last_load": "2026-11-30T05:10:00+00:00", "data_through": "2026-11-30"}
    one = export.stamp(Filters(year_from=2026, year_to=2026), NAMES, meta, "vi", TODAY)
    assert one.lines()[0] == "Bộ lọc: Năm 2026 (số liệu đến 30/11/2026); không lọc thêm"
    assert dict(one.rows())["Giai đoạn (năm công nhận)"] == "2026 (số liệu đến 30/11/2026)"
    # 05:10 UTC is 12:10 in Thanh Hóa
    assert one.source == "Kho dữ liệu Dân vận khéo, lần nạp 30/11/2026 12:10, số liệu đến 30/11/2026"
    wide = export.stamp(Filters(year_from=2021, year_to=2026), NAMES, meta, "en", TODAY)
    assert wide.lines()[0] == "Filters: 2021–2026 (2026: data to 30 Nov 2026); no other filter"
    assert dict(wide.rows())["Period (year recognised)"] == "2021–2026 (2026: data to 30 Nov 2026)"
    done = export.stamp(Filters(year_from=2021, year_to=2025), NAMES, meta, "vi", TODAY)
    assert done.lines()[0] == "Bộ lọc: Giai đoạn 2021–2025; không lọc thêm"  # complete years: no marker


def test_stamp_names_source_synthetic_data_and_date():
    s = _stamp(Filters(year_from=2021, year_to=2023))
    assert s.lines() == [
        "Bộ lọc: Giai đoạn 2021–2023; không lọc thêm",
        "Nguồn: Kho dữ liệu Dân vận khéo, lần nạp 28/11/2026 17:27 — DỮ LIỆU MẪU TỔNG HỢP, không phải số liệu thật",
        "Ngày xuất: 28/11/2026",
    ]
    real = export.stamp(Filters(), NAMES, {"synthetic": "false", "last_load": "2026-01-02 08:00:00"}, "en", TODAY)
    assert real.source == "Dân vận khéo warehouse, loaded 2026-01-02 08:00" and not real.synthetic
    assert real.rows()[-1] == ("Exported", "2026-11-28")


def test_stamp_from_the_fixture_warehouse(fixture_con):
    meta = export.warehouse_meta(fixture_con)
    s = export.stamp(Filters(), export.district_names(fixture_con), meta, "vi", TODAY)
    assert "DỮ LIỆU MẪU TỔNG HỢP" in s.source and meta["last_load"][:4] in s.source


WINDOWS_BAD = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


def _windows_safe(name: str) -> bool:
    stem = name.split(".")[0].lower()
    return (
        name.isascii()
        and not WINDOWS_BAD.search(name)
        and not name.endswith((".", " "))
        and stem not in RESERVED
        and len(name) <= export.MAX_NAME
        and re.fullmatch(r"[a-z0-9][a-z0-9_-]*\.[a-z0-9]+", name) is not None
    )


def test_the_issue_example_file_name():
    f = Filters(year_from=2021, year_to=2023)
    assert export.safe_filename(export.slug("rankings"), f, "xlsx", TODAY) == "xep-hang-huyen_2021-2023_2026-11-28.xlsx"
    assert export.safe_filename("Báo cáo Đông Sơn", Filters(2023, 2023), "docx", TODAY) == (
        "bao-cao-dong-son_2023_2026-11-28.docx"
    )


def test_file_names_for_every_page_are_windows_safe():
    pages = re.findall(r'url_path="([a-z]+)"', (ROOT / "app.py").read_text(encoding="utf-8")) + ["overview"]
    assert len(pages) >= 7
    for page in pages:
        assert page in export.SLUGS, f"no export name for page {page}"
    f = Filters(year_from=2016, year_to=2026, districts=("395",))
    for key in export.SLUGS:
        for lang in ("vi", "en"):
            for ext in ("png", "svg", "html", "csv", "xlsx", "docx"):
                name = export.safe_filename(export.slug(key, lang), f, ext, TODAY, extra="Thọ Xuân")
                assert _windows_safe(name), name


@pytest.mark.parametrize(
    "stem", ['a<b>c:d"e/f\\g|h?i*j', "CON", "nul", "\x00\x1f tab\tname", "Đ" * 400, "", "...", " ", "lpt1"]
)
def test_hostile_names_become_safe(stem):
    name = export.safe_filename(stem, Filters(year_from=2020, year_to=2021), ".XLSX", TODAY)
    assert _windows_safe(name), name
    assert name.endswith("_2020-2021_2026-11-28.xlsx")


# ---------------------------------------------------------------- tables


def _hostile_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Năm công nhận": [2021] * len(HOSTILE),
            "Tên mô hình": HOSTILE,
            "Kinh phí (triệu đồng)": [-5.5] + [1234.5] * (len(HOSTILE) - 1),
            "Hộ hưởng lợi": pd.array([12345] + [None] * (len(HOSTILE) - 1), dtype="Int64"),
        }
    )


def test_neutralise_text_but_not_numbers():
    for value in HOSTILE:
        assert export_tables.neutralise(value) == "'" + value
    for value in ("Đông Sơn", "1.234", "", "–5", " =x"):
        assert export_tables.neutralise(value) == value
    for value in (-5, -5.5, 0, 1e9):
        assert export_tables.neutralise(value) == value
    out = export_tables.neutralise_frame(_hostile_frame())
    assert out["Kinh phí (triệu đồng)"].tolist()[0] == -5.5
    assert all(v.startswith("'") for v in out["Tên mô hình"])


def test_csv_has_a_bom_round_trips_vietnamese_and_runs_no_formula():
    df = pd.DataFrame({"Huyện": ["Thọ Xuân", "TP Thanh Hóa", "Đông Sơn"], "Số mô hình": [3, 2, 1]})
    raw = export_tables.to_csv_bytes(pd.concat([df, _hostile_frame()], ignore_index=True))
    assert raw.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in raw
    back = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert back["Huyện"].tolist()[:3] == ["Thọ Xuân", "TP Thanh Hóa", "Đông Sơn"]
    names = back["Tên mô hình"].tolist()[3:]
    assert names == ["'" + v for v in HOSTILE]
    assert back["Kinh phí (triệu đồng)"].tolist()[3] == "-5.5"  # a negative number stays a number
    for cell in back.to_numpy().ravel():
        assert not cell.startswith(export_tables.HOSTILE_START) or re.fullmatch(r"-\d+(\.\d+)?", cell)


def _workbook(df: pd.DataFrame, **kw) -> openpyxl.Workbook:
    s = _stamp(Filters(year_from=2021, year_to=2023, fields=("kinh_te",)))
    return openpyxl.load_workbook(io.BytesIO(export_tables.to_xlsx_bytes(df, s.rows(), title="Xếp hạng", **kw)))


def test_xlsx_values_header_formats_and_filters_sheet():
    wb = _workbook(_hostile_frame())
    data, meta = wb.worksheets
    assert wb.sheetnames == ["Dữ liệu", "Bộ lọc"]
    assert [c.value for c in data[1]] == list(_hostile_frame().columns)
    assert all(c.font.b for c in data[1])
    assert data.freeze_panes == "A2"
    assert data.auto_filter.ref is not None
    year, name, money, households = (data.cell(row=2, column=i) for i in range(1, 5))
    assert (year.value, year.data_type, year.number_format) == (2021, "n", "0")
    assert (money.value, money.data_type, money.number_format) == (-5.5, "n", "#,##0.0")
    assert (households.value, households.number_format) == (12345, "#,##0")
    assert data.cell(row=3, column=4).value is None
    assert data.column_dimensions["B"].width > 10
    rows = {r[0].value: r[1].value for r in meta.iter_rows()}
    assert rows["Nội dung"] == "Xếp hạng"
    assert rows["Lĩnh vực"] == "Kinh tế" and rows["Giai đoạn (năm công nhận)"] == "2021–2023"
    assert "DỮ LIỆU MẪU TỔNG HỢP" in rows["Nguồn"] and rows["Ngày xuất"] == "28/11/2026"
    assert rows["Số dòng"] == len(HOSTILE)


def test_xlsx_never_holds_a_formula_and_marks_hostile_text_as_text():
    wb = _workbook(_hostile_frame())
    data = wb.worksheets[0]
    cells = [c for row in data.iter_rows() for c in row]
    assert not any(c.data_type == "f" for c in cells)
    for i, value in enumerate(HOSTILE, start=2):
        cell = data.cell(row=i, column=2)
        # OOXML writes a carriage return as _x000D_ (Excel reads it back as one); openpyxl leaves it escaped
        assert unescape(cell.value) == value and cell.data_type == "s" and cell.quotePrefix
    assert not data.cell(row=1, column=1).quotePrefix
    wb_raw = export_tables.to_xlsx_bytes(_hostile_frame())
    with __import__("zipfile").ZipFile(io.BytesIO(wb_raw)) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "<f " not in sheet


def test_tables_as_shown_keep_their_numbers(fixture_con):
    f = Filters(year_from=2016, year_to=2024)
    ranked, _ = ranking(fixture_con, f, "n", "raw")
    shown = ranking_table(ranked, "Mô hình, điển hình", 0, "vi")
    counts = [
        n
        for (n,) in fixture_con.execute(
            "SELECT count(m.model_id) FROM districts d LEFT JOIN models m ON m.district_code = d.code "
            "AND m.year_recognized <= 2024 GROUP BY d.code ORDER BY 1 DESC"
        ).fetchall()
    ]
    assert shown["Mô hình, điển hình"].tolist() == counts  # numbers, not text
    assert shown["So với kỳ trước"].tolist() == ["–"] * len(counts)  # 2007–2015 holds no data
    body = export_tables.to_xlsx_bytes(shown, number_formats=formats.excel_formats(shown))
    cells = openpyxl.load_workbook(io.BytesIO(body)).worksheets[0]["C"][1:]
    assert [c.value for c in cells] == counts and {c.number_format for c in cells} == {"#,##0"}
    money = formats.with_decimals(pd.DataFrame({"Năm": [2023, 2024], "v": [1234.5, None]}), {"v": 1})
    assert formats.as_text(money, "vi").values.tolist() == [["2023", "1.234,5"], ["2024", "–"]]
    assert formats.as_text(money, "en")["v"].tolist() == ["1,234.5", "–"]
    assert formats.excel_formats(money) == {"Năm": "0", "v": "#,##0.0"}
    assert formats.rounded(formats.with_decimals(pd.DataFrame({"v": [1 / 3]}), {"v": 2}))["v"].tolist() == [0.33]


# ---------------------------------------------------------------- charts


def _map_figure(con, f: Filters) -> tuple[go.Figure, pd.DataFrame]:
    df, measure = map_values(queries.district_totals(con, f), "n")
    boundaries = queries.boundaries(con, level="district", vintage=geo.district_vintage(f.year_to))
    return choropleth(df, geo.to_geojson(boundaries), measure, "", "vi"), df


def test_export_figure_carries_title_and_stamp():
    fig = go.Figure(go.Bar(x=[1, 2], y=["a", "b"]))
    s = _stamp(Filters(year_from=2021, year_to=2023))
    out = export_charts.figure_for_export(fig, "Xếp hạng <huyện>", s)
    assert out.layout.title.text == "<b>Xếp hạng &lt;huyện&gt;</b>"
    sub = out.layout.title.subtitle.text
    assert "Giai đoạn 2021–2023" in sub and "DỮ LIỆU MẪU TỔNG HỢP" in sub and "28/11/2026" in sub
    assert out.layout.width == export_charts.EXPORT_WIDTH and fig.layout.title.text is None  # the original is untouched


def test_png_and_svg_of_the_map_and_a_bar_chart(chromium, fixture_con):
    f = Filters(year_from=2016, year_to=2024)
    s = _stamp(f)
    ranked, _ = ranking(fixture_con, f, "n", "raw")
    for fig, title in ((_map_figure(fixture_con, f)[0], "Bản đồ"), (ranking_bars(ranked, "Mô hình", 0), "Xếp hạng")):
        exported = export_charts.figure_for_export(fig, title, s)
        png = export_charts.to_png(exported)
        image = Image.open(io.BytesIO(png))
        assert image.format == "PNG"
        assert image.size == (exported.layout.width * 2, exported.layout.height * 2)
        assert len(image.convert("RGB").resize((50, 50)).getcolors(2500)) > 5  # something was drawn
        svg = export_charts.to_svg(exported)
        root = ET.fromstring(svg)
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        assert title in svg.decode() and "DỮ LIỆU MẪU TỔNG HỢP" in svg.decode()
    assert svg.decode().count("choroplethlocation") == 0  # the last one is the bar chart
    map_svg = export_charts.to_svg(export_charts.figure_for_export(_map_figure(fixture_con, f)[0], "Bản đồ", s))
    assert map_svg.decode().count('class="choroplethlocation"') == 27


def test_the_renderer_stays_warm(chromium):
    fig = export_charts.figure_for_export(go.Figure(go.Bar(x=[1], y=[2])), "x", _stamp(Filters()))
    export_charts.to_png(fig)
    pid = chromium._kaleido.subprocess.pid
    export_charts.to_png(fig)
    assert chromium.running and chromium._kaleido.subprocess.pid == pid


def test_static_renders_ask_nothing_of_the_internet(chromium, fixture_con):
    """A renderer behind a recording proxy draws the map; nothing asks for MathJax, plotly.js or topojson."""
    seen: list[bytes] = []

    class Record(socketserver.BaseRequestHandler):
        def handle(self):
            seen.append(self.request.recv(300))

    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Record)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    r = render.Renderer(proxy_server=f"http://127.0.0.1:{server.server_address[1]}", timeout=30)
    try:
        fig, _ = _map_figure(fixture_con, Filters(year_from=2016, year_to=2024))
        png = r.render(fig, "png", width=700, height=500)
        assert Image.open(io.BytesIO(png)).size == (700, 500)
    finally:
        r.close()
        server.shutdown()
    asked = b" ".join(seen).lower()
    for host in (b"plot.ly", b"mathjax", b"cdnjs", b"jsdelivr", b"unpkg", b"topojson"):
        assert host not in asked


def test_html_is_self_contained_and_holds_the_data(fixture_con):
    f = Filters(year_from=2016, year_to=2024)
    fig, df = _map_figure(fixture_con, f)
    table = df[["name", "value"]]
    page = export_charts.to_html(fig, "Bản đồ mô hình", _stamp(f), filename="ban-do", table=table).decode()
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page
    assert not re.search(r"<script[^>]+src=|<link[^>]+href=|<img[^>]+src=", page)  # plotly.js inline, no MathJax
    assert "PlotlyGeoAssets" in page and "world_110m" in page
    assert "Bản đồ mô hình" in page and "DỮ LIỆU MẪU TỔNG HỢP" in page and "Giai đoạn 2016–2024" in page
    for name, value in table.dropna().itertuples(index=False):  # counts below 1,000: the same in both formats
        assert f"<td>{name}</td>" in page and f"<td>{int(value)}</td>" in page
    assert '"scale": 2' in page or '"scale":2' in page


def test_html_map_draws_offline_in_a_browser(chromium, fixture_con, tmp_path):
    from playwright.sync_api import sync_playwright

    f = Filters(year_from=2016, year_to=2024)
    fig, _ = _map_figure(fixture_con, f)
    path = tmp_path / "ban-do.html"
    path.write_bytes(export_charts.to_html(fig, "Bản đồ", _stamp(f)))
    outside: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=render.chromium_path(), args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page()

            def gate(route):
                if route.request.url.startswith("file:"):
                    route.continue_()
                else:
                    outside.append(route.request.url)
                    route.abort()

            page.route("**/*", gate)
            page.goto(path.as_uri())
            shapes = page.locator("path.choroplethlocation")
            shapes.first.wait_for(timeout=30_000)
            assert shapes.count() == 27
        finally:
            browser.close()
    assert outside == []


def test_xlsx_beyond_excel_rows_says_so(monkeypatch):
    monkeypatch.setattr(export_tables, "EXCEL_MAX_ROWS", 3)
    wb = openpyxl.load_workbook(io.BytesIO(export_tables.to_xlsx_bytes(pd.DataFrame({"a": range(5)}))))
    assert wb.worksheets[0].max_row == 1 + 3
    notes = [r[1].value for r in wb.worksheets[1].iter_rows()]
    assert 5 in notes and any("tải CSV" in str(n) for n in notes)
