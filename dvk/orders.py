"""The orders of the dashboard's lists, written once: each is the ORDER BY terms over per-row columns.

Only one order depends on the other rows: the name order, which Vietnamese collation (ICU, a < ă < â,
d < đ, tones then case as lesser differences) makes too slow to sort on every view. It is stored as
`models.rank_name` (a gapped BIGINT kept in order as loads add rows, etl/ranks.py). Every other order
is a handful of integer and date columns of the row itself ending in rank_name or the id, so a list
("the newest 20 typical examples", "a page of records by money mobilised") is a top-N DuckDB keeps
in a heap of N rows without sorting the table; the newest orders also follow the order the tables
are stored in (etl/order.sql), so DuckDB skips the row groups of older years.

The SQL files write `{order:key}` (or `{order:key:m}` for the columns of alias `m`); dvk.queries
fills it from ORDERS.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    """One ORDER BY term: `expr` (with `{a}` where the table alias goes), its direction and where NULLs go."""

    expr: str
    desc: bool = False
    nulls_last: bool = True

    def sql(self, alias: str = "", reverse: bool = False, keep_nulls: bool = False) -> str:
        a = f"{alias}." if alias else ""
        desc = self.desc != reverse
        nulls_last = self.nulls_last if keep_nulls or not reverse else not self.nulls_last
        return f"{self.expr.format(a=a)} {'DESC' if desc else 'ASC'} NULLS {'LAST' if nulls_last else 'FIRST'}"


# Newest first: the year recognised, the highest recognition level (central first), the most
# households benefiting (not reported last), then the name in Vietnamese order.
NEWEST_MODELS = (
    Term("{a}year_recognized", desc=True),
    Term("level_order({a}level)"),
    Term("{a}households_benefited", desc=True),
    Term("{a}rank_name"),
)
# Newest first: the year, the decision date (missing last), then the id (a stable tie-break).
NEWEST_COMMENDATIONS = (
    Term("{a}year", desc=True),
    Term("{a}decision_date", desc=True),
    Term("{a}commendation_id"),
)


def by_value(column: str) -> tuple[Term, ...]:
    """Largest `column` first, ties by name; the rows without the value after them, newest first
    (the newest order's terms, read only where the value is missing)."""
    missing = tuple(
        Term(f"CASE WHEN {{a}}{column} IS NULL THEN {t.expr} END", t.desc, t.nulls_last) for t in NEWEST_MODELS[:-1]
    )
    return (Term(f"{{a}}{column}", desc=True), *missing, Term("{a}rank_name"))


VALUE_ORDERS = {
    "households": "households_benefited",
    "funds": "funds_million_vnd",
    "land": "land_m2",
    "workdays": "workdays",
}
ORDERS: dict[str, tuple[Term, ...]] = {
    "newest_models": NEWEST_MODELS,
    "newest_commendations": NEWEST_COMMENDATIONS,
    "name": (Term("{a}rank_name"),),
    # The district as filed in Vietnamese order (models.district_order, from the districts' names), then newest.
    "district": (Term("{a}district_order"), *NEWEST_MODELS),
    **{key: by_value(column) for key, column in VALUE_ORDERS.items()},
}


def order_sql(key: str, alias: str = "", reverse: bool = False) -> str:
    """The ORDER BY terms of ORDERS[key] for the columns of `alias`. Reversed, the whole order runs
    backwards (NULLS LAST becomes NULLS FIRST), except that a value order keeps the rows without the
    value last."""
    value_order = key in VALUE_ORDERS
    return ", ".join(term.sql(alias, reverse, keep_nulls=value_order and i == 0) for i, term in enumerate(ORDERS[key]))
