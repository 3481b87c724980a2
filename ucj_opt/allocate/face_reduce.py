"""The last fair stage on a smaller copy of the model, warm-started from the same basis.

HiGHS does not presolve a model it is given a basis for, so the ``fair_split`` stage's
primal simplex iterated over every row of the model, although the earlier stages' optimal
faces fix half its columns (:class:`ucj_opt.allocate.staged._OptimalFace`). This module
drops what the face has settled, in ways that keep the basis valid:

- a fixed non-basic column (its value moves into the row bounds);
- a row whose slack is basic and that holds no column left (it cannot bind);
- a row whose slack is basic and that holds one column left: it becomes that column's
  bounds.

Each removal takes a non-basic column alone or a row with its basic slack, so the basis
keeps one basic variable per row. On the largest block of the village benchmark
(76,630 × 50,226) the stage's model falls to about 41,800 × 24,700 (the count depends on
the basis the earlier stages end on) and its solve from 2.0 s
(8,539 iterations) to 1.0 s (5,489 iterations), with the same optimum
(benchmarks/bench_staged.py). The stage's duals are not kept (fair stages' duals mean
nothing to a planner and are not reported).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import highspy
import numpy as np
import scipy.sparse as sp

from ucj_opt.allocate.backends import highs_model
from ucj_opt.allocate.formulation import Formulation

__all__ = ["Reduced", "reduce_on_face", "warm_model"]

_PASSES = 5
"""Rounds of removal (a bound from a singleton row can fix a column, which can empty or
single out more rows): on the largest village block 41,879, 41,807 then 41,774 rows are
left after one, two and three rounds, and a fourth removes nothing."""


@dataclass(frozen=True, eq=False)
class Reduced:
    """The kept columns and rows, the reduced model, and the values of the dropped columns."""

    columns: np.ndarray
    rows: np.ndarray
    model: Formulation
    fixed_values: np.ndarray

    def full_x(self, x: np.ndarray) -> np.ndarray:
        """The whole model's column values from the reduced model's."""
        out = self.fixed_values.copy()
        out[self.columns] = x
        return out


def reduce_on_face(
    f: Formulation,
    c: np.ndarray,
    bounds: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    basic_columns: np.ndarray,
    basic_rows: np.ndarray,
) -> Reduced:
    """``f`` with objective ``c`` and the current ``bounds`` (column lower, upper, row
    lower, upper), less what the basis (``basic_*``: boolean masks) lets go."""
    lo, up, rlo, rup = (b.astype(float).copy() for b in bounds)
    A = f.A.tocsr()
    n_row, n_col = f.shape
    col_on = np.ones(n_col, dtype=bool)
    row_on = np.ones(n_row, dtype=bool)
    fixed_values = np.zeros(n_col)
    for _ in range(_PASSES):
        drop = col_on & (lo == up) & ~basic_columns
        fixed_values[drop] = lo[drop]
        col_on &= ~drop
        left = (A @ sp.diags(col_on.astype(float))).tocsr()
        left.eliminate_zeros()
        count = np.diff(left.indptr)
        loose = row_on & basic_rows
        empty = loose & (count == 0)
        single = np.flatnonzero(loose & (count == 1))
        row_on &= ~empty
        if len(single):
            shift = A @ fixed_values
            j = left.indices[left.indptr[single]]
            a = left.data[left.indptr[single]]
            r_lo, r_up = rlo[single] - shift[single], rup[single] - shift[single]
            with np.errstate(invalid="ignore"):
                np.maximum.at(lo, j, np.where(a > 0, r_lo / a, r_up / a))
                np.minimum.at(up, j, np.where(a > 0, r_up / a, r_lo / a))
            row_on[single] = False
        if not (drop.any() or empty.any() or len(single)):
            break
    shift = A @ fixed_values
    columns, rows = np.flatnonzero(col_on), np.flatnonzero(row_on)
    model = replace(
        f,
        c=c[columns],
        A=A[rows][:, columns].tocsr(),
        row_lo=rlo[rows] - shift[rows],
        row_up=rup[rows] - shift[rows],
        col_lo=lo[columns],
        col_up=np.maximum(up[columns], lo[columns]),
        columns=f.columns.iloc[columns].reset_index(drop=True),
        rows=f.rows.iloc[rows].reset_index(drop=True),
        cost=f.cost[columns],
        stages=(),
    )
    return Reduced(columns, rows, model, fixed_values)


def warm_model(
    reduced: Reduced,
    col_status: list[highspy.HighsBasisStatus],
    row_status: list[highspy.HighsBasisStatus],
) -> highspy.Highs | None:
    """A HiGHS model of ``reduced`` holding the whole model's basis restricted to it, or
    None if HiGHS does not accept that basis (the caller then solves the whole model)."""
    small = highs_model(reduced.model)
    basis = highspy.HighsBasis()
    basis.col_status = [col_status[j] for j in reduced.columns]
    basis.row_status = [row_status[i] for i in reduced.rows]
    basis.valid = True
    if small.setBasis(basis) != highspy.HighsStatus.kOk:
        return None
    return small
