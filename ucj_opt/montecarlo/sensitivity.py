"""Sensitivity of an outcome (or of the coverage effect) to the uncertain parameters.

Works on a points × replications table (see :func:`~ucj_opt.montecarlo.stats.outcome_matrix`
and :func:`~ucj_opt.montecarlo.stats.paired_effect`), so the coverage effect itself can be
analysed like any outcome. Shares are of the variance of a single replication, split into
each parameter's first-order part, the unexplained rest (interactions), and the
simulation noise, so a planner sees
how much of the spread no better parameter knowledge could remove.

- Random designs (mc, lhs, sobol): first-order Sobol' indices by the given-data binning
  estimator (Plischke 2010): ``Var(E[Y | X_i]) / Var(Y)`` from equal-count bins of X_i,
  corrected for the noise each bin mean carries (for scrambled Sobol' points, only the
  replications' noise: the other inputs are balanced inside each bin). No special
  Saltelli design is needed.
- Morris designs: elementary effects per trajectory; mu, mu* and sigma (Campolongo 2007),
  in outcome units per unit of the parameter's quantile (the unit cube).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ucj_opt.montecarlo.design import Design
from ucj_opt.montecarlo.stats import summarise

__all__ = ["first_order_indices", "morris_effects", "sensitivity"]


def _point_means(y: pd.DataFrame, design: Design) -> np.ndarray:
    if len(y) != len(design.points):
        raise ValueError(f"{len(y)} rows of outcomes for {len(design.points)} design points")
    return np.asarray(np.nanmean(y.to_numpy(dtype=np.float64), axis=1))


def first_order_indices(y: pd.DataFrame, design: Design, bins: int | None = None) -> pd.DataFrame:
    """Variance shares: one row per parameter, then 'unexplained' (interactions plus the
    estimator's error, which shrinks with more points) and 'simulation noise'."""
    s = summarise(y)
    means = _point_means(y, design)
    n = len(means)
    if n < 8:
        raise ValueError("first-order indices need at least 8 design points")
    m = bins or max(2, int(np.sqrt(n)))
    noise = s.sd_replications**2 if not np.isnan(s.sd_replications) else 0.0
    v_param = s.sd_parameters**2 if not np.isnan(s.sd_parameters) else 0.0
    total = v_param + noise
    rows = []
    for name in design.names:
        order = np.argsort(design.points[name].to_numpy(), kind="stable")
        groups = np.array_split(means[order], m)
        grand = means.mean()
        between = sum(len(g) * (g.mean() - grand) ** 2 for g in groups) / n
        if design.kind == "sobol":
            # Scrambled Sobol' points spread the other inputs evenly inside each bin: the
            # bin means carry only the replications' noise, not the other inputs' spread.
            within = noise / max(y.shape[1], 1)
        else:
            within = sum(((g - g.mean()) ** 2).sum() for g in groups) / (n - m)
        v_i = max(between - within * (m - 1) / n, 0.0)  # remove the spread bin means carry
        rows.append({"source": name, "variance": v_i})
    out = pd.DataFrame(rows)
    explained = float(out["variance"].sum())
    extra = [
        {"source": "unexplained", "variance": max(v_param - explained, 0.0)},
        {"source": "simulation noise", "variance": noise},
    ]
    out = pd.concat([out, pd.DataFrame(extra)], ignore_index=True)
    out["share"] = out["variance"] / total if total > 0 else np.nan
    return out


def morris_effects(y: pd.DataFrame, design: Design) -> pd.DataFrame:
    """Elementary effects of a Morris design: mu, mu_star, sigma per parameter."""
    if design.kind != "morris":
        raise ValueError("Morris effects need a design built with design='morris'")
    means = _point_means(y, design)
    k = len(design.names)
    unit = design.unit
    effects: list[list[float]] = [[] for _ in range(k)]
    for start in range(0, len(unit), k + 1):
        for step in range(start, start + k):
            du = unit[step + 1] - unit[step]
            j = int(np.argmax(np.abs(du)))
            effects[j].append(float((means[step + 1] - means[step]) / du[j]))
    rows = []
    for name, ee in zip(design.names, effects, strict=True):
        arr = np.asarray(ee)
        rows.append(
            {
                "parameter": name,
                "mu": float(arr.mean()),
                "mu_star": float(np.abs(arr).mean()),
                "sigma": float(arr.std(ddof=1)) if len(arr) > 1 else float("nan"),
                "trajectories": len(arr),
            }
        )
    return pd.DataFrame(rows)


def sensitivity(y: pd.DataFrame, design: Design) -> pd.DataFrame:
    """Morris effects for a Morris design, first-order variance shares otherwise."""
    return morris_effects(y, design) if design.kind == "morris" else first_order_indices(y, design)
