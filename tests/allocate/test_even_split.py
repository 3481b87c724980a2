"""The most even of the last stage's optima: closed forms, and one answer whatever the path.

Before it, the stages left which source pays for which region to the solver's path: on
the national default APBD provinsi paid for 33,760 or 1,223,442 extreme-poor worker-years
depending on whether the segments were pooled, and the random cases below moved up to 54
worker-years between sources with blocks or pooling switched on or off.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from hypothesis import example, given, settings
from hypothesis import strategies as st

import ucj_opt
from tests.allocate.test_stages import _random_case, _shuffled
from ucj_opt.allocate import solve_tables
from ucj_opt.allocate.even_split import most_even
from ucj_opt.allocate.formulation import Formulation

PAID = ["enrolled_extreme_poor", "enrolled_other"]


def _model(
    rows: list[list[float]], lo: list[float], up: list[float], reach: list[float]
) -> Formulation:
    n = len(reach)
    return Formulation(
        c=np.zeros(n),
        A=sp.csr_matrix(np.array(rows, dtype=float)),
        row_lo=np.array(lo, dtype=float),
        row_up=np.array(up, dtype=float),
        col_lo=np.zeros(n),
        col_up=np.array(reach, dtype=float),
        sign=1.0,
        integer=False,
        columns=pd.DataFrame({"kind": ["x"] * n}),
        rows=pd.DataFrame({"kind": ["budget"] * len(rows)}),
        pools=pd.DataFrame(),
        cost=np.zeros(n),
    )


def test_a_budget_spreads_in_proportion_to_the_workers_each_column_reaches() -> None:
    """min x1²/100 + x2²/300 with x1 + x2 = 200: x = 200 × (100, 300) / 400."""
    m = _model([[1, 1]], [200], [200], [100, 300])
    assert most_even(m, m.col_up, None) == pytest.approx([50, 150], abs=1e-9)


def test_a_rule_that_binds_takes_its_share_first() -> None:
    """A row caps the first column at 20 (a province's maximum share, say): the rest of
    the 200 goes to the second; a third column, reached by nothing, stays at zero (exactly:
    the point is solved on its active constraints; the interior point alone was 1e-4 off)."""
    m = _model([[1, 1, 0], [1, 0, 0]], [200, -np.inf], [200, 20], [100, 300, 50])
    assert most_even(m, m.col_up, None) == pytest.approx([20, 180, 0], abs=1e-9)


def _paid(allocation) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    table = allocation.table.astype({"region": str, "source": str})
    return table.groupby(["region", "year", "source"])[PAID].sum()


@settings(max_examples=10, deadline=None)
@given(st.integers(0, 100_000))
@example(1)
@example(4)
@example(9)
def test_every_source_pays_the_same_whether_blocks_and_pooling_are_on_or_off(seed: int) -> None:
    """Two provinces of random budgets and workers (seeds 1, 4 and 9 moved 25, 50 and 54
    worker-years between sources before the even spread)."""
    scenario, tables = _random_case(seed)
    whole = _paid(solve_tables(scenario, tables, blocks=False, pool=False))
    for blocks, pool in ((True, False), (False, True), (True, True)):
        other = _paid(solve_tables(scenario, tables, blocks=blocks, pool=pool))
        pd.testing.assert_frame_equal(other, whole, check_exact=False, atol=1e-8, rtol=0)
    shuffled = _paid(solve_tables(scenario, _shuffled(tables, seed)))
    pd.testing.assert_frame_equal(shuffled, whole, check_exact=False, atol=1e-8, rtol=0)


def test_the_national_default_pays_the_same_from_every_source_on_every_path() -> None:
    """514 kabupaten/kota: the same to 10^-6 of a worker-year by province blocks or one
    model, pooled segments or not (0.01 when the interior point's answer was taken as it
    was; 10^-10 measured with the exact solve on the active constraints)."""
    study = ucj_opt.load_scenario("embedded:national")
    scenario, tables = study.scenario, study.tables
    allocation = solve_tables(scenario, tables)
    assert allocation.provenance.most_even
    default = _paid(allocation)
    for blocks, pool in ((True, True), (False, False)):
        other = solve_tables(scenario, tables, blocks=blocks, pool=pool)
        assert other.provenance.most_even
        pd.testing.assert_frame_equal(_paid(other), default, check_exact=False, atol=1e-6, rtol=0)


def test_pulp_s_solvers_say_they_return_a_vertex() -> None:
    scenario, tables = _random_case(1)
    assert solve_tables(scenario, tables).provenance.most_even
    assert not solve_tables(scenario, tables, backend="pulp").provenance.most_even


def test_upper_bounds_the_rows_imply_are_left_to_the_rows() -> None:
    """x1 + x2 ≤ 100 keeps x1 under its bound of 150 but not x2 under 50; a row with a
    negative coefficient implies nothing. The point is the same either way."""
    from ucj_opt.allocate.even_split import _implied_by_rows

    m = _model([[1, 1, 0], [1, 0, -1]], [-np.inf, -np.inf], [100, 10], [150, 50, 80])
    assert _implied_by_rows(m, m.row_up).tolist() == [True, False, False]
    m = _model([[1, 1], [1, 1]], [60, -np.inf], [60, 100], [150, 50])
    assert most_even(m, m.col_up, None) == pytest.approx([45, 15], abs=1e-9)
