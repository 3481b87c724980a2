"""The ``simulation`` section of a scenario: rates, rules and sizes of the projection.

Every figure is an :class:`Estimate` with a unit and a source: a REFERENCE.md row where one
exists, otherwise an explicit assumption with a range. The defaults run as they are.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from ucj_opt.scenario.base import Estimate, Status, StrictModel

__all__ = ["SEVERITY_CLASSES", "SimulationSettings"]

SEVERITY_CLASSES = ("medical", "temporary", "partial", "total", "death")
"""Work-accident severity classes."""

_CLAIMS = "REFERENCE §6: BPU JKK claims ≈ 0.33%/year (lower bound; incidence is higher)"


def _est(
    value: float,
    low: float,
    high: float,
    unit: str,
    source: str = "assumption",
    status: Status = "assumed",
) -> Estimate:
    return Estimate(value=value, low=low, high=high, unit=unit, source=source, status=status)


def _accident_rates() -> dict[str, Estimate]:
    note = f"assumption above the claims floor ({_CLAIMS}); per-segment rates not found"
    return {
        "farmer": _est(0.010, 0.0033, 0.03, "per_year", note),
        "fisher": _est(0.020, 0.0050, 0.05, "per_year", note),
        "informal": _est(0.008, 0.0033, 0.03, "per_year", note),
        "default": _est(0.008, 0.0033, 0.03, "per_year", note),
    }


def _severity() -> dict[str, Estimate]:
    note = "assumption: severity mix of JKK cases not found in REFERENCE.md"
    return {
        "medical": _est(0.70, 0.50, 0.85, "share", note),
        "temporary": _est(0.20, 0.10, 0.35, "share", note),
        "partial": _est(0.05, 0.02, 0.10, "share", note),
        "total": _est(0.02, 0.005, 0.05, "share", note),
        "death": _est(0.03, 0.01, 0.06, "share", note),
    }


def _medical() -> dict[str, Estimate]:
    note = "assumption; cf. REFERENCE §6 average JKK claim ≈ Rp 7.7m (2022, calc, grade C)"
    return {
        "medical": _est(1.5e6, 0.5e6, 5e6, "rupiah", note),
        "temporary": _est(5e6, 2e6, 15e6, "rupiah", note),
        "partial": _est(15e6, 5e6, 40e6, "rupiah", note),
        "total": _est(30e6, 10e6, 80e6, "rupiah", note),
        "death": _est(0.0, 0.0, 10e6, "rupiah", note),
    }


class SimulationSettings(StrictModel):
    """How the poverty projection is run, and the figures it rests on."""

    replications: int = Field(default=20, ge=1, le=100_000)
    """Monte Carlo replications (each simulates both arms on common random numbers)."""
    seed: int = Field(default=20260101, ge=0)
    """Root seed; the same seed gives the same bytes."""
    workers_per_group: int = Field(default=2000, ge=1, le=10_000_000)
    """Simulated workers per region × segment (fewer if the group is smaller); each stands
    for eligible / simulated real workers."""
    years: int | None = Field(default=None, ge=1, le=30)
    """Years projected (default: the scenario's horizon)."""
    engine: Literal["simpy", "vector"] = "simpy"
    """simpy (institutions as processes) or vector (reference loop)."""

    accident_rate: dict[str, Estimate] = Field(default_factory=_accident_rates)
    """Work accidents per worker and year, by segment id (``default`` for the others)."""
    severity_shares: dict[str, Estimate] = Field(default_factory=_severity)
    """Shares of accidents by severity class (normalised to sum to 1)."""
    nonwork_death_rate: Estimate = _est(
        0.004, 0.002, 0.008, "per_year", "assumption: adult mortality not in REFERENCE.md"
    )
    """Deaths not from work per worker and year (JKM)."""
    livelihood_loss_rate: Estimate = _est(
        0.10, 0.03, 0.30, "per_year", "assumption: REFERENCE §6 rate not found"
    )
    """Livelihood losses (harvest, catch, market, eviction) per worker and year; uninsured
    for BPU workers (JKP is for wage earners, REFERENCE §3)."""
    livelihood_loss_months: Estimate = _est(
        4.0, 1.0, 12.0, "months", "assumption: REFERENCE §6 duration not found"
    )
    """Mean duration of a livelihood loss (geometric)."""
    livelihood_income_loss: Estimate = _est(0.5, 0.3, 1.0, "share")
    """Share of the worker's income lost while the livelihood is lost."""
    temporary_months: Estimate = _est(2.0, 1.0, 6.0, "months")
    """Mean duration of temporary incapacity (STMB is paid throughout)."""
    partial_table_share: Estimate = _est(
        0.30,
        0.10,
        0.70,
        "share",
        "assumption: mean percentage of the PP 82/2019 disability table (not retrieved)",
    )
    """Mean table percentage of a partial disability (benefit = share × 80 × income; the
    same share of the worker's income is lost for good)."""
    medical_cost: dict[str, Estimate] = Field(default_factory=_medical)
    """Medical cost of an accident by severity class."""
    oop_share: Estimate = _est(
        0.5, 0.2, 1.0, "share", "assumption: the rest is paid by JKN or forgone"
    )
    """Share of medical costs an uninsured household pays out of pocket."""
    scholarship_per_child_year: Estimate = _est(
        1.5e6,
        1.5e6,
        12e6,
        "rupiah",
        "REFERENCE §3 (PP 82/2019): primary Rp 1.5m, ≤ 8 years",
        "official",
    )
    """Scholarship per child and year (children assumed at primary level)."""
    scholarship_years: int = Field(default=8, ge=0, le=20)
    """Years a scholarship runs (PP 82/2019: primary ≤ 8)."""
    poverty_line: Estimate = _est(
        609_160.0,
        580_349.0,
        641_443.0,
        "rupiah_per_capita_month",
        "REFERENCE §5: BPS Mar 2025 (rural 580,349; Sep 2025 641,443)",
        "official",
    )
    """Poverty line per person and month."""
    extreme_line: Estimate = _est(
        400_000.0,
        351_957.0,
        400_000.0,
        "rupiah_per_capita_month",
        "REFERENCE §5: no official figure; reports ~Rp 391k–400k for 2025 (grade C)",
    )
    """Extreme-poverty line per person and month."""
    household_size: Estimate = _est(
        4.0,
        3.0,
        4.76,
        "persons",
        "assumption; REFERENCE §5: poor households 4.76 persons (Sep 2025) as the upper end",
    )
    """Mean household size (1 + Poisson)."""
    worker_income_share: Estimate = _est(0.7, 0.5, 1.0, "share")
    """Share of household income earned by the covered worker."""
    savings_months: Estimate = _est(1.0, 0.25, 3.0, "months")
    """Mean savings buffer, in months of household consumption (exponential)."""
    debt_limit_months: Estimate = _est(2.0, 0.0, 6.0, "months")
    """Most a household can borrow, in months of its usual income."""
    debt_service_share: Estimate = _est(0.1, 0.05, 0.2, "per_month")
    """Share of outstanding debt repaid each month."""
    claims_delay_months: int = Field(default=1, ge=0, le=24)
    """Months between a claim and its approval at the earliest (assumption, 0–3)."""
    claims_capacity_per_1000: Estimate = _est(5.0, 0.5, 20.0, "claims_per_1000_insured_month")
    """Claims the BPJS TK office settles per month per 1,000 insured (SimPy engine)."""
    lapse_per_month: Estimate = _est(0.0, 0.0, 0.05, "per_month")
    """Chance an enrolled worker's premium lapses in a month (until the next budget year)."""
    benefit_scale: float = Field(default=1.0, ge=0)
    """Multiplier on every benefit (1 = PP 82/2019; 0 = a benefit of nothing)."""

    @field_validator("severity_shares", "medical_cost")
    @classmethod
    def _all_classes(cls, value: dict[str, Estimate]) -> dict[str, Estimate]:
        missing = [k for k in SEVERITY_CLASSES if k not in value]
        extra = [k for k in value if k not in SEVERITY_CLASSES]
        if missing or extra:
            raise ValueError(
                f"give exactly the classes {', '.join(SEVERITY_CLASSES)}"
                + (f"; missing {', '.join(missing)}" if missing else "")
                + (f"; unknown {', '.join(extra)}" if extra else "")
            )
        return value

    @model_validator(mode="after")
    def _shares_positive(self) -> SimulationSettings:
        if sum(e.value for e in self.severity_shares.values()) <= 0:
            raise ValueError("severity_shares must not all be zero")
        if self.extreme_line.value >= self.poverty_line.value:
            raise ValueError("extreme_line must be below poverty_line")
        if "default" not in self.accident_rate:
            raise ValueError("accident_rate needs a 'default' entry for other segments")
        return self
