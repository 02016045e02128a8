"""The stored name order (etl/ranks.py): after any sequence of additions and removals, ordering the
models by rank_name gives exactly DuckDB's own ICU sort of (name COLLATE vi, model_id)."""

from __future__ import annotations

import random

import duckdb
import pytest

from etl import ranks

NAMES = [
    "Đường hoa nông thôn mới",
    "Dũng cảm cứu người",
    "Ăn sạch sống xanh",
    "An toàn giao thông",
    "Ấm áp tình làng",
    "Ba sạch",
    "bà cháu cùng học",
    "Bà Triệu",
    "Bả vai",
    "Ảnh đẹp",
    "ảnh cũ",
    "Hiến đất làm đường",
    "Hiền hòa",
    "Zalo tổ dân phố",
    "Ý Đảng lòng dân",
]


def _db():
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE models (model_id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, rank_name BIGINT); "
        "CREATE TABLE name_fences (fence INTEGER, rank_name BIGINT, name VARCHAR, model_id VARCHAR)"
    )
    return con


def _full(con):
    con.execute(f"UPDATE models SET rank_name = o.rank_name FROM ({ranks.full_sql()}) o WHERE models.rowid = o.rid")
    ranks.store_fences(con)


def _by_rank(con):
    return [r[0] for r in con.execute("SELECT model_id FROM models ORDER BY rank_name").fetchall()]


def _by_icu(con):
    return [r[0] for r in con.execute("SELECT model_id FROM models ORDER BY name COLLATE vi, model_id").fetchall()]


def test_full_ranking_is_vietnamese_order_with_gaps_and_fences(monkeypatch):
    monkeypatch.setattr(ranks, "FENCE_EVERY", 4)
    con = _db()
    for i, name in enumerate(NAMES):
        con.execute("INSERT INTO models VALUES (?, ?, NULL)", [f"M{i:02d}", name])
    _full(con)
    names = [r[0] for r in con.execute("SELECT name FROM models ORDER BY rank_name").fetchall()]
    # Hand-worked Vietnamese order: a < ă < â, b, d < đ, … tones and case only where the letters tie.
    assert names[:5] == ["An toàn giao thông", "ảnh cũ", "Ảnh đẹp", "Ăn sạch sống xanh", "Ấm áp tình làng"]
    assert (
        names.index("Dũng cảm cứu người") < names.index("Đường hoa nông thôn mới") < names.index("Hiến đất làm đường")
    )
    assert names[-2:] == ["Ý Đảng lòng dân", "Zalo tổ dân phố"]
    gaps = con.execute("SELECT list(rank_name ORDER BY rank_name) FROM models").fetchone()[0]
    assert gaps == [(i + 1) * ranks.SPACING for i in range(len(NAMES))]
    fences = con.execute("SELECT fence, rank_name FROM name_fences ORDER BY fence").fetchall()
    assert fences == [(0, ranks.SPACING), (1, 5 * ranks.SPACING), (2, 9 * ranks.SPACING), (3, 13 * ranks.SPACING)]


def test_new_names_fall_between_their_neighbours(monkeypatch):
    monkeypatch.setattr(ranks, "FENCE_EVERY", 4)
    con = _db()
    for i, name in enumerate(NAMES):
        con.execute("INSERT INTO models VALUES (?, ?, NULL)", [f"M{i:02d}", name])
    _full(con)
    before = {r[0]: r[1] for r in con.execute("SELECT model_id, rank_name FROM models").fetchall()}
    for i, name in enumerate(["Ân tình", "A", "Đặc sản quê", "Zô", "Bà Triệu", "Ân tình"]):
        con.execute("INSERT INTO models VALUES (?, ?, NULL)", [f"N{i}", name])
    assert ranks.rank_new(con)
    assert _by_rank(con) == _by_icu(con)
    after = {r[0]: r[1] for r in con.execute("SELECT model_id, rank_name FROM models").fetchall()}
    assert all(after[k] == v for k, v in before.items())  # nothing renumbered
    assert con.execute("SELECT count(DISTINCT rank_name) = count(*) FROM models").fetchone()[0]


def test_many_loads_with_removals_keep_the_order(monkeypatch):
    monkeypatch.setattr(ranks, "FENCE_EVERY", 8)
    rng = random.Random(7)
    syllables = ["an", "ăn", "ân", "ba", "bà", "bá", "da", "đa", "đà", "hiến", "hiền", "ý", "y", "zô", "Ô", "ơ"]
    con = _db()
    n = 0

    def add(k):
        nonlocal n
        for _ in range(k):
            name = " ".join(rng.choice(syllables) for _ in range(rng.randint(1, 3))).capitalize()
            con.execute("INSERT INTO models VALUES (?, ?, NULL)", [f"M{n:05d}", name])
            n += 1

    add(300)
    _full(con)
    removed_fence = con.execute("SELECT model_id FROM name_fences WHERE fence = 3").fetchone()[0]
    for step in range(12):
        if step == 2:
            con.execute("DELETE FROM models WHERE model_id = ?", [removed_fence])
        if step % 3 == 1:
            con.execute("DELETE FROM models WHERE model_id IN (SELECT model_id FROM models USING SAMPLE 5 ROWS)")
        add(rng.randint(1, 40))
        if step == 6:  # the removed fence's model comes back: it takes the fence's number
            con.execute("INSERT INTO models SELECT model_id, name, NULL FROM name_fences WHERE fence = 3")
        assert ranks.rank_new(con), step
        assert _by_rank(con) == _by_icu(con), step
    back = con.execute(
        "SELECT m.rank_name = f.rank_name FROM models m JOIN name_fences f USING (model_id) WHERE f.fence = 3"
    ).fetchone()[0]
    assert back


def test_a_gap_too_narrow_asks_for_a_full_ranking(monkeypatch):
    monkeypatch.setattr(ranks, "SPACING", 4)
    monkeypatch.setattr(ranks, "FENCE_EVERY", 2)
    con = _db()
    con.execute("INSERT INTO models VALUES ('M1', 'An', NULL), ('M2', 'Ba', NULL), ('M3', 'Da', NULL)")
    _full(con)
    for i, name in enumerate(["Ao", "Ap", "Aq", "Ar", "As"]):
        con.execute("INSERT INTO models VALUES (?, ?, NULL)", [f"N{i}", name])
    assert not ranks.rank_new(con)  # five names in a gap of four numbers
    assert con.execute("SELECT count(*) FROM models WHERE rank_name IS NULL").fetchone()[0] == 5  # nothing half done


@pytest.mark.parametrize("existing", [0, 3])
def test_first_names_of_an_empty_or_unfenced_table(existing):
    con = _db()
    for i in range(existing):
        con.execute("INSERT INTO models VALUES (?, ?, NULL)", [f"M{i}", NAMES[i]])
    if existing:
        _full(con)
    con.execute("INSERT INTO models VALUES ('N1', 'Ca dao', NULL), ('N2', 'Ăn ở', NULL)")
    assert ranks.rank_new(con)
    assert _by_rank(con) == _by_icu(con)
