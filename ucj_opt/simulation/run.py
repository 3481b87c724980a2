"""One replication, both arms: the entry point the Monte Carlo layer calls."""

from __future__ import annotations

from typing import Literal

import numpy as np

from ucj_opt.simulation.engines import run_simpy, run_vector
from ucj_opt.simulation.inputs import SimulationInputs
from ucj_opt.simulation.population import STATUSES
from ucj_opt.simulation.result import Recorder, ReplicationResult
from ucj_opt.simulation.state import ReplicationState

__all__ = ["Engine", "run_replication"]

Engine = Literal["simpy", "vector"]


def run_replication(
    inputs: SimulationInputs,
    seed: np.random.SeedSequence,
    *,
    engine: Engine = "simpy",
) -> ReplicationResult:
    """Simulate both arms ('without', 'with') of one replication.

    ``seed`` names the replication (e.g. ``SeedSequence(entropy, spawn_key=(rep,))``); it
    is read, never spawned, so the same seed always gives the same result.
    """
    if engine not in ("simpy", "vector"):
        raise ValueError(f"engine must be 'simpy' or 'vector', not {engine!r}")
    state = ReplicationState(inputs, seed)
    rec = Recorder(inputs.months, state.pop.group, state.pop.status, inputs.weight)
    (run_simpy if engine == "simpy" else run_vector)(state, rec)
    shape = (rec.arms.shape[0], rec.arms.shape[1], inputs.n_groups, len(STATUSES), 2)
    return ReplicationResult(
        region=inputs.region,
        segment=inputs.segment,
        stratum=inputs.stratum,
        arms=rec.arms.reshape(shape),
        monthly=rec.monthly,
        events=rec.events,
    )
