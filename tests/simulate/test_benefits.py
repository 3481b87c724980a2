"""Payouts per case follow PP 82/2019 (REFERENCE §3), alone and inside a simulation."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np
import pytest

from ucj_opt.simulation import Benefits, Household, SimulationInputs, run_replication
from ucj_opt.simulation import benefits as bn

RULES = Benefits()

MakeInputs = Callable[..., SimulationInputs]


def test_lump_sums_per_severity() -> None:
    sev = np.array([bn.MEDICAL, bn.TEMPORARY, bn.PARTIAL, bn.TOTAL, bn.WORK_DEATH])
    np.testing.assert_allclose(
        bn.jkk_lump_sum(RULES, sev), [0, 0, 0.3 * 80e6, 56e6, 48e6 + 10e6 + 12e6]
    )
    assert bn.jkm_death_lump_sum(RULES) == 42e6


def test_wage_basis_has_the_floor() -> None:
    assert Benefits(declared_income=500_000.0).wage_basis == 1_000_000.0
    assert Benefits(declared_income=2_000_000.0).wage_basis == 2_000_000.0


def test_stmb_full_then_half() -> None:
    got = bn.stmb_monthly(RULES, np.arange(15))
    np.testing.assert_allclose(got, [1e6] * 12 + [0.5e6] * 3)


def test_scholarship_at_most_two_children() -> None:
    got = bn.scholarship_monthly(RULES, np.array([0, 1, 2, 5]))
    np.testing.assert_allclose(got, np.array([0, 1, 2, 2]) * 1.5e6 / 12)


def _single_adults() -> Household:
    return Household(mean_household_size=1.0)  # no children, so no scholarship


def _paid_vs_events(make_inputs: MakeInputs, event: str, amount: float, **kw: object) -> None:
    inp = make_inputs(n=3000, months=24, coverage=1.0, household=_single_adults(), **kw)
    res = run_replication(inp, np.random.SeedSequence(11), engine="vector")
    events = res.event(event)
    assert events.sum() > 20
    # Claims filed in month t are approved and paid in month t + 1.
    paid = res.arm("benefits_paid")[..., 1]
    np.testing.assert_allclose(paid[1:], events[:-1] * amount)
    assert res.arm("benefits_paid")[..., 0].sum() == 0


def test_jkm_pays_42m_per_death(make_inputs: MakeInputs) -> None:
    _paid_vs_events(
        make_inputs, "death_not_from_work", 42e6, accident=0.0, death=0.05, livelihood=0.0
    )


def test_jkk_death_pays_48_wages_funeral_periodic(make_inputs: MakeInputs) -> None:
    _paid_vs_events(
        make_inputs,
        "accident_death",
        70e6,
        accident=0.05,
        death=0.0,
        livelihood=0.0,
        severity_shares=(0.0, 0.0, 0.0, 0.0, 1.0),
    )


def test_stmb_one_month_incapacity_pays_one_wage(make_inputs: MakeInputs) -> None:
    _paid_vs_events(
        make_inputs,
        "accident_temporary",
        1e6,
        accident=0.1,
        death=0.0,
        livelihood=0.0,
        severity_shares=(0.0, 1.0, 0.0, 0.0, 0.0),
        temporary_months_mean=1.0,
    )


def test_livelihood_loss_is_uninsured(make_inputs: MakeInputs) -> None:
    inp = make_inputs(n=2000, coverage=1.0, accident=0.0, death=0.0, livelihood=0.5)
    res = run_replication(inp, np.random.SeedSequence(2), engine="vector")
    assert res.event("livelihood_loss").sum() > 100
    assert res.arm("benefits_paid").sum() == 0
    np.testing.assert_array_equal(res.arm("poor")[..., 0], res.arm("poor")[..., 1])


def test_uninsured_pay_medical_costs_out_of_pocket(make_inputs: MakeInputs) -> None:
    inp = make_inputs(
        n=2000,
        coverage=1.0,
        accident=0.2,
        death=0.0,
        livelihood=0.0,
        severity_shares=(1.0, 0.0, 0.0, 0.0, 0.0),
    )
    res = run_replication(inp, np.random.SeedSequence(4), engine="vector")
    oop = res.arm("oop_paid")
    np.testing.assert_allclose(oop[..., 0], res.event("accident_medical") * 1.5e6 * 0.5)
    assert oop[..., 1].sum() == 0


@pytest.mark.parametrize(("prior", "expect_scholarship"), [(0, False), (36, True)])
def test_jkm_scholarship_needs_three_years(
    make_inputs: MakeInputs, prior: int, expect_scholarship: bool
) -> None:
    base = make_inputs(n=2000, months=12, coverage=1.0, accident=0.0, death=0.1, livelihood=0.0)
    inp = replace(
        base,
        household=Household(mean_household_size=4.0),
        institutions=replace(base.institutions, prior_contribution_months=prior),
    )
    res = run_replication(inp, np.random.SeedSequence(9), engine="vector")
    deaths = res.event("death_not_from_work")[:-1].sum()
    extra = res.arm("benefits_paid")[..., 1].sum() - 42e6 * deaths
    assert bool(extra > 0) == expect_scholarship
    assert extra >= 0
