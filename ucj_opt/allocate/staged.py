"""The objective's stages solved in order, each optimum held while the next is optimised
(:mod:`ucj_opt.allocate.stages` builds them): on one HiGHS model that starts each stage
from the previous basis (the last fair stage on a copy less what the earlier optima
settled, :mod:`ucj_opt.allocate.face_reduce`), or as a sequence of PuLP models with a row
per held optimum. HiGHS gets the rows scaled (:func:`~ucj_opt.allocate.backends.row_scaled`).
With HiGHS, the LP's answer is then the most even point of the last stage's optima
(:mod:`ucj_opt.allocate.even_split`), the same whatever path the solver took; PuLP's
solvers return the vertex they end on."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import replace

import highspy
import numpy as np
import pandas as pd
import scipy.sparse as sp

from ucj_opt.allocate.backends import (
    _HIGHS_STATUS,
    RawSolution,
    Status,
    _stage_method,
    check_finite,
    highs_model,
    row_scaled,
    solve_highs,
    solve_pulp,
    unscaled,
)
from ucj_opt.allocate.even_split import even_optimum
from ucj_opt.allocate.face_reduce import basis_codes, reduce_on_face, warm_model
from ucj_opt.allocate.formulation import Formulation, Stage
from ucj_opt.allocate.highs_run import run_interruptible
from ucj_opt.allocate.optimal_face import OptimalFace

__all__ = ["solve_staged"]


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
        check_finite(f)
        scaled, scale = row_scaled(f)
        return unscaled(_staged_highs(scaled, time_limit, gap, stop), scale)
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
    even = False
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
        x, even = raw.x, raw.most_even
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
        result.most_even = even and result.status is Status.OPTIMAL
    result.solve_seconds = time.perf_counter() - started
    result.stage_values = values
    result.stage_duals = duals
    if len(values) > f.target:
        result.objective = values[f.target]
    return result


def _staged_highs(
    f: Formulation, time_limit: float | None, gap: float | None, stop: threading.Event | None
) -> RawSolution:
    started = time.perf_counter()
    n_col = f.shape[1]
    h = highs_model(replace(f, c=f.stages[0].c))
    if gap is not None:
        h.setOptionValue("mip_rel_gap", float(gap))
    face = None if f.integer else OptimalFace(f)
    later = _later_parts(f)

    def run(k: int, stage: Stage) -> RawSolution:
        if k:
            h.changeColsCost(n_col, np.arange(n_col, dtype=np.int32), stage.c.astype(float))
        if not f.integer:
            method, strategy = _stage_method(k, stage, n_col)
            h.setOptionValue("solver", method)
            h.setOptionValue("simplex_strategy", strategy)
            if method == "ipm" and face is not None:
                _switch_off(h, [(cols, rows) for first, cols, rows in later if first > k])
        limit = _remaining(time_limit, started)
        if face is not None and _last_fair_by_simplex(f, k, stage) and h.getNumRow() == f.shape[0]:
            raw = _on_face(h, f, face, stage, strategy, (time_limit, started), stop)
            if raw is not None:
                return raw
        if limit is not None:
            h.setOptionValue("time_limit", float(limit))
        overran = run_interruptible(h, limit, stop)
        raw = _highs_result(h, f, overran, time.perf_counter() - started, k == f.target)
        if face is not None and k == len(f.stages) - 1:
            _spread(h, f, face, stage, f.col_up, raw, _remaining(time_limit, started))
        return raw

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


_FAMILIES = ("fair", "fair_split")
"""The fair stages' own columns (``t``; ``*_min``) and rows (``*_rate``, ``*_link``)."""


def _later_parts(f: Formulation) -> list[tuple[int, np.ndarray, np.ndarray]]:
    """Each fair stage's own columns and rows, with the first stage that uses them."""
    col_kind, row_kind = f.columns["kind"].to_numpy(), f.rows["kind"].to_numpy()
    parts = []
    for family in _FAMILIES:
        own = col_kind == family
        used = [k for k, s in enumerate(f.stages) if np.any(s.c[own] != 0)]
        if used:
            cols = np.flatnonzero(own | (col_kind == f"{family}_min"))
            rows = np.flatnonzero((row_kind == f"{family}_rate") | (row_kind == f"{family}_link"))
            parts.append((used[0], cols, rows))
    return parts


def _switch_off(h: highspy.Highs, parts: list[tuple[np.ndarray, np.ndarray]]) -> None:
    """Fix at zero the columns and free the rows of stages still to come, for a cold
    (interior point) solve: they hold nothing before their stage (every ``t`` and ``m``
    at zero meets their rows), and presolve then drops them at once (the first stage of
    the largest village block 0.60 → 0.51 s). :meth:`OptimalFace.fix` puts their bounds
    back after the stage."""
    for cols, rows in parts:
        zero = np.zeros(len(cols))
        h.changeColsBounds(len(cols), cols.astype(np.int32), zero, zero)
        inf = np.full(len(rows), highspy.kHighsInf)
        h.changeRowsBounds(len(rows), rows.astype(np.int32), -inf, inf)  # type: ignore[attr-defined]


def _last_fair_by_simplex(f: Formulation, k: int, stage: Stage) -> bool:
    """Whether stage ``k`` is the last, a fair one (no duals reported, no ranging), solved
    by simplex from the previous basis: it can run on the model less what the earlier
    faces settled (:mod:`ucj_opt.allocate.face_reduce`)."""
    last = k == len(f.stages) - 1 and 0 < k != f.target
    return (
        last
        and stage.name.startswith("fair")
        and _stage_method(k, stage, f.shape[1])[0] == "simplex"
    )


def _on_face(
    h: highspy.Highs,
    f: Formulation,
    face: OptimalFace,
    stage: Stage,
    strategy: int,
    clock: tuple[float | None, float],
    stop: threading.Event | None,
) -> RawSolution | None:
    """Stage ``stage`` on the reduced model, from ``h``'s basis; None when HiGHS refuses
    the restricted basis (then the whole model is solved). ``clock``: the time limit of
    all stages and when they started."""
    basis = h.getBasis()
    if not basis.valid:
        return None
    reduced = reduce_on_face(
        f,
        stage.c,
        (face.lo, face.up, face.rlo, face.rup),
        basis_codes(basis.col_status),
        basis_codes(basis.row_status),
    )
    small = warm_model(reduced)
    if small is None:
        return None
    small.setOptionValue("solver", "simplex")
    small.setOptionValue("simplex_strategy", strategy)
    time_limit, started = clock
    limit = _remaining(time_limit, started)
    if limit is not None:
        small.setOptionValue("time_limit", float(limit))
    overran = run_interruptible(small, limit, stop)
    model = reduced.model
    raw = _highs_result(small, model, overran, time.perf_counter() - started, False)
    reach = f.col_up[reduced.columns]
    _spread(small, model, OptimalFace(model), stage, reach, raw, _remaining(time_limit, started))
    raw.x = reduced.full_x(raw.x) if raw.status.has_solution else np.zeros(f.shape[1])
    raw.row_dual = None
    return raw


def _spread(
    h: highspy.Highs,
    model: Formulation,
    face: OptimalFace,
    stage: Stage,
    reach: np.ndarray,
    raw: RawSolution,
    limit: float | None,
) -> None:
    """Move ``raw`` (the last stage's optimum on ``h``) to the most even point of that
    stage's optimal face (:mod:`ucj_opt.allocate.even_split`); left at the vertex if
    the stage is not proven optimal or the spread does not finish in time."""
    if raw.status is Status.OPTIMAL:
        x = even_optimum(h, model, face, stage, reach, limit)
        if x is not None:
            raw.x, raw.most_even = x, True


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
