"""SYNTHETIC district submission files for 2016–2026 — sample data, never real figures.

Everything written here is invented: model names are built from typical patterns, people appear
only as a title or role plus initials, and every figure is random. Each file carries
`etl.headers.SYNTHETIC_MARK` in its title rows so the loader flags the warehouse as synthetic.

Volumes are ESTIMATES derived from the public figures in DOMAIN §4 (Thanh Hóa, 2021–Oct 2023:
8,419 models and examples, 57 % collective, 38 % economy; 1,064 collectives and 1,623
individuals commended): about 3,000 models and examples a year at 2021–2023 levels, a ramp
of ~12 % a year before 2021, about 950 commendations a year (40 % collective) with only a few
dozen from provincial bodies. No per-district figure is public: each district gets a share
proportional to its number of communes; the districts singled out as creative in 2023 get ~20 %
more that year. 2026 holds data up to November only (~85 % of a full year).

Layout follows what districts send: one workbook per district and year with the sheets
"Mô hình" and "Khen thưởng" (some district-years as two CSV files instead, a few of them in
Windows-1258 or NFD text), title rows above the header, labels rather than codes, a few
spelling variants and a small number of deliberately invalid or duplicated rows so the
loader's rejects report has something to show. After 1 Jul 2025 rows name the new commune
and leave the district empty. The reporting cycle (issue 16): row 3 of every sheet carries the header
fields "Đơn vị báo cáo", "Kỳ báo cáo" and "Ngày nhận" — the date the Commission received the file,
as the analyst enters it for a file that came by post or e-mail. A district-year is the district's
annual report; from 2025 the rows are generated per former district area as before and written as one
file per commune of the area, for the commune's annual report ("2026_399_hoang-hoa_xa-moi_14758.xlsx",
"2025_399_hoang-hoa_14758.xlsx"), and in 2025 the district's rows of before 1 Jul are its half-year
report 2025-H1 ("2025_399_hoang-hoa.xlsx"). Most units send by the due date, some late, a few
communes not at all (their area's rows name only the communes that sent, so the volumes stay those
of DOMAIN §4). From the cycle's first year (2024) the provincial bodies send annual reports too: the
rows of their sector recognised at provincial or central level, moved out of the district/commune files
(BODY_OF_SECTOR; the volumes stay those of DOMAIN §4), one workbook per body with rows
("2025_HLHPN_hoi-lien-hiep-phu-nu-tinh.xlsx"); the departments have no sector of their own and send none.

Output is deterministic: one numpy PCG64 stream per (seed, year, district, sheet), so the
same seed gives byte-identical files, whatever subset of years/districts is asked for.

The words (place and person names, model-name patterns, deeds, spellings, decision numbers) are
data in etl/sample_data/*.json; this module is the generator's logic.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import os
import unicodedata
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import numpy as np
import xlsxwriter

from dvk import l10n, labels
from dvk.reporting import load_config
from dvk.text import unaccent
from etl.columns import COMMENDATION_COLUMNS, COMMENDATIONS, MODEL_COLUMNS, MODELS, SHEET_TITLES
from etl.headers import SYNTHETIC_MARK
from etl.reference import communes_2025, districts, legacy_wards
from etl.text import ascii_name, slug

DATA_THROUGH = dt.date(2026, 11, 30)  # the sample's last day: the loader stores it as meta data_through
YEARS = tuple(range(2016, DATA_THROUGH.year + 1))
FORMATS = ("mixed", "xlsx", "csv")
FIXED_CREATED = dt.datetime(2026, 1, 1, 8, 0, 0)  # workbook property: a constant keeps files byte-identical
SYNTHETIC_NOTE = f"{SYNTHETIC_MARK} — không phải số liệu thật, chỉ để minh họa"
# The reporting cycle (issue 16, config/reporting.toml): every file carries the header fields "Đơn vị
# báo cáo", "Kỳ báo cáo" and the receipt date "Ngày nhận". A district-year is the district's annual
# report "<year>-N", due on 15 Nov. From 2025 the rows naming a new commune are that commune's own file
# for "<year>-N"; in 2025 the district's other rows (before 1 Jul) are its last report, the half-year
# "2025-H1" due on 15 Jun. A few communes send nothing; some units send late.
COMMUNE_FILES_FROM = 2025
COMMUNE_MISSING = 0.05
LATE_SHARE = 0.10
ANNUAL_DUE = (11, 15)
HALF_DUE = (6, 15)

# ---------------------------------------------------------------------------------------------
# Volumes (estimates, DOMAIN §4)
# ---------------------------------------------------------------------------------------------
RAMP = 1.12  # growth a year before 2021 (DOMAIN: 10–15 % is plausible)
PARTIAL_2026 = 0.85  # data up to November
MODELS_PER_YEAR = {2021: 2950, 2022: 3000, 2023: 3100, 2024: 3100, 2025: 2900, 2026: 3000 * PARTIAL_2026}
COMMENDATIONS_PER_YEAR = {2021: 930, 2022: 950, 2023: 965, 2024: 970, 2025: 920, 2026: 950 * PARTIAL_2026}
for _y in range(2016, 2021):
    MODELS_PER_YEAR[_y] = 3000 / RAMP ** (2021 - _y)  # 2016 ≈ 1,700
    COMMENDATIONS_PER_YEAR[_y] = 950 / RAMP ** (2021 - _y)
CREATIVE_2023 = frozenset({"397", "405", "390", "395", "398", "389", "402"})
CREATIVE_BOOST = 1.2
MERGED = {"405": "380"}  # Đông Sơn into TP Thanh Hóa on 1 Jan 2025
COASTAL = frozenset({"382", "399", "400", "401", "406", "407"})
BORDER = frozenset({"384", "385", "387", "388", "396", "402"})  # on the Lao border

# ---------------------------------------------------------------------------------------------
# Shares
# ---------------------------------------------------------------------------------------------
KIND_P = {"mo_hinh_tap_the": 0.45, "dien_hinh_tap_the": 0.12, "dien_hinh_ca_nhan": 0.43}
FIELD_P = {"kinh_te": 0.38, "van_hoa_xa_hoi": 0.30, "quoc_phong_an_ninh": 0.14, "xay_dung_he_thong_chinh_tri": 0.18}
LEVEL_P = {"xa": 0.70, "huyen": 0.24, "tinh": 0.055, "trung_uong": 0.005}
LEVEL_P_NO_DISTRICT = {"xa": 0.935, "huyen": 0.0, "tinh": 0.06, "trung_uong": 0.005}  # after 1 Jul 2025
TOPIC_FILL = 0.8  # of rows whose pattern has a topic; ~60 % of all rows end up with one
VARIANT_RATE = 0.05  # enum cells written the way people type them
RECIPIENT_COLLECTIVE = 0.40
LINK_RATE = 0.30  # commendations naming a model of the same file
ISSUER_P = {
    "ban_dan_van_tw": 0.004,
    "ban_thuong_vu_tinh_uy": 0.012,
    "chu_tich_ubnd_tinh": 0.020,
    "ubmttq_tinh": 0.010,
    "ban_dan_van_tinh_uy": 0.012,
    "so_nganh_tinh": 0.006,
    "cap_huyen": 0.456,
    "cap_xa": 0.480,
}
# Form by issuer: provinces' Party/People's Committee/Front give Bằng khen, departments and lower levels Giấy khen.
FORM_BY_ISSUER = {
    "ban_dan_van_tw": {"bang_khen": 0.6, "ky_niem_chuong": 0.4},
    "ban_thuong_vu_tinh_uy": {"bang_khen": 1.0},
    "chu_tich_ubnd_tinh": {"bang_khen": 0.95, "thu_khen": 0.05},
    "ubmttq_tinh": {"bang_khen": 1.0},
    "ban_dan_van_tinh_uy": {"giay_khen": 0.85, "thu_khen": 0.15},
    "so_nganh_tinh": {"giay_khen": 1.0},
    "cap_huyen": {"giay_khen": 0.88, "thu_khen": 0.12},
    "cap_xa": {"giay_khen": 0.80, "thu_khen": 0.20},
}
CSV_SHARE = 0.15
DISTRICT_VARIANT_SHARE = 0.10
INVALID_RATE = 0.003

MODEL_KEYS = [c.key for c in MODEL_COLUMNS]
COMMENDATION_KEYS = [c.key for c in COMMENDATION_COLUMNS]
NUMBER_KEYS = ("land_m2", "workdays", "funds_million_vnd", "roads_km", "households_benefited")

# ---------------------------------------------------------------------------------------------
# Vocabulary
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pattern:
    """A model-name template with the topic and host sectors it implies."""

    field: str
    topic: str | None
    text: str  # placeholders: {v} village, {c} commune ("xã Hoằng Tiến"), {cs} commune short, {vc}, {eth}, {proj}
    hosts: tuple[str, ...]
    weight: float = 1.0
    region: str = "all"  # all | mountain | plain | coastal | border
    since: int = 2016


def _p(
    field_: str, topic: str | None, text: str, hosts: str, weight: float = 1.0, region: str = "all", since: int = 2016
) -> Pattern:
    """Compact Pattern constructor for the table below (hosts space-separated)."""
    return Pattern(field_, topic, text, tuple(hosts.split()), weight, region, since)


KT, VH, QP, CT = "kinh_te", "van_hoa_xa_hoi", "quoc_phong_an_ninh", "xay_dung_he_thong_chinh_tri"

# The words themselves are data, in etl/sample_data/*.json (read once, at import): names, phrasings,
# spellings, decisions. The code here only picks from them.
DATA_DIR = Path(__file__).parent / "sample_data"
DATA_FILES = ("names", "models", "people", "spellings", "decisions", "places")


def _frozen(value: object) -> object:
    """JSON's lists back as the tuples the generator was written with (hashable, never changed)."""
    if isinstance(value, list):
        return tuple(_frozen(v) for v in value)
    if isinstance(value, dict):
        return {k: _frozen(v) for k, v in value.items()}
    return value


def _data(name: str) -> dict:
    """One vocabulary file's entries (a key starting with '_' is a note)."""
    entries = json.loads((DATA_DIR / f"{name}.json").read_text(encoding="utf-8"))
    return {k: _frozen(v) for k, v in entries.items() if not k.startswith("_")}


_NAMES, _MODELS, _PEOPLE, _SPELLINGS, _DECISIONS, _PLACES = (_data(name) for name in DATA_FILES)

PATTERNS: tuple[Pattern, ...] = tuple(
    _p(
        p["field"],
        p["topic"],
        p["text"],
        p["hosts"],
        p.get("weight", 1.0),
        p.get("region", "all"),
        p.get("since", 2016),
    )
    for p in _MODELS["patterns"]
)
# Deeds of individual examples, by field: (text, topic, region, since).
DEEDS: dict[str, tuple[tuple[str, str | None, str, int], ...]] = _MODELS["deeds"]
OPENERS: dict[str, tuple[str, ...]] = _MODELS["openers"]  # a description's first words, by field
CLOSERS: tuple[str, ...] = _MODELS["closers"]

INDIVIDUAL_HOSTS: dict[str, dict[str, int]] = _PEOPLE["individual_hosts"]  # host sectors by field (weights)
ROLES: dict[str, tuple[str, ...]] = _PEOPLE["roles"]  # an individual's role by host sector
ROLE_REGION: dict[str, str] = _PEOPLE["role_region"]
UNITS: dict[str, tuple[str, ...]] = _PEOPLE["units"]  # collective units by host sector
UNIT_REGION: dict[str, str] = _PEOPLE["unit_region"]
DISTRICT_UNITS: tuple[str, ...] = _PEOPLE["district_units"]  # district-level bodies, before 1 Jul 2025
COMMEND_SECTORS: dict[str, int] = _PEOPLE["commend_sectors"]
UNLISTED_SECTORS: tuple[str, ...] = _PEOPLE["unlisted_sectors"]

PROJECTS: tuple[str, ...] = _NAMES["projects"]
ETHNIC: tuple[str, ...] = _NAMES["ethnic"]
PRODUCTS: tuple[str, ...] = _NAMES["products"]
BAN_NAMES: tuple[str, ...] = _NAMES["ban_names"]
THON_NAMES: tuple[str, ...] = _NAMES["thon_names"]
SURNAME_INITIALS: tuple[str, ...] = _NAMES["surname_initials"]
SURNAME_P: tuple[int, ...] = _NAMES["surname_p"]
GIVEN_INITIALS: tuple[str, ...] = _NAMES["given_initials"]
RANKS: tuple[str, ...] = _NAMES["ranks"]

# Spellings people type, all resolvable by the loader's fold matching (the tests check this).
ENUM_VARIANTS: dict[str, dict[str, tuple[str, ...]]] = _SPELLINGS["enum_variants"]
MERGED_COMMISSION: str = _SPELLINGS["merged_commission"]  # name of ban_dan_van_tinh_uy from 2025 (an alias)
OLD_TONE: dict[str, str] = _SPELLINGS["old_tone"]
DISTRICT_PREFIX: dict[str, str] = _SPELLINGS["district_prefix"]
COMMUNE_PREFIX: dict[str, str] = _SPELLINGS["commune_prefix"]
# Communes merged away in 2019–2020 (not in the 2025 crosswalk): district → ((type, short name), …).
MERGED_COMMUNES: dict[str, tuple[tuple[str, str], ...]] = _PLACES["merged_communes"]
MERGED_BEFORE = 2020  # the 2019 mergers took effect on 1 Jan 2020 (Nghị quyết 786/NQ-UBTVQH14)
MERGED_HABIT = 0.03  # share of a merged district's rows of 2020–2021 still naming a merged-away commune
PLAIN_COMMUNE = 0.07  # old commune cells typed without diacritics ("Hoang Tien")
SHORT_PREFIX = 0.05  # old commune cells with the type abbreviated ("TT. Hà Trung", "X. Hoằng Tiến", "P. Ba Đình")
SHORT_PREFIXES = {"Xã": ("X.", "X "), "Phường": ("P.", "P. "), "Thị trấn": ("TT.", "TT ", "TT. ")}

# Decision-number suffixes by issuer (and, for district bodies, the district type).
DECISION_SUFFIX: dict[str, tuple[str, ...]] = _DECISIONS["decision_suffix"]
DISTRICT_DECISION_SUFFIX: dict[str, tuple[str, ...]] = _DECISIONS["district_decision_suffix"]
DECISION_RANGE: dict[str, tuple[int, int]] = _DECISIONS["decision_range"]
GROUP_SIZE: dict[str, int] = _DECISIONS["group_size"]  # recipients per decision
ISSUER_TEXTS: dict[str, tuple[str, ...]] = _DECISIONS["issuer_texts"]  # issuers written in full
PARTY_COMMITTEE: dict[str, str] = _DECISIONS["party_committee"]

TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")

# ---------------------------------------------------------------------------------------------
# Reference context
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """A commune as sample rows write it."""

    name: str  # full name, as written in the Xã cell ("Xã Hoằng Tiến")
    short: str
    text: str  # inside sentences ("xã Hoằng Tiến")
    urban: bool


@dataclass(frozen=True)
class District:
    """A district-level unit with the communes sample rows may name."""

    code: str
    name: str
    short: str
    type: str
    communes: int
    mountainous: bool
    coastal: bool
    border: bool
    old_places: tuple[Place, ...]  # legacy wards (Đông Sơn's under 405)
    new_places: tuple[Place, ...]  # 2025 communes whose district_code is this one

    @property
    def text(self) -> str:
        """The district inside a sentence ("huyện Hoằng Hóa")."""
        return f"{DISTRICT_PREFIX[self.type]} {self.short}"


@lru_cache(maxsize=1)
def _districts() -> dict[str, District]:
    """All 27 districts with their old and new communes (built once per process)."""
    wards = legacy_wards()
    new = communes_2025()
    out = {}
    for d in districts().itertuples():
        old = tuple(
            Place(w.name, w.short_name, f"{COMMUNE_PREFIX[w.type]} {w.short_name}", w.type != "Xã")
            for w in wards[wards["district_code"] == d.code].itertuples()
        )
        fresh = tuple(
            Place(c.name, c.short_name, f"{COMMUNE_PREFIX[c.type]} {c.short_name}", c.type == "phuong")
            for c in new[new["district_code"] == d.code].itertuples()
        )
        out[d.code] = District(
            d.code,
            d.name,
            d.short_name,
            d.type,
            int(d.commune_count),
            bool(d.mountainous),
            d.code in COASTAL,
            d.code in BORDER,
            old,
            fresh,
        )
    return out


def _old_places(code: str, year: int) -> tuple[Place, ...]:
    """Old communes a district file may name: from 2025 TP Thanh Hóa includes Đông Sơn's; before 2020
    the communes merged away in 2019 too."""
    ds = _districts()
    if year >= 2025 and code == "380":
        return ds["380"].old_places + ds["405"].old_places
    if year < MERGED_BEFORE:
        return ds[code].old_places + _merged_places(code)
    return ds[code].old_places


def _merged_places(code: str) -> tuple[Place, ...]:
    """The district's communes merged away in 2019–2020 (sample_data/places.json)."""
    return tuple(
        Place(f"{typ} {short}", short, f"{COMMUNE_PREFIX[typ]} {short}", typ != "Xã")
        for typ, short in MERGED_COMMUNES.get(code, ())
    )


def _commune_spelling(rng: np.random.Generator, cells: np.ndarray, old: np.ndarray) -> np.ndarray:
    """Old commune cells written the usual other ways: without diacritics, or with the type abbreviated."""
    out = cells.copy()
    r = rng.random(len(cells))
    for i in np.flatnonzero(old):
        c = out[i]
        if c is None:
            continue
        if r[i] < PLAIN_COMMUNE:
            out[i] = unaccent(c)
        elif r[i] < PLAIN_COMMUNE + SHORT_PREFIX:
            typ = next((t for t in SHORT_PREFIXES if c.startswith(t + " ")), None)
            if typ:  # only a cell that says its type ("Thị trấn Hà Trung") gets it abbreviated
                options = SHORT_PREFIXES[typ]
                out[i] = options[int(r[i] * 1000) % len(options)] + c[len(typ) + 1 :]
    return out


def _new_places(code: str) -> tuple[Place, ...]:
    """2025 communes whose district on 30 Jun 2025 was `code` (Đông Sơn's area is under 380)."""
    return _districts()[code].new_places


@lru_cache(maxsize=64)
def _new_codes(code: str) -> tuple[str, ...]:
    """The codes of _new_places(code), in the same order."""
    new = communes_2025()
    return tuple(str(c) for c in new[new["district_code"] == code]["code"])


@lru_cache(maxsize=256)
def _missing_communes(seed: int, year: int, code: str) -> frozenset[str]:
    """The communes of an area that send no report for the year (their own random stream)."""
    codes = _new_codes(code)
    rng = np.random.Generator(np.random.PCG64([seed, year, int(code), 20]))
    missing = {c for c, r in zip(codes, rng.random(len(codes))) if r < COMMUNE_MISSING}
    return frozenset(missing - {codes[0]} if codes and missing == set(codes) else missing)


def _received(seed: int, year: int, unit_code: str, due_day: tuple[int, int] = ANNUAL_DUE) -> dt.date:
    """The day the Commission received a unit's report: mostly in the fortnight before the due date,
    some 1–15 days after it (never after DATA_THROUGH)."""
    rng = np.random.Generator(np.random.PCG64([seed, year, int(unit_code), 21, due_day[0]]))
    due = dt.date(year, *due_day)
    late, days = rng.random() < LATE_SHARE, int(rng.integers(0, 15))
    day = due + dt.timedelta(days=days + 1) if late else due - dt.timedelta(days=days)
    return min(day, DATA_THROUGH)


# ---------------------------------------------------------------------------------------------
# Plan: which file each district-year becomes (decided once from the seed)
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Unit:
    """One district-year submission and how it is written."""

    year: int
    code: str
    slug: str
    fmt: str  # xlsx | csv
    encoding: str = "utf-8-sig"  # or cp1258
    nfd: bool = False
    district_text: str = ""  # how the file spells its district
    commune_full: bool = False  # old communes written with their type ("Xã Hoằng Tiến")
    models_mean: float = 0.0
    commendations_mean: float = 0.0
    duplicates: tuple[tuple[str, float], ...] = ()  # (source district, row fraction) copied in
    seed: int | None = None  # the run's seed (which communes of the area send no report)

    @property
    def stem(self) -> str:
        """File name without extension."""
        base = f"{self.year}_{self.code}_{self.slug}"
        return base + "_xa-moi" if self.year >= 2026 else base

    @property
    def new_style_share(self) -> float:
        """Share of rows naming only a new commune (recognised after 1 Jul 2025)."""
        return 1.0 if self.year >= 2026 else 0.5 if self.year == 2025 else 0.0


def _codes_for(year: int) -> list[str]:
    """District codes with a file that year (Đông Sơn only until 2024)."""
    codes = sorted(_districts())
    return [c for c in codes if not (year >= 2025 and c in MERGED)]


def _shares(year: int) -> dict[str, float]:
    """Each district's share of the province's volume: by commune count, creative districts boosted in 2023."""
    ds = _districts()
    weight = {c: float(ds[c].communes) for c in ds}
    if year >= 2025:
        for old, new in MERGED.items():
            weight[new] += weight.pop(old)
    if year == 2023:
        for c in CREATIVE_2023:
            weight[c] *= CREATIVE_BOOST
    total = sum(weight.values())
    return {c: w / total for c, w in weight.items()}


def _district_spelling(d: District, year: int, rng: np.random.Generator, variant: bool) -> str:
    """How a file writes its district: short or full name, or a variant people type."""
    if d.code == "407" and year <= 2019:  # Huyện Tĩnh Gia until it became Thị xã Nghi Sơn
        return "Tĩnh Gia" if not variant else "H. Tĩnh Gia"
    if not variant:
        return d.short if rng.random() < 0.6 else d.name
    old_tone = _old_tone(d.short)
    prefix = {"huyen": "H.", "thi_xa": "TX", "thanh_pho": "TP."}[d.type]
    options = [
        f"{prefix} {old_tone}",
        ascii_name(d.short),
        f"{DISTRICT_PREFIX[d.type]} {d.short}",
        f"{prefix} {d.short}",
    ]
    if d.code == "405":
        options = ["Ðông Sơn", "H. Ðông Sơn"]  # Icelandic Ð (U+00D0) instead of Đ
    return options[int(rng.integers(len(options)))]


def _old_tone(name: str) -> str:
    """Old tone placement, as older keyboards type it ("Hoằng Hóa" → "Hoằng Hoá")."""
    for new, old in OLD_TONE.items():
        name = name.replace(new, old)
    return name


def _plan(seed: int, scale: float, fmt: str) -> list[Unit]:
    """Every district-year of 2016–2026 with its format, spelling and expected volumes."""
    rng = np.random.Generator(np.random.PCG64(seed))
    ds = _districts()
    units = []
    for year in YEARS:
        shares = _shares(year)
        for code in _codes_for(year):
            is_csv = fmt == "csv" or (fmt == "mixed" and rng.random() < CSV_SHARE)
            variant = year <= 2025 and rng.random() < DISTRICT_VARIANT_SHARE
            units.append(
                Unit(
                    year=year,
                    code=code,
                    slug=slug(ds[code].short),
                    fmt="csv" if is_csv else "xlsx",
                    district_text=_district_spelling(ds[code], year, rng, variant),
                    commune_full=bool(rng.random() < 0.35),
                    models_mean=MODELS_PER_YEAR[year] * shares[code] * scale,
                    commendations_mean=COMMENDATIONS_PER_YEAR[year] * shares[code] * scale,
                    seed=seed,
                )
            )
    if fmt == "mixed":
        units = _legacy_encodings(units, rng)
    return _add_duplicates(units, rng)


def _legacy_encodings(units: list[Unit], rng: np.random.Generator) -> list[Unit]:
    """Two or three CSV district-years in Windows-1258 and one in NFD (Mac/Word) text."""
    csv_idx = [i for i, u in enumerate(units) if u.fmt == "csv"]
    if not csv_idx:
        return units
    picked = rng.permutation(csv_idx)
    n_cp = min(len(picked) - 1, int(rng.integers(2, 4))) if len(picked) > 1 else 0
    for i in picked[:n_cp]:
        units[i] = replace(units[i], encoding="cp1258")
    units[picked[n_cp]] = replace(units[picked[n_cp]], nfd=True)
    return units


def _add_duplicates(units: list[Unit], rng: np.random.Generator) -> list[Unit]:
    """3–5 model rows copied into another district's file of the same year."""
    by_year: dict[int, list[int]] = {}
    for i, u in enumerate(units):
        by_year.setdefault(u.year, []).append(i)
    years = sorted(by_year)
    for _ in range(int(rng.integers(3, 6))):
        year = years[int(rng.integers(len(years)))]
        src, dst = rng.choice(by_year[year], 2, replace=False)
        u = units[dst]
        units[dst] = replace(u, duplicates=u.duplicates + ((units[src].code, float(rng.random())),))
    return units


# ---------------------------------------------------------------------------------------------
# Row generation (vectorised per district-year)
# ---------------------------------------------------------------------------------------------


def _rng(seed: int, unit: Unit, stream: int) -> np.random.Generator:
    """The random stream of one sheet of one district-year: independent of every other file."""
    return np.random.Generator(np.random.PCG64([seed, unit.year, int(unit.code), stream]))


def _choice(rng: np.random.Generator, options: Sequence, n: int, p: Sequence[float] | None = None) -> np.ndarray:
    """n picks from options as an object array."""
    arr = np.empty(len(options), dtype=object)
    arr[:] = list(options)
    if p is not None:
        p = np.asarray(p, dtype=float)
        p = p / p.sum()
    return arr[rng.choice(len(options), n, p=p)]


def _fill(templates: Sequence[str], which: np.ndarray, values: dict[str, np.ndarray]) -> np.ndarray:
    """Format templates[which[i]] with row i's values, one template at a time."""
    out = np.empty(len(which), dtype=object)
    for t in np.unique(which):
        idx = np.flatnonzero(which == t)
        tpl = templates[t]
        keys = [k for k in values if "{" + k + "}" in tpl]
        if not keys:
            out[idx] = tpl
            continue
        cols = [values[k][idx] for k in keys]
        out[idx] = [tpl.format(**dict(zip(keys, vals))) for vals in zip(*cols)]
    return out


def _region_ok(region: str, d: District) -> bool:
    """Whether a pattern/role tagged with `region` fits a district."""
    return {
        "all": True,
        "mountain": d.mountainous,
        "plain": not d.mountainous,
        "coastal": d.coastal,
        "border": d.border or d.coastal,
    }[region]


@dataclass
class Places:
    """Per-row place columns of one sheet."""

    new_style: np.ndarray  # bool: names only a new commune
    district_cell: np.ndarray
    commune_cell: np.ndarray
    values: dict[str, np.ndarray]  # template values: v, c, cs, vc, hv, eth, proj, prod, d, dshort, party


def _villages(rng: np.random.Generator, urban: np.ndarray, mountainous: bool) -> np.ndarray:
    """Village names: "thôn 3", "thôn Đông", "xóm 2", "bản Sa Ná", "tổ dân phố 5"."""
    n = len(urban)
    num = rng.integers(1, 16, n)
    kind = rng.random(n)
    named = _choice(rng, THON_NAMES, n)
    ban = _choice(rng, BAN_NAMES, n)
    out = np.empty(n, dtype=object)
    for i in range(n):
        if urban[i]:
            out[i] = f"tổ dân phố {num[i]}" if kind[i] < 0.8 else f"khu phố {num[i]}"
        elif mountainous and kind[i] < 0.5:
            out[i] = f"bản {ban[i]}"
        elif kind[i] < 0.55 + (0.2 if mountainous else 0):
            out[i] = f"thôn {num[i]}"
        elif kind[i] < 0.85:
            out[i] = f"thôn {named[i]}"
        else:
            out[i] = f"xóm {num[i]}"
    return out


def _places(rng: np.random.Generator, unit: Unit, n: int, blank_commune: float) -> Places:
    """Where each row happened: district and commune cells plus the words names are built from."""
    d = _districts()[unit.code]
    new_style = rng.random(n) < unit.new_style_share
    old = _old_places(unit.code, unit.year)
    fresh = _new_places(unit.code)
    if unit.year >= COMMUNE_FILES_FROM and unit.seed is not None:  # communes that did not send name no row
        missing = _missing_communes(unit.seed, unit.year, unit.code)
        fresh = tuple(p for p, c in zip(fresh, _new_codes(unit.code)) if c not in missing) or fresh
    pick_old = rng.integers(0, len(old), n)
    pick_new = rng.integers(0, len(fresh), n) if fresh else np.zeros(n, dtype=int)
    places = [fresh[j] if ns else old[i] for ns, i, j in zip(new_style, pick_old, pick_new)]
    merged = _merged_places(unit.code)
    if merged and MERGED_BEFORE <= unit.year <= MERGED_BEFORE + 1:  # old habits, a year or two on
        habit = (~new_style) & (rng.random(n) < MERGED_HABIT)
        for i in np.flatnonzero(habit):
            places[i] = merged[int(pick_old[i]) % len(merged)]
    urban = np.array([p.urban for p in places], dtype=bool)
    v = _villages(rng, urban, d.mountainous)
    c = np.array([p.text for p in places], dtype=object)
    cs = np.array([p.short for p in places], dtype=object)
    commune_cell = np.array(
        [p.name if (ns or unit.commune_full) else p.short for p, ns in zip(places, new_style)], dtype=object
    )
    commune_cell[(~new_style) & (rng.random(n) < blank_commune)] = None  # district-wide rows, or just not filled in
    commune_cell = _commune_spelling(rng, commune_cell, ~new_style)
    district_cell = np.where(new_style, None, unit.district_text).astype(object)
    values = {
        "v": v,
        "c": c,
        "cs": cs,
        "vc": np.array([f"{a}, {b}" for a, b in zip(v, c)], dtype=object),
        "hv": np.array([("Tổ trưởng " if u else "Trưởng ") + x for u, x in zip(urban, v)], dtype=object),
        "eth": _choice(rng, ETHNIC, n, (30, 35, 12, 8, 10, 5)),
        "prod": _choice(rng, PRODUCTS if d.mountainous else PRODUCTS[:2] + PRODUCTS[3:5], n),
    }
    values["proj"] = _fill(PROJECTS, rng.integers(0, len(PROJECTS), n), values)
    party = {"huyen": "Huyện ủy", "thi_xa": "Thị ủy", "thanh_pho": "Thành ủy"}[d.type]
    values["d"] = np.full(n, d.text, dtype=object)
    values["dshort"] = np.full(n, d.short, dtype=object)
    values["party"] = np.full(n, f"{party} {d.short}", dtype=object)
    return Places(new_style, district_cell, commune_cell, values)


def _people(rng: np.random.Generator, sector: np.ndarray) -> np.ndarray:
    """A title plus initials ("Bà N.T.H.", "Đại úy L.V.M."): never a full personal name."""
    n = len(sector)
    p_woman = np.select(
        [sector == "hoi_phu_nu", sector == "luc_luong_vu_trang", sector == "hoi_cuu_chien_binh"],
        [0.97, 0.08, 0.1],
        0.35,
    )
    woman = rng.random(n) < p_woman
    sur = _choice(rng, SURNAME_INITIALS, n, SURNAME_P)
    mid = np.where(
        woman,
        np.where(rng.random(n) < 0.85, "T", _choice(rng, "HNMKP", n)),
        np.where(rng.random(n) < 0.7, "V", _choice(rng, "ĐHMNQX", n)),
    )
    given = _choice(rng, GIVEN_INITIALS, n)
    two = rng.random(n) < 0.08  # some people go by two initials only
    rank = _choice(rng, RANKS, n)
    ranked = (sector == "luc_luong_vu_trang") & ~woman & (rng.random(n) < 0.7)  # officers go by rank
    comrade = np.isin(sector, ("co_quan_dang", "chinh_quyen", "mttq")) & (rng.random(n) < 0.12)
    out = np.empty(n, dtype=object)
    for i in range(n):
        ini = f"{sur[i]}.{given[i]}." if two[i] else f"{sur[i]}.{mid[i]}.{given[i]}."
        title = rank[i] if ranked[i] else "Đồng chí" if comrade[i] else "Bà" if woman[i] else "Ông"
        out[i] = f"{title} {ini}"
    return out


def _by_sector(
    rng: np.random.Generator,
    sector: np.ndarray,
    table: dict[str, tuple[str, ...]],
    region: dict[str, str],
    d: District,
    values: dict[str, np.ndarray],
) -> np.ndarray:
    """Fill a per-sector template (role or unit name) for each row."""
    flat: list[str] = []
    which = np.zeros(len(sector), dtype=int)
    for s, tpls in table.items():
        ok = [t for t in tpls if _region_ok(region.get(t, "all"), d)]
        idx = np.flatnonzero(sector == s)
        if len(idx):
            which[idx] = len(flat) + rng.integers(0, len(ok), len(idx))
        flat += ok
    return _fill(flat, which, values)


def _individuals(
    rng: np.random.Generator, sector: np.ndarray, d: District, values: dict[str, np.ndarray]
) -> tuple[np.ndarray, np.ndarray]:
    """(person with role, person) for individuals: "Bà N.T.H. – Chi hội trưởng phụ nữ thôn 4"."""
    person = _people(rng, sector)
    role = _by_sector(rng, sector, ROLES, ROLE_REGION, d, values)
    comma = rng.random(len(sector)) < 0.3
    full = np.array([f"{p}, {r}" if c else f"{p} – {r}" for p, r, c in zip(person, role, comma)], dtype=object)
    return full, person


def _lognormal(
    rng: np.random.Generator, median: float, sigma: float, n: int, lo: float, hi: float, decimals: int
) -> np.ndarray:
    """Skewed positive figures rounded to `decimals`."""
    x = np.clip(rng.lognormal(math.log(median), sigma, n), lo, hi)
    return np.round(x, decimals)


def _results(
    rng: np.random.Generator, field_: np.ndarray, topic: np.ndarray, individual: np.ndarray
) -> dict[str, np.ndarray]:
    """Result columns with many blanks: land mostly for land-donation and new-rural models."""
    n = len(field_)
    econ = field_ == KT
    p_land = np.select([topic == "hien_dat", topic == "nong_thon_moi", econ], [0.85, 0.4, 0.1], 0.02)
    p_road = np.select([topic == "hien_dat", topic == "nong_thon_moi", econ], [0.6, 0.3, 0.05], 0.01)

    def col(present: np.ndarray, values: np.ndarray, zero: float = 0.0) -> np.ndarray:
        """Values where present, else blank (or an explicit 0 for a share of blanks)."""
        out = np.full(n, None, dtype=object)
        out[present] = values[present].tolist()
        zeros = (~present) & (rng.random(n) < zero)  # some districts write 0 where nothing was given
        out[zeros] = 0
        return out

    land = _lognormal(rng, 300, 1.1, n, 5, 20_000, 0)
    land_dec = rng.random(n) < 0.1
    land = np.where(land_dec, np.round(land + rng.random(n), 1), land)
    out = {
        "land_m2": col(rng.random(n) < p_land, _as_int_if_whole(land), 0.08),
        "workdays": col(rng.random(n) < 0.55, _as_int_if_whole(_lognormal(rng, 150, 1.0, n, 2, 20_000, 0))),
        "funds_million_vnd": col(rng.random(n) < 0.6, _as_int_if_whole(_lognormal(rng, 60, 1.3, n, 0.5, 5_000, 1))),
        "roads_km": col(rng.random(n) < p_road, _as_int_if_whole(_lognormal(rng, 1.0, 0.7, n, 0.2, 5.0, 1))),
        "households_benefited": col(
            rng.random(n) < 0.55,
            np.where(individual, _lognormal(rng, 30, 1.0, n, 1, 2_000, 0), _lognormal(rng, 45, 1.1, n, 1, 5_000, 0))
            .astype(np.int64)
            .astype(object),
        ),
    }
    return out


def _as_int_if_whole(x: np.ndarray) -> np.ndarray:
    """Object array: whole numbers as int, others as float (Excel and CSV show them as typed)."""
    out = x.astype(object)
    whole = x == np.floor(x)
    out[whole] = x[whole].astype(np.int64).tolist()
    return out


def vn_number(x: float) -> str:
    """Vietnamese number format: 1200 → "1.200", 12.5 → "12,5", 1250.5 → "1.250,5"."""
    return l10n.number(x, 0 if float(x) == int(x) else 1, "vi")


def plain_number(x: float) -> str:
    """Number as a program writes it: "1200", "12.5" (never three decimals, which would read as thousands)."""
    return str(int(x)) if float(x) == int(x) else f"{x:.1f}"


def _descriptions(rng: np.random.Generator, field_: np.ndarray, res: dict[str, np.ndarray]) -> np.ndarray:
    """Short descriptions from templates carrying the row's figures."""
    n = len(field_)
    opener_i = rng.integers(0, 3, n)
    closer = _choice(rng, CLOSERS, n)
    blank = rng.random(n) < 0.15
    land, wd, money, road, hh = (res[k] for k in NUMBER_KEYS)
    out = np.empty(n, dtype=object)
    for i in range(n):
        if blank[i]:
            continue
        parts = []
        if land[i]:
            parts.append(f"hiến {vn_number(land[i])} m² đất")
        if wd[i]:
            parts.append(f"đóng góp {vn_number(wd[i])} ngày công")
        if money[i]:
            parts.append(f"huy động {vn_number(money[i])} triệu đồng")
        if road[i]:
            parts.append(f"làm mới, mở rộng {vn_number(road[i])} km đường")
        if hh[i]:
            parts.append(f"giúp {vn_number(hh[i])} hộ được hưởng lợi")
        head = OPENERS[field_[i]][opener_i[i]]
        out[i] = f"{head} {', '.join(parts)}; {closer[i]}" if parts else f"{head}, {closer[i]}"
    return out


# Real reports name the generic "Đoàn thể" for a mass organisation's model (the loader refines it from
# the host unit), and a few organisations the code lists do not have (kept as unclassified, warned).
GENERIC_SECTOR_SHARE = 0.08
UNION_SECTORS = frozenset({"hoi_phu_nu", "hoi_nong_dan", "doan_thanh_nien", "hoi_cuu_chien_binh", "mttq"})
UNLISTED_SECTOR_SHARE = 0.004
ISSUER_TEXT_SHARE = 0.35  # issuers written in full, with the body's place, as decisions name them


def _real_sectors(rng: np.random.Generator, codes: np.ndarray, cells: np.ndarray) -> np.ndarray:
    """Host-sector cells with the generic "Đoàn thể" for some mass organisations and a few unlisted ones."""
    out = cells.copy()
    u = rng.random(len(codes))
    generic = np.array([c in UNION_SECTORS for c in codes], dtype=bool) & (u < GENERIC_SECTOR_SHARE)
    out[generic] = "Đoàn thể"
    unlisted = np.flatnonzero((codes != None) & (u > 1 - UNLISTED_SECTOR_SHARE))  # noqa: E711
    out[unlisted] = _choice(rng, UNLISTED_SECTORS, len(unlisted))
    return out


def _issuer_texts(
    rng: np.random.Generator, issuer: np.ndarray, cells: np.ndarray, d: District, commune: np.ndarray
) -> np.ndarray:
    """Issuer cells written in full for a share of rows ("Chủ tịch UBND huyện Hoằng Hóa", "Đảng ủy xã Hoằng Tiến")."""
    out = cells.copy()
    party = f"{PARTY_COMMITTEE[d.type]} {d.short}"
    for i in np.flatnonzero(rng.random(len(issuer)) < ISSUER_TEXT_SHARE):
        forms = ISSUER_TEXTS.get(issuer[i])
        c = commune[i]
        if not forms or (issuer[i] == "cap_xa" and not (isinstance(c, str) and c.lower().startswith(("xã", "phường")))):
            continue
        form = forms[int(rng.integers(0, len(forms)))]
        out[i] = form.format(d=d.text, party=party, c=c[:1].lower() + c[1:] if isinstance(c, str) else "")
    return out


def _enum_cells(
    rng: np.random.Generator, enum: str, codes: np.ndarray, variant_rate: float = VARIANT_RATE
) -> np.ndarray:
    """Vietnamese labels for codes; a few written the way people type them."""
    vi = {o.code: o.vi for o in labels.ENUMS[enum]}
    out = np.array([vi[c] if c is not None else None for c in codes], dtype=object)
    swap = np.flatnonzero((rng.random(len(codes)) < variant_rate) & (codes != None))  # noqa: E711
    pick = rng.random(len(swap))
    for i, u in zip(swap, pick):
        options = ENUM_VARIANTS[enum].get(codes[i], ())
        if options:
            out[i] = options[int(u * len(options))]
    return out


def _pattern_table(unit: Unit) -> dict[str, tuple[list[Pattern], np.ndarray]]:
    """Patterns that fit a district-year, with their probabilities, by field."""
    d = _districts()[unit.code]
    out = {}
    for f in FIELD_P:
        pats = [p for p in PATTERNS if p.field == f and p.since <= unit.year and _region_ok(p.region, d)]
        w = np.array([p.weight for p in pats])
        out[f] = (pats, w / w.sum())
    return out


def _deed_table(unit: Unit) -> dict[str, list[tuple[str, str | None, str, int]]]:
    """Deeds of individuals that fit a district-year, by field."""
    d = _districts()[unit.code]
    return {f: [x for x in deeds if x[3] <= unit.year and _region_ok(x[2], d)] for f, deeds in DEEDS.items()}


def _models(seed: int, unit: Unit) -> dict[str, np.ndarray]:
    """The valid model/example rows of a district-year, by column key."""
    rng = _rng(seed, unit, 1)
    d = _districts()[unit.code]
    n = int(rng.poisson(unit.models_mean))
    pl = _places(rng, unit, n, blank_commune=0.08)
    kind = _choice(rng, list(KIND_P), n, list(KIND_P.values()))
    field_ = _choice(rng, list(FIELD_P), n, list(FIELD_P.values()))
    individual = kind == "dien_hinh_ca_nhan"
    name = np.empty(n, dtype=object)
    topic = np.full(n, None, dtype=object)
    sector = np.full(n, None, dtype=object)
    host_unit = np.empty(n, dtype=object)

    patterns = _pattern_table(unit)
    deeds = _deed_table(unit)
    for f in FIELD_P:
        coll = np.flatnonzero((field_ == f) & ~individual)
        pats, p = patterns[f]
        which = rng.choice(len(pats), len(coll), p=p)
        sub = {k: v[coll] for k, v in pl.values.items()}
        # Place-less patterns ("Hũ gạo tình thương") usually get the commune, as reports list them.
        texts = [x.text for x in pats] + [x.text + " ở {c}" for x in pats]
        placeless = np.array(["{" not in x.text for x in pats])
        which_named = np.where(placeless[which] & (rng.random(len(coll)) < 0.7), which + len(pats), which)
        name[coll] = _fill(texts, which_named, sub)
        topic[coll] = [pats[w].topic for w in which]
        host_pick = rng.random(len(coll))
        sector[coll] = [pats[w].hosts[int(u * len(pats[w].hosts))] for w, u in zip(which, host_pick)]

        ind = np.flatnonzero((field_ == f) & individual)
        hosts = INDIVIDUAL_HOSTS[f]
        sector[ind] = _choice(rng, list(hosts), len(ind), list(hosts.values()))
        options = deeds[f]
        pick = rng.integers(0, len(options), len(ind))
        topic[ind] = [options[k][1] for k in pick]
        sub = {k: v[ind] for k, v in pl.values.items()}
        full, _person = _individuals(rng, sector[ind], d, sub)
        with_deed = rng.random(len(ind)) < 0.35
        name[ind] = [f"{x}, {options[k][0]}" if w else x for x, k, w in zip(full, pick, with_deed)]
        host_unit[ind] = full

    coll = np.flatnonzero(~individual)
    sub = {k: v[coll] for k, v in pl.values.items()}
    host_unit[coll] = _by_sector(rng, sector[coll], UNITS, UNIT_REGION, d, sub)
    # A collective example is often listed under the unit's own name.
    own = coll[(kind[coll] == "dien_hinh_tap_the") & (rng.random(len(coll)) < 0.5)]
    name[own] = host_unit[own]
    res = _results(rng, field_, topic, individual)
    shown_topic = np.where(rng.random(n) < TOPIC_FILL, topic, None)
    level_p = np.where(pl.new_style[:, None], list(LEVEL_P_NO_DISTRICT.values()), list(LEVEL_P.values()))
    level = np.array(list(LEVEL_P), dtype=object)[
        (rng.random(n)[:, None] > np.cumsum(level_p, axis=1)).sum(axis=1).clip(0, 3)
    ]
    host_shown = np.where(rng.random(n) < 0.9, sector, None)  # Chủ thể left blank now and then
    return _unique_rows(
        {
            "name": name,
            "kind": _enum_cells(rng, "kind", kind),
            "field": _enum_cells(rng, "field", field_),
            "topic": _enum_cells(rng, "topic", shown_topic),
            "host_sector": _real_sectors(_rng(seed, unit, 7), host_shown, _enum_cells(rng, "host_sector", host_shown)),
            "host_unit": host_unit,
            "district": pl.district_cell,
            "commune": pl.commune_cell,
            "year_recognized": np.full(n, unit.year, dtype=object),
            "level": _enum_cells(rng, "level", level),
            **res,
            "description": _descriptions(rng, field_, res),
            # kept for commendations (not written): classes and place style; for the provincial bodies'
            # reports: the true host sector and level
            "_individual": individual,
            "_new_style": pl.new_style,
            "_sector": sector,
            "_level": level,
        }
    )


def _unique_rows(data: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Drop accidental exact duplicates, so the only duplicates in a run are the planned ones."""
    keys = [k for k in data if not k.startswith("_")]
    seen: set[tuple] = set()
    keep = np.ones(len(data[keys[0]]), dtype=bool)
    for i, row in enumerate(zip(*(data[k].tolist() for k in keys))):
        if row in seen:
            keep[i] = False
        seen.add(row)
    return data if keep.all() else {k: v[keep] for k, v in data.items()}


def _decision_dates(rng: np.random.Generator, n: int, year: int, new_style: np.ndarray) -> np.ndarray:
    """Decision dates: many at year-end reviews, some at mid-year and contest time; windows respect 1 Jul 2025."""
    start = np.datetime64(f"{year}-01-01")
    part = rng.random(n)
    doy = np.select(
        [part < 0.45, part < 0.60, part < 0.75],
        [rng.integers(318, 365, n), rng.integers(90, 181, n), rng.integers(212, 304, n)],
        rng.integers(0, 304, n),
    )
    lo = np.zeros(n, dtype=int)
    hi = np.full(n, 364, dtype=int)
    if year == 2025:
        lo = np.where(new_style, 181, 0)  # 1 Jul
        hi = np.where(new_style, 364, 180)
    if year >= DATA_THROUGH.year:
        hi[:] = (DATA_THROUGH - dt.date(DATA_THROUGH.year, 1, 1)).days  # data up to DATA_THROUGH (30 Nov)
    outside = (doy < lo) | (doy > hi)
    doy = np.where(outside, lo + (rng.random(n) * (hi - lo + 1)).astype(int), doy)
    return (start + doy.astype("timedelta64[D]")).astype(object)


def _commendations(seed: int, unit: Unit, models: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The valid commendation rows of a district-year; ~30 % name a model of the same file."""
    rng = _rng(seed, unit, 2)
    d = _districts()[unit.code]
    n = int(rng.poisson(unit.commendations_mean))
    pl = _places(rng, unit, n, blank_commune=0.45)
    collective = rng.random(n) < RECIPIENT_COLLECTIVE
    sector = _choice(rng, list(COMMEND_SECTORS), n, list(COMMEND_SECTORS.values()))
    name = np.empty(n, dtype=object)
    ind = np.flatnonzero(~collective)
    name[ind], _ = _individuals(rng, sector[ind], d, {k: v[ind] for k, v in pl.values.items()})
    coll = np.flatnonzero(collective)
    name[coll] = _by_sector(rng, sector[coll], UNITS, UNIT_REGION, d, {k: v[coll] for k, v in pl.values.items()})
    # District bodies are commended too, while districts exist.
    district_body = collective & ~pl.new_style & (rng.random(n) < 0.12)
    idx = np.flatnonzero(district_body)
    body = _fill(
        DISTRICT_UNITS, rng.integers(0, len(DISTRICT_UNITS), len(idx)), {k: v[idx] for k, v in pl.values.items()}
    )
    seen: set[str] = set()
    for i, b in zip(idx, body):
        if b in seen:  # each district body once a file; the row keeps its commune-level recipient
            district_body[i] = False
        else:
            seen.add(b)
            name[i] = b
    commune_cell = pl.commune_cell.copy()
    commune_cell[district_body] = None
    district_cell = pl.district_cell.copy()
    new_style = pl.new_style.copy()
    model_name = np.full(n, None, dtype=object)
    model_of = np.full(n, -1, dtype=np.int64)  # which model row a linked commendation names

    # Link: the recipient is the model's host (person or unit), at the model's place.
    link = np.flatnonzero(rng.random(n) < LINK_RATE)
    # Each model is linked at most once per file: shuffled pools consumed in order.
    pools = {
        True: list(rng.permutation(np.flatnonzero(~models["_individual"]))),
        False: list(rng.permutation(np.flatnonzero(models["_individual"]))),
    }
    for i in link:
        pool = pools[bool(collective[i])]
        if not pool:
            continue
        j = pool.pop()
        model_of[i] = j
        model_name[i] = models["name"][j]
        name[i] = models["host_unit"][j]
        commune_cell[i] = models["commune"][j]
        district_cell[i] = models["district"][j]
        new_style[i] = models["_new_style"][j]

    issuer_codes = list(ISSUER_P)
    p_old = np.array(list(ISSUER_P.values()))
    p_new = p_old.copy()
    p_new[issuer_codes.index("cap_xa")] += p_new[issuer_codes.index("cap_huyen")]
    p_new[issuer_codes.index("cap_huyen")] = 0  # no district bodies after 1 Jul 2025
    u = rng.random(n)
    issuer_i = np.where(
        new_style,
        np.searchsorted(np.cumsum(p_new), u * p_new.sum()),
        np.searchsorted(np.cumsum(p_old), u * p_old.sum()),
    )
    issuer = np.array(issuer_codes, dtype=object)[np.clip(issuer_i, 0, len(issuer_codes) - 1)]
    form = _forms(rng, issuer)
    dates = _decision_dates(rng, n, unit.year, new_style)
    numbers, dates = _decisions(rng, issuer, form, commune_cell, dates, new_style, d, unit.year)
    issuer_cells = _enum_cells(rng, "issuer", issuer)
    if unit.year >= 2025:  # the commission was merged into Ban Tuyên giáo và Dân vận
        issuer_cells[(issuer == "ban_dan_van_tinh_uy") & (rng.random(n) < 0.7)] = MERGED_COMMISSION
    issuer_cells = _issuer_texts(_rng(seed, unit, 8), issuer, issuer_cells, d, commune_cell)
    return _unique_rows(
        {
            "recipient_name": name,
            "recipient_kind": _enum_cells(
                rng, "recipient_kind", np.where(collective, "tap_the", "ca_nhan").astype(object)
            ),
            "district": district_cell,
            "commune": commune_cell,
            "year": np.full(n, unit.year, dtype=object),
            "form": _enum_cells(rng, "form", form),
            "issuer": issuer_cells,
            "decision_no": numbers,
            "decision_date": dates,
            "model_name": model_name,
            # not written: for the provincial bodies' reports
            "_model": model_of,
            "_sector": sector,
            "_issuer": issuer,
        }
    )


def _forms(rng: np.random.Generator, issuer: np.ndarray) -> np.ndarray:
    """Form of each commendation given its issuer."""
    forms = [o.code for o in labels.FORM]
    table = np.array([[FORM_BY_ISSUER[i].get(f, 0.0) for f in forms] for i in ISSUER_P])
    cum = np.cumsum(table / table.sum(axis=1, keepdims=True), axis=1)
    row = np.array([list(ISSUER_P).index(i) for i in issuer], dtype=int)
    u = rng.random(len(issuer))
    k = (u[:, None] > cum[row]).sum(axis=1).clip(0, len(forms) - 1) if len(issuer) else np.zeros(0, dtype=int)
    return np.array(forms, dtype=object)[k]


def _decisions(
    rng: np.random.Generator,
    issuer: np.ndarray,
    form: np.ndarray,
    commune: np.ndarray,
    dates: np.ndarray,
    new_style: np.ndarray,
    d: District,
    year: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Decision numbers with the issuer's suffix; rows of one decision share its number, date and form.

    A commune's decision only covers that commune, so commune-level rows are grouped by commune too.
    """
    n = len(issuer)
    numbers = np.empty(n, dtype=object)
    dates = dates.copy()
    scope = np.where(issuer == "cap_xa", commune, None)
    keys = [(i, s, f, c or "") for i, s, f, c in zip(issuer, new_style, form, scope)]
    groups: dict[tuple, list[int]] = {}
    for pos, key in enumerate(keys):
        groups.setdefault(key, []).append(pos)
    for (code, _style, _form, _commune), rows in sorted(groups.items(), key=lambda kv: kv[1][0]):
        k = max(1, math.ceil(len(rows) / GROUP_SIZE.get(code, 2)))
        group = rng.integers(0, k, len(rows))
        lo, hi = DECISION_RANGE[code]
        nums = rng.integers(lo, hi, k)
        if code == "cap_huyen":
            suffixes = DISTRICT_DECISION_SUFFIX[d.type]
        elif code == "ban_dan_van_tinh_uy" and year >= 2025:
            suffixes = ("-QĐ/BTGDVTU",)
        else:
            suffixes = DECISION_SUFFIX[code]
        suf = [suffixes[j] for j in rng.integers(0, len(suffixes), k)]
        first: dict[int, object] = {}
        for pos, g in zip(rows, group):
            first.setdefault(g, dates[pos])
            numbers[pos] = f"{nums[g]}{suf[g]}"
            dates[pos] = first[g]
    return numbers, dates


# ---------------------------------------------------------------------------------------------
# Imperfections: invalid rows and duplicates (extra to the volume targets)
# ---------------------------------------------------------------------------------------------


def _corrupt(rng: np.random.Generator, rows: dict[str, np.ndarray], kind: str, unit: Unit) -> dict[str, np.ndarray]:
    """Add ~0.3 % invalid rows (copies of real rows with one fault) at random places. The internal
    columns ('_…', never written) stay, with '_valid' False on the invalid rows."""
    data = {**rows, "_valid": np.ones(len(rows["district"]), dtype=bool)}
    n = len(data["district"])
    bad = int(rng.binomial(n, INVALID_RATE)) if n else 0
    if not bad:
        return data
    src = rng.integers(0, n, bad)
    extra = {k: v[src].copy() for k, v in data.items()}
    extra["_valid"][:] = False
    name_key = "name" if kind == MODELS else "recipient_name"
    year_key = "year_recognized" if kind == MODELS else "year"
    faults = (
        ("district", "name", "workdays", "year", "field")
        if kind == MODELS
        else ("district", "name", "year", "form", "date")
    )
    for i, f in enumerate(_choice(rng, faults, bad)):
        if f == "district" and extra["district"][i] is None:
            f = "name"  # new-commune rows have no district to misspell
        if f == "district":
            extra["district"][i] = (
                f"{_old_tone(_districts()[unit.code].short)} {'Bắc' if rng.random() < 0.5 else 'Nam'}"
            )
        elif f == "name":
            extra[name_key][i] = None
        elif f == "workdays":
            extra["workdays"][i] = -int(rng.integers(10, 400))
        elif f == "year":
            extra[year_key][i] = 2031
        elif f == "field":
            extra["field"][i] = "Thể thao"
        elif f == "form":
            extra["form"][i] = "Cờ thi đua"
        elif f == "date":
            extra["decision_date"][i] = f"31/02/{unit.year}"
    return _interleave(rng, data, extra)


def _interleave(
    rng: np.random.Generator, data: dict[str, np.ndarray], extra: dict[str, np.ndarray]
) -> dict[str, np.ndarray]:
    """Insert extra rows at random positions, keeping the order of the others."""
    n = len(next(iter(data.values())))
    m = len(next(iter(extra.values())))
    keys = np.concatenate([np.arange(n, dtype=float), rng.random(m) * max(n, 1)])
    order = np.argsort(keys, kind="stable")
    return {k: np.concatenate([data[k], extra[k]])[order] for k in data}


def _with_duplicates(
    seed: int, unit: Unit, data: dict[str, np.ndarray], plan: dict[tuple[int, str], Unit]
) -> dict[str, np.ndarray]:
    """Copy the planned rows of other districts' files (same year) into this one."""
    if not unit.duplicates:
        return data
    rng = _rng(seed, unit, 4)
    for src_code, frac in unit.duplicates:
        src = _models(seed, plan[(unit.year, src_code)])
        m = len(src["name"])
        if not m:
            continue
        j = int(frac * m)
        extra = {k: src[k][j : j + 1].copy() for k in data}
        data = _interleave(rng, data, extra)
    return data


# ---------------------------------------------------------------------------------------------
# Writers
# ---------------------------------------------------------------------------------------------


def _title(unit: Unit, commune: str = "", half: bool = False, body: str = "") -> str:
    """Row 1 of every sheet (a commune's or a provincial body's own file names it; a half-year report says so)."""
    if body:
        through = f" (SỐ LIỆU ĐẾN THÁNG {DATA_THROUGH.month}/{unit.year})" if unit.year == DATA_THROUGH.year else ""
        return f'BÁO CÁO KẾT QUẢ PHONG TRÀO THI ĐUA "DÂN VẬN KHÉO" NĂM {unit.year} — {body.upper()}{through}'
    d = _districts()[unit.code]
    where = "HUYỆN TĨNH GIA" if unit.code == "407" and unit.year <= 2019 else d.name.upper()
    if half:
        return f'BÁO CÁO KẾT QUẢ PHONG TRÀO THI ĐUA "DÂN VẬN KHÉO" 6 THÁNG ĐẦU NĂM {unit.year} — {where}'
    if commune or unit.year >= 2026:
        who = f"{commune.upper()} (ĐỊA BÀN {where} CŨ)" if commune else f"CÁC XÃ, PHƯỜNG TRÊN ĐỊA BÀN {where} CŨ"
        through = f" (SỐ LIỆU ĐẾN THÁNG {DATA_THROUGH.month}/{unit.year})" if unit.year == DATA_THROUGH.year else ""
        return f'BÁO CÁO KẾT QUẢ PHONG TRÀO THI ĐUA "DÂN VẬN KHÉO" NĂM {unit.year} — {who}{through}'
    return f'BÁO CÁO KẾT QUẢ PHONG TRÀO THI ĐUA "DÂN VẬN KHÉO" NĂM {unit.year} — {where}'


def _sheet_rows(data: dict[str, np.ndarray], keys: list[str]) -> list[tuple]:
    """Data rows as tuples of cells in column order."""
    return list(zip(*(data[k].tolist() for k in keys)))


def _write_xlsx(
    path: Path,
    unit: Unit,
    sheets: dict[str, dict[str, np.ndarray]],
    fields: Sequence[str] = (),
    commune: str = "",
    half: bool = False,
    body: tuple[str, str] | None = None,
) -> None:
    """One workbook: an intro sheet, then "Mô hình" and "Khen thưởng" with title rows (and the header
    fields, in row 3) above the header. `body` (code, name): a provincial body's report."""
    title = _title(unit, commune, half, body[1] if body else "")
    wb = xlsxwriter.Workbook(
        str(path),
        {
            "constant_memory": True,
            "strings_to_urls": False,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "default_date_format": "dd/mm/yyyy",
        },
    )
    wb.set_properties(
        {
            "title": title,
            "subject": SYNTHETIC_NOTE,
            "author": "etl.sample (dữ liệu mẫu tổng hợp)",
            "comments": "Dữ liệu tổng hợp, không phải số liệu thật.",
            "created": FIXED_CREATED,
        }
    )
    bold = wb.add_format({"bold": True})
    head = wb.add_format({"bold": True, "text_wrap": True, "bg_color": "#DDEBF7", "border": 1})
    intro = wb.add_worksheet("Giới thiệu")
    intro.set_column(0, 0, 110)
    for r, line in enumerate(_intro_lines(unit, sheets, body)):
        intro.write_string(r, 0, line, bold if r == 0 else None)
    for kind, cols in ((MODELS, MODEL_COLUMNS), (COMMENDATIONS, COMMENDATION_COLUMNS)):
        ws = wb.add_worksheet(SHEET_TITLES[kind])
        for j, c in enumerate(cols):
            ws.set_column(j, j, 42 if c.type == "text" else 16)
        ws.write_string(0, 0, title, bold)
        ws.write_string(1, 0, SYNTHETIC_NOTE)
        ws.write_row(2, 0, list(fields))
        ws.write_row(3, 0, [c.header for c in cols], head)
        for r, row in enumerate(_sheet_rows(sheets[kind], [c.key for c in cols]), start=4):
            ws.write_row(r, 0, row)
    wb.close()


def _intro_lines(
    unit: Unit, sheets: dict[str, dict[str, np.ndarray]], body: tuple[str, str] | None = None
) -> list[str]:
    """Text of the "Giới thiệu" sheet."""
    who = f"{body[1]} (mã {body[0]})" if body else f"{_districts()[unit.code].name} (mã {unit.code})"
    return [
        f"{SYNTHETIC_MARK} — KHÔNG PHẢI SỐ LIỆU THẬT",
        "File này do chương trình etl.sample tạo ngẫu nhiên để minh họa và kiểm thử bảng điều khiển "
        'phong trào thi đua "Dân vận khéo" tỉnh Thanh Hóa.',
        "Tên mô hình, đơn vị và cá nhân (chỉ ghi chức danh và chữ cái đầu) đều là giả định; mọi con số là ngẫu nhiên.",
        "Khối lượng theo ước tính từ số liệu công bố 2021–2023 (khoảng 3.000 mô hình, điển hình và 950 khen thưởng mỗi năm toàn tỉnh).",
        f"Đơn vị: {who} · Năm: {unit.year}",
        f"Số dòng: {len(sheets[MODELS]['name'])} mô hình/điển hình, {len(sheets[COMMENDATIONS]['recipient_name'])} khen thưởng.",
    ]


EN_CSV_SHARE = 0.2  # CSV files exported from a computer set to English: "1,200" and "1,250.5"


def en_number(x: float) -> str:
    """English number format: 1200 → "1,200", 1250.5 → "1,250.5"."""
    return l10n.number(x, 0 if float(x) == int(x) else 1, "en")


def _csv_cell(value: object, vn: bool, en: bool = False) -> str:
    """A cell as CSV text: numbers in Vietnamese format in part of the rows (or English format in an
    English-locale file), dates as dd/mm/yyyy."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, (int, float)):
        if en and value >= 0:
            return en_number(value)
        return vn_number(value) if vn and value >= 0 else plain_number(value)
    return str(value)


def _csv_text(
    unit: Unit,
    kind: str,
    data: dict[str, np.ndarray],
    rng: np.random.Generator,
    en: bool = False,
    fields: Sequence[str] = (),
    commune: str = "",
    half: bool = False,
) -> str:
    """CSV text of one sheet with its title rows (the header fields in row 3)."""
    cols = MODEL_COLUMNS if kind == MODELS else COMMENDATION_COLUMNS
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow([_title(unit, commune, half)])
    w.writerow([SYNTHETIC_NOTE])
    w.writerow(list(fields))
    w.writerow([c.header for c in cols])
    rows = _sheet_rows(data, [c.key for c in cols])
    vn_share = rng.choice([0.3, 0.6, 1.0])
    vn_rows = rng.random(len(rows)) < vn_share
    is_number = [c.key in NUMBER_KEYS for c in cols]  # years and dates never take separators
    for row, vn in zip(rows, vn_rows):
        w.writerow([_csv_cell(v, vn and num, en and num) for v, num in zip(row, is_number)])
    return buf.getvalue()


def to_cp1258(text: str) -> bytes:
    """Windows-1258 bytes: base letters precomposed where the code page has them, tone marks combining."""
    table: dict[int, str] = {}
    for ch in set(text):
        if ord(ch) < 128:
            continue
        try:
            ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch.translate({0x00D0: "Đ"}))
        tones = "".join(m for m in parts[1:] if m in TONE_MARKS)
        core = unicodedata.normalize("NFC", parts[0] + "".join(m for m in parts[1:] if m not in TONE_MARKS))
        form = core + tones
        try:
            form.encode("cp1258")
        except UnicodeEncodeError:
            form = "?"
        table[ord(ch)] = form
    return text.translate(table).encode("cp1258")


def _write_csv(
    out_dir: Path,
    unit: Unit,
    sheets: dict[str, dict[str, np.ndarray]],
    seed: int,
    stem: str = "",
    fields: Sequence[str] = (),
    commune: str = "",
    half: bool = False,
) -> list[Path]:
    """Two CSV files, UTF-8 with BOM unless the plan says Windows-1258 or NFD."""
    rng = _rng(seed, unit, 5)
    en = unit.encoding != "cp1258" and _rng(seed, unit, 9).random() < EN_CSV_SHARE
    paths = []
    for kind, suffix in ((MODELS, "mo-hinh"), (COMMENDATIONS, "khen-thuong")):
        text = _csv_text(unit, kind, sheets[kind], rng, en, fields, commune, half)
        if unit.nfd:
            text = unicodedata.normalize("NFD", text)
        raw = to_cp1258(text) if unit.encoding == "cp1258" else text.encode("utf-8-sig")
        path = out_dir / f"{stem or unit.stem}_{suffix}.csv"
        path.write_bytes(raw)
        paths.append(path)
    return paths


Sheets = dict[str, dict[str, np.ndarray]]


def _written(data: dict[str, np.ndarray], keep: np.ndarray | None = None) -> dict[str, np.ndarray]:
    """The columns a file holds (not the internal '_…' ones), of the rows `keep` selects."""
    return {k: (v if keep is None else v[keep]) for k, v in data.items() if not k.startswith("_")}


def _build_unit(args: tuple[int, Unit, dict[tuple[int, str], Unit], str, tuple[str, ...]]) -> tuple[list[str], dict]:
    """Generate and write one district-year (runs in a worker): the paths written, and the rows moved to
    the provincial bodies' reports of the year, by body code (the parent writes those files)."""
    seed, unit, plan, out_dir, bodies = args
    valid = _models(seed, unit)
    commendations = _corrupt(_rng(seed, unit, 6), _commendations(seed, unit, valid), COMMENDATIONS, unit)
    models = _corrupt(_rng(seed, unit, 3), valid, MODELS, unit)
    owner_m, owner_c = _provincial_owners(models, commendations, bodies)
    moved = {
        b: {MODELS: _written(models, owner_m == b), COMMENDATIONS: _written(commendations, owner_c == b)}
        for b in sorted(set(owner_m) | set(owner_c))
        if b
    }
    sheets = {
        MODELS: _with_duplicates(seed, unit, _written(models, owner_m == ""), plan),
        COMMENDATIONS: _written(commendations, owner_c == ""),
    }
    out = Path(out_dir)
    if unit.year >= COMMUNE_FILES_FROM:
        return [str(p) for p in _write_commune_files(out, seed, unit, sheets)], moved
    d = _districts()[unit.code]
    fields = _fields(d.name, unit.code, f"{unit.year}-N", _received(seed, unit.year, unit.code))
    if unit.fmt == "csv":
        return [str(p) for p in _write_csv(out, unit, sheets, seed, fields=fields)], moved
    path = out / f"{unit.stem}.xlsx"
    _write_xlsx(path, unit, sheets, fields)
    return [str(path)], moved


# The provincial bodies' annual reports (config/reporting.toml [[units.provincial]]). A body reports the
# models of its own sector recognised at provincial or central level, wherever they are (the rows keep
# their district and commune), and the commendations naming them; also the commendations its sector
# received from a provincial or central issuer. Those rows are MOVED out of the district/commune files,
# so the sample's volumes (DOMAIN §4) stay as they were. A body whose sector the vocabulary does not
# have (the departments, "Sở …") has no such rows and sends nothing: it shows as missing.
# Host sector → body code; the armed forces' rows go to the police when their host names it.
BODY_OF_SECTOR = {
    "mttq": "MTTQ",
    "doan_thanh_nien": "TDOAN",
    "hoi_phu_nu": "HLHPN",
    "hoi_nong_dan": "HND",
    "hoi_cuu_chien_binh": "HCCB",
    "cong_doan": "LDLD",
    "luc_luong_vu_trang": "BCHQS",
    "co_quan_dang": "DBCQ",
    "chinh_quyen": "DBUB",
}
POLICE_BODY = "CA"
PROVINCIAL_LEVELS = frozenset({"tinh", "trung_uong"})
PROVINCIAL_ISSUERS = frozenset(
    {
        "ban_dan_van_tw",
        "ban_thuong_vu_tinh_uy",
        "chu_tich_ubnd_tinh",
        "ubmttq_tinh",
        "ban_dan_van_tinh_uy",
        "so_nganh_tinh",
    }
)


def _body_of(sectors: np.ndarray, hosts: np.ndarray, bodies: tuple[str, ...]) -> np.ndarray:
    """The code of the body (among `bodies`) each row's sector reports to, "" for none."""
    out = np.array([BODY_OF_SECTOR.get(s, "") if s is not None else "" for s in sectors], dtype=object)
    police = np.array([isinstance(h, str) and "công an" in h.lower() for h in hosts], dtype=bool)
    out[(out == "BCHQS") & police] = POLICE_BODY
    out[~np.isin(out, list(bodies))] = ""
    return out


def _provincial_owners(
    models: dict[str, np.ndarray], commendations: dict[str, np.ndarray], bodies: tuple[str, ...]
) -> tuple[np.ndarray, np.ndarray]:
    """For every model and commendation row: the provincial body whose report takes it, "" for none
    (then it stays in the district/commune file). Invalid rows always stay."""
    n_m, n_c = len(models["district"]), len(commendations["district"])
    if not bodies:
        return np.full(n_m, "", dtype=object), np.full(n_c, "", dtype=object)
    level_ok = np.isin(models["_level"].astype(str), list(PROVINCIAL_LEVELS))
    owner_m = np.where(models["_valid"] & level_ok, _body_of(models["_sector"], models["host_unit"], bodies), "")
    owner_m = owner_m.astype(object)
    # The invalid rows are inserted among the valid ones, whose order stays: the k-th valid row is the
    # model a commendation's '_model' = k names.
    of_model = owner_m[models["_valid"]]
    linked = commendations["_model"] >= 0
    follow = np.array([of_model[j] if j >= 0 else "" for j in commendations["_model"]], dtype=object)
    own = np.where(
        np.isin(commendations["_issuer"].astype(str), list(PROVINCIAL_ISSUERS)),
        _body_of(commendations["_sector"], commendations["recipient_name"], bodies),
        "",
    )
    owner_c = np.where(linked, follow, own).astype(object)
    owner_c[~commendations["_valid"]] = ""
    return owner_m, owner_c


def _fields(name: str, code: str, period: str, received: dt.date) -> list[str]:
    """Row 3 of every sheet: the header fields the loader reads (etl.headers.declared_fields)."""
    return ["Đơn vị báo cáo:", f"{name} ({code})", "Kỳ báo cáo:", period, "Ngày nhận:", received.strftime("%d/%m/%Y")]


def _by_commune(unit: Unit, sheets: dict[str, dict[str, np.ndarray]]) -> dict[str, dict[str, dict[str, np.ndarray]]]:
    """An area's rows split by the commune they name (rows naming none of the area's sending communes —
    rows copied from another file — go to its first), each commune with rows: its sheets."""
    codes = _new_codes(unit.code)
    missing = _missing_communes(unit.seed, unit.year, unit.code)
    code_of = {p.name: c for p, c in zip(_new_places(unit.code), codes) if c not in missing}
    sending = [c for c in codes if c not in missing]
    owners = {kind: np.array([code_of.get(x, sending[0]) for x in data["commune"]]) for kind, data in sheets.items()}
    out = {}
    for c in sending:
        part = {kind: {k: v[owners[kind] == c] for k, v in data.items()} for kind, data in sheets.items()}
        if any(len(p["commune"]) for p in part.values()):
            out[c] = part
    return out


def _write_commune_files(out: Path, seed: int, unit: Unit, sheets: dict[str, dict[str, np.ndarray]]) -> list[Path]:
    """One file per commune of the area that sent its report, with the header fields filled in; the rows
    of before 1 Jul 2025 (they name the district) are the district's half-year report 2025-H1."""
    names = dict(zip(_new_codes(unit.code), (p.name for p in _new_places(unit.code))))
    paths = []
    old = {kind: np.array([x is not None for x in data["district"]], dtype=bool) for kind, data in sheets.items()}
    if any(m.any() for m in old.values()):
        part = {kind: {k: v[old[kind]] for k, v in data.items()} for kind, data in sheets.items()}
        d = _districts()[unit.code]
        fields = _fields(d.name, unit.code, f"{unit.year}-H1", _received(seed, unit.year, unit.code, HALF_DUE))
        if unit.fmt == "csv":
            paths += _write_csv(out, unit, part, seed, fields=fields, half=True)
        else:
            _write_xlsx(out / f"{unit.stem}.xlsx", unit, part, fields, half=True)
            paths.append(out / f"{unit.stem}.xlsx")
    sheets = {kind: {k: v[~old[kind]] for k, v in data.items()} for kind, data in sheets.items()}
    for code, part in _by_commune(unit, sheets).items():
        fields = _fields(names[code], code, f"{unit.year}-N", _received(seed, unit.year, code))
        stem = f"{unit.stem}_{code}"
        if unit.fmt == "csv":
            paths += _write_csv(out, unit, part, seed, stem, fields, names[code])
        else:
            _write_xlsx(out / f"{stem}.xlsx", unit, part, fields, names[code])
            paths.append(out / f"{stem}.xlsx")
    return paths


def _body_received(seed: int, year: int, codes: Sequence[str]) -> dict[str, dt.date]:
    """The day the Commission received each sending body's annual report: about LATE_SHARE of them (at
    least one when two or more send) 1–15 days after the due date, the others in the fortnight before
    it (never after DATA_THROUGH). Its own random stream per (seed, year)."""
    rng = np.random.Generator(np.random.PCG64([seed, year, 22]))
    codes = sorted(codes)
    n_late = max(1, round(LATE_SHARE * len(codes))) if len(codes) >= 2 else 0
    late = set(np.array(codes, dtype=object)[rng.permutation(len(codes))[:n_late]].tolist()) if codes else set()
    days = rng.integers(0, 15, len(codes))
    due = dt.date(year, *ANNUAL_DUE)
    return {
        c: min(due + dt.timedelta(days=int(k) + 1) if c in late else due - dt.timedelta(days=int(k)), DATA_THROUGH)
        for c, k in zip(codes, days)
    }


def _write_body_files(
    out: Path, seed: int, year: int, names: dict[str, str], parts: dict[str, list[Sheets]]
) -> list[Path]:
    """One workbook per provincial body with rows for the year: its annual report "<year>-N", the rows of
    every district (in district-code order) with the header fields filled in."""
    sheets = {
        b: {
            kind: {k: np.concatenate([p[kind][k] for p in ps]) for k in ps[0][kind]} for kind in (MODELS, COMMENDATIONS)
        }
        for b, ps in parts.items()
    }
    sending = [b for b, sh in sheets.items() if any(len(sh[kind]["district"]) for kind in sh)]
    received = _body_received(seed, year, sending)
    paths = []
    for b in sorted(sending):
        path = out / f"{year}_{b}_{slug(names[b])}.xlsx"
        fields = _fields(names[b], b, f"{year}-N", received[b])
        _write_xlsx(path, Unit(year, b, slug(names[b]), "xlsx"), sheets[b], fields, body=(b, names[b]))
        paths.append(path)
    return paths


def generate(
    out_dir: Path,
    seed: int = 2026,
    scale: float = 1.0,
    fmt: str = "mixed",
    years: Iterable[int] | None = None,
    district_codes: Iterable[str] | None = None,
    workers: int | None = None,
    provincial: bool = True,
) -> list[Path]:
    """Write SYNTHETIC district submissions for 2016–2026 into out_dir; returns the paths, sorted.

    `years` / `district_codes` restrict which files are written (each file is identical to the one a
    full run writes). `workers` processes write files in parallel (default: one per CPU when the
    volume is large, else one). From the reporting cycle's first year (config/reporting.toml) the
    provincial bodies send annual reports whose rows are moved out of the district/commune files
    (BODY_OF_SECTOR); their files ("2025_HLHPN_hoi-lien-hiep-phu-nu-tinh.xlsx") cover the whole
    province, so a run restricted to some districts writes none (its district files stay those of a
    full run). `provincial=False`: every row stays in its district/commune file, no body reports.
    """
    if fmt not in FORMATS:
        raise ValueError(f"fmt must be one of {FORMATS}, not {fmt!r}")
    if scale <= 0:
        raise ValueError("scale must be positive")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    _districts()  # build the reference once, before any worker forks
    plan_list = _plan(seed, scale, fmt)
    plan = {(u.year, u.code): u for u in plan_list}
    keep_years = set(years) if years is not None else None
    keep_codes = {str(c) for c in district_codes} if district_codes is not None else None
    units = [
        u
        for u in plan_list
        if (keep_years is None or u.year in keep_years) and (keep_codes is None or u.code in keep_codes)
    ]
    cfg = load_config()
    names = {b.code: b.name for b in cfg.provincial}
    bodies = tuple(sorted(names)) if provincial else ()
    jobs = [(seed, u, plan, str(out_dir), bodies if u.year >= cfg.first_year else ()) for u in units]
    if workers is None:
        rows = sum(u.models_mean + u.commendations_mean for u in units)
        workers = min(os.cpu_count() or 1, 8) if rows > 60_000 else 1
    if workers > 1 and len(jobs) > 1:
        # Largest files first so the pool finishes evenly.
        jobs.sort(key=lambda j: -(j[1].models_mean + j[1].commendations_mean))
        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(_build_unit, jobs, chunksize=1))
    else:
        results = [_build_unit(job) for job in jobs]
    written = [Path(p) for paths, _ in results for p in paths]
    if district_codes is None:
        moved: dict[int, dict[str, list[Sheets]]] = {}
        for (_, u, *_rest), (_, parts) in sorted(zip(jobs, results), key=lambda jr: (jr[0][1].year, jr[0][1].code)):
            for b, part in parts.items():
                moved.setdefault(u.year, {}).setdefault(b, []).append(part)
        for year, parts in sorted(moved.items()):
            written += _write_body_files(out_dir, seed, year, names, parts)
    return sorted(written)
