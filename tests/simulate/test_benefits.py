"""Payouts per case follow PP 82/2019 (REFERENCE §3), alone and inside a simulation."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np
import pytest

from ucj_opt.simulation import SimulationInputs, run_replication
from ucj_opt.simulation import benefits as bn
from ucj_opt.simulation.result import ARM_METRICS

MakeInputs = Callable[..., SimulationInputs]


@pytest.fixture(scope="module")
def rules(make_inputs: MakeInputs):  # type: ignore[no-untyped-def]
    return make_inputs(n=10).benefits


def test_lump_sums_per_severity(rules) -> None:  # type: ignore[no-untyped-def]
    sev = np.array([bn.MEDICAL, bn.TEMPORARY, bn.PARTIAL, bn.TOTAL, bn.WORK_DEATH])
    np.testing.assert_allclose(
        bn.jkk_lump_sum(rules, sev),
        [0, 0, 0.3 * 80e6, 56e6 + 12e6, 48e6 + 10e6 + 12e6],
    )
    assert bn.jkm_death_lump_sum(rules) == 42e6


def test_jkk_death_has_a_rp_20m_minimum(rules) -> None:  # type: ignore[no-untyped-def]
    low = replace(rules, wage_basis=300_000.0)  # 48 × 0.3m = 14.4m < 20m
    assert bn.jkk_lump_sum(low, np.array([bn.WORK_DEATH]))[0] == 20e6 + 10e6 + 12e6


def test_stmb_full_then_half(rules) -> None:  # type: ignore[no-untyped-def]
    got = bn.stmb_monthly(rules, np.arange(15))
    np.testing.assert_allclose(got, [1e6] * 12 + [0.5e6] * 3)


def test_school_levels_by_age() -> None:
    ages = np.array([4, 5, 6, 7, 12, 13, 15, 16, 18, 19, 23, 24, -1])
    np.testing.assert_array_equal(bn.school_level(ages), [-1, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, -1, -1])


def test_scholarship_by_level_for_at_most_two_children(rules) -> None:  # type: ignore[no-untyped-def]
    ages = np.array([[7, 14], [17, 20], [3, 30], [9, 9]])
    in_school = np.array([[True, True], [True, True], [True, True], [True, False]])
    got = bn.scholarship_monthly(rules, ages, in_school)
    np.testing.assert_allclose(got * 12, [1.5e6 + 2e6, 3e6 + 12e6, 0.0, 1.5e6])
    one = replace(rules, scholarship_children_max=1)
    np.testing.assert_allclose(
        bn.scholarship_monthly(one, ages, in_school) * 12, [1.5e6, 3e6, 0.0, 1.5e6]
    )


def _run(inp: SimulationInputs) -> tuple[float, dict[str, float], float]:
    res = run_replication(inp, np.random.SeedSequence(11), engine="vector")
    paid = float(res.arm("benefits_paid")[..., 1].sum())
    events = {k: float(res.event(k).sum()) for k in ("jkk_claims", "jkm_claims")}
    assert res.arm("benefits_paid")[..., 0].sum() == 0
    return paid, events, float(res.arm("scholarship_children")[..., 1].sum())


def _same_month(inp: SimulationInputs, **benefits: float) -> SimulationInputs:
    """Claims approved the month they are filed, every insured event claimed."""
    return replace(
        inp,
        benefits=replace(inp.benefits, **benefits),
        institutions=replace(
            inp.institutions, claims_delay_months=0, claim_take_up=1.0, death_claim_take_up=1.0
        ),
    )


def test_jkm_pays_42m_per_death(make_inputs: MakeInputs) -> None:
    inp = make_inputs(n=1500, months=24, coverage=1.0, accident=0.0, death=0.05, livelihood=0.0)
    paid, events, children = _run(_same_month(inp))
    assert events["jkm_claims"] > 50 and events["jkk_claims"] == 0
    assert children == 0  # no scholarship before 3 years of contributions
    assert paid == pytest.approx(42e6 * events["jkm_claims"])


@pytest.mark.parametrize(
    ("severity", "amount"),
    [(bn.WORK_DEATH, 48e6 + 10e6 + 12e6), (bn.TOTAL, 56e6 + 12e6), (bn.PARTIAL, 0.3 * 80e6)],
)
def test_jkk_lump_sums_inside_a_run(make_inputs: MakeInputs, severity: int, amount: float) -> None:
    shares = [0.0] * 5
    shares[severity] = 1.0
    inp = make_inputs(
        n=1500,
        months=24,
        coverage=1.0,
        accident=0.05,
        death=0.0,
        livelihood=0.0,
        severity_shares=tuple(shares),
    )
    paid, events, _ = _run(_same_month(inp, scholarship_children_max=0))
    assert events["jkk_claims"] > 20
    assert paid == pytest.approx(amount * events["jkk_claims"])


def test_work_death_opens_scholarships_at_the_levels_of_the_children(
    make_inputs: MakeInputs,
) -> None:
    inp = make_inputs(
        n=1500,
        months=36,
        coverage=1.0,
        accident=0.05,
        death=0.0,
        livelihood=0.0,
        severity_shares=(0.0, 0.0, 0.0, 0.0, 1.0),
    )
    inp = _same_month(inp)
    paid, events, child_months = _run(inp)
    lump = 70e6 * events["jkk_claims"]
    assert child_months > 0
    extra = paid - lump
    # Every child-month is paid at one of the level rates: between TK-SD and university.
    assert 1.5e6 / 12 * child_months <= extra + 1e-3 <= 12e6 / 12 * child_months + 1e-3


def test_livelihood_loss_is_uninsured(make_inputs: MakeInputs) -> None:
    inp = make_inputs(n=800, coverage=1.0, accident=0.0, death=0.0, livelihood=0.5)
    res = run_replication(inp, np.random.SeedSequence(2), engine="vector")
    assert res.event("livelihood_loss").sum() > 100
    assert res.arm("benefits_paid").sum() == 0
    np.testing.assert_array_equal(res.arm("poor")[..., 0], res.arm("poor")[..., 1])


def test_medical_costs_out_of_pocket_unless_claimed(make_inputs: MakeInputs) -> None:
    inp = make_inputs(
        n=1500,
        coverage=1.0,
        accident=0.2,
        death=0.0,
        livelihood=0.0,
        severity_shares=(1.0, 0.0, 0.0, 0.0, 0.0),
    )
    inp = _same_month(inp)
    res = run_replication(inp, np.random.SeedSequence(4), engine="vector")
    oop = res.arm("oop_paid")
    medical = inp.benefits.medical_cost[0] * inp.benefits.oop_share
    assert oop[..., 0].sum() == pytest.approx(res.event("accident_medical").sum() * medical)
    assert oop[..., 1].sum() == 0


@pytest.mark.parametrize(("prior", "expect_scholarship"), [(0, False), (36, True)])
def test_jkm_scholarship_needs_three_years(
    make_inputs: MakeInputs, prior: int, expect_scholarship: bool
) -> None:
    base = make_inputs(n=1500, months=24, coverage=1.0, accident=0.0, death=0.1, livelihood=0.0)
    inp = _same_month(base)
    inp = replace(inp, institutions=replace(inp.institutions, prior_contribution_months=prior))
    paid, events, child_months = _run(inp)
    extra = paid - 42e6 * events["jkm_claims"]
    assert (extra > 0) == expect_scholarship == (child_months > 0)
    assert extra >= -1e-3


def test_premiums_are_insured_months_times_the_price(make_inputs: MakeInputs) -> None:
    inp = make_inputs(n=500, months=24, coverage=0.6)
    res = run_replication(inp, np.random.SeedSequence(1), engine="vector")
    k = ARM_METRICS.index("premiums_paid")
    per_year = res.arms[k].sum(axis=(2, 3))  # (years, groups)
    expected = res.event("insured_worker_months") * inp.premium_monthly[: res.years]
    np.testing.assert_allclose(per_year, expected)
    assert inp.premium_monthly[0, 0] == pytest.approx(16_800.0)
