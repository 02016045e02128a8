"""Tests for etl.tcvn3: TCVN3 (.VnTime) mojibake conversion and detection."""

from __future__ import annotations

import unicodedata

import pytest

from etl.tcvn3 import TCVN3_TABLE, fix_tcvn3, looks_like_tcvn3, tcvn3_to_unicode

# Independent reference: TCVN 5712:1993 VN3 bytes 0xA0–0xFF as Unicode code points (0 = unassigned),
# transcribed from a published byte→Unicode array rather than from the module's vowel rows.
_REFERENCE_ROWS = (
    (
        0,
        0x0102,
        0x00C2,
        0x00CA,
        0x00D4,
        0x01A0,
        0x01AF,
        0x0110,
        0x0103,
        0x00E2,
        0x00EA,
        0x00F4,
        0x01A1,
        0x01B0,
        0x0111,
        0,
    ),
    (0, 0, 0, 0, 0, 0x00E0, 0x1EA3, 0x00E3, 0x00E1, 0x1EA1, 0, 0x1EB1, 0x1EB3, 0x1EB5, 0x1EAF, 0),
    (0, 0, 0, 0, 0, 0, 0x1EB7, 0x1EA7, 0x1EA9, 0x1EAB, 0x1EA5, 0x1EAD, 0x00E8, 0, 0x1EBB, 0x1EBD),
    (0x00E9, 0x1EB9, 0x1EC1, 0x1EC3, 0x1EC5, 0x1EBF, 0x1EC7, 0x00EC, 0x1EC9, 0, 0, 0, 0x0129, 0x00ED, 0x1ECB, 0x00F2),
    (
        0,
        0x1ECF,
        0x00F5,
        0x00F3,
        0x1ECD,
        0x1ED3,
        0x1ED5,
        0x1ED7,
        0x1ED1,
        0x1ED9,
        0x1EDD,
        0x1EDF,
        0x1EE1,
        0x1EDB,
        0x1EE3,
        0x00F9,
    ),
    (
        0,
        0x1EE7,
        0x0169,
        0x00FA,
        0x1EE5,
        0x1EEB,
        0x1EED,
        0x1EEF,
        0x1EE9,
        0x1EF1,
        0x1EF3,
        0x1EF7,
        0x1EF9,
        0x00FD,
        0x1EF5,
        0,
    ),
)
REFERENCE = {0xA0 + 16 * r + c: chr(cp) for r, row in enumerate(_REFERENCE_ROWS) for c, cp in enumerate(row) if cp}
_ENCODE = {u: b for b, u in REFERENCE.items()}


def encode_tcvn3(text: str) -> bytes:
    """Bytes a .VnTime user would have typed; uppercase toned letters fall back to lowercase codes."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        if ch.isascii():
            out.append(ord(ch))
        else:
            out.append(_ENCODE[ch] if ch in _ENCODE else _ENCODE[ch.lower()])
    return bytes(out)


# Mojibake spelled out by hand from the reference table (\xad is the soft hyphen byte for ư).
PAIRS = [
    ("Hoằng Hóa", "Ho»ng Hãa"),
    ("Thọ Xuân", "Thä Xu©n"),
    ("Mô hình dân vận khéo", "M« h×nh d©n vËn khÐo"),
    ("hiến đất làm đường", "hiÕn ®Êt lµm ®\xadêng"),
    ("Nông Cống", "N«ng Cèng"),
    ("Quảng Xương", "Qu¶ng X\xad¬ng"),
    ("Ngọc Lặc", "Ngäc LÆc"),
    ("Mường Lát", "M\xadêng L¸t"),
    ("Bá Thước", "B¸ Th\xadíc"),
    ("Thiệu Hóa", "ThiÖu Hãa"),
    ("Tĩnh Gia", "TÜnh Gia"),
    ("Đông Sơn", "§«ng S¬n"),
]

VOWELS = "aăâeêioôơuưy"
TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
ALPHABET = [unicodedata.normalize("NFC", v + t) for v in VOWELS for t in TONES] + ["đ"]

NOT_MOJIBAKE = [
    "Hoằng Hóa",
    "Thọ Xuân",
    "hiến đất",
    "hiến đất làm đường",
    "Đông Sơn",
    "Ðông Sơn",
    "Ðông",
    "Hóa",
    "HÒA BÌNH",
    "Mô hình dân vận khéo",
    "",
    "Thanh Hoa 2024",
    "The quick brown fox jumps over the lazy dog.",
    "Café",
    "Müller",
    "naïve",
    "Jürgen Müller aus Köln",
    "Año nuevo en España",
    "«Bonjour»",
    "3×4 = 12",
    "© 2024 Công ty",
    "50 µm",
    "50 µm, 20 µm",
    "Windows®",
]


def test_table_matches_reference() -> None:
    assert len(TCVN3_TABLE) == 74
    assert TCVN3_TABLE == REFERENCE


def test_table_covers_all_lowercase_letters_and_base_capitals() -> None:
    non_ascii = {c for c in ALPHABET if not c.isascii()}
    assert len(non_ascii) == 67
    assert set(TCVN3_TABLE.values()) == non_ascii | set("ĂÂÊÔƠƯĐ")


@pytest.mark.parametrize(("text", "mojibake"), PAIRS)
def test_known_pairs(text: str, mojibake: str) -> None:
    raw = encode_tcvn3(text)
    assert raw.decode("latin-1") == mojibake
    assert raw.decode("cp1252") == mojibake
    assert tcvn3_to_unicode(mojibake) == text
    assert looks_like_tcvn3(mojibake)
    assert fix_tcvn3(mojibake) == text


def test_full_alphabet_round_trip() -> None:
    text = " ".join(ALPHABET)
    mojibake = encode_tcvn3(text).decode("latin-1")
    assert tcvn3_to_unicode(mojibake) == text
    assert tcvn3_to_unicode(encode_tcvn3(text).decode("cp1252")) == text


@pytest.mark.parametrize("letter", ALPHABET)
def test_each_letter_maps_from_its_byte(letter: str) -> None:
    if letter.isascii():
        assert tcvn3_to_unicode(letter) == letter
    else:
        byte = _ENCODE[letter]
        assert tcvn3_to_unicode(chr(byte)) == letter
        assert tcvn3_to_unicode(bytes([byte]).decode("cp1252")) == letter


def test_uppercase_base_letters() -> None:
    assert tcvn3_to_unicode("\xa1\xa2\xa3\xa4\xa5\xa6\xa7") == "ĂÂÊÔƠƯĐ"


def test_uppercase_toned_letters_come_back_lowercase() -> None:
    # .VnTimeH caps reuse the lowercase codes, so the tone-bearing letter cannot be told apart.
    mojibake = encode_tcvn3("HOẰNG HÓA").decode("latin-1")
    assert mojibake == "HO»NG HãA"
    assert tcvn3_to_unicode(mojibake) == "HOằNG HóA"
    assert looks_like_tcvn3(mojibake)


def test_output_is_nfc() -> None:
    out = tcvn3_to_unicode("M\xadêng L¸t")
    assert out == unicodedata.normalize("NFC", out)


def test_longer_sentence() -> None:
    text = "Huyện Hoằng Hóa, tỉnh Thanh Hóa: mô hình “dân vận khéo” năm 2023."
    mojibake = encode_tcvn3(text.replace("“", '"').replace("”", '"')).decode("cp1252")
    assert looks_like_tcvn3(mojibake)
    assert fix_tcvn3(mojibake) == text.replace("“", '"').replace("”", '"')


def test_ascii_is_unchanged_by_conversion() -> None:
    assert tcvn3_to_unicode("Thanh Hoa, 2024-01-31") == "Thanh Hoa, 2024-01-31"


@pytest.mark.parametrize("text", NOT_MOJIBAKE)
def test_not_detected(text: str) -> None:
    assert not looks_like_tcvn3(text)
    assert fix_tcvn3(text) == text


@pytest.mark.parametrize("text", ["Hoằng Hóa", "Thọ Xuân", "hiến đất", "Đông Sơn", "Ðông Sơn", "Hóa"])
def test_nfd_vietnamese_not_detected(text: str) -> None:
    nfd = unicodedata.normalize("NFD", text)
    assert not looks_like_tcvn3(nfd)
    assert fix_tcvn3(nfd) == nfd


def test_short_words_need_company() -> None:
    # A lone two-letter word is too weak to act on, two different ones are enough.
    assert not looks_like_tcvn3("\xa8n")
    assert fix_tcvn3("\xa8n \xaei") == "ăn đi"


def test_mixed_unicode_and_mojibake_left_alone() -> None:
    # A cell that already holds real Vietnamese letters is not rewritten, even if part looks garbled.
    assert fix_tcvn3("Ho»ng Hóa — Thọ Xuân") == "Ho»ng Hóa — Thọ Xuân"
