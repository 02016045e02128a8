"""District and commune name resolution."""

import unicodedata

import pytest

from etl.places import PlaceResolver
from etl.text import ParseError


@pytest.fixture(scope="module")
def places():
    return PlaceResolver.build()


@pytest.mark.parametrize(
    "written, code",
    [
        ("Hoằng Hóa", "399"),
        ("Hoằng Hoá", "399"),
        ("Hoang Hoa", "399"),
        ("HOẰNG HÓA", "399"),
        ("H. Hoằng Hóa", "399"),
        ("huyện Hoằng Hóa", "399"),
        ("Huyện Hoằng Hoá", "399"),
        (unicodedata.normalize("NFD", "Thọ Xuân"), "395"),
        ("Tho Xuan", "395"),
        ("TX Bỉm Sơn", "381"),
        ("Thị xã Bỉm Sơn", "381"),
        ("TP. Thanh Hóa", "380"),
        ("Thành phố Thanh Hóa", "380"),
        ("Thanh Hoa City", "380"),
        ("TP Sầm Sơn", "382"),
        ("Tĩnh Gia", "407"),
        ("Huyện Tĩnh Gia", "407"),
        ("TX Nghi Sơn", "407"),
        ("\u00d0ông Sơn", "405"),
        ("Đông Sơn", "405"),
        ("Ngọc Lạc", "389"),  # a common misspelling of Ngọc Lặc
        ("399", "399"),
    ],
)
def test_district_spellings(places, written, code):
    assert places.district(written) == code


def test_unknown_district_gives_suggestions(places):
    with pytest.raises(ParseError, match="gần giống: Hoằng Hóa"):
        places.district("Hoằng Hoá Bắc")
    with pytest.raises(ParseError, match="không nhận ra huyện"):
        places.district("Hà Nội")
    assert places.district("") is None


def test_new_communes(places):
    code, hint = places.commune("Xã Hoằng Tiến")
    assert places.commune_names[code] == "Xã Hoằng Tiến" and hint is None
    assert places.commune_district[code] == "399"
    assert places.commune("xa hoang tien")[0] == code
    assert places.commune("Hoằng Tiến")[0] == code
    # Đông Tiến (phường, straddles 380/398) is not Đồng Tiến: diacritics decide when they are given.
    dong, hint = places.commune("xã Đông Tiến (huyện Thiệu Hóa cũ)")
    assert places.commune_names[dong] == "Phường Đông Tiến" and hint == "398"
    assert places.commune("Xã Hoằng Không Có") == (None, None)
    assert "Xã Hoằng" in places.commune_suggestions("Xã Hoằng Không Có")
