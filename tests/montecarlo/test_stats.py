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


def _long_results(
    effect: np.ndarray, rng: np.random.Generator, base_sd: float = 3.0
) -> pd.DataFrame:
    """Engine-shaped rows whose paired effect (without − with) is ``effect[point, rep]``.

    Both arms share a common level (cancelled by pairing) and each arm's value is split
    over two regions at random, so recovering ``effect`` needs outcome_matrix to sum the
    rows of a (point, replication) and paired_effect to difference the arms.
    """
    pts, reps = effect.shape
    common = rng.normal(100.0, base_sd, (pts, reps))
    rows = []
    for arm, value in (("without", common + effect), ("with", common)):
        split = rng.random((pts, reps))
        for region, part in (("A", split * value), ("B", (1 - split) * value)):
            p, r = np.meshgrid(np.arange(pts), np.arange(reps), indexing="ij")
            rows.append(
                pd.DataFrame(
                    {
                        "point": p.ravel(),
                        "replication": r.ravel(),
                        "arm": arm,
                        "region": region,
                        "cost": part.ravel(),
                    }
                )
            )
    return pd.concat(rows, ignore_index=True).sample(frac=1.0, random_state=0)


TAIL = 1e-6  # each chi-square or normal bound below fails with probability 2e-6


@settings(deadline=None)
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
    """effect = 2 + a(point) + e(point, rep), a ~ N(0, sd_between²), e ~ N(0, sd_within²):
    the spreads the statistics report lie within exact chi-square bounds of the truth."""
    rng = np.random.default_rng(seed)
    a = rng.normal(0.0, sd_between, pts)
    effect = 2.0 + a[:, None] + rng.normal(0.0, sd_within, (pts, reps))
    d = paired_effect(_long_results(effect, rng), "cost")
    assert d.shape == (pts, reps)
    np.testing.assert_allclose(d.to_numpy(), effect, atol=1e-9)
    s = summarise(d)
    assert s.points == pts and s.replications == reps

    # Pooled within-point variance: sd_within² · χ²(df) / df with df = pts·(reps − 1).
    df_w = pts * (reps - 1)
    w_lo, w_hi = (sd_within**2 * stats.chi2.ppf(q, df_w) / df_w for q in (TAIL, 1 - TAIL))
    assert w_lo <= s.sd_replications**2 <= w_hi

    # Variance of point means: (sd_between² + sd_within²/reps) · χ²(pts − 1) / (pts − 1),
    # independent of the within part; the estimate of sd_between² is it less within/reps.
    v_means = sd_between**2 + sd_within**2 / reps
    r_lo, r_hi = (v_means * stats.chi2.ppf(q, pts - 1) / (pts - 1) for q in (TAIL, 1 - TAIL))
    b_lo, b_hi = max(r_lo - w_hi / reps, 0.0), max(r_hi - w_lo / reps, 0.0)
    assert b_lo - 1e-9 <= s.sd_parameters**2 <= b_hi + 1e-9

    # Grand mean: normal with variance v_means / pts about the true mean 2.
    z = stats.norm.ppf(1 - TAIL)
    assert abs(s.mean - 2.0) <= z * math.sqrt(v_means / pts) + 1e-9


def test_decomposition_within_four_standard_errors_on_a_large_design() -> None:
    """Normal theory: Var(s²) = 2σ⁴/df; the between estimate raw − within/R has variance
    2(σ_a² + σ_e²/R)²/(P − 1) + 2σ_e⁴/(R²·df). Sized so that forgetting to remove the
    noise the point means carry (a bias of σ_e²/R = 1) would be 9.6 standard errors off."""
    pts, reps, sd_a, sd_e = 2000, 4, 1.5, 2.0
    rng = np.random.default_rng(11)
    effect = rng.normal(0.0, sd_a, pts)[:, None] + rng.normal(0.0, sd_e, (pts, reps))
    s = summarise(paired_effect(_long_results(effect, rng), "cost"))
    df_w = pts * (reps - 1)
    se_w = sd_e**2 * math.sqrt(2 / df_w)
    se_b = math.sqrt(
        2 * (sd_a**2 + sd_e**2 / reps) ** 2 / (pts - 1) + 2 * sd_e**4 / (reps**2 * df_w)
    )
    assert abs(s.sd_replications**2 - sd_e**2) < 4 * se_w
    assert abs(s.sd_parameters**2 - sd_a**2) < 4 * se_b


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
