"""Reading submission files: encodings, header detection, file-level errors."""

import pytest

from etl.errors import LoadError
from etl.submission import read_submission
from tests.conftest import FIXTURES

SUB = FIXTURES / "submissions"
BAD = FIXTURES / "bad"


def test_workbook_sheets_title_rows_and_synthetic_mark():
    sheets, warnings = read_submission(SUB / "2023_399_hoang-hoa.xlsx")
    kinds = {s.sheet: s.kind for s in sheets}
    assert kinds == {"Mô hình": "models", "Khen thưởng": "commendations"}  # "Hướng dẫn" ignored
    models = next(s for s in sheets if s.kind == "models")
    assert models.synthetic
    # Header on row 4 (two title rows and a blank row above); the blank data row is skipped.
    assert models.data["_row"].tolist() == [5, 6, 7, 8, 9, 11]
    assert models.data.loc[0, "district"] == "H. Hoằng Hoá"
    assert warnings == []


def test_csv_nfd_is_read_and_kept_for_normalisation():
    sheets, _ = read_submission(SUB / "2021_387_quan-son.csv")
    assert sheets[0].kind == "models"
    assert sheets[0].data.loc[0, "funds_million_vnd"] == "1.250,5"


def test_cp1258_csv_decodes_to_vietnamese():
    sheets, _ = read_submission(SUB / "2022_390_cam-thuy_cp1258.csv")
    from etl.text import clean_text

    assert clean_text(sheets[0].data.loc[1, "name"]) == "Hiến đất làm đường liên thôn"
    assert clean_text(sheets[0].data.loc[0, "host_unit"]) == "Đoàn xã Cẩm Tú"


def test_tcvn3_sheet_is_converted_whole():
    sheets, _ = read_submission(SUB / "2020_407_tinh-gia_tcvn3.csv")
    row = sheets[0].data.iloc[0]
    assert (row["name"], row["field"], row["level"], row["district"]) == (
        "Hiến đất xây dựng nông thôn mới",
        "Kinh tế",
        "Cấp xã",
        "Tĩnh Gia",
    )


def test_english_snake_case_headers_and_semicolons():
    sheets, _ = read_submission(SUB / "2019_405_dong-son_english.csv")
    assert sheets[0].kind == "models"
    assert sheets[0].data.loc[0, "land_m2"] == "150"
    assert sheets[0].synthetic is False


def test_unknown_columns_are_warned(tmp_path):
    p = tmp_path / "x.csv"
    p.write_text(
        "Tên mô hình,Loại,Lĩnh vực,Huyện,Năm công nhận,Cấp công nhận,Ghi chú riêng\nA,Mô hình tập thể,Kinh tế,Nga Sơn,2023,Cấp xã,z\n",
        encoding="utf-8",
    )
    _, warnings = read_submission(p)
    assert len(warnings) == 1 and "Ghi chú riêng" in warnings[0]


@pytest.mark.parametrize(
    "name, words",
    [
        ("missing_column.csv", ["missing_column.csv", "thiếu cột bắt buộc", "'Lĩnh vực'"]),
        ("duplicate_header.csv", ["duplicate_header.csv", "xuất hiện hai lần"]),
        ("empty.csv", ["empty.csv", "file rỗng"]),
        ("renamed_pdf.xlsx", ["renamed_pdf.xlsx", "PDF"]),
        ("truncated.xlsx", ["truncated.xlsx", "hỏng"]),
        ("no_header.csv", ["no_header.csv", "python -m etl template"]),
    ],
)
def test_bad_files_stop_with_a_message_naming_them(name, words):
    with pytest.raises(LoadError) as err:
        read_submission(BAD / name)
    for w in words:
        assert w in str(err.value)


def test_unsupported_extension(tmp_path):
    p = tmp_path / "report.docx"
    p.write_bytes(b"PK\x03\x04")
    with pytest.raises(LoadError, match=r"report\.docx.*\.xlsx"):
        read_submission(p)
