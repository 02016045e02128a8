"""Measures: SQL column, labels and units, named once for maps, charts, tables and exports."""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Measure:
    """One measure a page can show."""

    column: str
    vi: str
    en: str
    unit_vi: str
    unit_en: str
    decimals: int = 0
    additive: bool = True  # a sum over records (a share is not: it cannot be divided per commune or summed)
    on_models: bool = True  # counted on models (commendations are their own table)

    def label(self, lang: str = "vi") -> str:
        """The measure's name in the language."""
        return self.en if lang == "en" else self.vi

    def unit(self, lang: str = "vi") -> str:
        """The measure's unit in the language."""
        return self.unit_en if lang == "en" else self.unit_vi


MEASURES = {
    "n": Measure("n", "Mô hình, điển hình", "Models and examples", "mô hình", "models"),
    "n_provincial": Measure(
        "n_provincial",
        "Được công nhận cấp tỉnh trở lên",
        "Recognised at provincial level or above",
        "mô hình",
        "models",
    ),
    "share_provincial": Measure(
        "share_provincial",
        "Tỷ lệ được công nhận cấp tỉnh trở lên",
        "Share recognised at provincial level or above",
        "%",
        "%",
        decimals=1,
        additive=False,
    ),
    "commendations": Measure(
        "commendations", "Khen thưởng", "Commendations", "lượt khen thưởng", "commendations", on_models=False
    ),
    "funds_million_vnd": Measure(
        "funds_million_vnd", "Kinh phí huy động", "Money mobilised", "triệu đồng", "million VND"
    ),
    "land_m2": Measure("land_m2", "Đất hiến", "Land donated", "m²", "m²"),
    "workdays": Measure("workdays", "Ngày công", "Working days", "ngày công", "working days"),
}

# Measures that add up over the rows of agg_models (trend lines and per-year series).
MODEL_MEASURES = tuple(k for k, m in MEASURES.items() if m.additive and m.on_models)

# How a measure can be divided: key → (Vietnamese, English, unit suffix vi, unit suffix en).
PER = {
    "raw": ("Tổng số", "Total", "", ""),
    "per_commune": ("Bình quân một xã, phường", "Per commune", "/xã", "/commune"),
    "per_10k": ("Trên 10.000 dân", "Per 10,000 residents", "/10.000 dân", "/10,000 residents"),
}


def normalised(measure: Measure, per: str) -> Measure:
    """The measure as shown when divided `per` commune or 10,000 residents: unit and decimals follow."""
    if per == "raw":
        return measure
    _, _, vi, en = PER[per]
    return replace(measure, unit_vi=measure.unit_vi + vi, unit_en=measure.unit_en + en, decimals=2)


def fmt_number(x: float, decimals: int | None = 0, lang: str = "vi") -> str:
    """1234.5 → '1.234,5' in Vietnamese, '1,234.5' in English; with decimals=None as many decimals as the
    value has (up to 6: 1,2 / 1.200). The one number format of the project (screens, files, the ETL's
    messages); a value that rounds to zero is written without a sign ('0', never '-0')."""
    s = f"{x:,.6f}".rstrip("0").rstrip(".") if decimals is None else f"{x:,.{decimals}f}"
    if s.startswith("-") and not s.strip("-0.,"):
        s = s[1:]
    return s.replace(",", "\0").replace(".", ",").replace("\0", ".") if lang == "vi" else s
