"""Loading and checking the region tables: regions, workers and budgets.

Tables join exactly on Kemendagri codes. Nothing is filled in: unknown or duplicated
codes, blanks, NaN, negative counts or budgets, more extreme poor than eligible, a desa
whose kabupaten is missing are all reported, with the file and line of each row.
Checks are vectorised so that a village-level table (83,762 desa × segments) loads fast.

Here: the result and the order of the steps (file, header and cells, each table's rows,
what the projection can reproduce); each step is a ``table_*`` module, and none of them
imports this one.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ucj_opt.errors import Problem
from ucj_opt.scenario.model import Scenario
from ucj_opt.scenario.table_cells import check_columns, convert
from ucj_opt.scenario.table_checks import check_budgets, check_regions, check_workers
from ucj_opt.scenario.table_files import read_source
from ucj_opt.scenario.table_problems import Collector
from ucj_opt.scenario.table_rates import decline_reachable
from ucj_opt.scenario.table_schema import SCHEMAS

__all__ = ["Tables", "load_tables"]


@dataclass(frozen=True, eq=False)
class Tables:
    """The validated region tables of a scenario."""

    regions: pd.DataFrame
    """Index ``code``; columns name, level, parent, population, poverty_rate,
    extreme_poverty_rate."""
    workers: pd.DataFrame
    """Columns region, segment, eligible, extreme_poor (int64)."""
    budgets: pd.DataFrame
    """Columns region, year (int64), source, amount (rupiah per year, float64). As read:
    every year; in :attr:`Study.tables`: the horizon's years, scaled by ``budget_scale``."""
    notes: tuple[str, ...] = ()
    """What was set aside on purpose (e.g. budget years outside the horizon)."""
    readings: tuple[str, ...] = ()
    """How each money and share column was read (``ucj-opt validate --explain``)."""
    warnings: tuple[Problem, ...] = ()
    """What loads but deserves a look (a name other than the official one, an amount under
    Rp 1,000); shown by ``ucj-opt validate``, never an error."""

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Tables):
            return NotImplemented
        return all(
            getattr(self, n).equals(getattr(other, n)) for n in ("regions", "workers", "budgets")
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (
            f"Tables(regions: {len(self.regions):,} rows, workers: {len(self.workers):,} rows, "
            f"budgets: {len(self.budgets):,} rows)"
        )


def load_tables(
    scenario: Scenario,
    lines: dict[tuple[str | int, ...], tuple[str, int]],
) -> tuple[Tables | None, list[Problem]]:
    """Read and check the three tables; return them with every problem found."""
    out = Collector()
    raws = {n: read_source(n, getattr(scenario, n), lines, out) for n in SCHEMAS}
    frames: dict[str, pd.DataFrame] = {}
    for name, raw in raws.items():
        if raw is not None and check_columns(raw, out):
            frames[name] = convert(raw, out)
    sim = scenario.simulation
    income_lines = (sim.poverty_line.value, sim.extreme_line.value)
    regions = check_regions(raws.get("regions"), frames.get("regions"), income_lines, out)
    if regions is not None:
        check_workers(raws["workers"], frames.get("workers"), regions, scenario, out)
        check_budgets(raws["budgets"], frames.get("budgets"), regions, out)
    if regions is not None and not out.problems:
        decline_reachable(scenario, regions, frames["workers"], lines, out)
    if out.problems or regions is None:
        return None, out.problems
    workers = frames["workers"].astype(
        {"eligible": "int64", "extreme_poor": "int64", "region": str, "segment": str}
    )
    budgets = frames["budgets"].astype(
        {"year": "int64", "amount": "float64", "region": str, "source": str}
    )
    return (
        Tables(
            regions,
            workers.reset_index(drop=True),
            budgets.reset_index(drop=True),
            notes=tuple(out.notes),
            readings=tuple(out.readings),
            warnings=tuple(out.warnings),
        ),
        [],
    )
