"""Importing official boundary files: formats, coordinate systems, matching, refusals, atomic swap."""

import hashlib
import shutil

import duckdb
import geopandas as gpd
import pytest
import shapely
from pyproj import Geod

from etl.boundaries import import_boundaries, match_features, read_boundary_file
from etl.errors import LoadError
from etl.places import PlaceResolver
from tests.conftest import FIXTURES, quiet

B = FIXTURES / "boundaries"
GEOD = Geod(ellps="WGS84")


@pytest.fixture(scope="module")
def places():
    return PlaceResolver.build()


def metres(a: shapely.Point, b: shapely.Point) -> float:
    return GEOD.inv(a.x, a.y, b.x, b.y)[2]


def test_geojson_names_only_matches_every_spelling(places):
    gdf = read_boundary_file(B / "districts_names_wgs84.geojson")
    report = match_features(gdf, "district", places, "x")
    assert len(report.matched) == 27 and report.unmatched == [] and report.missing == []
    assert report.by == "tên"
    ten = {code: gdf.loc[idx[0], "ten"] for code, idx in report.matched.items()}
    assert ten["380"] == "Thanh Hoa City" and ten["407"] == "Huyện Tĩnh Gia" and ten["405"] == "\u00d0ông Sơn"


def test_zipped_vn2000_shapefile_is_reprojected_and_matched_by_code(places):
    gdf = read_boundary_file(B / "districts_vn2000_utm48.zip")
    assert gdf.crs.to_epsg() == 4326
    report = match_features(gdf, "district", places, "x")
    assert report.by == "cột mã 'MA_HUYEN'"
    assert len(report.matched) == 26 and "405" not in report.matched and report.missing == []
    # The same cell written in WGS84 and in VN-2000 lands at the same place after import.
    wgs = gpd.read_file(B / "districts_names_wgs84.geojson")
    src = wgs[wgs["ten"] == "H. Hoằng Hoá"].geometry.iloc[0]
    got = gdf.geometry.iloc[report.matched["399"][0]]
    assert metres(src.centroid, got.centroid) < 50
    for x, y in list(src.exterior.coords)[:5]:
        assert got.exterior.distance(shapely.Point(x, y)) < 50 / 111_000  # degrees ≈ metres / 111 km


def test_geopackage_in_provincial_tm3_zone(places):
    gdf = read_boundary_file(B / "communes_tm3_missing_one.gpkg")
    report = match_features(gdf, "commune", places, "x")
    assert len(report.matched) == 165
    assert len(report.missing) == 1
    assert places.commune_names[report.missing[0]] == "Xã Hoằng Tiến"


def test_a_file_without_crs_and_projected_coordinates_is_refused():
    with pytest.raises(LoadError, match="không khai báo hệ tọa độ"):
        read_boundary_file(B / "districts_no_crs.zip")


def test_wrong_format_is_refused(tmp_path):
    p = tmp_path / "ranh.kml"
    p.write_text("<kml/>")
    with pytest.raises(LoadError, match="định dạng không hỗ trợ"):
        read_boundary_file(p)


def _sha(p):
    return hashlib.sha256(p.read_bytes()).hexdigest()


def test_import_stores_both_vintages_and_refuses_missing_units(fixture_db, tmp_path):
    db = tmp_path / "w.duckdb"
    shutil.copy(fixture_db, db)
    before = _sha(db)
    with pytest.raises(LoadError, match="thiếu 1 đơn vị"):
        import_boundaries(B / "communes_tm3_missing_one.gpkg", db, progress=quiet)
    assert _sha(db) == before
    import_boundaries(B / "districts_names_wgs84.geojson", db, progress=quiet)
    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute(
        "SELECT vintage, count(*), min(source) FROM boundaries WHERE level = 'district' GROUP BY 1 ORDER BY 1"
    ).fetchall()
    assert [(v, n) for v, n, _ in rows] == [("2024", 27), ("2025", 26)]
    assert all(src.startswith("districts_names_wgs84.geojson (") for _, _, src in rows)
    geo = {
        (v, c): shapely.from_wkb(bytes(w))
        for v, c, w in con.execute(
            "SELECT vintage, code, geom_wkb FROM boundaries WHERE level = 'district' AND code IN ('380', '405')"
        ).fetchall()
    }
    merged = geo[("2025", "380")].area
    assert merged == pytest.approx(geo[("2024", "380")].area + geo[("2024", "405")].area, rel=0.02)
    # The rest of the warehouse came across unchanged.
    assert con.execute("SELECT count(*) FROM models").fetchone()[0] == 16
    communes_before = con.execute("SELECT count(*), min(source) FROM boundaries WHERE level = 'commune'").fetchone()
    con.close()
    import_boundaries(B / "communes_tm3_missing_one.gpkg", db, allow_partial=True, progress=quiet)
    con = duckdb.connect(str(db), read_only=True)
    n, official = con.execute(
        "SELECT count(*), count(*) FILTER (source LIKE 'communes_tm3%') FROM boundaries WHERE level = 'commune'"
    ).fetchone()
    assert n == communes_before[0] == 166 and official == 165


def test_invalid_geometry_is_repaired(tmp_path):
    gdf = gpd.read_file(B / "districts_names_wgs84.geojson")
    x0, y0, x1, y1 = gdf.geometry.iloc[0].bounds
    bowtie = shapely.Polygon([(x0, y0), (x1, y1), (x1, y0), (x0, y1), (x0, y0)])  # self-intersecting
    assert not bowtie.is_valid
    gdf.loc[0, "geometry"] = bowtie
    path = tmp_path / "bowtie.geojson"
    gdf.to_file(path, driver="GeoJSON", engine="pyogrio")
    fixed = read_boundary_file(path)
    assert fixed.geometry.is_valid.all()
    assert fixed.geometry.iloc[0].geom_type in ("Polygon", "MultiPolygon")
    assert fixed.geometry.iloc[0].area == pytest.approx(0.5 * (x1 - x0) * (y1 - y0), rel=1e-6)  # two triangles


def test_browser_import_uses_the_loader_and_leaves_nothing(fixture_db, tmp_path):
    import glob

    from dvk.ui.boundary_upload import import_file

    db = tmp_path / "w.duckdb"
    shutil.copy(fixture_db, db)
    before, leftovers = _sha(db), set(glob.glob("/tmp/dvk-boundaries-*"))
    refused = import_file("communes_tm3_missing_one.gpkg", (B / "communes_tm3_missing_one.gpkg").read_bytes(), db)
    assert not refused.ok and "thiếu 1 đơn vị" in refused.message and "Thiếu (1)" in refused.report
    assert _sha(db) == before
    done = import_file("Ranh giới huyện.geojson", (B / "districts_names_wgs84.geojson").read_bytes(), db, "district")
    assert done.ok and not done.message
    with duckdb.connect(str(db), read_only=True) as con:
        sources = con.execute("SELECT DISTINCT source FROM boundaries WHERE level = 'district'").fetchall()
    assert len(sources) == 1 and sources[0][0].startswith("Ranh giới huyện.geojson (")
    assert set(glob.glob("/tmp/dvk-boundaries-*")) == leftovers
