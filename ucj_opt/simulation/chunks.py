"""A large population in chunks of groups, on several processes, summed into one result.

Every draw is keyed by (seed, region, segment, purpose, year) and every household belongs
to one group, so a group simulates the same whether it runs alone or with the others: the
chunked result of the reference engine equals the whole one (the arms per group bit for
bit; the national monthly series up to the order of a sum). In the SimPy engine the claims
office serves each chunk with its share of the capacity, which changes nothing while the
office has capacity to spare (the default).

Memory is what makes chunks worth having: a replication holds about 0.9 KB per household
with its workers, so the whole country 1:1 (20 million households) does not fit in one
piece on a laptop, but a chunk of 1.5 million households does.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from ucj_opt.simulation.inputs import SimulationInputs
from ucj_opt.simulation.result import ReplicationResult
from ucj_opt.simulation.run import Engine, run_replication
from ucj_opt.worker_pool import spawn_pool, starting_workers

__all__ = ["chunks_of", "run_in_chunks"]


def chunks_of(inputs: SimulationInputs, max_households: int) -> list[NDArray[np.int64]]:
    """Consecutive groups in chunks of at most ``max_households`` simulated households
    (a group larger than that is a chunk of its own)."""
    if max_households < 1:
        raise ValueError(f"max_households must be at least 1, not {max_households}")
    out: list[NDArray[np.int64]] = []
    start, total = 0, 0
    for g, n in enumerate(inputs.n_households.tolist()):
        if g > start and total + n > max_households:
            out.append(np.arange(start, g, dtype=np.int64))
            start, total = g, 0
        total += n
    out.append(np.arange(start, inputs.n_groups, dtype=np.int64))
    return out


def run_in_chunks(
    inputs: SimulationInputs,
    seed: np.random.SeedSequence,
    *,
    engine: Engine = "vector",
    max_households: int = 1_500_000,
    workers: int = 1,
) -> ReplicationResult:
    """One replication of ``inputs``, run chunk by chunk (on ``workers`` processes).

    Examples
    --------
    >>> import numpy as np
    >>> from ucj_opt.projection.examples import example_study
    >>> from ucj_opt.projection.inputs import build_inputs
    >>> inputs = build_inputs(example_study(2), 0.5, years=1, households_per_group=40)
    >>> seed = np.random.SeedSequence(7)
    >>> whole = run_replication(inputs, seed, engine="vector")
    >>> parts = run_in_chunks(inputs, seed, max_households=100)
    >>> bool((parts.arms == whole.arms).all())
    True
    """
    chunks = chunks_of(inputs, max_households)
    if len(chunks) == 1:
        return run_replication(inputs, seed, engine=engine)
    if workers > 1:
        # A fresh process per chunk: memory freed by one chunk is not always returned to
        # the system, and the next chunk would add to it (8.9 GB after seven chunks).
        with (
            spawn_pool(min(workers, len(chunks)), max_tasks_per_child=1) as pool,
            starting_workers(),
        ):
            futures = [
                pool.submit(run_replication, inputs.select(c), seed, engine=engine) for c in chunks
            ]
            parts = [f.result() for f in futures]
    else:
        parts = [run_replication(inputs.select(c), seed, engine=engine) for c in chunks]
    first = parts[0]
    arms = np.zeros((*first.arms.shape[:2], inputs.n_groups, *first.arms.shape[3:]))
    events = np.zeros((*first.events.shape[:2], inputs.n_groups))
    monthly = np.zeros_like(first.monthly)
    for groups, part in zip(chunks, parts, strict=True):
        arms[:, :, groups] = part.arms
        events[:, :, groups] = part.events
        monthly += part.monthly
    return ReplicationResult(
        region=inputs.region,
        segment=inputs.segment,
        stratum=inputs.stratum,
        arms=arms,
        monthly=monthly,
        events=events,
    )
