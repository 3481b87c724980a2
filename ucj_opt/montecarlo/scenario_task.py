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
from ucj_opt.simulation.result import ARM_METRICS, ARMS

__all__ = ["STOCKS", "point_sets", "projection_task", "scenario_inputs"]

STOCKS = ("persons", "poor", "extreme_poor")
"""Monthly head counts: reported as person-years (sum over months / 12)."""


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
    workers_per_group: int | None,
) -> tuple[SimulationInputs, str]:
    """Simulation inputs and engine of the scenario with ``sets`` applied (cached)."""
    from ucj_opt.projection.inputs import build_inputs
    from ucj_opt.scenario import load_scenario

    study = load_scenario(source, overrides=overrides, sets=sets)
    inputs = build_inputs(study, coverage, workers_per_group=workers_per_group)
    return inputs, study.scenario.simulation.engine


def projection_task(
    params: dict[str, float],
    seed: np.random.SeedSequence,
    *,
    source: str,
    coverage: float,
    overrides: tuple[str, ...] = (),
    sets: tuple[str, ...] = (),
    workers_per_group: int | None = None,
) -> pd.DataFrame:
    """One replication of the projection, both arms, totals over months and groups.

    Head counts are person-years; money is rupiah over the horizon; ``gap``/``severity``
    are FGT numerators summed over person-months.
    """
    inputs, engine = scenario_inputs(
        source, tuple(overrides), point_sets(params, sets), coverage, workers_per_group
    )
    result = run_replication(inputs, seed, engine=engine)  # type: ignore[arg-type]
    totals = result.arms.sum(axis=(1, 2))  # (metrics, arms)
    cols: dict[str, object] = {"arm": list(ARMS)}
    for k, name in enumerate(ARM_METRICS):
        if name in STOCKS:
            cols[f"{name}_person_years"] = totals[k] / 12.0
        else:
            cols[name] = totals[k]
    return pd.DataFrame(cols)
