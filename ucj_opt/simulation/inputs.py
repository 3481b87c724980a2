"""Plain, picklable inputs of one replication: numpy arrays and frozen dataclasses.

Nothing here knows about YAML, pandas or the optimiser, so a replication can be shipped to
any worker process. Groups are region × segment; simulated workers are stored group after
group (contiguous), each standing for ``weight`` real workers of its group.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

__all__ = ["Benefits", "Household", "Institutions", "SimulationInputs"]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

SEVERITY_CLASSES = ("medical", "temporary", "partial", "total", "death")
"""Work-accident severity classes, in the order of ``severity_shares``."""


@dataclass(frozen=True)
class Benefits:
    """Benefit rules of PP 82/2019 (REFERENCE §3) and the costs they replace.

    ``scale`` multiplies every benefit (cash and medical) in the covered arm: 1 is the law,
    0 a benefit of nothing (both arms then agree bit for bit).
    """

    declared_income: float = 1_000_000.0
    income_floor: float = 1_000_000.0
    jkm_lump_sum: float = 42_000_000.0
    funeral: float = 10_000_000.0
    periodic: float = 12_000_000.0
    death_multiple: float = 48.0
    total_disability_multiple: float = 56.0
    partial_disability_multiple: float = 80.0
    partial_table_share: float = 0.30
    stmb_full_months: int = 12
    stmb_later_share: float = 0.5
    scholarship_children_max: int = 2
    scholarship_per_child_year: float = 1_500_000.0
    scholarship_years: int = 8
    jkm_scholarship_min_months: int = 36
    medical_cost: tuple[float, float, float, float, float] = (
        1_500_000.0,
        5_000_000.0,
        15_000_000.0,
        30_000_000.0,
        0.0,
    )
    oop_share: float = 0.5
    scale: float = 1.0

    @property
    def wage_basis(self) -> float:
        """Monthly income benefits are computed on: max(declared, floor) (REFERENCE §2)."""
        return max(self.declared_income, self.income_floor)


@dataclass(frozen=True)
class Household:
    """Household synthesis and coping; all defaults documented in scenario/simulation.py."""

    poverty_line: float = 609_160.0
    extreme_line: float = 400_000.0
    mean_household_size: float = 3.8
    worker_income_share: float = 0.7
    savings_months: float = 1.0
    debt_limit_months: float = 2.0
    debt_service_share: float = 0.1
    fallback_sigma: float = 0.6


@dataclass(frozen=True)
class Institutions:
    """Premium, lapse and claims-office settings."""

    premium_monthly: float = 16_800.0
    lapse_per_month: float = 0.0
    claims_delay_months: int = 1
    claims_capacity_per_1000: float = 5.0
    prior_contribution_months: int = 0


@dataclass(frozen=True, eq=False)
class SimulationInputs:
    """Everything one replication needs (both arms).

    Arrays have one entry per group (G,), coverage one row per year (Y, G). Rates are per
    year; the engines turn them into monthly probabilities 1 − e^(−λ/12).
    """

    region: tuple[str, ...]
    segment: tuple[str, ...]
    region_key: IntArray
    segment_key: IntArray
    n_workers: IntArray
    weight: FloatArray
    poverty_rate: FloatArray
    extreme_rate: FloatArray
    accident_rate: FloatArray
    nonwork_death_rate: FloatArray
    livelihood_rate: FloatArray
    coverage: FloatArray
    coverage_extreme: FloatArray
    months: int = 120
    severity_shares: tuple[float, float, float, float, float] = (0.70, 0.20, 0.05, 0.02, 0.03)
    temporary_months_mean: float = 2.0
    livelihood_months_mean: float = 4.0
    livelihood_income_loss: float = 0.5
    benefits: Benefits = field(default_factory=Benefits)
    household: Household = field(default_factory=Household)
    institutions: Institutions = field(default_factory=Institutions)

    def __post_init__(self) -> None:
        g = len(self.region)
        per_group = (
            "segment",
            "region_key",
            "segment_key",
            "n_workers",
            "weight",
            "poverty_rate",
            "extreme_rate",
            "accident_rate",
            "nonwork_death_rate",
            "livelihood_rate",
        )
        for name in per_group:
            if len(getattr(self, name)) != g:
                raise ValueError(f"{name} has {len(getattr(self, name))} entries, expected {g}")
        if np.any(self.n_workers < 1):
            raise ValueError("every group needs at least one simulated worker")
        years = -(-self.months // 12)
        for name in ("coverage", "coverage_extreme"):
            arr = getattr(self, name)
            if arr.ndim != 2 or arr.shape[1] != g or arr.shape[0] < years:
                raise ValueError(f"{name} must have shape (≥{years} years, {g} groups)")
            if np.any((arr < 0) | (arr > 1)):
                raise ValueError(f"{name} must hold shares in [0, 1]")
        if abs(sum(self.severity_shares) - 1.0) > 1e-9:
            raise ValueError("severity_shares must sum to 1")

    @property
    def n_groups(self) -> int:
        """Number of region × segment groups."""
        return len(self.region)

    @property
    def offsets(self) -> IntArray:
        """Start of each group in the worker arrays (G + 1 entries, last is the total)."""
        return np.concatenate([[0], np.cumsum(self.n_workers)]).astype(np.int64)

    @property
    def years(self) -> int:
        """Budget years touched by the horizon."""
        return -(-self.months // 12)
