"""Solving a Formulation: highspy directly from the CSR arrays, or any PuLP solver.

Both backends return the same :class:`RawSolution`; the highspy one adds row duals and
ranging. HiGHS uses dual simplex on small models and warm starts, interior point with
crossover on large cold ones (:data:`IPM_MIN_COLUMNS`); forcing primal simplex was 100x
slower here.
"""

from __future__ import annotations

import enum
import gc
import threading
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import highspy
import numpy as np
import pandas as pd
import pulp
import scipy.sparse as sp

from ucj_opt.allocate.formulation import Formulation, Stage
from ucj_opt.allocate.highs_run import no_banner, run_interruptible
from ucj_opt.errors import UserError

__all__ = [
    "RawSolution",
    "Status",
    "check_finite",
    "solve_highs",
    "solve_pulp",
    "solve_staged",
    "solver_problem",
    "to_pulp",
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


_ROOM = 1e-9
"""Relative room given to a held optimum when a later stage finds it out of reach by
rounding (reported infeasible although the previous solution meets it)."""


def _held_bound(stage_tolerance: float, value: float) -> float:
    """The bound that holds a stage's optimum ``value`` (min form) within its tolerance."""
    return value + stage_tolerance * max(abs(value), 1.0)


def _remaining(time_limit: float | None, started: float) -> float | None:
    if time_limit is None:
        return None
    return max(time_limit - (time.perf_counter() - started), 1e-12)


def solve_staged(
    f: Formulation,
    use_highs: bool = True,
    solver: str = "highs",
    time_limit: float | None = None,
    gap: float | None = None,
    stop: threading.Event | None = None,
) -> RawSolution:
    """Solve ``f``'s stages in order, each with the earlier optima held (a row
    ``c_k · x ≤ z_k + tol``). HiGHS keeps one model: the row is added and the costs
    changed in place, so each stage starts from the previous basis. ``time_limit`` is
    for all stages together. The result's ``objective``, duals and ranging are those of
    the target stage; a stage that ends without a proven optimum ends the solve."""
    stages = f.stages
    if not stages:
        if use_highs:
            return solve_highs(f, time_limit, gap, stop=stop)
        return solve_pulp(f, solver, time_limit, gap)
    if use_highs:
        return _staged_highs(f, time_limit, gap, stop)
    return _staged_pulp(f, solver, time_limit, gap)


def _staged(
    f: Formulation,
    run: Callable[[int, Stage], RawSolution],
    hold: Callable[[Stage, float, bool], None],
    started: float,
) -> RawSolution:
    """The stage loop shared by both backends: ``run`` solves stage k, ``hold`` adds the
    row that keeps its optimum (or, asked to relax, moves the last such row's bound). A
    stage before the target that fails ends with its status; one after it keeps the last
    complete solution (time-limited: not a proven optimum)."""
    result: RawSolution | None = None
    values: list[float] = []
    duals: list[np.ndarray] = []
    x: np.ndarray | None = None
    for k, stage in enumerate(f.stages):
        raw = run(k, stage)
        if k and raw.status is Status.INFEASIBLE:
            # the held optimum is out of reach by rounding alone: give it 1e-9 of room
            previous = f.stages[k - 1]
            hold(previous, _held_bound(max(previous.tolerance, _ROOM), values[-1]), True)
            raw = run(k, stage)
        if not raw.status.has_solution:
            if result is None:
                result = raw
            elif raw.status is Status.TIME_LIMIT_NO_SOLUTION:
                result.status = Status.TIME_LIMIT
            break
        x = raw.x
        values.append(float(stage.c @ raw.x))
        if raw.row_dual is not None:
            duals.append(raw.row_dual)
        if k == f.target:
            result = raw
        if raw.status is not Status.OPTIMAL:
            if result is None:
                result = raw
            result.status = Status.TIME_LIMIT
            break
        if k + 1 < len(f.stages):
            hold(stage, _held_bound(stage.tolerance, values[-1]), False)
    assert result is not None
    if x is not None and result.status.has_solution:
        result.x = x  # later stages choose among the target stage's optima
    result.solve_seconds = time.perf_counter() - started
    result.stage_values = values
    result.stage_duals = duals
    if len(values) > f.target:
        result.objective = values[f.target]
    return result


class _OptimalFace:
    """Bounds that keep a stage's optimum without a dense row: by complementary slackness,
    the optimal solutions of an LP are exactly its feasible points that leave at their
    bound every column with a non-zero reduced cost and tight every row with a non-zero
    dual (for any one optimal dual). Fixing those keeps the optimum exactly and lets
    presolve drop the fixed columns, so later stages get smaller."""

    def __init__(self, f: Formulation) -> None:
        self.n_row, self.n_col = f.shape
        self.lo, self.up = f.col_lo.astype(float), f.col_up.astype(float)
        self.rlo, self.rup = f.row_lo.astype(float), f.row_up.astype(float)
        self.saved: list[tuple[np.ndarray, ...]] = []

    def fix(self, h: highspy.Highs, stage: Stage) -> None:
        sol = h.getSolution()
        x = np.asarray(sol.col_value, dtype=float)[: self.n_col]
        d = np.asarray(sol.col_dual, dtype=float)[: self.n_col]
        y = np.asarray(sol.row_dual, dtype=float)[: self.n_row]
        act = np.asarray(sol.row_value, dtype=float)[: self.n_row]
        self.saved.append((self.lo.copy(), self.up.copy(), self.rlo.copy(), self.rup.copy()))
        eps = max(1e-7, 1e-9 * float(np.abs(stage.c).max(initial=0.0)))

        def near(v: np.ndarray, b: np.ndarray) -> np.ndarray:
            finite = np.isfinite(b)
            edge = np.where(finite, b, 0.0)
            close: np.ndarray = finite & (np.abs(v - edge) <= 1e-7 * np.maximum(1.0, np.abs(edge)))
            return close

        at_lo = (d > eps) & near(x, self.lo)
        at_up = (d < -eps) & near(x, self.up)
        self.up[at_lo] = self.lo[at_lo]
        self.lo[at_up] = self.up[at_up]
        tight = np.abs(y) > eps
        on_lo, on_up = tight & near(act, self.rlo), tight & near(act, self.rup)
        self.rup[on_lo & ~on_up] = self.rlo[on_lo & ~on_up]
        self.rlo[on_up & ~on_lo] = self.rup[on_up & ~on_lo]
        self._apply(h)

    def undo(self, h: highspy.Highs) -> None:
        self.lo, self.up, self.rlo, self.rup = self.saved.pop()
        self._apply(h)

    def _apply(self, h: highspy.Highs) -> None:
        h.changeColsBounds(self.n_col, np.arange(self.n_col, dtype=np.int32), self.lo, self.up)
        rows = np.arange(self.n_row, dtype=np.int32)
        h.changeRowsBounds(self.n_row, rows, self.rlo, self.rup)  # type: ignore[attr-defined]


IPM_MIN_COLUMNS = 10_000
"""Columns from which a cold start (the first stage) and the equal-rate fair stage are
solved by interior point, then crossover (so the next stage starts from a basis and
ranging works). Measured on the largest province block of the village benchmark
(benchmarks/bench_allocate.py): one year (24,972 × 49,872) 0.7 s by interior point
against 3.4 s by dual simplex; five years (193,364 × 249,360) 24.7 s against 174 s; the
fair stage (76,630 × 50,226) 2.2–3.1 s against 11.1 s by primal and 18.9 s by dual simplex
from the previous basis. Below it, and for the other stages, simplex from the previous
basis."""


_DUAL, _PRIMAL = 1, 4
"""HiGHS ``simplex_strategy`` values."""


def _stage_method(k: int, stage: Stage | None, n_col: int) -> tuple[str, int]:
    """HiGHS's ``solver`` and ``simplex_strategy`` options for stage ``k`` of a model with
    ``n_col`` columns. The last fair stage (``fair_split``) changes only the objective of
    a model whose previous optimum is a feasible basis, which is primal simplex's own
    start: 1.8 s on the block above, against 4.5–5.5 s by interior point and 43 s by dual
    simplex."""
    name = stage.name if stage is not None else ""
    if name == "fair_split":
        return "simplex", _PRIMAL
    hard = k == 0 or name == "fair_share"
    return ("ipm" if hard and n_col >= IPM_MIN_COLUMNS else "simplex"), _DUAL


def _staged_highs(
    f: Formulation, time_limit: float | None, gap: float | None, stop: threading.Event | None
) -> RawSolution:
    started = time.perf_counter()
    n_col = f.shape[1]
    h = highs_model(replace(f, c=f.stages[0].c))
    if gap is not None:
        h.setOptionValue("mip_rel_gap", float(gap))
    face = None if f.integer else _OptimalFace(f)

    def run(k: int, stage: Stage) -> RawSolution:
        if k:
            h.changeColsCost(n_col, np.arange(n_col, dtype=np.int32), stage.c.astype(float))
        if not f.integer:
            method, strategy = _stage_method(k, stage, n_col)
            h.setOptionValue("solver", method)
            h.setOptionValue("simplex_strategy", strategy)
        limit = _remaining(time_limit, started)
        if limit is not None:
            h.setOptionValue("time_limit", float(limit))
        overran = run_interruptible(h, limit, stop)
        return _highs_result(h, f, overran, time.perf_counter() - started, k == f.target)

    def add_row(stage: Stage, bound: float) -> None:
        nz = np.flatnonzero(stage.c)
        h.addRow(-highspy.kHighsInf, bound, len(nz), nz.astype(np.int32), stage.c[nz].astype(float))

    def hold(stage: Stage, bound: float, relax: bool) -> None:
        if face is None:  # a MIP has no duals: hold the optimum as a row
            if relax:
                h.changeRowBounds(h.getNumRow() - 1, -highspy.kHighsInf, bound)
            else:
                add_row(stage, bound)
        elif relax:  # the fixed face is out of reach by rounding: a row with room instead
            face.undo(h)
            add_row(stage, bound)
        else:
            face.fix(h, stage)

    return _staged(f, run, hold, started)


def _highs_result(
    h: highspy.Highs, f: Formulation, overran: bool, seconds: float, ranging: bool
) -> RawSolution:
    """What one HiGHS run ended with (the model may hold extra rows: duals are cut to
    the model's own)."""
    n_row, n_col = f.shape
    status = _HIGHS_STATUS.get(h.getModelStatus(), Status.NOT_SOLVED)
    if overran and status is Status.NOT_SOLVED:
        status = Status.TIME_LIMIT
    sol = h.getSolution()
    if status.has_solution and n_col and len(sol.col_value) != n_col:
        status = Status.TIME_LIMIT_NO_SOLUTION if status is Status.TIME_LIMIT else Status.NOT_SOLVED
    if status is Status.TIME_LIMIT and n_col and not sol.value_valid:
        status = Status.TIME_LIMIT_NO_SOLUTION
    if not status.has_solution:
        return RawSolution(status, np.zeros(n_col), float("nan"), "highs", seconds)
    x = np.asarray(sol.col_value, dtype=float) if n_col else np.zeros(0)
    raw = RawSolution(status, x, float(h.getInfo().objective_function_value), "highs", seconds)
    if status is Status.OPTIMAL and n_col == 0:
        raw.row_dual = np.zeros(n_row)
        raw.row_range_lo, raw.row_range_up = np.full(n_row, -np.inf), np.full(n_row, np.inf)
    elif status is Status.OPTIMAL and not f.integer:
        raw.row_dual = np.asarray(sol.row_dual, dtype=float)[:n_row]
        if ranging:
            _, rng = h.getRanging()
            raw.row_range_lo = np.asarray(rng.row_bound_dn.value_, dtype=float)[:n_row]
            raw.row_range_up = np.asarray(rng.row_bound_up.value_, dtype=float)[:n_row]
    return raw


def _staged_pulp(
    f: Formulation, solver: str, time_limit: float | None, gap: float | None
) -> RawSolution:
    started = time.perf_counter()
    model = [replace(f, stages=())]

    def run(k: int, stage: Stage) -> RawSolution:
        model[0] = replace(model[0], c=stage.c)
        return solve_pulp(model[0], solver, _remaining(time_limit, started), gap)

    def hold(stage: Stage, bound: float, relax: bool) -> None:
        m = model[0]
        if relax:
            model[0] = replace(m, row_up=np.append(m.row_up[:-1], bound))
            return
        nz = np.flatnonzero(stage.c)
        row = sp.csr_matrix(
            (stage.c[nz], (np.zeros(len(nz), dtype=int), nz)), shape=(1, m.shape[1])
        )
        model[0] = replace(
            m,
            A=sp.vstack([m.A, row], format="csr"),
            row_lo=np.append(m.row_lo, -np.inf),
            row_up=np.append(m.row_up, bound),
            rows=pd.concat([m.rows, pd.DataFrame({"kind": ["held"]})], ignore_index=True),
        )

    return _staged(f, run, hold, started)
