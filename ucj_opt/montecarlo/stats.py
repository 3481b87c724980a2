"""Monte Carlo statistics, each reported apart so no uncertainty hides another.

For an outcome ``y[point, replication]`` we report:
- the Monte Carlo error of its mean (a t confidence interval; the point means are the
  independent units, so design-point draws and replication noise both count);
- the spread across replications (simulation noise, pooled within points);
- the spread across parameter draws (variance of point means less the noise they carry);
- paired with − without differences, replication by replication, with paired CIs;
- convergence (running mean ± half-width) and a stopping rule on a target half-width.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd
from scipy import stats

__all__ = [
    "Summary",
    "convergence",
    "mean_ci",
    "outcome_matrix",
    "paired_effect",
    "replications_needed",
    "summarise",
    "target_reached",
]


def mean_ci(values: np.ndarray | pd.Series, level: float = 0.95) -> tuple[float, float]:
    """Mean and the half-width of its t confidence interval (nan with fewer than 2 values)."""
    x = np.asarray(values, dtype=np.float64)
    n = len(x)
    if n == 0:
        return math.nan, math.nan
    mean = float(x.mean())
    if n < 2:
        return mean, math.nan
    t = float(stats.t.ppf(0.5 + level / 2, n - 1))
    return mean, t * float(x.std(ddof=1)) / math.sqrt(n)


@dataclass(frozen=True)
class Summary:
    """One outcome, with each source of uncertainty reported apart."""

    mean: float
    """Grand mean over design points and replications."""
    half_width: float
    """Half-width of the Monte Carlo confidence interval of ``mean``."""
    level: float
    """Confidence level of ``half_width``."""
    points: int
    """Design points."""
    replications: int
    """Replications per point (the smallest, if unequal)."""
    sd_replications: float
    """Spread across replications: pooled within-point standard deviation (noise)."""
    sd_parameters: float
    """Spread across parameter draws: SD of the true point means (noise removed)."""
    noise_share: float
    """Share of the variance of a single replication that is simulation noise."""

    @property
    def low(self) -> float:
        return self.mean - self.half_width

    @property
    def high(self) -> float:
        return self.mean + self.half_width

    def as_dict(self) -> dict[str, float]:
        return {**asdict(self), "low": self.low, "high": self.high}


def outcome_matrix(
    results: pd.DataFrame, metric: str, where: dict[str, object] | None = None
) -> pd.DataFrame:
    """``metric`` summed per (point, replication), as a points × replications table."""
    df = results
    for col, val in (where or {}).items():
        df = df[df[col] == val]
    if df.empty:
        raise ValueError(f"no rows for {metric!r} with {where}")
    sums = df.groupby(["point", "replication"], sort=True)[metric].sum()
    return sums.unstack("replication")


def summarise(y: pd.DataFrame, level: float = 0.95) -> Summary:
    """Summarise a points × replications table (rows may have missing replications)."""
    arr = y.to_numpy(dtype=np.float64)
    counts = np.sum(~np.isnan(arr), axis=1)
    if counts.min() < 1:
        raise ValueError("every design point needs at least one replication")
    point_means = np.nanmean(arr, axis=1)
    n_pts = len(point_means)
    if n_pts > 1:
        mean, hw = mean_ci(point_means, level)
    else:  # one point: the replications are the independent units
        mean, hw = mean_ci(arr[0][~np.isnan(arr[0])], level)
    within = math.nan
    if counts.min() >= 2:
        dev2 = np.nansum((arr - point_means[:, None]) ** 2)
        within = float(dev2 / (counts.sum() - n_pts))
    between = math.nan
    if n_pts > 1:
        raw = float(np.var(point_means, ddof=1))
        noise = within * float(np.mean(1.0 / counts)) if not math.isnan(within) else 0.0
        between = max(raw - noise, 0.0)
    noise_share = math.nan
    if not math.isnan(within):
        total = within + (0.0 if math.isnan(between) else between)
        noise_share = within / total if total > 0 else math.nan
    return Summary(
        mean=mean,
        half_width=hw,
        level=level,
        points=n_pts,
        replications=int(counts.min()),
        sd_replications=math.sqrt(within) if not math.isnan(within) else math.nan,
        sd_parameters=math.sqrt(between) if not math.isnan(between) else math.nan,
        noise_share=noise_share,
    )


def paired_effect(
    results: pd.DataFrame,
    metric: str,
    *,
    arm: str = "arm",
    without: str = "without",
    with_: str = "with",
) -> pd.DataFrame:
    """``without − with`` per (point, replication): the paired coverage effect table."""
    a = outcome_matrix(results, metric, {arm: without})
    b = outcome_matrix(results, metric, {arm: with_})
    return a - b


def convergence(values: np.ndarray | pd.Series, level: float = 0.95) -> pd.DataFrame:
    """Running mean and CI half-width after each of the first n values (n = 1..N)."""
    x = np.asarray(values, dtype=np.float64)
    n = np.arange(1, len(x) + 1)
    cum = np.cumsum(x)
    mean = cum / n
    sq = np.cumsum(x * x)
    with np.errstate(invalid="ignore", divide="ignore"):
        var = np.where(n > 1, (sq - n * mean**2) / np.maximum(n - 1, 1), np.nan)
        t = np.where(n > 1, stats.t.ppf(0.5 + level / 2, np.maximum(n - 1, 1)), np.nan)
        hw = t * np.sqrt(np.maximum(var, 0.0) / n)
    return pd.DataFrame(
        {"n": n, "mean": mean, "half_width": hw, "low": mean - hw, "high": mean + hw}
    )


def replications_needed(sd: float, target_half_width: float, level: float = 0.95) -> int:
    """Runs needed so the CI half-width of a mean falls to ``target_half_width``."""
    if target_half_width <= 0:
        raise ValueError("the target half-width must be positive")
    z = float(stats.norm.ppf(0.5 + level / 2))
    return max(2, math.ceil((z * sd / target_half_width) ** 2))


def target_reached(
    values: np.ndarray | pd.Series, target_half_width: float, level: float = 0.95
) -> bool:
    """The stopping rule: is the CI half-width of the mean at or below the target?"""
    _, hw = mean_ci(values, level)
    return not math.isnan(hw) and hw <= target_half_width
