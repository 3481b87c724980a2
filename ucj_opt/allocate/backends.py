"""Solving a Formulation: highspy directly from the CSR arrays, or any PuLP solver.

Both backends return the same :class:`RawSolution`; the highspy one adds row duals and
ranging. HiGHS uses dual simplex on small models and warm starts, interior point with
crossover on large cold ones (:data:`IPM_MIN_COLUMNS`) and large fair stages
(:data:`FAIR_IPM_MIN_COLUMNS`); forcing primal simplex on a cold start was 100x slower
here (:mod:`ucj_opt.allocate.staged` uses it for a change of objective from a feasible
basis).
"""

from __future__ import annotations

import enum
import gc
import threading
import time
import warnings
from dataclasses import dataclass, field, replace

import highspy
import numpy as np
import pandas as pd
import pulp

from ucj_opt.allocate.formulation import Formulation, Stage
from ucj_opt.allocate.highs_run import no_banner, run_interruptible
from ucj_opt.errors import UserError

__all__ = [
    "RawSolution",
    "Status",
    "check_finite",
    "row_scaled",
    "solve_highs",
    "solve_pulp",
    "solver_problem",
    "to_pulp",
    "unscaled",
]


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
    stage_values: list[float] = field(default_factory=list)
    """Each solved stage's optimum, in minimisation form (staged solves)."""
    stage_duals: list[np.ndarray] = field(default_factory=list)
    """Each solved stage's duals of the model's own rows (staged LP solves)."""
    most_even: bool = False
    """Whether ``x`` is the most even of the last stage's optima (the one answer whatever
    the solver's path; :mod:`ucj_opt.allocate.even_split`), not a vertex."""


_HIGHS_STATUS = {
    highspy.HighsModelStatus.kOptimal: Status.OPTIMAL,
    highspy.HighsModelStatus.kModelEmpty: Status.OPTIMAL,
    highspy.HighsModelStatus.kTimeLimit: Status.TIME_LIMIT,
    highspy.HighsModelStatus.kInfeasible: Status.INFEASIBLE,
    highspy.HighsModelStatus.kUnbounded: Status.UNBOUNDED,
    highspy.HighsModelStatus.kUnboundedOrInfeasible: Status.INFEASIBLE,
    highspy.HighsModelStatus.kInterrupt: Status.TIME_LIMIT,  # stopped by the watchdog
}


_LARGE = 1e15
"""HiGHS refuses matrix values above 1e15 and takes bounds from 1e20 as infinite."""


def check_finite(f: Formulation) -> None:
    """Refuse, with the cause named, a model with NaN or infinite numbers where HiGHS needs
    finite ones (it may then never return), or with numbers beyond what it accepts.

    Raises
    ------
    UserError
        Naming the array, the first bad column or row and what it stands for.
    """

    def where(frame: object, i: int) -> str:
        try:
            row = frame.iloc[i]  # type: ignore[attr-defined]
        except (AttributeError, IndexError):
            return f"#{i}"
        parts = [f"{k} {row[k]}" for k in ("kind", "region", "segment", "year") if k in row]
        return ", ".join(str(p) for p in parts) or f"#{i}"

    checks: list[tuple[str, np.ndarray, object, bool, bool]] = [
        # name, values, metadata frame, may be -inf, may be +inf
        ("objective coefficient", f.c, f.columns, False, False),
        ("lower bound of a variable", f.col_lo, f.columns, True, False),
        ("upper bound of a variable", f.col_up, f.columns, False, True),
        ("lower bound of a constraint", f.row_lo, f.rows, True, False),
        ("upper bound of a constraint", f.row_up, f.rows, False, True),
    ]
    for name, values, meta, neg_inf, pos_inf in checks:
        v = np.asarray(values, dtype=float)
        bad = np.isnan(v) | (np.isneginf(v) & (not neg_inf)) | (np.isposinf(v) & (not pos_inf))
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise UserError(
                f"the allocation model has an invalid {name} ({v[i]}) at {where(meta, i)}; "
                "it comes from the scenario's package, budgets or weights: check them for "
                "values that are zero where they divide, or far too large"
            )
    data = np.asarray(f.A.data, dtype=float)
    bad = ~np.isfinite(data) | (np.abs(data) > _LARGE)
    if bad.any():
        k = int(np.flatnonzero(bad)[0])
        row = int(np.searchsorted(f.A.indptr, k, side="right") - 1)
        raise UserError(
            f"the allocation model has a coefficient of {data[k]:g} in {where(f.rows, row)}, "
            "beyond what the solver accepts (finite, at most 1e15): check the premiums "
            "(package.declared_income and its rates)"
        )


def row_scaled(f: Formulation) -> tuple[Formulation, np.ndarray]:
    """``f`` with each row multiplied by the power of two ``d`` that brings its largest
    coefficient into [0.5, 1), and ``d``. Budget rows count rupiah (a premium of
    Rp 200,000 a worker-year against budgets of Rp 10^10) where the others count workers;
    HiGHS's interior point on the largest fair stage of the village benchmark took
    2.4 s unscaled and 0.9 s scaled. A power of two changes no digit: the scaled model's
    solution is the model's, its row duals are ``d`` times the model's and its row
    ranges ``1/d`` times (:func:`unscaled`)."""
    if f.A.nnz == 0:
        return f, np.ones(f.shape[0])
    largest = np.asarray(abs(f.A).max(axis=1).todense(), dtype=float).ravel()
    _, exponent = np.frexp(np.where(largest > 0, largest, 1.0))
    d = np.ldexp(1.0, -exponent)
    A = f.A.copy()
    A.data *= np.repeat(d, np.diff(A.indptr))
    return replace(f, A=A, row_lo=f.row_lo * d, row_up=f.row_up * d), d


def unscaled(raw: RawSolution, d: np.ndarray) -> RawSolution:
    """A solution of :func:`row_scaled`'s model as one of the original model."""
    if raw.row_dual is not None:
        raw.row_dual = raw.row_dual * d
    if raw.row_range_lo is not None:
        raw.row_range_lo = raw.row_range_lo / d
    if raw.row_range_up is not None:
        raw.row_range_up = raw.row_range_up / d
    raw.stage_duals = [y * d for y in raw.stage_duals]
    return raw


def highs_model(f: Formulation) -> highspy.Highs:
    """A quiet Highs instance holding ``f`` (passed as CSR arrays, no copy through Python).

    Raises :class:`UserError` if the arrays hold NaN or infinities where they must be
    finite (see :func:`check_finite`) or if HiGHS refuses the model."""
    check_finite(f)
    with no_banner():
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
    if h.passModel(lp) == highspy.HighsStatus.kError:
        raise UserError(
            "the solver refused the allocation model (numbers out of its range); check the "
            "scenario's package and budgets for implausibly large values"
        )
    return h


def solve_highs(
    f: Formulation,
    time_limit: float | None = None,
    gap: float | None = None,
    ranging: bool = True,
    stop: threading.Event | None = None,
) -> RawSolution:
    """Solve with highspy; duals and ranging for an LP solved to optimality."""
    check_finite(f)
    f, scale = row_scaled(f)
    return unscaled(_solve_highs(f, time_limit, gap, ranging, stop), scale)


def _solve_highs(
    f: Formulation,
    time_limit: float | None,
    gap: float | None,
    ranging: bool,
    stop: threading.Event | None,
) -> RawSolution:
    h = highs_model(f)
    if not f.integer:
        h.setOptionValue("solver", _stage_method(0, None, f.shape[1])[0])
    if time_limit is not None:
        h.setOptionValue("time_limit", float(time_limit))
    if gap is not None:
        h.setOptionValue("mip_rel_gap", float(gap))
    t0 = time.perf_counter()
    overran = run_interruptible(h, time_limit, stop)
    seconds = time.perf_counter() - t0
    status = _HIGHS_STATUS.get(h.getModelStatus(), Status.NOT_SOLVED)
    if overran and status is Status.NOT_SOLVED:
        status = Status.TIME_LIMIT
    n_col = f.shape[1]
    if status.has_solution and n_col and len(h.getSolution().col_value) != n_col:
        status = Status.TIME_LIMIT_NO_SOLUTION if status is Status.TIME_LIMIT else Status.NOT_SOLVED
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
    parts = [
        pd.Series(c[k].to_numpy(dtype=object)).fillna("").astype(str)
        for k in ("kind", "region", "segment", "group", "year", "pool")
    ]
    text = parts[0]
    for part in parts[1:]:
        text = text + "_" + part
    return [f"{t.replace('.', '_')}_{j}" for j, t in enumerate(text)]


_PULP_SOLVERS: dict[str, tuple[str, ...]] = {
    "highs": ("HiGHS",),
    "cbc": ("COIN_CMD", "PULP_CBC_CMD"),  # a CBC on the PATH, else the one PuLP ships
    "glpk": ("GLPK_CMD",),
}


def _get_solver(name: str, **kwargs: object) -> pulp.LpSolver:
    """``pulp.getSolver`` without PuLP 3's warning that its bundled CBC will move to an
    extra in PuLP 4 (nothing a planner can act on)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return pulp.getSolver(name, **kwargs)


def _pulp_solver(name: str) -> str | None:
    """PuLP's name of the first usable solver for ``name`` (``None``: none usable)."""
    for candidate in _PULP_SOLVERS.get(name, ()):
        try:
            if _get_solver(candidate, msg=False).available():
                return candidate
        except (pulp.PulpError, OSError):
            continue
    return None


def solver_problem(name: str) -> str | None:
    """Why the solver ``name`` (``solver.name``) cannot run here, or ``None`` if it can.

    Examples
    --------
    >>> from ucj_opt.allocate.backends import solver_problem
    >>> solver_problem("highs") is None
    True
    """
    if name == "highs":
        return None  # highspy is a dependency: always installed
    if name not in _PULP_SOLVERS:
        return f"unknown solver '{name}'; choose highs, cbc or glpk"
    if _pulp_solver(name) is None:
        hint = {"glpk": "GLPK: apt install glpk-utils", "cbc": "CBC: apt install coinor-cbc"}
        return (
            f"solver '{name}' is not installed here; install it ({hint.get(name, name)}) or "
            "use solver.name: highs (always installed)"
        )
    return None


def solve_pulp(
    f: Formulation, solver: str = "highs", time_limit: float | None = None, gap: float | None = None
) -> RawSolution:
    """Solve through PuLP with ``solver`` (highs, cbc, glpk; where installed)."""
    why = solver_problem(solver)
    if why:
        raise UserError(why)
    check_finite(f)
    prob, xs = to_pulp(f)
    kwargs: dict[str, object] = {"msg": False}
    if time_limit is not None:
        kwargs["timeLimit"] = time_limit
    if gap is not None:
        kwargs["gapRel"] = gap
    t0 = time.perf_counter()
    prob.solve(_get_solver(_pulp_solver(solver) or "HiGHS", **kwargs))
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


IPM_MIN_COLUMNS = 30_000
"""Columns from which a cold start (the first stage) is solved by interior point, then
crossover (so the next stage starts from a basis and ranging works); dual simplex below.
Measured on the village benchmark (benchmarks/bench_allocate.py): the largest province
block over one year (24,972 × 49,872) 0.7 s by interior point against 3.4 s by dual
simplex, over five years (193,364 × 249,360) 24.7 s against 174 s; but below about
30,000 columns dual simplex wins (the most even spread included): 514 kabupaten/kota
over five years (10,280 columns) 0.26 against 0.35 s, 1% of the villages over five years
(24,150) 0.64 against 0.95 s, 10% over five years (nine blocks of 20,590–38,820) 4.7
against 5.5 s; 10,000 before."""

FAIR_IPM_MIN_COLUMNS = 10_000
"""Columns from which the equal-rate fair stage is solved by interior point (rows scaled:
:func:`row_scaled`): on the fair stage of the largest one-year village block (76,630 ×
50,226) 0.8–0.9 s against 14.5 s by primal and 17.6 s by dual simplex from the previous
basis; all 83,762 villages over one year, default plan, 12.7 s with this at 10,000,
14.4 s at 30,000."""


_DUAL, _PRIMAL = 1, 4
"""HiGHS ``simplex_strategy`` values."""


_MAX_MIN = ("fair_share", "min_rate")
"""Stages that lift a minimum: highly degenerate, where primal simplex from the previous
basis stalls (the fair stage: 14.5 s against 0.8–0.9 s by interior point)."""


def _stage_method(k: int, stage: Stage | None, n_col: int) -> tuple[str, int]:
    """HiGHS's ``solver`` and ``simplex_strategy`` options for stage ``k`` of a model with
    ``n_col`` columns. A later stage changes only the objective of a model whose previous
    optimum, held, is still a feasible basis, which is primal simplex's own start: the
    (former) pool-split stage on the block above 1.8 s, against 4.5–5.5 s by interior
    point and 43 s by dual simplex; the poor stage of the largest five-year block at 10%
    of the villages (69,349 × 41,310) 0.25 s (1,429 iterations) against 0.62 s (8,615)
    by dual simplex."""
    name = stage.name if stage is not None else ""
    if k > 0 and name not in _MAX_MIN:
        return "simplex", _PRIMAL
    least = IPM_MIN_COLUMNS if k == 0 else FAIR_IPM_MIN_COLUMNS
    hard = k == 0 or name == "fair_share"
    return ("ipm" if hard and n_col >= least else "simplex"), _DUAL
