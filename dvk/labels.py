"""Enumerated values: stable ASCII codes with their Vietnamese and English labels, named once.

The warehouse stores only the codes; every screen, export and the submission template take
their words from here. `aliases` are extra spellings districts write (matched without
diacritics, case or spacing by the ETL).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Option:
    """One allowed value of an enumerated column."""

    code: str
    vi: str
    en: str
    aliases: tuple[str, ...] = ()


KIND = (
    Option(
        "mo_hinh_tap_the", "Mô hình tập thể", "Collective model", ("mô hình", "mo hinh", "model", "collective model")
    ),
    Option("dien_hinh_tap_the", "Điển hình tập thể", "Collective example", ("tập thể điển hình", "collective example")),
    Option(
        "dien_hinh_ca_nhan",
        "Điển hình cá nhân",
        "Individual example",
        ("cá nhân điển hình", "cá nhân", "individual", "individual example"),
    ),
)

FIELD = (
    Option("kinh_te", "Kinh tế", "Economy", ("phát triển kinh tế", "economic", "lĩnh vực kinh tế")),
    Option(
        "van_hoa_xa_hoi",
        "Văn hóa – xã hội",
        "Culture–society",
        ("văn hóa xã hội", "văn hóa - xã hội", "vh-xh", "vhxh", "culture-society", "culture society"),
    ),
    Option(
        "quoc_phong_an_ninh",
        "Quốc phòng – an ninh",
        "Defence–security",
        (
            "quốc phòng an ninh",
            "quốc phòng - an ninh",
            "qp-an",
            "qpan",
            "an ninh trật tự",
            "defence-security",
            "defense-security",
            "defence security",
        ),
    ),
    Option(
        "xay_dung_he_thong_chinh_tri",
        "Xây dựng hệ thống chính trị",
        "Building the political system",
        ("xây dựng hệ thống chính trị", "xd htct", "xdhtct", "hệ thống chính trị", "political system"),
    ),
)

HOST_SECTOR = (
    Option("co_quan_dang", "Cơ quan Đảng", "Party agencies", ("đảng", "khối đảng", "cấp ủy")),
    Option(
        "chinh_quyen", "Chính quyền", "State agencies", ("cơ quan nhà nước", "chính quyền các cấp", "ubnd", "state")
    ),
    Option(
        "mttq", "Mặt trận Tổ quốc", "Fatherland Front", ("mặt trận", "ủy ban mttq", "mttq việt nam", "fatherland front")
    ),
    Option(
        "hoi_phu_nu", "Hội Liên hiệp Phụ nữ", "Women's Union", ("hội phụ nữ", "phụ nữ", "hội lhpn", "women's union")
    ),
    Option("hoi_nong_dan", "Hội Nông dân", "Farmers' Association", ("nông dân", "farmers' association")),
    Option(
        "doan_thanh_nien",
        "Đoàn Thanh niên",
        "Youth Union",
        ("đoàn tncs hồ chí minh", "đoàn thanh niên cộng sản hồ chí minh", "thanh niên", "youth union"),
    ),
    Option(
        "hoi_cuu_chien_binh", "Hội Cựu chiến binh", "Veterans' Association", ("cựu chiến binh", "hội ccb", "veterans")
    ),
    Option("cong_doan", "Công đoàn", "Trade Union", ("liên đoàn lao động", "trade union")),
    Option(
        "luc_luong_vu_trang",
        "Lực lượng vũ trang",
        "Armed forces",
        ("quân đội", "công an", "biên phòng", "bộ đội biên phòng", "quân sự", "armed forces"),
    ),
    Option("doanh_nghiep", "Doanh nghiệp", "Business", ("doanh nghiệp, hợp tác xã", "hợp tác xã", "business")),
    Option(
        "cong_dong_dan_cu",
        "Cộng đồng dân cư",
        "Residential community",
        ("khu dân cư", "cộng đồng", "thôn, bản, tổ dân phố", "community"),
    ),
)

LEVEL = (
    Option("xa", "Cấp xã", "Commune", ("xã", "xã/phường", "cấp xã/phường", "phường", "commune")),
    Option("huyen", "Cấp huyện", "District", ("huyện", "cấp huyện/thị/thành phố", "district")),
    Option("tinh", "Cấp tỉnh", "Province", ("tỉnh", "province", "provincial")),
    Option(
        "trung_uong", "Trung ương", "Central", ("cấp trung ương", "tw", "cấp tw", "toàn quốc", "central", "national")
    ),
)

RECIPIENT_KIND = (
    Option("tap_the", "Tập thể", "Collective", ("collective",)),
    Option("ca_nhan", "Cá nhân", "Individual", ("individual",)),
)

FORM = (
    Option("bang_khen", "Bằng khen", "Certificate of Merit", ("certificate of merit",)),
    Option("giay_khen", "Giấy khen", "Certificate of Commendation", ("certificate of commendation",)),
    Option("thu_khen", "Thư khen", "Letter of praise", ("letter of praise",)),
    Option("ky_niem_chuong", "Kỷ niệm chương", "Commemorative medal", ("kỷ niệm chương vì sự nghiệp dân vận", "medal")),
)

ISSUER = (
    Option(
        "ban_dan_van_tw",
        "Ban Dân vận Trung ương",
        "Central Mass Mobilization Commission",
        ("ban dân vận tw", "bdv tw", "trưởng ban dân vận trung ương"),
    ),
    Option(
        "ban_thuong_vu_tinh_uy",
        "Ban Thường vụ Tỉnh ủy",
        "Provincial Party Standing Committee",
        ("btv tỉnh ủy", "ban thường vụ tu", "tỉnh ủy"),
    ),
    Option(
        "chu_tich_ubnd_tinh",
        "Chủ tịch UBND tỉnh",
        "Chair of the Provincial People's Committee",
        ("ubnd tỉnh", "chủ tịch ủy ban nhân dân tỉnh"),
    ),
    Option(
        "ubmttq_tinh",
        "Ủy ban MTTQ tỉnh",
        "Provincial Fatherland Front Committee",
        ("ủy ban mặt trận tổ quốc tỉnh", "mttq tỉnh", "ubmttq tỉnh"),
    ),
    Option(
        "ban_dan_van_tinh_uy",
        "Ban Dân vận Tỉnh ủy",
        "Provincial Mass Mobilization Commission",
        ("ban dân vận tu", "bdv tỉnh ủy", "ban tuyên giáo và dân vận tỉnh ủy"),
    ),
    Option(
        "so_nganh_tinh",
        "Sở, ngành, lực lượng vũ trang tỉnh",
        "Provincial departments and armed forces",
        ("sở, ngành tỉnh", "sở ngành", "bộ chỉ huy quân sự tỉnh", "công an tỉnh"),
    ),
    Option(
        "cap_huyen",
        "Cấp huyện",
        "District bodies",
        ("huyện ủy", "ubnd huyện", "ban dân vận huyện ủy", "thị ủy", "thành ủy"),
    ),
    Option("cap_xa", "Cấp xã", "Commune", ("đảng ủy xã", "ubnd xã", "xã", "phường")),
)

# Which recognition level each issuer stands for: "few at provincial level" is measured by it.
ISSUER_LEVEL = {
    "ban_dan_van_tw": "trung_uong",
    "ban_thuong_vu_tinh_uy": "tinh",
    "chu_tich_ubnd_tinh": "tinh",
    "ubmttq_tinh": "tinh",
    "ban_dan_van_tinh_uy": "tinh",
    "so_nganh_tinh": "tinh",
    "cap_huyen": "huyen",
    "cap_xa": "xa",
}

TOPIC = (
    Option("nong_thon_moi", "Nông thôn mới", "New rural development", ("xây dựng nông thôn mới", "ntm")),
    Option("giam_ngheo", "Giảm nghèo", "Poverty reduction", ("giảm nghèo bền vững", "xóa đói giảm nghèo")),
    Option("hien_dat", "Hiến đất", "Land donation", ("hiến đất làm đường", "giải phóng mặt bằng")),
    Option("moi_truong", "Môi trường", "Environment", ("bảo vệ môi trường",)),
    Option("dan_toc_ton_giao", "Dân tộc – tôn giáo", "Ethnicity–religion", ("dân tộc, tôn giáo", "dân tộc tôn giáo")),
    Option("an_ninh_trat_tu", "An ninh trật tự", "Public order", ("antt", "an ninh trật tự cơ sở")),
    Option("cai_cach_hanh_chinh", "Cải cách hành chính", "Administrative reform", ("cchc",)),
    Option("chuyen_doi_so", "Chuyển đổi số", "Digital transformation", ("cđs",)),
)

ENUMS: dict[str, tuple[Option, ...]] = {
    "kind": KIND,
    "field": FIELD,
    "host_sector": HOST_SECTOR,
    "level": LEVEL,
    "recipient_kind": RECIPIENT_KIND,
    "form": FORM,
    "issuer": ISSUER,
    "topic": TOPIC,
}

_BY_CODE = {name: {o.code: o for o in opts} for name, opts in ENUMS.items()}


def label(enum: str, code: str | None, lang: str = "vi") -> str:
    """The label of `code` in `lang` ('vi' or 'en'); the code itself when unknown, '' for None."""
    if code is None:
        return ""
    opt = _BY_CODE[enum].get(code)
    if opt is None:
        return code
    return opt.en if lang == "en" else opt.vi


def codes(enum: str) -> list[str]:
    """All codes of an enumeration, in display order."""
    return [o.code for o in ENUMS[enum]]


_MARKDOWN_SPECIAL = "\\`*_{}[]()#+-.!|<>~$:"


def md(text) -> str:
    """Text from a submission made safe for Streamlit markdown: every markup character escaped, so
    a name shows as written (no links, HTML, colours or formulas)."""
    return "".join("\\" + ch if ch in _MARKDOWN_SPECIAL else ch for ch in str(text))
