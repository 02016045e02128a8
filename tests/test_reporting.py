"""The reporting cycle: config/reporting.toml read and checked, each submission's unit and period (issue 16)."""

import datetime as dt
import shutil
import unicodedata
from collections import Counter

import duckdb
import pandas as pd
import pytest
from openpyxl import load_workbook

from dvk.reporting import ReportingConfigError, load_config
from etl import attribution, reference
from etl.load import load
from etl.template import write_template
from tests.conftest import FIXTURES, quiet

SUB = FIXTURES / "submissions"
GOOD = load_config()


def test_shipped_config():
    assert [k.code for k in GOOD.kinds] == ["H1", "N"]
    h1, n = GOOD.period("2025-h1"), GOOD.period("2025-N")
    assert (h1.code, h1.due) == ("2025-H1", dt.date(2025, 6, 15))
    assert (n.code, n.due) == ("2025-N", dt.date(2025, 11, 15))
    assert GOOD.period("2025-Q3") is None and GOOD.period("nam 2025") is None
    d, c = reference.districts(), reference.communes_2025()
    bodies = len(GOOD.provincial)
    assert bodies >= 10 and {"MTTQ", "CA", "BCHQS"} <= {b.code for b in GOOD.provincial}
    # 2025-H1 (due 15 Jun 2025): 26 districts (Đông Sơn ended 31 Dec 2024); 2025-N: the 166 communes.
    assert len(GOOD.expected_units(h1, d, c)) == 26 + bodies
    assert len(GOOD.expected_units(n, d, c)) == 166 + bodies
    assert len(GOOD.expected_units(GOOD.period("2024-N"), d, c)) == 27 + bodies
    assert [p.code for p in GOOD.periods(2025)] == ["2024-H1", "2024-N", "2025-H1", "2025-N"]


def _broken(tmp_path, old, new):
    text = (GOOD.path).read_text(encoding="utf-8")
    assert old in text
    p = tmp_path / "reporting.toml"
    p.write_text(text.replace(old, new, 1), encoding="utf-8")
    line = text.split(old)[0].count("\n") + 1
    with pytest.raises(ReportingConfigError) as exc:
        load_config(p)
    return str(exc.value), line, p


@pytest.mark.parametrize(
    "old,new,fix",
    [
        ('commune_units = "all"', 'commune_units = "some"', '"all" hoặc "none"'),
        ('due = "06-15"', 'due = "6-15"', '"MM-DD"'),
        ('due = "11-15"', 'due = "11-31"', '"MM-DD"'),
        ("district_until = 2025-06-30", 'district_until = "30/6/2025"', "YYYY-MM-DD"),
        ("first_year = 2024", "first_year = 24", "4 chữ số"),
        ('code = "TDOAN"', 'code = "MTTQ"', "đã dùng"),
        ('name = "Ủy ban MTTQ Việt Nam tỉnh"', 'name = "Ủy ban MTTQ Việt Nam tỉnh', "cú pháp"),
    ],
)
def test_broken_config_names_file_line_and_fix(tmp_path, old, new, fix):
    message, line, path = _broken(tmp_path, old, new)
    assert str(path) in message and fix in message
    assert f"dòng {line}" in message or f"line {line}" in message


def test_attribution_from_header_and_file_name():
    a = attribution.from_file(GOOD, {"unit": "Huyện Nga Sơn (401)", "period": "2024-N"}, "baocao.xlsx")
    assert (a.unit, a.period, a.source) == ("401", "2024-N", "header")
    a = attribution.from_file(GOOD, {"unit": "Công an tỉnh"}, "2025_H1.xlsx")
    assert (a.unit, a.period, a.source) == ("CA", "2025-H1", "file_name")  # period from the name, unit from the header
    a = attribution.from_file(GOOD, {}, "2023_399_hoang-hoa.xlsx")
    assert (a.unit, a.period, a.source) == ("399", "2023-N", "file_name")
    a = attribution.from_file(GOOD, {}, "2023_hoang-hoa.xlsx")  # the name's words, no code
    assert (a.unit, a.period) == ("399", "2023-N")
    # 2026: districts no longer report; 399 is a former district, the rows must tell.
    a = attribution.from_file(GOOD, {}, "2026_399_hoang-hoa_xa-moi.csv")
    assert (a.unit, a.period, a.source) == (None, "2026-N", "unattributed")
    b = attribution.finish(GOOD, a, {"399"}, {"14758"})
    assert (b.unit, b.source) == ("14758", "rows")
    c = attribution.finish(GOOD, attribution.from_file(GOOD, {}, "x.csv"), {"399"}, {"1", "2"}, "MTTQ", "2026-H1")
    assert (c.unit, c.period, c.source) == ("MTTQ", "2026-H1", "command_line")
    d = attribution.finish(GOOD, attribution.from_file(GOOD, {}, "x.csv"), {"399", "401"}, set())
    assert (d.unit, d.period, d.source) == (None, None, "unattributed")


def test_template_fields_round_trip(tmp_path):
    wb = load_workbook(write_template(tmp_path / "mau.xlsx"))
    guide = wb["Hướng dẫn"]
    assert (guide["A2"].value, guide["A3"].value) == ("Đơn vị báo cáo", "Kỳ báo cáo")
    lists = {c.value: c.column_letter for c in wb["Danh mục"][1] if c.value}
    units = [c.value for c in wb["Danh mục"][lists["Đơn vị báo cáo"]][1:] if c.value]
    assert "Huyện Nga Sơn (401)" in units and "Phường Hàm Rồng (14758)" in units and "Công an tỉnh (CA)" in units
    periods = [c.value for c in wb["Danh mục"][lists["Kỳ báo cáo"]][1:] if c.value]
    assert periods[:2] == ["2024-H1", "2024-N"]
    formulas = {str(dv.sqref): dv.formula1 for dv in guide.data_validations.dataValidation}
    assert "Danh mục" in formulas["B2"] and lists["Đơn vị báo cáo"] in formulas["B2"]


def test_load_stores_unit_period_and_source(tmp_path):
    # A file with the template's header fields filled in: the sheet of a fixture, copied into the template.
    src = load_workbook(SUB / "2023_399_hoang-hoa.xlsx")
    wb = load_workbook(write_template(tmp_path / "t.xlsx"))
    for name in ("Mô hình", "Khen thưởng"):
        if name in src.sheetnames:
            ws = wb[name]
            ws.delete_rows(1, ws.max_row)
            for row in src[name].iter_rows(values_only=True):
                ws.append(row)
    wb["Hướng dẫn"]["B2"] = "Huyện Hoằng Hóa (399)"
    wb["Hướng dẫn"]["B3"] = "2023-H1"
    files = tmp_path / "in"
    files.mkdir()
    wb.save(files / "gui-ban-dan-van.xlsx")
    shutil.copy(SUB / "2024_401_nga-son.csv", files / "2024_401_nga-son.csv")
    shutil.copy(SUB / "2021_387_quan-son.csv", files / "baocao.csv")
    db = tmp_path / "w.duckdb"
    load([files], db, progress=quiet, received=dt.date(2024, 12, 2))
    con = duckdb.connect(str(db), read_only=True)
    got = {
        r[0]: r[1:]
        for r in con.execute(
            "SELECT source_file, reporting_unit, reporting_period, received_on, attribution FROM submissions"
        ).fetchall()
    }
    con.close()
    assert got["gui-ban-dan-van.xlsx"] == ("399", "2023-H1", dt.date(2024, 12, 2), "header")
    assert got["2024_401_nga-son.csv"] == ("401", "2024-N", dt.date(2024, 12, 2), "file_name")
    assert got["baocao.csv"] == (None, None, dt.date(2024, 12, 2), "unattributed")
    # The same file with --period: its rows (all in Quan Sơn, 387) give the unit.
    load([files / "baocao.csv"], db, progress=quiet, period="2021-N", reread=True)
    con = duckdb.connect(str(db), read_only=True)
    row = con.execute(
        "SELECT reporting_unit, reporting_period, attribution FROM submissions WHERE source_file = 'baocao.csv'"
    ).fetchone()
    con.close()
    assert row == ("387", "2021-N", "command_line")


def test_status_counts_against_sql(tmp_path):
    from dvk.i18n import translator
    from dvk.reporting_status import counts_line, status

    files = tmp_path / "in"
    files.mkdir()
    shutil.copy(SUB / "2024_401_nga-son.csv", files / "2024_401_nga-son.csv")
    shutil.copy(SUB / "2023_399_hoang-hoa.xlsx", files / "2024_399_hoang-hoa.xlsx")
    db = tmp_path / "w.duckdb"
    load([files / "2024_399_hoang-hoa.xlsx"], db, progress=quiet, received=dt.date(2024, 11, 15))
    load([files / "2024_401_nga-son.csv"], db, progress=quiet, received=dt.date(2024, 11, 20))
    shutil.copy(SUB / "2021_387_quan-son.csv", files / "baocao.csv")
    load([files / "baocao.csv"], db, progress=quiet, received=dt.date(2024, 11, 1))
    con = duckdb.connect(str(db), read_only=True)
    df = status(con, GOOD, GOOD.period("2024-N"), dt.date(2024, 12, 1)).set_index("code")
    sql = dict(
        con.execute("SELECT reporting_unit, rejected FROM submissions WHERE reporting_period = '2024-N'").fetchall()
    )
    unattributed = con.execute("SELECT count(*) FROM submissions WHERE attribution = 'unattributed'").fetchone()[0]
    con.close()
    assert set(sql) == {"399", "401"} and unattributed == 1
    assert df.loc["399", "state"] == "on_time" and df.loc["399", "days_late"] == 0  # on the due day
    assert df.loc["401", "state"] == "late" and df.loc["401", "days_late"] == 5  # 20 Nov against 15 Nov
    assert df.loc["401", "rejected"] == sql["401"] and df.loc["399", "rejected"] == sql["399"]
    assert df.loc["387", "state"] == "missing"  # its file came in unattributed
    assert df.loc["MTTQ", "state"] == "missing" and len(df) == 27 + len(GOOD.provincial)
    from dvk.reporting_status import filtered

    with_rejects = {u for u, r in sql.items() if r > 0}
    assert set(filtered(df.reset_index(), [], [], rejects_only=True)["code"]) == with_rejects
    assert set(filtered(df.reset_index(), ["late"], ["district"])["code"]) == {"401"}
    t = translator("vi")
    assert (
        counts_line(t, df.reset_index(), "district") == "2/27 huyện, thị xã, thành phố đã gửi; 1 gửi muộn; 25 chưa gửi"
    )
    before = status(duckdb.connect(str(db), read_only=True), GOOD, GOOD.period("2025-H1"), dt.date(2025, 6, 1))
    assert set(before["state"]) == {"waiting"}


def test_status_page_for_a_period(fixture_db, monkeypatch, fixture_con):
    from tests.conftest import page_app

    monkeypatch.setenv("DVK_DB", str(fixture_db))
    app = page_app("status.py")
    app.run()
    assert not app.exception and not app.error
    app.selectbox(key="st_period").set_value("2024-N").run()
    assert not app.exception
    sent = fixture_con.execute(
        "SELECT count(DISTINCT reporting_unit) FROM submissions WHERE reporting_period = '2024-N' "
        "AND reporting_unit IN (SELECT code FROM districts)"
    ).fetchone()[0]
    # The fixture's 2024 files are Nga Sơn's two (2024_401_nga-son.csv and its _bo-sung), loaded on 30 Nov 2026.
    assert sent == 1
    assert "**1/27 huyện, thị xã, thành phố đã gửi; 1 gửi muộn; 26 chưa gửi**" in [m.value for m in app.markdown]
    table = app.dataframe[0].value
    assert len(table) == 27 + len(GOOD.provincial)
    nga_son = table[table["Mã"] == "401"].iloc[0]
    assert nga_son["Số file"] == 2
    assert (
        nga_son["Tình trạng"] == "Gửi muộn"
        and nga_son["Số ngày muộn"] == (dt.date(2026, 11, 30) - dt.date(2024, 11, 15)).days
    )
    app.multiselect(key="st_states").set_value(["late"]).run()
    assert list(app.dataframe[0].value["Mã"]) == list(table[table["Tình trạng"] == "Gửi muộn"]["Mã"])


def test_status_page_is_for_analysts(fixture_db, monkeypatch, tmp_path):
    from tests.test_roles import CONFIG, _app

    path = tmp_path / "roles.toml"
    path.write_text(CONFIG, encoding="utf-8")
    monkeypatch.setenv("DVK_ROLES", str(path))
    viewer = _app(fixture_db, monkeypatch, "status.py", {"is_logged_in": True, "email": "x@thanhhoa.gov.vn"})
    viewer.run()
    assert not viewer.exception and any("Chuyên viên" in e.value for e in viewer.error) and not viewer.dataframe
    analyst = _app(
        fixture_db, monkeypatch, "status.py", {"is_logged_in": True, "email": "y@x.vn", "groups": ["chuyen-vien"]}
    )
    analyst.run()
    # The list and the matrix (a unit's history appears once a unit is chosen).
    assert not analyst.exception and not analyst.error and len(analyst.dataframe) == 2


def test_sample_sends_on_time_late_and_missing(tmp_path):
    """The generated sample's 2026 files are per commune, with the header fields and the receipt date:
    after a load the status of 2026-N has on-time, late and missing communes (a direct SQL count)."""
    from dvk.reporting_status import status
    from etl import sample

    areas = ["389", "404"]
    sample.generate(tmp_path / "in", scale=0.3, years=[2024, 2025, 2026], district_codes=areas)
    db = tmp_path / "w.duckdb"
    load([tmp_path / "in"], db, progress=quiet, today=dt.date(2026, 12, 1))
    con = duckdb.connect(str(db), read_only=True)
    sent = dict(
        con.execute(
            "SELECT reporting_unit, min(received_on) FROM submissions WHERE reporting_period = '2026-N' "
            "AND attribution = 'header' GROUP BY ALL"
        ).fetchall()
    )
    # Every file attributed by its header fields: the districts' 2024 annual and 2025 half-year reports
    # (their last), the communes' annual reports of 2025 and 2026.
    by = con.execute(
        "SELECT reporting_period, attribution, list(DISTINCT reporting_unit ORDER BY reporting_unit) "
        "FROM submissions WHERE length(reporting_unit) = 3 OR reporting_unit IS NULL GROUP BY ALL ORDER BY 1"
    ).fetchall()
    assert by == [("2024-N", "header", areas), ("2025-H1", "header", areas)]
    assert {r[0] for r in con.execute("SELECT DISTINCT attribution FROM submissions").fetchall()} == {"header"}
    h1 = dict(
        con.execute("SELECT reporting_unit, received_on FROM submissions WHERE reporting_period = '2025-H1'").fetchall()
    )
    assert all(dt.date(2025, 6, 1) <= d <= dt.date(2025, 6, 30) for d in h1.values())
    area_communes = {
        r[0] for r in con.execute("SELECT code FROM communes WHERE district_code IN ('389', '404')").fetchall()
    }
    df = status(con, GOOD, GOOD.period("2026-N"), dt.date(2026, 12, 1)).set_index("code")
    con.close()
    due = dt.date(2026, 11, 15)
    on_time = {u for u, r in sent.items() if r <= due}
    late = {u for u, r in sent.items() if r > due}
    missing = area_communes - set(sent)
    assert set(sent) <= area_communes and on_time and late and missing
    assert max(sent.values()) <= dt.date(2026, 11, 30)  # never after the sample's last day
    assert set(df.index[df["state"] == "on_time"]) == on_time
    assert set(df.index[df["state"] == "late"]) == late
    assert missing <= set(df.index[df["state"] == "missing"])
    for u in late:
        assert df.loc[u, "days_late"] == (sent[u] - due).days


def _cycle_warehouse(tmp_path):
    """Hoằng Hóa (399) on time and Nga Sơn (401) 5 days late for 2024-N; Quan Sơn's file unattributed."""
    files = tmp_path / "in"
    files.mkdir()
    shutil.copy(SUB / "2024_401_nga-son.csv", files / "2024_401_nga-son.csv")
    shutil.copy(SUB / "2023_399_hoang-hoa.xlsx", files / "2024_399_hoang-hoa.xlsx")
    shutil.copy(SUB / "2021_387_quan-son.csv", files / "baocao.csv")
    db = tmp_path / "w.duckdb"
    load([files / "2024_399_hoang-hoa.xlsx"], db, progress=quiet, received=dt.date(2024, 11, 15))
    load([files / "2024_401_nga-son.csv"], db, progress=quiet, received=dt.date(2024, 11, 20))
    load([files / "baocao.csv"], db, progress=quiet, received=dt.date(2024, 11, 1))
    return db


def test_status_matrix_history_and_district_filter_against_sql(tmp_path):
    from dvk.i18n import translator
    from dvk.reporting_status import filtered, history, matrix, matrix_display, status

    db = _cycle_warehouse(tmp_path)
    con = duckdb.connect(str(db), read_only=True)
    periods = [GOOD.period(c) for c in ("2024-N", "2025-H1", "2025-N")]
    m = matrix(con, GOOD, periods, dt.date(2025, 12, 1)).set_index("code")
    shown = matrix_display(translator("vi"), m.reset_index(), periods).set_index("Mã")
    # Units of any of the periods: 27 districts (Đông Sơn only in 2024), 166 communes, the bodies.
    n_districts, n_communes = (
        con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("districts", "communes")
    )
    assert len(m) == n_districts + n_communes + len(GOOD.provincial) == 27 + 166 + len(GOOD.provincial)
    assert list(shown.loc["399", ["2024-N", "2025-H1", "2025-N"]]) == ["✓", "✗", "–"]
    assert list(shown.loc["401", ["2024-N", "2025-H1", "2025-N"]]) == ["+5", "✗", "–"]
    assert list(shown.loc["405", ["2024-N", "2025-H1", "2025-N"]]) == ["✗", "–", "–"]  # Đông Sơn ended 2024
    assert list(shown.loc["14758", ["2024-N", "2025-H1", "2025-N"]]) == ["–", "–", "✗"]
    assert list(shown.loc["MTTQ", ["2024-N", "2025-H1", "2025-N"]]) == ["✗", "✗", "✗"]
    before = matrix(con, GOOD, [GOOD.period("2025-N")], dt.date(2025, 11, 1)).set_index("code")
    assert set(before["2025-N"]) == {"waiting"}

    h = history(con, "401")
    sql = con.execute(
        "SELECT source_file, reporting_period, received_on, rows_read, rejected, attribution FROM submissions "
        "WHERE reporting_unit = '401'"
    ).fetchall()
    assert [tuple(r) for r in h.itertuples(index=False)] == [tuple(r) for r in sql]
    assert h.iloc[0]["source_file"] == "2024_401_nga-son.csv" and h.iloc[0]["received_on"] == dt.date(2024, 11, 20)
    assert history(con, "387").empty  # its file came in unattributed

    # Former district: the communes formed (partly) from Bỉm Sơn (381), as the communes table says.
    df = status(con, GOOD, GOOD.period("2025-N"), dt.date(2025, 12, 1))
    from_381 = {
        r[0]
        for r in con.execute("SELECT code FROM communes WHERE list_contains(former_district_codes, '381')").fetchall()
    }
    con.close()
    assert from_381 and set(filtered(df, [], [], False, ["381"])["code"]) == from_381
    assert set(filtered(df, [], ["provincial"], False, ["381"])["code"]) == set()
    assert set(filtered(df, [], [], False, [])["code"]) == set(df["code"])


def test_reminder_csv_and_todo_xlsx(tmp_path):
    import io

    from dvk import export_tables
    from dvk.i18n import translator
    from dvk.reporting_status import LATE, MISSING, display, filtered, reminders_csv, status

    text = GOOD.path.read_text(encoding="utf-8").replace(
        'name = "Ủy ban MTTQ Việt Nam tỉnh"', 'name = "Ủy ban MTTQ Việt Nam tỉnh"\ncontact = "vanphong@mttq.vn"', 1
    )
    (tmp_path / "reporting.toml").write_text(text, encoding="utf-8")
    cfg = load_config(tmp_path / "reporting.toml")
    db = _cycle_warehouse(tmp_path)
    con = duckdb.connect(str(db), read_only=True)
    df = status(con, cfg, cfg.period("2024-N"), dt.date(2024, 12, 1))
    rejected_399 = con.execute("SELECT rejected FROM submissions WHERE reporting_unit = '399'").fetchone()[0]
    con.close()
    raw = reminders_csv(translator("vi"), df, cfg.period("2024-N"))
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw[3:].decode("utf-8").split("\r\n")
    assert lines[0] == (
        "Mã đơn vị,Tên đơn vị,Liên hệ,Kỳ báo cáo,Hạn nộp,Tình trạng,Số ngày muộn,Nội dung nhắc,Dòng bị loại cần sửa"
    )
    rows = {line.split(",")[0]: line for line in lines[1:] if line}
    assert rows["401"].startswith("401,Huyện Nga Sơn,,2024-N,15/11/2024,Gửi muộn,5,gửi muộn 5 ngày")
    assert (
        rows["387"] == "387,Huyện Quan Sơn,,2024-N,15/11/2024,Chưa gửi,0,chưa gửi báo cáo kỳ 2024-N (hạn 15/11/2024),0"
    )
    assert rows["MTTQ"].startswith("MTTQ,Ủy ban MTTQ Việt Nam tỉnh,vanphong@mttq.vn,2024-N,15/11/2024,Chưa gửi,")
    # 399 sent on time: listed only when its file had rejected rows to correct.
    assert ("399" in rows) == (rejected_399 > 0)
    if rejected_399:
        assert rows["399"].endswith(f",Đúng hạn,0,{rejected_399} dòng bị loại cần sửa và gửi lại,{rejected_399}")
    assert len(rows) == 27 + len(cfg.provincial) - (0 if rejected_399 else 1)

    # The missing-and-late list as the page's XLSX download writes it (dvk.ui.downloads → export_tables).
    todo = display(translator("vi"), filtered(df, [MISSING, LATE], []))
    wb = load_workbook(io.BytesIO(export_tables.to_xlsx_bytes(todo, title="Đơn vị chưa gửi, gửi muộn")))
    ws = wb.worksheets[0]
    grid = [[c.value for c in row] for row in ws.iter_rows()]
    head = grid[0]
    assert head[:4] == ["Mã", "Đơn vị", "Loại đơn vị", "Tình trạng"]
    body = {r[0]: r for r in grid[1:]}
    assert len(body) == 27 + len(cfg.provincial) - 1  # every unit but Hoằng Hóa, on time
    assert body["401"][3] == "Gửi muộn" and body["401"][head.index("Số ngày muộn")] == 5
    assert body["401"][head.index("Ngày nhận")] == "20/11/2024"
    assert body["387"][3] == "Chưa gửi" and body["MTTQ"][head.index("Liên hệ")] == "vanphong@mttq.vn"


def test_status_page_matrix_and_history_views(fixture_db, monkeypatch, fixture_con):
    from tests.conftest import page_app

    monkeypatch.setenv("DVK_DB", str(fixture_db))
    app = page_app("status.py")
    app.run()
    app.selectbox(key="st_period").set_value("2024-N").run()
    assert not app.exception and [t.label for t in app.tabs] == ["Danh sách", "Ma trận theo kỳ", "Lịch sử một đơn vị"]
    grid = app.dataframe[1].value.set_index("Mã")
    assert list(grid.columns[2:]) == ["2024-H1", "2024-N"]  # periods start in 2024 (first_year)
    loaded = dt.date(2026, 11, 30)  # the fixture's files came in on the day they were loaded
    assert grid.loc["401", "2024-N"] == f"+{(loaded - dt.date(2024, 11, 15)).days}"
    assert grid.loc["399", "2024-N"] == "✗"  # its file is of 2023
    assert grid.loc["401", "2024-H1"] == "✗" and grid.loc["MTTQ", "2024-N"] == "✗" and "14758" not in grid.index
    assert "✓ đúng hạn" in " ".join(c.value for c in app.caption)
    # A unit's history: Nga Sơn's two files, as the submissions table holds them.
    app.selectbox(key="st_unit").set_value("401").run()
    assert not app.exception
    hist = app.dataframe[-1].value
    sql = fixture_con.execute(
        "SELECT source_file, rows_read, rejected FROM submissions WHERE reporting_unit = '401' ORDER BY source_file"
    ).fetchall()
    assert len(sql) == 2
    got = sorted(zip(hist["File"], hist["Dòng đã đọc"], hist["Dòng bị loại"]))
    assert got == [tuple(r) for r in sql] and set(hist["Kỳ báo cáo"]) == {"2024-N"}
    # The list's former-district filter: Nga Sơn alone among the units of 2024-N (a district is its own).
    app.multiselect(key="st_districts").set_value(["401"]).run()
    assert not app.exception and list(app.dataframe[0].value["Mã"]) == ["401"]


def test_sample_provincial_bodies_report_and_the_volumes_stay(tmp_path):
    """The sample's provincial bodies send annual reports whose rows are moved out of the district and
    commune files: in the latest annual period some bodies are on time, some late, some missing; the
    rows of the files are the rows loaded plus the rows rejected; and every year holds the same rows as
    the sample without provincial reports (the volumes of DOMAIN §4)."""
    from dvk.reporting_status import status
    from etl import sample
    from etl.submission import read_submission

    years = [2024, 2026]
    paths = sample.generate(tmp_path / "in", scale=0.2, years=years)
    before = sample.generate(tmp_path / "before", scale=0.2, years=years, provincial=False)
    bodies = {b.code: b.name for b in GOOD.provincial}
    body_files = [p for p in paths if p.name.split("_")[1] in bodies]
    assert {p.name[:4] for p in body_files} == {"2024", "2026"}
    assert all(p.suffix == ".xlsx" for p in body_files)
    assert not [p for p in before if p.name.split("_")[1] in bodies]
    again = sample.generate(tmp_path / "again", scale=0.2, years=years, workers=2)  # same seed, in parallel
    assert [p.read_bytes() for p in again] == [p.read_bytes() for p in paths]

    # A row by its text cells (a CSV and a workbook write numbers and dates their own ways; the
    # description carries the row's figures as text).
    text = {
        "models": ["name", "kind", "field", "host_unit", "district", "commune", "level", "description"],
        "commendations": ["recipient_name", "district", "commune", "form", "issuer", "decision_no", "model_name"],
    }

    def rows(ps: list) -> dict:
        out: dict = {}
        for p in ps:
            for s in read_submission(p)[0]:
                data = s.data[text[s.kind]].map(lambda v: unicodedata.normalize("NFC", v) if isinstance(v, str) else v)
                out.setdefault(s.kind, Counter()).update(
                    tuple(None if pd.isna(v) or v == "" else v for v in r)
                    for r in data.itertuples(index=False, name=None)
                )
        return out

    got, want = rows(paths), rows(before)
    moved = {k: sum(rows(body_files).get(k, Counter()).values()) for k in ("models", "commendations")}
    assert moved["models"] > 0 and moved["commendations"] > 0
    assert got == want  # the same rows, only in other files

    db = tmp_path / "w.duckdb"
    load([tmp_path / "in"], db, progress=quiet, today=dt.date(2026, 12, 1))
    con = duckdb.connect(str(db), read_only=True)
    read, loaded = con.execute(
        "SELECT sum(rows_read), (SELECT count(*) FROM models) + (SELECT count(*) FROM commendations) "
        '+ (SELECT count(DISTINCT (file, sheet, "row")) FROM rejects) FROM submissions'
    ).fetchone()
    assert read == loaded == sum(want["models"].values()) + sum(want["commendations"].values())
    sent = dict(
        con.execute(
            "SELECT reporting_unit, received_on FROM submissions WHERE reporting_period = '2026-N' "
            "AND attribution = 'header' AND reporting_unit IN (SELECT unnest(?))",
            [list(bodies)],
        ).fetchall()
    )
    per_body = dict(
        con.execute(
            "SELECT reporting_unit, sum(models + commendations + rejected) FROM submissions "
            "WHERE reporting_unit IN (SELECT unnest(?)) GROUP BY ALL",
            [list(bodies)],
        ).fetchall()
    )
    df = status(con, GOOD, GOOD.period("2026-N"), dt.date(2026, 12, 1)).set_index("code")
    con.close()
    due = dt.date(2026, 11, 15)
    on_time = {u for u, r in sent.items() if r <= due}
    late = {u for u, r in sent.items() if r > due}
    missing = set(bodies) - set(sent)
    assert on_time and late and missing
    assert {"SNV", "SGDDT", "SNNMT", "SYT"} <= missing  # no host sector of theirs: nothing to report
    assert len(late) <= max(1, round(0.1 * len(sent)))  # about one in ten
    assert all(n > 0 for n in per_body.values())  # a body sends a file only when it has rows
    prov = df[df["kind"] == "provincial"]
    assert len(prov) == len(bodies)
    assert set(prov.index[prov["state"] == "on_time"]) == on_time
    assert set(prov.index[prov["state"] == "late"]) == late
    assert set(prov.index[prov["state"] == "missing"]) == missing
