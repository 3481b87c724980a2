"""The one allocation among the last stage's optima: the most even spread of the workers.

The stages fix what the planner's rules ask for (extreme poor first, equal coverage rates,
pools' lowest shares), but an LP's optimum is rarely a single point: which source pays for
which region, and for which group, was whatever vertex the solver's path ended on. On the
national default, APBD provinsi paid for 33,760 or 1,223,442 extreme-poor worker-years
depending on whether segments were pooled, with every region's coverage the same.

Among the optima, this module returns the one that minimises ``Σ x_j² / w_j`` over the
enrolment columns, ``w_j`` the workers column ``j`` can reach: each source spreads what
the rules leave open in proportion to the workers it can reach. The function is strictly
convex, so that point is unique: the same whichever row order, block decomposition,
segment pooling or solver path led to the optimal face (blocks are independent, and a
pooled column's ``X² / W`` is the least its segments' ``Σ x² / w`` can be). On the face
less what the earlier stages settled (:func:`~ucj_opt.allocate.face_reduce.reduce_on_face`),
Clarabel's interior point tells which constraints hold the point, and the point is solved
exactly on them (:mod:`ucj_opt.allocate.active_set`): the paths of the national default
agree to 10^-10 of a worker-year (10^-4 with the interior point's answer at 1e-12, which
on the largest five-year village block took 200 iterations to end "almost solved").
"""

from __future__ import annotations

import clarabel
import highspy
import numpy as np
import scipy.sparse as sp

from ucj_opt.allocate.active_set import AT_LOWER, AT_UPPER, EQUAL, FREE, solve_on_active_set
from ucj_opt.allocate.backends import row_scaled
from ucj_opt.allocate.face_reduce import basis_codes, reduce_on_face
from ucj_opt.allocate.formulation import Formulation, Stage
from ucj_opt.allocate.optimal_face import OptimalFace

__all__ = ["even_optimum", "most_even"]

_SOLVED = ("Solved", "AlmostSolved")
_DUALS_TOLERANCE = 1e-10
"""The interior point's tolerance when its duals are to tell the active constraints
(on two village blocks, with an earlier rule for held constraints, the exact solutions
from 1e-8 and 1e-10 agreed to the last digit; from 1e-6 they were 0.09 workers off)."""
_ACTIVE = (1.0, 1000.0)
"""A constraint is held when its dual exceeds this many times its slack. An interior
point keeps dual × slack = μ for every constraint, so near the optimum the duals of held
constraints dwarf their slacks and the others the reverse. At 1 the exact solve was
right on 31 of 32 village blocks tried (one and five years, one stage and the default
plan); at 1000 (fewer held, then the ones broken added) on all 32. The first whose
objective is as low as the interior point's is kept, else the lower."""
_TOLERANCE = 1e-12
"""The interior point's tolerance when no exact solution is found: a strictly convex
optimum is only as unique as it is accurate, and the flat directions (columns reaching
10^5 workers) amplify the gap (national default: paths disagreed by 2.3 worker-years at
1e-8, by 10^-4 at 1e-12)."""
_ROOM = (0.0, 1e-7)
"""Room given to the face's rows: none, then HiGHS's primal feasibility tolerance."""


def most_even(model: Formulation, reach: np.ndarray, time_limit: float | None) -> np.ndarray | None:
    """The point of ``model``'s feasible set (here: an optimal face) that minimises
    ``Σ x_j² / reach_j`` over its enrolment columns (``reach``: the workers each can
    reach, aligned with ``model``'s columns), or None if the solver does not finish.

    Clarabel's interior point at 1e-10 tells which constraints hold the optimum (dual
    over slack); the point is then solved exactly on them
    (:mod:`ucj_opt.allocate.active_set`). If that fails, the interior point's own answer
    at 1e-12 is taken; a face HiGHS met within its feasibility tolerance (1e-7 on the
    scaled rows) may be out of reach at 1e-12, and then its rows get that room (the
    national budget need's province blocks, 61 × 80 after the reduction, were reported
    infeasible)."""
    n = model.shape[1]
    if n == 0:
        return np.zeros(0)
    is_x = (model.columns["kind"] == "x").to_numpy()
    weight = np.where(is_x, 1.0 / np.maximum(reach, 1.0), 0.0)
    # dual over slack compares a row with itself only in one unit: each row's largest
    # coefficient in [0.5, 1) (as the staged solve has them already); the point is the same
    model, _ = row_scaled(model)
    qp = _EvenQP(model, weight)
    found = qp.solve(model.row_lo, model.row_up, _DUALS_TOLERANCE, time_limit)
    if found is not None:
        x = qp.exact(*found)
        if x is not None:
            return x
    finite = np.nan_to_num(np.column_stack([model.row_lo, model.row_up]), posinf=0, neginf=0)
    size = np.maximum(1.0, np.abs(finite).max(axis=1))
    for room in _ROOM:
        lo, up = model.row_lo - room * size, model.row_up + room * size
        found = qp.solve(lo, up, _TOLERANCE, time_limit)
        if found is not None:
            return found[0]
    return None


class _EvenQP:
    """``min ½ Σ weight_j x_j²`` over a model's feasible set, in Clarabel's form
    (``A x + s = b``, ``s`` in the zero cone for equalities, the non-negative one else)."""

    def __init__(self, model: Formulation, weight: np.ndarray) -> None:
        self.model, self.weight = model, weight

    def solve(
        self, lo: np.ndarray, up: np.ndarray, tolerance: float, limit: float | None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None:
        """Clarabel's solution with rows ``lo ≤ A x ≤ up``: the point, each constraint's
        dual over its slack, which rows were equalities and which columns' bounds were
        passed (an upper bound a row already implies is not: with every column's two
        bounds, Clarabel's set-up on the largest five-year village block took 3.5 s, and
        0.7 s without the 87,646 of 87,753 upper bounds the cells' rows imply)."""
        model, n = self.model, self.model.shape[1]
        A = model.A.tocsr()
        both = np.isfinite(lo) & np.isfinite(up)
        equal = both & (up - lo <= 1e-12 * np.maximum(1.0, np.abs(up)))
        has_up = np.isfinite(up) & ~equal
        has_lo = np.isfinite(lo) & ~equal
        col_up = np.isfinite(model.col_up) & ~_implied_by_rows(model, up)
        col_lo = np.isfinite(model.col_lo)
        eye = sp.identity(n, format="csr")
        lhs = sp.vstack([A[equal], A[has_up], -A[has_lo], eye[col_up], -eye[col_lo]]).tocsc()
        rhs = np.concatenate(
            [up[equal], up[has_up], -lo[has_lo], model.col_up[col_up], -model.col_lo[col_lo]]
        )
        n_eq = int(equal.sum())
        cones = [clarabel.ZeroConeT(n_eq), clarabel.NonnegativeConeT(len(rhs) - n_eq)]
        settings = clarabel.DefaultSettings()
        settings.verbose = False
        settings.tol_gap_abs = settings.tol_gap_rel = settings.tol_feas = tolerance
        if limit is not None:
            settings.time_limit = float(limit)
        hessian = sp.diags(self.weight).tocsc()
        solution = clarabel.DefaultSolver(hessian, np.zeros(n), lhs, rhs, cones, settings).solve()
        if str(solution.status) not in _SOLVED:
            return None
        x = np.clip(np.asarray(solution.x, dtype=float), model.col_lo, model.col_up)
        with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
            # a zero slack gives inf (held); zero over zero gives nan (not held)
            dual_over_slack = np.asarray(solution.z, dtype=float) / np.asarray(
                solution.s, dtype=float
            )
        return x, dual_over_slack, equal, np.column_stack([col_up, col_lo])

    def exact(
        self, x0: np.ndarray, ratio: np.ndarray, equal: np.ndarray, finite: np.ndarray
    ) -> np.ndarray | None:
        """The optimum solved exactly on the constraints that hold it (dual over slack
        ``ratio`` above a threshold of :data:`_ACTIVE`;
        :func:`~ucj_opt.allocate.active_set.solve_on_active_set`), if no worse than the
        interior point's ``x0`` (above it, a constraint was held that the optimum leaves
        slack)."""
        model = self.model
        bounds = (model.col_lo, model.col_up, model.row_lo, model.row_up)
        start = self._value(x0)
        best, tried = None, set()
        for threshold in _ACTIVE:
            row_side, col_side = self._held(ratio, equal, finite, threshold)
            key = row_side.tobytes() + col_side.tobytes()
            if key in tried:
                continue
            tried.add(key)
            x = solve_on_active_set(model.A.tocsr(), bounds, self.weight, row_side, col_side)
            if x is not None and (best is None or self._value(x) < self._value(best)):
                best = x
            if best is not None and self._value(best) <= start:
                break  # as low as the interior point's: nothing held is slack
        if best is None or self._value(best) > start + 1e-9 * max(1.0, abs(start)):
            return None
        return best

    def _value(self, x: np.ndarray) -> float:
        return float(self.weight @ (x * x))

    def _held(
        self, ratio: np.ndarray, equal: np.ndarray, finite: np.ndarray, threshold: float
    ) -> tuple[np.ndarray, np.ndarray]:
        """Where each row and column is held: its dual over slack above ``threshold``."""
        lo, up = self.model.row_lo, self.model.row_up
        has_up = np.isfinite(up) & ~equal
        has_lo = np.isfinite(lo) & ~equal
        col_up, col_lo = finite[:, 0], finite[:, 1]
        counts = [int(m.sum()) for m in (equal, has_up, has_lo, col_up, col_lo)]
        _, r_up, r_lo, r_cup, r_clo = np.split(ratio, np.cumsum(counts)[:-1])
        row_side = np.where(equal, EQUAL, FREE).astype(np.int8)
        row_side[np.flatnonzero(has_up)[r_up > threshold]] = AT_UPPER
        row_side[np.flatnonzero(has_lo)[r_lo > threshold]] = AT_LOWER
        col_side = np.full(self.model.shape[1], FREE, dtype=np.int8)
        col_side[np.flatnonzero(col_up)[r_cup > threshold]] = AT_UPPER
        col_side[np.flatnonzero(col_lo)[r_clo > threshold]] = AT_LOWER
        return row_side, col_side


def _implied_by_rows(model: Formulation, up: np.ndarray) -> np.ndarray:
    """Columns whose upper bound a row implies: a row of non-negative coefficients over
    columns bounded below by zero keeps each of them at most ``up / coefficient``."""
    A = model.A.tocsr()
    n_row, n_col = A.shape
    signed = (A.data < 0) | (model.col_lo[A.indices] < 0)
    mixed = np.bincount(np.repeat(np.arange(n_row), np.diff(A.indptr))[signed], minlength=n_row)
    rows = np.flatnonzero((mixed == 0) & np.isfinite(up))
    sub = A[rows].tocoo()
    positive = sub.data > 0
    bound = np.full(n_col, np.inf)
    np.minimum.at(bound, sub.col[positive], up[rows][sub.row[positive]] / sub.data[positive])
    implied: np.ndarray = bound <= model.col_up
    return implied


def even_optimum(
    h: highspy.Highs,
    model: Formulation,
    face: OptimalFace,
    stage: Stage,
    reach: np.ndarray,
    time_limit: float | None,
) -> np.ndarray | None:
    """The most even point of ``stage``'s optimal face, ``h`` having just solved it to
    optimality (a valid basis): the face fixed on ``h`` (``face``), reduced, then
    :func:`most_even`. None without a basis or if the solver does not finish."""
    basis = h.getBasis()
    if not basis.valid:
        return None
    face.fix(h, stage)
    reduced = reduce_on_face(
        model,
        np.zeros(model.shape[1]),
        (face.lo, face.up, face.rlo, face.rup),
        basis_codes(basis.col_status),
        basis_codes(basis.row_status),
    )
    x = most_even(reduced.model, reach[reduced.columns], time_limit)
    return None if x is None else reduced.full_x(x)
