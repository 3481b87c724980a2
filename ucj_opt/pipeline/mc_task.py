"""The Monte Carlo task of a study: a design point's allocation, then one replication.

The arm "with" is the scenario's optimal allocation by default. When a design point moves
a figure the LP reads (budgets, prices, worker counts: any path outside ``simulation.``),
the LP is solved again under that draw; otherwise it is solved once, on the study as
given. The task is a module-level function bound with :class:`ArmSpec` and the study, so
it ships to spawned processes and Dask workers; each worker caches the study, the
allocation and the simulation inputs of a point, so a batch of replications pays for
them once.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Literal, TypeVar

import numpy as np
import pandas as pd

from ucj_opt.montecarlo.scenario_task import point_sets, replication_totals
from ucj_opt.scenario.study import Study
from ucj_opt.simulation import SimulationInputs, run_replication

__all__ = [
    "ArmSpec",
    "allocation_for_point",
    "clear_caches",
    "lp_paths",
    "study_for_point",
    "study_task",
]

ArmKind = Literal["optimal", "table", "coverage"]
_K = TypeVar("_K")
_V = TypeVar("_V")

_CACHE_SIZE = 4
"""Simulation inputs kept per process (each holds a population: megabytes)."""
_POINTS_CACHED = 256
"""Studies and allocation tables kept per process (small): the run's pre-flight solves
every point once and writes the allocations from here without solving again."""
_studies: OrderedDict[tuple[str, tuple[str, ...]], Study] = OrderedDict()
_allocations: OrderedDict[tuple[str, tuple[str, ...]], pd.DataFrame] = OrderedDict()
_inputs: OrderedDict[tuple[str, tuple[str, ...], int | None], SimulationInputs] = OrderedDict()


@dataclass(frozen=True)
class ArmSpec:
    """What the arm "with" covers: the optimal allocation (``resolve``: per design point),
    a saved allocation ``table``, or a ``coverage`` share of eligible workers.

    Its ``repr`` names the arm and the table's hash, not the table: it enters the plan
    hash of the store, which must match for ``resume``.
    """

    kind: ArmKind
    resolve: bool = False
    coverage: float = 0.5
    table: pd.DataFrame | None = field(default=None, compare=False)
    table_hash: str = ""

    def __repr__(self) -> str:
        if self.kind == "coverage":
            return f"ArmSpec(coverage={self.coverage!r})"
        if self.kind == "table":
            return f"ArmSpec(table={self.table_hash!r})"
        return f"ArmSpec(optimal, resolve={self.resolve!r})"


def clear_caches() -> None:
    """Forget every cached study, allocation and input of this process (benchmarks)."""
    _studies.clear()
    _allocations.clear()
    _inputs.clear()


def lp_paths(names: list[str]) -> list[str]:
    """The uncertain paths the allocation LP reads (everything outside ``simulation.``)."""
    return [n for n in names if not n.startswith(("simulation.", "uncertainty."))]


def _remember(cache: OrderedDict[_K, _V], key: _K, value: _V, size: int = _POINTS_CACHED) -> _V:
    cache[key] = value
    while len(cache) > size:
        cache.popitem(last=False)
    return value


def study_for_point(study: Study, key: str, params: dict[str, float]) -> Study:
    """The study with a design point's draws applied (validated like ``--set``)."""
    sets = point_sets(params)
    found = _studies.get((key, sets))
    if found is not None:
        return found
    changed = study.with_changes(*sets) if sets else study
    return _remember(_studies, (key, sets), changed)


def allocation_for_point(
    study: Study, key: str, params: dict[str, float], arm: ArmSpec
) -> float | pd.DataFrame:
    """The coverage of the arm "with" at one design point (an allocation table or a share)."""
    if arm.kind == "coverage":
        return float(arm.coverage)
    if arm.kind == "table":
        assert arm.table is not None
        return arm.table
    used = params if arm.resolve else {}
    sets = point_sets(used)
    found = _allocations.get((key, sets))
    if found is not None:
        return found
    from ucj_opt.allocate import solve

    allocation = solve(study_for_point(study, key, used))
    allocation.raise_if_infeasible()
    return _remember(_allocations, (key, sets), allocation.table)


def _inputs_for_point(
    study: Study, key: str, params: dict[str, float], arm: ArmSpec, households: int | None
) -> SimulationInputs:
    sets = point_sets(params)
    found = _inputs.get((key, sets, households))
    if found is not None:
        return found
    from ucj_opt.projection.inputs import build_inputs

    point_study = study_for_point(study, key, params)
    coverage = allocation_for_point(study, key, params, arm)
    inputs = build_inputs(point_study, coverage, households_per_group=households)
    return _remember(_inputs, (key, sets, households), inputs, _CACHE_SIZE)


def study_task(
    params: dict[str, float],
    seed: np.random.SeedSequence,
    *,
    study: Study,
    key: str,
    arm: ArmSpec,
    households_per_group: int | None = None,
) -> pd.DataFrame:
    """One replication at one design point, both arms on common random numbers, totals
    over the horizon (the columns of :func:`ucj_opt.montecarlo.scenario_task.projection_task`).

    ``key`` names the study (a hash of its settings and tables): the worker caches by it.
    """
    inputs = _inputs_for_point(study, key, params, arm, households_per_group)
    engine = study_for_point(study, key, params).scenario.simulation.engine
    return replication_totals(run_replication(inputs, seed, engine=engine))
