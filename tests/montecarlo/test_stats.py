"""Statistics against closed forms: the reference model's moments and synthetic designs."""

from __future__ import annotations

import functools
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from ucj_opt.montecarlo import (
    build_design,
    convergence,
    mean_ci,
    paired_effect,
    replications_needed,
    run_montecarlo,
    summarise,
    target_reached,
)
from ucj_opt.montecarlo.reference import effect_moments, paired_losses
from ucj_opt.scenario.uncertainty import UncertaintySettings

RATE = 50.0


def _effects(tmp_path: Path, crn: bool, reps: int = 3000) -> pd.DataFrame:
    design = build_design(UncertaintySettings(samples=1, replications=reps))
    task = functools.partial(paired_losses, crn=crn)
    res = run_montecarlo(
        task,
        design,
        replications=reps,
        root_seed=1,
        store=tmp_path / str(crn),
        batch=1000,
        quiet=True,
    )
    return res.results


def _var_bounds(var: float, n: int, kurtosis_excess: float) -> tuple[float, float]:
    se = var * math.sqrt(2 / (n - 1) + kurtosis_excess / n)
    return var - 4 * se, var + 4 * se


@pytest.mark.parametrize("crn", [True, False])
def test_paired_effect_matches_closed_form(tmp_path: Path, crn: bool) -> None:
    d = paired_effect(_effects(tmp_path, crn), "cost")
    assert d.shape == (1, 3000)
    s = summarise(d)
    exact = effect_moments(RATE, 1.0, 0.5, crn=crn)
    assert abs(s.mean - exact["mean"]) < s.half_width * 1.5
    lo, hi = _var_bounds(exact["var"], 3000, kurtosis_excess=1.0)
    assert lo < s.sd_replications**2 < hi
    assert s.points == 1 and s.replications == 3000 and math.isnan(s.sd_parameters)


def test_crn_cuts_the_variance_of_the_effect(tmp_path: Path) -> None:
    v_crn = paired_effect(_effects(tmp_path, True, 800), "cost").to_numpy().var()
    v_ind = paired_effect(_effects(tmp_path, False, 800), "cost").to_numpy().var()
    assert v_ind / v_crn == pytest.approx((2 - 0.5) / 0.5, rel=0.35)


def test_ci_covers_the_true_mean_at_its_level() -> None:
    rng = np.random.default_rng(5)
    n, trials = 30, 2000
    x = rng.exponential(2.0, (trials, n))
    hits = 0
    for row in x:
        m, hw = mean_ci(row, 0.9)
        hits += abs(m - 2.0) <= hw
    # skewed data: a t interval at n=30 undercovers a little; binomial sd ≈ 0.0067
    assert 0.86 < hits / trials < 0.92


@settings(max_examples=25, deadline=None)
@given(
    st.integers(2, 40),
    st.integers(2, 8),
    st.floats(0.0, 5.0),
    st.floats(0.1, 5.0),
    st.integers(0, 10**6),
)
def test_decomposition_recovers_known_spreads(
    pts: int, reps: int, sd_between: float, sd_within: float, seed: int
) -> None:
    rng = np.random.default_rng(seed)
    mu = rng.normal(0, sd_between, pts)
    y = pd.DataFrame(mu[:, None] + rng.normal(0, sd_within, (pts, reps)))
    s = summarise(y)
    arr = y.to_numpy()
    assert s.mean == pytest.approx(arr.mean())
    assert s.sd_replications**2 == pytest.approx(arr.var(axis=1, ddof=1).mean())
    raw = arr.mean(axis=1).var(ddof=1)
    assert s.sd_parameters**2 == pytest.approx(max(raw - s.sd_replications**2 / reps, 0), abs=1e-9)
    t = stats.t.ppf(0.975, pts - 1)
    assert s.half_width == pytest.approx(t * math.sqrt(raw / pts))
    assert 0 <= s.noise_share <= 1


def test_decomposition_on_a_large_synthetic_design() -> None:
    rng = np.random.default_rng(0)
    y = pd.DataFrame(rng.normal(0, 2.0, (400, 1)) + rng.normal(0, 1.0, (400, 50)))
    s = summarise(y)
    assert s.sd_parameters == pytest.approx(2.0, rel=0.1)
    assert s.sd_replications == pytest.approx(1.0, rel=0.02)
    assert s.noise_share == pytest.approx(1 / 5, rel=0.2)


def test_convergence_ends_at_the_full_sample_ci() -> None:
    x = np.random.default_rng(2).normal(3, 1, 500)
    c = convergence(x)
    m, hw = mean_ci(x)
    assert c["mean"].iloc[-1] == pytest.approx(m)
    assert c["half_width"].iloc[-1] == pytest.approx(hw)
    assert c["half_width"].iloc[99] == pytest.approx(mean_ci(x[:100])[1])
    assert math.isnan(c["half_width"].iloc[0])


def test_stopping_rule() -> None:
    x = np.random.default_rng(3).normal(0, 2, 10_000)
    n = replications_needed(2.0, 0.1)
    assert n == math.ceil((1.959964 * 2 / 0.1) ** 2)
    assert target_reached(x[: int(n * 1.2)], 0.1)
    assert not target_reached(x[: n // 2], 0.1)
    with pytest.raises(ValueError):
        replications_needed(1.0, 0)


def test_stopping_rule_adds_replications_until_the_target(tmp_path: Path) -> None:
    from ucj_opt.montecarlo.stopping import run_to_target

    design = build_design(UncertaintySettings(samples=1, replications=2))
    exact = effect_moments(RATE, 1.0, 0.5, crn=True)
    target = 1.96 * math.sqrt(exact["var"] / 60)  # about 60 replications needed
    res, s = run_to_target(
        paired_losses,
        design,
        metric="cost",
        target_half_width=target,
        store=tmp_path / "t",
        root_seed=4,
        block=10,
        quiet=True,
    )
    assert s.half_width <= target
    assert 30 <= s.replications <= 120 and s.replications % 10 == 0
    assert res.results.replication.max() == s.replications - 1
    # the stopped run holds exactly the first replications of a fixed-size run
    fixed = run_montecarlo(
        paired_losses,
        design,
        replications=s.replications,
        root_seed=4,
        store=tmp_path / "f",
        batch=10,
        quiet=True,
    )
    pd.testing.assert_frame_equal(fixed.results, res.results, check_exact=True)
    _, capped = run_to_target(
        paired_losses,
        design,
        metric="cost",
        target_half_width=1e-9,
        store=tmp_path / "c",
        root_seed=4,
        block=5,
        max_replications=15,
        quiet=True,
    )
    assert capped.replications == 15 and capped.half_width > 1e-9
