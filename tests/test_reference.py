"""Reference tables derived from the vietnamadminunits package."""

from etl import reference


def test_27_district_units_with_gso_codes():
    d = reference.districts()
    assert len(d) == 27
    assert sorted(d["code"]) == [str(c) for c in range(380, 408) if c != 383]
    row = d.set_index("code").loc["399"]
    assert (row["name"], row["short_name"], row["ascii_name"], row["type"]) == (
        "Huyện Hoằng Hóa",
        "Hoằng Hóa",
        "Hoang Hoa",
        "huyen",
    )
    assert d.set_index("code").loc["407", "former_names"] == ["Tĩnh Gia", "Huyện Tĩnh Gia"]
    assert d.set_index("code").loc["381", "type"] == "thi_xa"


def test_dong_son_is_separate_until_2025_and_merged_into_380():
    d = reference.districts().set_index("code")
    assert d.loc["405", "merged_into"] == "380"
    assert d.loc["405", "valid_to"] == "2024-12-31"
    assert d.loc["405", "commune_count"] == 14
    assert d.loc["380", "valid_to"] == "2025-06-30"
    assert d["merged_into"].notna().sum() == 1
    # All pre-2025 communes are accounted for, none twice.
    assert d["commune_count"].sum() == len(reference.legacy_wards())


def test_mountainous_and_population_only_where_sourced():
    d = reference.districts().set_index("code")
    assert d["mountainous"].sum() == 11
    assert bool(d.loc["384", "mountainous"]) and not bool(d.loc["399", "mountainous"])
    known = d[d["population"].notna()]
    assert sorted(known.index) == ["381", "386", "390", "405"]
    assert known.loc["386", "population"] == 96_360
    assert known["population_source"].str.contains("2019").all()


def test_areas_add_up_to_the_province():
    total = reference.districts()["area_km2"].sum()
    assert abs(total - 11_114.7) / 11_114.7 < 0.01


def test_166_communes_with_former_districts():
    c = reference.communes_2025().set_index("name")
    assert len(c) == 166
    assert (c["type"] == "phuong").sum() == 19 and (c["type"] == "xa").sum() == 147
    assert set(c.loc["Phường Bỉm Sơn", "former_district_codes"]) == {"381", "392"}
    assert set(c.loc["Phường Nam Sầm Sơn", "former_district_codes"]) == {"382", "406"}
    assert "380" in c.loc["Phường Đông Tiến", "former_district_codes"]
    assert c.loc["Xã Hoằng Tiến", "district_code"] == "399"
    # Đông Sơn no longer existed on 30 Jun 2025: nothing rolls up to it.
    assert "405" not in set(c["district_code"])
    assert abs(c["area_km2"].sum() - 11_114.7) < 5
