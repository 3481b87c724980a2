"""An exact faster path: solve each province as its own LP.

Every budget pool is attached to a region inside one province, and every constraint
(budgets, caps, co-financing, continuity, floors) involves one province only. With a
separable objective (``max_extreme_poor``, ``weighted``) the LP is block-diagonal by
province, and so is every stage (each stage's objective is a sum over provinces, and a
``fair_share`` pool reaches one province only): each stage's optimum is the sum of the
province optima, and each block's duals are the whole model's. ``min_cost`` (a national
coverage target) and ``equity`` (a national minimum rate) link provinces and are solved
whole.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np
import pandas as pd

from ucj_opt.allocate.backends import Status
from ucj_opt.allocate.explain import idle_unused
from ucj_opt.allocate.result import Allocation, StageValue
from ucj_opt.scenario.model import Scenario
from ucj_opt.scenario.tables import Tables

__all__ = ["SEPARABLE_OBJECTIVES", "province_blocks", "solve_by_province"]

SEPARABLE_OBJECTIVES = ("max_extreme_poor", "weighted")

_WORST_FIRST = (
    Status.INFEASIBLE,
    Status.UNBOUNDED,
    Status.NOT_SOLVED,
    Status.TIME_LIMIT_NO_SOLUTION,
    Status.TIME_LIMIT,
    Status.OPTIMAL,
)


def _province(codes: pd.Series | pd.Index) -> np.ndarray:
    return np.asarray(pd.Series(np.asarray(codes, dtype=str)).str[:2])


def province_blocks(scenario: Scenario, tables: Tables) -> list[Tables] | None:
    """The tables of each province holding workers, or None when blocks do not apply."""
    if (
        scenario.policy.objective not in SEPARABLE_OBJECTIVES
        or scenario.solver.time_limit is not None  # a limit is for the whole solve
    ):
        return None
    provinces = sorted(set(_province(tables.workers["region"])))
    if len(provinces) < 2:
        return None
    reg = _province(tables.regions.index)
    wrk = _province(tables.workers["region"])
    bud = _province(tables.budgets["region"])
    return [
        replace(
            tables,
            regions=tables.regions[reg == p],
            workers=tables.workers[wrk == p].reset_index(drop=True),
            budgets=tables.budgets[bud == p].reset_index(drop=True),
        )
        for p in provinces
    ]


def _idle_budgets(tables: Tables, covered: set[str], columns: pd.Index) -> pd.DataFrame:
    """Budgets of provinces without workers: nothing to buy, all left, worth nothing more."""
    b = tables.budgets[~np.isin(_province(tables.budgets["region"]), sorted(covered))]
    names = tables.regions["name"]
    idle = b[["region", "year", "source", "amount"]].assign(
        name=b["region"].map(names).fillna(b["region"]).astype(str),
        used=0.0,
        left=b["amount"],
        shadow_per_miliar=0.0,
        rate_holds_from=0.0,
        rate_holds_to=np.inf,
    )
    result: pd.DataFrame = idle[[c for c in columns if c in idle.columns]]
    return result


def _joined_stages(parts: list[Allocation]) -> list[StageValue]:
    """Each stage's optimum over all blocks: the sum of the blocks' (a separable stage),
    kept only when every block solved the same stages."""
    names = [[s.name for s in p.stages] for p in parts]
    if not parts or any(n != names[0] for n in names):
        return []
    return [
        StageValue(name, float(sum(p.stages[k].value for p in parts)))
        for k, name in enumerate(names[0])
    ]


def solve_by_province(
    scenario: Scenario,
    tables: Tables,
    blocks: list[Tables],
    solve_one: Callable[[Tables], Allocation],
) -> Allocation:
    """Solve every block with ``solve_one`` and join the results into one Allocation."""
    parts = [solve_one(t) for t in blocks]
    status = next(s for s in _WORST_FIRST if any(p.status is s for p in parts))
    covered = {str(t.workers["region"].iloc[0])[:2] for t in blocks}
    budgets = pd.concat([p.budgets for p in parts], ignore_index=True)
    idle = _idle_budgets(tables, covered, budgets.columns)
    if len(idle):
        budgets = pd.concat([budgets, idle], ignore_index=True)
    names = {str(k): str(v) for k, v in tables.regions["name"].items()}
    joined = Allocation(
        status=status,
        objective=float(sum(p.objective for p in parts)) if status.has_solution else np.nan,
        table=pd.concat([p.table for p in parts], ignore_index=True),
        budgets=budgets,
        shortfalls=pd.concat([p.shortfalls for p in parts], ignore_index=True),
        diagnosis=[d for p in parts for d in p.diagnosis],
        stages=_joined_stages(parts),
        unused=pd.concat(
            [*(p.unused for p in parts if len(p.unused)), idle_unused(idle, names)],
            ignore_index=True,
        ),
        target_stage=parts[0].target_stage,
    )
    prov = joined.provenance
    prov.build_seconds = sum(p.provenance.build_seconds for p in parts)
    prov.solve_seconds = sum(p.provenance.solve_seconds for p in parts)
    prov.extract_seconds = sum(p.provenance.extract_seconds for p in parts)
    prov.rows = sum(p.provenance.rows for p in parts)
    prov.columns = sum(p.provenance.columns for p in parts)
    prov.blocks = len(parts)
    prov.solver = parts[0].provenance.solver
    return joined
