"""From a study (and optionally an allocation) to :class:`SimulationInputs`.

The only place where pandas tables and pydantic settings become the plain arrays of
:mod:`ucj_opt.simulation`; it runs once per study, never inside a replication.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from ucj_opt.errors import UserError
from ucj_opt.scenario.model import Package
from ucj_opt.scenario.simulation import SEVERITY_CLASSES, SimulationSettings
from ucj_opt.scenario.study import Study
from ucj_opt.simulation.inputs import Benefits, Household, Institutions, SimulationInputs

__all__ = ["AllocationError", "build_inputs", "hazard_rates", "premium_monthly"]

ALLOCATION_COLUMNS = ("region", "segment", "year", "enrolled", "enrolled_extreme_poor")


class AllocationError(UserError):
    """An allocation table the projection cannot use."""


def hazard_rates(settings: SimulationSettings, segments: Sequence[str]) -> dict[str, NDArray[Any]]:
    """Yearly accident, non-work death and livelihood-loss rates for each segment id."""
    acc = settings.accident_rate
    return {
        "accident": np.array([acc.get(s, acc["default"]).value for s in segments]),
        "death": np.full(len(segments), settings.nonwork_death_rate.value),
        "livelihood": np.full(len(segments), settings.livelihood_loss_rate.value),
    }


def premium_monthly(package: Package) -> float:
    """JKK (share of max(declared, floor)) + JKM (+ JHT) per month, before discounts."""
    basis = max(float(package.declared_income), float(package.jkk_minimum_income))
    premium = package.jkk_rate * basis + package.jkm_monthly
    if package.jht:
        premium += package.jht_rate * float(package.declared_income)
    return float(premium)


def _rules(
    settings: SimulationSettings, package: Package
) -> tuple[Benefits, Household, Institutions]:
    s = settings
    sev = tuple(s.medical_cost[k].value for k in SEVERITY_CLASSES)
    benefits = Benefits(
        declared_income=float(package.declared_income),
        income_floor=float(package.jkk_minimum_income),
        partial_table_share=s.partial_table_share.value,
        scholarship_per_child_year=s.scholarship_per_child_year.value,
        scholarship_years=s.scholarship_years,
        medical_cost=sev,  # type: ignore[arg-type]
        oop_share=s.oop_share.value,
        scale=s.benefit_scale,
    )
    household = Household(
        poverty_line=s.poverty_line.value,
        extreme_line=s.extreme_line.value,
        mean_household_size=s.household_size.value,
        worker_income_share=s.worker_income_share.value,
        savings_months=s.savings_months.value,
        debt_limit_months=s.debt_limit_months.value,
        debt_service_share=s.debt_service_share.value,
    )
    institutions = Institutions(
        premium_monthly=premium_monthly(package),
        lapse_per_month=s.lapse_per_month.value,
        claims_delay_months=s.claims_delay_months,
        claims_capacity_per_1000=s.claims_capacity_per_1000.value,
    )
    return benefits, household, institutions


def _rate(regions: pd.DataFrame, code: str, column: str) -> float:
    """The region's rate, or its nearest ancestor's when the region has none."""
    seen = code
    while code in regions.index:
        value: Any = regions.at[code, column]
        if pd.notna(value):
            return float(value)
        parent: Any = regions.at[code, "parent"]
        if pd.isna(parent) or parent == "":
            break
        code = str(parent)
    raise UserError(f"region {seen}: no {column} for it or any region above it; add one")


def _group_rates(
    regions: pd.DataFrame, codes: list[str], workers: pd.DataFrame
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Extreme-poverty rate of each group from its own workers (extreme_poor / eligible);
    poverty rate = that plus the region's gap between its poverty and extreme-poverty
    rates (a derivation: poverty rates of vulnerable workers are not published)."""
    p_region = np.array([_rate(regions, c, "poverty_rate") for c in codes])
    e_region = np.array([_rate(regions, c, "extreme_poverty_rate") for c in codes])
    extreme = workers["extreme_poor"].to_numpy(np.float64) / workers["eligible"].to_numpy(
        np.float64
    )
    poverty = np.minimum(extreme + np.maximum(p_region - e_region, 0.0), 0.95)
    return np.maximum(poverty, p_region), extreme


def _coverage_from_allocation(
    allocation: pd.DataFrame, workers: pd.DataFrame, years: list[int]
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    missing = [c for c in ALLOCATION_COLUMNS if c not in allocation.columns]
    if missing:
        raise AllocationError(
            f"the allocation table lacks column(s) {', '.join(missing)}; "
            f"expected {', '.join(ALLOCATION_COLUMNS)}"
        )
    g = len(workers)
    cov = np.zeros((len(years), g))
    cov_ext = np.zeros((len(years), g))
    key = pd.MultiIndex.from_frame(workers[["region", "segment"]].astype(str))
    alloc = allocation.assign(
        region=allocation["region"].astype(str), segment=allocation["segment"].astype(str)
    )
    eligible = workers["eligible"].to_numpy(np.float64)
    extreme = workers["extreme_poor"].to_numpy(np.float64)
    last = max(int(alloc["year"].max()), years[0]) if len(alloc) else years[0]
    for i, year in enumerate(years):
        rows = alloc[alloc["year"] == min(year, last)]
        idx = key.get_indexer(pd.MultiIndex.from_frame(rows[["region", "segment"]]))
        if np.any(idx < 0):
            bad = rows[idx < 0].iloc[0]
            raise AllocationError(
                f"allocation row for region {bad['region']}, segment {bad['segment']} "
                "has no matching row in the workers table"
            )
        enrolled = np.zeros(g)
        ext = np.zeros(g)
        np.add.at(enrolled, idx, rows["enrolled"].to_numpy(np.float64))
        np.add.at(ext, idx, rows["enrolled_extreme_poor"].to_numpy(np.float64))
        with np.errstate(invalid="ignore", divide="ignore"):
            cov_ext[i] = np.where(extreme > 0, ext / extreme, 0.0)
            cov[i] = np.where(eligible > extreme, (enrolled - ext) / (eligible - extreme), 0.0)
    return np.clip(cov, 0.0, 1.0), np.clip(cov_ext, 0.0, 1.0)


def build_inputs(
    study: Study,
    coverage: float | pd.DataFrame,
    *,
    years: int | None = None,
    workers_per_group: int | None = None,
) -> SimulationInputs:
    """Inputs for every region × segment with eligible workers.

    ``coverage`` is a share of eligible workers (the same for the extreme poor) or an
    allocation table (region, segment, year, enrolled, enrolled_extreme_poor); years past
    its last year keep that year's enrolment (continuity).
    """
    scenario = study.scenario
    settings = scenario.simulation
    tables = study.tables
    workers = tables.workers[tables.workers["eligible"] > 0].reset_index(drop=True)
    if workers.empty:
        raise UserError("the workers table has no eligible workers to simulate")
    n_years = years or settings.years or scenario.horizon.years
    year_list = list(range(scenario.horizon.start_year, scenario.horizon.start_year + n_years))
    if isinstance(coverage, pd.DataFrame):
        cov, cov_ext = _coverage_from_allocation(coverage, workers, year_list)
    else:
        if not 0.0 <= float(coverage) <= 1.0:
            raise UserError(f"coverage must be a share in [0, 1], not {coverage}")
        cov = np.full((n_years, len(workers)), float(coverage))
        cov_ext = cov.copy()
    regions = tables.regions
    region_pos = {str(c): i for i, c in enumerate(regions.index)}
    seg_ids = [s.id for s in scenario.segments]
    seg_pos = {s: i for i, s in enumerate(seg_ids)}
    codes = workers["region"].astype(str).tolist()
    segs = workers["segment"].astype(str).tolist()
    eligible = workers["eligible"].to_numpy(np.int64)
    per_group = workers_per_group or settings.workers_per_group
    n = np.minimum(eligible, per_group).astype(np.int64)
    poverty, extreme = _group_rates(regions, codes, workers)
    rates = hazard_rates(settings, segs)
    benefits, household, institutions = _rules(settings, scenario.package)
    shares = [settings.severity_shares[k].value for k in SEVERITY_CLASSES]
    total = math.fsum(shares)
    return SimulationInputs(
        region=tuple(codes),
        segment=tuple(segs),
        region_key=np.array([region_pos[c] for c in codes], dtype=np.int64),
        segment_key=np.array([seg_pos.get(s, len(seg_ids)) for s in segs], dtype=np.int64),
        n_workers=n,
        weight=eligible / n,
        poverty_rate=poverty,
        extreme_rate=extreme,
        accident_rate=rates["accident"],
        nonwork_death_rate=rates["death"],
        livelihood_rate=rates["livelihood"],
        coverage=cov,
        coverage_extreme=cov_ext,
        months=12 * n_years,
        severity_shares=tuple(x / total for x in shares),  # type: ignore[arg-type]
        temporary_months_mean=settings.temporary_months.value,
        livelihood_months_mean=settings.livelihood_loss_months.value,
        livelihood_income_loss=settings.livelihood_income_loss.value,
        benefits=benefits,
        household=household,
        institutions=institutions,
    )
