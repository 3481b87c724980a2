"""Solving a Formulation: highspy directly from the CSR arrays, or any PuLP solver.

Both backends return the same :class:`RawSolution`; the highspy one adds row duals and
ranging. HiGHS keeps its default strategy (forcing primal simplex was 100x slower here).
"""

from __future__ import annotations

import enum
import gc
import time
from dataclasses import dataclass

import highspy
import numpy as np
import pulp

from ucj_opt.allocate.formulation import Formulation
from ucj_opt.errors import UserError

__all__ = ["RawSolution", "Status", "solve_highs", "solve_pulp", "to_pulp"]


class Status(enum.Enum):
    """How a solve ended."""

    OPTIMAL = "optimal"
    TIME_LIMIT = "time_limit"
    """Stopped by the time limit: the best solution found, not proven optimal."""
    TIME_LIMIT_NO_SOLUTION = "time_limit_no_solution"
    """Stopped by the time limit before any solution was found."""
    INFEASIBLE = "infeasible"
    UNBOUNDED = "unbounded"
    NOT_SOLVED = "not_solved"

    @property
    def has_solution(self) -> bool:
        return self in (Status.OPTIMAL, Status.TIME_LIMIT)


@dataclass(eq=False)
class RawSolution:
    """Solver output in the formulation's minimisation form."""

    status: Status
    x: np.ndarray
    objective: float
    solver: str
    solve_seconds: float
    row_dual: np.ndarray | None = None
    row_range_lo: np.ndarray | None = None
    """Lowest row bound for which ``row_dual`` still holds (HiGHS ranging)."""
    row_range_up: np.ndarray | None = None


_HIGHS_STATUS = {
    highspy.HighsModelStatus.kOptimal: Status.OPTIMAL,
    highspy.HighsModelStatus.kModelEmpty: Status.OPTIMAL,
    highspy.HighsModelStatus.kTimeLimit: Status.TIME_LIMIT,
    highspy.HighsModelStatus.kInfeasible: Status.INFEASIBLE,
    highspy.HighsModelStatus.kUnbounded: Status.UNBOUNDED,
    highspy.HighsModelStatus.kUnboundedOrInfeasible: Status.INFEASIBLE,
}


def highs_model(f: Formulation) -> highspy.Highs:
    """A quiet Highs instance holding ``f`` (passed as CSR arrays, no copy through Python)."""
    h = highspy.Highs()  # type: ignore[no-untyped-call]
    h.setOptionValue("output_flag", False)
    lp = highspy.HighsLp()
    n_row, n_col = f.shape
    lp.num_col_ = n_col
    lp.num_row_ = n_row
    lp.col_cost_ = f.c
    lp.col_lower_ = f.col_lo
    lp.col_upper_ = f.col_up
    lp.row_lower_ = f.row_lo
    lp.row_upper_ = f.row_up
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.num_col_ = n_col
    lp.a_matrix_.num_row_ = n_row
    lp.a_matrix_.start_ = f.A.indptr.astype(np.int32)
    lp.a_matrix_.index_ = f.A.indices.astype(np.int32)
    lp.a_matrix_.value_ = f.A.data.astype(np.float64)
    if f.integer:
        lp.integrality_ = [highspy.HighsVarType.kInteger] * n_col
    h.passModel(lp)
    return h


def solve_highs(
    f: Formulation, time_limit: float | None = None, gap: float | None = None, ranging: bool = True
) -> RawSolution:
    """Solve with highspy; duals and ranging for an LP solved to optimality."""
    h = highs_model(f)
    if time_limit is not None:
        h.setOptionValue("time_limit", float(time_limit))
    if gap is not None:
        h.setOptionValue("mip_rel_gap", float(gap))
    t0 = time.perf_counter()
    h.run()
    seconds = time.perf_counter() - t0
    status = _HIGHS_STATUS.get(h.getModelStatus(), Status.NOT_SOLVED)
    n_col = f.shape[1]
    if status is Status.TIME_LIMIT and n_col and not h.getSolution().value_valid:
        return RawSolution(
            Status.TIME_LIMIT_NO_SOLUTION, np.zeros(n_col), float("nan"), "highs", seconds
        )
    if not status.has_solution:
        return RawSolution(status, np.zeros(n_col), float("nan"), "highs", seconds)
    sol = h.getSolution()
    x = np.asarray(sol.col_value, dtype=float)
    raw = RawSolution(status, x, float(h.getInfo().objective_function_value), "highs", seconds)
    if status is Status.OPTIMAL and n_col == 0:
        n_row = f.shape[0]
        raw.row_dual = np.zeros(n_row)
        raw.row_range_lo, raw.row_range_up = np.full(n_row, -np.inf), np.full(n_row, np.inf)
    elif status is Status.OPTIMAL and not f.integer:
        raw.row_dual = np.asarray(sol.row_dual, dtype=float)
        if ranging:
            _, rng = h.getRanging()
            raw.row_range_lo = np.asarray(rng.row_bound_dn.value_, dtype=float)
            raw.row_range_up = np.asarray(rng.row_bound_up.value_, dtype=float)
    return raw


def to_pulp(
    f: Formulation, name: str = "ucj_allocation"
) -> tuple[pulp.LpProblem, list[pulp.LpVariable]]:
    """The same LP as a PuLP problem, built from (variable, coefficient) pairs."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        prob = pulp.LpProblem(name, pulp.LpMinimize)
        cat = pulp.LpInteger if f.integer else pulp.LpContinuous
        names = _column_names(f)
        xs = [
            prob.add_variable(
                names[j], lowBound=float(f.col_lo[j]), upBound=float(f.col_up[j]), cat=cat
            )
            for j in range(f.shape[1])
        ]
        prob.setObjective(
            pulp.LpAffineExpression([(xs[j], float(f.c[j])) for j in np.flatnonzero(f.c)])
        )
        A = f.A
        kinds = f.rows["kind"].to_numpy()
        for i in range(f.shape[0]):
            lo_i, hi_i = A.indptr[i], A.indptr[i + 1]
            expr = pulp.LpAffineExpression(
                [
                    (xs[j], float(v))
                    for j, v in zip(A.indices[lo_i:hi_i], A.data[lo_i:hi_i], strict=True)
                ]
            )
            lo, up = f.row_lo[i], f.row_up[i]
            if np.isfinite(up):
                prob.addConstraint(
                    pulp.LpConstraint(expr, pulp.LpConstraintLE, f"{kinds[i]}_{i}_up", float(up))
                )
            if np.isfinite(lo):
                prob.addConstraint(
                    pulp.LpConstraint(expr, pulp.LpConstraintGE, f"{kinds[i]}_{i}_lo", float(lo))
                )
    finally:
        if enabled:
            gc.enable()
    return prob, xs


def _column_names(f: Formulation) -> list[str]:
    """Readable LP names: kind_region_segment_group_year_pool, dots as underscores."""
    c = f.columns
    parts = [c["kind"], c["region"], c["segment"], c["group"], c["year"], c["pool"]]
    text = parts[0].astype(str)
    for part in parts[1:]:
        text = text + "_" + part.astype(str)
    return [f"{t.replace('.', '_')}_{j}" for j, t in enumerate(text)]


_PULP_SOLVERS = {"highs": "HiGHS", "cbc": "COIN_CMD", "glpk": "GLPK_CMD"}


def solve_pulp(
    f: Formulation, solver: str = "highs", time_limit: float | None = None, gap: float | None = None
) -> RawSolution:
    """Solve through PuLP with ``solver`` (highs, cbc, glpk; where installed)."""
    probe = pulp.getSolver(_PULP_SOLVERS[solver], msg=False)
    if not probe.available():
        raise UserError(
            f"solver '{solver}' is not installed here; use solver.name: highs (always installed)"
        )
    prob, xs = to_pulp(f)
    kwargs: dict[str, object] = {"msg": False}
    if time_limit is not None:
        kwargs["timeLimit"] = time_limit
    if gap is not None:
        kwargs["gapRel"] = gap
    t0 = time.perf_counter()
    prob.solve(pulp.getSolver(_PULP_SOLVERS[solver], **kwargs))
    seconds = time.perf_counter() - t0
    status = {
        pulp.LpStatusOptimal: Status.OPTIMAL,
        pulp.LpStatusInfeasible: Status.INFEASIBLE,
        pulp.LpStatusUnbounded: Status.UNBOUNDED,
    }.get(prob.status, Status.NOT_SOLVED)
    if status is Status.OPTIMAL and prob.sol_status == pulp.LpSolutionIntegerFeasible:
        status = Status.TIME_LIMIT
    if not status.has_solution:
        return RawSolution(status, np.zeros(f.shape[1]), float("nan"), solver, seconds)
    x = np.array([v.varValue or 0.0 for v in xs])
    return RawSolution(status, x, float(f.c @ x), solver, seconds)
