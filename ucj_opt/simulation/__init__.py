"""Poverty projection: accidents, deaths and livelihood loss, with and without coverage.

Stable entry point for the Monte Carlo layer::

    run_replication(inputs: SimulationInputs, seed: numpy.random.SeedSequence,
                    *, engine: Literal["simpy", "vector"] = "simpy") -> ReplicationResult

- ``inputs`` holds plain numpy arrays and frozen dataclasses only (picklable); groups are
  region × segment × stratum (households of extreme-poor eligible workers, of other
  eligible workers, or with none), each with ``n_households`` simulated households
  standing for ``weight`` real ones; coverage is a share of a group's workers per year.
- ``seed`` is read, never spawned: every draw comes from a stream keyed by
  ``seed.spawn_key + (region_key, segment_key, purpose, year)``, and a household or worker
  is named by its position in its group. Both arms read the same streams (common random
  numbers).
- The result holds both arms ('without', 'with') as arrays (metric × year × group ×
  baseline status × arm) scaled to real persons, ``to_columns()`` and ``summary()``.

The SimPy engine runs the institutions (budget cycle, premiums and lapses, a claims office
with limited capacity, households) as processes that tick monthly over vectorised state;
the vector engine is the reference loop of the same model. This package never imports the
optimiser, YAML, pandas or matplotlib.
"""

from __future__ import annotations

from ucj_opt.simulation.chunks import run_in_chunks
from ucj_opt.simulation.inputs import (
    BANDS,
    STRATA,
    Benefits,
    Dynamics,
    Household,
    Institutions,
    SimulationInputs,
)
from ucj_opt.simulation.population import STATUSES
from ucj_opt.simulation.result import ARM_METRICS, ARMS, EVENTS, STOCKS, ReplicationResult
from ucj_opt.simulation.run import Engine, run_replication

__all__ = [
    "ARMS",
    "ARM_METRICS",
    "BANDS",
    "EVENTS",
    "STATUSES",
    "STOCKS",
    "STRATA",
    "Benefits",
    "Dynamics",
    "Engine",
    "Household",
    "Institutions",
    "ReplicationResult",
    "SimulationInputs",
    "run_in_chunks",
    "run_replication",
]
