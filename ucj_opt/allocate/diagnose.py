"""Why an allocation is infeasible, in the planner's words.

Only demand rows (equity floors, the coverage target) can make this LP infeasible: every
other row holds at zero enrolment. A deletion filter drops each demand row in turn and
keeps it dropped while the rest stays infeasible; what remains is an irreducible set of
demands. Each is then set against the budgets that could pay for it. (The installed
HiGHS IIS returned empty sets for these models, hence the filter: it needs one re-solve
per demand row, so it runs on the demand rows only.)
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from ucj_opt.allocate.backends import highs_model
from ucj_opt.allocate.formulation import Formulation
from ucj_opt.units import format_rupiah

__all__ = ["explain_infeasible", "irreducible_demands"]

_DEMANDS = ("floor", "coverage")


def _infeasible(f: Formulation, row_lo: np.ndarray) -> bool:
    h = highs_model(replace(f, row_lo=row_lo))
    h.run()
    status = h.getModelStatus().name
    return status in ("kInfeasible", "kUnboundedOrInfeasible")


def irreducible_demands(f: Formulation) -> list[int]:
    """Row indices of a minimal set of demand rows that cannot all be met: empty when the
    model is feasible, ``[-1]`` when it is infeasible even without its demands."""
    kinds = f.rows["kind"].to_numpy()
    demand = np.flatnonzero(np.isin(kinds, _DEMANDS))
    if not _infeasible(f, f.row_lo):
        return []
    lo = f.row_lo.copy()
    lo[demand] = -np.inf
    if _infeasible(f, lo):
        return [-1]
    keep = list(demand)
    lo[demand] = f.row_lo[demand]
    for i in demand:
        lo[i] = -np.inf
        if _infeasible(f, lo):
            keep.remove(i)
        else:
            lo[i] = f.row_lo[i]
    return [int(i) for i in keep]


def explain_infeasible(f: Formulation) -> list[str]:
    """One sentence per demand in the irreducible set, with the budgets that could pay."""
    rows = irreducible_demands(f)
    if rows == [-1]:
        return ["the model is infeasible, but not because of a floor or coverage target"]
    names = f.meta.get("names", {})
    pool_of_col = f.columns["pool"].to_numpy()
    A = f.A.tocsr()
    pools: set[int] = set()
    lines = []
    for i in rows:
        meta = f.rows.iloc[i]
        cols = A.indices[A.indptr[i] : A.indptr[i + 1]]
        own = {int(p) for p in pool_of_col[cols] if p >= 0}
        pools |= own
        year = int(meta["year"])
        need = float(f.row_lo[i]) * float(f.cost[cols].min()) if len(cols) else 0.0
        total = float(f.pools["amount"].to_numpy()[sorted(own)].sum()) if own else 0.0
        name = names.get(meta["region"], meta["region"])
        what = (
            f"{name}'s equity floor in {year} ({f.row_lo[i]:,.0f} extreme-poor workers)"
            if meta["kind"] == "floor"
            else f"the coverage target in {year} ({f.row_lo[i]:,.0f} workers)"
        )
        lines.append(
            f"{what} needs {format_rupiah(need)}; the budgets that may pay for it total "
            f"{format_rupiah(total)}"
        )
    if len(rows) > 1:
        shared = float(f.pools["amount"].to_numpy()[sorted(pools)].sum())
        lines.append(
            f"together these {len(rows)} demands need more than their budgets' "
            f"{format_rupiah(shared)}"
        )
    return lines
