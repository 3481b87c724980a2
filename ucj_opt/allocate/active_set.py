"""The exact minimiser of a diagonal QP once its active constraints are known.

An interior point ends near the optimum, never on it: for ``min ½ Σ h_j x_j²`` the
objective is flat near its minimum (a gap of ε leaves ``x`` off by ``√(ε·w)``), so the
even spread (:mod:`ucj_opt.allocate.even_split`) needed a tolerance of 1e-12, which
Clarabel failed to reach on three of nine blocks at 10% of the villages over five years
and on the four largest at full scale (200 iterations and "almost solved", or a false
infeasibility), and even when it did, two solves of one face differed by 10^-3 workers.
Its duals and slacks, though, tell which constraints hold the optimum long before that.
Held as equalities, those constraints leave a linear system (Lagrange's conditions) whose
solution is the minimiser to rounding error:

    h_j x_j = (Aᵀλ)_j for a column with weight (then x_j = (Aᵀλ)_j / h_j),
    (Aᵀλ)_j = 0 for a free column without weight,
    A x = b on the active rows,

that is ``[[A H⁻¹ Aᵀ, A_0], [A_0ᵀ, 0]] (λ, x_0) = (b, 0)``, solved by sparse LU
(symmetric ordering, diagonal pivots, else partial pivoting) with a regularisation of
1e-13 and iterative refinement (active rows are often redundant, so λ need not be
unique; ``x`` is).

Why the answer is the optimum: if every constraint held as an equality is active at the
optimum ``x*``, the result minimises the objective over a set that contains ``x*``, so
its objective is at most ``x*``'s; if it is also feasible, it is ``x*`` (the objective is
strictly convex in the weighted columns). A constraint the duals missed and the result
breaks is added and the system solved again; the caller checks the objective against the
interior point's.
"""

from __future__ import annotations

import warnings

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as sla

__all__ = ["AT_LOWER", "AT_UPPER", "EQUAL", "FREE", "solve_on_active_set"]

FREE, AT_UPPER, AT_LOWER, EQUAL = 0, 1, -1, 2
"""Where a constraint is held: not at all, at its upper bound, at its lower bound, or
(rows whose bounds are equal) at both."""

_ROUNDS = 4
"""Solves with missed constraints added (one or two are needed in practice)."""
_FEASIBLE = 1e-9
"""Relative violation (of ``max(1, |bound|)``) the result may have."""
_REFINE = 20
_REGULARISE = 1e-13


def solve_on_active_set(
    A: sp.csr_matrix,
    bounds: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    weight: np.ndarray,
    row_side: np.ndarray,
    col_side: np.ndarray,
) -> np.ndarray | None:
    """The minimiser of ``½ Σ weight_j x_j²`` subject to ``row_lo ≤ A x ≤ row_up`` and
    ``col_lo ≤ x ≤ col_up`` (``bounds``), given where the optimum's constraints are
    held (``row_side``, ``col_side``: :data:`FREE`, :data:`AT_UPPER`, :data:`AT_LOWER`,
    :data:`EQUAL`); None if the system is singular or the result stays infeasible."""
    col_lo, col_up, row_lo, row_up = bounds
    row_side, col_side = row_side.copy(), col_side.copy()
    for _ in range(_ROUNDS):
        x = _solve_held(A, bounds, weight, row_side, col_side)
        if x is None:
            return None
        act = A @ x
        row_over = _excess(act, row_up) > _FEASIBLE
        row_under = _excess(-act, -row_lo) > _FEASIBLE
        col_over = _excess(x, col_up) > _FEASIBLE
        col_under = _excess(-x, -col_lo) > _FEASIBLE
        if not (row_over.any() or row_under.any() or col_over.any() or col_under.any()):
            clipped: np.ndarray = np.clip(x, col_lo, col_up)
            return clipped
        row_side[row_over & (row_side == FREE)] = AT_UPPER
        row_side[row_under & (row_side == FREE)] = AT_LOWER
        col_side[col_over & (col_side == FREE)] = AT_UPPER
        col_side[col_under & (col_side == FREE)] = AT_LOWER
    return None


def _excess(value: np.ndarray, bound: np.ndarray) -> np.ndarray:
    """How far ``value`` is above ``bound``, relative to ``max(1, |bound|)``."""
    finite = np.isfinite(bound)
    edge = np.where(finite, bound, 0.0)
    out: np.ndarray = np.where(finite, (value - edge) / np.maximum(1.0, np.abs(edge)), -np.inf)
    return out


def _solve_held(
    A: sp.csr_matrix,
    bounds: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    weight: np.ndarray,
    row_side: np.ndarray,
    col_side: np.ndarray,
) -> np.ndarray | None:
    """The minimiser with the held constraints as equalities and the others dropped."""
    col_lo, col_up, row_lo, row_up = bounds
    x = np.where(col_side == AT_UPPER, col_up, np.where(col_side == AT_LOWER, col_lo, 0.0))
    fixed = col_side != FREE
    rows = np.flatnonzero(row_side != FREE)
    held = A[rows]
    rhs = np.where(row_side[rows] == AT_LOWER, row_lo[rows], row_up[rows])
    rhs = rhs - held[:, np.flatnonzero(fixed)] @ x[fixed]
    weighted = np.flatnonzero(~fixed & (weight > 0))
    unweighted = np.flatnonzero(~fixed & (weight <= 0))
    Aw, A0 = held[:, weighted], held[:, unweighted]
    inverse = 1.0 / weight[weighted]
    schur = (Aw @ sp.diags(inverse) @ Aw.T).tocsc()
    n_held, n_free = len(rows), len(unweighted)
    system = sp.bmat([[schur, A0], [A0.T, None]], format="csc") if n_free else schur
    reg = _REGULARISE * max(float(np.abs(schur.diagonal()).max(initial=0.0)), 1.0)
    shift = sp.diags(np.concatenate([np.full(n_held, reg), np.full(n_free, -reg)]))
    target = np.concatenate([rhs, np.zeros(n_free)])
    if not len(target):
        return x
    solution = _refined(system, (system + shift).tocsc(), target)
    if solution is None:
        return None
    multipliers = solution[:n_held]
    x[weighted] = inverse * (Aw.T @ multipliers)
    x[unweighted] = solution[n_held:]
    return x


_PIVOTING = (0.0, 1.0)
"""SuperLU's pivot thresholds tried: diagonal pivots with a symmetric ordering first (the
system is quasi-definite: on the five-year village block of 36,105 held rows 0.31 s and
0.37 M entries in L and U, against 7.3 s and 83 M with the default column ordering),
then partial pivoting, where columns without weight made the diagonal ones unstable (a
block of the default plan at 10% × 5 years: a residual of 10^23)."""


def _refined(
    system: sp.csc_matrix, regularised: sp.csc_matrix, target: np.ndarray
) -> np.ndarray | None:
    """``system⁻¹ target`` by LU of ``regularised`` and iterative refinement, or None."""
    scale = max(1.0, float(np.abs(target).max()))
    for threshold in _PIVOTING:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", sla.MatrixRankWarning)
                lu = sla.splu(regularised, permc_spec="MMD_AT_PLUS_A", diag_pivot_thresh=threshold)
        except (RuntimeError, sla.MatrixRankWarning):
            continue
        solution = np.zeros(len(target))
        residual = target
        for _ in range(_REFINE):
            step = lu.solve(residual)
            if not np.all(np.isfinite(step)):
                break
            solution = solution + step
            residual = target - system @ solution
            if np.abs(residual).max() <= 1e-14 * scale:
                break
        if np.all(np.isfinite(residual)) and np.abs(residual).max() <= 1e-9 * scale:
            return solution
    return None
