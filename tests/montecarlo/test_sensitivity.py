"""Sensitivity against known answers: linear models (variance shares, exact elementary
effects), the Ishigami function (analytic first-order indices) and the reference model."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from ucj_opt.montecarlo import build_design, load_results, paired_effect, run_montecarlo
from ucj_opt.montecarlo.design import Design
from ucj_opt.montecarlo.reference import effect_moments, paired_losses
from ucj_opt.montecarlo.sensitivity import first_order_indices, morris_effects, sensitivity
from ucj_opt.scenario.uncertainty import UncertaintySettings

A = {"a": 3.0, "b": 1.0, "c": 0.0}
NOISE_SD = 0.5


def _settings(design: str, samples: int) -> UncertaintySettings:
    params = [{"path": k, "distribution": {"kind": "uniform", "low": 0, "high": 2}} for k in A]
    return UncertaintySettings.model_validate(
        {"parameters": params, "design": design, "samples": samples, "root_seed": 3}
    )


def _outcomes(design: Design, reps: int, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    signal = sum(coef * design.points[k].to_numpy() for k, coef in A.items())
    return pd.DataFrame(signal[:, None] + rng.normal(0, NOISE_SD, (len(signal), reps)))


@pytest.mark.parametrize("kind", ["lhs", "sobol", "mc"])
def test_first_order_shares_match_the_linear_model(kind: str) -> None:
    design = build_design(_settings(kind, 1024))
    out = first_order_indices(_outcomes(design, 4), design).set_index("source")
    var = {k: c**2 * 4 / 12 for k, c in A.items()}  # uniform on [0, 2]: variance 1/3
    total = sum(var.values()) + NOISE_SD**2
    for k in A:
        assert out.loc[k, "share"] == pytest.approx(var[k] / total, abs=0.04)
    assert out.loc["simulation noise", "share"] == pytest.approx(NOISE_SD**2 / total, abs=0.02)
    assert out.loc["unexplained", "share"] < 0.05
    assert out["share"].sum() == pytest.approx(1.0, abs=0.06)


# Morris: a linear function y = Σ c_i·x_i with x_i uniform on [low_i, high_i]. The design
# steps by Δu = ±1/2 on the unit cube, so every elementary effect (per unit of quantile) is
# exactly c_i·(high_i − low_i): mu = c_i·range_i, mu* = |c_i|·range_i and sigma = 0.
LINEAR = {"a": (3.0, 0.0, 2.0), "b": (-1.5, -1.0, 3.0), "c": (0.0, 5.0, 6.0), "d": (0.25, 0, 8)}


def _linear_design(samples: int, levels: int) -> Design:
    params = [
        {"path": k, "distribution": {"kind": "uniform", "low": lo, "high": hi}}
        for k, (_, lo, hi) in LINEAR.items()
    ]
    return build_design(
        UncertaintySettings.model_validate(
            {
                "parameters": params,
                "design": "morris",
                "samples": samples,
                "root_seed": 3,
                "morris_levels": levels,
            }
        )
    )


def _linear(design: Design) -> np.ndarray:
    return np.asarray(sum(c * design.points[k].to_numpy() for k, (c, _, _) in LINEAR.items()))


@pytest.mark.parametrize("levels", [4, 6])
def test_morris_effects_of_a_linear_model_are_exact(levels: int) -> None:
    design = _linear_design(20, levels)
    out = sensitivity(pd.DataFrame(_linear(design)), design).set_index("parameter")
    for k, (c, lo, hi) in LINEAR.items():
        assert out.loc[k, "mu"] == pytest.approx(c * (hi - lo), abs=1e-9)
        assert out.loc[k, "mu_star"] == pytest.approx(abs(c) * (hi - lo), abs=1e-9)
        assert out.loc[k, "sigma"] == pytest.approx(0.0, abs=1e-9)
        assert out.loc[k, "trajectories"] == 20


def test_morris_effects_of_a_noisy_linear_model() -> None:
    """Add N(0, s²) noise, R replications: each effect is c·range plus
    (ē_next − ē_prev)/Δu, normal with sd 2·√2·s/√R, one per trajectory and independent
    across trajectories; so mu is within 4 sd/√r of c·range and sigma² is sd²·χ²(r−1)/(r−1)."""
    r, reps, s = 40, 25, 0.5
    design = _linear_design(r, 4)
    rng = np.random.default_rng(8)
    y = pd.DataFrame(_linear(design)[:, None] + rng.normal(0.0, s, (len(design.points), reps)))
    out = morris_effects(y, design).set_index("parameter")
    sd = 2 * np.sqrt(2) * s / np.sqrt(reps)
    lo, hi = (sd * np.sqrt(stats.chi2.ppf(q, r - 1) / (r - 1)) for q in (1e-6, 1 - 1e-6))
    for k, (c, low, high) in LINEAR.items():
        assert abs(out.loc[k, "mu"] - c * (high - low)) < 4 * sd / np.sqrt(r), k
        assert lo < out.loc[k, "sigma"] < hi, k


# First order: the Ishigami function, inputs uniform on [−π, π], with closed-form
# first-order Sobol' indices (Ishigami & Homma 1990; Sobol' & Levitan 1999).
ISH_A, ISH_B = 7.0, 0.1


def _ishigami_truth() -> dict[str, float]:
    a, b, pi = ISH_A, ISH_B, np.pi
    v = a**2 / 8 + b * pi**4 / 5 + b**2 * pi**8 / 18 + 1 / 2
    v1, v2, v3 = 0.5 * (1 + b * pi**4 / 5) ** 2, a**2 / 8, 0.0
    v13 = b**2 * pi**8 * (1 / 18 - 1 / 50)  # the only interaction
    assert v1 + v2 + v3 + v13 == pytest.approx(v)
    return {"x1": v1 / v, "x2": v2 / v, "x3": v3 / v, "unexplained": v13 / v}


def _ishigami_shares(kind: str, samples: int, root_seed: int) -> pd.Series:
    params = [
        {"path": k, "distribution": {"kind": "uniform", "low": -np.pi, "high": np.pi}}
        for k in ("x1", "x2", "x3")
    ]
    design = build_design(
        UncertaintySettings.model_validate(
            {"parameters": params, "design": kind, "samples": samples, "root_seed": root_seed}
        )
    )
    x1, x2, x3 = (design.points[k].to_numpy() for k in ("x1", "x2", "x3"))
    y = np.sin(x1) + ISH_A * np.sin(x2) ** 2 + ISH_B * x3**4 * np.sin(x1)
    shares: pd.Series = first_order_indices(pd.DataFrame(y), design).set_index("source")["share"]
    return shares


def test_ishigami_closed_forms() -> None:
    truth = _ishigami_truth()
    assert truth["x1"] == pytest.approx(0.3139, abs=5e-5)
    assert truth["x2"] == pytest.approx(0.4424, abs=5e-5)
    assert truth["x3"] == 0.0


@pytest.mark.parametrize("kind", ["mc", "lhs", "sobol"])
def test_first_order_indices_recover_the_ishigami_indices(kind: str) -> None:
    """16 independent designs (root seeds; for Sobol', independent scrambles) of n = 4096
    points: the mean of each index is within 5 of its standard errors (sd across designs
    over √16) of the truth, give or take the binning bias. Equal-count bins of width
    w = 2π/m average E[Y|x_i] over the bin and lose about w²/12 · E[(dE[Y|x_i]/dx_i)²]:
    E[f₁'²] = (1 + bπ⁴/5)²/2 and E[f₂'²] = a²/2 (≤ 0.0015 of V here)."""
    n, designs = 4096, 16
    runs = pd.DataFrame([_ishigami_shares(kind, n, seed) for seed in range(designs)])
    truth = _ishigami_truth()
    w = 2 * np.pi / int(np.sqrt(n))
    v = ISH_A**2 / 8 + ISH_B * np.pi**4 / 5 + ISH_B**2 * np.pi**8 / 18 + 1 / 2
    bin_bias = {
        "x1": w**2 / 12 * (1 + ISH_B * np.pi**4 / 5) ** 2 / 2 / v,
        "x2": w**2 / 12 * ISH_A**2 / 2 / v,
    }
    bin_bias["unexplained"] = bin_bias["x1"] + bin_bias["x2"]
    mean, se = runs.mean(), runs.std(ddof=1) / np.sqrt(designs)
    for k in ("x1", "x2", "unexplained"):
        assert abs(mean[k] - truth[k]) <= 5 * se[k] + bin_bias[k], (k, mean[k], truth[k], se[k])
    # x3 has no first-order effect. Its estimate, clipped at 0, has sd ≈ √(2(m − 1))/n ≈ 0.003
    # per design (Var(Y | bin) ≈ V); the mean of 16 stays far below 0.01.
    assert 0.0 <= mean["x3"] < 0.01
    assert (runs["simulation noise"] == 0).all()  # one replication: no noise to report


def test_bad_inputs() -> None:
    design = build_design(_settings("lhs", 16))
    with pytest.raises(ValueError, match="Morris"):
        morris_effects(_outcomes(design, 2), design)
    with pytest.raises(ValueError, match="design points"):
        first_order_indices(_outcomes(design, 2).iloc[:5], design)


REPS = 64


def test_sensitivity_of_a_stored_run_uses_the_stored_design(tmp_path: Path) -> None:
    params = [
        {"path": "rate", "distribution": {"kind": "uniform", "low": 20, "high": 80}},
        {"path": "coverage", "distribution": {"kind": "uniform", "low": 0.1, "high": 0.9}},
    ]
    settings = UncertaintySettings.model_validate(
        {"parameters": params, "design": "morris", "samples": 6, "root_seed": 2}
    )
    design = build_design(settings)
    run_montecarlo(
        paired_losses,
        design,
        replications=REPS,
        root_seed=2,
        store=tmp_path,
        batch=REPS,
        quiet=True,
    )
    loaded = load_results(tmp_path)
    assert loaded.experiment.kind == "morris"
    np.testing.assert_array_equal(loaded.experiment.unit, design.unit)
    effect = paired_effect(loaded.results, "cost")
    direct = morris_effects(effect, design)
    pd.testing.assert_frame_equal(morris_effects(effect, loaded.experiment), direct)
    # The oracle: elementary effects of the closed-form mean effect (rate·coverage·m), step
    # by step along each trajectory; the simulated ones differ by the replication noise,
    # whose variance per point mean is the closed-form var/reps.
    mean = {k: 0.0 for k in design.names}
    var = {k: 0.0 for k in design.names}
    pts = design.points
    moments = [effect_moments(p["rate"], 1.0, p["coverage"], crn=True) for _, p in pts.iterrows()]
    k = len(design.names)
    trajectories = len(pts) // (k + 1)
    for start in range(0, len(pts), k + 1):
        for step in range(start, start + k):
            du = design.unit[step + 1] - design.unit[step]
            j = int(np.argmax(np.abs(du)))  # the one parameter this step moves
            name, d = design.names[j], float(du[j])
            mean[name] += (moments[step + 1]["mean"] - moments[step]["mean"]) / d / trajectories
            noise = (moments[step + 1]["var"] + moments[step]["var"]) / REPS / d**2
            var[name] += noise / trajectories**2
    for name in design.names:
        got = direct.set_index("parameter").loc[name, "mu"]
        assert abs(got - mean[name]) < 4 * np.sqrt(var[name]), (name, got, mean[name])
        assert mean[name] > 4 * np.sqrt(var[name])  # so the check could tell the sign apart
