"""The "Danh sách" and "Dữ liệu" pages: row-level queries on the fixture warehouse, and the pages in AppTest."""

import shutil
import unicodedata
from pathlib import Path

import pytest

from dvk import l10n, records
from dvk.filters import Filters
from dvk.labels import md
from tests.conftest import ALL_YEARS, on_screen, page_app

ROOT = Path(__file__).resolve().parent.parent


def _sql_count(con, where: str = "TRUE", *params) -> int:
    return con.execute(f"SELECT count(*) FROM models WHERE {where}", list(params)).fetchone()[0]


def _hien_dat(con) -> int:
    return _sql_count(
        con,
        "name ILIKE '%hiến đất%' OR host_unit ILIKE '%hiến đất%' OR commune ILIKE '%hiến đất%'",
    )


# --- dvk.records ----------------------------------------------------------------------------------


def test_fold_query_matches_the_stored_search_text():
    assert records.fold_query("  Hiến   ĐẤT ") == "hien dat"
    assert records.fold_query("Đông Sơn") == "dong son"
    assert records.fold_query("Hoằng Hoá") == records.fold_query("Hoằng Hóa") == "hoang hoa"
    assert records.fold_query("100%_x") == "100\\%\\_x"  # LIKE wildcards are literal
    assert records.fold_query(None) == ""


def test_search_without_diacritics_finds_exactly_the_matching_models(fixture_con):
    expected = _hien_dat(fixture_con)
    assert expected == 4
    f = Filters()
    assert records.count(fixture_con, f, "hien dat") == expected
    assert records.count(fixture_con, f, "HIẾN ĐẤT") == expected
    df = records.page(fixture_con, f, "hien dat")
    assert len(df) == expected
    assert all("hiến đất" in n.lower() for n in df["name"])
    assert (
        records.count(fixture_con, f, "hoang tien") == _sql_count(fixture_con, "search_text LIKE '%hoang tien%'") == 2
    )


def test_search_is_blind_to_đ_case_marks_spacing_and_nfd(fixture_con):
    f = Filters(year_from=2016, year_to=2026)
    for q in (
        "duong hoa",
        "Đường hoa",
        "ĐƯỜNG  HOA",
        unicodedata.normalize("NFD", "đường hoa"),
        " \u00d0uong\u00a0hoa ",
    ):
        found = records.page(fixture_con, f, q)["name"].tolist()
        assert found == ["Đường hoa nông thôn mới"], q
    assert records.count(fixture_con, f, '"mat than"') == 1  # punctuation is searched as typed
    assert records.count(fixture_con, f, "mat than") == 1
    assert records.count(fixture_con, f, "hac thanh") == 1  # the commune of Đường hoa nông thôn mới: Hạc Thành
    assert records.count(fixture_con, f, "hac thanh", people=False) == 1  # a collective is searched in full


def test_an_individual_is_found_by_name_only_with_people(people_con):
    f = Filters(year_from=2016, year_to=2026)
    assert records.count(people_con, f, "ÔNG T.V.K.") == records.count(people_con, f, "ong t.v.k.") == 1
    assert records.count(people_con, f, "ong t.v.k.", people=False) == 0  # searched by its (empty) commune only


def test_search_respects_the_shared_filters(fixture_con):
    f = Filters(year_from=2023, year_to=2026)
    assert records.count(fixture_con, f) == _sql_count(fixture_con, "year_recognized >= 2023")
    assert records.count(fixture_con, f, "hien dat") == 2
    # Đông Sơn (405) is counted in TP Thanh Hóa (380) once the period reaches 2025, on its own before.
    assert records.count(fixture_con, Filters(districts=("380",))) == _sql_count(
        fixture_con, "district_code IN ('380', '405')"
    )
    assert records.count(fixture_con, Filters(year_to=2024, districts=("405",))) == 2
    assert records.count(fixture_con, Filters(kinds=("dien_hinh_ca_nhan",))) == 1


def test_sql_in_the_search_box_is_only_text(fixture_con):
    for text in ("'; DROP TABLE models; --", "' OR '1'='1", "%", "_"):
        assert records.count(fixture_con, Filters(), text) == 0
        assert records.page(fixture_con, Filters(), text).empty
    assert _sql_count(fixture_con) == 16


def test_pages_of_the_list(fixture_con):
    f = Filters()
    every = records.page(fixture_con, f, sort="name", page_size=100)
    assert len(every) == 16
    first = records.page(fixture_con, f, sort="name", page_no=1, page_size=5)
    second = records.page(fixture_con, f, sort="name", page_no=2, page_size=5)
    last = records.page(fixture_con, f, sort="name", page_no=4, page_size=5)
    assert first["model_id"].tolist() == every["model_id"].tolist()[:5]
    assert second["model_id"].tolist() == every["model_id"].tolist()[5:10]
    assert last["model_id"].tolist() == every["model_id"].tolist()[15:]
    assert records.page(fixture_con, f, page_no=5, page_size=5).empty
    assert records.page_count(0) == 1 and records.page_count(50) == 1 and records.page_count(51) == 2
    assert records.summary(1234, 1, 50) == "Hiển thị 1–50 trong 1.234 mô hình"
    assert records.summary(1234, 25, 34) == "Hiển thị 1.201–1.234 trong 1.234 mô hình"


def test_sort_keys_come_from_the_allow_list(fixture_con):
    f = Filters()
    by_funds = records.page(fixture_con, f, sort="funds")
    assert (
        by_funds["funds_million_vnd"].iloc[0]
        == fixture_con.execute("SELECT max(funds_million_vnd) FROM models").fetchone()[0]
    )
    assert by_funds["funds_million_vnd"].iloc[-1] != by_funds["funds_million_vnd"].iloc[-1]  # NaN last
    by_year = records.page(fixture_con, f, sort="year", reverse=True)
    assert by_year["year_recognized"].is_monotonic_increasing
    assert records.page(fixture_con, f, sort="district")["district_name"].iloc[0] == "Cẩm Thủy"
    for key in records.SORTS:
        assert len(records.page(fixture_con, f, sort=key)) == 16
    for bad in ("model_id; DROP TABLE models", "year_recognized", "NAME", ""):
        with pytest.raises(ValueError):
            records.page(fixture_con, f, sort=bad)


def test_one_record_in_full_with_its_commendations(fixture_con):
    record = records.detail(fixture_con, "Mae3f4212c328b574")
    assert record["name"] == "Hiến đất mở rộng đường giao thông thôn 3"
    assert (record["source_file"], record["source_row"]) == ("2023_399_hoang-hoa.xlsx", 5)
    rows = dict(records.detail_rows(record).itertuples(index=False))
    assert (
        rows["Loại"] == "Mô hình tập thể" and rows["Kinh phí (triệu đồng)"] == "450,5" and rows["Huyện"] == "Hoằng Hóa"
    )
    linked = records.commendations(fixture_con, "Mae3f4212c328b574")
    assert linked["recipient_name"].tolist() == ["Chi hội nông dân thôn 3"]
    assert records.display_commendations(linked)["Hình thức"].tolist() == ["Giấy khen"]
    assert records.commendations(fixture_con, "Mbfb1436da7bff766").empty
    assert records.detail(fixture_con, "M-none") is None


def test_rejects_by_file_kind_and_reason(fixture_con):
    total = fixture_con.execute("SELECT count(*) FROM rejects").fetchone()[0]
    assert len(records.rejects(fixture_con)) == total == 5
    dup = records.rejects(fixture_con, kind="duplicate")
    assert dup["file"].tolist() == ["2024_401_nga-son_bo-sung.csv"]
    assert len(records.rejects(fixture_con, file="2023_399_hoang-hoa.xlsx")) == 3
    assert len(records.rejects(fixture_con, reason="khong nhan ra")) == 2  # reason matched without diacritics
    assert records.rejects(fixture_con, kind="invalid", file="2024_401_nga-son_bo-sung.csv").empty
    assert records.reject_files(fixture_con) == sorted(
        fixture_con.execute("SELECT DISTINCT file FROM rejects").df()["file"]
    )
    with pytest.raises(ValueError):
        records.rejects(fixture_con, kind="other")
    every = records.rejects(fixture_con)
    first = records.rejects(fixture_con, limit=3)  # what the Data page draws: the first ones in file order
    assert first.to_dict("records") == every.head(3).to_dict("records")
    assert records.rejects_count(fixture_con) == total
    assert records.rejects_count(fixture_con, file="2023_399_hoang-hoa.xlsx") == 3
    assert records.rejects_count(fixture_con, reason="khong nhan ra", kind="invalid") == 2


def test_load_history_and_boundaries(fixture_con):
    runs = records.etl_runs(fixture_con)
    assert runs[["files_new", "rows_read", "rows_loaded", "rows_rejected"]].iloc[0].tolist() == [8, 24, 19, 5]
    bounds = records.display_boundaries(records.boundaries_in_use(fixture_con))
    assert dict(zip(bounds["Năm ranh giới"], bounds["Số đơn vị"], strict=True)) == {
        "2024": 27,
        "2025": 26,
        "2025-07": 166,
    }
    assert set(bounds["Nguồn"]) == {"ranh giới gần đúng (tính từ dữ liệu gói vietnamadminunits)"}


# --- pages ----------------------------------------------------------------------------------------


@pytest.fixture()
def env(fixture_db, monkeypatch):
    monkeypatch.setenv("DVK_DB", str(fixture_db))


def _summary(app) -> str:
    return next(c.value for c in app.caption if c.value.startswith("Hiển thị"))


def test_records_page_search_changes_the_count(env, fixture_con):
    app = page_app("records.py")
    app.query_params.update(ALL_YEARS)
    app.run()
    assert not app.exception
    assert _summary(app) == f"Hiển thị 1–16 trong {_sql_count(fixture_con)} mô hình"
    assert len(app.dataframe[0].value) == 16
    app.text_input(key="rec_q").input("hien dat").run()
    assert not app.exception
    assert _summary(app) == f"Hiển thị 1–{_hien_dat(fixture_con)} trong {_hien_dat(fixture_con)} mô hình"
    shown = app.dataframe[0].value
    assert len(shown) == 4 and "Tên mô hình, điển hình" in shown.columns and set(shown["Lĩnh vực"]) == {"Kinh tế"}


def test_records_page_detail_and_empty_result(env):
    app = page_app("records.py")
    app.query_params.update(ALL_YEARS)
    app.run()
    app.selectbox(key="rec_detail").set_value("Mae3f4212c328b574").run()
    assert not app.exception
    assert app.subheader[0].value == "Hiến đất mở rộng đường giao thông thôn 3"
    assert any(
        md("2023_399_hoang-hoa.xlsx") in c.value and "dòng 5" in c.value for c in app.caption
    )  # escaped markdown
    assert app.dataframe[-1].value["Người/tập thể được khen"].tolist() == ["Chi hội nông dân thôn 3"]
    app.text_input(key="rec_q").input("'; DROP TABLE models; --").run()
    assert not app.exception
    assert any("Không có mô hình nào" in i.value for i in app.info)


def test_records_page_sorts_and_pages(env, fixture_con):
    app = page_app("records.py")
    app.query_params.update(ALL_YEARS)
    app.run()
    app.selectbox(key="rec_sort").set_value("funds").run()
    assert not app.exception
    top = on_screen(app.dataframe[0])["Kinh phí (triệu đồng)"].iloc[0]
    top_value = fixture_con.execute("SELECT max(funds_million_vnd) FROM models").fetchone()[0]
    assert top == l10n.number(top_value, 1) == "1.800,0"  # Vietnamese number format
    assert app.number_input(key="rec_page").max == 1


REJ = 2  # the rejects table, then the load's warnings, end the Data page
WARN = 3


def test_data_page_filters_rejects_by_kind(env, fixture_con):
    app = page_app("data.py")
    app.run()
    assert not app.exception
    assert any("python -m etl sample" in i.value for i in app.info)  # the fixtures are marked synthetic
    assert len(app.dataframe) == 5  # loads, boundaries, rejects, warnings, placement per year (no unresolved name)
    assert len(app.dataframe[REJ].value) == fixture_con.execute("SELECT count(*) FROM rejects").fetchone()[0] == 5
    app.selectbox(key="rej_kind").set_value("duplicate").run()
    assert not app.exception
    rej = app.dataframe[REJ].value
    expected = fixture_con.execute("SELECT file, reason FROM rejects WHERE kind = 'duplicate'").fetchall()
    assert len(rej) == len(expected) == 1
    assert list(zip(rej["Tệp"], rej["Lý do"], strict=True)) == expected
    assert rej["Loại"].tolist() == ["Trùng lặp"]
    assert "1 ô bị loại" in [c.value for c in app.caption]
    runs = app.dataframe[0].value  # numbers behind the table, drawn as on screen
    assert runs[["Tệp mới", "Dòng đọc", "Dòng nạp", "Dòng bị loại"]].iloc[0].tolist() == [8, 24, 19, 5]
    assert on_screen(app.dataframe[0])[["Dòng đọc", "Lần nạp"]].iloc[0].tolist() == ["24", "1"]
    bounds = app.dataframe[1].value
    assert "ranh giới gần đúng (tính từ dữ liệu gói vietnamadminunits)" in set(bounds["Nguồn"])


def test_data_page_reason_filter_with_no_match_says_so(env):
    app = page_app("data.py")
    app.run()
    app.text_input(key="rej_reason").input("khong co ly do nay").run()
    assert not app.exception
    assert any("Không có dòng bị loại" in i.value for i in app.info)


def test_data_page_pages_the_rejects_and_offers_all(env, fixture_con, monkeypatch):
    monkeypatch.setattr(records, "REJECTS_PAGE_SIZE", 3)
    app = page_app("data.py")
    app.run()
    assert not app.exception
    total = fixture_con.execute("SELECT count(*) FROM rejects").fetchone()[0]
    every = fixture_con.execute(
        'SELECT file, "row", reason FROM rejects ORDER BY file, sheet, "row", "column"'
    ).fetchall()
    assert total == 5

    def shown() -> list[tuple]:
        df = app.dataframe[REJ].value
        return list(zip(df.iloc[:, 0], df.iloc[:, 2].astype(int), df["Lý do"], strict=True))

    assert shown() == [(f, r, why) for f, r, why in every[:3]]
    captions = [c.value for c in app.caption]
    assert "Hiển thị 1–3 trong 5 ô bị loại — tải «tất cả bản ghi khớp bộ lọc» để có đủ." in captions
    assert app.number_input(key="rej_page").max == 2
    app.number_input(key="rej_page").set_value(2).run()
    assert not app.exception
    assert shown() == [(f, r, why) for f, r, why in every[3:]]
    assert "Hiển thị 4–5 trong 5 ô bị loại — tải «tất cả bản ghi khớp bộ lọc» để có đủ." in [
        c.value for c in app.caption
    ]
    labels = [b.proto.label for b in app.get("download_button")]
    assert "CSV (tất cả bản ghi khớp bộ lọc)" in labels and "XLSX (tất cả bản ghi khớp bộ lọc)" in labels


def test_data_page_counts_the_loads_warnings_by_value(env, fixture_con):
    app = page_app("data.py")
    app.run()
    assert not app.exception
    shown = app.dataframe[WARN].value
    expected = fixture_con.execute(
        'SELECT "column", value, became, count(*) FROM load_warnings GROUP BY ALL ORDER BY 4 DESC, 1, 2'
    ).fetchall()
    assert len(expected) == 2
    got = list(zip(shown["Cột"], shown["Giá trị đã ghi"], shown["Đã nạp thành"], shown["Số ô"], strict=True))
    assert [tuple(map(str, g)) for g in got] == [tuple(map(str, e)) for e in expected]
    assert ("Hình thức", "Huân chương", "Chưa phân loại") in [g[:3] for g in got]


def test_counts_in_words_follow_each_language_s_plural():
    # hand-worked: English says "1 model" but "1,234 models"; Vietnamese has one form
    assert records.summary(1234, 1, 50, "en") == "Showing 1–50 of 1,234 models"
    assert records.summary(1, 1, 1, "en") == "Showing 1–1 of 1 model"
    assert records.summary(1, 1, 1, "vi") == "Hiển thị 1–1 trong 1 mô hình"
    assert records.rejects_summary(11994, 2, 200, "en") == "Showing 201–400 of 11,994 rejected cells"
    assert records.rejects_summary(1, 1, 1, "en") == "Showing 1–1 of 1 rejected cell"
    assert records.rejects_summary(11994, 2, 200, "vi") == "Hiển thị 201–400 trong 11.994 ô bị loại"


def test_one_english_header_per_vietnamese_label(fixture_con):
    # the list once said "Year" and "Households" where the sort menu said "Year recognised" and
    # "Households benefiting": one text now, in the list, the detail view and the sort menu alike
    shown = records.display_list(records.page(fixture_con, Filters()), "en")
    assert {"Year recognised", "Households benefiting", "Working days", "Recognition level"} <= set(shown.columns)
    assert (records.sort_label("year", "en"), records.sort_label("households", "en")) == (
        "Year recognised",
        "Households benefiting",
    )
    assert (records.sort_label("funds", "vi"), records.sort_label("funds", "en")) == (
        "Kinh phí huy động",
        "Money mobilised",
    )
    assert [(records.reject_kind(k, "vi"), records.reject_kind(k, "en")) for k in records.REJECT_KINDS] == [
        ("Không hợp lệ", "Invalid"),
        ("Trùng lặp", "Duplicate"),
    ]
    runs = records.display_runs(records.etl_runs(fixture_con), "en")
    assert runs.columns[0] == "Load run" and "Duplicates" in runs.columns


# --- the 2025 commune (issue 14) ------------------------------------------------------------------


def test_records_by_2025_commune_match_a_direct_count(fixture_con):
    # the fixture names three 2025 communes: Hạc Thành 14797 (380), Đông Tiến 15853 (filed in Thiệu Hóa 398)
    # and Hoằng Tiến 15991 (399), one record each
    for codes in (("14797",), ("15853", "15991"), ("14845",)):
        want = _sql_count(fixture_con, "list_contains(?, commune_code)", list(codes))
        assert records.count(fixture_con, Filters(communes=codes)) == want
        assert sorted(records.page(fixture_con, Filters(communes=codes))["model_id"]) == [
            r[0]
            for r in fixture_con.execute(
                "SELECT model_id FROM models WHERE list_contains(?, commune_code) ORDER BY model_id", [list(codes)]
            ).fetchall()
        ]
    # hand-worked: Đông Tiến's 2026 row, Hoằng Tiến's 2026 row, and the 2023 row that wrote the former
    # xã Hoằng Tiến (Hoằng Hóa 399), placed in the new Hoằng Tiến 15991 through the crosswalk
    assert records.count(fixture_con, Filters(communes=("15853", "15991"))) == 3
    assert records.count(fixture_con, Filters(communes=("14845",))) == 0  # Mường Lát: no record names it
    # with a district too: both narrow (Hoằng Tiến is in Hoằng Hóa, Đông Tiến was filed in Thiệu Hóa)
    assert records.count(fixture_con, Filters(districts=("399",), communes=("15853", "15991"))) == 2


def test_a_2025_commune_name_finds_records_that_wrote_the_former_name(fixture_con):
    f = Filters()
    # the row wrote "xã Đông Tiến (huyện Thiệu Hóa cũ)"; its 2025 commune is Phường Đông Tiến
    assert _sql_count(fixture_con, "search_text LIKE '%phuong dong tien%'") == 0
    assert records.count(fixture_con, f, "phuong dong tien") == 1
    assert records.count(fixture_con, f, "Phường Đông Tiến", people=False) == 1
    assert records.page(fixture_con, f, "phuong dong tien")["model_id"].tolist() == ["Mddcdabd5c0b789c6"]


def test_the_2025_commune_is_a_column_of_the_list_and_the_detail(fixture_con):
    df = records.page(fixture_con, Filters(communes=("15853",)))
    assert df["commune_2025_name"].tolist() == ["Đông Tiến"]
    shown = records.display_list(df, "vi")
    assert shown["Xã, phường mới (từ 1/7/2025)"].tolist() == ["Đông Tiến"]
    assert shown["Xã, phường (như ghi)"].tolist() == ["xã Đông Tiến (huyện Thiệu Hóa cũ)"]
    rows = dict(records.detail_rows(records.detail(fixture_con, "Mddcdabd5c0b789c6"), "en").itertuples(index=False))
    assert rows["Commune (from 1 Jul 2025)"] == "Phường Đông Tiến"


def test_records_page_follows_the_sidebar_commune_filter(env, fixture_con):
    app = page_app("records.py")
    app.query_params.update(ALL_YEARS | {"communes": "14797,15991"})
    app.run()
    assert not app.exception
    want = _sql_count(fixture_con, "commune_code IN ('14797', '15991')")
    assert want == 3  # Hạc Thành's row, Hoằng Tiến's and the 2023 row of the former xã Hoằng Tiến (crosswalk)
    assert _summary(app) == f"Hiển thị 1–{want} trong {want} mô hình"
    assert sorted(app.dataframe[0].value["Xã, phường mới (từ 1/7/2025)"]) == ["Hoằng Tiến", "Hoằng Tiến", "Hạc Thành"]


# --- the coverage of the 2025 communes ------------------------------------------------------------


def test_data_page_says_placement_is_not_available_on_an_older_warehouse(fixture_db, tmp_path, monkeypatch):
    """A warehouse written before the loader placed records (no placement column, no agg_placement)."""
    import duckdb

    db = tmp_path / "older.duckdb"
    shutil.copy(fixture_db, db)
    con = duckdb.connect(str(db))
    for table in ("models", "commendations", "models_held", "commendations_held"):
        con.execute(f"ALTER TABLE {table} DROP COLUMN commune_placement")
    con.execute("DROP TABLE agg_placement")
    assert not con.execute(
        "SELECT count(*) FROM information_schema.columns WHERE column_name = 'commune_placement'"
    ).fetchone()[0]
    con.close()
    monkeypatch.setenv("DVK_DB", str(db))
    app = page_app("data.py")
    app.run()
    assert not app.exception
    assert any("Chưa có: kho dữ liệu được nạp trước khi bản ghi được xếp vào xã mới" in i.value for i in app.info)
    assert len(app.dataframe) == WARN + 1  # no coverage tables: the page's other tables keep their places


@pytest.fixture()
def placed_db(fixture_db, tmp_path, monkeypatch):
    """The fixture warehouse as the loader placed it, with two records changed by hand: one placed
    through the crosswalk is marked split_default, another becomes an unresolved 'Xuân Lộc' (Hậu Lộc)."""
    import duckdb

    db = tmp_path / "placed.duckdb"
    shutil.copy(fixture_db, db)
    con = duckdb.connect(str(db))
    first = con.execute("SELECT min(model_id) FROM models WHERE commune_placement = 'crosswalk'").fetchone()[0]
    con.execute("UPDATE models SET commune_placement = 'split_default' WHERE model_id = ?", [first])
    second = con.execute("SELECT min(model_id) FROM models WHERE commune_placement = 'crosswalk'").fetchone()[0]
    con.execute(
        "UPDATE models SET commune_placement = 'unresolved', commune = 'Xuân Lộc', district_code = '400', "
        "commune_code = NULL, former_commune_code = NULL "
        "WHERE model_id = ?",
        [second],
    )
    con.execute(
        "CREATE OR REPLACE TABLE agg_placement AS SELECT year, record, placement, count(*) AS n FROM ("
        "SELECT year_recognized AS year, 'models' AS record, commune_placement AS placement FROM models "
        "UNION ALL SELECT year, 'commendations', commune_placement FROM commendations) GROUP BY ALL"
    )
    con.close()
    monkeypatch.setenv("DVK_DB", str(db))
    return db


def test_data_page_shows_placement_per_year_and_the_unresolved_names(placed_db):
    import duckdb

    con = duckdb.connect(str(placed_db), read_only=True)
    rows = con.execute(
        "SELECT year, count(*), count(*) FILTER (p IN ('named_2025', 'crosswalk')), "
        "count(*) FILTER (p = 'split_default'), count(*) FILTER (p = 'unresolved'), count(*) FILTER (p = 'not_named') "
        "FROM (SELECT year_recognized AS year, commune_placement AS p FROM models "
        "UNION ALL SELECT year, commune_placement FROM commendations) GROUP BY year ORDER BY year"
    ).fetchall()
    district = con.execute("SELECT short_name FROM districts WHERE code = '400'").fetchone()[0]
    con.close()
    app = page_app("data.py")
    app.run()
    assert not app.exception
    years, names = app.dataframe[WARN + 1].value, app.dataframe[WARN + 2].value
    assert years["Năm"].tolist() == [str(r[0]) for r in rows] and years["Số bản ghi"].tolist() == [r[1] for r in rows]
    for col, i in (("Đã xếp vào xã mới (%)", 2), ("Đơn vị bị chia: xếp vào xã mặc định (%)", 3)):
        assert years[col].round(6).tolist() == [round(100 * r[i] / r[1], 6) for r in rows]
    for col, i in (("Không xác định được (chỉ cấp huyện) (%)", 4), ("Không ghi xã (%)", 5)):
        assert years[col].round(6).tolist() == [round(100 * r[i] / r[1], 6) for r in rows]
    assert sum(r[3] for r in rows) == 1 and sum(r[4] for r in rows) == 1  # as placed above
    assert names[["Huyện", "Tên xã như đã ghi", "Số bản ghi"]].values.tolist() == [[district, "Xuân Lộc", 1]]
    assert names["Dòng thêm vào [commune_aliases]"].tolist() == [f'"{district} | Xuân Lộc" = "…"']
    assert any("[commune_aliases]" in c.value and "config/vocabulary.toml" in c.value for c in app.caption)
    assert len(app.get("plotly_chart")) == 1


def test_placement_bar_writes_numbers_as_the_language_does():
    import pandas as pd

    from dvk import placement

    years = pd.DataFrame(
        {"year": [2020], "placed_share": [0.825], "split_default_share": [0.0125], "unresolved_share": [0.0125]}
        | {"not_named_share": [0.15]}
    )
    vi, en = placement.figure(years, "vi"), placement.figure(years, "en")
    assert vi.layout.separators == ",." and en.layout.separators == ".,"  # '82,5%' / '82.5%' in the hover
    assert [round(b.y[0], 2) for b in vi.data] == [82.5, 1.25, 1.25, 15.0]
    assert vi.data[0].hovertemplate.startswith("%{x}: %{y:,.1f}%")
