"""The one text fold (dvk.text.fold and the warehouse's SQL macro fold) and Vietnamese alphabetical order."""

from __future__ import annotations

import random
import unicodedata

import duckdb
import pandas as pd
import pytest

from dvk import text
from dvk.maps import values_table
from dvk.text import fold, fold_key, slug, unaccent, vi_key

# Hand-worked folds: districts, communes, model names; Đ/đ, the five tones, ư ơ ă â ê ô, upper case,
# punctuation, look-alike Đ, odd spaces and NFD input.
FOLDS = [
    ("Huyện Đông Sơn", "huyen dong son"),
    ("ĐƯỜNG HOA NÔNG THÔN MỚI", "duong hoa nong thon moi"),
    ("Thị xã Nghi Sơn", "thi xa nghi son"),
    ("TP. Thanh Hóa", "tp. thanh hoa"),
    ("Xã Hoằng Lộc", "xa hoang loc"),
    ("Mường Lát", "muong lat"),
    ("Cẩm Thủy", "cam thuy"),
    ("Ngọc Lặc", "ngoc lac"),
    ("Vĩnh Lộc", "vinh loc"),
    ("Ma Mà Mả Mã Má Mạ", "ma ma ma ma ma ma"),
    ("Ăn Âm Êm Ôm Ơn Ưa ăn âm êm ôm ơn ưa", "an am em om on ua an am em om on ua"),
    ('Camera an ninh – "mắt thần" khu dân cư', 'camera an ninh – "mat than" khu dan cu'),
    ("Bà N.T.H. – chi hội trưởng phụ nữ thôn 4", "ba n.t.h. – chi hoi truong phu nu thon 4"),
    (unicodedata.normalize("NFD", "Hoằng Hóa"), "hoang hoa"),
    ("  Hiến \u00a0 ĐẤT\u3000làm\tđường\n", "hien dat lam duong"),
    ("\u00d0ông Sơn", "dong son"),  # Icelandic eth typed for Đ
    ("100% hộ dân (đạt 95,5%)", "100% ho dan (dat 95,5%)"),
    ("Yên Định", "yen dinh"),
]

DISTRICTS = [
    "Thanh Hóa", "Bỉm Sơn", "Sầm Sơn", "Mường Lát", "Quan Hóa", "Bá Thước", "Lang Chánh", "Ngọc Lặc",
    "Cẩm Thủy", "Thạch Thành", "Hà Trung", "Vĩnh Lộc", "Yên Định", "Thọ Xuân", "Thường Xuân", "Triệu Sơn",
    "Thiệu Hóa", "Hoằng Hóa", "Hậu Lộc", "Nga Sơn", "Như Xuân", "Như Thanh", "Nông Cống", "Đông Sơn",
    "Quảng Xương", "Nghi Sơn", "Quan Sơn",
]  # fmt: skip


def real_names(con) -> list[str]:
    """Names of districts, communes, models, host units and recipients stored by a real load, a few
    hand-picked ones, and each of them upper-cased and in NFD."""
    stored = con.execute(
        """SELECT DISTINCT x FROM (
            SELECT name AS x FROM districts UNION ALL SELECT name FROM communes
            UNION ALL SELECT name FROM models UNION ALL SELECT host_unit FROM models
            UNION ALL SELECT recipient_name FROM commendations UNION ALL SELECT model_name FROM commendations
        ) WHERE x IS NOT NULL ORDER BY x"""
    ).fetchall()
    base = [r[0] for r in stored] + DISTRICTS + [t for t, _ in FOLDS]
    return base + [n.upper() for n in base] + [unicodedata.normalize("NFD", n) for n in base]


@pytest.mark.parametrize("written, folded", FOLDS)
def test_fold_by_hand(written, folded):
    assert fold(written) == folded


def test_fold_of_nothing_and_the_other_shapes():
    assert fold(None) == "" and fold("") == ""
    assert unaccent("Đông Sơn") == "Dong Son" and unaccent("ĐƯỜNG") == "DUONG"
    assert fold_key("H. Thọ Xuân") == "hthoxuan" and fold_key("Huyện Đông Sơn") == "huyendongson"
    assert slug("Xếp hạng Đông Sơn") == "xep-hang-dong-son" and slug(' "Mắt thần" – 2023 ') == "mat-than-2023"
    assert text.words("TP. Thanh Hóa (cũ)") == ["tp", "thanh", "hoa", "cu"]


def test_the_sql_macro_stored_in_the_warehouse_equals_the_python_fold(fixture_con):
    names = real_names(fixture_con)
    assert len(names) > 600
    got = dict(fixture_con.execute("SELECT s, fold(s) FROM unnest($n) t(s)", {"n": names}).fetchall())
    assert {n: got[n] for n in names} == {n: fold(n) for n in names}
    hand = dict(fixture_con.execute("SELECT s, fold(s) FROM unnest($n) t(s)", {"n": [t for t, _ in FOLDS]}).fetchall())
    assert hand == dict(FOLDS)
    assert fixture_con.execute("SELECT fold(NULL)").fetchone()[0] is None


def test_a_temporary_macro_has_the_same_rules():
    con = duckdb.connect()
    text.create_fold_macro(con, temp=True)
    assert dict(con.execute("SELECT s, fold(s) FROM unnest($n) t(s)", {"n": [t for t, _ in FOLDS]}).fetchall()) == dict(
        FOLDS
    )


def test_stored_search_text_is_the_fold_of_the_searched_columns(fixture_con):
    rows = fixture_con.execute("SELECT name, host_unit, commune, search_text FROM models").fetchall()
    assert len(rows) == 16
    for name, host, commune, stored in rows:
        assert stored == fold(" ".join(x for x in (name, host, commune) if x is not None))
    assert (
        'Camera an ninh – "mắt thần" khu dân cư',
        'camera an ninh – "mat than" khu dan cu cong an xa hoang loc',
    ) in {(r[0], r[3]) for r in rows}


# --- Vietnamese alphabetical order --------------------------------------------------------------


def icu(con, names: list[str]) -> list[str]:
    return con.execute("SELECT list(x ORDER BY x COLLATE vi) FROM unnest($n) t(x)", {"n": names}).fetchone()[0]


ORDERS = [
    ["Dũng", "Đà"],  # Đ is a letter after D
    ["Dương", "Đà Nẵng", "Đông Sơn", "Em"],
    ["a", "ă", "â", "b"],
    ["a", "à", "ả", "ã", "á", "ạ"],  # tones: none, huyền, hỏi, ngã, sắc, nặng
    ["an", "ăn", "ân", "ấn", "ba"],
    ["o", "ô", "ơ", "p", "u", "ư", "v"],
    ["e", "ê", "g"],
    ["hoa", "Hoa", "Hoá", "Hóa"],  # lower before upper; the tone on the later letter first
    ["Cẩm Thủy", "Đông Sơn", "Hà Trung", "Hậu Lộc", "Hoằng Hóa", "Nga Sơn", "Nghi Sơn", "Thạch Thành", "Thanh Hóa"],
]


@pytest.mark.parametrize("expected", ORDERS)
def test_icu_and_vi_key_give_vietnamese_order(expected):
    shuffled = list(reversed(expected))
    assert icu(duckdb.connect(), shuffled) == expected
    assert sorted(shuffled, key=vi_key) == expected


def test_icu_is_part_of_the_duckdb_wheel():
    row = (
        duckdb.connect()
        .execute("SELECT loaded, install_mode FROM duckdb_extensions() WHERE extension_name = 'icu'")
        .fetchone()
    )
    assert row == (True, "STATICALLY_LINKED")  # no download at run time


def test_icu_collation_in_a_window_order():
    got = (
        duckdb.connect()
        .execute(
            "SELECT x, row_number() OVER (ORDER BY x COLLATE vi) FROM unnest(['Đà', 'Dũng', 'Ăn', 'An']) t(x) ORDER BY 2"
        )
        .fetchall()
    )
    assert got == [("An", 1), ("Ăn", 2), ("Dũng", 3), ("Đà", 4)]


def test_vi_key_orders_real_names_as_icu_does(fixture_con):
    names = sorted({unicodedata.normalize("NFC", n) for n in real_names(fixture_con)})
    random.Random(13).shuffle(names)
    assert sorted(names, key=vi_key) == icu(fixture_con, names)


def test_stored_name_and_district_ranks_are_in_vietnamese_order(fixture_con):
    by_name = [r[0] for r in fixture_con.execute("SELECT name FROM models ORDER BY rank_name").fetchall()]
    assert by_name == [
        "Bà N.T.H. – chi hội trưởng phụ nữ thôn 4",
        'Camera an ninh – "mắt thần" khu dân cư',
        "Chi hội CCB tự quản",
        "Clean village roads",
        "Dân vận khéo ở khu phố",
        "Dân vận khéo trong chuyển đổi số",
        "Dong Son savings group",
        "Đường hoa nông thôn mới",
        "Hiến đất làm đường liên thôn",
        "Hiến đất làm đường thôn 7",
        "Hiến đất mở rộng đường giao thông thôn 3",
        "Hiến đất xây dựng nông thôn mới",
        "Nuôi lợn đất giúp hội viên nghèo",
        "Tổ công nghệ số cộng đồng",
        "Tổ tự quản an ninh trật tự",
        "Vận động đồng bào bỏ tục lệ lạc hậu",
    ]
    districts = fixture_con.execute(
        "SELECT d.short_name FROM models m JOIN districts d ON d.code = m.district_code "
        "GROUP BY ALL ORDER BY min(m.district_order)"
    ).fetchall()
    assert [r[0] for r in districts] == [
        "Cẩm Thủy",
        "Đông Sơn",
        "Hoằng Hóa",
        "Nga Sơn",
        "Nghi Sơn",
        "Quan Sơn",
        "Thanh Hóa",
        "Thiệu Hóa",
    ]


def test_the_map_table_breaks_ties_in_vietnamese_order():
    df = pd.DataFrame({"name": ["Đông Sơn", "Dũng", "Ăn", "An"], "value": [1.0, 1.0, 1.0, 2.0], "rank": [2, 2, 2, 1]})
    assert list(values_table(df, "Giá trị", 0)["Đơn vị"]) == ["An", "Ăn", "Dũng", "Đông Sơn"]
