"""The name order of the models (models.rank_name), kept in order as loads add rows.

Every list order of the dashboard (dvk.orders) is a few columns of the row itself, except the name in
Vietnamese alphabetical order (ICU `vi` collation), which is too slow to sort on every view at volume
(a second at 100× the sample). So it is stored as a number, `rank_name`, and two ways fill it:

- A full ranking (`full_sql`, run by etl/order.sql's step of a rebuild) numbers every model in name
  order with a gap of SPACING between neighbours, and keeps every FENCE_EVERY-th model in
  `name_fences` (its number, name and id).
- A load that adds rows (`rank_new`) numbers only the new models (rank_name NULL): it finds each new
  name's two fences (a sort of the fences and the new names, a few thousand rows at any volume),
  reads the models numbered between those fences only, and gives each new name a number between its
  two neighbours in the order. Nothing else is renumbered, so a load costs what it adds.

Why it stays right: the numbers are in the order of (name COLLATE vi, model_id) at all times, since
each new number lies strictly between the numbers of the keys just below and just above it. A fence
whose model was removed still stands for its key: a new key on its right gets a larger number, on
its left a smaller one, and the same model loaded again takes the fence's own number back. When a gap
is too narrow for the names that fall in it (after ~20 loads adding names between the same two
neighbours), `rank_new` says so and the caller ranks every model afresh.
"""

from __future__ import annotations

import duckdb

SPACING = 1 << 20  # between neighbours after a full ranking
FENCE_EVERY = 256  # one fence per this many models after a full ranking
_KEY = "name COLLATE vi, model_id"
# Each district's place in the Vietnamese order of the districts' names (models.district_order).
DISTRICT_ORDER = (
    "SELECT code, merged_into, CAST(row_number() OVER (ORDER BY short_name COLLATE vi, code) AS SMALLINT) "
    "AS district_order FROM districts"
)


def full_sql(source: str = "models") -> str:
    """The rank_name of every row of `source` by a full ranking (columns rid, rank_name)."""
    return f"SELECT rowid AS rid, row_number() OVER (ORDER BY {_KEY}) * {SPACING} AS rank_name FROM {source}"


def store_fences(con: duckdb.DuckDBPyConnection) -> None:
    """Replace name_fences by every FENCE_EVERY-th model of the (fully ranked) models."""
    con.execute("DELETE FROM name_fences")
    con.execute(
        f"""INSERT INTO name_fences
        SELECT (n - 1) // {FENCE_EVERY} AS fence, rank_name, name, model_id
        FROM (SELECT rank_name, name, model_id, row_number() OVER (ORDER BY rank_name) AS n
              FROM models WHERE rank_name IS NOT NULL)
        WHERE (n - 1) % {FENCE_EVERY} = 0"""
    )


def rank_new(con: duckdb.DuckDBPyConnection) -> bool:
    """Number the models whose rank_name is NULL between their neighbours in the name order.

    Returns False, changing nothing, when a gap is too narrow for the names that fall in it (or
    there are no fences to place them by while other models are ranked): the caller then ranks
    every model afresh."""
    con.execute(
        "CREATE OR REPLACE TEMP TABLE nn AS SELECT rowid AS rid, name, model_id FROM models WHERE rank_name IS NULL"
    )
    try:
        new, ranked, fences = con.execute(
            "SELECT (SELECT count(*) FROM nn), (SELECT count(rank_name) FROM models), (SELECT count(*) FROM name_fences)"
        ).fetchone()
        if new == 0:
            return True
        if ranked and not fences:
            return False
        last = con.execute("SELECT coalesce(max(fence), -1) FROM name_fences").fetchone()[0]
        # A model that is a fence's own key (it was removed and comes back) takes the fence's number.
        con.execute(
            """CREATE OR REPLACE TEMP TABLE nn_ranked AS
            SELECT n.rid, f.rank_name FROM nn n JOIN name_fences f USING (model_id)"""
        )
        # Each other new name's interval: the last fence at or before it (-1: before the first).
        con.execute(
            f"""CREATE OR REPLACE TEMP TABLE nn_fence AS
            WITH u AS (
                SELECT fence, name, model_id, NULL::BIGINT AS rid FROM name_fences
                UNION ALL
                SELECT NULL, name, model_id, rid FROM nn ANTI JOIN nn_ranked USING (rid)
            )
            SELECT rid, name, model_id,
                   coalesce(max(fence) OVER (ORDER BY {_KEY}, fence NULLS LAST ROWS UNBOUNDED PRECEDING), -1) AS fence
            FROM u"""
        )
        con.execute("DELETE FROM nn_fence WHERE rid IS NULL")
        # The rows numbered within those intervals. Fence k was numbered (k * FENCE_EVERY + 1) * SPACING
        # by the full ranking, so a number's interval is arithmetic (a hash join, not a range join).
        interval = (
            f"CASE WHEN m.rank_name < {SPACING} THEN -1 "
            f"ELSE least({last}, (m.rank_name - {SPACING}) // {SPACING * FENCE_EVERY}) END"
        )
        con.execute(
            f"""CREATE OR REPLACE TEMP TABLE nn_work AS
            SELECT {interval} AS fence, m.rank_name AS r, m.name, m.model_id, NULL::BIGINT AS rid
            FROM models m
            WHERE m.rank_name IS NOT NULL AND {interval} IN (SELECT DISTINCT fence FROM nn_fence)
            UNION ALL  -- the fences around each interval, whether or not their model is still there
            SELECT k.fence, f.rank_name, f.name, f.model_id, NULL
            FROM (SELECT DISTINCT fence FROM nn_fence) k JOIN name_fences f ON f.fence IN (k.fence, k.fence + 1)
            UNION ALL
            SELECT fence, NULL, name, model_id, rid FROM nn_fence"""
        )
        con.execute(
            f"""CREATE OR REPLACE TEMP TABLE nn_gap AS
            WITH o AS (
                SELECT *,
                       max(r) OVER (PARTITION BY fence ORDER BY {_KEY}, r NULLS LAST ROWS UNBOUNDED PRECEDING) AS pred,
                       min(r) OVER (PARTITION BY fence ORDER BY {_KEY}, r NULLS FIRST
                                    ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS succ
                FROM nn_work
            ),
            n AS (
                SELECT rid, pred, succ,
                       row_number() OVER (PARTITION BY fence, pred ORDER BY {_KEY}) AS i,
                       count(*) OVER (PARTITION BY fence, pred) AS j
                FROM o WHERE rid IS NOT NULL
            )
            SELECT rid, i, j, pred, succ,
                   CASE WHEN pred IS NULL AND succ IS NULL THEN i * {SPACING}
                        WHEN pred IS NULL THEN succ - (j + 1 - i) * {SPACING}
                        WHEN succ IS NULL THEN pred + i * {SPACING}
                        ELSE pred + (succ - pred) // (j + 1) * i END AS rank_name
            FROM n"""
        )
        narrow = con.execute(
            "SELECT count(*) FROM nn_gap WHERE pred IS NOT NULL AND succ IS NOT NULL AND succ - pred <= j"
        ).fetchone()[0]
        if narrow:
            return False
        con.execute(
            """UPDATE models SET rank_name = a.rank_name
            FROM (SELECT rid, rank_name FROM nn_gap UNION ALL SELECT rid, rank_name FROM nn_ranked) a
            WHERE models.rowid = a.rid"""
        )
        return True
    finally:
        con.execute(
            "DROP TABLE IF EXISTS nn; DROP TABLE IF EXISTS nn_ranked; DROP TABLE IF EXISTS nn_fence; "
            "DROP TABLE IF EXISTS nn_work; DROP TABLE IF EXISTS nn_gap"
        )
