"""Measures: SQL column, labels and units, named once for maps, charts, tables and exports."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Measure:
    """One measure a page can show."""

    column: str
    vi: str
    en: str
    unit_vi: str
    unit_en: str
    decimals: int = 0


MEASURES = {
    "n": Measure("n", "Mô hình, điển hình", "Models and examples", "mô hình", "models"),
    "n_provincial": Measure("n_provincial", "Được công nhận cấp tỉnh trở lên", "Recognised at provincial level or above", "mô hình", "models"),
    "funds_million_vnd": Measure("funds_million_vnd", "Kinh phí huy động", "Money mobilised", "triệu đồng", "million VND"),
    "land_m2": Measure("land_m2", "Đất hiến", "Land donated", "m²", "m²"),
    "workdays": Measure("workdays", "Ngày công", "Working days", "ngày công", "working days"),
}


def fmt_number(x: float, decimals: int = 0, lang: str = "vi") -> str:
    """1234.5 → '1.234,5' in Vietnamese, '1,234.5' in English."""
    s = f"{x:,.{decimals}f}"
    return s.replace(",", "\0").replace(".", ",").replace("\0", ".") if lang == "vi" else s
