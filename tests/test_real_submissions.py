"""Issue 11: real submissions load whole — vocabulary as data, unclassified values as warnings, numbers
in either convention, per-cell TCVN3, dates as written, and no row lost when a file is replaced.

Every case is a small submission loaded by the real loader; the expectations are hand-worked.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import duckdb
import pytest

from etl.columns import COMMENDATION_COLUMNS, MODEL_COLUMNS
from etl.errors import LoadError
from etl.load import load
from etl.tcvn3 import fix_tcvn3
from etl.text import clean_text, parse_date
from etl.vocabulary import DEFAULT_PATH
from tests.conftest import quiet
from tests.test_tcvn3 import encode_tcvn3

MODEL_HEADER = [c.header for c in MODEL_COLUMNS]
COMM_HEADER = [c.header for c in COMMENDATION_COLUMNS]
MODEL_DEFAULTS = {
    "Loại": "Mô hình",
    "Lĩnh vực": "Kinh tế",
    "Huyện": "Hoằng Hóa",
    "Năm công nhận": "2023",
    "Cấp công nhận": "Cấp xã",
}
TODAY = dt.date(2026, 12, 1)


def write_csv(path: Path, header: list[str], rows: list[list]) -> Path:
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows([header, *rows])
    return path


def model(name: str, **cells) -> list:
    """A model row: the name, the required cells' defaults, and `cells` by header."""
    base = MODEL_DEFAULTS | {"Tên mô hình": name} | cells
    return [base.get(h, "") for h in MODEL_HEADER]


def commendation(name: str, issuer: str, district: str = "Yên Định", date: str = "", **cells) -> list:
    """A commendation row (a collective's Giấy khen of 2023 unless `cells` say otherwise)."""
    base = {"Tên tập thể/cá nhân": name, "Đối tượng": "Tập thể", "Huyện": district, "Năm": "2023"}
    base |= {"Hình thức": "Giấy khen", "Cơ quan khen thưởng": issuer, "Ngày quyết định": date} | cells
    return [base.get(h, "") for h in COMM_HEADER]


def load_one(tmp_path: Path, rows: list[list], header=MODEL_HEADER, name="nop.csv"):
    path = write_csv(tmp_path / name, header, rows)
    db = tmp_path / "w.duckdb"
    summary = load([path], db, progress=quiet, today=TODAY)
    return summary, duckdb.connect(str(db), read_only=True)


# --- 1–3. Words people write, unclassified values, the vocabulary file ----------------------------


def test_an_unknown_word_loads_as_unclassified_with_a_warning_and_its_count(tmp_path):
    rows = [model(f"Mô hình {i}", **{"Chủ thể": "Đoàn Khối"}) for i in range(3)]
    rows.append(
        model("Mô hình chi hội", **{"Chủ thể": "Đoàn thể", "Đơn vị/Cá nhân thực hiện": "Chi hội Phụ nữ thôn 2"})
    )
    rows.append(model("Mô hình đoàn thể", **{"Chủ thể": "Đoàn thể", "Đơn vị/Cá nhân thực hiện": "Thôn Đông"}))
    summary, con = load_one(tmp_path, rows)
    assert summary.rows_loaded == 5 and summary.rows_rejected == 0
    assert con.execute("SELECT host_sector, count(*) FROM models GROUP BY ALL ORDER BY ALL").fetchall() == [
        ("chua_phan_loai", 3),
        ("doan_the", 1),  # generic, and the host unit names no organisation
        ("hoi_phu_nu", 1),  # "Chi hội Phụ nữ thôn 2"
    ]
    assert con.execute('SELECT "column", value, became, count(*) FROM load_warnings GROUP BY ALL').fetchall() == [
        ("Chủ thể", "Đoàn Khối", "Chưa phân loại", 3)
    ]
    top = summary.warning_counts().iloc[0]
    assert (top["column"], top["value"], top["n"]) == ("Chủ thể", "Đoàn Khối", 3)
    assert "Chủ thể: 'Đoàn Khối' → Chưa phân loại ×3" in summary.text()
    report = summary.warnings_report.read_text(encoding="utf-8-sig")
    assert report.count("Đoàn Khối") == 3


def teach(tmp_path: Path, monkeypatch, line: str) -> Path:
    """A copy of the project's vocabulary with one more host-sector form, put in use (DVK_VOCABULARY)."""
    vocab = tmp_path / "vocabulary.toml"
    text = DEFAULT_PATH.read_text(encoding="utf-8").replace("[host_sector]\n", f"[host_sector]\n{line}\n", 1)
    vocab.write_text(text, encoding="utf-8")
    monkeypatch.setenv("DVK_VOCABULARY", str(vocab))
    return vocab


def test_a_form_added_to_the_vocabulary_file_is_used_by_the_next_load(tmp_path, monkeypatch):
    teach(tmp_path, monkeypatch, '"Đoàn Khối" = "doan_thanh_nien"')
    summary, con = load_one(tmp_path, [model("Mô hình đoàn khối", **{"Chủ thể": "ĐOÀN KHỐI"})])
    assert con.execute("SELECT host_sector FROM models").fetchall() == [("doan_thanh_nien",)]
    assert con.execute("SELECT count(*) FROM load_warnings").fetchone()[0] == 0


def test_a_broken_vocabulary_file_stops_the_load_naming_it(tmp_path, monkeypatch):
    vocab = tmp_path / "vocabulary.toml"
    vocab.write_text('[host_sector]\n"Đoàn Khối" = "khong_co_ma_nay"\n', encoding="utf-8")
    monkeypatch.setenv("DVK_VOCABULARY", str(vocab))
    path = write_csv(tmp_path / "nop.csv", MODEL_HEADER, [model("A")])
    with pytest.raises(LoadError, match="khong_co_ma_nay") as err:
        load([path], tmp_path / "w.duckdb", progress=quiet, today=TODAY)
    assert str(vocab) in str(err.value)
    assert not (tmp_path / "w.duckdb").exists()


ISSUERS = [
    # The issue's examples, as real decisions write them.
    ("Chủ tịch UBND huyện Yên Định", "cap_huyen", "huyen"),
    ("Huyện ủy Quảng Xương", "cap_huyen", "huyen"),
    ("Ban Thường vụ Huyện ủy", "cap_huyen", "huyen"),
    ("UBND tỉnh Thanh Hóa", "chu_tich_ubnd_tinh", "tinh"),
    ("Ban Thường vụ Tỉnh ủy Thanh Hóa", "ban_thuong_vu_tinh_uy", "tinh"),
    ("Ban Dân vận Huyện ủy Quan Sơn", "cap_huyen", "huyen"),
    ("Chủ tịch UBND huyện", "cap_huyen", "huyen"),
    # Others seen in news pages, and spellings: old tone placement, no diacritics, abbreviations.
    ("Ban Tuyên giáo và Dân vận Tỉnh uỷ", "ban_dan_van_tinh_uy", "tinh"),
    ("Bộ Chỉ huy Quân sự tỉnh", "so_nganh_tinh", "tinh"),  # "Bộ" does not make it central
    ("UBND thị xã Nghi Sơn", "cap_huyen", "huyen"),  # "thị xã" is not "xã"
    ("Đảng ủy xã Xuân Lộc", "cap_xa", "xa"),
    ("Thủ tướng Chính phủ", "trung_uong_khac", "trung_uong"),
    ("Ban Dân vận Trung ương", "ban_dan_van_tw", "trung_uong"),
    ("UBND huyen Yen Dinh", "cap_huyen", "huyen"),
    ("BTV TU", "ban_thuong_vu_tinh_uy", "tinh"),
    ("Chủ tịch UBND Yên Định", "cap_huyen", "huyen"),  # a district named, no level word
    ("Sở Nội vụ", "so_nganh_tinh", "tinh"),
    ("Quyết định số 12", "chua_phan_loai", "chua_phan_loai"),  # "số" is not "sở"; no level: unclassified
]


def test_issuers_written_freely_give_the_body_and_its_level(tmp_path):
    rows = [commendation(f"Chi hội Nông dân thôn {i}", w) for i, (w, _, _) in enumerate(ISSUERS)]
    summary, con = load_one(tmp_path, rows, COMM_HEADER)
    assert summary.rows_loaded == len(ISSUERS)
    got = con.execute("SELECT issuer_text, issuer, level FROM commendations ORDER BY source_row").fetchall()
    assert got == [tuple(x) for x in ISSUERS]


# --- 4. Numbers in either convention ----------------------------------------------------------------


def _numbers(con) -> list[tuple]:
    return con.execute(
        "SELECT land_m2, workdays, funds_million_vnd, households_benefited FROM models ORDER BY source_row"
    ).fetchall()


def test_an_english_convention_file_reads_its_ambiguous_numbers_the_english_way(tmp_path):
    rows = [
        model("A", **{"Đất hiến (m²)": "12,500", "Kinh phí (triệu đồng)": "1,250.5", "Hộ hưởng lợi": "1,200"}),
        model("B", **{"Đất hiến (m²)": "3,000,000", "Ngày công": "1,200", "Kinh phí (triệu đồng)": "2.5"}),
    ]
    summary, con = load_one(tmp_path, rows)
    assert _numbers(con) == [(12500.0, None, 1250.5, 1200), (3_000_000.0, 1200.0, 2.5, None)]
    assert con.execute("SELECT count(*) FROM load_warnings").fetchone()[0] == 0  # the file's own numbers settle it


def test_a_vietnamese_file_is_read_as_today(tmp_path):
    rows = [
        model("A", **{"Đất hiến (m²)": "1.200", "Kinh phí (triệu đồng)": "1.250,5", "Hộ hưởng lợi": "1.200"}),
        model("B", **{"Đất hiến (m²)": "12,5", "Ngày công": "1.200.000", "Kinh phí (triệu đồng)": "12,5"}),
    ]
    summary, con = load_one(tmp_path, rows)
    assert _numbers(con) == [(1200.0, None, 1250.5, 1200), (12.5, 1_200_000.0, 12.5, None)]
    assert con.execute("SELECT count(*) FROM load_warnings").fetchone()[0] == 0


def test_whole_number_columns_never_take_a_decimal_and_an_unsettled_number_is_warned(tmp_path):
    rows = [model("A", **{"Hộ hưởng lợi": "1,200", "Ngày công": "1,200", "Đất hiến (m²)": "1,200"})]
    summary, con = load_one(tmp_path, rows)
    # Households and working days are whole: twelve hundred either way. Land has nothing to settle the
    # convention: read the Vietnamese way (1,2) and listed as a warning.
    assert _numbers(con) == [(1.2, 1200.0, None, 1200)]
    assert con.execute('SELECT "column", value, became FROM load_warnings').fetchall() == [
        ("Đất hiến (m²)", "1,200", "1,2")
    ]


def test_a_mixed_file_decides_column_by_column(tmp_path):
    rows = [
        model("A", **{"Đất hiến (m²)": "1.250,5", "Kinh phí (triệu đồng)": "1,250.5"}),
        model("B", **{"Đất hiến (m²)": "1.200", "Kinh phí (triệu đồng)": "1,200"}),
    ]
    summary, con = load_one(tmp_path, rows)
    assert [r[0] for r in _numbers(con)] == [1250.5, 1200.0]  # land writes Vietnamese numbers
    assert [r[2] for r in _numbers(con)] == [1250.5, 1200.0]  # money writes English ones


def test_numbers_with_units_and_estimates(tmp_path):
    rows = [
        model("A", **{"Đất hiến (m²)": "3.000 m2", "Kinh phí (triệu đồng)": "1,5 tỷ đồng", "Hộ hưởng lợi": "120 hộ"}),
        model(
            "B", **{"Đất hiến (m²)": "0,5 ha", "Kinh phí (triệu đồng)": "150.000.000 đồng", "Ngày công": "trên 1.000"}
        ),
    ]
    summary, con = load_one(tmp_path, rows)
    assert _numbers(con) == [(3000.0, None, 1500.0, 120), (5000.0, 1000.0, 150.0, None)]
    assert con.execute("SELECT value, became FROM load_warnings").fetchall() == [("trên 1.000", "1.000")]


def test_impossible_numbers_are_still_rejected(tmp_path):
    summary, con = load_one(tmp_path, [model("A", **{"Ngày công": "-5"}), model("B", **{"Hộ hưởng lợi": "12,5"})])
    assert (summary.rows_loaded, summary.rows_rejected) == (0, 2)


# --- 5. TCVN3 in one cell ---------------------------------------------------------------------------

REAL_NAMES = [
    "Quan Hóa",
    "Hòa Lộc",
    "Thọ Xuân",
    "Nga Thành",
    "Nga Thanh",
    "Hoằng Phụ",
    "Mường Lát",
    "Như Xuân",
    "Cẩm Thủy",
    "Hiến đất làm đường",
    "Dân vận khéo",
    "Ngọc Lặc",
]


@pytest.mark.parametrize("name", REAL_NAMES)
def test_real_unicode_names_are_left_as_they_are(name):
    assert fix_tcvn3(name) == name and clean_text(name) == name


@pytest.mark.parametrize("name", [n for n in REAL_NAMES if not n.isascii()])
def test_the_same_names_typed_in_tcvn3_come_back(name):
    mojibake = encode_tcvn3(name).decode("latin-1")
    assert mojibake != name
    assert clean_text(mojibake) == name


def test_one_tcvn3_district_cell_in_a_unicode_sheet_is_repaired(tmp_path):
    rows = [model("Hiến đất mở đường", Huyện="Quan Hãa"), model("Mô hình khác", Huyện="Quan Hóa")]
    summary, con = load_one(tmp_path, rows)
    assert summary.rows_rejected == 0
    assert con.execute("SELECT DISTINCT district_code FROM models").fetchall() == [("385",)]


# --- 6. Dates as written ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written", ["ngày 15/3/2023", "15-3-2023", "15.03.2023", "15/03/23", "Ngày 15 tháng 3 năm 2023", "2023/3/15", 45000]
)
def test_dates_as_written(written):
    assert parse_date(written) == (dt.date(2023, 3, 15) if written != 45000 else dt.date(2023, 3, 15))


def test_an_unreadable_date_is_a_warning_and_the_commendation_keeps_its_year(tmp_path):
    row = commendation("Chi hội Nông dân thôn 3", "Huyện ủy Yên Định", date="tháng 3/2023")
    summary, con = load_one(tmp_path, [row], COMM_HEADER)
    assert con.execute("SELECT year, decision_date FROM commendations").fetchall() == [(2023, None)]
    assert con.execute('SELECT "column", became FROM load_warnings').fetchall() == [("Ngày quyết định", "(để trống)")]


def test_a_commendation_names_its_model_without_diacritics_or_đ(tmp_path):
    """The model's name as written in the commendation file, folded like a search (đ → d too)."""
    write_csv(tmp_path / "2024_a_mo-hinh.csv", MODEL_HEADER, [model("Đường hoa nông thôn mới"), model("Dân vận khéo")])
    rows = [
        commendation("Chi bộ thôn 1", "Huyện ủy Hoằng Hóa", "Hoằng Hóa", **{"Tên mô hình": "DUONG HOA NONG THON MOI"}),
        commendation("Chi bộ thôn 2", "Huyện ủy Hoằng Hóa", "Hoằng Hóa", **{"Tên mô hình": "Dân  vận khéo"}),
        commendation("Chi bộ thôn 3", "Huyện ủy Hoằng Hóa", "Hoằng Hóa", **{"Tên mô hình": "Dân vận"}),
    ]
    write_csv(tmp_path / "2024_b_khen.csv", COMM_HEADER, rows)
    db = tmp_path / "w.duckdb"
    load([tmp_path / "2024_a_mo-hinh.csv", tmp_path / "2024_b_khen.csv"], db, progress=quiet, today=TODAY)
    con = duckdb.connect(str(db), read_only=True)
    got = con.execute(
        "SELECT c.recipient_name, m.name FROM commendations c LEFT JOIN models m USING (model_id) ORDER BY 1"
    ).fetchall()
    assert got == [
        ("Chi bộ thôn 1", "Đường hoa nông thôn mới"),  # not linked before: đ was not folded
        ("Chi bộ thôn 2", "Dân vận khéo"),
        ("Chi bộ thôn 3", None),  # another name, not a prefix match
    ]


# --- 8. No silent loss when a file is replaced ------------------------------------------------------


def test_a_row_held_as_a_duplicate_comes_back_when_the_file_holding_it_is_replaced(tmp_path):
    a = tmp_path / "a"
    b = tmp_path / "b"
    a.mkdir()
    b.mkdir()
    shared = model("Hiến đất làm đường thôn 7")
    write_csv(a / "2024_a_huyen.csv", MODEL_HEADER, [shared, model("Chỉ ở file A")])
    write_csv(b / "2024_b_bo-sung.csv", MODEL_HEADER, [shared, model("Chỉ ở file B")])
    comm = commendation(
        "Chi bộ thôn 7", "Huyện ủy Hoằng Hóa", "Hoằng Hóa", **{"Tên mô hình": "Hiến đất làm đường thôn 7"}
    )
    write_csv(b / "2024_c_khen.csv", COMM_HEADER, [comm])
    db = tmp_path / "w.duckdb"
    first = load([a, b], db, progress=quiet, today=TODAY)
    assert first.duplicates == 1

    def state():
        con = duckdb.connect(str(db), read_only=True)
        try:
            return (
                con.execute("SELECT name, source_file FROM models ORDER BY name").fetchall(),
                con.execute("SELECT count(*) FROM rejects WHERE kind = 'duplicate'").fetchone()[0],
                con.execute("SELECT m.source_file FROM commendations c JOIN models m USING (model_id)").fetchall(),
                con.execute("SELECT source_file, models FROM submissions ORDER BY 1").fetchall(),
            )
        finally:
            con.close()

    models, dups, linked, subs = state()
    assert ("Hiến đất làm đường thôn 7", "2024_a_huyen.csv") in models and dups == 1
    assert linked == [("2024_a_huyen.csv",)]
    # File A is corrected without the shared row: B's copy must take its place, not vanish.
    write_csv(a / "2024_a_huyen.csv", MODEL_HEADER, [model("Chỉ ở file A")])
    second = load([a / "2024_a_huyen.csv"], db, progress=quiet, today=TODAY)
    assert second.rows_restored == 1
    models, dups, linked, subs = state()
    assert models == [
        ("Chỉ ở file A", "2024_a_huyen.csv"),
        ("Chỉ ở file B", "2024_b_bo-sung.csv"),
        ("Hiến đất làm đường thôn 7", "2024_b_bo-sung.csv"),
    ]
    assert dups == 0
    assert linked == [("2024_b_bo-sung.csv",)]  # the commendation's link follows the row that remains
    assert subs == [("2024_a_huyen.csv", 1), ("2024_b_bo-sung.csv", 2), ("2024_c_khen.csv", 0)]
    # Loading B again changes nothing (it is unchanged), and the row is still there once.
    shutil.copy(b / "2024_b_bo-sung.csv", tmp_path / "2024_b_bo-sung.csv")
    third = load([tmp_path / "2024_b_bo-sung.csv"], db, progress=quiet, today=TODAY)
    assert third.files_unchanged == ["2024_b_bo-sung.csv"]
    assert state()[0] == models


def test_a_new_vocabulary_reclassifies_cells_already_loaded_without_their_files(tmp_path, monkeypatch):
    rows = [model(f"Mô hình {i}", **{"Chủ thể": "Đoàn Khối"}) for i in range(3)] + [model("Khác")]
    path = write_csv(tmp_path / "nop.csv", MODEL_HEADER, rows)
    db = tmp_path / "w.duckdb"
    load([path], db, progress=quiet, today=TODAY)
    vocab = teach(tmp_path, monkeypatch, '"Đoàn Khối" = "doan_thanh_nien"')
    path.unlink()  # the file is gone (uploaded through the app, say): the warehouse's own record suffices
    other = write_csv(tmp_path / "khac.csv", MODEL_HEADER, [model("Mô hình mới")])
    summary = load([other], db, progress=quiet, today=TODAY)
    assert summary.reclassified == 3
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT host_sector, count(*) FROM models GROUP BY ALL ORDER BY ALL").fetchall() == [
        ("doan_thanh_nien", 3),
        (None, 2),
    ]
    assert con.execute("SELECT count(*) FROM load_warnings").fetchone()[0] == 0
    con.close()
    # With no new file at all, a changed vocabulary still reaches the warehouse.
    vocab.write_text(
        vocab.read_text(encoding="utf-8").replace('"Đoàn Khối" = "doan_thanh_nien"', '"Đoàn Khối" = "cong_doan"')
    )
    again = load([other], db, progress=quiet, today=TODAY)
    assert again.files_unchanged == ["khac.csv"] and again.reclassified == 0  # already classified: kept


def test_reread_loads_again_what_an_older_loader_rejected(tmp_path):
    path = write_csv(tmp_path / "nop.csv", MODEL_HEADER, [model("A"), model("B")])
    db = tmp_path / "w.duckdb"
    load([path], db, progress=quiet, today=TODAY)
    same = load([path], db, progress=quiet, today=TODAY)
    assert same.files_unchanged == ["nop.csv"]
    reread = load([path], db, progress=quiet, today=TODAY, reread=True)
    assert reread.files_replaced == ["nop.csv"] and reread.rows_loaded == 2 and reread.rows_replaced == 2
