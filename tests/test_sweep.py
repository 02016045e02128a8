"""Every page, every download: no None/nan/NaT/<NA> on screen or in a file, and every file opens.

The pages run on the people warehouse (the fixtures plus individuals with host units, descriptions,
missing decision numbers and dates) with the default address and with filter combinations that
reach the empty, partial and missing-value branches, in Vietnamese and English. Every download
button is then clicked the way the server runs it (tests/sweep.py), each file is opened as what it
claims to be, and a few values in it are compared with SQL on the warehouse.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from dvk import records
from tests.sweep import Downloads, bad_words, csv_rows, file_text, page_texts, run_page, xlsx_sheets

INDIVIDUAL = "sql:SELECT model_id FROM models WHERE kind = 'dien_hinh_ca_nhan' ORDER BY year_recognized DESC, CASE level WHEN 'trung_uong' THEN 0 WHEN 'tinh' THEN 1 WHEN 'huyen' THEN 2 ELSE 3 END, households_benefited DESC NULLS LAST, name COLLATE vi, model_id LIMIT 1"
GAPS = "sql:SELECT model_id FROM models WHERE host_unit IS NULL AND funds_million_vnd IS NULL ORDER BY year_recognized DESC, CASE level WHEN 'trung_uong' THEN 0 WHEN 'tinh' THEN 1 WHEN 'huyen' THEN 2 ELSE 3 END, households_benefited DESC NULLS LAST, name COLLATE vi, model_id LIMIT 1"

# page → address variants; "_state" sets widgets before the run (values may be "sql:…", read from the warehouse)
VARIANTS: dict[str, list[dict]] = {
    "overview.py": [
        {},
        {"from": "2016", "to": "2024"},
        {"from": "2021", "to": "2024", "field": "kinh_te", "districts": "399,401"},
        {"districts": "384"},  # Mường Lát: nothing at all
        {"unit": "commune", "communes": "14797,15853"},  # the commune filter: routed to the commune-keyed aggregate
    ],
    "map.py": [
        {},
        {"view": "chart"},
        {"view": "table", "_state": {"measure": "share_provincial"}},  # a share of nothing is no number
        {"from": "2025", "to": "2026", "view": "table", "unit": "commune"},  # the shared unit (no page level radio)
        {"from": "2016", "to": "2024", "unit": "commune", "_state": {"map_per": "per_km2"}},  # history, per km²
        {"unit": "commune", "districts": "399", "view": "chart"},  # communes outside Hoằng Hóa grey
    ],
    "trends.py": [
        {},
        {"_state": {"trend_view": "yoy"}},  # the first year and years after a zero have no change
        {"_state": {"trend_dimension": "field", "trend_view": "cumulative"}},
        {"from": "2016", "to": "2016", "_state": {"trend_compare": ["399", "395"]}},
        {"unit": "commune", "from": "2016", "to": "2026", "_state": {"trend_compare_communes": ["14797", "15991"]}},
    ],
    "rankings.py": [
        {},
        {"_state": {"rank_per": "per_commune"}},
        {"from": "2021", "to": "2024", "_state": {"rank_view": "improved", "rank_result": "funds_million_vnd"}},
        {"_state": {"rank_measure": "share_provincial", "rank_result": "land_m2"}},
        {"unit": "commune", "_state": {"rank_per": "per_km2"}},
        {
            "from": "2021",
            "to": "2024",
            "unit": "commune",
            "communes": "15991,14797",
            "_state": {"rank_view": "improved"},
        },
    ],
    "profile.py": [
        {"district": "399"},  # a commendation linked to no model
        {"district": "395"},  # a commendation without decision number or date
        {"district": "380", "from": "2025", "to": "2026"},
        {"district": "384"},
        {"district": "999"},
        {"unit": "commune", "commune": "14797", "from": "2016", "to": "2026"},  # a commune with a record
        {"unit": "commune", "commune": "99999"},  # an unknown commune: the default, said so
    ],
    "records.py": [
        {},
        {"_state": {"rec_detail": INDIVIDUAL}},
        {"_state": {"rec_detail": GAPS}},
        {"_state": {"rec_q": "khong co mo hinh nay"}},
        {"_state": {"rec_sort": "funds", "rec_reverse": True}},
        {"communes": "15853", "_state": {"rec_q": "phuong dong tien"}},  # a 2025 commune and its name
    ],
    "data.py": [{}, {"_state": {"rej_kind": "duplicate"}}],
}
CASES = [(page, i, lang) for page, variants in VARIANTS.items() for i in range(len(variants)) for lang in ("vi", "en")]


@pytest.fixture()
def people_env(people_db, monkeypatch):
    monkeypatch.setenv("DVK_DB", str(people_db))


def test_the_sweep_sees_a_missing_value(monkeypatch):
    """The sweep itself: a None cell without placeholder, 'nan' in a caption and NaT in a table are found."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_string(
        "import streamlit as st, pandas as pd\n"
        "st.dataframe(pd.DataFrame({'a': [None, 'x']}), key='t')\n"
        "st.caption('Giá trị: nan')\n"
        "st.dataframe(pd.DataFrame({'d': pd.to_datetime(['2024-01-01', None])}).astype(str), key='u')\n"
        "st.dataframe(pd.DataFrame({'b': [None, 'y']}), placeholder='–', key='v')\n"
    ).run()
    found = {where for where, _ in bad_words(page_texts(at))}
    assert found == {"table[a]", "caption.body", "table[d]"}


@pytest.mark.parametrize(("page", "i", "lang"), CASES, ids=[f"{p[:-3]}-{i}-{lang}" for p, i, lang in CASES])
def test_no_missing_value_words_on_screen(people_env, people_con, page, i, lang):
    at = run_page(page, VARIANTS[page][i], lang, people_con)
    assert not at.exception, at.exception[0].message if at.exception else ""
    texts = page_texts(at)
    assert len(texts) > 20  # the page drew something
    assert bad_words(texts) == []


# ---------------------------------------------------------------- downloads

# page → the variants whose download controls are clicked (explicit periods: the SQL below uses them)
DOWNLOADS = {
    "overview.py": [{"from": "2016", "to": "2026"}],
    "map.py": [
        {"from": "2016", "to": "2024"},
        {"from": "2016", "to": "2024", "view": "chart"},
        {"from": "2016", "to": "2026", "view": "table"},
    ],
    "trends.py": [{"from": "2016", "to": "2026"}],
    "rankings.py": [{"from": "2016", "to": "2024"}],
    "profile.py": [
        {"district": "395", "from": "2016", "to": "2026"},
        {"district": "399", "from": "2016", "to": "2026"},
    ],
    "records.py": [{"from": "2016", "to": "2026"}],
    "data.py": [{}],
}
KINDS = {"csv", "xlsx", "png", "svg", "html", "docx"}


def _one(con, sql: str, *params):
    return con.execute(sql, list(params)).fetchone()[0]


def _table(files, key: str) -> list[list]:
    """The data rows of a CSV download (header first) or of an XLSX's first sheet."""
    f = files[key]
    return csv_rows(f.body) if f.name.endswith(".csv") else [list(r) for r in xlsx_sheets(f.body)[0]]


def check_overview(files, con, lang, variant):
    top = con.execute(
        "SELECT coalesce(d.merged_into, m.district_code), count(*) FROM models m "
        "JOIN districts d ON d.code = m.district_code GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1"
    ).fetchone()
    name = _one(con, "SELECT short_name FROM districts WHERE code = ?", top[0])
    assert _table(files, "top_table_shown_csv")[1][:3] == ["1", name, str(top[1])]
    by_year = _table(files, "district_year_table_shown_xlsx")
    row = next(r for r in by_year if r[0] == name)
    assert row[-1] == top[1] and all(isinstance(v, int) for v in row[1:])  # numbers stay numbers
    newest = [
        n
        for (n,) in con.execute(
            "SELECT name FROM models WHERE kind LIKE 'dien_hinh%' ORDER BY year_recognized DESC, CASE level WHEN 'trung_uong' THEN 0 WHEN 'tinh' THEN 1 WHEN 'huyen' THEN 2 ELSE 3 END, households_benefited DESC NULLS LAST, name COLLATE vi, model_id LIMIT 8"
        ).fetchall()
    ]
    assert [r[1] for r in _table(files, "newest_table_shown_csv")[1:]] == newest
    n = _one(con, "SELECT count(*) FROM models")
    assert f"\n{n}\n" in "\n" + file_text(files["report"]) + "\n"  # the headline figure in its table cell


def check_map(files, con, lang, variant):
    if variant.get("view") != "table":  # the map and chart views: checked for type and words above
        return
    rows = _table(files, "map_table_shown_csv")
    names = dict(con.execute("SELECT code, short_name FROM districts WHERE code <> '405'").fetchall())
    counts = dict(
        con.execute(  # 2016–2026 reaches 2025: 26 units, Đông Sơn inside TP Thanh Hóa
            "SELECT coalesce(d.merged_into, m.district_code), count(*) FROM models m "
            "JOIN districts d ON d.code = m.district_code GROUP BY 1"
        ).fetchall()
    )
    assert {r[1]: int(r[2]) for r in rows[1:]} == {names[c]: counts.get(c, 0) for c in names}


def check_trends(files, con, lang, variant):
    rows = _table(files, "trend_table_shown_xlsx")
    years = dict(con.execute("SELECT year_recognized, count(*) FROM models GROUP BY 1").fetchall())
    first, last = min(years), max(years)  # the years the data holds (the filters' range)
    assert {r[0]: r[1] for r in rows[1:]} == {y: years.get(y, 0) for y in range(first, last + 1)}


def check_rankings(files, con, lang, variant):
    best = con.execute(
        "SELECT name, households_benefited FROM models WHERE kind LIKE 'dien_hinh%' AND year_recognized <= 2024 "
        "ORDER BY households_benefited DESC NULLS LAST LIMIT 1"
    ).fetchone()
    first = _table(files, "examples_table_shown_xlsx")[1]
    assert first[0] == best[0] and first[-1] == best[1]
    assert len(_table(files, "rank_table_shown_csv")) == 28  # 27 units before 2025, and the header


def check_profile(files, con, lang, variant):
    code = variant["district"]
    sql = con.execute(
        "SELECT recipient_name, decision_no, decision_date, year FROM commendations WHERE district_code = ? "
        "ORDER BY year DESC, decision_date DESC NULLS LAST, commendation_id",
        [code],
    ).fetchall()
    every = _table(files, "profile_awards_all_csv")
    header = every[0]
    names = header.index("Tên tập thể, cá nhân" if lang == "vi" else "Recipient name")
    numbers = header.index("Số quyết định" if lang == "vi" else "Decision no.")
    assert [(r[names], r[numbers]) for r in every[1:]] == [(n, d or "") for n, d, _, _ in sql]
    sheet = _table(files, "profile_awards_shown_xlsx")
    dates = sheet[0].index("Ngày quyết định" if lang == "vi" else "Decision date")
    got = [r[dates] for r in sheet[1:]]
    assert got == [None if d is None else dt.datetime.combine(d, dt.time()) for _, _, d, _ in sql]
    assert [r[0] for r in sheet[1:]] == [y for *_, y in sql]  # years are numbers


def check_records(files, con, lang, variant):
    n = _one(con, "SELECT count(*) FROM models")
    assert len(_table(files, "rec_table_all_csv")) == n + 1
    sheet = _table(files, "rec_table_all_xlsx")
    funds = sheet[0].index("Kinh phí (triệu đồng)" if lang == "vi" else "Money (million VND)")
    assert max(r[funds] for r in sheet[1:] if r[funds] is not None) == _one(
        con, "SELECT max(funds_million_vnd) FROM models"
    )


def check_data(files, con, lang, variant):
    assert len(_table(files, "runs_table_shown_csv")) == _one(con, "SELECT count(*) FROM etl_runs") + 1
    assert len(_table(files, "rejects_table_shown_xlsx")) == 3 + 1  # one page of three (REJECTS_PAGE_SIZE below)
    assert len(_table(files, "rejects_table_all_xlsx")) == _one(con, "SELECT count(*) FROM rejects") + 1


CHECKS = {
    "overview.py": check_overview,
    "map.py": check_map,
    "trends.py": check_trends,
    "rankings.py": check_rankings,
    "profile.py": check_profile,
    "records.py": check_records,
    "data.py": check_data,
}
DOWNLOAD_CASES = [(page, lang) for page in DOWNLOADS for lang in ("vi", "en")]


@pytest.mark.parametrize(("page", "lang"), DOWNLOAD_CASES, ids=[f"{p[:-3]}-{lang}" for p, lang in DOWNLOAD_CASES])
def test_every_download_works(people_env, people_con, monkeypatch, page, lang):
    monkeypatch.setattr(records, "REJECTS_PAGE_SIZE", 3)  # the Data page then offers all rejected cells too
    downloads = Downloads(monkeypatch)
    for variant in DOWNLOADS[page]:
        at = run_page(page, variant, lang, people_con)
        assert not at.exception
        files = {f.key: f for f in downloads.fetch(at)}
        assert files, "no download control on the page"
        for f in files.values():
            assert f.name.rsplit(".", 1)[-1] in KINDS and f.name.isascii(), f.name
            assert bad_words([(f.name, file_text(f))]) == []
        CHECKS[page](files, people_con, lang, variant)


def test_xlsx_keeps_numbers_and_vietnamese_formats(people_env, people_con, monkeypatch):
    """The list's numbers are Excel numbers with the formats that show 1.234,5 on a Vietnamese Excel."""
    downloads = Downloads(monkeypatch)
    at = run_page("records.py", {"from": "2016", "to": "2026"}, "vi", people_con)
    f = next(f for f in downloads.fetch(at) if f.key == "rec_table_shown_xlsx")
    ws = load_workbook(io.BytesIO(f.body)).worksheets[0]
    header = [c.value for c in ws[1]]
    funds = ws.cell(row=2, column=header.index("Kinh phí (triệu đồng)") + 1)
    year = ws.cell(row=2, column=header.index("Năm công nhận") + 1)
    assert isinstance(year.value, int) and year.number_format == "0"
    column = [ws.cell(row=r, column=funds.column).value for r in range(2, ws.max_row + 1)]
    assert {ws.cell(row=r, column=funds.column).number_format for r in range(2, ws.max_row + 1)} == {"#,##0.0"}
    assert sorted(v for v in column if v is not None) == sorted(
        v
        for (v,) in people_con.execute(
            "SELECT funds_million_vnd FROM models WHERE funds_million_vnd IS NOT NULL"
        ).fetchall()
    )
