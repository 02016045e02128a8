"""The reporting cycle as data: who must report for which period, and when it is due (config/reporting.toml).

Pure parts only: reading and checking the file, the periods and their due dates, the units expected
for a period (from the warehouse's `districts` and `communes` tables, passed in as frames), and the
lookup of a unit by code or name. A broken file raises ReportingConfigError naming the file, the line
and the fix.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from dvk.config import PROJECT_ROOT
from dvk.text import fold

DEFAULT_PATH = PROJECT_ROOT / "config" / "reporting.toml"
PERIOD_RE = re.compile(r"^(\d{4})-([A-Z0-9]+)$")
CODE_RE = re.compile(r"^[A-Za-z0-9-]+$")
DISTRICT, COMMUNE, PROVINCIAL = "district", "commune", "provincial"
KINDS_ORDER = (DISTRICT, COMMUNE, PROVINCIAL)
ATTRIBUTIONS = ("header", "file_name", "rows", "command_line", "unattributed")


class ReportingConfigError(ValueError):
    """config/reporting.toml cannot be used; the message names the file, the line and the fix."""


@dataclass(frozen=True)
class PeriodKind:
    code: str
    name: str
    name_en: str
    due_month: int
    due_day: int

    def label(self, lang: str = "vi") -> str:
        """The kind's name in the language (config/reporting.toml's name / name_en)."""
        return self.name_en if lang == "en" else self.name


@dataclass(frozen=True)
class Period:
    """One reporting period: '2025-H1', due on its kind's day of that year."""

    code: str
    year: int
    kind: PeriodKind
    due: dt.date


@dataclass(frozen=True)
class Body:
    code: str
    name: str
    contact: str = ""


@dataclass
class ReportingConfig:
    path: Path
    district_units: bool = True
    district_until: dt.date = dt.date(2025, 6, 30)
    commune_units: bool = True
    commune_from: dt.date = dt.date(2025, 7, 1)
    provincial: list[Body] = field(default_factory=list)
    first_year: int = 2024
    kinds: list[PeriodKind] = field(default_factory=list)

    def period(self, code: str) -> Period | None:
        """The period of a code like '2025-H1' (case and spaces forgiven), None when it names none."""
        m = PERIOD_RE.match(re.sub(r"\s+", "", str(code or "")).upper())
        if not m:
            return None
        year, kcode = int(m.group(1)), m.group(2)
        for k in self.kinds:
            if k.code.upper() == kcode and 2000 <= year <= 2100:
                return Period(f"{year}-{k.code}", year, k, dt.date(year, k.due_month, k.due_day))
        return None

    def periods(self, last_year: int) -> list[Period]:
        """Every period from first_year to last_year, in due-date order."""
        out = [self.period(f"{y}-{k.code}") for y in range(self.first_year, last_year + 1) for k in self.kinds]
        return sorted((p for p in out if p), key=lambda p: p.due)

    def unit_kind(self, period: Period) -> str | None:
        """Which level of local units reports for the period: district, commune, or None (neither)."""
        if period.due >= self.commune_from:
            return COMMUNE if self.commune_units else None
        if period.due <= self.district_until:
            return DISTRICT if self.district_units else None
        return None

    def expected_units(self, period: Period, districts: pd.DataFrame, communes: pd.DataFrame) -> pd.DataFrame:
        """code, name, kind of every unit that must report for the period (local units first, by code)."""
        level = self.unit_kind(period)
        frames = []
        if level == DISTRICT:
            d = (
                districts[pd.to_datetime(districts["valid_to"]).dt.date >= period.due]
                if "valid_to" in districts
                else districts
            )
            frames.append(pd.DataFrame({"code": d["code"], "name": d["name"], "kind": DISTRICT, "contact": ""}))
        elif level == COMMUNE:
            frames.append(
                pd.DataFrame({"code": communes["code"], "name": communes["name"], "kind": COMMUNE, "contact": ""})
            )
        frames.append(
            pd.DataFrame(
                {
                    "code": [b.code for b in self.provincial],
                    "name": [b.name for b in self.provincial],
                    "kind": PROVINCIAL,
                    "contact": [b.contact for b in self.provincial],
                }
            )
        )
        return pd.concat(frames, ignore_index=True).astype({"code": str})

    def find_unit(self, text: str, units: pd.DataFrame) -> str | None:
        """The code of the unit a cell names (its code, its name, or its name without 'Xã'/'Huyện'…), else None."""
        raw = str(text or "").strip()
        if not raw:
            return None
        codes = set(units["code"].astype(str))
        if raw in codes:
            return raw
        m = re.search(r"\(([A-Za-z0-9-]+)\)\s*$", raw)  # the template's "Name (code)"
        if m and m.group(1) in codes:
            return m.group(1)
        want = fold(raw)
        for code, name in zip(units["code"].astype(str), units["name"]):
            if fold(name) == want or fold(code) == want:
                return code
        short = {fold(_short(n)): c for c, n in zip(units["code"].astype(str), units["name"])}
        hit = short.get(fold(_short(raw)))
        return hit


_PREFIX = re.compile(r"^(xã|phường|thị trấn|huyện|thị xã|thành phố|tp\.?)\s+", re.IGNORECASE)


def _short(name: str) -> str:
    return _PREFIX.sub("", str(name).strip())


def load_config(path: Path | str | None = None) -> ReportingConfig:
    """Read and check the reporting configuration (ReportingConfigError for a broken file)."""
    path = Path(path) if path else DEFAULT_PATH
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ReportingConfigError(
            f"{path}: không có file cấu hình kỳ báo cáo. Chép lại config/reporting.toml từ kho mã nguồn."
        ) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ReportingConfigError(
            f"{path}: lỗi cú pháp TOML ({exc}). Sửa dòng đó: chuỗi trong dấu nháy kép, mỗi khóa một dòng 'khóa = giá trị'."
        ) from None
    lines = text.splitlines()

    def fail(key: str, fix: str, nth: int = 0) -> None:
        raise ReportingConfigError(f"{path}, dòng {_line_of(lines, key, nth)}: {fix}")

    cfg = ReportingConfig(path)
    units = data.get("units", {})
    for key, attr in (("district_units", "district_units"), ("commune_units", "commune_units")):
        value = units.get(key, "all")
        if value not in ("all", "none"):
            fail(key, f'{key} phải là "all" hoặc "none" (đang là {value!r}).')
        setattr(cfg, attr, value == "all")
    for key in ("district_until", "commune_from"):
        if key in units:
            value = units[key]
            if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
                fail(key, f"{key} phải là một ngày dạng YYYY-MM-DD, không trong dấu nháy (ví dụ 2025-07-01).")
            setattr(cfg, key, value)
    seen: dict[str, int] = {}
    for i, body in enumerate(units.get("provincial", [])):
        code, name = body.get("code"), body.get("name")
        if not isinstance(code, str) or not CODE_RE.match(code):
            fail("[[units.provincial]]", 'mỗi cơ quan cần code = "…" gồm chữ, số hoặc dấu gạch (ví dụ "MTTQ").', i)
        if not isinstance(name, str) or not name.strip():
            fail("[[units.provincial]]", f'cơ quan {code} cần name = "tên cơ quan".', i)
        if code in seen:
            fail(f'code = "{code}"', f"mã {code} đã dùng cho cơ quan khác: đặt một mã mới.", 1)
        seen[code] = i
        cfg.provincial.append(Body(code, name.strip(), str(body.get("contact", "") or "")))
    periods = data.get("periods", {})
    first = periods.get("first_year", cfg.first_year)
    if not isinstance(first, int) or not 2000 <= first <= 2100:
        fail("first_year", f"first_year phải là một năm 4 chữ số (đang là {first!r}).")
    cfg.first_year = first
    kinds = periods.get("kind", [])
    if not kinds:
        fail("[periods]", "cần ít nhất một [[periods.kind]] với code, name và due (xem ví dụ ở đầu file).")
    kseen: set[str] = set()
    for i, k in enumerate(kinds):
        code = k.get("code")
        if not isinstance(code, str) or not re.match(r"^[A-Za-z0-9]+$", code):
            fail("[[periods.kind]]", 'mỗi loại kỳ cần code = "…" gồm chữ hoặc số (ví dụ "H1", "N").', i)
        if code.upper() in kseen:
            fail("[[periods.kind]]", f"mã kỳ {code} đã dùng: đặt một mã mới.", i)
        kseen.add(code.upper())
        name = k.get("name")
        if not isinstance(name, str) or not name.strip():
            fail("[[periods.kind]]", f'loại kỳ {code} cần name = "tên kỳ báo cáo".', i)
        due = k.get("due")
        month_day = re.match(r"^(\d{2})-(\d{2})$", due) if isinstance(due, str) else None
        try:
            dt.date(2024, int(month_day.group(1)), int(month_day.group(2))) if month_day else None
        except ValueError:
            month_day = None
        if not month_day:
            fail(
                f'due = "{due}"' if isinstance(due, str) else "[[periods.kind]]",
                f'hạn nộp của kỳ {code} phải dạng due = "MM-DD" (ví dụ "06-15"), đang là {due!r}.',
                0 if isinstance(due, str) else i,
            )
        cfg.kinds.append(
            PeriodKind(
                code.upper(),
                name.strip(),
                str(k.get("name_en") or name),
                int(month_day.group(1)),
                int(month_day.group(2)),
            )
        )
    return cfg


def _line_of(lines: list[str], key: str, nth: int = 0) -> int:
    """1-based line of the nth line starting with `key` (a table header or 'key ='), else 1."""
    found = 0
    for i, line in enumerate(lines, 1):
        s = line.strip()
        if s.startswith(key) and (key.startswith("[") or key.endswith('"') or re.match(rf"{re.escape(key)}\s*=", s)):
            if found == nth:
                return i
            found += 1
    return 1
