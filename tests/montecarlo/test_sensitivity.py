"""Sensitivity against a linear model with known variance shares and elementary effects."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ucj_opt.montecarlo import build_design, load_results, paired_effect, run_montecarlo
from ucj_opt.montecarlo.design import Design
from ucj_opt.montecarlo.reference import paired_losses
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


def test_morris_effects_of_a_linear_model() -> None:
    design = build_design(_settings("morris", 20))
    out = sensitivity(_outcomes(design, 50), design).set_index("parameter")
    # x = 2u: an effect per unit of u is twice the coefficient
    for k, coef in A.items():
        assert out.loc[k, "mu"] == pytest.approx(2 * coef, abs=0.25)
        assert out.loc[k, "mu_star"] == pytest.approx(2 * coef, abs=0.25)
        assert out.loc[k, "trajectories"] == 20
    assert out.loc["a", "sigma"] < 0.5


def test_bad_inputs() -> None:
    design = build_design(_settings("lhs", 16))
    with pytest.raises(ValueError, match="Morris"):
        morris_effects(_outcomes(design, 2), design)
    with pytest.raises(ValueError, match="design points"):
        first_order_indices(_outcomes(design, 2).iloc[:5], design)


def test_sensitivity_of_a_stored_run_uses_the_stored_design(tmp_path: Path) -> None:
    params = [
        {"path": "rate", "distribution": {"kind": "uniform", "low": 20, "high": 80}},
        {"path": "coverage", "distribution": {"kind": "uniform", "low": 0.1, "high": 0.9}},
    ]
    settings = UncertaintySettings.model_validate(
        {"parameters": params, "design": "morris", "samples": 6, "root_seed": 2}
    )
    design = build_design(settings)
    run_montecarlo(paired_losses, design, replications=4, root_seed=2, store=tmp_path, quiet=True)
    loaded = load_results(tmp_path)
    assert loaded.experiment.kind == "morris"
    np.testing.assert_array_equal(loaded.experiment.unit, design.unit)
    effect = paired_effect(loaded.results, "cost")
    direct = morris_effects(effect, design)
    pd.testing.assert_frame_equal(morris_effects(effect, loaded.experiment), direct)
    # effect = rate·coverage·m: both parameters matter, in the expected direction
    assert (direct["mu"] > 0).all()
