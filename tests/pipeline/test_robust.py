"""The robust (sample-average, CVaR) allocation LP on cases with a known answer."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp

import ucj_opt
from ucj_opt.allocate import Formulation
from ucj_opt.pipeline.robust import cvar, robust_allocation, robust_solve


def _two_cells(budget: float = 1.0) -> Formulation:
    """Two cells A and B, each up to one unit, one budget: x_A + x_B ≤ budget."""
    return Formulation(
        c=np.zeros(2),
        A=sp.csr_matrix(np.ones((1, 2))),
        row_lo=np.array([-np.inf]),
        row_up=np.array([budget]),
        col_lo=np.zeros(2),
        col_up=np.ones(2),
        sign=-1.0,
        integer=False,
        columns=pd.DataFrame({"kind": ["x", "x"]}),
        rows=pd.DataFrame({"kind": ["budget"]}),
        pools=pd.DataFrame({"amount": [budget]}),
        cost=np.ones(2),
    )


# A is worth 1 in both draws; B is worth 3 or -0.5: better on average (1.25), worse at worst
VALUES = np.array([[1.0, 3.0], [1.0, -0.5]])


def test_expectation_picks_the_better_mean_and_cvar_the_safer_cell() -> None:
    f = _two_cells()
    mean = robust_solve(f, VALUES, "expected")
    assert mean.x == pytest.approx([0.0, 1.0])
    # CVaR at α = 0.5 of 2 draws is the worst draw: x_A = t gives min(3 − 2t, 1.5t − 0.5),
    # largest at t = 1 (worth 1), so all of A
    safe = robust_solve(f, VALUES, "cvar", alpha=0.5)
    assert safe.x == pytest.approx([1.0, 0.0])
    # price of robustness: 1.25 − 1 = 0.25 of expected value given up
    assert (VALUES @ mean.x).mean() - (VALUES @ safe.x).mean() == pytest.approx(0.25)


def test_cvar_at_alpha_one_is_the_expectation() -> None:
    f = _two_cells()
    assert robust_solve(f, VALUES, "cvar", alpha=1.0).x == pytest.approx([0.0, 1.0])


def test_cvar_mixes_when_hedging_pays() -> None:
    # A: 2 or 0, B: 0 or 2, one unit of budget: the worst draw is best at half and half
    values = np.array([[2.0, 0.0], [0.0, 2.0]])
    x = robust_solve(_two_cells(), values, "cvar", alpha=0.5).x
    assert x == pytest.approx([0.5, 0.5])
    assert min(values @ x) == pytest.approx(1.0)


def test_cvar_of_totals_by_hand() -> None:
    totals = np.array([5.0, 1.0, 3.0, 2.0, 4.0, 6.0, 7.0, 8.0, 9.0, 10.0])
    assert cvar(totals, 0.1) == 1.0
    assert cvar(totals, 0.2) == 1.5
    assert cvar(totals, 0.25) == pytest.approx((1 + 2 + 0.5 * 3) / 2.5)
    assert cvar(totals, 1.0) == pytest.approx(totals.mean())


def test_bad_values_are_refused() -> None:
    with pytest.raises(ucj_opt.UserError, match="values must be"):
        robust_solve(_two_cells(), np.ones((2, 3)))
    with pytest.raises(ucj_opt.UserError, match="NaN"):
        robust_solve(_two_cells(), np.array([[np.nan, 1.0]]))
    with pytest.raises(ucj_opt.UserError, match="alpha"):
        robust_solve(_two_cells(), VALUES, alpha=0.0)


@pytest.fixture(scope="module")
def study() -> ucj_opt.Study:
    return ucj_opt.load_scenario("scenarios/kabupaten_ppu.yaml", overrides=["one_year"])


def _draws(study: ucj_opt.Study, n: int) -> list[pd.DataFrame]:
    cells = study.tables.workers[["region", "segment"]].drop_duplicates()
    base = pd.concat([cells.assign(group=0), cells.assign(group=1)], ignore_index=True)
    rng = np.random.default_rng(5)
    col = "extreme_poor_person_years_per_worker_year"
    return [base.assign(**{col: rng.uniform(0.0, 1.0, len(base))}) for _ in range(n)]


def test_one_draw_repeated_has_no_price_of_robustness(study: ucj_opt.Study) -> None:
    from ucj_opt.pipeline.averted import solve_for_values

    one = _draws(study, 1)
    r = robust_allocation(study, one * 3, criterion="cvar", alpha=0.1)
    assert r.price_of_robustness == pytest.approx(0.0, abs=1e-9 * abs(r.expected))
    assert r.cvar == pytest.approx(r.expected)
    # and the same expected value as the LP with those values as its objective
    plain = solve_for_values(study, one[0])
    assert r.mean_optimal_expected == pytest.approx(plain.objective, rel=1e-6)


def test_robust_allocation_trades_expectation_for_the_worst_draws(study: ucj_opt.Study) -> None:
    r = robust_allocation(study, _draws(study, 12), criterion="cvar", alpha=0.25)
    assert r.allocation.status.value == "optimal" and r.draws == 12
    assert r.price_of_robustness >= -1e-9 * abs(r.mean_optimal_expected)
    assert r.cvar >= r.mean_optimal_cvar - 1e-9 * abs(r.mean_optimal_cvar)
    assert r.allocation.provenance.objective == "robust cvar (extreme_poor_person_years)"
