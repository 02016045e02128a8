"""Enumerated values: stable ASCII codes with their Vietnamese and English labels, named once.

The warehouse stores only the codes; every screen, export and the submission template take
their words from here. The many ways submissions write each value are data, not code:
config/vocabulary.toml (read by etl.vocabulary at every load).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Option:
    """One allowed value of an enumerated column."""

    code: str
    vi: str
    en: str


KIND = (
    Option("mo_hinh_tap_the", "Mô hình tập thể", "Collective model"),
    Option("dien_hinh_tap_the", "Điển hình tập thể", "Collective example"),
    Option("dien_hinh_ca_nhan", "Điển hình cá nhân", "Individual example"),
)

FIELD = (
    Option("kinh_te", "Kinh tế", "Economy"),
    Option("van_hoa_xa_hoi", "Văn hóa – xã hội", "Culture–society"),
    Option("quoc_phong_an_ninh", "Quốc phòng – an ninh", "Defence–security"),
    Option("xay_dung_he_thong_chinh_tri", "Xây dựng hệ thống chính trị", "Building the political system"),
)

HOST_SECTOR = (
    Option("co_quan_dang", "Cơ quan Đảng", "Party agencies"),
    Option("chinh_quyen", "Chính quyền", "State agencies"),
    Option("mttq", "Mặt trận Tổ quốc", "Fatherland Front"),
    Option("hoi_phu_nu", "Hội Liên hiệp Phụ nữ", "Women's Union"),
    Option("hoi_nong_dan", "Hội Nông dân", "Farmers' Association"),
    Option("doan_thanh_nien", "Đoàn Thanh niên", "Youth Union"),
    Option("hoi_cuu_chien_binh", "Hội Cựu chiến binh", "Veterans' Association"),
    Option("cong_doan", "Công đoàn", "Trade Union"),
    # "Đoàn thể" with no organisation named in the host unit (etl.vocabulary refines it when one is).
    Option("doan_the", "Đoàn thể (chưa rõ tổ chức)", "Mass organisations (unspecified)"),
    Option("luc_luong_vu_trang", "Lực lượng vũ trang", "Armed forces"),
    Option("doanh_nghiep", "Doanh nghiệp", "Business"),
    Option("cong_dong_dan_cu", "Cộng đồng dân cư", "Residential community"),
)

LEVEL = (
    Option("xa", "Cấp xã", "Commune"),
    Option("huyen", "Cấp huyện", "District"),
    Option("tinh", "Cấp tỉnh", "Province"),
    Option("trung_uong", "Trung ương", "Central"),
)

RECIPIENT_KIND = (
    Option("tap_the", "Tập thể", "Collective"),
    Option("ca_nhan", "Cá nhân", "Individual"),
)

FORM = (
    Option("bang_khen", "Bằng khen", "Certificate of Merit"),
    Option("giay_khen", "Giấy khen", "Certificate of Commendation"),
    Option("thu_khen", "Thư khen", "Letter of praise"),
    Option("ky_niem_chuong", "Kỷ niệm chương", "Commemorative medal"),
)

# The issuing body at its level. Submissions write issuers as free text ("Chủ tịch UBND huyện Yên
# Định"); etl.vocabulary derives the code and the level from the words and keeps the text as written.
ISSUER = (
    Option("ban_dan_van_tw", "Ban Dân vận Trung ương", "Central Mass Mobilization Commission"),
    Option("trung_uong_khac", "Cơ quan Trung ương khác", "Other central bodies"),
    Option("ban_thuong_vu_tinh_uy", "Ban Thường vụ Tỉnh ủy", "Provincial Party Standing Committee"),
    Option("chu_tich_ubnd_tinh", "Chủ tịch UBND tỉnh", "Chair of the Provincial People's Committee"),
    Option("ubmttq_tinh", "Ủy ban MTTQ tỉnh", "Provincial Fatherland Front Committee"),
    Option("ban_dan_van_tinh_uy", "Ban Dân vận Tỉnh ủy", "Provincial Mass Mobilization Commission"),
    Option(
        "so_nganh_tinh",
        "Sở, ngành, đoàn thể, lực lượng vũ trang tỉnh",
        "Provincial departments, mass organisations and armed forces",
    ),
    Option("cap_huyen", "Cấp huyện", "District bodies"),
    Option("cap_xa", "Cấp xã", "Commune"),
)

# Which recognition level each issuer stands for: "few at provincial level" is measured by it.
ISSUER_LEVEL = {
    "ban_dan_van_tw": "trung_uong",
    "trung_uong_khac": "trung_uong",
    "ban_thuong_vu_tinh_uy": "tinh",
    "chu_tich_ubnd_tinh": "tinh",
    "ubmttq_tinh": "tinh",
    "ban_dan_van_tinh_uy": "tinh",
    "so_nganh_tinh": "tinh",
    "cap_huyen": "huyen",
    "cap_xa": "xa",
}

TOPIC = (
    Option("nong_thon_moi", "Nông thôn mới", "New rural development"),
    Option("giam_ngheo", "Giảm nghèo", "Poverty reduction"),
    Option("hien_dat", "Hiến đất", "Land donation"),
    Option("moi_truong", "Môi trường", "Environment"),
    Option("dan_toc_ton_giao", "Dân tộc – tôn giáo", "Ethnicity–religion"),
    Option("an_ninh_trat_tu", "An ninh trật tự", "Public order"),
    Option("cai_cach_hanh_chinh", "Cải cách hành chính", "Administrative reform"),
    Option("chuyen_doi_so", "Chuyển đổi số", "Digital transformation"),
)

# A value the loader did not recognise is kept under this code (never dropped) and listed as a
# warning; every enumeration can hold it, and screens show its label like any other.
UNCLASSIFIED = Option("chua_phan_loai", "Chưa phân loại", "Unclassified")

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

_BY_CODE = {name: {o.code: o for o in (*opts, UNCLASSIFIED)} for name, opts in ENUMS.items()}


def label(enum: str, code: str | None, lang: str = "vi") -> str:
    """The label of `code` in `lang` ('vi' or 'en'); the code itself when unknown, '' for None."""
    if code is None:
        return ""
    opt = _BY_CODE[enum].get(code)
    if opt is None:
        return code
    return opt.en if lang == "en" else opt.vi


def codes(enum: str) -> list[str]:
    """All codes of an enumeration, in display order (the unclassified code last)."""
    return [o.code for o in ENUMS[enum]] + [UNCLASSIFIED.code]


_MARKDOWN_SPECIAL = "\\`*_{}[]()#+-.!|<>~$:"


def md(text) -> str:
    """Text from a submission made safe for Streamlit markdown: every markup character escaped, so
    a name shows as written (no links, HTML, colours or formulas)."""
    return "".join("\\" + ch if ch in _MARKDOWN_SPECIAL else ch for ch in str(text))
