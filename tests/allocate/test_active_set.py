"""The exact minimiser on the active constraints: closed forms, redundant rows, a
constraint the duals missed, a column without weight, and a held set that cannot hold."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from ucj_opt.allocate.active_set import AT_UPPER, EQUAL, FREE, solve_on_active_set

INF = np.inf


def _solve(
    rows: list[list[float]],
    lo: list[float],
    up: list[float],
    weight: list[float],
    row_side: list[int],
    col_up: list[float],
) -> np.ndarray | None:
    n = len(weight)
    bounds = (np.zeros(n), np.array(col_up, float), np.array(lo, float), np.array(up, float))
    return solve_on_active_set(
        sp.csr_matrix(np.array(rows, dtype=float)),
        bounds,
        np.array(weight, dtype=float),
        np.array(row_side, dtype=np.int8),
        np.full(n, FREE, dtype=np.int8),
    )


def test_an_equality_splits_in_proportion_to_the_inverse_weights() -> None:
    """min x1²/100 + x2²/300 with x1 + x2 = 200: (50, 150), to rounding error."""
    x = _solve([[1, 1]], [200], [200], [1 / 100, 1 / 300], [EQUAL], [100, 300])
    assert x == pytest.approx([50, 150], abs=1e-12)


def test_redundant_held_rows_leave_the_same_point() -> None:
    """The same row held three times (the Schur complement is singular): still (50, 150)."""
    x = _solve(
        [[1, 1], [1, 1], [2, 2]],
        [200, 200, 400],
        [200, 200, 400],
        [1 / 100, 1 / 300],
        [EQUAL, EQUAL, EQUAL],
        [100, 300],
    )
    assert x == pytest.approx([50, 150], abs=1e-9)


def test_a_constraint_the_duals_missed_is_added() -> None:
    """x1 ≤ 20 binds but is passed as free: the first solve breaks it (x1 = 50), the
    second holds it: (20, 180)."""
    x = _solve(
        [[1, 1], [1, 0]],
        [200, -INF],
        [200, 20],
        [1 / 100, 1 / 300],
        [EQUAL, FREE],
        [100, 300],
    )
    assert x == pytest.approx([20, 180], abs=1e-9)


def _with_a_level() -> np.ndarray | None:
    """x1 + x2 = 200, and a level t tied to x1 (x1 − t = 0), itself without weight."""
    return _solve(
        [[1, 1, 0], [1, 0, -1]],
        [200, 0],
        [200, 0],
        [1 / 100, 1 / 300, 0],
        [EQUAL, EQUAL],
        [100, 300, 1000],
    )


def test_a_column_without_weight_is_solved_with_the_rest() -> None:
    """A level t tied to x1 (x1 − t = 0), itself without weight: (50, 150, 50)."""
    assert _with_a_level() == pytest.approx([50, 150, 50], abs=1e-9)


def test_held_rows_that_contradict_each_other_give_none() -> None:
    """x1 + x2 = 200 and x1 + x2 ≤ 100 held at its bound: no point meets both."""
    x = _solve(
        [[1, 1], [1, 1]],
        [200, -INF],
        [200, 100],
        [1 / 100, 1 / 300],
        [EQUAL, AT_UPPER],
        [100, 300],
    )
    assert x is None


def test_partial_pivoting_is_tried_when_diagonal_pivots_fail(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Diagonal pivots refused (as a system with columns without weight can make them
    unstable): the same point by partial pivoting."""
    from ucj_opt.allocate import active_set

    real = active_set.sla.splu

    def diagonal_refused(matrix, **options):  # type: ignore[no-untyped-def]
        if options.get("diag_pivot_thresh") == 0.0:
            raise RuntimeError("Factor is exactly singular")
        return real(matrix, **options)

    monkeypatch.setattr(active_set.sla, "splu", diagonal_refused)
    assert _with_a_level() == pytest.approx([50, 150, 50], abs=1e-9)
