"""A population run in chunks of groups equals the whole run (keyed draws per group)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from ucj_opt.simulation import run_in_chunks, run_replication
from ucj_opt.simulation.chunks import chunks_of

from .conftest import MakeInputs


def test_chunks_cover_every_group_once_within_the_limit(make_inputs: MakeInputs) -> None:
    inp = make_inputs(n=120, groups=3, months=12)  # 3 provinces: 6 groups of 120 or fewer
    for limit in (1, 100, 250, 10**6):
        chunks = chunks_of(inp, limit)
        assert np.array_equal(np.concatenate(chunks), np.arange(inp.n_groups))
        for c in chunks:
            assert len(c) == 1 or inp.n_households[c].sum() <= limit
    with pytest.raises(ValueError, match="at least 1"):
        chunks_of(inp, 0)


@pytest.mark.parametrize("workers", [1, 2])
def test_chunked_reference_run_equals_the_whole(make_inputs: MakeInputs, workers: int) -> None:
    inp = make_inputs(n=150, groups=3, months=18, coverage=0.6, accident=0.2, death=0.05)
    seed = np.random.SeedSequence(11, spawn_key=(2,))
    whole = run_replication(inp, seed, engine="vector")
    parts = run_in_chunks(inp, seed, engine="vector", max_households=160, workers=workers)
    assert len(chunks_of(inp, 160)) > 2
    assert parts.arms.tobytes() == whole.arms.tobytes()
    assert parts.events.tobytes() == whole.events.tobytes()
    np.testing.assert_allclose(parts.monthly, whole.monthly, rtol=1e-12, atol=1e-9)


def test_chunked_simpy_run_equals_the_whole_with_capacity_to_spare(
    make_inputs: MakeInputs,
) -> None:
    inp = make_inputs(n=150, groups=2, months=12, coverage=0.6, accident=0.3)
    inp = replace(inp, institutions=replace(inp.institutions, claims_capacity_per_1000=1000.0))
    seed = np.random.SeedSequence(5)
    whole = run_replication(inp, seed, engine="simpy")
    parts = run_in_chunks(inp, seed, engine="simpy", max_households=200)
    assert parts.arms.tobytes() == whole.arms.tobytes()
