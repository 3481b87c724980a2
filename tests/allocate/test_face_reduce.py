"""What the last fair stage's reduced model keeps and drops, on a model small enough to
check by hand."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ucj_opt.allocate.face_reduce import reduce_on_face
from ucj_opt.allocate.formulation import Formulation


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
    basic_cols = np.array([False, True, False])
    basic_rows = np.array([True, True, False, False])
    r = reduce_on_face(replace(f), np.array([0.0, -1.0, -2.0]), bounds, basic_cols, basic_rows)
    assert r.columns.tolist() == [1, 2] and r.rows.tolist() == [2, 3]
    assert r.model.col_up.tolist() == [18.0, 5.0]  # from r0, less x0's 2
    assert r.model.row_lo.tolist() == [-np.inf, 2.0]  # r3 less x0's 2
    assert r.model.c.tolist() == [-1.0, -2.0]
    assert r.full_x(np.array([7.0, 5.0])).tolist() == [2.0, 7.0, 5.0]
