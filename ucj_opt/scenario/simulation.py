"""The ``simulation`` section of a scenario: rates, rules and sizes of the projection.

Every figure is an :class:`Estimate` with a unit and a source: a public figure where one
exists (REFERENCE.md, BPS, BPJS), otherwise the word *assumption* with a range and the
reasoning behind it. These are the only defaults of the projection: the simulation's input
classes have none. The evidence is summarised in docs/model.md and checked against
published figures in docs/validation.md.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from ucj_opt.scenario.base import Estimate, Status, StrictModel

__all__ = [
    "MIN_EXTREME_LINE_SHARE",
    "SCHOOL_LEVELS",
    "SEVERITY_CLASSES",
    "BenefitRules",
    "SimulationSettings",
]

MIN_EXTREME_LINE_SHARE = 0.25
"""Lowest extreme-poverty line, as a share of the poverty line (assumption). The lines of
REFERENCE §5 give 0.55–0.69 (Rp 351,957–400,000 against Rp 580,349–641,443); far below,
the regions' rates imply incomes spread beyond any region's (limits.MAX_INCOME_SIGMA), and
at 0 no income trend reproduces the poverty decline (found by fuzzing)."""

SEVERITY_CLASSES = ("medical", "temporary", "partial", "total", "death")
"""Work-accident severity classes."""
SCHOOL_LEVELS = ("tk", "sd", "smp", "sma", "university")
"""School levels of PP 82/2019 scholarships (TK and SD share one rate)."""


def _est(
    value: float,
    low: float,
    high: float,
    unit: str,
    source: str,
    status: Status = "assumed",
) -> Estimate:
    return Estimate(value=value, low=low, high=high, unit=unit, source=source, status=status)


def _official(value: float, unit: str, source: str) -> Estimate:
    return Estimate(value=value, unit=unit, source=source, status="official")


_SEGMENT_RISK = (
    "assumption: relative work-accident risk of the segment; per-segment rates were not "
    "found (REFERENCE §6), fishers' boat accidents make theirs higher"
)


def _accident_risk() -> dict[str, Estimate]:
    return {
        "farmer": _est(1.0, 0.7, 1.5, "relative", _SEGMENT_RISK),
        "fisher": _est(2.0, 1.0, 4.0, "relative", _SEGMENT_RISK),
        "informal": _est(1.0, 0.7, 1.5, "relative", _SEGMENT_RISK),
        "default": _est(1.0, 0.7, 1.5, "relative", _SEGMENT_RISK),
    }


def _severity() -> dict[str, Estimate]:
    note = (
        "assumption: the split of JKK cases by benefit type was not found for 2021-24 "
        "(BPJS TK annual report table wanted)"
    )
    return {
        "medical": _est(0.55, 0.40, 0.75, "share", note),
        "temporary": _est(0.38, 0.20, 0.50, "share", note),
        "partial": _est(0.05, 0.03, 0.10, "share", note),
        "total": _est(0.003, 0.001, 0.01, "share", note),
        "death": _est(
            0.0226,
            0.015,
            0.05,
            "share",
            "derived: 2,375 deaths among 105,182 JKK cases in 2015 (BPJS TK via Antara Foto, "
            "21 Apr 2016, grade B)",
            "derived",
        ),
    }


def _medical() -> dict[str, Estimate]:
    note = (
        "assumption, checked against the average JKK benefit per BPU case in 2024 "
        "(8.05% of Rp 3.4 T over 34,364 cases, Kemnaker, calc; docs/validation.md)"
    )
    return {
        "medical": _est(1.5e6, 0.5e6, 5e6, "rupiah", note),
        "temporary": _est(5e6, 2e6, 15e6, "rupiah", note),
        "partial": _est(15e6, 5e6, 40e6, "rupiah", note),
        "total": _est(30e6, 10e6, 80e6, "rupiah", note),
        "death": _est(0.0, 0.0, 10e6, "rupiah", note),
    }


def _school() -> dict[str, Estimate]:
    aps = "BPS school participation rate (APS) 2023, via GoodStats (grade B)"
    return {
        "tk": _est(0.5, 0.3, 0.7, "share", "assumption: APS of ages 5-6 not found"),
        "sd": _est(0.99, 0.97, 1.0, "share", f"{aps}: ages 7-12 99.16%", "official"),
        "smp": _est(0.96, 0.90, 0.98, "share", f"{aps}: ages 13-15 96.10%", "official"),
        "sma": _est(0.73, 0.60, 0.80, "share", f"{aps}: ages 16-18 73.42%", "official"),
        "university": _est(0.29, 0.12, 0.32, "share", f"{aps}: ages 19-23 28.96%", "official"),
    }


_PP82 = "PP 82/2019 (REFERENCE §3, grade A)"


class BenefitRules(StrictModel):
    """Benefits of JKK and JKM as the law sets them (PP 82/2019; Permenaker 5/2021)."""

    jkm_lump_sum: float = Field(default=42_000_000.0, ge=0)
    """JKM, death not from work: Rp 20m lump sum + Rp 12m periodic + Rp 10m funeral."""
    funeral: float = Field(default=10_000_000.0, ge=0)
    """JKK funeral benefit."""
    periodic: float = Field(default=12_000_000.0, ge=0)
    """JKK periodic benefit, paid at once, at a work death or a total permanent disability."""
    death_multiple: float = Field(default=48.0, ge=0)
    """JKK death: 60% × 80 × monthly wage."""
    death_minimum: float = Field(default=20_000_000.0, ge=0)
    """JKK death: at least Rp 20m."""
    total_disability_multiple: float = Field(default=56.0, ge=0)
    """JKK total permanent disability: 70% × 80 × monthly wage."""
    partial_disability_multiple: float = Field(default=80.0, ge=0)
    """JKK partial disability: table percentage × 80 × monthly wage."""
    stmb_full_months: int = Field(default=12, ge=0, le=120)
    """STMB pays 100% of the wage for the first 12 months of incapacity."""
    stmb_later_share: float = Field(default=0.5, ge=0, le=1)
    """... then 50% until recovery."""
    scholarship_per_year: dict[str, float] = Field(
        default_factory=lambda: {
            "tk": 1_500_000.0,
            "sd": 1_500_000.0,
            "smp": 2_000_000.0,
            "sma": 3_000_000.0,
            "university": 12_000_000.0,
        }
    )
    """Scholarship per child and year by level (TK-SD Rp 1.5m at most 8 years, SMP Rp 2m
    and SMA Rp 3m at most 3 each, university Rp 12m at most 5), until the child is 23."""
    scholarship_children_max: int = Field(default=2, ge=0, le=10)
    """Children per worker who receive a scholarship."""
    jkm_scholarship_min_months: int = Field(default=36, ge=0, le=600)
    """JKM pays scholarships after at least 3 years of contributions (JKK: no minimum)."""

    @field_validator("scholarship_per_year")
    @classmethod
    def _levels(cls, value: dict[str, float]) -> dict[str, float]:
        if sorted(value) != sorted(SCHOOL_LEVELS) or any(v < 0 for v in value.values()):
            raise ValueError(
                f"give a non-negative amount for exactly the levels {', '.join(SCHOOL_LEVELS)}"
            )
        return value


class SimulationSettings(StrictModel):
    """How the poverty projection is run, and the figures it rests on."""

    # -- run sizes -------------------------------------------------------------------
    replications: int = Field(default=20, ge=1, le=100_000)
    """Most replications (each simulates both arms on common random numbers); fewer are
    run when the headline's confidence interval is already narrow enough."""
    min_replications: int = Field(default=6, ge=2, le=100_000)
    """Replications run before the stopping rule may stop."""
    target_relative_half_width: float | None = Field(default=0.10, gt=0, le=10)
    """Stop adding replications once the 95% confidence interval of the headline effect is
    within this share of its mean (``null``: always run ``replications``)."""
    workers: int = Field(default=2, ge=1, le=256)
    """Processes that run replications side by side (1: in this process)."""
    seed: int = Field(default=20260101, ge=0)
    """Root seed; the same seed gives the same bytes."""
    households_per_group: int = Field(default=300, ge=1, le=10_000_000)
    """Simulated households per region × segment × stratum with eligible workers; each
    stands for many real ones."""
    rest_households_per_region: int = Field(default=200, ge=1, le=10_000_000)
    """Simulated households per region without an eligible worker (they complete the
    region's population, poor and extreme poor)."""
    years: int | None = Field(default=None, ge=1, le=30)
    """Years projected (default: the scenario's horizon)."""
    engine: Literal["simpy", "vector"] = "simpy"
    """simpy (institutions as processes) or vector (reference loop)."""

    # -- poverty lines and households ------------------------------------------------
    poverty_line: Estimate = _est(
        609_160.0,
        580_349.0,
        641_443.0,
        "rupiah_per_capita_month",
        "REFERENCE §5: BPS Mar 2025 (rural 580,349; Sep 2025 641,443)",
        "official",
    )
    """Poverty line per person and month (held in real terms over the horizon)."""
    extreme_line: Estimate = _est(
        400_000.0,
        351_957.0,
        400_000.0,
        "rupiah_per_capita_month",
        "REFERENCE §5: no official figure; reports of ~Rp 391k-400k for 2025 (grade C)",
        "derived",
    )
    """Extreme-poverty line per person and month."""
    vulnerable_multiple: Estimate = _est(
        1.5,
        1.2,
        2.0,
        "times_poverty_line",
        "assumption: 'vulnerable' = non-poor below 1.5 poverty lines, the usual World Bank "
        "band for Indonesia",
    )
    """Non-poor households below this multiple of the poverty line are counted vulnerable."""
    destitution_share: Estimate = _est(
        0.5,
        0.3,
        0.7,
        "share_of_extreme_line",
        "assumption: this tool's definition of destitution (half the extreme line)",
    )
    """Consumption below this share of the extreme line counts as destitution."""
    household_size_poor: Estimate = _est(
        4.76,
        4.34,
        4.83,
        "persons",
        "BPS Sep 2025: 4.76 persons per poor household (range: releases Sep 2018-Sep 2025)",
        "official",
    )
    """Mean size of households below the poverty line."""
    household_size_nonpoor: Estimate = _est(
        3.65,
        3.5,
        3.9,
        "persons",
        "BPS Sumatera Selatan 2021: non-poor households 3.65 persons (one province, used as "
        "the national figure: grade C)",
        "derived",
    )
    """Mean size of households above the poverty line."""
    workers_per_household: Estimate = _est(
        1.3,
        1.0,
        2.0,
        "workers",
        "assumption: 27m eligible of 145.8m employed (1.9 per household) cluster in farming "
        "and trading families",
    )
    """Eligible workers per household among households of eligible workers who are not
    extreme poor (for extreme-poor households it follows from the tables: docs/model.md)."""
    other_workers_poverty_ratio: Estimate = _est(
        1.0,
        1.0,
        2.0,
        "ratio",
        "assumption: eligible workers who are not extreme poor are as often poor as the rest "
        "of the region above the extreme line (informal work may make them poorer)",
    )
    """How much more often than the region's population above the extreme line a household
    of a non-extreme-poor eligible worker is poor."""
    eligible_income_share: Estimate = _est(
        0.7,
        0.55,
        0.85,
        "share",
        "assumption: about 1.6 earners per poor household, the main one earning ~70% "
        "(LFPR Aug 2024: men 84.7%, women 56.4%)",
    )
    """Share of household income its eligible workers earn together."""
    savings_months: Estimate = _est(
        1.0, 0.25, 3.0, "months", "assumption: poor households hold little liquid savings"
    )
    """Mean savings buffer, in months of usual consumption (exponential across households)."""
    debt_limit_months: Estimate = _est(
        2.0, 0.0, 6.0, "months", "assumption: informal credit from family, shops, arisan"
    )
    """Most a household can borrow, in months of its usual income."""
    debt_service_share: Estimate = _est(
        0.1, 0.05, 0.2, "per_month", "assumption: informal loans repaid within about a year"
    )
    """Share of outstanding debt repaid each month."""
    lump_sum_spread_months: Estimate = _est(
        24.0,
        6.0,
        60.0,
        "months",
        "assumption: a benefit is spent over about two years after debts are paid",
    )
    """A lump sum left after paying debt is spent at 1/this of what remains each month."""
    school_participation: dict[str, Estimate] = Field(default_factory=_school)
    """Share of children in school by level (decides whether a scholarship is paid)."""
    dropout_risk: Estimate = _est(
        0.10,
        0.02,
        0.25,
        "per_year",
        "assumption: no Indonesian estimate of school leaving after a parent's death was "
        "found; used only for the 'kept in school' outcome",
    )
    """Yearly chance a child of an affected household leaves school without a scholarship."""

    # -- income dynamics -------------------------------------------------------------
    poverty_decline_per_year: Estimate = _est(
        0.0030,
        0.0020,
        0.0045,
        "share_points_per_year",
        "derived: BPS Mar/Sep poverty rates 2015-2025, OLS -0.24 pp/yr without 2020-21, "
        "-0.40 pp/yr since 2022 (9.03% Mar 2024, 8.47% Mar 2025, 8.25% Sep 2025)",
        "derived",
    )
    """Yearly fall of the national poverty rate without any programme shock; the trend of
    per-capita incomes that gives it is solved from the regions' distributions."""
    baseline: Literal["with_shocks", "without_shocks"] = "with_shocks"
    """What follows the published trend: the arm without coverage with its accidents,
    deaths and livelihood losses (``with_shocks``: the BPS series includes them, so income
    growth is raised to offset their measured drift), or incomes without those shocks."""
    poverty_exit_rate: Estimate = _est(
        0.35,
        0.25,
        0.50,
        "per_year",
        "derived from Susenas panels: Dartanto & Nurkholis 2013 (BIES 49(1), 28% of poor "
        "households poor in both rounds) and Purwono et al. 2021 (6.7% of households poor in "
        "both 2008 and 2010); grade C",
        "derived",
    )
    """Share of the poor who are no longer poor a year later; sets the persistence of
    household incomes (docs/model.md)."""

    # -- hazards ---------------------------------------------------------------------
    accident_claim_rate: Estimate = _est(
        0.0037,
        0.0033,
        0.0040,
        "per_year",
        "derived: 34,364 JKK cases among ~9.4m active BPU in 2024 (Kemnaker); 20,129 in "
        "Jan-Aug 2024 over 9.2m = 0.33%/yr (REFERENCE §6)",
        "derived",
    )
    """Observed JKK claims per insured BPU worker and year."""
    claim_take_up: Estimate = _est(
        0.5,
        0.25,
        1.0,
        "share",
        "assumption: BPU claim 4x less often than wage earners (1.6%/yr, 2024), mostly "
        "from under-claiming, not lower risk",
    )
    """Share of an insured worker's work accidents that are claimed; accidents happen at
    ``accident_claim_rate / claim_take_up`` a year, insured or not."""
    accident_risk: dict[str, Estimate] = Field(default_factory=_accident_risk)
    """Relative accident risk by segment id (``default`` for the others); the rates are
    scaled so that the eligible workers' average equals the claim-based rate."""
    death_claim_take_up: Estimate = _est(
        1.0, 0.8, 1.0, "share", "assumption: JKM death claims are well known and simple"
    )
    """Share of insured deaths that are claimed."""
    mortality_scale: Estimate = _est(
        1.0,
        0.9,
        1.2,
        "times_life_table",
        "JKN 2023 life table (BPJS Kesehatan & PAI, grade B); upper end: informal, poorer "
        "workers die younger than the JKN average",
        "derived",
    )
    """Multiplier on the life table's death probabilities (deaths not from work)."""
    male_share: Estimate = _est(
        0.6,
        0.5,
        0.65,
        "share",
        "derived: LFPR Aug 2024 men 84.66%, women 56.42% gives ~60% of workers male",
        "derived",
    )
    """Share of eligible workers who are men (mixes the life table's two columns)."""
    livelihood_loss_rate: Estimate = _est(
        0.10, 0.03, 0.30, "per_year", "assumption: REFERENCE §6 rate not found"
    )
    """Livelihood losses (harvest, catch, market, eviction) per worker and year; uninsured
    for BPU workers (JKP is for wage earners, REFERENCE §3)."""
    livelihood_loss_months: Estimate = _est(
        4.0, 1.0, 12.0, "months", "assumption: REFERENCE §6 duration not found"
    )
    """Mean duration of a livelihood loss (geometric)."""
    livelihood_income_loss: Estimate = _est(
        0.5, 0.3, 1.0, "share", "assumption: a failed harvest or catch halves a worker's income"
    )
    """Share of the worker's income lost while the livelihood is lost."""
    temporary_months: Estimate = _est(
        2.0, 1.0, 6.0, "months", "assumption: median STMB spell ~1 month, long tail"
    )
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
    severity_shares: dict[str, Estimate] = Field(default_factory=_severity)
    """Shares of accidents by severity class (normalised to sum to 1)."""
    medical_cost: dict[str, Estimate] = Field(default_factory=_medical)
    """Medical cost of an accident by severity class (JKK pays it in full when claimed)."""
    oop_share: Estimate = _est(
        0.36,
        0.2,
        0.6,
        "share",
        "derived from assumptions: 75% of poor informal households with active JKN pay "
        "~15%, the rest all (JKN 95.7% enrolled, 20.6% not active, DJSN 2024)",
    )
    """Share of medical costs a household pays itself when JKK does not pay."""

    # -- benefits and institutions ---------------------------------------------------
    benefits: BenefitRules = Field(default_factory=BenefitRules)
    """JKK and JKM benefit rules (PP 82/2019)."""
    benefit_scale: float = Field(default=1.0, ge=0)
    """Multiplier on every benefit (1 = PP 82/2019; 0 = a benefit of nothing)."""
    claims_delay_months: int = Field(default=1, ge=0, le=24)
    """Months between a claim and its approval at the earliest (assumption, 0-3)."""
    claims_capacity_per_1000: Estimate = _est(
        5.0,
        0.5,
        20.0,
        "claims_per_1000_insured_month",
        "assumption: far above the expected ~0.6 claims per 1,000 insured a month",
    )
    """Claims the BPJS TK office settles per month per 1,000 insured (SimPy engine)."""
    lapse_per_month: Estimate = _est(
        0.0, 0.0, 0.05, "per_month", "assumption: budget-paid premiums do not lapse"
    )
    """Chance an enrolled worker's premium lapses in a month (until the next budget year)."""

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

    @field_validator("school_participation")
    @classmethod
    def _all_levels(cls, value: dict[str, Estimate]) -> dict[str, Estimate]:
        if sorted(value) != sorted(SCHOOL_LEVELS):
            raise ValueError(f"give exactly the levels {', '.join(SCHOOL_LEVELS)}")
        if any(e.value > 1 for e in value.values()):
            raise ValueError("a participation rate is a share in [0, 1]")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> SimulationSettings:
        if sum(e.value for e in self.severity_shares.values()) <= 0:
            raise ValueError("severity_shares must not all be zero")
        if self.extreme_line.value >= self.poverty_line.value:
            raise ValueError("extreme_line must be below poverty_line")
        if self.extreme_line.value < MIN_EXTREME_LINE_SHARE * self.poverty_line.value:
            raise ValueError(  # found by fuzzing: a line of 0 broke the trend calibration
                f"extreme_line must be at least {MIN_EXTREME_LINE_SHARE:g} × poverty_line "
                "(assumption; the figures of REFERENCE §5 give 0.55–0.69)"
            )
        if "default" not in self.accident_risk:
            raise ValueError("accident_risk needs a 'default' entry for other segments")
        for name in (
            "claim_take_up",
            "death_claim_take_up",
            "eligible_income_share",
            "male_share",
            "oop_share",
            "livelihood_income_loss",
            "partial_table_share",
            "dropout_risk",
            "destitution_share",
        ):
            if getattr(self, name).value > 1:
                raise ValueError(f"{name} is a share: it must lie in [0, 1]")
        if self.claim_take_up.value <= 0:
            raise ValueError("claim_take_up must be above 0 (accidents = claims / take-up)")
        if self.accident_claim_rate.value / self.claim_take_up.value > 1:
            raise ValueError(  # found by fuzzing: 11.99 a year broke the trend calibration
                "accident_claim_rate / claim_take_up (work accidents per worker a year) must "
                "be at most 1; the observed JKK claim rate of BPU workers is 0.37% a year"
            )
        if self.poverty_exit_rate.value <= 0 or self.poverty_exit_rate.value >= 1:
            raise ValueError("poverty_exit_rate must lie strictly between 0 and 1")
        if self.vulnerable_multiple.value < 1:
            raise ValueError("vulnerable_multiple must be at least 1")
        if self.lump_sum_spread_months.value < 1:
            raise ValueError("lump_sum_spread_months must be at least 1")
        if self.household_size_poor.value < 1 or self.household_size_nonpoor.value < 1:
            raise ValueError("household sizes must be at least 1 person")
        if self.workers_per_household.value < 1:
            raise ValueError("workers_per_household must be at least 1")
        return self
