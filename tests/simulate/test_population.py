"""Households calibrated to persons: the regions' rates, the tables' extreme-poor workers,
and incomes that move without drifting."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np
import pytest
from scipy.special import ndtr, ndtri
from scipy.stats import multivariate_normal

from tests.simulate.conftest import small_study
from ucj_opt.projection.inputs import calibrate, persistence_for_exit_rate
from ucj_opt.simulation import ARM_METRICS, STATUSES, SimulationInputs, run_replication
from ucj_opt.simulation.population import lognormal_parameters, synthesise
from ucj_opt.simulation.state import ReplicationState

MakeInputs = Callable[..., SimulationInputs]


def test_lognormal_meets_both_rates() -> None:
    mu, sigma = lognormal_parameters(0.1, 0.02, 609_160.0, 400_000.0)
    assert ndtr((np.log(609_160.0) - mu) / sigma) == pytest.approx(0.1)
    assert ndtr((np.log(400_000.0) - mu) / sigma) == pytest.approx(0.02)


def _persons_below(inp: SimulationInputs, seed: int = 1) -> tuple[float, float, float]:
    pop = synthesise(inp, np.random.SeedSequence(seed))
    pc = np.exp(inp.income_mu[pop.group] + inp.income_sigma[pop.group] * pop.z)
    persons = pop.size * inp.weight[pop.group]
    hh = inp.household
    return (
        float(persons.sum()),
        float(persons[pc < hh.poverty_line].sum()),
        float(persons[pc < hh.extreme_line].sum()),
    )


def test_persons_poor_and_extreme_poor_match_the_regions(make_inputs: MakeInputs) -> None:
    """Two provinces of 1 million, 10% poor, 2% extreme poor: 2m, 200k, 40k persons."""
    persons, poor, extreme = _persons_below(make_inputs(n=2000, rest=3000))
    assert persons == pytest.approx(2e6, rel=0.01)
    assert poor == pytest.approx(2e5, rel=0.02)
    assert extreme == pytest.approx(4e4, rel=0.02)


def test_extreme_poor_workers_live_in_extreme_poor_households(make_inputs: MakeInputs) -> None:
    inp = make_inputs(n=1500)
    pop = synthesise(inp, np.random.SeedSequence(3))
    pc = np.exp(inp.income_mu[pop.group] + inp.income_sigma[pop.group] * pop.z)
    stratum = inp.stratum[pop.group]
    assert np.all(pc[stratum == 0] < inp.household.extreme_line)
    assert np.all(pc[stratum == 1] >= inp.household.extreme_line)
    assert np.all(pop.status[stratum == 0] == STATUSES.index("extreme_poor"))
    assert np.all(pop.workers[stratum == 2] == 0) and np.all(pop.workers[stratum < 2] >= 1)
    # Real workers represented = the tables' counts: 4,000 extreme poor, 36,000 others.
    workers = pop.workers * inp.weight[pop.group]
    assert workers[stratum == 0].sum() == pytest.approx(2 * 4000, rel=0.01)
    assert workers[stratum == 1].sum() == pytest.approx(2 * 36000, rel=0.01)


def test_calibration_fits_workers_to_the_extreme_poor_persons() -> None:
    """4,000 extreme-poor workers in households of 4.76 persons, and 20,000 extreme-poor
    persons in the province: 4,000 × 4.76 / 20,000 = 0.952 workers per household, so one
    each (the least there can be), holding 19,040 persons; the other 960 extreme-poor
    persons live in households without an eligible worker."""
    groups, cal = calibrate(small_study(1))
    ext = groups[groups["stratum"] == 0].iloc[0]
    assert ext["k"] == pytest.approx(1.0)
    assert ext["persons"] == pytest.approx(4000 * 4.76)
    rest = groups[groups["stratum"] == 2].iloc[0]
    assert rest["bands"][0] * rest["persons"] == pytest.approx(20_000 - 4000 * 4.76)
    assert groups["persons"].sum() == pytest.approx(1e6)
    assert cal.notes == ()


def test_persistence_gives_the_exit_rate() -> None:
    rho = persistence_for_exit_rate(0.35, 0.085)
    c = float(ndtri(0.085))
    both = multivariate_normal(mean=[0, 0], cov=[[1, rho], [rho, 1]]).cdf([c, c])
    assert 1 - both / 0.085 == pytest.approx(0.35, abs=1e-6)


def _poverty_path(inp: SimulationInputs, reps: int = 3) -> np.ndarray:
    """Persons poor / persons, month by month (mean over replications), arm 'without'."""
    k, n = ARM_METRICS.index("poor"), ARM_METRICS.index("persons")
    rates = []
    for r in range(reps):
        m = run_replication(inp, np.random.SeedSequence(5, spawn_key=(r,))).monthly
        rates.append(m[k, :, :, 0].sum(axis=1) / m[n, :, :, 0].sum(axis=1))
    return np.mean(rates, axis=0)


def test_without_shocks_or_trend_poverty_does_not_drift(make_inputs: MakeInputs) -> None:
    base = make_inputs(n=1500, rest=3000, months=48, accident=0.0, death=0.0, livelihood=0.0)
    calm = replace(base, dynamics=replace(base.dynamics, growth_per_year=0.0))
    path = _poverty_path(calm)
    assert path[0] == pytest.approx(0.10, abs=0.004)
    assert path[-12:].mean() == pytest.approx(path[0], abs=0.006)


def test_without_shocks_poverty_follows_the_trend(make_inputs: MakeInputs) -> None:
    base = make_inputs(n=1500, rest=3000, months=48, accident=0.0, death=0.0, livelihood=0.0)
    g = base.dynamics.growth_per_year
    sigma = float(base.income_sigma[0])
    path = _poverty_path(base)
    years = np.arange(len(path)) / 12
    expected = ndtr(ndtri(0.10) - g * years / sigma)
    assert expected[12] == pytest.approx(0.10 - 0.003, abs=2e-4)  # the default decline
    np.testing.assert_allclose(path[::12], expected[::12], atol=0.006)


def test_households_churn_at_the_panel_exit_rate(make_inputs: MakeInputs) -> None:
    """A third of the poor leave poverty within a year without any shock (exit rate 0.35),
    so the extreme poor at the start are not the extreme poor forever."""
    inp = make_inputs(n=1500, rest=3000, months=12, accident=0.0, death=0.0, livelihood=0.0)
    inp = replace(inp, dynamics=replace(inp.dynamics, growth_per_year=0.0))
    s = ReplicationState(inp, np.random.SeedSequence(2))
    pc0 = np.exp(s.mu + s.sigma * s.z)
    rho = inp.dynamics.persistence_per_year ** (1 / 12)
    for month in range(1, 13):
        if month % 12 in (0, 1):
            s.draws_for_year(month // 12)
        s.z = rho * s.z + np.sqrt(1 - rho * rho) * s._xi[month % 12]
    pc1 = np.exp(s.mu + s.sigma * s.z)
    w = s.size0 * inp.weight[s.pop.group]
    line = inp.household.poverty_line
    poor0 = pc0 < line
    exit_rate = (w * (poor0 & (pc1 >= line))).sum() / (w * poor0).sum()
    assert exit_rate == pytest.approx(0.35, abs=0.03)
