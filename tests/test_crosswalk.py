"""Records placed in their 2025 commune through the official old→new table (etl.crosswalk).

Expected codes were looked up by hand in the package's data/converter_2025.json (key → new ward key)
and admin_units (new ward key → code), e.g. tinhthanhhoa_huyenthuongxuan_xaxuanloc is listed under
xathangloc (Xã Thắng Lộc, 15643).
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from dvk import communes
from etl import crosswalk as cw
from etl.errors import LoadError, VocabularyError
from etl.load import load
from etl.places import PlaceResolver
from etl.vocabulary import DEFAULT_PATH, _build, load_vocabulary

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def placer() -> cw.Placer:
    return cw.Placer(PlaceResolver.build(), cw.Crosswalk.build(), load_vocabulary())


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    db = tmp_path_factory.mktemp("communes") / "w.duckdb"
    load([FIXTURES / "submissions", FIXTURES / "communes"], db, progress=lambda _m: None)
    c = duckdb.connect(str(db), read_only=True)
    yield c
    c.close()


def test_the_table_holds_the_547_units_of_early_2025():
    t = cw.table()
    assert t["former_code"].nunique() == 547
    assert t["is_default"].sum() == 547  # one default per unit
    split = t[t["split"]].groupby("former_name").size()
    assert len(split) == 10
    assert split["Thị trấn Thiệu Hóa"] == 3 and split["Xã Hà Bình"] == 2
    assert (t.loc[t["former_code"] == "16384", "former_district_code"] == "405").all()  # Đông Ninh is Đông Sơn's


def test_a_name_repeated_across_districts_goes_to_three_communes(placer):
    assert placer.place("396", "Xuân Lộc", False) == cw.Placed("15643", "crosswalk", "15643")  # → Thắng Lộc
    assert placer.place("397", "xã Xuân Lộc", False) == cw.Placed("15763", "crosswalk", "15736")  # → Thọ Phú
    assert placer.place("400", "Xuan Loc", False) == cw.Placed("16072", "crosswalk", "16057")  # → Hoa Lộc


def test_accent_only_pairs_do_not_collide(placer):
    assert placer.place("401", "Nga Thanh", False).commune_code == "16093"  # → Nga Sơn
    assert placer.place("401", "Nga Thành", False).commune_code == "16138"  # → Hồ Vương
    assert placer.place("399", "Hoằng Quý", False).commune_code == "15889"  # → Hoằng Phú
    assert placer.place("399", "Hoằng Quỳ", False).commune_code == "15880"  # → Hoằng Giang
    assert placer.place("399", "Hoằng Phụ", False).former_code == "16003"
    assert placer.place("399", "Hoằng Phú", False).former_code == "15883"
    assert placer.place("400", "Hoa Lộc", False).former_code == "16063"
    assert placer.place("400", "Hòa Lộc", False).former_code == "16075"
    # Without diacritics the pair cannot be told apart: never a guess (not even a 2025 name that matches).
    p = placer.place("399", "Hoang Phu", False)
    assert p.placement == "unresolved" and p.commune_code is None
    assert "Xã Hoằng Phú, Xã Hoằng Phụ" in p.reason and "cấp huyện" in p.reason


def test_usual_spellings(placer):
    for written in (
        "Hoằng Xuyên",
        "xã Hoằng Xuyên",
        "Xã Hoằng Xuyên",
        "hoang xuyen",
        "X. Hoằng Xuyên",
        "X.Hoằng Xuyên",
    ):
        assert placer.place("399", written, False) == cw.Placed("15910", "crosswalk", "15910"), written
    for written in ("TT. Hà Trung", "TT Hà Trung", "thị trấn Hà Trung", "thi tran Ha Trung", "Thị trấn Hà Trung"):
        assert placer.place("392", written, False).former_code == "15271", written
    assert placer.place("380", "P. Ba Đình", False).former_code == "14776"
    assert placer.place("380", "Phường Ba Đình", False).commune_code == "14797"  # → Hạc Thành


def test_split_units_go_to_their_default_and_are_marked(placer):
    assert placer.place("392", "TT. Hà Trung", False) == cw.Placed("15271", "split_default", "15271")  # Hà Trung
    assert placer.place("392", "Hà Bình", False).commune_code == "15286"  # default Hoạt Giang, not Hà Trung
    assert placer.place("398", "Thiệu Long", False) == cw.Placed("15772", "split_default", "15793")  # Thiệu Hóa
    assert placer.place("380", "Phường Đông Thọ", False).placement == "split_default"


def test_dong_son_communes_under_either_district(placer):
    expected = cw.Placed("16378", "crosswalk", "16384")  # Đông Ninh → Phường Đông Sơn
    assert placer.place("405", "Đông Ninh", False) == expected
    assert placer.place("380", "Xã Đông Ninh", False) == expected
    assert placer.place("380", "dong ninh", False) == expected
    assert placer.place("405", "Đông Tiến", False).commune_code == "15853"  # Phường Đông Tiến, not Triệu Sơn's


def test_merged_away_and_unknown_names_stay_at_district_level(placer):
    for district, name in (("392", "Hà Lâm"), ("380", "An Hoạch"), ("397", "Minh Dân")):
        p = placer.place(district, name, False)
        assert p.placement == "unresolved" and p.commune_code is None and p.former_code is None
        assert "sáp nhập 2019–2021" in p.reason and "cấp huyện" in p.reason
    assert "Thành phố Thanh Hóa" in placer.place("380", "An Hoạch", False).reason
    assert "gần giống: Hà Long" in placer.place("392", "Hà Phong", False).reason
    assert placer.place("392", "", False) == cw.Placed(None, "not_named")
    assert placer.place("392", None, True) == cw.Placed(None, "not_named")


def test_order_by_date_with_the_other_table_as_fallback(placer):
    # Hoằng Tiến is both a former xã (15988) and a 2025 xã (15991): the record's date decides which it is.
    assert placer.place("399", "Hoằng Tiến", False) == cw.Placed("15991", "crosswalk", "15988")
    assert placer.place("399", "Xã Hoằng Tiến", True) == cw.Placed("15991", "named_2025")
    # A 2024 row naming a 2025 commune (people mix them): found in the other table.
    assert placer.place("401", "Hồ Vương", False) == cw.Placed("16138", "named_2025")
    # A 2026 row naming a former unit: found in the crosswalk.
    assert placer.place("401", "Nga Thành", True) == cw.Placed("16138", "crosswalk", "16141")
    # A 2025 commune of another district is not this record's.
    assert placer.place("392", "Hoằng Tiến", True).placement == "unresolved"


def test_aliases_fix_a_name(placer):
    vocab = _build({"commune_aliases": {"Hà Trung | Hà Lâm cũ": "Yến Sơn", "Nga Sơn | NT": "16141"}}, "t.toml")
    p = cw.Placer(placer.places, placer.crosswalk, vocab)
    assert p.place("392", "Hà Lâm cũ", False) == cw.Placed("15271", "crosswalk", "15307")  # Yến Sơn → Hà Trung
    assert p.place("401", "nt", False) == cw.Placed("16138", "crosswalk", "16141")
    with pytest.raises(VocabularyError, match="commune_aliases"):
        _build({"commune_aliases": {"no district": "Yến Sơn"}}, "t.toml")
    bad = _build({"commune_aliases": {"Hà Trung | X": "Không Có"}}, "t.toml")
    with pytest.raises(LoadError, match="không tìm thấy xã đích"):
        cw.Placer(placer.places, placer.crosswalk, bad)


# --- on the fixture warehouse ------------------------------------------------------------------


def test_fixture_rows_placed(con):
    rows = {
        name: (d, code, placement, former)
        for name, d, code, placement, former in con.execute(
            "SELECT name, district_code, commune_code, commune_placement, former_commune_code FROM models "
            "WHERE source_file = '2024_xa-cu.csv'"
        ).fetchall()
    }
    assert rows["Cánh đồng mẫu lớn Xuân Lộc"] == ("396", "15643", "crosswalk", "15643")
    assert rows["Vườn mẫu Xuân Lộc"] == ("397", "15763", "crosswalk", "15736")
    assert rows["Đường hoa Xuân Lộc"] == ("400", "16072", "crosswalk", "16057")
    assert rows["Tổ tự quản Nga Thanh"][1] == "16093" and rows["Tổ tự quản Nga Thành"][1] == "16138"
    assert rows["Chi hội Hoằng Quý"][1] == "15889" and rows["Chi hội Hoằng Quỳ"][1] == "15880"
    assert rows["Chi hội Hoằng Phú"] == ("399", None, "unresolved", None)
    assert rows["Khu phố văn minh Hà Trung"] == ("392", "15271", "split_default", "15271")
    assert rows["Sân chơi Thiệu Long"] == ("398", "15772", "split_default", "15793")
    assert rows["Đường làng Đông Ninh"] == ("405", "16378", "crosswalk", "16384")
    assert rows["Nhà văn hóa Đông Ninh"] == ("380", "16378", "crosswalk", "16384")
    assert rows["Câu lạc bộ Hà Lâm"] == ("392", None, "unresolved", None)
    assert rows["Tổ hòa giải Hồ Vương"] == ("401", "16138", "named_2025", None)
    comm = dict(
        con.execute(
            "SELECT recipient_name, commune_placement || '/' || coalesce(commune_code, '-') FROM commendations "
            "WHERE source_file = '2025_xa-cu_khen-thuong.csv'"
        ).fetchall()
    )
    assert comm == {"Tổ tự quản Nga Thành": "crosswalk/16138", "Chi hội Hà Phong": "unresolved/-"}


def test_unresolved_names_are_warnings_never_rejects(con):
    w = con.execute(
        'SELECT file, "row", "column", value, became, reason FROM load_warnings WHERE "column" = \'Xã\' '
        'ORDER BY file, "row"'
    ).fetchall()
    assert [(f, r, v) for f, r, _c, v, _b, _r in w] == [
        ("2024_xa-cu.csv", 9, "Hoang Phu"),
        ("2024_xa-cu.csv", 14, "Hà Lâm"),
        ("2025_xa-cu_khen-thuong.csv", 3, "Hà Phong"),
    ]
    assert all(b == "(tính ở cấp huyện)" and "cấp huyện" in r for *_x, b, r in w)
    assert con.execute("SELECT count(*) FROM rejects WHERE file LIKE '%xa-cu%'").fetchone()[0] == 0
    # Counted at district level: the rows are stored with their district.
    assert (
        con.execute(
            "SELECT count(*) FROM models WHERE commune_placement = 'unresolved' AND district_code IS NOT NULL"
        ).fetchone()[0]
        == 2
    )


def test_coverage_against_direct_sql(con):
    cov = communes.placement_by_year(con).set_index("year")
    direct = dict(
        con.execute(
            "SELECT year, count(*) FROM (SELECT year_recognized AS year, commune_placement AS p FROM models "
            "UNION ALL SELECT year, commune_placement FROM commendations) WHERE p IN ('named_2025', 'crosswalk') "
            "GROUP BY year"
        ).fetchall()
    )
    assert {y: int(v) for y, v in cov["placed"].items() if v} == direct
    assert cov.loc[2024, "split_default"] == 2 and cov.loc[2024, "unresolved"] == 1  # Hoang Phu
    assert cov.loc[2018, "unresolved"] == 1 and cov.loc[2018, "unresolved_share"] == 1.0
    totals = dict(
        con.execute(
            "SELECT year, count(*) FROM (SELECT year_recognized AS year FROM models UNION ALL "
            "SELECT year FROM commendations) GROUP BY year"
        ).fetchall()
    )
    assert {y: int(v) for y, v in cov["total"].items()} == totals
    shares = cov[["placed_share", "split_default_share", "unresolved_share", "not_named_share"]].sum(axis=1)
    assert ((shares - 1).abs() < 1e-9).all()
    names = communes.unresolved_communes(con)
    assert set(zip(names["district"], names["written"], names["n"])) == {
        ("Hoằng Hóa", "Hoang Phu", 1),
        ("Hà Trung", "Hà Lâm", 1),
        ("Hà Trung", "Hà Phong", 1),
    }


def test_aggregates_carry_the_placed_history(con):
    agg = con.execute("SELECT sum(n) FROM agg_models WHERE commune_code = '16378' AND year = 2019").fetchone()[0]
    assert agg == 1  # Đông Ninh's 2019 model, in Phường Đông Sơn
    assert (
        con.execute("SELECT sum(n) FROM agg_commune_models WHERE commune_code = '16378'").fetchone()[0]
        == (con.execute("SELECT count(*) FROM models WHERE commune_code = '16378'").fetchone()[0])
    )
    assert (
        con.execute("SELECT sum(n) FROM agg_placement").fetchone()[0]
        == con.execute("SELECT (SELECT count(*) FROM models) + (SELECT count(*) FROM commendations)").fetchone()[0]
    )
    assert con.execute("SELECT count(*) FROM crosswalk").fetchone()[0] == 558  # 537 whole + 21 rows for 10 splits


def test_denominators_file(tmp_path, con):
    from etl.denominators import load_denominators, read_denominators

    csv = tmp_path / "dan-so.csv"
    csv.write_text(
        "Mã xã,Tên xã,Dân số,Năm,Nguồn\n14758,,12.345,2024,Chi cục Thống kê (thử)\n"
        ",Xã Hoằng Tiến,9876,2024,Chi cục Thống kê (thử)\n,Xã Không Có,100,2024,x\n16000,,,2024,x\n"
        "15991,,1000,2024,\n",
        encoding="utf-8",
    )
    frame, report = read_denominators(csv, PlaceResolver.build())
    assert sorted(map(tuple, frame[["code", "population"]].values.tolist())) == [("14758", 12345), ("15991", 9876)]
    assert [r for r, _v, _why in report.rejects] == [4, 5, 6]
    bad = tmp_path / "bad.csv"
    bad.write_text("ma,dan\n1,2\n", encoding="utf-8")
    with pytest.raises(LoadError, match=r"bad.csv: thiếu cột population, year, source"):
        read_denominators(bad, PlaceResolver.build())
    db = tmp_path / "w.duckdb"
    load([FIXTURES / "submissions"], db, progress=lambda _m: None)
    assert load_denominators(csv, db, progress=lambda _m: None).loaded == 2
    with duckdb.connect(str(db), read_only=True) as c:
        stats = communes.commune_stats(c).set_index("code")
        assert stats.loc["14758", "population"] == 12345 and stats.loc["14758", "population_year"] == 2024
        assert stats["population"].notna().sum() == 2  # never invented for the other 164
        assert stats["area_km2"].notna().all()
    load([FIXTURES / "submissions"], db, progress=lambda _m: None)  # kept across loads
    with duckdb.connect(str(db), read_only=True) as c:
        assert c.execute("SELECT count(*) FROM commune_stats").fetchone()[0] == 2


def test_an_alias_added_later_places_earlier_rows(tmp_path, monkeypatch):
    db = tmp_path / "w.duckdb"
    load([FIXTURES / "submissions", FIXTURES / "communes"], db, progress=lambda _m: None)
    vocab = tmp_path / "vocabulary.toml"
    vocab.write_text(DEFAULT_PATH.read_text(encoding="utf-8") + '"Hà Trung | Hà Lâm" = "Yến Sơn"\n', encoding="utf-8")
    monkeypatch.setenv("DVK_VOCABULARY", str(vocab))
    load([FIXTURES / "submissions", FIXTURES / "communes"], db, progress=lambda _m: None)  # same files
    with duckdb.connect(str(db), read_only=True) as c:
        row = c.execute(
            "SELECT commune_code, commune_placement, former_commune_code FROM models WHERE commune = 'Hà Lâm'"
        ).fetchone()
        assert row == ("15271", "crosswalk", "15307")  # Yến Sơn, which took Hà Lâm in 2019, → Hà Trung
        values = {v for (v,) in c.execute("SELECT value FROM load_warnings WHERE \"column\" = 'Xã'").fetchall()}
        assert values == {"Hoang Phu", "Hà Phong"}
