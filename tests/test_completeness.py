"""Completeness of a period's data: units expected (config/reporting.toml) against the submissions attributed
to them, counted again here with direct SQL on the fixture warehouse; the marker on the overview."""

from __future__ import annotations

import datetime as dt

from dvk import completeness, reporting
from dvk.filters import Filters
from tests.conftest import page_app

CFG = reporting.load_config()
TODAY = dt.date(2026, 11, 28)


def test_year_maps_to_its_latest_period_past_due():
    def code(year, today):
        chosen = completeness.period_for_year(CFG, year, today)
        return None if chosen is None else (chosen[0].code, chosen[1])

    assert CFG.first_year == 2024
    assert code(2023, TODAY) is None  # before the cycle: nothing claimed
    assert code(2027, TODAY) is None  # a year to come
    assert code(2025, dt.date(2025, 6, 1)) == ("2025-H1", False)  # nothing due yet: the first period, not due
    assert code(2025, dt.date(2025, 6, 16)) == ("2025-H1", True)  # the half-year report is past due
    assert code(2025, dt.date(2025, 11, 15)) == ("2025-H1", True)  # the annual one is due that day, not past
    assert code(2025, dt.date(2025, 11, 16)) == ("2025-N", True)
    assert code(2024, TODAY) == ("2024-N", True)


def test_counts_against_sql(fixture_con):
    c = completeness.for_year(fixture_con, CFG, 2024, TODAY)
    due = dt.date(2024, 11, 15)
    districts = fixture_con.execute("SELECT count(*) FROM districts WHERE valid_to >= $d", {"d": due}).fetchone()[0]
    expected_codes = [
        r[0] for r in fixture_con.execute("SELECT code FROM districts WHERE valid_to >= $d", {"d": due}).fetchall()
    ] + [b.code for b in CFG.provincial]
    sent, late = fixture_con.execute(
        "SELECT count(DISTINCT reporting_unit), count(DISTINCT reporting_unit) FILTER "
        "(WHERE coalesce(received_on, CAST(loaded_at AS DATE)) > $d) FROM submissions "
        "WHERE reporting_period = '2024-N' AND list_contains($codes, reporting_unit)",
        {"d": due, "codes": expected_codes},
    ).fetchone()
    files = fixture_con.execute("SELECT count(*) FROM submissions WHERE reporting_period = '2024-N'").fetchone()[0]
    assert (districts, sent, late, files) == (27, 1, 1, 2)  # Nga Sơn's two files, loaded 30 Nov 2026
    assert c.period.code == "2024-N" and c.due and c.attributed and not c.complete
    assert c.expected == districts + len(CFG.provincial) == len(expected_codes)
    assert (c.sent, c.late, c.missing, c.waiting, c.files) == (sent, late, c.expected - sent, 0, files)
    assert list(completeness.late(c)["code"]) == ["401"]
    missing = completeness.not_sent(c)
    assert len(missing) == c.expected - sent and "401" not in set(missing["code"])
    assert list(missing["kind"])[:26] == ["district"] * 26 and list(missing["kind"])[26:] == ["provincial"] * 14
    assert completeness.marker([c], "vi", single=True) == f"số liệu của 1/{c.expected} đơn vị"
    assert completeness.marker([c], "en", single=True) == f"data from 1 of {c.expected} units"
    assert completeness.kind_counts(c) == [("district", 27, 1, 1, 26), ("provincial", 14, 0, 0, 14)]


def test_a_period_without_attributed_files_says_so(fixture_con):
    # the fixture's 2026 file (2026_399_hoang-hoa_xa-moi.csv) names no unit: 2026-N has no attributed file
    attributed = fixture_con.execute(
        "SELECT count(*) FROM submissions WHERE reporting_period = '2026-N' AND reporting_unit IS NOT NULL"
    ).fetchone()[0]
    assert attributed == 0
    items = completeness.for_filters(fixture_con, CFG, Filters(2019, 2026), TODAY)
    assert [(c.year, c.period.code) for c in items] == [(2024, "2024-N"), (2025, "2025-N"), (2026, "2026-N")]
    assert not items[2].attributed and items[2].expected == 166 + len(CFG.provincial)  # the communes' period
    assert completeness.marker(items, "vi") == (
        f"2024: số liệu của 1/{items[0].expected} đơn vị; 2025: chưa có số liệu theo đơn vị báo cáo; "
        "2026: chưa có số liệu theo đơn vị báo cáo"
    )
    assert completeness.with_marker(
        "Năm 2023", completeness.for_filters(fixture_con, CFG, Filters(2023, 2023), TODAY)
    ) == (
        "Năm 2023"  # before the cycle: no marker
    )
    assert completeness.for_filters(fixture_con, None, Filters(2024, 2024), TODAY) == []


def test_report_completeness_section(fixture_con):
    import io

    import docx

    from dvk import report

    doc = docx.Document(
        io.BytesIO(report.build_report(fixture_con, Filters(2024, 2024), "vi", today=TODAY, images=False))
    )
    text = [p.text for p in doc.paragraphs]
    assert "Báo cáo năm 2024 (kỳ 2024-N, hạn nộp 15/11/2024)" in text
    assert "Số liệu của 1/41 đơn vị; 1 gửi muộn; 40 chưa gửi." in text
    assert "- 1/27 huyện, thị xã, thành phố đã gửi; 1 gửi muộn; 26 chưa gửi" in text
    assert "Tỉnh Thanh Hóa — năm 2024 (số liệu của 1/41 đơn vị)" in text
    assert "Các đơn vị chưa gửi (40):" in text
    missing = next(t for t in doc.tables if t.rows[0].cells[0].text == "Mã" and len(t.columns) == 3)
    assert len(missing.rows) == 1 + 40 and "Huyện Nga Sơn" not in {r.cells[1].text for r in missing.rows}
    late = next(t for t in doc.tables if t.rows[0].cells[0].text == "Mã" and len(t.columns) == 4)
    days = (dt.date(2026, 11, 30) - dt.date(2024, 11, 15)).days
    assert [c.text for c in late.rows[1].cells] == ["401", "Huyện Nga Sơn", "30/11/2026", str(days)]


def test_overview_carries_the_marker(fixture_db, monkeypatch):
    monkeypatch.setenv("DVK_DB", str(fixture_db))
    app = page_app("overview.py")
    app.query_params.update({"from": "2024", "to": "2024"})
    app.run()
    assert not app.exception
    assert "Tình hình gửi báo cáo: số liệu của 1/41 đơn vị" in [c.value for c in app.caption]
    body = next(m.value for m in app.markdown if 'class="dvk-map"' in m.value)
    assert "2024 (số liệu của 1/41 đơn vị)" in body  # the map's title
    app = page_app("overview.py")
    app.query_params.update({"from": "2023", "to": "2023"})  # before the cycle: no marker
    app.run()
    assert not app.exception and not any("Tình hình gửi báo cáo" in c.value for c in app.caption)
