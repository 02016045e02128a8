"""The periodic report (Official Dispatch 1470-CV/TU) as a Word file, from a connection and filters.

    python -m dvk.report --from 2023 --to 2023 --out bao-cao.docx [--db PATH] [--lang vi|en]
                         [--field kinh_te,...] [--kind ...] [--sector ...] [--level ...] [--districts 380,395]
                         [--communes 14797,...] [--unit commune]

In Vietnamese the file is a Party document after Hướng dẫn 36-HD/VPTW (2018) of the Party Central
Office: the issuing body (config/report.toml) and "ĐẢNG CỘNG SẢN VIỆT NAM" at the top, the number
line left blank, the place and date, "BÁO CÁO" and its subject, numbered sections, "Nơi nhận" and
the signature block; dvk.report_docx cites the guideline's published text for every rule. In
English the same sections under a plain title.

Sections: the scope and how complete the period's reports are (dvk.completeness: units sent, late,
not sent, listed), then headline figures with their change against the previous period of equal length, the district
map and ranking (with --unit commune: the commune map and the communes' top and bottom ten), the yearly trend, the typical examples and commendations recognised
at the highest levels, and a sources line (with the synthetic-data warning when it applies).
The app's download button calls `build_report`; the command line writes the same bytes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from dvk import (
    clock,
    commune_rank,
    completeness,
    export,
    geo,
    l10n,
    periods,
    privacy,
    queries,
    report_config,
    report_docx,
    reporting,
    reporting_status,
)
from dvk.charts import choropleth
from dvk.charts_trends import trend_figure
from dvk.config import db_path
from dvk.db import connect
from dvk.export_charts import EXPORT_WIDTH, to_png
from dvk.filters import Filters, from_query
from dvk.formats import as_text
from dvk.i18n import translator
from dvk.labels import label
from dvk.maps import map_values
from dvk.metrics import MEASURES, Measure
from dvk.render import chromium_available
from dvk.trends import ranking, ranking_table, trend, trend_window

EXAMPLES_LIMIT = 30
COMMENDATIONS_LIMIT = 100
COMMUNES_SHOWN = 10  # the communes' top and bottom ten in a report per commune
HEADLINE = ("n", "n_examples", "commendations", "funds_million_vnd", "land_m2", "workdays")
LEVEL_ORDER = ("trung_uong", "tinh", "huyen", "xa")


@dataclass(frozen=True)
class ReportData:
    """Everything the report shows, read from the warehouse for one set of filters."""

    filters: Filters
    lang: str
    stamp: export.Stamp
    head: periods.Headline  # the headline figures and their changes, compared only where fair
    ranked: pd.DataFrame
    rank_status: str  # how the ranking's rank change compares (a dvk.periods status)
    map_values: pd.DataFrame
    map_measure: Measure
    geojson: dict
    boundary_source: str
    trend_filters: Filters
    trend: pd.DataFrame
    examples: pd.DataFrame
    commendation_counts: pd.DataFrame
    commendations: pd.DataFrame
    today: dt.date  # the day the report is made (its place-and-date line)
    layout: report_config.ReportConfig  # issuing body, signer, recipients, margins (config/report.toml)
    completeness: list[completeness.YearCompleteness]  # each year of the period in the reporting cycle
    trend_completeness: list[completeness.YearCompleteness]  # the same for the trend's years
    cycle_from: int | None  # the reporting cycle's first year (None without config/reporting.toml)


def _commendation_params(filters: Filters) -> dict:
    return filters.commendation_params()


def report_examples(con: duckdb.DuckDBPyConnection, filters: Filters, limit: int = EXAMPLES_LIMIT) -> pd.DataFrame:
    """Typical examples for the report, highest recognition level first; `total` counts all of them."""
    return queries.run(con, "report_examples", **filters.params(), limit=int(limit))


def report_commendations(
    con: duckdb.DuckDBPyConnection, filters: Filters, limit: int = COMMENDATIONS_LIMIT
) -> pd.DataFrame:
    """Commendations at provincial level or above, highest first; `total` counts all of them."""
    return queries.run(con, "report_commendations", **_commendation_params(filters), limit=int(limit))


def commendation_counts(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Commendations for the filters counted by level and form."""
    return queries.run(con, "commendation_counts", **_commendation_params(filters))


def gather(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    lang: str = "vi",
    today: dt.date | None = None,
    *,
    people: bool = True,
) -> ReportData:
    """Read the report's figures from the warehouse; without `people` (a reader who may not see
    individuals' personal data, dvk.privacy) their names are withheld."""
    names = export.unit_names(con)
    meta = export.warehouse_meta(con)
    head = periods.headline(con, filters)
    if filters.unit == "commune":
        ranked, rank_status = commune_rank.ranking(con, filters, "n")
        ranked = commune_rank.with_names(ranked, lang)
        boundaries = queries.boundaries(con, level="commune", vintage=geo.COMMUNE_VINTAGE)
        values, measure = map_values(queries.commune_totals(con, filters), "n")
    else:
        ranked, rank_status = ranking(con, filters, "n", "raw")
        boundaries = queries.boundaries(con, level="district", vintage=geo.district_vintage(filters.year_to))
        values, measure = map_values(queries.district_totals(con, filters), "n")
    window = trend_window(filters, head.comparison.coverage.first_year)
    day = today or clock.today()
    try:
        cycle = reporting.load_config()
    except reporting.ReportingConfigError:
        cycle = None  # a broken reporting file costs the completeness section, not the report
    return ReportData(
        filters=filters,
        lang=lang,
        stamp=export.stamp(filters, names, meta, lang, today),
        head=head,
        ranked=ranked,
        rank_status=rank_status,
        map_values=values,
        map_measure=measure,
        geojson=geo.to_geojson(boundaries),
        boundary_source=geo.describe_source(boundaries, lang),
        trend_filters=window,
        trend=trend(con, window, "n"),
        examples=privacy.protect(report_examples(con, filters), lang, people),
        commendation_counts=commendation_counts(con, filters),
        commendations=privacy.protect(report_commendations(con, filters), lang, people),
        today=day,
        layout=report_config.load(),
        completeness=completeness.for_filters(con, cycle, filters, day),
        trend_completeness=completeness.for_filters(con, cycle, window, day),
        cycle_from=cycle.first_year if cycle else None,
    )


def headline_table(head: periods.Headline, lang: str = "vi") -> pd.DataFrame:
    """Measure, this period, the previous one, change and change in percent (text as printed).

    Where the comparison is not fair (dvk.periods) the change is '–' (the report says why); the
    previous figure is '–' too when the data does not cover that period, and for commendations
    compared over the same months it is the same-months figure."""
    t = translator(lang)
    cmp = head.comparison
    rows = []
    for key in HEADLINE:
        m = MEASURES.get(key)
        name = t("Trong đó điển hình") if key == "n_examples" else m.label(lang)
        unit_word = "" if m is None else m.unit(lang)
        unit = "" if key in ("n", "commendations") or unit_word.lower() in name.lower() else f" ({unit_word})"
        c = head.changes[key]
        if c.before is not None:
            before = l10n.number(c.before, 0, lang)
        elif c.status == periods.YTD:
            before = l10n.number(float(head.before[key] or 0), 0, lang)
        else:
            before = "–"
        delta = "–" if c.delta is None else l10n.signed(c.delta, 0, lang)
        pct = "–" if c.pct is None else l10n.percent(c.pct, 1, lang, sign=True)
        rows.append((name + unit, l10n.number(c.now, 0, lang), before, delta, pct))
    cols = (t("Chỉ số"), periods.span(cmp.current), periods.span(cmp.previous), t("Thay đổi"), "%")
    return pd.DataFrame(rows, columns=list(cols))


def examples_table(df: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """The report's typical examples as printed."""
    t = translator(lang)
    cols = (t("TT"), t("Tên điển hình"), t("Loại"), t("Huyện"), t("Lĩnh vực"), t("Năm"), t("Cấp công nhận"))
    return pd.DataFrame(
        {
            cols[0]: range(1, len(df) + 1),
            cols[1]: df["name"].to_numpy(),
            cols[2]: [label("kind", c, lang) for c in df["kind"]],
            cols[3]: df["district"].to_numpy(),
            cols[4]: [label("field", c, lang) for c in df["field"]],
            cols[5]: df["year"].astype(str).to_numpy(),
            cols[6]: [label("level", c, lang) for c in df["level"]],
        }
    )


def commendations_table(df: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """The report's commendations as printed."""
    t = translator(lang)
    cols = (
        t("TT"),
        t("Năm"),
        t("Hình thức"),
        t("Cấp khen"),
        t("Người/tập thể được khen"),
        t("Huyện"),
        t("Số quyết định"),
    )
    return pd.DataFrame(
        {
            cols[0]: range(1, len(df) + 1),
            cols[1]: df["year"].astype(str).to_numpy(),
            cols[2]: [label("form", c, lang) for c in df["form"]],
            cols[3]: [label("issuer", c, lang) for c in df["issuer"]],
            cols[4]: df["recipient_name"].to_numpy(),
            cols[5]: df["district"].to_numpy(),
            cols[6]: df["decision_no"].fillna("").to_numpy(),
        }
    )


def counts_table(counts: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """Commendations by level (rows, highest first) and form (columns), with totals."""
    t = translator(lang)
    forms = [f for f in ("bang_khen", "giay_khen", "thu_khen", "ky_niem_chuong") if f in set(counts["form"])]
    forms += sorted(set(counts["form"]) - set(forms))
    levels = [lv for lv in LEVEL_ORDER if lv in set(counts["level"])]
    grid = counts.pivot_table(index="level", columns="form", values="n", aggfunc="sum", fill_value=0)
    grid = grid.reindex(index=levels, columns=forms, fill_value=0)
    out = pd.DataFrame({t("Cấp"): [label("level", lv, lang) for lv in levels]})
    for f in forms:
        out[label("form", f, lang)] = [l10n.number(v, 0, lang) for v in grid[f]]
    out[t("Tổng")] = [l10n.number(v, 0, lang) for v in grid.sum(axis=1)]
    return out


def _picture(doc, fig, caption: str, images: bool, lang: str) -> None:
    """The figure as a PNG with its caption, or a note saying why there is none."""
    t = translator(lang)
    why = None if images and chromium_available() else t("máy chủ không có trình duyệt Chromium")
    if why is None:
        try:
            fig.update_layout(width=EXPORT_WIDTH, paper_bgcolor="white")
            report_docx.image(doc, to_png(fig), caption)
            return
        except Exception as e:  # noqa: BLE001 - a failed picture must not cost the whole report
            why = str(e).splitlines()[0][:200] if str(e) else type(e).__name__
    report_docx.paragraph(
        doc,
        t("(Không vẽ được hình: {why}. Xem hình này trên ứng dụng.)", why=why),
        italic=True,
        colour=report_docx.GREY,
    )
    report_docx.paragraph(doc, caption, italic=True, size=12)


def _commune_ranking(doc, ranked: pd.DataFrame, lang: str) -> None:
    """The communes' top and bottom ten with their rank change, and how many have any record."""
    t = translator(lang)
    k = commune_rank.with_records(ranked)
    report_docx.paragraph(
        doc,
        t.n(
            "{k}/{n} xã, phường có bản ghi (mô hình hoặc khen thưởng) trong giai đoạn báo cáo.",
            "{k}/{n} xã, phường có bản ghi (mô hình hoặc khen thưởng) trong giai đoạn báo cáo.",
            k,
            k=l10n.number(k, 0, lang),
            n=l10n.number(len(ranked), 0, lang),
        ),
    )
    top, bottom = commune_rank.top_bottom(ranked, COMMUNES_SHOWN)
    for title, rows in ((t("Dẫn đầu"), top), (t("Cuối bảng"), bottom)):
        if rows.empty:
            continue
        report_docx.paragraph(doc, title, bold=True)
        shown = as_text(commune_rank.ranking_table(rows, MEASURES["n"].label(lang), 0, lang), lang)
        report_docx.table(doc, shown, right=shown.columns[[0, 2]], widths_cm=(1.6, 7, 3.8, 3.6))


def _place_date(cfg: report_config.ReportConfig, today: dt.date) -> str:
    """'Thanh Hóa, ngày     tháng     năm 2026' (blank to fill when signed) or the day written out; the
    day with two digits and January and February with a leading zero, as the guideline's examples."""
    if cfg.date == "today":
        month = f"{today.month:02d}" if today.month <= 2 else str(today.month)
        return f"{cfg.place}, ngày {today.day:02d} tháng {month} năm {today.year}"
    return f"{cfg.place}, ngày      tháng      năm {today.year}"


def _completeness_section(doc, data: ReportData) -> None:
    """Who has sent the period's reports: counts per kind of unit, the units not sent and the late ones."""
    lang = data.lang
    t = translator(lang)
    if not data.completeness:
        if data.cycle_from is None:
            report_docx.paragraph(doc, t("Chưa có cấu hình kỳ báo cáo (config/reporting.toml): không đối chiếu được."))
        else:
            report_docx.paragraph(
                doc,
                t(
                    "Giai đoạn này trước khi theo dõi kỳ báo cáo theo đơn vị (từ năm {year}): "
                    "không đối chiếu được số đơn vị đã gửi.",
                    year=data.cycle_from,
                ),
            )
        return
    for c in data.completeness:
        kind_name = c.period.kind.label(lang)
        due = l10n.date(c.period.due, lang)
        report_docx.paragraph(
            doc,
            t("{kind} {year} (kỳ {code}, hạn nộp {due})", kind=kind_name, year=c.year, code=c.period.code, due=due),
            bold=True,
        )
        if not c.attributed:
            report_docx.paragraph(
                doc,
                t.n(
                    "Chưa có số liệu theo đơn vị báo cáo: chưa file nào đã nạp ghi kỳ này cùng đơn vị gửi, nên chưa "
                    "đếm được đơn vị đã gửi ({n} đơn vị phải báo cáo).",
                    "Chưa có số liệu theo đơn vị báo cáo: chưa file nào đã nạp ghi kỳ này cùng đơn vị gửi, nên chưa "
                    "đếm được đơn vị đã gửi ({n} đơn vị phải báo cáo).",
                    c.expected,
                    n=l10n.number(c.expected, 0, lang),
                ),
            )
            continue
        num = lambda v: l10n.number(v, 0, lang)  # noqa: E731
        line = t.n(
            "Số liệu của {sent}/{expected} đơn vị; {late} gửi muộn; {missing} chưa gửi.",
            "Số liệu của {sent}/{expected} đơn vị; {late} gửi muộn; {missing} chưa gửi.",
            c.expected,
            sent=num(c.sent),
            expected=num(c.expected),
            late=num(c.late),
            missing=num(c.missing),
        )
        if c.waiting:
            line += " " + t("{n} đơn vị chưa gửi nhưng chưa đến hạn.", n=num(c.waiting))
        report_docx.paragraph(doc, line)
        for kind, expected, sent, late, not_sent in completeness.kind_counts(c):
            report_docx.paragraph(
                doc,
                "- "
                + t(
                    "{sent}/{total} {kind} đã gửi; {late} gửi muộn; {missing} chưa gửi",
                    sent=num(sent),
                    total=num(expected),
                    kind=reporting_status.kind_label(t, kind),
                    late=num(late),
                    missing=num(not_sent),
                ),
            )
        missing = completeness.not_sent(c)
        if len(missing):
            report_docx.paragraph(doc, t("Các đơn vị chưa gửi ({n}):", n=num(len(missing))), italic=True)
            shown = pd.DataFrame(
                {
                    t("Mã"): missing["code"].to_numpy(),
                    t("Đơn vị"): missing["name"].to_numpy(),
                    t("Loại đơn vị"): [reporting_status.kind_label(t, k) for k in missing["kind"]],
                }
            )
            report_docx.table(doc, shown, widths_cm=(2.2, 8.8, 5))
        late_units = completeness.late(c)
        if len(late_units):
            report_docx.paragraph(doc, t("Các đơn vị gửi muộn ({n}):", n=num(len(late_units))), italic=True)
            shown = pd.DataFrame(
                {
                    t("Mã"): late_units["code"].to_numpy(),
                    t("Đơn vị"): late_units["name"].to_numpy(),
                    t("Ngày nhận"): [l10n.date(r, lang) for r in late_units["received_on"]],
                    t("Số ngày muộn"): [num(d) for d in late_units["days_late"]],
                }
            )
            report_docx.table(doc, shown, right=shown.columns[[3]], widths_cm=(2.2, 7.8, 3, 3))


def write_docx(data: ReportData, images: bool = True) -> bytes:
    """The report as .docx bytes: in Vietnamese, a Party document (Hướng dẫn 36-HD/VPTW, see
    dvk.report_docx) with its header blocks, title, numbered sections, "Nơi nhận" and signature."""
    lang, f = data.lang, data.filters
    t = translator(lang)
    cfg = data.layout
    cmp = data.head.comparison
    through = cmp.coverage.through
    prev = periods.name(cmp.previous, lang, lower=True)
    partial = periods.partial_note(f, through, lang)
    single = f.year_from == f.year_to
    marker = completeness.marker(data.completeness, lang, single=single)
    doc = report_docx.new_document(t("Báo cáo phong trào thi đua “Dân vận khéo”"), lang, cfg.margins_mm)
    period = periods.with_partial(periods.name(f, lang, lower=True), f, through, lang)
    if lang == "vi":
        report_docx.party_header(
            doc,
            cfg.superior.upper(),
            cfg.issuer.upper(),
            f"Số{' ' * 8}-BC/{cfg.symbol}",
            "ĐẢNG CỘNG SẢN VIỆT NAM",
            _place_date(cfg, data.today),
        )
        report_docx.party_title(
            doc, "BÁO CÁO", t("kết quả phong trào thi đua “Dân vận khéo” {p}", p=periods.name(f, lang, lower=True))
        )
    else:
        doc.add_heading(t("Báo cáo phong trào thi đua “Dân vận khéo”"), level=0)
    line = t("Tỉnh Thanh Hóa — {p}", p=period)
    report_docx.paragraph(doc, f"{line} ({marker})" if marker else line, bold=True)
    if data.stamp.synthetic:
        report_docx.paragraph(
            doc,
            t("DỮ LIỆU MẪU TỔNG HỢP — các con số do máy tạo ra để minh họa, không phải số liệu thật của các đơn vị."),
            bold=True,
            colour=report_docx.WARNING_RED,
        )

    doc.add_heading(t("I. PHẠM VI VÀ TÌNH HÌNH GỬI BÁO CÁO"), level=1)
    doc.add_heading(t("1. Phạm vi báo cáo"), level=2)
    report_docx.table(
        doc, pd.DataFrame(list(data.stamp.filters), columns=[t.p("cột", "Bộ lọc"), t("Lựa chọn")]), widths_cm=(6, 10)
    )
    doc.add_heading(t("2. Tình hình gửi báo cáo của các đơn vị"), level=2)
    _completeness_section(doc, data)

    doc.add_heading(t("II. KẾT QUẢ THỰC HIỆN PHONG TRÀO"), level=1)
    doc.add_heading(t("1. Số liệu chính"), level=2)
    if marker:
        report_docx.paragraph(doc, t("Số liệu chưa đủ các đơn vị: {m}.", m=marker), italic=True)
    if periods.OK in (cmp.models, cmp.commendations):
        report_docx.paragraph(doc, t("So sánh với {p} (cùng độ dài, ngay trước, cùng ranh giới).", p=prev))
    for note in periods.notes(cmp, lang):  # why a change is missing, or what it is counted on
        report_docx.paragraph(doc, note)
    table = headline_table(data.head, lang)
    report_docx.table(doc, table, right=table.columns[1:], widths_cm=(6.4, 2.6, 2.6, 2.4, 2))
    if f.fields or f.kinds or f.host_sectors:
        report_docx.paragraph(
            doc,
            t("Khen thưởng lọc theo giai đoạn, cấp và huyện (lĩnh vực, loại, chủ thể chỉ áp dụng cho mô hình)."),
            italic=True,
            size=12,
        )

    by_commune = f.unit == "commune"
    if by_commune:
        doc.add_heading(t("2. Mô hình, điển hình theo xã, phường"), level=2)
        vintage = t("166 xã, phường từ 1/7/2025")
    else:
        doc.add_heading(t("2. Mô hình, điển hình theo huyện"), level=2)
        vintage = (
            t("27 đơn vị cấp huyện, Đông Sơn riêng")
            if geo.district_vintage(f.year_to) == "2024"
            else t("26 đơn vị cấp huyện, Đông Sơn trong TP Thanh Hóa")
        )
    fig = choropleth(data.map_values, data.geojson, data.map_measure, "", lang)
    vintage += f"; {partial}" if partial else ""
    vintage += f"; {marker}" if marker else ""
    p = periods.name(f, lang, lower=True)
    caption = (
        t("Hình 1. Số mô hình, điển hình theo xã, phường, {p} ({v}).", p=p, v=vintage)
        if by_commune
        else t("Hình 1. Số mô hình, điển hình theo huyện, {p} ({v}).", p=p, v=vintage)
    )
    _picture(doc, fig, caption, images, lang)

    doc.add_heading(t("3. Xếp hạng các xã, phường") if by_commune else t("3. Xếp hạng các huyện"), level=2)
    if data.rank_status in periods.COMPARED:
        report_docx.paragraph(doc, t("Xếp theo số mô hình, điển hình; thay đổi hạng so với {p}.", p=prev))
    else:
        why = periods.reason(cmp, data.rank_status, lang)
        report_docx.paragraph(doc, t("Xếp theo số mô hình, điển hình. {why}", why=why))
    if by_commune:
        _commune_ranking(doc, data.ranked, lang)
    else:
        shown = as_text(ranking_table(data.ranked, MEASURES["n"].label(lang), 0, lang), lang)
        report_docx.table(doc, shown, right=shown.columns[[0, 2]], widths_cm=(1.6, 6, 4.4, 4))

    doc.add_heading(t("4. Xu hướng theo năm"), level=2)
    window = data.trend_filters
    fig = trend_figure(
        data.trend, MEASURES["n"], "none", "yearly", lang, partial=periods.partial_mark(window, through, lang)
    )
    caption = completeness.with_marker(
        periods.with_partial(periods.span(window), window, through, lang), data.trend_completeness, lang
    )
    _picture(doc, fig, t("Hình 2. Số mô hình, điển hình theo năm công nhận, {p}.", p=caption), images, lang)

    doc.add_heading(t("5. Điển hình tiêu biểu"), level=2)
    if data.examples.empty:
        report_docx.paragraph(doc, t("Không có điển hình nào với bộ lọc đã chọn."))
    else:
        total = int(data.examples["total"].iloc[0])
        note = t.n(
            "{k} trong tổng số {n} điển hình của {p}, ưu tiên cấp công nhận cao nhất rồi số hộ hưởng lợi.",
            "{k} trong tổng số {n} điển hình của {p}, ưu tiên cấp công nhận cao nhất rồi số hộ hưởng lợi.",
            total,
            k=len(data.examples),
            p=periods.name(f, lang, True),
        )
        report_docx.paragraph(doc, note)
        report_docx.table(doc, examples_table(data.examples, lang), widths_cm=(1, 6.2, 2.4, 2.2, 2.2, 1.2, 1.8))

    doc.add_heading(t("6. Khen thưởng"), level=2)
    report_docx.paragraph(
        doc,
        t("Khen thưởng lọc theo giai đoạn, cấp và huyện (lĩnh vực, loại, chủ thể chỉ áp dụng cho mô hình)."),
        italic=True,
        size=12,
    )
    if data.commendation_counts.empty:
        report_docx.paragraph(doc, t("Không có khen thưởng nào với bộ lọc đã chọn."))
    else:
        report_docx.paragraph(doc, t("Số lượt khen thưởng theo cấp và hình thức:"))
        counts = counts_table(data.commendation_counts, lang)
        report_docx.table(doc, counts, right=counts.columns[1:])
        if not data.commendations.empty:
            total = int(data.commendations["total"].iloc[0])
            report_docx.paragraph(doc, "")
            report_docx.paragraph(
                doc,
                t.n(
                    "Khen thưởng cấp tỉnh trở lên: {k} trong tổng số {n} lượt.",
                    "Khen thưởng cấp tỉnh trở lên: {k} trong tổng số {n} lượt.",
                    total,
                    k=len(data.commendations),
                ),
            )
            report_docx.table(
                doc, commendations_table(data.commendations, lang), widths_cm=(1, 1.2, 2.4, 3.2, 4.4, 2, 2.8)
            )

    doc.add_heading(t("III. NGUỒN SỐ LIỆU"), level=1)
    report_docx.paragraph(
        doc,
        t(
            "Nguồn: {s}. Ranh giới: {b}. Mô hình đếm theo năm công nhận. Ngày lập báo cáo: {d}.",
            s=data.stamp.source,
            b=data.boundary_source,
            d=data.stamp.date,
        ),
        size=12,
    )
    if lang == "vi":
        signature = [cfg.authority.upper(), cfg.position.upper()]
        report_docx.party_closing(doc, "Nơi nhận:", cfg.recipients, signature, cfg.signer)
    return report_docx.to_bytes(doc)


def build_report(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    lang: str = "vi",
    *,
    today: dt.date | None = None,
    images: bool = True,
    people: bool = True,
) -> bytes:
    """The periodic report for the filters as .docx bytes (pictures need a Chromium; a note otherwise).
    `people`: whether the reader may see individuals' names (the app passes the reader's role; the
    command line runs as the local admin)."""
    return write_docx(gather(con, filters, lang, today, people=people), images=images)


def main(argv: list[str] | None = None) -> int:
    """Command line: write the report for a period and filters to a .docx file."""
    ap = argparse.ArgumentParser(prog="python -m dvk.report", description=__doc__.split("\n\n")[0])
    ap.add_argument("--from", dest="year_from", required=True, help="first year (năm đầu)")
    ap.add_argument("--to", dest="year_to", required=True, help="last year (năm cuối)")
    ap.add_argument("--out", type=Path, help="the .docx to write (default: a name from the period and today)")
    ap.add_argument("--db", help="warehouse file (default: $DVK_DB or data/warehouse.duckdb)")
    ap.add_argument("--lang", choices=("vi", "en"), default="vi")
    for key in ("field", "kind", "sector", "level", "districts", "communes"):
        ap.add_argument(f"--{key}", default="", help="comma-separated codes, as in the app's address")
    ap.add_argument("--unit", choices=("district", "commune"), default="district", help="the unit (đơn vị)")
    ap.add_argument("--no-images", action="store_true", help="leave the map and trend pictures out")
    args = ap.parse_args(argv)
    query = {"from": args.year_from, "to": args.year_to}
    query |= {
        k: getattr(args, k) for k in ("field", "kind", "sector", "level", "districts", "communes") if getattr(args, k)
    }
    query |= {"unit": args.unit} if args.unit != "district" else {}
    path = db_path(args.db)
    if not path.exists():
        print(f"Không thấy kho dữ liệu / no warehouse at {path}", file=sys.stderr)
        return 1
    con = connect(path)
    try:
        known = queries.run(con, "commune_list")["code"].tolist()
        filters, notes = from_query(query, periods.coverage(con).years(), lang=args.lang, communes=known)
        if notes:
            print(f"Giá trị không hợp lệ / invalid values: {', '.join(notes)}", file=sys.stderr)
            return 2
        out = args.out or Path(export.safe_filename(export.slug("report", args.lang), filters, "docx"))
        out.write_bytes(build_report(con, filters, args.lang, images=not args.no_images, people=True))  # local admin
    finally:
        con.close()
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
