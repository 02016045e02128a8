"""The periodic report: the .docx opened and compared with direct SQL on the fixture warehouse."""

from __future__ import annotations

import datetime as dt
import io
import os

import docx
import pytest
from PIL import Image

from dvk import render, report
from dvk.filters import Filters

TODAY = dt.date(2026, 11, 28)
HEADINGS_VI = ["I. PHẠM VI VÀ TÌNH HÌNH GỬI BÁO CÁO", "II. KẾT QUẢ THỰC HIỆN PHONG TRÀO", "III. NGUỒN SỐ LIỆU"]
SUBHEADINGS_VI = [
    "1. Phạm vi báo cáo",
    "2. Tình hình gửi báo cáo của các đơn vị",
    "1. Số liệu chính",
    "2. Mô hình, điển hình theo huyện",
    "3. Xếp hạng các huyện",
    "4. Xu hướng theo năm",
    "5. Điển hình tiêu biểu",
    "6. Khen thưởng",
]


def _open(raw: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(raw))


def _one(con, sql: str, params: dict) -> int:
    return con.execute(sql, params).fetchone()[0]


def _table(doc, first_header: str):
    return next(t for t in doc.tables if t.rows[0].cells[0].text == first_header)


@pytest.fixture()
def period():
    return Filters(year_from=2019, year_to=2024)


def test_report_headings_and_figures_match_the_warehouse(fixture_con, period):
    doc = _open(report.build_report(fixture_con, period, "vi", today=TODAY, images=False))
    assert "Dân vận khéo" in doc.core_properties.title
    assert [p.text for p in doc.paragraphs if p.style.name == "Heading 1"] == HEADINGS_VI
    assert [p.text for p in doc.paragraphs if p.style.name == "Heading 2"] == SUBHEADINGS_VI
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Tỉnh Thanh Hóa — giai đoạn 2019–2024" in text
    assert "DỮ LIỆU MẪU TỔNG HỢP" in text  # the fixture is generated sample data
    assert "So sánh với giai đoạn 2013–2018" not in text  # the fixture starts in 2019: no change to compare
    assert "Không so sánh: giai đoạn 2013–2018 không có số liệu (số liệu có từ năm 2019)." in text

    params = {"a": 2019, "b": 2024}
    models = _one(fixture_con, "SELECT count(*) FROM models WHERE year_recognized BETWEEN $a AND $b", params)
    headline = _table(doc, "Chỉ số")
    assert [c.text for c in headline.rows[0].cells] == ["Chỉ số", "2019–2024", "2013–2018", "Thay đổi", "%"]
    assert headline.rows[1].cells[0].text == "Mô hình, điển hình"
    assert headline.rows[1].cells[1].text == str(models)
    assert headline.rows[1].cells[4].text == "–"

    # Ranking: every district-level unit of the 2024 boundaries (27), in rank order.
    units = _one(fixture_con, "SELECT count(*) FROM boundaries WHERE level = 'district' AND vintage = '2024'", {})
    ranking = _table(doc, "Hạng")
    assert len(ranking.rows) == 1 + units
    values = [int(r.cells[2].text.replace(".", "")) for r in ranking.rows[1:]]
    assert values == sorted(values, reverse=True) and sum(values) == models

    examples = _one(
        fixture_con,
        "SELECT count(*) FROM models WHERE year_recognized BETWEEN $a AND $b AND kind LIKE 'dien_hinh%'",
        params,
    )
    assert len(_table(doc, "TT").rows) == 1 + min(examples, report.EXAMPLES_LIMIT)
    assert f"trong tổng số {examples} điển hình" in text

    provincial = _one(
        fixture_con,
        "SELECT count(*) FROM commendations WHERE year BETWEEN $a AND $b AND level IN ('tinh', 'trung_uong')",
        params,
    )
    commendations = [t for t in doc.tables if t.rows[0].cells[0].text == "TT"][1]
    assert [c.text for c in commendations.rows[0].cells][:3] == ["TT", "Năm", "Hình thức"]
    assert len(commendations.rows) == 1 + min(provincial, report.COMMENDATIONS_LIMIT)
    total = _one(fixture_con, "SELECT count(*) FROM commendations WHERE year BETWEEN $a AND $b", params)
    assert _table(doc, "Cấp").rows[-1].cells[-1].text != "" and total == sum(
        int(r.cells[-1].text) for r in _table(doc, "Cấp").rows[1:]
    )

    assert "Ngày lập báo cáo: 28/11/2026" in text and "Kho dữ liệu Dân vận khéo" in text
    assert "Không vẽ được hình" in text and len(doc.inline_shapes) == 0


def test_report_with_a_filter_and_in_english(fixture_con):
    f = Filters(year_from=2023, year_to=2023, districts=("399",))
    doc = _open(report.build_report(fixture_con, f, "en", today=TODAY, images=False))
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    assert headings[2] == "1. Headline figures"
    assert [p.text for p in doc.paragraphs if p.style.name == "Heading 1"][-1] == "III. SOURCES"
    scope = {r.cells[0].text: r.cells[1].text for r in _table(doc, "Filter").rows[1:]}
    assert scope["District"] == "Hoằng Hóa" and scope["Field"] == "All"
    n = _one(
        fixture_con,
        "SELECT count(*) FROM models WHERE year_recognized = 2023 AND district_code = '399'",
        {},
    )
    assert _table(doc, "Measure").rows[1].cells[1].text == str(n)


def test_trend_reaches_back_five_years():
    assert report.trend_window(Filters(year_from=2023, year_to=2023)).year_from == 2019
    assert report.trend_window(Filters(year_from=2017, year_to=2018), first_year=2016).year_from == 2016
    assert report.trend_window(Filters(year_from=2016, year_to=2026), first_year=2016).year_from == 2016
    assert report.trend_window(Filters(year_from=2011, year_to=2011)).year_from == 2009  # the movement's start


def test_report_pictures(fixture_con, period):
    if not render.chromium_available():
        if os.environ.get("CI"):
            raise RuntimeError("CI needs Debian's chromium for the report's pictures (apt-get install chromium)")
        pytest.skip("the report's pictures need a Chromium")
    doc = _open(report.build_report(fixture_con, period, "vi", today=TODAY))
    assert len(doc.inline_shapes) == 2
    images = [p for p in doc.part.package.parts if p.content_type == "image/png"]
    for part in images:
        assert Image.open(io.BytesIO(part.blob)).size[0] == 2 * 1100
    captions = [p.text for p in doc.paragraphs if p.style.name == "Caption"]
    assert (
        captions[0].startswith("Hình 1.")
        # 2024 is in the reporting cycle (from 2024) and only Nga Sơn of its 41 units has sent the annual report
        and captions[1]
        == "Hình 2. Số mô hình, điển hình theo năm công nhận, 2019–2024 (2024: số liệu của 1/41 đơn vị)."
    )


def test_command_line(fixture_db, tmp_path, capsys):
    out = tmp_path / "bao-cao.docx"
    assert (
        report.main(["--from", "2023", "--to", "2023", "--db", str(fixture_db), "--out", str(out), "--no-images"]) == 0
    )
    assert out.exists() and "1. Số liệu chính" in [p.text for p in _open(out.read_bytes()).paragraphs]
    assert report.main(["--from", "2023", "--to", "2023", "--db", str(fixture_db), "--field", "nope"]) == 2
    assert report.main(["--from", "2023", "--to", "2023", "--db", str(tmp_path / "none.duckdb")]) == 1
    assert "nope" in capsys.readouterr().err


def test_report_per_commune_ranks_communes(fixture_db, fixture_con, tmp_path):
    # the command line with --unit commune: the map and ranking sections name communes, counted as SQL counts them
    out = tmp_path / "bao-cao-xa.docx"
    args = ["--from", "2019", "--to", "2026", "--db", str(fixture_db), "--out", str(out), "--no-images"]
    assert report.main([*args, "--unit", "commune"]) == 0
    doc = _open(out.read_bytes())
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    assert headings[3:5] == ["2. Mô hình, điển hình theo xã, phường", "3. Xếp hạng các xã, phường"]
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Hình 1. Số mô hình, điển hình theo xã, phường, giai đoạn 2019–2026 (166 xã, phường từ 1/7/2025" in text
    counts = fixture_con.execute(
        "SELECT c.short_name, count(*) FROM models m JOIN communes c ON c.code = m.commune_code "
        "WHERE m.year_recognized BETWEEN 2019 AND 2026 GROUP BY 1"
    ).fetchall()
    with_any = fixture_con.execute(
        "SELECT count(DISTINCT commune_code) FROM (SELECT commune_code FROM models WHERE year_recognized "
        "BETWEEN 2019 AND 2026 UNION ALL SELECT commune_code FROM commendations WHERE year BETWEEN 2019 AND 2026) "
        "WHERE commune_code IS NOT NULL"
    ).fetchone()[0]
    assert f"{with_any}/166 xã, phường có bản ghi" in text
    top, bottom = [t for t in doc.tables if t.rows[0].cells[1].text == "Xã, phường"]
    assert len(top.rows) == 11 and len(bottom.rows) == 11  # ten each, under their header
    # the leaders: every commune with a model, each with its count; hand-worked on the fixture with its
    # history placed: Hoằng Tiến first with 2, then the seven communes with one model each, tied 2nd
    led = {r.cells[1].text.split(" (")[0]: int(r.cells[2].text) for r in top.rows[1 : 1 + len(counts)]}
    ranks = {r.cells[1].text.split(" (")[0]: r.cells[0].text for r in top.rows[1 : 1 + len(counts)]}
    assert led == dict(counts) and len(counts) == 8
    assert ranks.pop("Hoằng Tiến") == "1" and set(ranks.values()) == {"2"}
    assert "Hạc Thành (TP Thanh Hóa cũ)" in [r.cells[1].text for r in top.rows]
    assert {r.cells[2].text for r in bottom.rows[1:]} == {"0"}  # the bottom ten have none
    # the district report keeps its district ranking
    assert report.main(args) == 0
    district = _open(out.read_bytes())
    assert "3. Xếp hạng các huyện" in [p.text for p in district.paragraphs]
    assert not [t for t in district.tables if t.rows[0].cells[1].text == "Xã, phường"]


def test_report_per_commune_in_english_follows_the_commune_filter(fixture_con):
    f = Filters(year_from=2019, year_to=2026, unit="commune", communes=("14797", "15991"))
    doc = _open(report.build_report(fixture_con, f, "en", today=TODAY, images=False))
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    assert headings[3:5] == ["2. Models and examples by commune", "3. Commune ranking"]
    chosen = fixture_con.execute(
        "SELECT count(DISTINCT commune_code) FROM models WHERE commune_code IN ('14797', '15991')"
    ).fetchone()[0]
    assert chosen == 2
    assert "2 of 2 communes have a record (a model or a commendation) in the period." in [
        p.text for p in doc.paragraphs
    ]
    ranked = [t for t in doc.tables if t.rows[0].cells[1].text == "Commune"]
    names = [r.cells[1].text for t in ranked for r in t.rows[1:]]
    assert sorted(names) == ["Hoằng Tiến (former Hoằng Hóa)", "Hạc Thành (former TP Thanh Hóa)"]
