"""The hazard model against closed forms, and the two engines against each other."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np
import pytest

from ucj_opt.simulation import SimulationInputs, run_replication
from ucj_opt.simulation.result import SHOCK_EVENTS
from ucj_opt.simulation.state import _geometric

MakeInputs = Callable[..., SimulationInputs]
SEED = np.random.SeedSequence(2026)


def _workers(inp: SimulationInputs) -> int:
    """Simulated eligible workers (the state draws the same households every time)."""
    from ucj_opt.simulation.state import ReplicationState

    return ReplicationState(inp, SEED).n_workers


def _counts(
    inp: SimulationInputs, engine: str = "vector", seed: np.random.SeedSequence = SEED
) -> dict[str, float]:
    """Event counts per *simulated* worker (events are weighted by the groups' weights)."""
    res = run_replication(inp, seed, engine=engine)  # type: ignore[arg-type]
    w = inp.weight[None, :]
    names = (*SHOCK_EVENTS, "worker_months", "insured_worker_months", "jkk_claims", "jkm_claims")
    out = {k: float((res.event(k) / w).sum()) for k in names}
    out["accidents"] = sum(out[k] for k in SHOCK_EVENTS[:5])
    return out


def _within(observed: float, expected: float, sd: float, z: float = 4.5) -> None:
    assert abs(observed - expected) <= z * sd, (observed, expected, sd)


def test_survival_is_exponential(make_inputs: MakeInputs) -> None:
    lam, months = 0.3, 24
    inp = make_inputs(n=3000, months=months, accident=0.0, death=lam, livelihood=0.0)
    n = _workers(inp)
    c = _counts(inp)
    # Alive at the premium step of month m: survived m monthly steps.
    p = np.exp(-lam / 12)
    alive = n * p ** np.arange(months)
    wm = alive.sum()
    _within(c["worker_months"], wm, np.sqrt(wm * (1 - p ** (months / 2))))


def test_expected_event_counts(make_inputs: MakeInputs) -> None:
    la, ld, ll, months = 0.05, 0.2, 0.3, 36
    inp = make_inputs(n=3000, months=months, accident=la, death=ld, livelihood=ll)
    n, c = _workers(inp), _counts(inp)
    lam_total = la + ld + ll
    p_event = 1 - np.exp(-lam_total / 12)
    fatal = inp.severity_shares[4]
    q = p_event * (ld + fatal * la) / lam_total
    wm = (n * (1 - q) ** np.arange(months)).sum()
    _within(c["worker_months"], wm, np.sqrt(wm))
    for name, lam_k in (("accidents", la), ("death_not_from_work", ld), ("livelihood_loss", ll)):
        expected = wm * p_event * lam_k / lam_total
        _within(c[name], expected, np.sqrt(expected))


def test_competing_risk_and_severity_shares(make_inputs: MakeInputs) -> None:
    inp = make_inputs(n=3000, months=24, accident=0.3, death=0.1, livelihood=0.2)
    c = _counts(inp)
    total = c["accidents"] + c["death_not_from_work"] + c["livelihood_loss"]
    for name, share in (("accidents", 0.5), ("death_not_from_work", 1 / 6)):
        _within(c[name] / total, share, np.sqrt(share * (1 - share) / total))
    for name, share in zip(SHOCK_EVENTS[:5], inp.severity_shares, strict=True):
        _within(c[name] / c["accidents"], share, np.sqrt(share * (1 - share) / c["accidents"]))


def test_claims_follow_take_up(make_inputs: MakeInputs) -> None:
    """Every insured accident is claimed with probability ``claim_take_up``; every insured
    death with ``death_claim_take_up``; uninsured workers never claim."""
    base = make_inputs(n=3000, months=24, coverage=1.0, accident=0.5, death=0.1, livelihood=0.0)
    inp = replace(
        base, institutions=replace(base.institutions, claim_take_up=0.4, death_claim_take_up=0.9)
    )
    c = _counts(inp)
    # Everyone is insured from month 0: accidents of insured workers = all accidents.
    _within(c["jkk_claims"] / c["accidents"], 0.4, np.sqrt(0.24 / c["accidents"]))
    deaths = c["death_not_from_work"]
    _within(c["jkm_claims"] / deaths, 0.9, np.sqrt(0.09 / deaths))
    none = _counts(replace(inp, coverage=np.zeros_like(inp.coverage)))
    assert none["jkk_claims"] == none["jkm_claims"] == 0


def test_mortality_follows_age(make_inputs: MakeInputs) -> None:
    """Workers die at the life table's rate for their age, and grow older each year."""
    base = make_inputs(n=3000, months=12, accident=0.0, livelihood=0.0)
    young = np.zeros_like(base.age_shares)
    young[10] = 1.0  # everyone 25
    old = np.zeros_like(base.age_shares)
    old[50] = 1.0  # everyone 65
    qy, qo = base.mortality[10], base.mortality[50]
    for shares, q in ((young, qy), (old, qo)):
        c = _counts(replace(base, age_shares=shares))
        n = _workers(replace(base, age_shares=shares))
        _within(c["death_not_from_work"], n * q, np.sqrt(n * q))
    assert qo > 10 * qy


def test_geometric_durations_have_the_mean() -> None:
    u = np.random.default_rng(0).random(200_000)
    d = _geometric(u, 4.0)
    assert d.min() == 1
    _within(float(d.mean()), 4.0, float(d.std()) / np.sqrt(len(d)))


def test_engines_identical_when_the_claims_office_has_room(make_inputs: MakeInputs) -> None:
    base = make_inputs(n=400, months=30, accident=0.2, death=0.05, livelihood=0.2)
    inp = replace(base, institutions=replace(base.institutions, claims_capacity_per_1000=1e3))
    a = run_replication(inp, SEED, engine="vector")
    b = run_replication(inp, SEED, engine="simpy")
    np.testing.assert_array_equal(a.arms, b.arms)
    np.testing.assert_array_equal(a.monthly, b.monthly)
    np.testing.assert_array_equal(a.events, b.events)


def test_engines_agree_within_monte_carlo_error(make_inputs: MakeInputs) -> None:
    inp = make_inputs(n=3000, months=24, accident=0.1, death=0.05, livelihood=0.2)
    a = _counts(inp, "vector", seed=np.random.SeedSequence(1))
    b = _counts(inp, "simpy", seed=np.random.SeedSequence(2))
    for name in ("accidents", "death_not_from_work", "livelihood_loss"):
        _within(a[name] - b[name], 0.0, np.sqrt(a[name] + b[name]))


def test_busy_claims_office_delays_but_does_not_cut_benefits(make_inputs: MakeInputs) -> None:
    base = make_inputs(n=1000, months=36, coverage=1.0, accident=0.3, death=0.05, livelihood=0.0)
    inp = replace(base, institutions=replace(base.institutions, claims_capacity_per_1000=0.5))
    fast = run_replication(inp, SEED, engine="vector").monthly
    slow = run_replication(inp, SEED, engine="simpy").monthly
    from ucj_opt.simulation import ARM_METRICS

    k = ARM_METRICS.index("benefits_paid")
    f, s = fast[k, :, :, 1].sum(axis=1), slow[k, :, :, 1].sum(axis=1)
    assert np.all(np.cumsum(s) <= np.cumsum(f) + 1e-3)
    assert 0 < s.sum() < f.sum()


@pytest.mark.parametrize("engine", ["vector", "simpy"])
def test_insured_claim_rate_is_the_published_bpu_rate(engine: str) -> None:
    """Insured workers claim JKK at the observed BPU rate: 34,364 cases among ~9.4m active
    BPU in 2024 (0.37%/yr; 0.33% in Jan-Aug 2024, REFERENCE §6), whatever the take-up."""
    from tests.simulate.conftest import build_inputs

    inp = build_inputs(n=4000, months=24, coverage=1.0)
    c = _counts(inp, engine)
    years = c["insured_worker_months"] / 12
    rate = inp.accident_rate[inp.stratum < 2].mean() * inp.institutions.claim_take_up
    assert rate == pytest.approx(0.0037)
    _within(c["jkk_claims"] / years, 0.0037, np.sqrt(c["jkk_claims"]) / years)
