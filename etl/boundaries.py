"""Import an official boundary file (GeoJSON, Shapefile, zipped Shapefile, GeoPackage) in any CRS.

`python -m etl boundaries FILE [--level district|commune] [--allow-partial] [--db PATH]`
reads the file, reprojects it to WGS84, repairs invalid geometry, matches each feature to a GSO
code (a code attribute when the file has one, else the name), prints a match report and swaps
the new geometry into the warehouse atomically — or refuses when a required unit is missing.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from dvk import clock, l10n
from etl import reference, warehouse
from etl.errors import LoadError
from etl.places import PlaceResolver
from etl.text import clean_text, fold

VINTAGE_2024 = "2024"  # 27 district-level units, Đông Sơn (405) on its own
VINTAGE_2025 = "2025"  # 26 units, Đông Sơn inside TP Thanh Hóa (380)
VINTAGE_COMMUNES = "2025-07"  # the 166 communes of 1 Jul 2025

CODE_HINTS = ("ma", "code", "gso", "id", "madvhc", "mahuyen", "maxa", "madonvi")
NAME_HINTS = ("ten", "name", "huyen", "xa", "donvi", "district", "commune", "adm2", "adm3")


@dataclass
class MatchReport:
    """What matched and what did not, printed before anything is stored."""

    file: str
    level: str
    matched: dict[str, list[int]] = field(default_factory=dict)  # code → feature indices
    unmatched: list[str] = field(default_factory=list)  # descriptions of features with no code
    missing: list[str] = field(default_factory=list)  # required codes with no feature
    by: str = ""

    @property
    def duplicates(self) -> dict[str, list[int]]:
        """Codes matched by more than one feature (their shapes are merged)."""
        return {c: idx for c, idx in self.matched.items() if len(idx) > 1}

    def text(self, names: dict[str, str]) -> str:
        """The report as printed by the command."""
        lines = [
            f"{self.file}: {sum(map(len, self.matched.values()))} đối tượng khớp {len(self.matched)} đơn vị "
            f"cấp {'huyện' if self.level == 'district' else 'xã'} (theo {self.by}).",
        ]
        if self.unmatched:
            lines.append(f"  Không khớp ({len(self.unmatched)}): " + "; ".join(self.unmatched[:20]))
        if self.missing:
            lines.append(
                f"  Thiếu ({len(self.missing)}): " + ", ".join(f"{c} {names.get(c, '')}" for c in self.missing)
            )
        if self.duplicates:
            lines.append(
                "  Nhiều đối tượng cho một mã (đã gộp): "
                + ", ".join(f"{c} {names.get(c, '')} ×{len(i)}" for c, i in self.duplicates.items())
            )
        return "\n".join(lines)


def read_boundary_file(path: Path) -> gpd.GeoDataFrame:
    """Features of a boundary file in WGS84 with valid polygon geometry; LoadError for a bad file."""
    if not path.exists():
        raise LoadError(f"{path}: không tìm thấy file.")
    if path.suffix.lower() not in (".geojson", ".json", ".shp", ".zip", ".gpkg"):
        raise LoadError(
            f"{path.name}: định dạng không hỗ trợ. Dùng GeoJSON, Shapefile (.shp hoặc .zip) hoặc GeoPackage (.gpkg)."
        )
    try:
        gdf = gpd.read_file(path, engine="pyogrio")
    except Exception as exc:  # pyogrio/GDAL raise many kinds of errors for damaged files
        hint = " (Shapefile cần đủ các file .shp, .shx, .dbf, .prj cùng tên)" if path.suffix.lower() == ".shp" else ""
        raise LoadError(f"{path.name}: không đọc được file ranh giới ({exc}){hint}.") from None
    gdf = gdf[gdf.geometry.notna() & ~gdf.geometry.is_empty]
    if gdf.empty:
        raise LoadError(f"{path.name}: file không có đối tượng hình học nào.")
    minx, miny, maxx, maxy = gdf.total_bounds
    if gdf.crs is None:
        if -180 <= minx and maxx <= 180 and -90 <= miny and maxy <= 90:
            gdf = gdf.set_crs(4326)  # GeoJSON's default; plain degrees
        else:
            raise LoadError(
                f"{path.name}: file không khai báo hệ tọa độ mà tọa độ trông như tọa độ phẳng (mét, ví dụ "
                f"{l10n.number(minx)}; {l10n.number(miny)}). Kèm file .prj hoặc khai báo CRS (ví dụ VN-2000 / UTM 48N, EPSG:3405) rồi nạp lại."
            )
    gdf = gdf.to_crs(4326)
    minx, miny, maxx, maxy = gdf.total_bounds
    if not (102 < minx and maxx < 108 and 18 < miny and maxy < 22):
        raise LoadError(
            f"{path.name}: sau khi chuyển sang WGS84, vùng dữ liệu ({l10n.number(minx, 2)}–{l10n.number(maxx, 2)}°E, "
            f"{l10n.number(miny, 2)}–{l10n.number(maxy, 2)}°N) "
            "không nằm ở Thanh Hóa. Kiểm tra hệ tọa độ khai báo trong file."
        )
    geoms = shapely.make_valid(gdf.geometry.values)
    gdf = gdf.set_geometry(gpd.GeoSeries([_polygonal(g) for g in geoms], crs=4326))
    return gdf[~gdf.geometry.is_empty].reset_index(drop=True)


def _polygonal(geom):
    """Only the areas of a repaired geometry (make_valid may add stray lines or points)."""
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def _code_column(gdf: gpd.GeoDataFrame, valid: set[str]) -> str | None:
    """The attribute whose values are GSO codes of this level, if any."""
    best, best_hits = None, 0
    for col in gdf.columns:
        if col == gdf.geometry.name:
            continue
        values = gdf[col].map(_as_code)
        hits = values.isin(valid).sum()
        if hits > best_hits and hits >= 0.5 * len(gdf):
            best, best_hits = col, hits
    return best


def _as_code(v: object) -> str | None:
    if v is None or (isinstance(v, float) and pd.isna(v)):
        return None
    s = str(v).strip()
    s = s[:-2] if re.fullmatch(r"\d+\.0", s) else s
    return s.zfill(5) if len(s) in (4, 5) and s.isdigit() else s


def match_features(gdf: gpd.GeoDataFrame, level: str, places: PlaceResolver, file: str) -> MatchReport:
    """Which GSO code each feature stands for: by a code attribute when one exists, else by name."""
    valid = set(reference.districts()["code"]) if level == "district" else set(reference.communes_2025()["code"])
    report = MatchReport(file, level)
    code_col = _code_column(gdf, valid)
    name_cols = [
        c
        for c in gdf.columns
        if c != gdf.geometry.name and (gdf[c].dtype == object or pd.api.types.is_string_dtype(gdf[c]))
    ]
    for i, row in gdf.iterrows():
        code = _as_code(row[code_col]) if code_col else None
        if code not in valid:
            code = None
            for col in sorted(name_cols, key=lambda c: not any(h in fold(c) for h in NAME_HINTS)):
                code = _by_name(row[col], level, places)
                if code:
                    break
        if code:
            report.matched.setdefault(code, []).append(i)
        else:
            label = ", ".join(f"{c}={clean_text(row[c])}" for c in name_cols[:3] if clean_text(row[c]))
            report.unmatched.append(f"#{i + 1} ({label or 'không có tên'})")
    report.by = f"cột mã '{code_col}'" if code_col else "tên"
    # Required: the 26 units of 2025 (Đông Sơn may come separately or inside 380), or all communes.
    required = sorted(valid - {"405"}) if level == "district" else sorted(valid)
    report.missing = [c for c in required if c not in report.matched]
    return report


def _by_name(value: object, level: str, places: PlaceResolver) -> str | None:
    text = clean_text(value)
    if not text:
        return None
    if level == "district":
        return places.districts.lookup(text)
    return places.communes.lookup(text)


def guess_level(gdf: gpd.GeoDataFrame) -> str:
    """District files have a couple of dozen features; commune files more than a hundred."""
    return "district" if len(gdf) <= 60 else "commune"


def boundary_rows(gdf: gpd.GeoDataFrame, report: MatchReport, source: str) -> pd.DataFrame:
    """Rows for the `boundaries` table: one per code and vintage, features of one code merged."""
    names = dict(zip(reference.districts()["code"], reference.districts()["name"], strict=True))
    names |= dict(zip(reference.communes_2025()["code"], reference.communes_2025()["name"], strict=True))
    shapes = {c: shapely.union_all(gdf.geometry.values[idx]) for c, idx in report.matched.items()}
    rows = []
    if report.level == "commune":
        for c, g in shapes.items():
            rows.append(("commune", c, names[c], VINTAGE_COMMUNES, g))
    else:
        if "405" in shapes:  # a pre-2025 file: it also gives the 2025 TP Thanh Hóa (380 ∪ 405)
            for c, g in shapes.items():
                rows.append(("district", c, names[c], VINTAGE_2024, g))
            if "380" in shapes:
                shapes["380"] = shapely.union_all([shapes["380"], shapes.pop("405")])
            else:
                shapes.pop("405")
        for c, g in shapes.items():
            rows.append(("district", c, names[c], VINTAGE_2025, g))
    frame = pd.DataFrame(rows, columns=["level", "code", "name", "vintage", "geom"])
    frame["source"] = source
    return frame


def source_label(path: Path) -> str:
    """'<file name> (<modified date>)' — shown on maps as the boundaries' origin and vintage."""
    when = l10n.date(dt.datetime.fromtimestamp(path.stat().st_mtime, clock.TZ).date())  # province time
    return f"{path.name} ({when})"


def import_boundaries(
    path: Path, db: Path, level: str | None = None, allow_partial: bool = False, progress=print
) -> MatchReport:
    """Read, match and store an official boundary file; LoadError (warehouse untouched) when refused."""
    from etl.geometry import simplify_for_web

    gdf = read_boundary_file(path)
    level = level or guess_level(gdf)
    places = PlaceResolver.build()
    report = match_features(gdf, level, places, path.name)
    names = dict(zip(reference.districts()["code"], reference.districts()["short_name"], strict=True))
    names |= dict(zip(reference.communes_2025()["code"], reference.communes_2025()["name"], strict=True))
    progress(report.text(names))
    if not report.matched:
        raise LoadError(
            f"{path.name}: không đối tượng nào khớp với đơn vị hành chính của Thanh Hóa. Kiểm tra cột mã/tên và --level."
        )
    if report.missing and not allow_partial:
        raise LoadError(
            f"{path.name}: thiếu {len(report.missing)} đơn vị bắt buộc (xem danh sách trên); ranh giới đang dùng giữ nguyên. "
            "Bổ sung các đơn vị đó, hoặc chạy lại với --allow-partial để chỉ thay những đơn vị có trong file."
        )
    rows = boundary_rows(gdf, report, source_label(path))
    # Simplified per vintage: each vintage is a coverage of its own.
    rows["geom_wkb"] = None
    for _, part in rows.groupby("vintage"):
        rows.loc[part.index, "geom_wkb"] = pd.Series(simplify_for_web(part["geom"].tolist(), level), index=part.index)
    rows = rows.drop(columns=["geom"])

    def fill(con, _incremental: bool = False) -> None:
        con.register("bnd_df", rows)
        con.execute(
            "DELETE FROM boundaries b USING bnd_df n WHERE b.level = n.level AND b.vintage = n.vintage AND b.code = n.code"
        )
        con.execute("INSERT INTO boundaries BY NAME SELECT *, $now AS loaded_at FROM bnd_df", {"now": clock.now()})
        con.unregister("bnd_df")

    with warehouse.exclusive(db):
        warehouse.swap_in(db, fill, progress, incremental=warehouse.current(db))  # no record changes
    return report
