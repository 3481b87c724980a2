"""Paired arms on common random numbers: properties that must hold for any inputs."""

from __future__ import annotations

import pickle
import subprocess
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from ucj_opt.simulation import ARM_METRICS, EVENTS, SimulationInputs, run_replication
from ucj_opt.simulation.engines import run_vector
from ucj_opt.simulation.result import Recorder
from ucj_opt.simulation.state import ReplicationState

MakeInputs = Callable[..., SimulationInputs]
BOTH_ARMS = tuple(m for m in ARM_METRICS if m != "premiums_paid")


def test_zero_benefit_gives_bit_identical_arms(make_inputs: MakeInputs) -> None:
    base = make_inputs(n=400, months=24, coverage=0.7, accident=0.3, death=0.05)
    inp = replace(base, benefits=replace(base.benefits, scale=0.0))
    for engine in ("vector", "simpy"):
        res = run_replication(inp, np.random.SeedSequence(4), engine=engine)  # type: ignore[arg-type]
        for name in BOTH_ARMS:
            arr = res.arm(name)
            assert np.array_equal(arr[..., 0], arr[..., 1]), name
        assert res.arm("premiums_paid")[..., 1].sum() > 0


def test_same_seed_same_bytes_and_seed_untouched(make_inputs: MakeInputs) -> None:
    inp = make_inputs(n=200, months=18)
    seed = np.random.SeedSequence(99, spawn_key=(3,))
    a = run_replication(inp, seed)
    b = run_replication(inp, np.random.SeedSequence(99, spawn_key=(3,)))
    assert a.arms.tobytes() == b.arms.tobytes()
    assert a.events.tobytes() == b.events.tobytes()
    assert seed.n_children_spawned == 0
    c = run_replication(inp, np.random.SeedSequence(99, spawn_key=(4,)))
    assert c.events.tobytes() != a.events.tobytes()


def test_coverage_does_not_change_the_shocks(make_inputs: MakeInputs) -> None:
    lo = make_inputs(n=300, months=24, coverage=0.1)
    hi = make_inputs(n=300, months=24, coverage=0.9)
    a = run_replication(lo, np.random.SeedSequence(1))
    b = run_replication(hi, np.random.SeedSequence(1))
    shared = [EVENTS.index(k) for k in EVENTS if k.startswith(("accident", "death", "liveli"))]
    np.testing.assert_array_equal(a.events[shared], b.events[shared])
    np.testing.assert_array_equal(a.arm("poor")[..., 0], b.arm("poor")[..., 0])


def test_a_group_keeps_its_shocks_when_other_groups_change(make_inputs: MakeInputs) -> None:
    one = make_inputs(n=200, groups=1, months=12)
    two = make_inputs(n=200, groups=2, months=12)
    a = run_replication(one, np.random.SeedSequence(8))
    b = run_replication(two, np.random.SeedSequence(8))
    # Groups of province 11 come first in both: the same households, the same shocks.
    np.testing.assert_array_equal(a.events[:, :, :2], b.events[:, :, :2])


def _paths(inp: SimulationInputs, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Each household's poverty flag and savings − debt in the arm 'with', month by month."""
    s = ReplicationState(inp, np.random.SeedSequence(seed))
    rec = Recorder(inp.months, s.pop.group, s.pop.status, inp.weight)
    flags, wealth = [], []
    original = rec.record_households

    def spy(month: int, *values: np.ndarray) -> None:
        original(month, *values)
        flags.append(s.poor_prev[1].copy())
        wealth.append(s.savings[1] - s.debt[1] + s.fund[1])

    rec.record_households = spy  # type: ignore[method-assign]
    run_vector(s, rec)
    return np.array(flags), np.array(wealth)


@settings(max_examples=10, deadline=None)
@given(
    lo=st.floats(0.0, 1.5),
    extra=st.floats(0.0, 1.5),
    oop=st.floats(0.0, 1.0),
    seed=st.integers(0, 2**32 - 1),
)
def test_a_larger_benefit_never_raises_anyone_s_poverty(
    make_inputs: MakeInputs, lo: float, extra: float, oop: float, seed: int
) -> None:
    base = make_inputs(n=80, months=24, coverage=0.8, accident=0.5, death=0.1, livelihood=0.5)
    small = replace(base, benefits=replace(base.benefits, scale=lo, oop_share=oop))
    large = replace(small, benefits=replace(small.benefits, scale=lo + extra))
    poor_small, wealth_small = _paths(small, seed)
    poor_large, wealth_large = _paths(large, seed)
    assert not np.any(poor_large & ~poor_small)
    assert np.all(wealth_large >= wealth_small - 1e-6)


def test_covering_only_the_extreme_poor_helps_them(make_inputs: MakeInputs) -> None:
    """The case of the issue: a budget that covers only extreme-poor workers shows its
    effect on them (it used to be exactly zero), positive in every replication here."""
    base = make_inputs(n=600, months=36, death=0.02)
    only = np.where(base.stratum == 0, 1.0, 0.0)
    inp = replace(base, coverage=np.tile(only, (base.coverage.shape[0], 1)))
    effects = [
        run_replication(inp, np.random.SeedSequence(7, spawn_key=(r,))).summary()[
            "extreme_poor_person_years_averted_among_extreme_poor"
        ]
        for r in range(6)
    ]
    assert min(effects) > 0, effects


def test_inputs_and_results_survive_pickling(make_inputs: MakeInputs) -> None:
    inp = make_inputs(n=100, months=12)
    again = pickle.loads(pickle.dumps(inp))
    a = run_replication(inp, np.random.SeedSequence(3))
    b = run_replication(again, np.random.SeedSequence(3))
    assert pickle.loads(pickle.dumps(a)).arms.tobytes() == b.arms.tobytes()


def test_simulation_imports_only_numpy_scipy_and_simpy() -> None:
    """The kernel ships to any worker: no pandas, YAML, pydantic, plotting or optimiser."""
    code = (
        "import sys, pickle\n"
        "inp = pickle.loads(sys.stdin.buffer.read())\n"
        "import numpy as np\n"
        "from ucj_opt.simulation import run_replication\n"
        "run_replication(inp, np.random.SeedSequence(1))\n"
        "bad = [m for m in ('pandas', 'yaml', 'matplotlib', 'ucj_opt.allocate', 'pydantic',\n"
        "                   'ucj_opt.scenario') if m in sys.modules]\n"
        "print(','.join(bad))\n"
    )
    from tests.simulate.conftest import build_inputs

    data = pickle.dumps(build_inputs(n=20, months=12))
    root = Path(__file__).resolve().parents[2]
    out = (
        subprocess.run(
            [sys.executable, "-c", code], input=data, capture_output=True, check=True, cwd=root
        )
        .stdout.decode()
        .strip()
    )
    assert out == ""
