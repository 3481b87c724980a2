"""Synthetic households and their eligible workers, calibrated to each region's persons.

Per-capita income is log-normal in every region, with (μ, σ) solved so that the shares of
*persons* below the poverty and the extreme-poverty line are the region's rates:
ln z = μ + σ Φ⁻¹(rate) for both lines. A household is drawn at a person quantile q inside
the band its group is assigned (extreme-poor workers' households below the extreme line,
the others where the adapter says), so the region's bands hold exactly their published
share of persons when the groups are added up. Draws are stratified: simulated rates stay
within 1/n of the targets even for small groups.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.special import ndtr, ndtri

from ucj_opt.simulation.inputs import SimulationInputs
from ucj_opt.simulation.keys import Purpose, stream

__all__ = [
    "MAX_CHILDREN_TRACKED",
    "STATUSES",
    "TREND_BOUND",
    "Population",
    "log_income_sigma",
    "lognormal_parameters",
    "poverty_decline",
    "synthesise",
]

STATUSES = ("extreme_poor", "poor", "vulnerable", "nonpoor")
"""Baseline status of a household (at month 0), in the order of ``Population.status``."""
MAX_CHILDREN_TRACKED = 2
"""Children followed for scholarships (PP 82/2019 pays for at most two)."""
_MAX_SIZE = 15


@dataclass(frozen=True, eq=False)
class Population:
    """Households (H entries) and their eligible workers (N entries, household by household)."""

    group: NDArray[np.int64]
    size: NDArray[np.int64]
    z: NDArray[np.float64]
    """Standard-normal income position at month 0 (ln y = μ + σ z)."""
    status: NDArray[np.int64]
    """Baseline status, an index into ``STATUSES``."""
    workers: NDArray[np.int64]
    """Eligible workers of each household."""
    first_worker: NDArray[np.int64]
    """Index of each household's first worker (H + 1 entries)."""
    child_age: NDArray[np.int64]
    """(H, 2): age of the two eldest children under 18, −1 when there is none."""
    child_propensity: NDArray[np.float64]
    """(H, 2): uniform draw; a child of age a is in school when it is below participation."""
    savings_months: NDArray[np.float64]
    """Savings at month 0, in months of the household's usual consumption."""
    worker_household: NDArray[np.int64]
    worker_age: NDArray[np.int64]
    worker_priority: NDArray[np.float64]
    """Uniform draw that orders enrolment within a group (lowest first)."""


def lognormal_parameters(
    poverty_rate: float, extreme_rate: float, poverty_line: float, extreme_line: float
) -> tuple[float, float]:
    """(μ, σ) of log per-capita income meeting both rates (persons below each line)."""
    sigma = float(
        log_income_sigma(
            np.float64(poverty_rate), np.float64(extreme_rate), poverty_line, extreme_line
        )
    )
    p = min(max(poverty_rate, 1e-6), 1 - 1e-6)
    return float(np.log(poverty_line) - sigma * ndtri(p)), sigma


def log_income_sigma(
    poverty_rate: NDArray[np.float64] | np.float64,
    extreme_rate: NDArray[np.float64] | np.float64,
    poverty_line: float,
    extreme_line: float,
) -> NDArray[np.float64]:
    """σ of log per-capita income of each region (vectorised, so that ``validate`` can
    check a whole regions table): rates are kept off 0 and 1, and the extreme rate below
    the poverty rate, as the calibration does. Infinite when the extreme line is 0."""
    with np.errstate(divide="ignore"):
        gap = np.log(poverty_line) - np.log(extreme_line)
    p = np.clip(poverty_rate, 1e-6, 1 - 1e-6)
    e = np.minimum(np.maximum(extreme_rate, 1e-7), p * (1 - 1e-6))
    return np.asarray(gap / (ndtri(p) - ndtri(e)), dtype=np.float64)


TREND_BOUND = 5.0
"""Largest yearly trend of log income the calibration considers (either sign): e^5 ≈ 150×
a year, far beyond any economy, so a decline it cannot reach is not reachable at all."""


def poverty_decline(
    growth: float,
    rates: NDArray[np.float64],
    sigma: NDArray[np.float64],
    persons: NDArray[np.float64],
) -> float:
    """Fall of the persons-weighted poverty rate in a year when log income grows by
    ``growth``: Σ P_r [p_r − Φ(Φ⁻¹(p_r) − g/σ_r)] / Σ P_r (what the trend is solved for)."""
    z = ndtri(np.clip(rates, 1e-9, 1 - 1e-9))
    return float((persons * (rates - ndtr(z - growth / sigma))).sum() / persons.sum())


def _split(total: int, shares: NDArray[np.float64]) -> NDArray[np.int64]:
    """Whole counts adding up to ``total`` in proportion to ``shares`` (largest remainders)."""
    s = np.asarray(shares, dtype=np.float64)
    if s.sum() <= 0:
        s = np.ones_like(s)
    exact = total * s / s.sum()
    out: NDArray[np.int64] = np.floor(exact).astype(np.int64)
    rest = total - int(out.sum())
    if rest:
        out[np.argsort(-(exact - out), kind="stable")[:rest]] += 1
    return out


def _group(
    inputs: SimulationInputs, g: int, seed: np.random.SeedSequence
) -> dict[str, NDArray[np.generic]]:
    hh = inputs.household
    n = int(inputs.n_households[g])
    rng = stream(seed, inputs.region_key[g], inputs.segment_key[g], Purpose.POPULATION)
    counts = _split(n, inputs.band_shares[g])
    e_edge, p_edge = inputs.band_edges[g]
    edges = ((0.0, e_edge), (e_edge, p_edge), (p_edge, 1.0))
    q = np.concatenate(
        [
            lo + (hi - lo) * (rng.permutation(m) + rng.random(m)) / m
            for (lo, hi), m in zip(edges, counts, strict=True)
            if m
        ]
    )
    q.sort()  # households by income position, so by baseline status (see Recorder)
    k_mean = float(inputs.workers_per_household[g])
    if k_mean > 0:
        base = int(np.floor(k_mean))
        extra = round((k_mean - base) * n)
        k = np.full(n, base, dtype=np.int64)
        k[rng.permutation(n)[:extra]] += 1
        k = np.maximum(k, 1)
    else:
        k = np.zeros(n, dtype=np.int64)
    lam = max(float(inputs.household_size[g]) - max(k_mean, 1.0), 0.0)
    size = np.minimum(np.maximum(k, 1) + rng.poisson(lam, n), _MAX_SIZE).astype(np.int64)
    children = np.maximum(size - np.maximum(k, 2), 0)
    ages = rng.integers(0, 18, size=(n, MAX_CHILDREN_TRACKED))
    ages = -np.sort(-ages, axis=1)  # eldest first
    slots = np.arange(MAX_CHILDREN_TRACKED)[None, :]
    child_age = np.where(slots < children[:, None], ages, -1)
    return {
        "size": size,
        "z": ndtri(np.clip(q, 1e-12, 1 - 1e-12)),
        "workers": k,
        "child_age": child_age,
        "child_propensity": rng.random((n, MAX_CHILDREN_TRACKED)),
        "savings_months": rng.exponential(hh.savings_months, n)
        if hh.savings_months > 0
        else np.zeros(n),
        "worker_age": 15
        + rng.choice(
            len(inputs.age_shares), size=int(k.sum()), p=inputs.age_shares / inputs.age_shares.sum()
        ),
        "worker_priority": rng.random(int(k.sum())),
    }


def synthesise(inputs: SimulationInputs, seed: np.random.SeedSequence) -> Population:
    """Draw every group's households and workers from its own keyed stream."""
    parts = [_group(inputs, g, seed) for g in range(inputs.n_groups)]

    def cat(name: str) -> NDArray[np.generic]:
        return np.concatenate([p[name] for p in parts])

    hh = inputs.household
    group = np.repeat(np.arange(inputs.n_groups, dtype=np.int64), inputs.n_households)
    z = cat("z").astype(np.float64)
    pc = np.exp(inputs.income_mu[group] + inputs.income_sigma[group] * z)
    status = np.select(
        [
            pc < hh.extreme_line,
            pc < hh.poverty_line,
            pc < hh.vulnerable_multiple * hh.poverty_line,
        ],
        [0, 1, 2],
        3,
    ).astype(np.int64)
    workers = cat("workers").astype(np.int64)
    first = np.concatenate([[0], np.cumsum(workers)]).astype(np.int64)
    return Population(
        group=group,
        size=cat("size").astype(np.int64),
        z=z,
        status=status,
        workers=workers,
        first_worker=first,
        child_age=cat("child_age").astype(np.int64),
        child_propensity=cat("child_propensity").astype(np.float64),
        savings_months=cat("savings_months").astype(np.float64),
        worker_household=np.repeat(np.arange(len(workers), dtype=np.int64), workers),
        worker_age=cat("worker_age").astype(np.int64),
        worker_priority=cat("worker_priority").astype(np.float64),
    )
