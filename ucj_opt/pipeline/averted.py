"""Poverty averted per worker-year, and the allocation that maximises it.

The LP of :mod:`ucj_opt.allocate` values a protected worker by a fixed weight (an
extreme-poor worker first). Here the weight of a worker-year of coverage in each
region × segment × group is *estimated by the projection*: the poverty it averts in the
worker's household (extreme-poverty person-years, poor person-years, or the FGT1/FGT2
numerators), paired on common random numbers, with its Monte Carlo error. The LP then
maximises the total averted; the projection of that allocation refines the estimates
of the cells it covers, until the allocation stops changing.

The allocation LP is used as built by :func:`ucj_opt.allocate.build` (budgets, caps,
continuity, floors, the province's share): only its objective vector is replaced.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from ucj_opt.allocate.result import Allocation
from ucj_opt.errors import UserError
from ucj_opt.scenario.study import Study
from ucj_opt.simulation import SimulationInputs

__all__ = [
    "MEASURES",
    "CoupledAllocation",
    "Measure",
    "allocate_for_poverty_averted",
    "averted_by_group",
    "cell_worker_years",
    "enrolment_change",
    "solve_for_values",
    "value_gain",
]

Measure = Literal["extreme_poor_person_years", "poor_person_years", "fgt1", "fgt2"]
MEASURES: dict[str, str] = {
    "extreme_poor_person_years": "extreme_poor",
    "poor_person_years": "poor",
    "fgt1": "gap",
    "fgt2": "severity",
}
"""Measure of poverty averted → the simulation metric (person-months, or the FGT1/FGT2
numerators at the poverty line in person-months; divided by 12 here)."""
TIE_BREAK = 1e-4
"""Value added to every worker-year (the largest estimate is 1): small against any
estimate the LP can tell apart, but a budget is not left unspent for want of one."""
PROBE_COVERAGE = 0.5
"""Share of every group covered in the first projection, so every cell gets an estimate."""


def _check_measure(measure: str) -> str:
    if measure not in MEASURES:
        raise UserError(f"unknown poverty measure {measure!r}; choose from {', '.join(MEASURES)}")
    return MEASURES[measure]


def _group_workers(inputs: SimulationInputs) -> np.ndarray:
    return np.asarray(inputs.n_households * inputs.weight * inputs.workers_per_household)


def averted_by_group(
    study: Study,
    coverage: float | pd.DataFrame,
    *,
    replications: int = 4,
    seed: int | None = None,
    households_per_group: int | None = None,
    workers: int = 1,
    inputs: SimulationInputs | None = None,
) -> pd.DataFrame:
    """Poverty averted per covered worker-year, per region × segment × group.

    Runs ``replications`` of the projection of ``coverage`` (keyed seeds: the
    replications of :func:`ucj_opt.simulate` with the same seed) and pairs the two arms of
    each replication. ``group`` is 0 for the extreme-poor workers' households and 1 for
    the other eligible workers' (the allocation LP's codes).

    Returns
    -------
    pandas.DataFrame
        region, segment, group, worker_years (covered, over the projection), and per
        measure ``{measure}`` (total averted, mean), ``{measure}_per_worker_year`` and
        ``{measure}_se`` (its Monte Carlo standard error, across replications).
    """
    from ucj_opt.projection.inputs import build_inputs
    from ucj_opt.projection.projection import _replications

    if replications < 2:
        raise UserError(f"replications must be at least 2 for a standard error, not {replications}")
    settings = study.scenario.simulation
    inp = inputs or build_inputs(study, coverage, households_per_group=households_per_group)
    runs = _replications(
        inp,
        settings.engine,
        settings.seed if seed is None else seed,
        most=replications,
        least=replications,
        target=None,
        workers=workers,
        progress=None,
    )
    workers_g = _group_workers(inp)
    worker_years = (inp.coverage * workers_g[None, :]).sum(axis=0)
    keep = np.flatnonzero(inp.stratum < 2)
    out = pd.DataFrame(
        {
            "region": np.asarray(inp.region, dtype=object)[keep],
            "segment": np.asarray(inp.segment, dtype=object)[keep],
            "group": inp.stratum[keep].astype(np.int64),
            "worker_years": worker_years[keep],
        }
    )
    n = len(runs)
    for measure, metric in MEASURES.items():
        per_rep = np.stack(
            [(r.arm(metric)[..., 0] - r.arm(metric)[..., 1]).sum(axis=(0, 2)) / 12.0 for r in runs]
        )[:, keep]  # (replications, groups)
        mean = per_rep.mean(axis=0)
        se = per_rep.std(axis=0, ddof=1) / math.sqrt(n)
        wy = out["worker_years"].to_numpy()
        with np.errstate(divide="ignore", invalid="ignore"):
            out[measure] = mean
            out[f"{measure}_per_worker_year"] = np.where(wy > 0, mean / wy, np.nan)
            out[f"{measure}_se"] = np.where(wy > 0, se / wy, np.nan)
    return out


def solve_for_values(
    study: Study, values: pd.DataFrame, measure: Measure = "extreme_poor_person_years"
) -> Allocation:
    """The scenario's LP with each worker-year valued at ``values`` (region, segment,
    group, ``{measure}_per_worker_year``): the allocation that averts the most poverty.

    The values are scaled so the largest is 1, the scale at which the equity floor's
    penalty is set; a cell without a value is worth only :data:`TIE_BREAK`.
    """
    from ucj_opt.allocate import build
    from ucj_opt.allocate.backends import solve_highs
    from ucj_opt.allocate.result import extract

    _check_measure(measure)
    column = f"{measure}_per_worker_year"
    f = build(study.scenario, study.tables)
    cols = f.columns
    is_x = (cols["kind"] == "x").to_numpy()
    table = values.assign(
        region=values["region"].astype(str), segment=values["segment"].astype(str)
    ).set_index(["region", "segment", "group"])[column]
    key = pd.MultiIndex.from_arrays(
        [
            cols.loc[is_x, "region"].astype(str),
            cols.loc[is_x, "segment"].astype(str),
            cols.loc[is_x, "group"].astype(np.int64),
        ]
    )
    v = table.reindex(key).to_numpy(dtype=float)
    v = np.where(np.isfinite(v), v, 0.0)
    top = float(np.abs(v).max()) if len(v) else 0.0
    c = f.c.copy()
    # a budget left once no cell averts anything still enrols workers (extreme poor first)
    tie = TIE_BREAK * np.where(cols.loc[is_x, "group"].to_numpy() == 0, 1.0, 0.5)
    c[is_x] = -(v / top + tie) if top > 0 else -tie
    f.c = c
    f.sign = -1.0
    raw = solve_highs(f, study.scenario.solver.time_limit, study.scenario.solver.gap)
    allocation = extract(f, raw, study.tables.workers)
    allocation.objective = float(np.dot(v, raw.x[is_x])) if raw.status.has_solution else math.nan
    allocation.provenance.objective = f"max_poverty_averted ({measure})"
    allocation.provenance.scenario = study.scenario.name
    return allocation


def enrolment_change(before: pd.DataFrame, after: pd.DataFrame) -> float:
    """Share of enrolment that moved: Σ|Δ enrolled| over region × segment × year ×
    group, over twice the mean of the two totals (0: identical, 1: disjoint)."""

    def cells(t: pd.DataFrame) -> pd.Series:
        keys = ["region", "segment", "year"]
        g = t.assign(region=t["region"].astype(str), segment=t["segment"].astype(str))
        wide = g.groupby(keys)[["enrolled_extreme_poor", "enrolled"]].sum()
        wide["enrolled_other"] = wide["enrolled"] - wide["enrolled_extreme_poor"]
        out = wide[["enrolled_extreme_poor", "enrolled_other"]].stack()
        assert isinstance(out, pd.Series)
        return out

    a, b = cells(before), cells(after)
    a, b = a.align(b, fill_value=0.0)
    total = float(a.sum() + b.sum())
    return float(np.abs(a - b).sum() / total) if total > 0 else 0.0


def cell_worker_years(table: pd.DataFrame) -> pd.Series:
    """Enrolled worker-years of an allocation per (region, segment, group)."""
    t = table.assign(region=table["region"].astype(str), segment=table["segment"].astype(str))
    g = t.groupby(["region", "segment"])[["enrolled_extreme_poor", "enrolled"]].sum()
    out = pd.concat(
        [g["enrolled_extreme_poor"], g["enrolled"] - g["enrolled_extreme_poor"]],
        keys=[0, 1],
        names=["group", "region", "segment"],
    )
    ordered = out.reorder_levels(["region", "segment", "group"]).sort_index()
    assert isinstance(ordered, pd.Series)
    return ordered


def value_gain(
    coefficients: pd.DataFrame, before: pd.DataFrame, after: pd.DataFrame, measure: str
) -> tuple[float, float]:
    """Poverty averted by ``after`` minus ``before`` under the estimates, and its standard
    error (the cells' estimates are independent)."""
    c = coefficients.assign(
        region=coefficients["region"].astype(str), segment=coefficients["segment"].astype(str)
    ).set_index(["region", "segment", "group"])
    a, b = cell_worker_years(before).align(cell_worker_years(after), fill_value=0.0)
    d = (b - a).reindex(c.index, fill_value=0.0).to_numpy()
    v = np.nan_to_num(c[f"{measure}_per_worker_year"].to_numpy())
    se = np.nan_to_num(c[f"{measure}_se"].to_numpy())
    return float(v @ d), float(math.sqrt(float((se * d) @ (se * d))))


class _Pool:
    """Estimates pooled over every projection of the loop: Σ averted / Σ worker-years per
    cell (the effect of a worker-year does not depend on how many are covered, so each
    projection adds information), with the standard error of the pooled ratio."""

    def __init__(self, first: pd.DataFrame) -> None:
        self.frame = first[["region", "segment", "group"]].copy()
        self.worker_years = np.zeros(len(first))
        self.total = {m: np.zeros(len(first)) for m in MEASURES}
        self.variance = {m: np.zeros(len(first)) for m in MEASURES}
        self.add(first)

    def add(self, fresh: pd.DataFrame) -> None:
        wy = fresh["worker_years"].to_numpy()
        self.worker_years += wy
        for m in MEASURES:
            se_total = np.nan_to_num(fresh[f"{m}_se"].to_numpy()) * wy
            self.total[m] += fresh[m].to_numpy()
            self.variance[m] += se_total**2

    def table(self) -> pd.DataFrame:
        out = self.frame.assign(worker_years=self.worker_years)
        wy = self.worker_years
        with np.errstate(divide="ignore", invalid="ignore"):
            for m in MEASURES:
                out[m] = self.total[m]
                out[f"{m}_per_worker_year"] = np.where(wy > 0, self.total[m] / wy, np.nan)
                out[f"{m}_se"] = np.where(wy > 0, np.sqrt(self.variance[m]) / wy, np.nan)
        return out


LOOP_SEED_STEP = 1_000
"""Projection k of the loop uses seed + k × this: every projection adds other futures
(and none uses seed + 1, which the comparison of targetings draws by default)."""


@dataclass(frozen=True)
class CoupledAllocation:
    """The allocation for poverty averted, and how the loop reached it."""

    allocation: Allocation
    coefficients: pd.DataFrame
    """The last (pooled) estimates (columns of :func:`averted_by_group`)."""
    measure: str
    iterations: int
    """Allocations solved."""
    changes: tuple[float, ...]
    """Share of enrolment moved at each iteration after the first."""
    gains: tuple[tuple[float, float], ...]
    """Poverty averted gained by each new allocation over the previous one under the
    latest estimates, with its standard error."""
    converged: bool
    stopped_by: str
    """``change`` (enrolment moved ≤ tolerance), ``precision`` (the new allocation does
    not avert significantly more than the previous one) or ``iterations`` (the cap)."""
    projections: int
    """Projections run (the probe at uniform coverage, then one per new allocation)."""
    seconds: float


def allocate_for_poverty_averted(
    study: Study,
    *,
    measure: Measure = "extreme_poor_person_years",
    replications: int = 4,
    tolerance: float = 0.01,
    max_iterations: int = 5,
    seed: int | None = None,
    households_per_group: int | None = None,
    workers: int = 1,
) -> CoupledAllocation:
    """Iterate projection → coefficients → allocation until the allocation stops changing.

    The first projection covers :data:`PROBE_COVERAGE` of every group, so every cell has
    an estimate; each later one projects the last allocation on other seeds and is pooled
    with what came before. The loop stops when the share of enrolment moved
    (:func:`enrolment_change`) is at most ``tolerance``, or when the new allocation does
    not avert significantly more than the previous one (gain within 1.96 standard
    errors: the two cannot be told apart at this Monte Carlo precision).

    Examples
    --------
    >>> import ucj_opt
    >>> from ucj_opt.pipeline.averted import allocate_for_poverty_averted
    >>> study = ucj_opt.load_scenario(
    ...     "scenarios/kabupaten_ppu.yaml", overrides=["one_year"],
    ...     sets=["simulation.households_per_group=20"],
    ... )
    >>> run = allocate_for_poverty_averted(study, replications=2)
    >>> run.allocation.status.value, run.iterations <= 5
    ('optimal', True)
    """
    _check_measure(measure)
    if max_iterations < 1:
        raise UserError(f"max_iterations must be at least 1, not {max_iterations}")
    start = time.perf_counter()
    root = study.scenario.simulation.seed if seed is None else seed

    def project(coverage: float | pd.DataFrame, k: int) -> pd.DataFrame:
        return averted_by_group(
            study,
            coverage,
            replications=replications,
            seed=root + LOOP_SEED_STEP * k,
            households_per_group=households_per_group,
            workers=workers,
        )

    pool = _Pool(project(PROBE_COVERAGE, 0))
    projections = 1
    changes: list[float] = []
    gains: list[tuple[float, float]] = []
    allocation = solve_for_values(study, pool.table(), measure)
    allocation.raise_if_infeasible()
    iterations = 1
    stopped_by = "iterations"
    while iterations < max_iterations:
        pool.add(project(allocation.table, projections))
        projections += 1
        coef = pool.table()
        previous = allocation.table
        allocation = solve_for_values(study, coef, measure)
        allocation.raise_if_infeasible()
        iterations += 1
        changes.append(enrolment_change(previous, allocation.table))
        gain, se = value_gain(coef, previous, allocation.table, measure)
        gains.append((gain, se))
        if changes[-1] <= tolerance:
            stopped_by = "change"
            break
        if gain <= 1.96 * se:
            stopped_by = "precision"
            break
    return CoupledAllocation(
        allocation=allocation,
        coefficients=pool.table(),
        measure=measure,
        iterations=iterations,
        changes=tuple(changes),
        gains=tuple(gains),
        converged=stopped_by != "iterations",
        stopped_by=stopped_by,
        projections=projections,
        seconds=time.perf_counter() - start,
    )
