"""A stage's optimum held by the bounds of its optimal face (complementary slackness)."""

from __future__ import annotations

import highspy
import numpy as np

from ucj_opt.allocate.formulation import Formulation, Stage

__all__ = ["OptimalFace"]


class OptimalFace:
    """Bounds that keep a stage's optimum without a dense row: by complementary slackness,
    the optimal solutions of an LP are exactly its feasible points that leave at their
    bound every column with a non-zero reduced cost and tight every row with a non-zero
    dual (for any one optimal dual). Fixing those keeps the optimum exactly and lets
    presolve drop the fixed columns, so later stages get smaller."""

    def __init__(self, f: Formulation) -> None:
        self.n_row, self.n_col = f.shape
        self.lo, self.up = f.col_lo.astype(float), f.col_up.astype(float)
        self.rlo, self.rup = f.row_lo.astype(float), f.row_up.astype(float)
        self.saved: list[tuple[np.ndarray, ...]] = []

    def fix(self, h: highspy.Highs, stage: Stage) -> None:
        sol = h.getSolution()
        x = np.asarray(sol.col_value, dtype=float)[: self.n_col]
        d = np.asarray(sol.col_dual, dtype=float)[: self.n_col]
        y = np.asarray(sol.row_dual, dtype=float)[: self.n_row]
        act = np.asarray(sol.row_value, dtype=float)[: self.n_row]
        self.saved.append((self.lo.copy(), self.up.copy(), self.rlo.copy(), self.rup.copy()))
        eps = max(1e-7, 1e-9 * float(np.abs(stage.c).max(initial=0.0)))

        def near(v: np.ndarray, b: np.ndarray) -> np.ndarray:
            finite = np.isfinite(b)
            edge = np.where(finite, b, 0.0)
            close: np.ndarray = finite & (np.abs(v - edge) <= 1e-7 * np.maximum(1.0, np.abs(edge)))
            return close

        at_lo = (d > eps) & near(x, self.lo)
        at_up = (d < -eps) & near(x, self.up)
        self.up[at_lo] = self.lo[at_lo]
        self.lo[at_up] = self.up[at_up]
        tight = np.abs(y) > eps
        on_lo, on_up = tight & near(act, self.rlo), tight & near(act, self.rup)
        self.rup[on_lo & ~on_up] = self.rlo[on_lo & ~on_up]
        self.rlo[on_up & ~on_lo] = self.rup[on_up & ~on_lo]
        self._apply(h)

    def undo(self, h: highspy.Highs) -> None:
        self.lo, self.up, self.rlo, self.rup = self.saved.pop()
        self._apply(h)

    def _apply(self, h: highspy.Highs) -> None:
        h.changeColsBounds(self.n_col, np.arange(self.n_col, dtype=np.int32), self.lo, self.up)
        rows = np.arange(self.n_row, dtype=np.int32)
        h.changeRowsBounds(self.n_row, rows, self.rlo, self.rup)  # type: ignore[attr-defined]
