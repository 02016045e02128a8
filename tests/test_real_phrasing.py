"""The loader on rows written the way real reports write them (tests/corpus/real_phrasing.json).

Each row's cells come from public Vietnamese news and report pages (a source line per cell; values
marked "invented" are said so) and each row says what a careful reader takes each value to mean.
The corpus is loaded once, as a workbook and as two CSV files, by the real loader; every expectation
is checked against the warehouse.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from etl.columns import COMMENDATION_COLUMNS, MODEL_COLUMNS
from etl.load import load
from tests.conftest import quiet
from tests.corpus.build import ROWS, write_xlsx

NUMBERS = ("land_m2", "workdays", "funds_million_vnd", "roads_km", "households_benefited")


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    where = write_xlsx(folder / "bao-cao-thuc-te.xlsx")
    db = folder / "w.duckdb"
    summary = load([folder / "bao-cao-thuc-te.xlsx"], db, progress=quiet, today=dt.date(2026, 12, 1))
    con = duckdb.connect(str(db), read_only=True)
    yield con, where, summary
    con.close()


def test_the_corpus_is_real_enough():
    """At least 60 rows over both sheets, every cell with a source line, real pages for most of them."""
    assert len(ROWS) >= 60
    assert {r["sheet"] for r in ROWS} == {"models", "commendations"}
    cells = [(h, r["sources"].get(h)) for r in ROWS for h, v in r["cells"].items() if v not in ("", None)]
    assert all(src for _, src in cells), [h for h, src in cells if not src][:5]
    real = sum(src.startswith("http") for _, src in cells)
    assert real > 0.5 * len(cells)


def test_rows_load_or_are_rejected_as_a_reader_expects(corpus_db):
    con, where, summary = corpus_db
    loaded = {
        ("Mô hình", r): "loaded"
        for (r,) in con.execute("SELECT source_row FROM models WHERE source_sheet = 'Mô hình'").fetchall()
    } | {
        ("Khen thưởng", r): "loaded"
        for (r,) in con.execute("SELECT source_row FROM commendations WHERE source_sheet = 'Khen thưởng'").fetchall()
    }
    wrong = [
        (key, entry["cells"].get("Tên mô hình") or entry["cells"].get("Tên tập thể/cá nhân"), entry["expect"]["status"])
        for key, entry in where.items()
        if loaded.get(key, "rejected") != entry["expect"]["status"]
    ]
    assert not wrong
    rejected = {k for k, e in where.items() if e["expect"]["status"] == "rejected"}
    assert summary.rows_rejected == len(rejected) and summary.rows_loaded == len(where) - len(rejected)


def _stored(con, sheet: str, row: int) -> dict:
    if sheet == "Mô hình":
        sql = "SELECT * FROM models WHERE source_sheet = $s AND source_row = $r"
    else:
        sql = "SELECT *, level AS issuer_level FROM commendations WHERE source_sheet = $s AND source_row = $r"
    df = con.execute(sql, {"s": sheet, "r": row}).df()
    return df.iloc[0].to_dict()


def test_every_value_becomes_what_a_reader_reads(corpus_db):
    con, where, _ = corpus_db
    wrong = []
    checked = 0
    for (sheet, row), entry in where.items():
        expect = entry["expect"]
        if expect["status"] != "loaded":
            continue
        got = _stored(con, sheet, row)
        for key, want in expect.items():
            if key in ("status", "reason"):
                continue
            have = got[key]
            if key in NUMBERS:
                ok = have is not None and abs(float(have) - float(want)) < 1e-6
            elif key == "decision_date":
                ok = have is not None and str(have)[:10] == want
            elif key in ("year", "year_recognized"):
                ok = int(have) == int(want)
            else:
                ok = have == want
            checked += 1
            if not ok:
                header = next((h for h, v in entry["cells"].items() if v), "")
                wrong.append((sheet, row, key, want, have, entry["cells"].get(header)))
    assert checked > 500
    assert not wrong, "\n".join(map(str, wrong))


def test_unrecognised_values_are_warnings_with_counts_not_losses(corpus_db):
    con, _, summary = corpus_db
    # Every unclassified cell stored has its warning, naming the value as written.
    for table, cols in (
        ("models", ("kind", "field", "topic", "host_sector", "level")),
        ("commendations", ("recipient_kind", "form", "issuer")),
    ):
        for col in cols:
            n = con.execute(f"SELECT count(*) FROM {table} WHERE {col} = 'chua_phan_loai'").fetchone()[0]
            header = next(c.header for c in (*MODEL_COLUMNS, *COMMENDATION_COLUMNS) if c.key == col)
            warned = con.execute(
                "SELECT count(*) FROM load_warnings WHERE \"column\" = $c AND became = 'Chưa phân loại'", {"c": header}
            ).fetchone()[0]
            assert n == warned, (table, col)
    counts = summary.warning_counts(top=1000)
    assert counts["n"].sum() == len(summary.cell_warnings)
