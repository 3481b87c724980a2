"""What the last fair stage's reduced model keeps and drops, on a model small enough to
check by hand."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ucj_opt.allocate.face_reduce import reduce_on_face
from ucj_opt.allocate.formulation import Formulation

_LOWER, _BASIC, _UPPER = 0, 1, 2  # HiGHS's basis status codes


def _model(A: np.ndarray, row_lo: list[float], row_up: list[float], up: list[float]) -> Formulation:
    n_row, n_col = A.shape
    return Formulation(
        c=np.zeros(n_col),
        A=sp.csr_matrix(A),
        row_lo=np.array(row_lo),
        row_up=np.array(row_up),
        col_lo=np.zeros(n_col),
        col_up=np.array(up),
        sign=-1.0,
        integer=False,
        columns=pd.DataFrame({"kind": ["x"] * n_col}),
        rows=pd.DataFrame({"kind": ["r"] * n_row}),
        pools=pd.DataFrame(),
        cost=np.ones(n_col),
    )


def test_fixed_columns_empty_rows_and_singleton_rows_go_the_rest_stays() -> None:
    # columns x0 (fixed at 2, non-basic), x1, x2; rows:
    # r0: x0 + x1 <= 20 (slack basic: one column left, becomes x1 <= 18)
    # r1: x0 <= 3       (slack basic: no column left, dropped)
    # r2: x1 + x2 <= 12 (kept)
    # r3: x0 + x2 >= 4  (tight, slack non-basic: kept although one column is left)
    A = sp.csr_matrix(np.array([[1, 1, 0], [1, 0, 0], [0, 1, 1], [1, 0, 1]], dtype=float))
    f = Formulation(
        c=np.zeros(3),
        A=A,
        row_lo=np.array([-np.inf, -np.inf, -np.inf, 4.0]),
        row_up=np.array([20.0, 3.0, 12.0, np.inf]),
        col_lo=np.array([2.0, 0.0, 0.0]),
        col_up=np.array([2.0, 30.0, 5.0]),
        sign=-1.0,
        integer=False,
        columns=pd.DataFrame({"kind": ["x", "x", "x"]}),
        rows=pd.DataFrame({"kind": ["a", "b", "c", "d"]}),
        pools=pd.DataFrame(),
        cost=np.ones(3),
    )
    bounds = (f.col_lo, f.col_up, f.row_lo, f.row_up)
    col_status = np.array([_LOWER, _BASIC, _LOWER])
    row_status = np.array([_BASIC, _BASIC, _UPPER, _LOWER])
    r = reduce_on_face(replace(f), np.array([0.0, -1.0, -2.0]), bounds, col_status, row_status)
    assert r.columns.tolist() == [1, 2] and r.rows.tolist() == [2, 3]
    assert r.model.col_up.tolist() == [18.0, 5.0]  # from r0, less x0's 2
    assert r.model.row_lo.tolist() == [-np.inf, 2.0]  # r3 less x0's 2
    assert r.model.c.tolist() == [-1.0, -2.0]
    assert r.full_x(np.array([7.0, 5.0])).tolist() == [2.0, 7.0, 5.0]


def test_a_tight_row_with_one_column_left_pins_that_column_at_the_bound_it_held() -> None:
    # columns y0, y1, y2, all basic; rows:
    # q0: y0 = 5          (tight equality: y0 pinned, then dropped at 5)
    # q1: 2 y1 >= 6       (tight at its lower bound: y1 >= 3, non-basic at 3)
    # q2: y0 + y1 <= 20   (slack basic: y1 <= 15 once y0 is dropped)
    # q3: -y2 <= -4       (tight at its upper bound, negative coefficient: y2 >= 4, at 4)
    # q4: y1 + y2 <= 30   (kept, slack basic)
    A = np.array([[1, 0, 0], [0, 2, 0], [1, 1, 0], [0, 0, -1], [0, 1, 1]], dtype=float)
    inf = np.inf
    f = _model(A, [5, 6, -inf, -inf, -inf], [5, inf, 20, -4, 30], [10, 40, 40])
    bounds = (f.col_lo, f.col_up, f.row_lo, f.row_up)
    col_status = np.array([_BASIC, _BASIC, _BASIC])
    row_status = np.array([_LOWER, _LOWER, _BASIC, _UPPER, _BASIC])
    r = reduce_on_face(f, np.array([0.0, 1.0, 1.0]), bounds, col_status, row_status)
    assert r.columns.tolist() == [1, 2] and r.rows.tolist() == [4]
    assert r.model.col_lo.tolist() == [3.0, 4.0] and r.model.col_up.tolist() == [15.0, 40.0]
    assert r.col_status.tolist() == [_LOWER, _LOWER] and r.row_status.tolist() == [_BASIC]
    assert r.full_x(np.array([3.0, 4.0])).tolist() == [5.0, 3.0, 4.0]


def test_a_tight_row_whose_column_is_not_basic_stays() -> None:
    # y0 non-basic: the basis would be singular without the row's slack, so nothing moves
    f = _model(np.array([[1.0, 0.0], [1.0, 1.0]]), [2, -np.inf], [np.inf, 9], [5, 5])
    bounds = (f.col_lo, f.col_up, f.row_lo, f.row_up)
    r = reduce_on_face(
        f, np.zeros(2), bounds, np.array([_LOWER, _BASIC]), np.array([_LOWER, _BASIC])
    )
    assert r.rows.tolist() == [0, 1] and r.columns.tolist() == [0, 1]
