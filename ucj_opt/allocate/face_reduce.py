"""The last stage on a smaller copy of the model, warm-started from the same basis; and
the last stage's optimal face, small, for the even spread (:mod:`ucj_opt.allocate.even_split`).

HiGHS does not presolve a model it is given a basis for, so a last fair stage solved by
primal simplex (then a pool-split stage) iterated over every row of the model, although
the earlier stages' optimal faces fix half its columns
(:class:`ucj_opt.allocate.optimal_face.OptimalFace`). This module
drops what the face has settled, in ways that keep the basis valid:

- a fixed non-basic column (its value moves into the row bounds);
- a row whose slack is basic and that holds no column left (it cannot bind);
- a row whose slack is basic and that holds one column left: it becomes that column's
  bounds;
- a tight row (non-basic slack) that holds one column left: it becomes that column's
  bounds too, and the column, basic until then, becomes non-basic at the bound the row
  held (a basis with such a row has that column basic, or it would be singular). A
  village's own budget, spent to the rupiah, is such a row.

Each removal takes a non-basic column alone, a row with its basic slack, or a tight row
with the basic column it pins, so the basis keeps one basic variable per row. On the
largest block of the village benchmark (76,630 × 50,226) the stage's model falls to
33,413 × 16,810 (the count depends on the basis the earlier stages end on; 41,774 ×
24,691 without the tight rows) and its solve from 2.0 s (8,539 iterations) to 0.79 s
(5,534; 1.0 s without the tight rows), with the same optimum (benchmarks/bench_staged.py).
The stage's duals are not kept (fair stages' duals mean nothing to a planner and are not
reported).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import highspy
import numpy as np
import scipy.sparse as sp

from ucj_opt.allocate.backends import highs_model
from ucj_opt.allocate.formulation import Formulation

__all__ = ["Reduced", "basis_codes", "reduce_on_face", "warm_model"]

_PASSES = 5
"""Rounds of removal (a bound from a singleton row can fix a column, which can empty or
single out more rows): on the largest village block 34,034, 33,446 then 33,413 rows are
left after one, two and three rounds, and a fourth removes nothing."""


_LOWER, _BASIC, _UPPER = 0, 1, 2
"""HiGHS's basis status codes (``HighsBasisStatus``) this module reads and writes."""
_STATUS = [highspy.HighsBasisStatus(code) for code in range(5)]


@dataclass(frozen=True, eq=False)
class Reduced:
    """The kept columns and rows, the reduced model, the values of the dropped columns,
    and the basis status of what is kept (HiGHS's codes)."""

    columns: np.ndarray
    rows: np.ndarray
    model: Formulation
    fixed_values: np.ndarray
    col_status: np.ndarray
    row_status: np.ndarray

    def full_x(self, x: np.ndarray) -> np.ndarray:
        """The whole model's column values from the reduced model's."""
        out = self.fixed_values.copy()
        out[self.columns] = x
        return out


def basis_codes(statuses: list[highspy.HighsBasisStatus]) -> np.ndarray:
    """HiGHS's basis statuses as int8 codes (0.07 s for 500,000, against 0.26 s as a
    list of ints)."""
    return np.fromiter(map(int, statuses), dtype=np.int8, count=len(statuses))


def reduce_on_face(
    f: Formulation,
    c: np.ndarray,
    bounds: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    col_status: np.ndarray,
    row_status: np.ndarray,
) -> Reduced:
    """``f`` with objective ``c`` and the current ``bounds`` (column lower, upper, row
    lower, upper), less what the basis (``*_status``: HiGHS's status codes) lets go."""
    lo, up, rlo, rup = (b.astype(float).copy() for b in bounds)
    col_status = np.asarray(col_status, dtype=np.int8).copy()
    row_status = np.asarray(row_status, dtype=np.int8)
    basic_rows = row_status == _BASIC
    A = f.A.tocsr()
    n_row, n_col = f.shape
    col_on = np.ones(n_col, dtype=bool)
    row_on = np.ones(n_row, dtype=bool)
    fixed_values = np.zeros(n_col)
    for _ in range(_PASSES):
        drop = col_on & (lo == up) & (col_status != _BASIC)
        fixed_values[drop] = lo[drop]
        col_on &= ~drop
        left = (A @ sp.diags(col_on.astype(float))).tocsr()
        left.eliminate_zeros()
        count = np.diff(left.indptr)
        empty = row_on & basic_rows & (count == 0)
        row_on &= ~empty
        single = np.flatnonzero(row_on & (count == 1))
        j = left.indices[left.indptr[single]]
        # a tight row pins its column, which must be basic (and pinned by no other row)
        tight = ~basic_rows[single]
        once = np.bincount(j[tight], minlength=n_col) == 1
        pins = tight & np.isin(row_status[single], (_LOWER, _UPPER))
        go = ~tight | (pins & (col_status[j] == _BASIC) & once[j])
        single, j = single[go], j[go]
        if len(single):
            shift = A @ fixed_values
            a = left.data[left.indptr[single]]
            r_lo, r_up = rlo[single] - shift[single], rup[single] - shift[single]
            with np.errstate(invalid="ignore"):
                np.maximum.at(lo, j, np.where(a > 0, r_lo / a, r_up / a))
                np.minimum.at(up, j, np.where(a > 0, r_up / a, r_lo / a))
            pinned = ~basic_rows[single]
            at_upper = (row_status[single] == _UPPER) == (a > 0)
            col_status[j[pinned]] = np.where(at_upper[pinned], _UPPER, _LOWER)
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
    return Reduced(
        columns,
        rows,
        model,
        fixed_values,
        col_status[columns],
        row_status[rows],
    )


def warm_model(reduced: Reduced) -> highspy.Highs | None:
    """A HiGHS model of ``reduced`` holding its basis, or None if HiGHS does not accept
    that basis (the caller then solves the whole model)."""
    small = highs_model(reduced.model)
    basis = highspy.HighsBasis()
    basis.col_status = [_STATUS[code] for code in reduced.col_status]
    basis.row_status = [_STATUS[code] for code in reduced.row_status]
    basis.valid = True
    if small.setBasis(basis) != highspy.HighsStatus.kOk:
        return None
    return small
