"""The Monte Carlo task for the real projection: a design point applied to a scenario.

Each design point becomes ``--set path=value`` items on top of the scenario, so every draw
passes the same validation as a hand-written scenario (a value outside an Estimate's
range is refused, not silently used). The loaded scenario and its simulation inputs are
cached per process, so a batch of replications at one point loads the scenario once.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from ucj_opt.simulation import SimulationInputs, run_replication
from ucj_opt.simulation.population import STATUSES
from ucj_opt.simulation.result import ARM_METRICS, ARMS, STOCKS, ReplicationResult

__all__ = [
    "TARGETED",
    "point_sets",
    "projection_task",
    "replication_totals",
    "scenario_inputs",
]

TARGETED = ("poor", "extreme_poor", "extreme_gap", "extreme_severity")
"""Metrics also reported for the households that were extreme poor at the start."""


def point_sets(params: dict[str, float], sets: Sequence[str] = ()) -> tuple[str, ...]:
    """The ``path=value`` items that apply a design point on top of ``sets``."""
    return (*sets, *(f"{path}={value!r}" for path, value in sorted(params.items())))


def resolve_source(source: str) -> str:
    """An absolute path for a scenario file (workers may start elsewhere)."""
    if source.startswith("embedded:"):
        return source
    return str(Path(source).resolve())


@functools.lru_cache(maxsize=4)
def scenario_inputs(
    source: str,
    overrides: tuple[str, ...],
    sets: tuple[str, ...],
    coverage: float,
    households_per_group: int | None,
) -> tuple[SimulationInputs, str]:
    """Simulation inputs and engine of the scenario with ``sets`` applied (cached)."""
    from ucj_opt.projection.inputs import build_inputs
    from ucj_opt.scenario import load_scenario

    study = load_scenario(source, overrides=overrides, sets=sets)
    inputs = build_inputs(study, coverage, households_per_group=households_per_group)
    return inputs, study.scenario.simulation.engine


def projection_task(
    params: dict[str, float],
    seed: np.random.SeedSequence,
    *,
    source: str,
    coverage: float,
    overrides: tuple[str, ...] = (),
    sets: tuple[str, ...] = (),
    households_per_group: int | None = None,
) -> pd.DataFrame:
    """One replication of the projection, both arms, totals over the horizon.

    Stocks (head counts, FGT numerators, household counts, debt) are person-years (or
    household-years); flows and money are totals. ``TARGETED`` metrics are repeated for
    the households that were extreme poor at the start (``..._among_extreme_poor``).
    """
    inputs, engine = scenario_inputs(
        source, tuple(overrides), point_sets(params, sets), coverage, households_per_group
    )
    result = run_replication(inputs, seed, engine=engine)  # type: ignore[arg-type]
    return replication_totals(result)


def replication_totals(result: ReplicationResult) -> pd.DataFrame:
    """Both arms of one replication summed over the horizon, one row per arm.

    Stocks (head counts, FGT numerators, household counts, debt) are person-years (or
    household-years); flows and money are totals. ``TARGETED`` metrics are repeated for
    the households that were extreme poor at the start (``..._among_extreme_poor``).
    """
    totals = result.arms.sum(axis=(1, 2, 3))  # (metrics, arms)
    extreme = result.arms[:, :, :, STATUSES.index("extreme_poor")].sum(axis=(1, 2))
    cols: dict[str, object] = {"arm": list(ARMS)}
    for k, name in enumerate(ARM_METRICS):
        per = 12.0 if name in STOCKS else 1.0
        label = f"{name}_person_years" if name in STOCKS else name
        cols[label] = totals[k] / per
        if name in TARGETED:
            cols[f"{label}_among_extreme_poor"] = extreme[k] / per
    return pd.DataFrame(cols)
