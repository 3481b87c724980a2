"""Paired arms on common random numbers: properties that must hold for any inputs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from ucj_opt.simulation import SimulationInputs, run_replication
from ucj_opt.simulation.engines import run_vector
from ucj_opt.simulation.households import household_month
from ucj_opt.simulation.result import EVENTS, Recorder
from ucj_opt.simulation.state import ReplicationState

MakeInputs = Callable[..., SimulationInputs]
POVERTY = (
    "persons",
    "poor",
    "extreme_poor",
    "gap",
    "severity",
    "entries",
    "exits",
    "impoverished_by_shock",
    "debt",
)


def test_zero_benefit_gives_bit_identical_arms(make_inputs: MakeInputs) -> None:
    base = make_inputs(n=1500, months=24, coverage=0.7, accident=0.3, death=0.05)
    inp = replace(base, benefits=replace(base.benefits, scale=0.0))
    for engine in ("vector", "simpy"):
        res = run_replication(inp, np.random.SeedSequence(4), engine=engine)  # type: ignore[arg-type]
        for name in (*POVERTY, "oop_paid", "benefits_paid"):
            arr = res.arm(name)
            assert np.array_equal(arr[..., 0], arr[..., 1]), name
        assert res.arm("premiums_paid")[..., 1].sum() > 0


def test_same_seed_same_bytes_and_seed_untouched(make_inputs: MakeInputs) -> None:
    inp = make_inputs(n=500, months=18)
    seed = np.random.SeedSequence(99, spawn_key=(3,))
    a = run_replication(inp, seed)
    b = run_replication(inp, np.random.SeedSequence(99, spawn_key=(3,)))
    assert a.arms.tobytes() == b.arms.tobytes()
    assert a.events.tobytes() == b.events.tobytes()
    assert seed.n_children_spawned == 0
    c = run_replication(inp, np.random.SeedSequence(99, spawn_key=(4,)))
    assert c.events.tobytes() != a.events.tobytes()


def test_coverage_does_not_change_the_shocks(make_inputs: MakeInputs) -> None:
    lo = make_inputs(n=800, months=24, coverage=0.1)
    hi = make_inputs(n=800, months=24, coverage=0.9)
    a = run_replication(lo, np.random.SeedSequence(1))
    b = run_replication(hi, np.random.SeedSequence(1))
    shared = [EVENTS.index(k) for k in EVENTS if k not in ("claims", "insured_worker_months")]
    np.testing.assert_array_equal(a.events[shared], b.events[shared])
    np.testing.assert_array_equal(a.arm("poor")[..., 0], b.arm("poor")[..., 0])


def test_a_group_keeps_its_shocks_when_other_groups_change(make_inputs: MakeInputs) -> None:
    one = make_inputs(n=600, groups=1, months=12)
    two = make_inputs(n=600, groups=2, months=12)
    a = run_replication(one, np.random.SeedSequence(8))
    b = run_replication(two, np.random.SeedSequence(8))
    np.testing.assert_array_equal(a.events[:, :, 0], b.events[:, :, 0])


def _poor_paths(inp: SimulationInputs, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Poverty flag and consumption proxy (savings − debt) of every household, monthly."""
    s = ReplicationState(inp, np.random.SeedSequence(seed))
    rec = Recorder(inp.months, inp.offsets)
    flags, wealth = [], []

    def spy(state: ReplicationState, month: int, r: Recorder) -> None:
        household_month(state, month, r)
        flags.append(state.poor_prev[1].copy())
        wealth.append(state.savings[1] - state.debt[1])

    import ucj_opt.simulation.engines as engines

    original = engines.household_month
    engines.household_month = spy
    try:
        run_vector(s, rec)
    finally:
        engines.household_month = original
    return np.array(flags), np.array(wealth)


@settings(max_examples=15, deadline=None)
@given(
    lo=st.floats(0.0, 1.5),
    extra=st.floats(0.0, 1.5),
    oop=st.floats(0.0, 1.0),
    seed=st.integers(0, 2**32 - 1),
)
def test_a_larger_benefit_never_raises_anyone_s_poverty(
    make_inputs: MakeInputs, lo: float, extra: float, oop: float, seed: int
) -> None:
    base = make_inputs(n=300, months=24, coverage=0.8, accident=0.5, death=0.1, livelihood=0.5)
    small = replace(base, benefits=replace(base.benefits, scale=lo, oop_share=oop))
    large = replace(small, benefits=replace(small.benefits, scale=lo + extra))
    poor_small, wealth_small = _poor_paths(small, seed)
    poor_large, wealth_large = _poor_paths(large, seed)
    assert not np.any(poor_large & ~poor_small)
    assert np.all(wealth_large >= wealth_small - 1e-6)


def test_a_replication_imports_no_pandas_yaml_or_plotting() -> None:
    """The kernel ships to any worker: plain numpy and SimPy only."""
    import subprocess
    import sys

    code = (
        "import sys, numpy as np\n"
        "from ucj_opt.simulation import SimulationInputs, run_replication\n"
        "one = np.ones(1)\n"
        "inp = SimulationInputs(('R',), ('s',), np.zeros(1, np.int64), np.zeros(1, np.int64),\n"
        "    np.full(1, 50, np.int64), one, one * 0.1, one * 0.01, one * 0.1, one * 0.01,\n"
        "    one * 0.1, np.ones((1, 1)) * 0.5, np.ones((1, 1)) * 0.5, months=12)\n"
        "run_replication(inp, np.random.SeedSequence(1))\n"
        "bad = [m for m in ('pandas', 'yaml', 'matplotlib', 'ucj_opt.allocate', 'pydantic')\n"
        "       if m in sys.modules]\n"
        "print(','.join(bad))\n"
    )
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root
    ).stdout.strip()
    assert out == ""
