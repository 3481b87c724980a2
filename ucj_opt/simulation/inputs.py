"""Plain, picklable inputs of one replication: numpy arrays and frozen dataclasses.

Nothing here knows about YAML, pandas or the optimiser, so a replication can be shipped to
any worker process. Every figure is set by the projection adapter from the scenario's
``simulation`` settings, where each default carries its source (one source per default:
these classes have none).

A *group* is a set of simulated households that share a region, a segment and a stratum:
the households of extreme-poor eligible workers (stratum 0), of other eligible workers
(stratum 1), or households with no eligible worker (stratum 2, one group per region, so
that the region's persons, poor and extreme poor add up to its published figures).
Households are stored group after group; each stands for ``weight`` real households.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "BANDS",
    "STRATA",
    "Benefits",
    "Dynamics",
    "Household",
    "Institutions",
    "SimulationInputs",
]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

STRATA = ("extreme_poor_workers", "other_workers", "no_eligible_worker")
"""Kinds of household group, in the order of ``SimulationInputs.stratum`` codes."""
BANDS = ("extreme", "poor", "nonpoor")
"""Person-quantile bands a group's households are drawn from: below the extreme line,
between the two lines, above the poverty line."""


@dataclass(frozen=True)
class Benefits:
    """Benefit rules of PP 82/2019 (REFERENCE §3) and the costs they replace.

    ``scale`` multiplies every benefit (cash and medical) in the covered arm: 1 is the law,
    0 a benefit of nothing (both arms then agree bit for bit).
    """

    wage_basis: float
    """Monthly income benefits are computed on: max(declared income, Rp 1 million)."""
    jkm_lump_sum: float
    """JKM for a death not from work, all parts (Rp 42 million)."""
    funeral: float
    periodic: float
    """The periodic benefit, paid at once (JKK death and total disability)."""
    death_multiple: float
    death_minimum: float
    total_disability_multiple: float
    partial_disability_multiple: float
    partial_table_share: float
    stmb_full_months: int
    stmb_later_share: float
    scholarship_children_max: int
    scholarship_per_year: tuple[float, float, float, float, float]
    """Per child and year at TK, SD, SMP, SMA, university (TK and SD share one rate)."""
    jkm_scholarship_min_months: int
    medical_cost: tuple[float, float, float, float, float]
    """Medical cost of an accident by severity class (paid by JKK when claimed)."""
    oop_share: float
    """Share of medical costs a household pays itself when JKK does not pay."""
    scale: float = 1.0


@dataclass(frozen=True)
class Household:
    """Poverty lines, composition and coping of households."""

    poverty_line: float
    extreme_line: float
    vulnerable_multiple: float
    """Non-poor households below this multiple of the poverty line are 'vulnerable'."""
    destitution_share: float
    """Per-capita consumption below this share of the extreme line is destitution."""
    eligible_income_share: float
    """Share of household income earned by its eligible workers together."""
    savings_months: float
    debt_limit_months: float
    debt_service_share: float
    lump_sum_spread_months: float
    """A lump sum (after paying debt) is spent at 1/this of what is left each month."""
    school_participation: tuple[float, float, float, float, float]
    """Share of children in school at TK, SD, SMP, SMA and university age."""
    dropout_risk: float
    """Yearly chance a child leaves school after a parent's death or disability, without
    a scholarship (an assumption; used for the 'kept in school' outcome only)."""


@dataclass(frozen=True)
class Dynamics:
    """Income dynamics without any shock: trend growth and a persistent component."""

    growth_per_year: float
    """Trend of log per-capita income relative to the (real) poverty line."""
    persistence_per_year: float
    """Correlation of a household's income position one year apart (AR(1))."""


@dataclass(frozen=True)
class Institutions:
    """Lapse and claims-office settings."""

    lapse_per_month: float
    claims_delay_months: int
    claims_capacity_per_1000: float
    claim_take_up: float
    """Share of work accidents of insured workers that are claimed."""
    death_claim_take_up: float
    prior_contribution_months: int = 0


@dataclass(frozen=True, eq=False)
class SimulationInputs:
    """Everything one replication needs (both arms).

    Per-group arrays have G entries; ``coverage`` and ``premium_monthly`` one row per year
    (Y, G). Rates are per year; the engines turn them into monthly probabilities.
    """

    region: tuple[str, ...]
    segment: tuple[str, ...]
    stratum: IntArray
    region_key: IntArray
    segment_key: IntArray
    n_households: IntArray
    """Simulated households per group."""
    weight: FloatArray
    """Real households per simulated one."""
    workers_per_household: FloatArray
    """Mean eligible workers per household (0 in stratum 2)."""
    household_size: FloatArray
    """Mean persons per household of the group. Drawn independently of the household's
    income position *within* its group, so that income mobility keeps the share of
    persons below each line (docs/model.md)."""
    band_shares: FloatArray
    """(G, 3): share of each group's *persons* in each band of ``BANDS``."""
    band_edges: FloatArray
    """(G, 2): the person quantiles of the extreme and the poverty line in the region."""
    income_mu: FloatArray
    income_sigma: FloatArray
    """Log-normal per-capita income of the group's region: ln y = mu + sigma z."""
    accident_rate: FloatArray
    livelihood_rate: FloatArray
    mortality: FloatArray
    """Yearly death probability by age, from age 15 (index 0) upward (non-work deaths)."""
    age_shares: FloatArray
    """Share of eligible workers by age, from age 15 (index 0) upward."""
    coverage: FloatArray
    """(Y, G): share of the group's eligible workers covered each year."""
    premium_monthly: FloatArray
    """(Y, G): rupiah of premium per covered worker and month."""
    months: int
    severity_shares: tuple[float, float, float, float, float]
    temporary_months_mean: float
    livelihood_months_mean: float
    livelihood_income_loss: float
    benefits: Benefits
    household: Household
    dynamics: Dynamics
    institutions: Institutions

    def __post_init__(self) -> None:
        g = len(self.region)
        per_group = (
            "segment",
            "stratum",
            "region_key",
            "segment_key",
            "n_households",
            "weight",
            "workers_per_household",
            "household_size",
            "income_mu",
            "income_sigma",
            "accident_rate",
            "livelihood_rate",
        )
        for name in per_group:
            if len(getattr(self, name)) != g:
                raise ValueError(f"{name} has {len(getattr(self, name))} entries, expected {g}")
        for name in ("band_shares", "band_edges"):
            arr = getattr(self, name)
            if arr.shape != (g, 3 if name == "band_shares" else 2):
                raise ValueError(f"{name} has shape {arr.shape}")
        if np.any(self.n_households < 1):
            raise ValueError("every group needs at least one simulated household")
        for name in ("coverage", "premium_monthly"):
            arr = getattr(self, name)
            if arr.ndim != 2 or arr.shape[1] != g or arr.shape[0] < self.years:
                raise ValueError(f"{name} must have shape (≥{self.years} years, {g} groups)")
        if np.any((self.coverage < 0) | (self.coverage > 1)):
            raise ValueError("coverage must hold shares in [0, 1]")
        if abs(sum(self.severity_shares) - 1.0) > 1e-9:
            raise ValueError("severity_shares must sum to 1")
        if len(self.mortality) != len(self.age_shares):
            raise ValueError("mortality and age_shares must cover the same ages")

    @property
    def n_groups(self) -> int:
        """Number of groups."""
        return len(self.region)

    @property
    def offsets(self) -> IntArray:
        """Start of each group in the household arrays (G + 1 entries, last is the total)."""
        return np.concatenate([[0], np.cumsum(self.n_households)]).astype(np.int64)

    def select(self, groups: IntArray) -> SimulationInputs:
        """The same inputs for a subset of the groups, in the given order.

        Every draw is keyed by group, so the selected groups simulate exactly as they do
        in the whole (the basis of running a large population in chunks).
        """
        g = np.asarray(groups, dtype=np.int64)
        per_group = {
            name: getattr(self, name)[g]
            for name in (
                "stratum",
                "region_key",
                "segment_key",
                "n_households",
                "weight",
                "workers_per_household",
                "household_size",
                "band_shares",
                "band_edges",
                "income_mu",
                "income_sigma",
                "accident_rate",
                "livelihood_rate",
            )
        }
        return replace(
            self,
            region=tuple(self.region[i] for i in g),
            segment=tuple(self.segment[i] for i in g),
            coverage=self.coverage[:, g],
            premium_monthly=self.premium_monthly[:, g],
            **per_group,
        )

    @property
    def years(self) -> int:
        """Budget years touched by the horizon."""
        return -(-self.months // 12)
