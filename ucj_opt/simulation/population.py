"""Synthetic workers and households, calibrated to each group's poverty figures.

Per-capita household income is log-normal with (μ, σ) solved so that the share below the
poverty line is the group's poverty rate and the share below the extreme line its extreme
rate: ln z = μ + σ Φ⁻¹(rate) for both lines. Stratified quantiles keep the simulated rates
within 1/n of the targets even for small groups.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.special import ndtri

from ucj_opt.simulation.inputs import SimulationInputs
from ucj_opt.simulation.keys import Purpose, stream

__all__ = ["Population", "lognormal_parameters", "synthesise"]


@dataclass(frozen=True, eq=False)
class Population:
    """One array entry per simulated worker (and their household)."""

    group: NDArray[np.int64]
    size: NDArray[np.int64]
    consumption_pc: NDArray[np.float64]
    worker_income: NDArray[np.float64]
    other_income: NDArray[np.float64]
    savings: NDArray[np.float64]
    extreme_poor: NDArray[np.bool_]
    children: NDArray[np.int64]


def lognormal_parameters(
    poverty_rate: float,
    extreme_rate: float,
    poverty_line: float,
    extreme_line: float,
    fallback_sigma: float,
) -> tuple[float, float]:
    """(μ, σ) of log income meeting both rates; one rate and ``fallback_sigma`` if needed."""
    lp, le = np.log(poverty_line), np.log(extreme_line)
    p = min(max(poverty_rate, 1e-6), 1 - 1e-6)
    e = min(max(extreme_rate, 1e-6), 1 - 1e-6)
    if 0 < extreme_rate < poverty_rate < 1:
        sigma = float((lp - le) / (ndtri(p) - ndtri(e)))
        return float(lp - sigma * ndtri(p)), sigma
    return float(lp - fallback_sigma * ndtri(p)), fallback_sigma


def synthesise(inputs: SimulationInputs, seed: np.random.SeedSequence) -> Population:
    """Draw every group's households from its own keyed stream."""
    hh = inputs.household
    parts: dict[str, list[NDArray[np.generic]]] = {k: [] for k in ("size", "pc", "sav")}
    for g in range(inputs.n_groups):
        n = int(inputs.n_workers[g])
        rng = stream(seed, inputs.region_key[g], inputs.segment_key[g], Purpose.POPULATION)
        mu, sigma = lognormal_parameters(
            float(inputs.poverty_rate[g]),
            float(inputs.extreme_rate[g]),
            hh.poverty_line,
            hh.extreme_line,
            hh.fallback_sigma,
        )
        q = (rng.permutation(n) + rng.random(n)) / n
        parts["pc"].append(np.exp(mu + sigma * ndtri(q)))
        parts["size"].append(1 + rng.poisson(max(hh.mean_household_size - 1.0, 0.0), n))
        parts["sav"].append(
            rng.exponential(hh.savings_months, n) if hh.savings_months > 0 else np.zeros(n)
        )
    size = np.concatenate(parts["size"]).astype(np.int64)
    pc = np.concatenate(parts["pc"]).astype(np.float64)
    total = pc * size
    worker = total * hh.worker_income_share
    return Population(
        group=np.repeat(np.arange(inputs.n_groups, dtype=np.int64), inputs.n_workers),
        size=size,
        consumption_pc=pc,
        worker_income=worker,
        other_income=total - worker,
        savings=np.concatenate(parts["sav"]).astype(np.float64) * total,
        extreme_poor=pc < hh.extreme_line,
        children=np.maximum(size - 2, 0),
    )
