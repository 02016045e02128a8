"""Download buttons under every chart and table, and the one-click periodic report.

Files are made only when a button is clicked: `st.download_button(data=callable)` runs the
callable on a worker thread at click time (no Streamlit calls inside; values are captured now),
and `on_click="ignore"` spares the page a rerun. PNG and SVG come from the server's Chromium
(dvk.render), opened by the first export and stopped when idle: while it is closed, a PNG, SVG or
report click also reruns the page, which says "preparing the image exporter…" while the browser
opens (the file arrives by itself when ready). Without a Chromium, the buttons draw the image in
the reader's browser instead (plotly.js in a hidden frame) and a caption says so. HTML, CSV and XLSX need no browser.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dvk import export, export_charts, export_tables, formats, render
from dvk.filters import Filters
from dvk.i18n import Translator, translator
from dvk.report import build_report
from dvk.ui import data, frame

MIME = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "html": "text/html",
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _stamp(filters: Filters, lang: str) -> export.Stamp:
    version = data.warehouse_version()
    return export.stamp(filters, data.unit_names(version), data.meta(version), lang)


def _name(slug: str, filters: Filters, ext: str, lang: str, extra: str = "") -> str:
    stem = export.slug(slug, lang) if slug in export.SLUGS else slug
    return export.safe_filename(stem, filters, ext, extra=extra)


def chart_downloads(
    fig: go.Figure | Callable[[], go.Figure],
    slug: str,
    title: str,
    filters: Filters,
    lang: str | None = None,
    key: str = "chart",
    table: pd.DataFrame | None = None,
    extra: str = "",
) -> None:
    """PNG (scale 2), SVG and offline HTML buttons for one chart, each stamped with title, filters,
    source and date. `slug` is a key of dvk.export.SLUGS (or a stem); `table` goes into the HTML.
    `fig` may be a function that makes the figure (for a figure not shown on the page: made on a click only)."""
    lang = lang or frame.lang()
    t = translator(lang)
    stamp = _stamp(filters, lang)
    names = {ext: _name(slug, filters, ext, lang, extra) for ext in ("png", "svg", "html")}
    server = render.chromium_available()
    row = st.container(horizontal=True, key=f"{key}_downloads", vertical_alignment="center")
    row.caption(t("Tải xuống") + ":")
    clicked = {}

    def figure() -> go.Figure:
        return fig() if callable(fig) else fig

    def exported():  # built on a click, not on every run
        return export_charts.figure_for_export(figure(), title, stamp)

    on_image = _on_image_click(server)
    for fmt, make in (("png", export_charts.to_png), ("svg", export_charts.to_svg)):
        if server:
            clicked[fmt] = row.download_button(
                fmt.upper(),
                data=lambda make=make: make(exported()),
                file_name=names[fmt],
                mime=MIME[fmt],
                on_click=on_image,
                key=f"{key}_{fmt}",
                icon=":material/image:",
            )
        else:
            clicked[fmt] = row.button(fmt.upper(), key=f"{key}_{fmt}", icon=":material/image:")
    row.download_button(
        "HTML",
        data=lambda: export_charts.to_html(
            figure(), title, stamp, filename=names["png"].rsplit(".", 1)[0], table=table
        ),
        file_name=names["html"],
        mime=MIME["html"],
        on_click="ignore",
        key=f"{key}_html",
        icon=":material/code:",
        help=t("Trang HTML tương tác, mở được khi không có mạng."),
    )
    if server:
        _prepare(any(clicked.values()), t)
    else:
        st.caption(t("Máy chủ không có Chromium: ảnh PNG/SVG được vẽ ngay trong trình duyệt của bạn."))
        for fmt, hit in clicked.items():
            if hit:  # draw and save in the reader's browser, once, on the run the click caused
                stem = names[fmt].rsplit(".", 1)[0]
                st.iframe(export_charts.browser_download_html(exported(), fmt, stem), height=1)


def table_downloads(
    shown: pd.DataFrame,
    all_rows: Callable[[], pd.DataFrame] | None,
    slug: str,
    filters: Filters,
    lang: str | None = None,
    key: str = "table",
    title: str = "",
    extra: str = "",
) -> None:
    """CSV and XLSX of the table as shown and, when `all_rows` is given, of every matching record.

    `all_rows` runs on a worker thread when clicked: it must not call Streamlit (the data layer's
    `all_*` functions return such a function). The tables hold numbers (dvk.formats): the files get
    them as numbers, rounded to the decimals shown, with the matching Excel formats.
    """
    lang = lang or frame.lang()
    t = translator(lang)
    stamp = _stamp(filters, lang)
    rows = stamp.rows()
    row = st.container(horizontal=True, key=f"{key}_downloads", vertical_alignment="center")
    row.caption(t("Tải xuống") + ":")
    sets = [("shown", lambda: formats.rounded(shown), t("đang xem"), t("Đúng các dòng đang hiện trên trang."))]
    if all_rows is not None:
        sets.append(
            (
                "all",
                lambda: formats.rounded(all_rows()),
                t("tất cả bản ghi khớp bộ lọc"),
                t("Mọi bản ghi khớp bộ lọc, không chỉ trang này."),
            )
        )
    for which, get, label, help_text in sets:
        suffix = "" if which == "shown" else t("tat-ca")
        part = "-".join(p for p in (extra, suffix) if p)
        row.download_button(
            f"CSV ({label})",
            data=lambda get=get: export_tables.to_csv_bytes(get()),
            file_name=_name(slug, filters, "csv", lang, part),
            mime=MIME["csv"],
            on_click="ignore",
            key=f"{key}_{which}_csv",
            icon=":material/table:",
            help=help_text + " " + t("CSV UTF-8 có BOM (Excel hiển thị đúng tiếng Việt)."),
        )
        row.download_button(
            f"XLSX ({label})",
            data=lambda get=get: _xlsx(get(), rows, title, lang),
            file_name=_name(slug, filters, "xlsx", lang, part),
            mime=MIME["xlsx"],
            on_click="ignore",
            key=f"{key}_{which}_xlsx",
            icon=":material/grid_on:",
            help=help_text + " " + t("Mở bằng Excel: số giữ là số, có trang Bộ lọc ghi bộ lọc, nguồn và ngày."),
        )


def _on_image_click(server: bool) -> str:
    """A click on an image export reruns the page only while the browser is closed (to say it is preparing)."""
    return "rerun" if server and not render.is_warm() else "ignore"


def _prepare(clicked: bool, t: Translator) -> None:
    """On the run a cold image export caused: open the browser under a "preparing" spinner. The click's own
    render, on Streamlit's worker thread, shares this one start and delivers the file."""
    if not clicked or render.is_warm():
        return
    with st.spinner(t("Đang chuẩn bị trình xuất hình…")):
        try:
            render.warm_up()
        except Exception:  # noqa: BLE001 - the click's own render fails the same way and says so on its button
            pass


def _xlsx(df: pd.DataFrame, rows, title: str, lang: str) -> bytes:
    return export_tables.to_xlsx_bytes(df, rows, title=title, number_formats=formats.excel_formats(df), lang=lang)


def report_download(filters: Filters, lang: str | None = None, key: str = "report") -> None:
    """One button that builds the periodic Word report for the filters when clicked."""
    lang = lang or frame.lang()
    t = translator(lang)
    con, people = data.con(), data.people_shown()  # the report withholds what the reader may not see
    server = render.chromium_available()
    clicked = st.download_button(
        t("Báo cáo định kỳ (.docx)"),
        data=lambda: build_report(con, filters, lang, images=server, people=people),
        file_name=_name("report", filters, "docx", lang),
        mime=MIME["docx"],
        on_click=_on_image_click(server),
        key=key,
        icon=":material/description:",
        help=t(
            "Báo cáo Word cho giai đoạn và bộ lọc đang chọn: số liệu chính, bản đồ, xếp hạng, xu hướng, "
            "điển hình, khen thưởng, nguồn."
        ),
    )
    if server:
        _prepare(clicked, t)
    else:
        st.caption(t("Máy chủ không có Chromium nên báo cáo không có bản đồ và biểu đồ (có ghi chú thay thế)."))
