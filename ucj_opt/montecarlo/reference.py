"""A small paired-arm model with closed-form moments, to check the Monte Carlo machinery.

Workers suffer losses as a compound Poisson process: ``N ~ Poisson(rate)`` losses, each
``Exponential(mean_loss)``. A loss is covered (fully reimbursed) when its uniform draw is
below ``coverage``. Arm 'without' pays every loss; arm 'with' pays the uncovered ones.
With common random numbers both arms see the same losses, so the coverage effect is the
covered sum alone: mean ``rate·coverage·m`` and variance ``2·rate·coverage·m²``. With
independent streams its variance is ``2·rate·m²·(2 − coverage)``: the ratio
``(2 − c)/c`` is what CRN saves. It lives in the package (not the tests) so spawned
processes and Dask workers can import it by name.
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd

__all__ = ["DEFAULTS", "effect_moments", "paired_losses"]

DEFAULTS = {"rate": 50.0, "mean_loss": 1.0, "coverage": 0.5}
"""Parameters used when the design does not set them."""


def _arm_losses(
    rng: np.random.Generator, rate: float, mean_loss: float
) -> tuple[np.ndarray, np.ndarray]:
    n = rng.poisson(rate)
    return rng.exponential(mean_loss, n), rng.random(n)


def paired_losses(
    params: dict[str, float],
    seed: np.random.SeedSequence,
    *,
    crn: bool = True,
    pause: float = 0.0,
) -> pd.DataFrame:
    """One replication: rows (arm, cost, claims) for arms 'without' and 'with'.

    ``pause`` seconds of sleep stand in for a slow simulation (tests of kill and resume);
    it never changes the result.
    """
    if pause > 0:
        time.sleep(pause)
    p = {**DEFAULTS, **params}
    rate, m, c = p["rate"], p["mean_loss"], p["coverage"]
    losses, u = _arm_losses(np.random.default_rng(seed), rate, m)
    if crn:
        losses_w, u_w = losses, u
    else:  # the 'with' arm gets its own stream, keyed off the replication seed
        own = np.random.SeedSequence(seed.entropy, spawn_key=(*seed.spawn_key, 1))
        losses_w, u_w = _arm_losses(np.random.default_rng(own), rate, m)
    paid_w = u_w >= c
    return pd.DataFrame(
        {
            "arm": ["without", "with"],
            "cost": [float(losses.sum()), float(losses_w[paid_w].sum())],
            "claims": [float(len(losses)), float(paid_w.sum())],
        }
    )


def effect_moments(
    rate: float, mean_loss: float, coverage: float, *, crn: bool
) -> dict[str, float]:
    """Mean and variance of the paired effect ``cost_without − cost_with``."""
    second = 2.0 * mean_loss**2  # E[L²] of an exponential loss
    var = rate * second * (coverage if crn else 2.0 - coverage)
    return {"mean": rate * coverage * mean_loss, "var": var}
