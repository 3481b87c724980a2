"""The equity objective, lexicographic: first the most coverage (worker-years), then the
highest minimum regional coverage rate that keeps coverage within ``equity_tolerance`` of
that optimum. Stage 2 adds one column (the minimum rate m), one row per leaf region ×
year (enrolled ≥ m × eligible) and one row keeping coverage ≥ (1 - tolerance) × best.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ucj_opt.allocate.formulation import Formulation

__all__ = ["min_rate_stage"]


def min_rate_stage(
    f: Formulation, workers: pd.DataFrame, best_coverage: float, tolerance: float
) -> Formulation:
    """Stage 2 of ``equity``: maximise the minimum regional coverage rate."""
    cols = f.columns
    is_x = (cols["kind"] == "x").to_numpy()
    eligible = workers.groupby("region")["eligible"].sum()
    xi = np.flatnonzero(is_x)
    ry = pd.MultiIndex.from_arrays([cols["region"].to_numpy()[xi], cols["year"].to_numpy()[xi]])
    keys, rid = np.unique(ry.to_flat_index().to_numpy(), return_inverse=True)
    n_rate = len(keys)
    n_row, n_col = f.shape
    m = n_col  # the new column
    elig = eligible.reindex([k[0] for k in keys]).to_numpy(dtype=float)
    rate_rows = sp.csr_matrix(
        (
            np.concatenate([np.ones(len(xi)), -elig]),
            (np.concatenate([rid, np.arange(n_rate)]), np.concatenate([xi, np.full(n_rate, m)])),
        ),
        shape=(n_rate, n_col + 1),
    )
    keep = sp.csr_matrix(
        (np.ones(len(xi)), (np.zeros(len(xi), dtype=int), xi)), shape=(1, n_col + 1)
    )
    A = sp.vstack([sp.hstack([f.A, sp.csr_matrix((n_row, 1))]), rate_rows, keep], format="csr")
    c = np.where(cols["kind"].to_numpy() == "slack", f.c, 0.0)
    rows = pd.concat(
        [
            f.rows,
            pd.DataFrame({"region": [k[0] for k in keys], "year": [k[1] for k in keys]}).assign(
                kind="region_rate"
            ),
            pd.DataFrame({"kind": ["coverage_kept"]}),
        ],
        ignore_index=True,
    )
    return replace(
        f,
        c=np.concatenate([c, [-1.0]]),
        A=A,
        row_lo=np.concatenate([f.row_lo, np.zeros(n_rate), [(1.0 - tolerance) * best_coverage]]),
        row_up=np.concatenate([f.row_up, np.full(n_rate + 1, np.inf)]),
        col_lo=np.concatenate([f.col_lo, [0.0]]),
        col_up=np.concatenate([f.col_up, [1.0]]),
        columns=pd.concat([cols, pd.DataFrame({"kind": ["min_rate"]})], ignore_index=True),
        rows=rows,
        cost=np.concatenate([f.cost, [0.0]]),
    )
