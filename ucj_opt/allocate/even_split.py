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
pooled column's ``X² / W`` is the least its segments' ``Σ x² / w`` can be). Solved by
Clarabel's interior point on the face less what the earlier stages settled
(:func:`~ucj_opt.allocate.face_reduce.reduce_on_face`): 0.38 s on the largest block of the
village benchmark (28,745 × 16,772 after the reduction).
"""

from __future__ import annotations

import clarabel
import highspy
import numpy as np
import scipy.sparse as sp

from ucj_opt.allocate.face_reduce import basis_codes, reduce_on_face
from ucj_opt.allocate.formulation import Formulation, Stage
from ucj_opt.allocate.optimal_face import OptimalFace

__all__ = ["even_optimum", "most_even"]

_SOLVED = ("Solved", "AlmostSolved")
_TOLERANCE = 1e-12
_ROOM = (0.0, 1e-7)
"""Room given to the face's rows: none, then HiGHS's primal feasibility tolerance."""


def most_even(model: Formulation, reach: np.ndarray, time_limit: float | None) -> np.ndarray | None:
    """The point of ``model``'s feasible set (here: an optimal face) that minimises
    ``Σ x_j² / reach_j`` over its enrolment columns (``reach``: the workers each can
    reach, aligned with ``model``'s columns), or None if the solver does not finish.

    A face HiGHS met within its feasibility tolerance (1e-7 on the scaled rows) may be
    out of reach at 1e-12: then its rows get that room (the national budget need's
    province blocks, 61 × 80 after the reduction, were reported infeasible)."""
    n = model.shape[1]
    if n == 0:
        return np.zeros(0)
    finite = np.nan_to_num(np.column_stack([model.row_lo, model.row_up]), posinf=0, neginf=0)
    size = np.maximum(1.0, np.abs(finite).max(axis=1))
    for room in _ROOM:
        x = _solve(model, reach, model.row_lo - room * size, model.row_up + room * size, time_limit)
        if x is not None:
            return x
    return None


def _solve(
    model: Formulation, reach: np.ndarray, lo: np.ndarray, up: np.ndarray, limit: float | None
) -> np.ndarray | None:
    n = model.shape[1]
    is_x = (model.columns["kind"] == "x").to_numpy()
    weight = np.where(is_x, 1.0 / np.maximum(reach, 1.0), 0.0)
    A = model.A.tocsr()
    both = np.isfinite(lo) & np.isfinite(up)
    equal = both & (up - lo <= 1e-12 * np.maximum(1.0, np.abs(up)))
    has_up = np.isfinite(up) & ~equal
    has_lo = np.isfinite(lo) & ~equal
    col_up, col_lo = np.isfinite(model.col_up), np.isfinite(model.col_lo)
    eye = sp.identity(n, format="csr")
    # Clarabel's form: A x + s = b, s in the zero cone (equalities) or the non-negative one
    lhs = sp.vstack([A[equal], A[has_up], -A[has_lo], eye[col_up], -eye[col_lo]]).tocsc()
    rhs = np.concatenate(
        [up[equal], up[has_up], -lo[has_lo], model.col_up[col_up], -model.col_lo[col_lo]]
    )
    n_eq = int(equal.sum())
    cones = [clarabel.ZeroConeT(n_eq), clarabel.NonnegativeConeT(len(rhs) - n_eq)]
    settings = clarabel.DefaultSettings()
    settings.verbose = False
    # 1e-12, not Clarabel's 1e-8: a strictly convex optimum is only as unique as it is
    # accurate, and the flat directions (columns reaching 10^5 workers) amplify the gap
    # (national default: paths disagreed by 2.3 worker-years at 1e-8, 10^-4 at 1e-12)
    settings.tol_gap_abs = settings.tol_gap_rel = settings.tol_feas = _TOLERANCE
    if limit is not None:
        settings.time_limit = float(limit)
    hessian = sp.diags(weight).tocsc()
    solution = clarabel.DefaultSolver(hessian, np.zeros(n), lhs, rhs, cones, settings).solve()
    if str(solution.status) not in _SOLVED:
        return None
    x: np.ndarray = np.clip(np.asarray(solution.x, dtype=float), model.col_lo, model.col_up)
    return x


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
