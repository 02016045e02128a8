"""Load commune populations (the denominators of per-10,000 figures) from the commission's own CSV.

    python -m etl denominators FILE.csv

One row per commune and year: the 2025 commune's GSO code or name, its population, the year of the
figure and its source (the statistics office's publication). Nothing is ever estimated: a commune
without a loaded figure has none. Areas need no file: the package's 2025 areas are already in
communes.area_km2 with their source. A file that cannot be used stops with a message naming the file
and the fix; a row that cannot be matched (unknown commune, no number, no year or source) is listed
in the returned rejects and not loaded. A loaded (code, year) replaces the one loaded before.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from dvk import clock
from etl import guard, warehouse
from etl.errors import LoadError, ParseError, display_name
from etl.places import PlaceResolver
from etl.text import clean_text, fold, parse_number, parse_year

# Header spellings, folded (etl.text.fold), for each field.
HEADERS = {
    "code": ("code", "ma", "maxa", "madonvi", "magso"),
    "name": ("name", "ten", "xa", "xaphuong", "tenxa", "donvi", "commune"),
    "population": ("population", "danso", "sodan", "quymodanso"),
    "year": ("year", "nam"),
    "source": ("source", "nguon", "nguonsolieu"),
}
MIN_YEAR, MAX_YEAR = 1979, 2100


@dataclass
class DenominatorReport:
    """What a denominators load did."""

    loaded: int = 0
    rejects: list[tuple[int, str, str]] = field(default_factory=list)  # (row, value, reason)

    def text(self, db: Path) -> str:
        lines = [f"Đã nạp dân số của {self.loaded} xã/phường vào {db}."]
        if self.rejects:
            lines.append(f"{len(self.rejects)} dòng không nạp:")
            lines += [f"  dòng {row}: {value!r}: {reason}" for row, value, reason in self.rejects[:50]]
        return "\n".join(lines)


def read_denominators(path: Path, places: PlaceResolver) -> tuple[pd.DataFrame, DenominatorReport]:
    """The file's usable rows (code, population, year, source) and the rejected ones; LoadError for a bad file."""
    name = display_name(path)
    guard.check_file(path)
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig", sep=None, engine="python")
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError, OSError) as exc:
        raise LoadError(
            f"{name}: không đọc được file dân số ({type(exc).__name__}). Lưu file dạng CSV UTF-8 với các cột "
            "mã (hoặc tên) xã, dân số, năm, nguồn rồi nạp lại."
        ) from None
    columns = {}
    for col in raw.columns:
        for key, spellings in HEADERS.items():
            if fold(col) in spellings and key not in columns:
                columns[key] = col
    missing = [k for k in ("population", "year", "source") if k not in columns]
    if "code" not in columns and "name" not in columns:
        missing.insert(0, "code/name")
    if missing:
        raise LoadError(
            f"{name}: thiếu cột {', '.join(missing)} (đã thấy: {', '.join(map(str, raw.columns))}). Dòng đầu cần "
            "có các cột: code (mã xã) hoặc name (tên xã), population, year, source — rồi nạp lại."
        )
    report = DenominatorReport()
    rows = []
    for i, r in enumerate(raw.to_dict("records"), start=2):  # row 1 is the header
        code_text = clean_text(r.get(columns.get("code"), "")) if "code" in columns else ""
        name_text = clean_text(r.get(columns.get("name"), "")) if "name" in columns else ""
        code = code_text if code_text in places.commune_names else None
        if code is None and name_text:
            code, _ = places.commune(name_text)
        if code is None:
            value = code_text or name_text
            report.rejects.append(
                (
                    i,
                    value,
                    "không thấy xã/phường (mã hoặc tên trong 166 xã/phường mới)" + places.commune_suggestions(value),
                )
            )
            continue
        try:
            population = parse_number(r[columns["population"]], integer=True)
            year = parse_year(r[columns["year"]])
        except ParseError as exc:
            report.rejects.append((i, f"{r[columns['population']]} / {r[columns['year']]}", str(exc)))
            continue
        source = clean_text(r[columns["source"]])
        if population is None or population <= 0:
            report.rejects.append((i, r[columns["population"]], "dân số trống hoặc không dương"))
        elif year is None or not MIN_YEAR <= year <= MAX_YEAR:
            report.rejects.append((i, r[columns["year"]], f"năm trống hoặc ngoài {MIN_YEAR}–{MAX_YEAR}"))
        elif not source:
            report.rejects.append((i, "", "thiếu nguồn số liệu (mỗi con số cần nguồn và năm)"))
        else:
            rows.append((code, int(population), int(year), source))
    frame = pd.DataFrame(rows, columns=["code", "population", "year", "source"]).drop_duplicates(
        ["code", "year"], keep="last"
    )
    return frame, report


def load_denominators(path: Path, db: Path, progress: warehouse.Progress = warehouse.stderr) -> DenominatorReport:
    """Read `path` and store its populations in commune_stats (a new warehouse, checked and swapped in)."""
    frame, report = read_denominators(Path(path), PlaceResolver.build())
    if frame.empty:
        raise LoadError(
            f"{display_name(Path(path))}: không có dòng nào dùng được ({len(report.rejects)} dòng bị loại). "
            "Sửa theo lý do từng dòng rồi nạp lại.\n" + report.text(db)
        )

    def fill(con, _incremental: bool = False) -> None:
        con.register("stats_df", frame)
        con.execute("DELETE FROM commune_stats s USING stats_df f WHERE s.code = f.code AND s.year = f.year")
        con.execute(
            "INSERT INTO commune_stats SELECT code, population, year, source, $now FROM stats_df", {"now": clock.now()}
        )
        con.unregister("stats_df")

    with warehouse.exclusive(db):
        warehouse.swap_in(db, fill, progress, incremental=warehouse.current(db))  # no record changes
    report.loaded = len(frame)
    return report
