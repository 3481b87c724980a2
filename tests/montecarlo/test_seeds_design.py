"""Keyed seeds, distributions and designs."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from scipy import stats

from tests.montecarlo.conftest import small_settings
from ucj_opt.montecarlo import build_design, inverse_cdf, replication_seed
from ucj_opt.montecarlo.design import unit_design
from ucj_opt.scenario.uncertainty import (
    Beta,
    LogNormal,
    Normal,
    Triangular,
    TruncNormal,
    UncertaintySettings,
    Uniform,
)


def _state(seed: np.random.SeedSequence) -> list[int]:
    return seed.generate_state(4).tolist()


@given(st.integers(0, 2**63), st.integers(0, 500), st.integers(0, 500))
def test_replication_seed_depends_only_on_its_key(root: int, point: int, rep: int) -> None:
    first = _state(replication_seed(root, point, rep))
    for p, r in [(point + 1, rep), (point, rep + 1), (0, 0)]:
        replication_seed(root, p, r)  # asking for other seeds changes nothing
    assert _state(replication_seed(root, point, rep)) == first
    assert _state(replication_seed(root, point, rep + 1)) != first
    assert _state(replication_seed(root, point + 1, rep)) != first
    assert _state(replication_seed(root + 1, point, rep)) != first


def test_points_and_replications_do_not_alias() -> None:
    states = {tuple(_state(replication_seed(3, p, r))) for p in range(30) for r in range(30)}
    assert len(states) == 900


def test_explicit_seed_list_is_used() -> None:
    a = replication_seed(0, 2, 1, seeds=[11, 12, 13])
    assert a.entropy == 12 and a.spawn_key == (2,)
    assert _state(a) == _state(np.random.SeedSequence(12, spawn_key=(2,)))


@pytest.mark.parametrize(
    ("dist", "frozen"),
    [
        (Uniform(low=2, high=5), stats.uniform(2, 3)),
        (Triangular(low=0, mode=1, high=4), stats.triang(0.25, loc=0, scale=4)),
        (Normal(mean=3, sd=2), stats.norm(3, 2)),
        (TruncNormal(mean=0.01, sd=0.02, low=0), stats.truncnorm(-0.5, np.inf, 0.01, 0.02)),
        (LogNormal(median=2, sigma=0.5), stats.lognorm(0.5, scale=2)),
        (Beta(alpha=2, beta=5, low=0.1, high=0.3), stats.beta(2, 5, loc=0.1, scale=0.2)),
    ],
)
def test_inverse_cdf_matches_the_distribution(dist: object, frozen: object) -> None:
    u = (np.arange(20000) + 0.5) / 20000
    x = inverse_cdf(dist, u)  # type: ignore[arg-type]
    assert np.mean(x) == pytest.approx(frozen.mean(), rel=2e-3, abs=1e-6)  # type: ignore[attr-defined]
    assert np.std(x) == pytest.approx(frozen.std(), rel=2e-2)  # type: ignore[attr-defined]
    assert np.all(np.diff(x) >= 0)


@settings(max_examples=20, deadline=None)
@given(st.integers(1, 64), st.integers(1, 5), st.integers(0, 10**6))
def test_lhs_puts_one_point_in_each_stratum(n: int, k: int, root: int) -> None:
    unit = unit_design("lhs", n, k, root)
    for j in range(k):
        assert sorted(np.floor(unit[:, j] * n).astype(int)) == list(range(n))


def test_sobol_is_balanced_and_rounded_to_a_power_of_two() -> None:
    d = build_design(small_settings(design="sobol", samples=12))
    assert len(d.points) == 16
    for j in range(2):
        counts = np.bincount(np.floor(d.unit[:, j] * 4).astype(int), minlength=4)
        assert counts.tolist() == [4, 4, 4, 4]


def test_morris_trajectories_move_one_parameter_a_step() -> None:
    k, levels = 3, 4
    unit = unit_design("morris", 5, k, root=1, levels=levels)
    step = levels / (2 * (levels - 1)) * (levels - 1) / levels
    for t in range(5):
        traj = unit[t * (k + 1) : (t + 1) * (k + 1)]
        moves = np.abs(np.diff(traj, axis=0))
        assert np.all((moves < 1e-12) | (np.abs(moves - step) < 1e-12))
        assert np.all((moves > 1e-12).sum(axis=1) == 1)
        assert sorted(np.argmax(moves, axis=1).tolist()) == list(range(k))
        assert np.all((traj > 0) & (traj < 1))


@pytest.mark.parametrize("kind", ["mc", "lhs", "sobol", "morris"])
def test_designs_are_deterministic_in_the_root(kind: str) -> None:
    a = build_design(small_settings(design=kind, samples=4))
    b = build_design(small_settings(design=kind, samples=4))
    c = build_design(small_settings(design=kind, samples=4, root_seed=8))
    assert a.points.equals(b.points)
    assert not a.points.equals(c.points)
    assert list(a.points.columns) == ["rate", "coverage"]
    assert a.points["rate"].between(20, 80).all()


def test_settings_reject_bad_input() -> None:
    with pytest.raises(ValidationError, match="below high"):
        small_settings(
            parameters=[{"path": "a", "distribution": {"kind": "uniform", "low": 2, "high": 1}}]
        )
    with pytest.raises(ValidationError, match="one seed per replication"):
        small_settings(seeds=[1, 2])
    with pytest.raises(ValidationError, match="repeated: rate"):
        p = {"path": "rate", "distribution": {"kind": "normal", "mean": 1, "sd": 1}}
        small_settings(parameters=[p, p])
    with pytest.raises(ValidationError):
        small_settings(parameters=[{"path": "x", "distribution": {"kind": "gamma"}}])
    with pytest.raises(ValidationError, match="morris"):
        UncertaintySettings(design="morris")
    assert UncertaintySettings().parameters == []
