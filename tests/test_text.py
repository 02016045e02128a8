"""Text, number and date normalisation."""

import datetime as dt
import unicodedata

import pytest

from dvk import l10n
from etl.text import ParseError, ascii_name, clean_text, fold, parse_date, parse_number, parse_year, slug


def test_clean_text_nfc_spaces_lookalike_and_controls():
    nfd = unicodedata.normalize("NFD", "Hoằng Hóa")
    assert nfd != "Hoằng Hóa"
    assert clean_text(f"  {nfd}\u00a0 ") == "Hoằng Hóa"
    assert clean_text("\u00d0ông Sơn") == "Đông Sơn"  # Icelandic eth → Đ
    assert clean_text("Tên\x00 mô\x07 hình") == "Tên mô hình"
    assert clean_text(2023.0) == "2023"
    assert clean_text(dt.datetime(2023, 3, 15)) == "15/03/2023"
    assert clean_text(None) == ""


def test_clean_text_converts_tcvn3():
    assert clean_text("Ho»ng Hãa") == "Hoằng Hóa"


def test_fold_and_ascii():
    assert fold("H. Thọ Xuân") == "hthoxuan"
    assert fold("Hoá") == fold("Hóa") == "hoa"
    assert ascii_name("Đông Sơn") == "Dong Son"
    assert slug("Hoằng Hóa") == "hoang-hoa"


@pytest.mark.parametrize(
    "text, value",
    [
        ("1.200.000", 1_200_000),
        ("12,5", 12.5),
        ("1.250,5", 1250.5),
        ("1,200,000", 1_200_000),
        ("1.200", 1200),
        ("12.5", 12.5),
        ("1 200", 1200),
        ("0", 0),
        ("-3", -3),
        (45, 45),
        (12.75, 12.75),
        ("", None),
        ("-", None),
        (None, None),
    ],
)
def test_parse_number_vietnamese(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["12 ha", "abc", "1.2.3,4,5", "12,34,5", "1.20.000", True])
def test_parse_number_rejects(text):
    with pytest.raises(ParseError):
        parse_number(text)


@pytest.mark.parametrize(
    "value, expected",
    [
        ("15/03/2023", dt.date(2023, 3, 15)),
        ("5/3/2023", dt.date(2023, 3, 5)),
        ("15-03-2023", dt.date(2023, 3, 15)),
        ("15.03.2023", dt.date(2023, 3, 15)),
        ("2023-03-15", dt.date(2023, 3, 15)),
        ("ngày 15 tháng 3 năm 2023", dt.date(2023, 3, 15)),
        (dt.datetime(2023, 3, 15, 0, 0), dt.date(2023, 3, 15)),
        (44000, dt.date(2020, 6, 18)),  # Excel serial
        ("44000", dt.date(2020, 6, 18)),
        ("", None),
    ],
)
def test_parse_date(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize("value", ["31/02/2023", "2023/15/03", "hôm qua", 12])
def test_parse_date_rejects(value):
    with pytest.raises(ParseError):
        parse_date(value)


def test_parse_year():
    assert parse_year("2023") == 2023
    assert parse_year(2023.0) == 2023
    assert parse_year("Năm 2021") == 2021
    assert parse_year("15/03/2022") == 2022
    assert parse_year(None) is None
    with pytest.raises(ParseError):
        parse_year("hai nghìn")
    with pytest.raises(ParseError):
        parse_year(2023.5)


@pytest.mark.parametrize(
    "x, decimals, lang, shown",
    [
        (1234.5, 1, "vi", "1.234,5"),
        (1234.5, 1, "en", "1,234.5"),
        (1200, 0, "vi", "1.200"),
        (-0.4, 0, "vi", "0"),  # rounds to zero: no "-0"
        (-0.04, 1, "en", "0.0"),
        (-5, 0, "vi", "-5"),
        (1.2, None, "vi", "1,2"),  # as many decimals as the value has
        (1200.0, None, "vi", "1.200"),
        (0.000001, None, "en", "0.000001"),
        (11_114_700_000, 0, "vi", "11.114.700.000"),
    ],
)
def test_one_number_format(x, decimals, lang, shown):
    assert l10n.number(x, decimals, lang) == shown
