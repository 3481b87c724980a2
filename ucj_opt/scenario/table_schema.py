"""The columns of each region table and the kind of value each holds: one list that
reading, header checks and cell conversion all follow."""

from __future__ import annotations

from dataclasses import dataclass

from ucj_opt.scenario.model import BUDGET_SOURCES

__all__ = ["SCHEMAS", "Column"]


@dataclass(frozen=True)
class Column:
    """A column: its kind of value, whether a table may leave it out, its allowed values."""

    name: str
    kind: str  # "code", "text", "name", "count", "share", "year", "rupiah", "choice"
    required: bool = True
    choices: tuple[str, ...] = ()


SCHEMAS: dict[str, tuple[Column, ...]] = {
    "regions": (
        Column("code", "code"),
        Column("name", "name", required=False),
        Column("population", "count"),
        Column("poverty_rate", "share"),
        Column("extreme_poverty_rate", "share"),
        Column("workforce", "count", required=False),
        Column("covered", "count", required=False),
    ),
    "workers": (
        Column("region", "code"),
        Column("segment", "text"),
        Column("eligible", "count"),
        Column("extreme_poor", "count"),
    ),
    "budgets": (
        Column("region", "code"),
        Column("year", "year"),
        Column("source", "choice", choices=BUDGET_SOURCES),
        Column("amount", "rupiah"),
    ),
}
