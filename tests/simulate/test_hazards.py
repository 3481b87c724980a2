"""The hazard model against closed forms, and the two engines against each other."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np
import pytest

from ucj_opt.simulation import SimulationInputs, run_replication
from ucj_opt.simulation.state import _geometric

MakeInputs = Callable[..., SimulationInputs]
SEED = np.random.SeedSequence(2026)


def _counts(inp: SimulationInputs, engine: str = "vector", seed: int = 1) -> dict[str, float]:
    res = run_replication(inp, np.random.SeedSequence(seed), engine=engine)  # type: ignore[arg-type]
    w = inp.weight[0]
    names = (
        "accident_medical",
        "accident_temporary",
        "accident_partial",
        "accident_total",
        "accident_death",
        "death_not_from_work",
        "livelihood_loss",
        "worker_months",
    )
    out = {k: float(res.event(k).sum() / w) for k in names}
    out["accidents"] = sum(out[k] for k in names[:5])
    out["alive_last"] = float(res.event("worker_months")[-1].sum() / w)
    return out


def _within(observed: float, expected: float, sd: float, z: float = 4.5) -> None:
    assert abs(observed - expected) <= z * sd, (observed, expected, sd)


def test_survival_is_exponential(make_inputs: MakeInputs) -> None:
    lam, n, months = 0.3, 20_000, 24
    inp = make_inputs(n=n // 2, months=months, accident=0.0, death=lam, livelihood=0.0)
    c = _counts(inp)
    # Alive at the start of the last month: survived months - 1 monthly steps.
    p = np.exp(-lam * (months - 1) / 12)
    _within(c["alive_last"], n * p, np.sqrt(n * p * (1 - p)))


def test_expected_event_counts(make_inputs: MakeInputs) -> None:
    la, ld, ll, n, months = 0.05, 0.2, 0.3, 20_000, 36
    inp = make_inputs(n=n // 2, months=months, accident=la, death=ld, livelihood=ll)
    c = _counts(inp)
    lam_total = la + ld + ll
    p_event = 1 - np.exp(-lam_total / 12)
    # Each month a living worker dies (not from work, or a fatal accident: 3% of
    # accidents) with probability p_event * (ld + 0.03 la) / lam_total.
    q = p_event * (ld + 0.03 * la) / lam_total
    alive = n * (1 - q) ** np.arange(months)
    wm = alive.sum()
    _within(c["worker_months"], wm, np.sqrt(wm))
    for name, lam_k in (("accidents", la), ("death_not_from_work", ld), ("livelihood_loss", ll)):
        expected = wm * p_event * lam_k / lam_total
        _within(c[name], expected, np.sqrt(expected))


def test_competing_risk_and_severity_shares(make_inputs: MakeInputs) -> None:
    inp = make_inputs(n=20_000, months=24, accident=0.3, death=0.1, livelihood=0.2)
    c = _counts(inp)
    total = c["accidents"] + c["death_not_from_work"] + c["livelihood_loss"]
    for name, share in (("accidents", 0.5), ("death_not_from_work", 1 / 6)):
        _within(c[name] / total, share, np.sqrt(share * (1 - share) / total))
    for name, share in zip(
        (
            "accident_medical",
            "accident_temporary",
            "accident_partial",
            "accident_total",
            "accident_death",
        ),
        inp.severity_shares,
        strict=True,
    ):
        _within(c[name] / c["accidents"], share, np.sqrt(share * (1 - share) / c["accidents"]))


def test_geometric_durations_have_the_mean() -> None:
    u = np.random.default_rng(0).random(200_000)
    d = _geometric(u, 4.0)
    assert d.min() == 1
    _within(float(d.mean()), 4.0, float(d.std()) / np.sqrt(len(d)))


def test_engines_identical_when_the_claims_office_has_room(make_inputs: MakeInputs) -> None:
    base = make_inputs(n=1500, months=30, accident=0.2, death=0.05, livelihood=0.2)
    inp = replace(base, institutions=replace(base.institutions, claims_capacity_per_1000=1e3))
    a = run_replication(inp, SEED, engine="vector")
    b = run_replication(inp, SEED, engine="simpy")
    np.testing.assert_array_equal(a.arms, b.arms)
    np.testing.assert_array_equal(a.events, b.events)


def test_engines_agree_within_monte_carlo_error(make_inputs: MakeInputs) -> None:
    inp = make_inputs(n=10_000, months=24, accident=0.1, death=0.05, livelihood=0.2)
    a, b = _counts(inp, "vector", seed=1), _counts(inp, "simpy", seed=2)
    for name in ("accidents", "death_not_from_work", "livelihood_loss"):
        _within(a[name] - b[name], 0.0, np.sqrt(a[name] + b[name]))


def test_busy_claims_office_delays_but_does_not_cut_benefits(make_inputs: MakeInputs) -> None:
    base = make_inputs(n=3000, months=36, accident=0.3, death=0.05, livelihood=0.0)
    inp = replace(base, institutions=replace(base.institutions, claims_capacity_per_1000=0.5))
    fast = run_replication(inp, SEED, engine="vector").arm("benefits_paid")[..., 1].sum(1)
    slow = run_replication(inp, SEED, engine="simpy").arm("benefits_paid")[..., 1].sum(1)
    assert np.all(np.cumsum(slow) <= np.cumsum(fast) + 1e-6)
    assert slow.sum() < fast.sum()
    assert slow.sum() > 0


@pytest.mark.parametrize("engine", ["vector", "simpy"])
def test_jkk_claims_rate_at_least_the_published_bpu_rate(engine: str) -> None:
    """REFERENCE §6: 20,129 BPU JKK cases in Jan–Aug 2024 ≈ 0.33% of BPU a year, a
    lower bound (true incidence is higher than claims)."""
    from ucj_opt.projection.inputs import hazard_rates
    from ucj_opt.scenario.simulation import SimulationSettings

    rates = hazard_rates(SimulationSettings(), ["farmer", "fisher", "informal", "other"])
    inp = SimulationInputs(
        region=("R",) * 4,
        segment=("farmer", "fisher", "informal", "other"),
        region_key=np.zeros(4, dtype=np.int64),
        segment_key=np.arange(4, dtype=np.int64),
        n_workers=np.full(4, 5000, dtype=np.int64),
        weight=np.ones(4),
        poverty_rate=np.full(4, 0.1),
        extreme_rate=np.full(4, 0.01),
        accident_rate=rates["accident"],
        nonwork_death_rate=rates["death"],
        livelihood_rate=rates["livelihood"],
        coverage=np.ones((2, 4)),
        coverage_extreme=np.ones((2, 4)),
        months=24,
    )
    res = run_replication(inp, SEED, engine=engine)  # type: ignore[arg-type]
    jkk = sum(
        res.event(k).sum()
        for k in (
            "accident_medical",
            "accident_temporary",
            "accident_partial",
            "accident_total",
            "accident_death",
        )
    )
    per_year = jkk / (res.event("insured_worker_months").sum() / 12)
    assert 0.0033 <= per_year <= 0.05
