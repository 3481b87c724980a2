"""Experimental designs: where in the uncertain-parameter space to simulate.

A design is built on the unit cube and mapped through each parameter's inverse CDF, so
Latin hypercube and Sobol' stratification carries over to any distribution.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from scipy import stats
from scipy.stats import qmc

from ucj_opt.montecarlo.seeds import design_seed
from ucj_opt.scenario.uncertainty import (
    Beta,
    Distribution,
    LogNormal,
    Normal,
    Triangular,
    TruncNormal,
    UncertainParameter,
    UncertaintySettings,
    Uniform,
)

__all__ = ["Design", "build_design", "inverse_cdf", "unit_design"]

_F = NDArray[np.float64]


@dataclass(frozen=True)
class Design:
    """The design points of a run: one row per point, one column per uncertain path."""

    points: pd.DataFrame
    """Index ``point`` (0..n-1); columns are the parameter paths."""
    unit: _F
    """The same points on the unit cube (rows × parameters)."""
    kind: str
    """mc, lhs, sobol or morris."""
    levels: int = 4
    """Morris grid levels (only meaningful for morris)."""

    @property
    def names(self) -> list[str]:
        """Parameter paths, in column order."""
        return [str(c) for c in self.points.columns]

    def params(self, point: int) -> dict[str, float]:
        """The parameter values of one point."""
        row = self.points.iloc[point]
        return {str(k): float(v) for k, v in row.items()}


def inverse_cdf(dist: Distribution, u: _F) -> _F:
    """Map uniforms in (0, 1) to draws of ``dist``."""
    u = np.clip(np.asarray(u, dtype=np.float64), 1e-12, 1 - 1e-12)
    out: _F
    if isinstance(dist, Uniform):
        out = dist.low + u * (dist.high - dist.low)
    elif isinstance(dist, Triangular):
        width = dist.high - dist.low
        c = (dist.mode - dist.low) / width
        out = stats.triang(c, loc=dist.low, scale=width).ppf(u)
    elif isinstance(dist, Normal):
        out = stats.norm(dist.mean, dist.sd).ppf(u)
    elif isinstance(dist, TruncNormal):
        a, b = (dist.low - dist.mean) / dist.sd, (dist.high - dist.mean) / dist.sd
        out = stats.truncnorm(a, b, loc=dist.mean, scale=dist.sd).ppf(u)
    elif isinstance(dist, LogNormal):
        out = stats.lognorm(dist.sigma, scale=dist.median).ppf(u)
    elif isinstance(dist, Beta):
        out = stats.beta(dist.alpha, dist.beta, loc=dist.low, scale=dist.high - dist.low).ppf(u)
    else:  # pragma: no cover - the union is closed
        raise TypeError(f"unknown distribution {dist!r}")
    return np.asarray(out, dtype=np.float64)


def _morris(rng: np.random.Generator, trajectories: int, k: int, levels: int) -> _F:
    """Morris (1991) one-at-a-time trajectories on a ``levels``-grid: (r*(k+1), k)."""
    delta = levels / (2.0 * (levels - 1))
    grid = np.arange(levels) / (levels - 1)
    starts_ok = grid[grid + delta <= 1.0 + 1e-12]
    out = np.empty((trajectories * (k + 1), k))
    for t in range(trajectories):
        x = rng.choice(starts_ok, size=k)
        sign = rng.choice([-1.0, 1.0], size=k)
        # start high where the step goes down, so every step stays on the grid
        x = np.where(sign < 0, x + delta, x)
        order = rng.permutation(k)
        rows = [x.copy()]
        for j in order:
            x = x.copy()
            x[j] += sign[j] * delta
            rows.append(x)
        out[t * (k + 1) : (t + 1) * (k + 1)] = rows
    return out


def unit_design(kind: str, samples: int, k: int, root: int, levels: int = 4) -> _F:
    """Design points on the unit cube; deterministic in ``root``."""
    rng = np.random.default_rng(design_seed(root))
    if k == 0:
        return np.empty((samples, 0))
    if kind == "mc":
        return rng.random((samples, k))
    if kind == "lhs":
        return np.asarray(qmc.LatinHypercube(d=k, seed=rng).random(samples))
    if kind == "sobol":
        return np.asarray(qmc.Sobol(d=k, scramble=True, seed=rng).random(samples))
    if kind == "morris":
        # grid points 0 and 1 are mapped through the inverse CDF: shrink into (0, 1)
        unit = _morris(rng, samples, k, levels)
        return (unit * (levels - 1) + 0.5) / levels
    raise ValueError(f"unknown design {kind!r}; use mc, lhs, sobol or morris")


def build_design(settings: UncertaintySettings) -> Design:
    """The design points of ``settings``, mapped to parameter values."""
    params: Sequence[UncertainParameter] = settings.parameters
    k = len(params)
    n = settings.samples
    if settings.design == "sobol" and n & (n - 1):
        # Sobol' points are balanced only in powers of two: round up (documented on samples)
        n = 1 << (n - 1).bit_length()
    unit = unit_design(settings.design, n, k, settings.root_seed, settings.morris_levels)
    cols = {p.path: inverse_cdf(p.distribution, unit[:, j]) for j, p in enumerate(params)}
    points = pd.DataFrame(cols, index=pd.RangeIndex(len(unit), name="point"))
    return Design(points=points, unit=unit, kind=settings.design, levels=settings.morris_levels)
