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
# households benefiting (not reported last), then the name in Vietnamese order. Stored per row as
# one number, models.newest_key (newest_key_sql), so a list reads one integer column: its first
# rows follow the order the table is stored in, and DuckDB skips the row groups of older years.
NEWEST_TERMS = (
    Term("{a}year_recognized", desc=True),
    Term("level_order({a}level)"),
    Term("{a}households_benefited", desc=True),
    Term("{a}rank_name"),
)
NEWEST_MODELS = (Term("{a}newest_key"),)
_HOUSEHOLDS_MAX = (1 << 48) - 2  # more than any count of households; NULL sorts after it


def district_key_sql(alias: str = "", newest_key: str | None = None) -> str:
    """The SQL of models.district_key: district_order above newest_key's 106 bits (the district order's terms)."""
    a = f"{alias}." if alias else ""
    return f"((CAST({a}district_order AS HUGEINT) << 108) | {newest_key or a + 'newest_key'})"


def newest_key_sql(alias: str = "", rank_name: str | None = None) -> str:
    """The SQL of models.newest_key for the columns of `alias`: NEWEST_TERMS packed into one HUGEINT,
    [200 - years after 2000: 8 bits][level_order: 2][households, largest first, NULL last: 48][rank_name + 2^47: 48],
    so that ordering by it is ordering by the terms (tests/test_order.py checks it against them)."""
    a = f"{alias}." if alias else ""
    rank = rank_name or f"{a}rank_name"
    households = (
        f"coalesce({_HOUSEHOLDS_MAX} - least(greatest({a}households_benefited, 0), {_HOUSEHOLDS_MAX}), "
        f"{_HOUSEHOLDS_MAX + 1})"
    )
    return (
        f"((CAST(2200 - {a}year_recognized AS HUGEINT) << 98) | (CAST(level_order({a}level) AS HUGEINT) << 96)"
        f" | (CAST({households} AS HUGEINT) << 48) | CAST({rank} + {1 << 47} AS HUGEINT))"
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
    return (
        Term(f"{{a}}{column}", desc=True),
        Term(f"CASE WHEN {{a}}{column} IS NULL THEN {{a}}newest_key END"),
        Term("{a}rank_name"),
    )


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
    # The district as filed in Vietnamese order (models.district_order, from the districts' names), then
    # newest: stored as models.district_key (district_key_sql), one number again.
    "district": (Term("{a}district_key"),),
    **{key: by_value(column) for key, column in VALUE_ORDERS.items()},
}


def order_sql(key: str, alias: str = "", reverse: bool = False) -> str:
    """The ORDER BY terms of ORDERS[key] for the columns of `alias`. Reversed, the whole order runs
    backwards (NULLS LAST becomes NULLS FIRST), except that a value order keeps the rows without the
    value last."""
    value_order = key in VALUE_ORDERS
    return ", ".join(term.sql(alias, reverse, keep_nulls=value_order and i == 0) for i, term in enumerate(ORDERS[key]))
