"""Periods a leader can trust: how far the data goes, the default view, fair comparisons, local time.

Most checks run on a small warehouse built here by the real loader from two tiny CSV files (a 2009
model, Đông Sơn before 2025, commendations dated on both sides of 30 November), loaded on
30 Nov 2026 in Thanh Hóa; expectations are direct SQL counts on it or worked by hand.
"""

from __future__ import annotations

import datetime as dt
import io

import docx
import duckdb
import pandas as pd
import pytest

from dvk import clock, config, periods, report, trends
from dvk.filters import Filters, from_query
from etl import sample
from etl.load import load
from tests.conftest import page_app, quiet

MODEL_HEADER = "Tên mô hình,Loại,Lĩnh vực,Huyện,Năm công nhận,Cấp công nhận"
MODELS = [  # (name, district, year)
    ("Tổ hòa giải ở cơ sở", "Hoằng Hóa", 2009),
    ("Khu dân cư tự quản A", "TP Thanh Hóa", 2023),
    ("Vườn mẫu Đông Hòa", "Đông Sơn", 2023),
    ("Hũ gạo Đông Tiến", "Đông Sơn", 2023),
    ("Khu dân cư tự quản B", "TP Thanh Hóa", 2024),
    ("Đường hoa Đông Thanh", "Đông Sơn", 2024),
    ("Chợ văn minh", "Hoằng Hóa", 2024),
    ("Bến cá sạch", "Hoằng Hóa", 2024),
    ("Phố văn minh C", "TP Thanh Hóa", 2025),
    ("Phố văn minh D", "TP Thanh Hóa", 2025),
    ("Phố văn minh E", "TP Thanh Hóa", 2025),
    ("Nhà văn hóa mở", "Hoằng Hóa", 2025),
    ("Phố văn minh F", "TP Thanh Hóa", 2026),
    ("Camera cộng đồng", "Hoằng Hóa", 2026),
    ("Tổ công nghệ số", "Hoằng Hóa", 2026),
]
COMM_HEADER = "Tên tập thể/cá nhân,Đối tượng,Huyện,Năm,Hình thức,Cơ quan khen thưởng,Số quyết định,Ngày quyết định"
COMMENDATIONS = [  # (district, decision date): the year is the date's
    ("Hoằng Hóa", "10/03/2025"),
    ("Hoằng Hóa", "30/11/2025"),
    ("Hoằng Hóa", "15/12/2025"),  # after 30 Nov: not in the same months as 2026's data
    *[("TP Thanh Hóa", f"{d}/12/2025") for d in (10, 16, 20, 22)],  # four in December
    ("Hoằng Hóa", "01/02/2026"),
    ("TP Thanh Hóa", "01/06/2026"),
    ("TP Thanh Hóa", "20/11/2026"),
]
LOADED = dt.datetime(2026, 11, 30, 15, 0)  # province time


def _write(folder, name: str, header: str, rows: list[str], title: str | None = None) -> None:
    lines = ([title, ""] if title else []) + [header, *rows]
    (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """(path, connection) of the small warehouse."""
    folder = tmp_path_factory.mktemp("small")
    _write(folder, "models.csv", MODEL_HEADER, [f"{n},Mô hình tập thể,Kinh tế,{d},{y},Cấp xã" for n, d, y in MODELS])
    _write(
        folder,
        "commendations.csv",
        COMM_HEADER,
        [
            f"Tập thể {i},Tập thể,{d},{day[-4:]},Giấy khen,Cấp huyện,{i}/QĐ,{day}"
            for i, (d, day) in enumerate(COMMENDATIONS)
        ],
    )
    db = folder / "w.duckdb"
    with clock.pinned(LOADED):
        summary = load([folder], db, progress=quiet)
    assert summary.rows_loaded == len(MODELS) + len(COMMENDATIONS) and summary.rows_rejected == 0
    con = duckdb.connect(str(db), read_only=True)
    yield db, con
    con.close()


def _one(con, sql: str, *params) -> int:
    return con.execute(sql, list(params)).fetchone()[0]


# ---------------------------------------------------------------- how far the data goes


def test_the_warehouse_knows_how_far_its_data_goes(small, fixture_con):
    _, con = small
    # Real submissions loaded on 30 Nov 2026: nothing in them can be later (last decision 20 Nov).
    assert _one(con, "SELECT max(decision_date) FROM commendations") == dt.date(2026, 11, 20)
    assert _one(con, "SELECT value FROM meta WHERE key = 'data_through'") == "2026-11-30"
    cov = periods.coverage(con)
    assert cov == periods.Coverage(first_year=2009, last_year=2026, through=dt.date(2026, 11, 30))
    assert cov.partial_year == 2026 and cov.complete(2025) and not cov.complete(2026)
    # The fixture: same rule (its generated files run to the sample's cut-off, 30 Nov 2026).
    fx = periods.coverage(fixture_con)
    years = fixture_con.execute(
        "SELECT min(y), max(y) FROM (SELECT year_recognized AS y FROM models UNION ALL SELECT year FROM commendations)"
    ).fetchone()
    assert (fx.first_year, fx.last_year) == years == (2019, 2026)
    assert fx.through == sample.DATA_THROUGH == dt.date(2026, 11, 30)


def test_the_sample_cut_off_and_no_future_day(tmp_path):
    synthetic = tmp_path / "synthetic"
    synthetic.mkdir()
    _write(
        synthetic,
        "a.csv",
        MODEL_HEADER,
        ["Mô hình mẫu,Mô hình tập thể,Kinh tế,Nga Sơn,2026,Cấp xã"],
        "DỮ LIỆU MẪU TỔNG HỢP",
    )
    with clock.pinned(dt.datetime(2026, 12, 15, 9, 0)):
        load([synthetic], tmp_path / "s.duckdb", progress=quiet)
    con = duckdb.connect(str(tmp_path / "s.duckdb"), read_only=True)
    assert _one(con, "SELECT value FROM meta WHERE key = 'synthetic'") == "true"
    assert _one(con, "SELECT value FROM meta WHERE key = 'data_through'") == sample.DATA_THROUGH.isoformat()
    con.close()
    real = tmp_path / "real"
    real.mkdir()
    # A decision dated after the load day (a typo) must not make 2026 look complete.
    _write(real, "k.csv", COMM_HEADER, ["Tập thể X,Tập thể,Nga Sơn,2026,Giấy khen,Cấp huyện,1/QĐ,31/12/2026"])
    with clock.pinned(dt.datetime(2026, 12, 15, 9, 0)):
        load([real], tmp_path / "r.duckdb", progress=quiet)
    con = duckdb.connect(str(tmp_path / "r.duckdb"), read_only=True)
    assert _one(con, "SELECT value FROM meta WHERE key = 'data_through'") == "2026-12-15"
    con.close()


def test_year_range_comes_from_the_data(small):
    _, con = small
    cov = periods.coverage(con)
    assert cov.years() == (2009, 2026)  # the 2009 row can be chosen
    f, notes = from_query({"from": "2009", "to": "2009"}, cov.years(), cov.default_period())
    assert notes == [] and periods.headline(con, f).now["n"] == _one(
        con, "SELECT count(*) FROM models WHERE year_recognized = 2009"
    )
    _, notes = from_query({"from": "2008"}, cov.years())
    assert notes == ["from=2008 (ngoài các năm có số liệu 2009–2026)"]
    # Within 2009..this year, whatever the data says.
    with clock.pinned(dt.date(2026, 6, 1)):
        assert periods.Coverage(2005, 2030, dt.date(2030, 1, 1)).years() == (2009, 2026)


def test_range_page_slider_spans_the_loaded_years(small, monkeypatch):
    db, con = small
    monkeypatch.setenv("DVK_DB", str(db))
    app = page_app("overview.py")
    app.query_params.update({"from": "2009", "to": "2009"})
    app.run()
    assert not app.exception
    slider = app.slider(key="f_years")
    assert (slider.min, slider.max) == (2009, 2026) and slider.value == (2009, 2009)
    assert app.metric[0].value == str(_one(con, "SELECT count(*) FROM models WHERE year_recognized = 2009"))
    app = page_app("overview.py")
    app.query_params.update({"from": "2008", "to": "2031"})
    app.run()
    notes = " ".join(c.value for c in app.sidebar.caption)
    assert "from=2008" in notes and "to=2031" in notes and "ngoài các năm có số liệu 2009–2026" in notes


# ---------------------------------------------------------------- the default view


def test_default_view_is_the_latest_complete_year(small, monkeypatch):
    _, con = small
    cov = periods.coverage(con)
    assert cov.default_period() == (2025, 2025)  # 2026 runs to 30 Nov only
    monkeypatch.setenv("DVK_DEFAULT_VIEW", config.LATEST_PERIOD)
    assert cov.default_period() == (2026, 2026)
    monkeypatch.setenv("DVK_DEFAULT_VIEW", "nonsense")
    assert config.default_view() == config.LATEST_COMPLETE_YEAR and cov.default_period() == (2025, 2025)
    # Data through 31 December: that year is complete; loaded in January, the new year is empty.
    assert periods.Coverage(2016, 2026, dt.date(2026, 12, 31)).default_period() == (2026, 2026)
    with clock.pinned(dt.date(2027, 1, 10)):
        assert periods.Coverage(2016, 2026, dt.date(2027, 1, 10)).default_period() == (2026, 2026)


def test_overview_opens_on_the_latest_complete_year_and_says_why(fixture_db, monkeypatch):
    monkeypatch.setenv("DVK_DB", str(fixture_db))
    app = page_app("overview.py")
    app.run()
    assert not app.exception
    assert app.slider(key="f_years").value == (2025, 2025)
    assert app.caption[0].value == "Năm 2025, so với năm 2024 — năm gần nhất có đủ số liệu (số liệu đến 30/11/2026)"
    app = page_app("overview.py")
    app.query_params["lang"] = "en"
    app.run()
    assert app.caption[0].value == "2025, compared with 2024 — the latest year with complete data (data to 30 Nov 2026)"
    monkeypatch.setenv("DVK_DEFAULT_VIEW", config.LATEST_PERIOD)
    app = page_app("overview.py")
    app.run()
    assert app.slider(key="f_years").value == (2026, 2026)
    assert app.caption[0].value == "Năm 2026, so với năm 2025 — năm có số liệu mới nhất (số liệu đến 30/11/2026)"


# ---------------------------------------------------------------- fair comparisons


def test_a_partial_year_compares_models_not_at_all_and_commendations_over_the_same_months(small):
    _, con = small
    head = periods.headline(con, Filters(year_from=2026, year_to=2026))
    cmp = head.comparison
    assert (cmp.models, cmp.commendations, cmp.cut) == (periods.YTD, periods.SAME_MONTHS, "11-30")
    n = head.changes["n"]
    assert n.now == _one(con, "SELECT count(*) FROM models WHERE year_recognized = 2026") == 3
    assert n.before is None and n.delta is None and n.pct is None  # 11 months against 12: no arrow
    c = head.changes["commendations"]
    same = "SELECT count(*) FROM commendations WHERE year = ? AND strftime(decision_date, '%m-%d') <= '11-30'"
    assert c.before == _one(con, same, 2025) == 2  # 10 Mar and 30 Nov 2025; the five December ones left out
    assert c.now_compared == _one(con, same, 2026) == c.now == 3
    assert c.delta == 1 and c.pct == pytest.approx(50.0)
    assert periods.delta_text(c, "vi") == "+1 (cùng kỳ)" and periods.delta_text(n, "vi") is None
    assert periods.notes(cmp, "vi") == [
        "Số liệu từ đầu năm chưa so sánh được: năm 2026 mới có số liệu đến 30/11/2026, mà mô hình chỉ ghi năm "
        "công nhận nên không tách được cùng kỳ năm 2025.",
        "Khen thưởng so sánh cùng kỳ: tháng 1–11/2026 với tháng 1–11/2025.",
    ]
    assert periods.notes(cmp, "en") == [
        "Year to date is not comparable: 2026 has data to 30 Nov 2026 only, and models carry only a year, so the "
        "same months of 2025 cannot be taken.",
        "Commendations compared over the same months: Jan–Nov 2026 with Jan–Nov 2025.",
    ]
    # A complete year compares as it is: 2025 against 2024.
    full = periods.headline(con, Filters(year_from=2025, year_to=2025)).changes["n"]
    assert (full.status, full.now, full.before) == (periods.OK, 4, 4)


def test_previous_period_only_when_the_data_covers_it(small, fixture_con):
    _, con = small
    # Data from 2009: 2010 against 2009 is covered, 2009 against 2008 is not.
    assert periods.headline(con, Filters(year_from=2010, year_to=2010)).comparison.models == periods.OK
    head = periods.headline(con, Filters(year_from=2009, year_to=2009))
    assert head.comparison.models == head.comparison.commendations == periods.UNCOVERED
    assert all(c.delta is None for c in head.changes.values())
    # The case on the fixture (data from 2019): 2020–2026 against 2013–2019.
    head = periods.headline(fixture_con, Filters(year_from=2020, year_to=2026))
    assert all(c.pct is None for c in head.changes.values())
    assert periods.notes(head.comparison, "vi") == [
        "Không so sánh: giai đoạn 2013–2019 chỉ có một phần số liệu (số liệu có từ năm 2019)."
    ]


def test_dong_son_inside_thanh_hoa_on_both_sides(small):
    """District filter 380, 2025–2026 against 2023–2024: Đông Sơn's 2023–2024 models count in the
    previous period too (before: only TP Thanh Hóa's own, which inflated the change)."""
    _, con = small
    fold = "SELECT count(*) FROM models WHERE district_code IN ('380', '405') AND year_recognized BETWEEN ? AND ?"
    head = periods.headline(con, Filters(year_from=2025, year_to=2026, districts=("380",)))
    assert head.comparison.previous.fold_dong_son and head.comparison.current.fold_dong_son
    assert head.before["n"] == _one(con, fold, 2023, 2024) == 5
    assert head.now["n"] == _one(con, fold, 2025, 2026) == 4
    # A complete pair is compared, on the 2025 boundaries: 2025 (3) against 2024 (TP 1 + Đông Sơn 1).
    n = periods.headline(con, Filters(year_from=2025, year_to=2025, districts=("380",))).changes["n"]
    assert (n.now, n.before, n.delta) == (3, _one(con, fold, 2024, 2024), 1)
    # Rankings and the profile: TP Thanh Hóa's 2024 rank is counted with Đông Sơn (2 models, tied with Hoằng Hóa).
    ranked, status = trends.ranking(con, Filters(year_from=2025, year_to=2025), "n")
    row = ranked.set_index("code").loc["380"]
    assert status == periods.OK and "405" not in set(ranked["code"])
    assert (row["rank"], row["previous_rank"], row["change"]) == (1, 1, 0)


def test_profile_rank_change_on_the_same_boundaries(small, monkeypatch):
    """Hoằng Hóa in 2025 is 2nd (1 model; TP Thanh Hóa 3); in 2024 it tied first with TP Thanh Hóa
    counted with Đông Sơn (2 each): one place down, not "=" against a TP Thanh Hóa of 1."""
    db, _ = small
    monkeypatch.setenv("DVK_DB", str(db))
    app = page_app("profile.py")
    app.query_params.update({"from": "2025", "to": "2025", "district": "399"})
    app.run()
    assert not app.exception
    assert app.metric[2].value == "2/26" and app.metric[2].proto.delta == "-1 bậc"


def test_rank_change_of_commendations_over_the_same_months(small):
    _, con = small
    ranked, status = trends.ranking(con, Filters(year_from=2026, year_to=2026), "commendations")
    assert status == periods.SAME_MONTHS
    rows = ranked.set_index("code")
    # 2026 (to 30 Nov): TP Thanh Hóa 2, Hoằng Hóa 1. Jan–Nov 2025: Hoằng Hóa 2, TP Thanh Hóa 0 (its four
    # are all in December). Over whole 2025 TP Thanh Hóa led (4 against 3) and would show "=".
    assert (rows.loc["380", "rank"], rows.loc["380", "previous_rank"], rows.loc["380", "change"]) == (1, 2, 1)
    assert (rows.loc["399", "rank"], rows.loc["399", "previous_rank"], rows.loc["399", "change"]) == (2, 1, -1)
    models, status = trends.ranking(con, Filters(year_from=2026, year_to=2026), "n")
    assert status == periods.YTD and models["change"].isna().all() and trends.most_improved(models).empty


def test_the_report_of_a_partial_year(small):
    _, con = small
    raw = report.build_report(
        con, Filters(year_from=2026, year_to=2026), "vi", today=dt.date(2026, 11, 30), images=False
    )
    doc = docx.Document(io.BytesIO(raw))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Tỉnh Thanh Hóa — năm 2026 (số liệu đến 30/11/2026)" in text
    assert "Khen thưởng so sánh cùng kỳ: tháng 1–11/2026 với tháng 1–11/2025." in text
    assert "Số liệu từ đầu năm chưa so sánh được" in text and "so với 2025–2025" not in text
    assert (
        "Hình 1. Số mô hình, điển hình theo huyện, năm 2026 (26 đơn vị cấp huyện, Đông Sơn trong TP Thanh Hóa; "
        "2026: số liệu đến 30/11/2026; chưa có số liệu theo đơn vị báo cáo)." in text
    )  # no file of this warehouse names its unit and period (dvk.completeness)
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Chỉ số")
    rows = {r.cells[0].text: [c.text for c in r.cells[1:]] for r in table.rows}
    assert rows["Chỉ số"] == ["2026", "2025", "Thay đổi", "%"]
    assert rows["Mô hình, điển hình"] == ["3", "4", "–", "–"]  # 2025's whole year shown, no change
    assert rows["Khen thưởng"] == ["3", "2", "+1", "+50,0%"]  # Jan–Nov on both sides
    scope = next(t for t in doc.tables if t.rows[0].cells[0].text == "Bộ lọc")
    assert scope.rows[1].cells[1].text == "2026 (số liệu đến 30/11/2026)"


def test_the_report_keeps_dong_son_on_both_sides(small):
    _, con = small
    raw = report.build_report(con, Filters(year_from=2025, year_to=2025, districts=("380",)), "en", images=False)
    table = next(t for t in docx.Document(io.BytesIO(raw)).tables if t.rows[0].cells[0].text == "Measure")
    assert [c.text for c in table.rows[1].cells] == ["Models and examples", "3", "2", "+1", "+50.0%"]


def test_rankings_page_shows_no_rank_change_for_a_partial_year(small, monkeypatch):
    db, _ = small
    monkeypatch.setenv("DVK_DB", str(db))
    app = page_app("rankings.py")
    app.query_params.update({"from": "2026", "to": "2026"})
    app.run()
    assert not app.exception
    table = app.dataframe[0].value
    assert set(table["So với kỳ trước"]) == {"–"} and not any("▲" in v or "▼" in v for v in table["So với kỳ trước"])
    captions = [c.value for c in app.caption]
    assert "2026: số liệu đến 30/11/2026" in captions
    assert any(c.startswith("Số liệu từ đầu năm chưa so sánh được") for c in captions)
    app.radio(key="rank_view").set_value("improved").run()
    assert any("không so sánh hạng" in i.value for i in app.info)


def test_overview_of_a_partial_year_shows_no_misleading_arrow(small, monkeypatch):
    db, con = small
    monkeypatch.setenv("DVK_DB", str(db))
    app = page_app("overview.py")
    app.query_params.update({"from": "2026", "to": "2026"})
    app.run()
    assert not app.exception
    assert app.caption[0].value == "Năm 2026, so với năm 2025 · 2026: số liệu đến 30/11/2026"
    models, commendations = app.metric[0], app.metric[2]
    assert models.value == "3" and not models.proto.delta  # no arrow for 11 months against 12
    assert commendations.proto.delta == "+1 (cùng kỳ)"
    highlights = next(m.value for m in app.markdown if "Điểm nổi bật" in m.value)
    assert "Năm 2026 (số liệu đến 30/11/2026) có 3 mô hình, điển hình; chưa so sánh với năm 2025" in highlights
    assert "so với 2025–2025" not in highlights and "giai đoạn 2026–2026" not in highlights.lower()


# ---------------------------------------------------------------- words


def test_period_words_in_both_languages():
    one, span = Filters(year_from=2026, year_to=2026), Filters(year_from=2021, year_to=2023)
    assert (periods.name(one, "vi"), periods.name(one, "en")) == ("Năm 2026", "2026")
    assert (periods.name(span, "vi"), periods.name(span, "en")) == ("Giai đoạn 2021–2023", "2021–2023")
    assert periods.versus(Filters(year_from=2025, year_to=2025), one.previous().previous(), "vi") == (
        "Năm 2025, so với năm 2024"
    )
    assert periods.versus(span, span.previous(), "en") == "2021–2023, compared with 2018–2020"
    through = dt.date(2026, 11, 30)
    assert periods.partial_note(one, through, "vi") == "2026: số liệu đến 30/11/2026"
    assert periods.partial_note(one, through, "en") == "2026: data to 30 Nov 2026"
    assert periods.partial_note(span, through, "vi") is None
    assert periods.partial_note(one, dt.date(2026, 12, 31), "vi") is None
    assert periods.same_months(Filters(year_from=2025, year_to=2026), "11-15", "vi") == "1/1/2025–15/11/2026"
    assert periods.same_months(Filters(year_from=2025, year_to=2026), "11-15", "en") == "1 Jan 2025–15 Nov 2026"
    assert periods.same_months(one, "01-31", "en") == "Jan 2026"


# ---------------------------------------------------------------- the province's clock


def test_the_clock_is_the_provinces():
    # 20:30 UTC on 31 Dec 2026 is 03:30 on 1 Jan 2027 in Thanh Hóa.
    with clock.pinned(dt.datetime(2026, 12, 31, 20, 30, tzinfo=dt.UTC)):
        assert clock.today() == dt.date(2027, 1, 1) and clock.current_year() == 2027
        assert clock.now().utcoffset() == dt.timedelta(hours=7)
        assert Filters().year_to == 2027
    assert clock.local("2026-11-30T05:10:00+00:00").hour == 12
    stored = pd.Series(pd.to_datetime(["2026-11-30T05:10:00+00:00"]))
    assert clock.local_naive(stored).iloc[0] == pd.Timestamp("2026-11-30 12:10")


def test_new_years_records_load_after_midnight_in_thanh_hoa(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    _write(folder, "m.csv", MODEL_HEADER, ["Mô hình năm mới,Mô hình tập thể,Kinh tế,Nga Sơn,2027,Cấp xã"])
    when = dt.datetime(2027, 1, 1, 3, 0)  # the server's UTC clock still reads 31 Dec 2026, 20:00
    with clock.pinned(when):
        summary = load([folder], tmp_path / "w.duckdb", progress=quiet)
    assert summary.rows_loaded == 1 and summary.rows_rejected == 0
    con = duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True)
    meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
    assert meta["last_load"] == "2027-01-01T03:00:00+07:00" and meta["data_through"] == "2027-01-01"
    assert meta["schema_version"] == config.SCHEMA_VERSION
    started = con.execute("SELECT started_at FROM etl_runs").fetchone()[0]
    assert started == when.replace(tzinfo=clock.TZ)  # stored with its zone: the same instant
    types = dict(
        con.execute("SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = 'etl_runs'").fetchall()
    )
    assert types["started_at"] == types["finished_at"] == "TIMESTAMP WITH TIME ZONE"
    con.close()
