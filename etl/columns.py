"""The submission format: each sheet's columns, their Vietnamese headers, types and rules.

One list per sheet drives the template, the header matcher, the validator and the sample
generator, so a column is described exactly once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from etl.text import fold


@dataclass(frozen=True)
class Column:
    """One column of a submission sheet."""

    key: str  # warehouse column name (also accepted as an English header)
    header: str  # canonical Vietnamese header in the template
    type: str  # text | enum | year | number | int | date | district | commune
    required: bool = False  # the value must be present in every row
    enum: str | None = None  # dvk.labels enumeration for type "enum"
    aliases: tuple[str, ...] = ()
    help: str = ""
    max_len: int = 500
    max_value: float | None = None  # numbers: above this a value is absurd (a unit or typing slip)
    whole: bool = False  # numbers: never a fraction, so "1,200" is twelve hundred in either convention
    unit: str = ""  # numbers: the unit the column is counted in
    units: tuple[tuple[str, float], ...] = ()  # numbers: units written after a value, with their factor into `unit`


# Upper bounds no real figure reaches, so a larger one is a slip (a unit typed as digits, VND for
# million VND, a pasted ID). Sources: DOMAIN §5 — Thanh Hóa is 11,114.7 km² and had 3,640,128
# residents at the 2019 census.
PROVINCE_M2 = 11_114_700_000
PROVINCE_PEOPLE = 3_640_128

# Units people write after a number ("3.000 m2", "1,5 tỷ đồng", "2,5 km"), matched folded.
LAND_UNITS = (
    ("m2", 1),
    ("m²", 1),
    ("m", 1),
    ("mét vuông", 1),
    ("m2 đất", 1),
    ("m² đất", 1),
    ("ha", 10_000),
    ("héc ta", 10_000),
)
DAY_UNITS = (("ngày công", 1), ("ngày công lao động", 1), ("công", 1), ("ngày", 1), ("công lao động", 1))
MONEY_UNITS = (
    ("triệu", 1),
    ("triệu đồng", 1),
    ("tr", 1),
    ("trđ", 1),
    ("tr.đ", 1),
    ("triệu vnđ", 1),
    ("tỷ", 1000),
    ("tỷ đồng", 1000),
    ("tỉ", 1000),
    ("tỉ đồng", 1000),
    ("nghìn đồng", 0.001),
    ("ngàn đồng", 0.001),
    ("đồng", 1e-6),
    ("đ", 1e-6),
    ("vnđ", 1e-6),
)
ROAD_UNITS = (
    ("km", 1),
    ("ki-lô-mét", 1),
    ("cây số", 1),
    ("m", 0.001),
    ("mét", 0.001),
    ("m đường", 0.001),
    ("km đường", 1),
)
HOUSEHOLD_UNITS = (("hộ", 1), ("hộ gia đình", 1), ("hộ dân", 1))


MODELS = "models"
COMMENDATIONS = "commendations"

MODEL_COLUMNS = (
    Column(
        "name",
        "Tên mô hình",
        "text",
        True,
        aliases=("tên mô hình, điển hình", "tên mô hình/điển hình", "tên điển hình", "model name", "model_name"),
        help="Tên mô hình hoặc điển hình, ví dụ: Hiến đất mở rộng đường giao thông thôn 3",
    ),
    Column(
        "kind",
        "Loại",
        "enum",
        True,
        "kind",
        ("loại hình", "phân loại", "type"),
        help="Mô hình tập thể / Điển hình tập thể / Điển hình cá nhân",
    ),
    Column(
        "field",
        "Lĩnh vực",
        "enum",
        True,
        "field",
        help="Kinh tế / Văn hóa – xã hội / Quốc phòng – an ninh / Xây dựng hệ thống chính trị",
    ),
    Column(
        "topic",
        "Chủ đề",
        "enum",
        False,
        "topic",
        ("chuyên đề",),
        help="Không bắt buộc: Nông thôn mới, Giảm nghèo, Hiến đất…",
    ),
    Column(
        "host_sector",
        "Chủ thể",
        "enum",
        False,
        "host_sector",
        ("khối", "chủ thể thực hiện", "host sector"),
        help="Khối chủ thể: Chính quyền, Mặt trận Tổ quốc, Hội Phụ nữ…",
    ),
    Column(
        "host_unit",
        "Đơn vị/Cá nhân thực hiện",
        "text",
        False,
        aliases=("đơn vị thực hiện", "đơn vị, cá nhân thực hiện", "host unit"),
        help="Tên đơn vị chủ trì hoặc cá nhân (với cá nhân chỉ ghi chức danh và chữ cái đầu nếu chưa được phép công bố tên)",
    ),
    Column(
        "district",
        "Huyện",
        "district",
        False,
        aliases=("huyện, thị xã, thành phố", "huyện/thị xã/thành phố", "đơn vị hành chính cấp huyện", "district_code"),
        help="Huyện, thị xã, thành phố (trước 1/7/2025). Sau 1/7/2025 có thể để trống",
    ),
    Column(
        "commune",
        "Xã",
        "commune",
        False,
        aliases=("xã, phường", "xã/phường", "xã, phường, thị trấn", "commune"),
        help="Xã, phường. Sau 1/7/2025 ghi tên xã/phường mới (166 đơn vị)",
    ),
    Column(
        "year_recognized",
        "Năm công nhận",
        "year",
        True,
        aliases=("năm", "year", "năm được công nhận"),
        help="Năm được công nhận, 4 chữ số, ví dụ 2023",
    ),
    Column(
        "level",
        "Cấp công nhận",
        "enum",
        True,
        "level",
        ("cấp", "level"),
        help="Cấp xã / Cấp huyện / Cấp tỉnh / Trung ương",
    ),
    Column(
        "land_m2",
        "Đất hiến (m²)",
        "number",
        aliases=("đất hiến", "diện tích đất hiến", "hiến đất (m2)", "land"),
        help="Mét vuông, số không âm, ví dụ 1.200 hoặc 12,5",
        max_value=PROVINCE_M2,
        unit="m²",
        units=LAND_UNITS,
    ),
    Column(
        "workdays",
        "Ngày công",
        "number",
        aliases=("số ngày công", "ngày công lao động"),
        help="Số ngày công đóng góp",
        max_value=PROVINCE_PEOPLE * 366,
        whole=True,
        unit="ngày công",
        units=DAY_UNITS,
    ),
    Column(
        "funds_million_vnd",
        "Kinh phí (triệu đồng)",
        "number",
        aliases=("kinh phí", "kinh phí huy động", "kinh phí huy động (triệu đồng)", "funds"),
        help="Triệu đồng, ví dụ 1.250,5",
        max_value=1e9,
        unit="triệu đồng",
        units=MONEY_UNITS,
    ),
    Column(
        "roads_km",
        "Đường (km)",
        "number",
        aliases=("đường giao thông (km)", "làm đường (km)", "roads"),
        help="Ki-lô-mét đường làm mới hoặc mở rộng",
        max_value=100_000,
        unit="km",
        units=ROAD_UNITS,
    ),
    Column(
        "households_benefited",
        "Hộ hưởng lợi",
        "int",
        aliases=("số hộ hưởng lợi", "households", "households benefited"),
        help="Số hộ gia đình hưởng lợi",
        max_value=PROVINCE_PEOPLE,
        unit="hộ",
        units=HOUSEHOLD_UNITS,
    ),
    Column(
        "description",
        "Mô tả",
        "text",
        aliases=("mô tả ngắn", "nội dung", "ghi chú"),
        help="Mô tả ngắn cách làm và kết quả",
        max_len=4000,
    ),
)

COMMENDATION_COLUMNS = (
    Column(
        "recipient_name",
        "Tên tập thể/cá nhân",
        "text",
        True,
        aliases=(
            "tên tập thể, cá nhân",
            "tên tập thể hoặc cá nhân",
            "người/tập thể được khen",
            "recipient",
            "recipient name",
        ),
        help="Tên tập thể, hoặc chức danh và chữ cái đầu tên cá nhân",
    ),
    Column(
        "recipient_kind",
        "Đối tượng",
        "enum",
        True,
        "recipient_kind",
        ("loại đối tượng", "tập thể/cá nhân", "recipient kind"),
        help="Tập thể / Cá nhân",
    ),
    Column(
        "district",
        "Huyện",
        "district",
        False,
        aliases=("huyện, thị xã, thành phố", "huyện/thị xã/thành phố", "district_code"),
        help="Huyện, thị xã, thành phố (trước 1/7/2025)",
    ),
    Column(
        "commune",
        "Xã",
        "commune",
        False,
        aliases=("xã, phường", "xã/phường", "commune"),
        help="Không bắt buộc; sau 1/7/2025 ghi xã/phường mới",
    ),
    Column("year", "Năm", "year", True, aliases=("năm khen thưởng",), help="Năm khen thưởng"),
    Column(
        "form",
        "Hình thức",
        "enum",
        True,
        "form",
        ("hình thức khen thưởng",),
        help="Bằng khen / Giấy khen / Thư khen / Kỷ niệm chương",
    ),
    Column(
        "issuer",
        "Cơ quan khen thưởng",
        "enum",
        True,
        "issuer",
        ("cấp khen thưởng", "cơ quan ra quyết định", "người ký"),
        help="Cơ quan, người ký quyết định khen thưởng",
    ),
    Column(
        "decision_no",
        "Số quyết định",
        "text",
        aliases=("số qđ", "quyết định số", "decision number"),
        help="Ví dụ 1234-QĐ/TU",
        max_len=100,
    ),
    Column(
        "decision_date",
        "Ngày quyết định",
        "date",
        aliases=("ngày qđ", "ngày ký", "decision date"),
        help="dd/mm/yyyy, ví dụ 15/03/2023",
    ),
    Column(
        "model_name",
        "Tên mô hình",
        "text",
        aliases=("mô hình", "tên mô hình liên quan", "model"),
        help="Không bắt buộc: mô hình gắn với khen thưởng",
    ),
)

SHEETS = {MODELS: MODEL_COLUMNS, COMMENDATIONS: COMMENDATION_COLUMNS}
SHEET_TITLES = {MODELS: "Mô hình", COMMENDATIONS: "Khen thưởng"}
GUIDE_SHEET = "Hướng dẫn"  # the template's first sheet; it holds the header fields (etl.headers.declared_fields)
# A sheet needs a place: the Huyện column, the Xã column, or both.
PLACE_KEYS = ("district", "commune")
HEADER_SCAN_ROWS = 50  # a sheet's header row is looked for in its first rows


def _keys(col: Column) -> set[str]:
    names = {col.header, col.key, *col.aliases}
    names |= {re.sub(r"\(.*?\)", "", n) for n in names}  # "Đất hiến (m²)" also as "Đất hiến"
    return {fold(n) for n in names} - {""}


HEADER_KEYS: dict[str, dict[str, str]] = {
    sheet: {k: col.key for col in cols for k in _keys(col)} for sheet, cols in SHEETS.items()
}


def match_header(sheet: str, cell: object) -> str | None:
    """The column key a header cell names in `sheet`, or None."""
    return HEADER_KEYS[sheet].get(fold(cell))


def required_columns(sheet: str) -> list[Column]:
    """Columns a sheet must have."""
    return [c for c in SHEETS[sheet] if c.required]


def kind_from_sheet_name(name: str) -> str | None:
    """The sheet kind a sheet's name gives ('Mô hình…' → models), or None for any other name."""
    key = fold(name)
    for kind, title in SHEET_TITLES.items():
        if key.startswith(fold(title)):
            return kind
    return None
