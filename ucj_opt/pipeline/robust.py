"""Robust allocation: the allocation that does best across the uncertainty, not at the mean.

Each Monte Carlo draw ``s`` gives a value per worker-year of every LP column (poverty
averted, :func:`ucj_opt.pipeline.averted.averted_by_group` under that draw). The
sample-average LP maximises either the expected total over the draws, or its
conditional value at risk (CVaR): the mean of the worst ``alpha`` share of draws
(Rockafellar & Uryasev 2000), linear with one variable per draw:

    max  η − 1/(α S) Σ_s u_s   s.t.  u_s ≥ η − v_s·x,  u_s ≥ 0,  x in the allocation LP.

The price of robustness is what the robust allocation gives up in expectation against
the allocation that is best on average.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ucj_opt.allocate import Allocation, Formulation
from ucj_opt.allocate.backends import RawSolution, solve_highs
from ucj_opt.errors import UserError
from ucj_opt.montecarlo.design import Design
from ucj_opt.pipeline.averted import PROBE_COVERAGE, Measure, _check_measure
from ucj_opt.scenario.study import Study

__all__ = [
    "Criterion",
    "RobustAllocation",
    "coefficient_draws",
    "cvar",
    "robust_allocation",
    "robust_solve",
    "value_matrix",
]

Criterion = Literal["expected", "cvar"]


def cvar(totals: np.ndarray, alpha: float) -> float:
    """Mean of the worst ``alpha`` share of equally likely ``totals`` (a fractional draw
    counts in part), e.g. ``alpha=0.1``: the mean of the worst 10%."""
    x = np.sort(np.asarray(totals, dtype=float))
    n = len(x)
    k = alpha * n
    whole = math.floor(k + 1e-12)
    part = k - whole
    total = x[:whole].sum() + (part * x[whole] if whole < n and part > 1e-12 else 0.0)
    return float(total / k)


def robust_solve(
    f: Formulation,
    values: np.ndarray,
    criterion: Criterion = "cvar",
    alpha: float = 0.1,
    time_limit: float | None = None,
) -> RawSolution:
    """Solve the sample-average LP over ``f``'s constraints with HiGHS.

    ``values`` is (draws, columns of ``f``): the value of one unit of each column under
    each draw, in the planner's direction (larger is better). ``f.c`` is kept as a
    penalty in minimisation form (e.g. the soft floors' slack; zero on the columns the
    values cover). Returns the solution over ``f``'s own columns and rows.
    """
    v = np.asarray(values, dtype=float)
    if v.ndim != 2 or v.shape[1] != f.shape[1] or v.shape[0] < 1:
        raise UserError(f"values must be (draws, {f.shape[1]}) for this LP, not {v.shape}")
    if not np.isfinite(v).all():
        raise UserError("values hold NaN or infinite numbers; fill cells without an estimate")
    if not 0.0 < alpha <= 1.0:
        raise UserError(f"alpha must be in (0, 1], not {alpha}")
    n_rows, n_cols = f.shape
    s = v.shape[0]
    if criterion == "expected":
        model = replace(f, c=f.c - v.mean(axis=0), sign=-1.0)
        raw = solve_highs(model, time_limit, ranging=False)
        return raw
    if criterion != "cvar":
        raise UserError(f"criterion must be 'expected' or 'cvar', not {criterion!r}")
    # columns: x (n_cols), η (free), u_s (s, ≥ 0); rows: f's, then v_s·x − η + u_s ≥ 0
    top = sp.hstack([f.A, sp.csr_matrix((n_rows, 1 + s))])
    bottom = sp.hstack([sp.csr_matrix(v), sp.csr_matrix(-np.ones((s, 1))), sp.identity(s)])
    model = replace(
        f,
        c=np.concatenate([f.c, [-1.0], np.full(s, 1.0 / (alpha * s))]),
        A=sp.vstack([top, bottom]).tocsr(),
        row_lo=np.concatenate([f.row_lo, np.zeros(s)]),
        row_up=np.concatenate([f.row_up, np.full(s, np.inf)]),
        col_lo=np.concatenate([f.col_lo, [-np.inf], np.zeros(s)]),
        col_up=np.concatenate([f.col_up, [np.inf], np.full(s, np.inf)]),
        sign=-1.0,
        integer=False,
    )
    raw = solve_highs(model, time_limit, ranging=False)
    return replace(
        raw,
        x=raw.x[:n_cols],
        row_dual=raw.row_dual[:n_rows] if raw.row_dual is not None else None,
    )


def value_matrix(f: Formulation, draws: Sequence[pd.DataFrame], measure: Measure) -> np.ndarray:
    """(draws, columns) values per worker-year from tables of
    :func:`~ucj_opt.pipeline.averted.averted_by_group` (0 where a draw has no estimate)."""
    column = f"{measure}_per_worker_year"
    cols = f.columns
    is_x = (cols["kind"] == "x").to_numpy()
    key = pd.MultiIndex.from_arrays(
        [
            cols.loc[is_x, "region"].astype(str),
            cols.loc[is_x, "segment"].astype(str),
            cols.loc[is_x, "group"].astype(np.int64),
        ]
    )
    out = np.zeros((len(draws), len(cols)))
    for i, table in enumerate(draws):
        series = table.assign(
            region=table["region"].astype(str), segment=table["segment"].astype(str)
        ).set_index(["region", "segment", "group"])[column]
        v = series.reindex(key).to_numpy(dtype=float)
        out[i, is_x] = np.where(np.isfinite(v), v, 0.0)
    return out


def coefficient_draws(
    study: Study,
    design: Design,
    *,
    replications: int = 2,
    households_per_group: int | None = None,
    coverage: float = PROBE_COVERAGE,
) -> list[pd.DataFrame]:
    """Poverty averted per worker-year at each design point of a Monte Carlo design.

    Each point's draws are applied to the study (validated like ``--set``) and projected
    at ``coverage`` of every group, so every cell has an estimate under every draw.

    Examples
    --------
    >>> import ucj_opt
    >>> from ucj_opt.montecarlo import build_design
    >>> from ucj_opt.pipeline.montecarlo import uncertainty_settings
    >>> from ucj_opt.pipeline.robust import coefficient_draws
    >>> study = ucj_opt.load_scenario(
    ...     "scenarios/kabupaten_ppu.yaml", overrides=["one_year"],
    ...     sets=["simulation.households_per_group=10"],
    ... )
    >>> design = build_design(uncertainty_settings(study, samples=2))
    >>> len(coefficient_draws(study, design))
    2
    """
    from ucj_opt.montecarlo.scenario_task import point_sets
    from ucj_opt.pipeline.averted import averted_by_group

    out = []
    for point in range(len(design.points)):
        sets = point_sets(design.params(point))
        drawn = study.with_changes(*sets) if sets else study
        out.append(
            averted_by_group(
                drawn,
                coverage,
                replications=replications,
                households_per_group=households_per_group,
            )
        )
    return out


@dataclass(frozen=True)
class RobustAllocation:
    """The robust allocation, and what robustness costs against the mean-optimal one."""

    allocation: Allocation
    criterion: str
    alpha: float
    expected: float
    """Expected poverty averted of the robust allocation (mean over the draws)."""
    cvar: float
    """Mean over its worst ``alpha`` share of draws."""
    mean_optimal_expected: float
    mean_optimal_cvar: float
    price_of_robustness: float
    """``mean_optimal_expected − expected`` (≥ 0): expected poverty averted given up."""
    draws: int


def robust_allocation(
    study: Study,
    draws: Sequence[pd.DataFrame],
    *,
    measure: Measure = "extreme_poor_person_years",
    criterion: Criterion = "cvar",
    alpha: float = 0.1,
) -> RobustAllocation:
    """The study's allocation LP over Monte Carlo ``draws`` of poverty averted per
    worker-year (one table per draw, as :func:`~ucj_opt.pipeline.averted.averted_by_group`
    returns), maximising the expected total or its CVaR at ``alpha``.

    The soft equity floors keep their penalty, at the scale of the largest value (as
    in :func:`~ucj_opt.pipeline.averted.solve_for_values`).
    """
    from ucj_opt.allocate import build
    from ucj_opt.allocate.result import extract

    _check_measure(measure)
    if not draws:
        raise UserError("robust allocation needs at least one draw")
    f = build(study.scenario, study.tables)
    v = value_matrix(f, draws, measure)
    top = float(np.abs(v).max()) or 1.0
    is_x = (f.columns["kind"] == "x").to_numpy()
    penalty = np.where(is_x, 0.0, f.c)  # the slack's penalty; values replace the rest
    base = replace(f, c=penalty)
    limit = study.scenario.solver.time_limit
    robust = robust_solve(base, v / top, criterion, alpha, limit)
    mean_opt = robust_solve(base, v / top, "expected", alpha, limit)
    for raw in (robust, mean_opt):
        if not raw.status.has_solution:
            raise UserError(f"the robust allocation LP ended {raw.status.value}")
    totals = v @ robust.x
    mean_totals = v @ mean_opt.x
    allocation = extract(f, robust, study.tables.workers)
    allocation.objective = float(totals.mean())
    allocation.provenance.objective = f"robust {criterion} ({measure})"
    allocation.provenance.scenario = study.scenario.name
    return RobustAllocation(
        allocation=allocation,
        criterion=criterion,
        alpha=alpha,
        expected=float(totals.mean()),
        cvar=cvar(totals, alpha),
        mean_optimal_expected=float(mean_totals.mean()),
        mean_optimal_cvar=cvar(mean_totals, alpha),
        price_of_robustness=float(mean_totals.mean() - totals.mean()),
        draws=len(draws),
    )
