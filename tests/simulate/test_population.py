"""Households are calibrated to the group's poverty figures and reproducible from a seed."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
from scipy.stats import norm

from ucj_opt.simulation import SimulationInputs, run_replication
from ucj_opt.simulation.population import lognormal_parameters, synthesise

MakeInputs = Callable[..., SimulationInputs]


@pytest.mark.parametrize(("p", "e"), [(0.0847, 0.0085), (0.30, 0.08), (0.04, 0.001)])
def test_lognormal_parameters_meet_both_rates(p: float, e: float) -> None:
    mu, sigma = lognormal_parameters(p, e, 609_160.0, 400_000.0, 0.6)
    assert norm.cdf((np.log(609_160.0) - mu) / sigma) == pytest.approx(p, rel=1e-9)
    assert norm.cdf((np.log(400_000.0) - mu) / sigma) == pytest.approx(e, rel=1e-9)


def test_lognormal_parameters_fall_back_when_extreme_rate_missing() -> None:
    mu, sigma = lognormal_parameters(0.1, 0.0, 609_160.0, 400_000.0, 0.6)
    assert sigma == 0.6
    assert norm.cdf((np.log(609_160.0) - mu) / sigma) == pytest.approx(0.1)


def test_synthetic_rates_within_one_over_n(make_inputs: MakeInputs) -> None:
    inp = make_inputs(n=997, groups=3)
    pop = synthesise(inp, np.random.SeedSequence(5))
    for g in range(3):
        pc = pop.consumption_pc[pop.group == g]
        assert abs(np.mean(pc < 609_160.0) - 0.10) <= 1 / 997 + 1e-12
        assert abs(np.mean(pc < 400_000.0) - 0.02) <= 1 / 997 + 1e-12


def test_population_reproducible_and_seed_specific(make_inputs: MakeInputs) -> None:
    inp = make_inputs(n=300)
    a = synthesise(inp, np.random.SeedSequence(7))
    b = synthesise(inp, np.random.SeedSequence(7))
    c = synthesise(inp, np.random.SeedSequence(8))
    assert np.array_equal(a.consumption_pc, b.consumption_pc)
    assert np.array_equal(a.size, b.size)
    assert not np.array_equal(a.consumption_pc, c.consumption_pc)


@pytest.mark.parametrize("engine", ["vector", "simpy"])
def test_without_shocks_poverty_stays_at_calibrated_level(
    make_inputs: MakeInputs, engine: str
) -> None:
    inp = make_inputs(n=1000, months=36, accident=0.0, death=0.0, livelihood=0.0)
    res = run_replication(inp, np.random.SeedSequence(3), engine=engine)  # type: ignore[arg-type]
    poor = res.arm("poor")
    assert np.all(poor == poor[0:1])  # every month, group and arm equals month 0
    assert res.arm("benefits_paid").sum() == 0
    assert res.arm("entries").sum() == 0
    pop = synthesise(inp, np.random.SeedSequence(3))
    expected = (pop.size * (pop.consumption_pc < 609_160.0)).sum() * 10.0
    assert poor[0, :, 0].sum() == pytest.approx(expected)
