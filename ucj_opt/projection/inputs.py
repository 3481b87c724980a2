"""From a study (and optionally an allocation) to :class:`SimulationInputs`.

The only place where pandas tables and pydantic settings become the plain arrays of
:mod:`ucj_opt.simulation`; it runs once per study, never inside a replication.

The population (docs/model.md): every person of the regions holding workers, in
households. Per region, the extreme-poor eligible workers live in extreme-poor households
(as many per household as the region's extreme-poor persons allow); the other eligible
workers in households spread over the rest of the region's income distribution; the
remaining persons, poor and extreme poor of the region live in households without an
eligible worker. Added up, the persons below each line are the region's published figures.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from scipy.optimize import brentq
from scipy.special import ndtri
from scipy.stats import multivariate_normal

from ucj_opt import data
from ucj_opt.errors import UserError
from ucj_opt.scenario.premiums import yearly_premium
from ucj_opt.scenario.simulation import SCHOOL_LEVELS, SEVERITY_CLASSES, SimulationSettings
from ucj_opt.scenario.study import Study
from ucj_opt.simulation.inputs import (
    Benefits,
    Dynamics,
    Household,
    Institutions,
    SimulationInputs,
)
from ucj_opt.simulation.population import TREND_BOUND, lognormal_parameters, poverty_decline
from ucj_opt.simulation.result import ARM_METRICS
from ucj_opt.simulation.run import run_replication

__all__ = [
    "ALLOCATION_COLUMNS",
    "AllocationError",
    "Calibration",
    "build_inputs",
    "calibrate",
    "persistence_for_exit_rate",
    "shock_drift",
]

ALLOCATION_COLUMNS = ("region", "segment", "year", "enrolled", "enrolled_extreme_poor")

_F = NDArray[np.float64]


class AllocationError(UserError):
    """An allocation table the projection cannot use."""


def persistence_for_exit_rate(exit_rate: float, poverty_rate: float) -> float:
    """The yearly correlation ρ of income positions at which a share ``exit_rate`` of the
    poor is not poor a year later, with ``poverty_rate`` poor (bivariate normal)."""
    poverty_rate = min(max(poverty_rate, 1e-6), 1 - 1e-6)  # a rate of 0 or 1 has no quantile
    c = float(ndtri(poverty_rate))

    def gap(rho: float) -> float:
        both = multivariate_normal(mean=[0, 0], cov=[[1, rho], [rho, 1]]).cdf([c, c])
        return float(1.0 - both / poverty_rate - exit_rate)

    lo, hi = 0.0, 0.9999
    if gap(lo) <= 0:  # even independent draws leave fewer poor than asked
        return lo
    if gap(hi) >= 0:
        return hi
    return float(brentq(gap, lo, hi, xtol=1e-8))


def _growth_for_decline(decline: float, rates: _F, sigma: _F, persons: _F) -> float:
    """The trend of log income that lowers the persons-weighted poverty rate by ``decline``
    in a year: Σ P_r [p_r − Φ(Φ⁻¹(p_r) − g/σ_r)] = decline × Σ P_r."""
    if decline == 0:
        return 0.0

    def gap(g: float) -> float:
        return poverty_decline(g, rates, sigma, persons) - decline

    if gap(-TREND_BOUND) * gap(TREND_BOUND) > 0:  # the shocks alone move poverty beyond any trend
        raise UserError(
            f"no income trend reproduces a poverty decline of {decline:.4g} a year with these "
            "shocks; check simulation.poverty_decline_per_year and the hazard rates"
        )
    return float(brentq(gap, -TREND_BOUND, TREND_BOUND, xtol=1e-10))


def _decline_with_shocks(decline: float, drift: float, rates: _F, sigma: _F, persons: _F) -> float:
    """The fall of the poverty rate the trend must give so that, with the shocks' drift,
    poverty falls by ``decline``: ``decline + drift``. Where that is more than the poor there
    are (few poor, many shocks: simulate failed after validate had passed),
    the trend lifts the same share of the poor *and* of the shocks' new poor, the share
    (decline + drift) / (rate + drift), which is below 1 because validate keeps the decline
    below the rate."""
    target = decline + drift
    most = poverty_decline(TREND_BOUND, rates, sigma, persons)
    if target <= max(most, 0.0):
        return target
    rate = float((rates * persons).sum() / persons.sum())
    if rate + drift <= 0:  # no poor, and shocks that make none
        return 0.0
    return max(0.0, min(rate * target / (rate + drift), most * (1 - 1e-6)))


@dataclass(frozen=True)
class Calibration:
    """How the regions' published figures became groups of households (for docs/tests)."""

    groups: pd.DataFrame
    """One row per group: region, segment, stratum, households, persons, workers."""
    persistence: float
    growth: float
    """Trend of log income that gives the published decline without any shock."""
    region_rates: tuple[_F, _F, _F]
    """Poverty rate, σ of log income and persons of each region (for the trend)."""
    notes: tuple[str, ...]
    """Where a region's tables could not be matched exactly (and what was done)."""


def _rate(regions: pd.DataFrame, code: str, column: str) -> float:
    """The region's rate, or its nearest ancestor's when the region has none."""
    seen = code
    values, parents = regions[column], regions["parent"]
    while code in regions.index:
        value = float(values.loc[code])
        if not np.isnan(value):
            return value
        parent = str(parents.loc[code])
        if parent in ("", "nan", "None"):
            break
        code = parent
    raise UserError(f"region {seen}: no {column} for it or any region above it; add one")


def calibrate(study: Study) -> tuple[pd.DataFrame, Calibration]:
    """The groups of households of every region with workers (see the module docstring)."""
    s = study.scenario.simulation
    tables = study.tables
    workers = tables.workers[tables.workers["eligible"] > 0].reset_index(drop=True)
    if workers.empty:
        raise UserError("the workers table has no eligible workers to simulate")
    regions = tables.regions
    codes = list(dict.fromkeys(workers["region"].astype(str)))
    p = np.array([_rate(regions, c, "poverty_rate") for c in codes])
    e = np.array([_rate(regions, c, "extreme_poverty_rate") for c in codes])
    e = np.minimum(e, p)
    pop = regions.loc[codes, "population"].to_numpy(np.float64)
    size_poor, size_nonpoor = s.household_size_poor.value, s.household_size_nonpoor.value
    sizes = np.array([size_poor, size_poor, size_nonpoor])
    pos = {c: i for i, c in enumerate(codes)}
    r_of = workers["region"].astype(str).map(pos).to_numpy()
    extreme_workers = np.bincount(r_of, weights=workers["extreme_poor"], minlength=len(codes))
    extreme_persons = e * pop
    with np.errstate(divide="ignore", invalid="ignore"):
        k_ext = np.where(extreme_persons > 0, extreme_workers * size_poor / extreme_persons, 1.0)
    notes: list[str] = []
    crowded = k_ext > size_poor
    if crowded.any():
        notes.append(
            f"{int(crowded.sum())} regions list more extreme-poor workers than their "
            "extreme-poor persons can hold (at most one worker per person); their "
            "extreme-poor households are given one worker per person"
        )
    k_ext = np.clip(k_ext, 1.0, size_poor)
    ratio = s.other_workers_poverty_ratio.value
    with np.errstate(divide="ignore", invalid="ignore"):
        poor_share = np.where(e < 1, np.minimum(1.0, ratio * (p - e) / (1 - e)), 0.0)
    k_other = s.workers_per_household.value
    segs = [seg.id for seg in study.scenario.segments]
    seg_pos = {sid: i for i, sid in enumerate(segs)}
    rows = []
    extreme = workers["extreme_poor"].to_numpy(np.float64)
    others = workers["eligible"].to_numpy(np.float64) - extreme
    for i, segment in enumerate(workers["segment"].astype(str)):
        r = int(r_of[i])
        key = seg_pos.get(segment, len(segs))
        if extreme[i] > 0:
            rows.append((r, segment, 0, key, extreme[i], k_ext[r], (1.0, 0.0, 0.0)))
        if others[i] > 0:
            shares = (0.0, poor_share[r], 1.0 - poor_share[r])
            rows.append((r, segment, 1, key, others[i], k_other, shares))
    groups = pd.DataFrame(rows, columns=["r", "segment", "stratum", "key", "workers", "k", "bands"])
    bands = np.array(groups["bands"].tolist())
    households = groups["workers"].to_numpy() / groups["k"].to_numpy()
    per_household = 1.0 / (bands / sizes).sum(axis=1)
    persons = households * per_household
    groups["households"], groups["persons"] = households, persons
    # What the region's persons in each band still need: households without eligible workers.
    target = np.column_stack([e, p - e, 1 - p]) * pop[:, None]
    held = np.zeros_like(target)
    np.add.at(held, groups["r"].to_numpy(), bands * persons[:, None])
    remainder = target - held
    if (remainder < -1e-6 * np.maximum(target, 1)).any():
        short = int((remainder < -1e-6 * np.maximum(target, 1)).any(axis=1).sum())
        notes.append(
            f"in {short} regions the eligible workers' households alone hold more persons in "
            "some income band than the region has; the region's totals there exceed its "
            "published figures"
        )
    remainder = np.maximum(remainder, 0.0)
    rest_rows = []
    for r in range(len(codes)):
        total = remainder[r].sum()
        if total <= 0:
            continue
        shares = remainder[r] / total
        hh = float((remainder[r] / sizes).sum())
        rest_rows.append((r, "", 2, 3 * len(segs) + 5, 0.0, 0.0, tuple(shares), hh, total))
    rest = pd.DataFrame(
        rest_rows,
        columns=[
            "r",
            "segment",
            "stratum",
            "key",
            "workers",
            "k",
            "bands",
            "households",
            "persons",
        ],
    )
    if rest_rows:  # none when workers' households hold every person (found by fuzzing)
        groups = pd.concat([groups, rest], ignore_index=True)
    groups["region"] = [codes[r] for r in groups["r"]]
    groups["segment_key"] = np.where(
        groups["stratum"] < 2, groups["key"] * 3 + groups["stratum"], groups["key"]
    )
    groups["p"], groups["e"] = p[groups["r"]], e[groups["r"]]
    lines = (s.poverty_line.value, s.extreme_line.value)
    params = [lognormal_parameters(p[r], e[r], *lines) for r in range(len(codes))]
    mu = np.array([m for m, _ in params])
    sigma = np.array([sg for _, sg in params])
    groups["mu"], groups["sigma"] = mu[groups["r"]], sigma[groups["r"]]
    national_p = float((p * pop).sum() / pop.sum())
    persistence = persistence_for_exit_rate(s.poverty_exit_rate.value, national_p)
    growth = _growth_for_decline(s.poverty_decline_per_year.value, p, sigma, pop)
    region_key = {str(c): i for i, c in enumerate(regions.index)}
    groups["region_key"] = [region_key[c] for c in groups["region"]]
    calibration = Calibration(
        groups=groups[["region", "segment", "stratum", "households", "persons", "workers"]],
        persistence=persistence,
        growth=growth,
        region_rates=(p, sigma, pop),
        notes=tuple(notes),
    )
    return groups, calibration


def _coverage(
    groups: pd.DataFrame, allocation: pd.DataFrame, years: list[int]
) -> tuple[_F, pd.DataFrame]:
    """(Y, G) covered share of each group's workers, and enrolment per (year, region,
    segment, stratum) for the premium."""
    missing = [c for c in ALLOCATION_COLUMNS if c not in allocation.columns]
    if missing:
        raise AllocationError(
            f"the allocation table lacks column(s) {', '.join(missing)}; "
            f"expected {', '.join(ALLOCATION_COLUMNS)}"
        )
    alloc = allocation.assign(
        region=allocation["region"].astype(str), segment=allocation["segment"].astype(str)
    )
    known = set(zip(groups["region"], groups["segment"], strict=True))
    stray = [
        (r, g)
        for r, g in zip(alloc["region"], alloc["segment"], strict=True)
        if (r, g) not in known
    ]
    if stray:
        raise AllocationError(
            f"allocation row for region {stray[0][0]}, segment {stray[0][1]} has no matching "
            "row in the workers table"
        )
    value_cols = [
        "enrolled",
        "enrolled_extreme_poor",
        *(["premiums"] if "premiums" in alloc else []),
    ]
    cells = alloc.groupby(["year", "region", "segment"], as_index=False)[value_cols].sum()
    last = max(int(alloc["year"].max()), years[0]) if len(alloc) else years[0]
    grid = _grid(groups, years, last).merge(cells, on=["year", "region", "segment"], how="left")
    grid = grid.fillna({c: 0.0 for c in value_cols})
    enrolled = np.where(
        grid["stratum"] == 0,
        grid["enrolled_extreme_poor"],
        np.where(grid["stratum"] == 1, grid["enrolled"] - grid["enrolled_extreme_poor"], 0.0),
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(grid["workers"] > 0, enrolled / grid["workers"], 0.0)
    cov = share.reshape(len(years), len(groups))
    return np.clip(cov, 0.0, 1.0), grid


def _grid(groups: pd.DataFrame, years: list[int], last: int) -> pd.DataFrame:
    """One row per (year of the horizon, group), with the allocation year it reads."""
    g = groups[["region", "segment", "stratum", "workers"]].reset_index(names="group")
    return pd.concat(
        [g.assign(horizon_year=y, year=min(y, last)) for y in years], ignore_index=True
    )


def _premium(study: Study, groups: pd.DataFrame, years: list[int], grid: pd.DataFrame | None) -> _F:
    """(Y, G) rupiah per covered worker-month: what the allocation paid per worker-year,
    or the package's price (no source-specific discount) where it enrolled nobody."""
    package = study.scenario.package
    base = study.scenario.horizon.start_year
    segments = [g or None for g in groups["segment"]]
    price = np.array([[yearly_premium(package, y, base, g, None) for g in segments] for y in years])
    if grid is not None and "premiums" in grid:
        paid = grid["premiums"].to_numpy(np.float64).reshape(price.shape)
        enrolled = grid["enrolled"].to_numpy(np.float64).reshape(price.shape)
        with np.errstate(divide="ignore", invalid="ignore"):
            price = np.where(enrolled > 0, paid / enrolled, price)
    return price / package.months_per_year


def _rules(
    s: SimulationSettings, study: Study, persistence: float, growth: float
) -> tuple[Benefits, Household, Dynamics, Institutions]:
    package = study.scenario.package
    b = s.benefits
    school = tuple(s.school_participation[k].value for k in SCHOOL_LEVELS)
    benefits = Benefits(
        wage_basis=max(float(package.declared_income), float(package.jkk_minimum_income)),
        jkm_lump_sum=b.jkm_lump_sum,
        funeral=b.funeral,
        periodic=b.periodic,
        death_multiple=b.death_multiple,
        death_minimum=b.death_minimum,
        total_disability_multiple=b.total_disability_multiple,
        partial_disability_multiple=b.partial_disability_multiple,
        partial_table_share=s.partial_table_share.value,
        stmb_full_months=b.stmb_full_months,
        stmb_later_share=b.stmb_later_share,
        scholarship_children_max=b.scholarship_children_max,
        scholarship_per_year=tuple(b.scholarship_per_year[k] for k in SCHOOL_LEVELS),  # type: ignore[arg-type]
        jkm_scholarship_min_months=b.jkm_scholarship_min_months,
        medical_cost=tuple(s.medical_cost[k].value for k in SEVERITY_CLASSES),  # type: ignore[arg-type]
        oop_share=s.oop_share.value,
        scale=s.benefit_scale,
    )
    household = Household(
        poverty_line=s.poverty_line.value,
        extreme_line=s.extreme_line.value,
        vulnerable_multiple=s.vulnerable_multiple.value,
        destitution_share=s.destitution_share.value,
        eligible_income_share=s.eligible_income_share.value,
        savings_months=s.savings_months.value,
        debt_limit_months=s.debt_limit_months.value,
        debt_service_share=s.debt_service_share.value,
        lump_sum_spread_months=s.lump_sum_spread_months.value,
        school_participation=school,  # type: ignore[arg-type]
        dropout_risk=s.dropout_risk.value,
    )
    dynamics = Dynamics(growth_per_year=growth, persistence_per_year=persistence)
    institutions = Institutions(
        lapse_per_month=s.lapse_per_month.value,
        claims_delay_months=s.claims_delay_months,
        claims_capacity_per_1000=s.claims_capacity_per_1000.value,
        claim_take_up=s.claim_take_up.value,
        death_claim_take_up=s.death_claim_take_up.value,
    )
    return benefits, household, dynamics, institutions


PILOT_KEY = 987_654
"""Replication key of the calibration pilot (never a replication of a real run)."""


def _thin(inputs: SimulationInputs, households: int, months: int) -> SimulationInputs:
    """The same groups with at most ``households`` simulated households each."""
    n = np.minimum(inputs.n_households, households)
    return replace(
        inputs,
        n_households=n,
        weight=inputs.weight * inputs.n_households / n,
        months=months,
        coverage=np.zeros_like(inputs.coverage),
    )


def shock_drift(inputs: SimulationInputs, seed: int, households: int = 150) -> float:
    """How much the accidents, deaths and livelihood losses raise the poverty rate per year
    in the arm without coverage, measured on a thinned pilot of the same population with
    and without those shocks (common random numbers: only the shocks differ)."""
    months = min(inputs.months, 36)
    pilot = _thin(inputs, households, months)
    calm = replace(
        pilot,
        accident_rate=np.zeros_like(pilot.accident_rate),
        livelihood_rate=np.zeros_like(pilot.livelihood_rate),
        mortality=np.zeros_like(pilot.mortality),
    )
    poor, persons = ARM_METRICS.index("poor"), ARM_METRICS.index("persons")

    def change(run_inputs: SimulationInputs) -> float:
        result = run_replication(
            run_inputs, np.random.SeedSequence(seed, spawn_key=(PILOT_KEY,)), engine="vector"
        )
        rate = result.monthly[poor, :, :, 0].sum(axis=1) / result.monthly[persons, :, :, 0].sum(
            axis=1
        )
        return float(rate[-1] - rate[0])

    return (change(pilot) - change(calm)) / (months / 12.0)


def build_inputs(
    study: Study,
    coverage: float | pd.DataFrame,
    *,
    years: int | None = None,
    households_per_group: int | None = None,
) -> SimulationInputs:
    """Inputs for every region with eligible workers.

    ``coverage`` is a share of eligible workers (the same for the extreme poor) or an
    allocation table (region, segment, year, enrolled, enrolled_extreme_poor, and
    optionally premiums); years past its last year keep that year's enrolment (continuity).
    """
    scenario = study.scenario
    s = scenario.simulation
    groups, cal = calibrate(study)
    n_years = years or s.years or scenario.horizon.years
    year_list = list(range(scenario.horizon.start_year, scenario.horizon.start_year + n_years))
    grid = None
    if isinstance(coverage, pd.DataFrame):
        cov, grid = _coverage(groups, coverage, year_list)
    else:
        if not 0.0 <= float(coverage) <= 1.0:
            raise UserError(f"coverage must be a share in [0, 1], not {coverage}")
        cov = np.where(groups["stratum"].to_numpy() < 2, float(coverage), 0.0)
        cov = np.tile(cov, (n_years, 1))
    per_group = households_per_group or s.households_per_group
    wanted = np.where(groups["stratum"] < 2, per_group, s.rest_households_per_region)
    real = groups["households"].to_numpy(np.float64)
    n = np.maximum(1, np.minimum(wanted, np.ceil(real))).astype(np.int64)
    segs = groups["segment"].tolist()
    risk = np.array(
        [s.accident_risk.get(g, s.accident_risk["default"]).value if g else 0.0 for g in segs]
    )
    w = groups["workers"].to_numpy(np.float64)
    mean_risk = float((risk * w).sum() / w.sum()) if w.sum() > 0 else 1.0
    incidence = s.accident_claim_rate.value / s.claim_take_up.value
    accident = np.where(groups["stratum"] < 2, incidence * risk / max(mean_risk, 1e-12), 0.0)
    livelihood = np.where(groups["stratum"] < 2, s.livelihood_loss_rate.value, 0.0)
    shares = [s.severity_shares[k].value for k in SEVERITY_CLASSES]
    total = math.fsum(shares)
    benefits, household, dynamics, institutions = _rules(s, study, cal.persistence, cal.growth)
    inputs = SimulationInputs(
        region=tuple(groups["region"]),
        segment=tuple(segs),
        stratum=groups["stratum"].to_numpy(np.int64),
        region_key=groups["region_key"].to_numpy(np.int64),
        segment_key=groups["segment_key"].to_numpy(np.int64),
        n_households=n,
        weight=real / n,
        workers_per_household=groups["k"].to_numpy(np.float64),
        household_size=(groups["persons"] / groups["households"]).to_numpy(np.float64),
        band_shares=np.array(groups["bands"].tolist(), dtype=np.float64),
        band_edges=groups[["e", "p"]].to_numpy(np.float64),
        income_mu=groups["mu"].to_numpy(np.float64),
        income_sigma=groups["sigma"].to_numpy(np.float64),
        accident_rate=accident.astype(np.float64),
        livelihood_rate=livelihood.astype(np.float64),
        mortality=data.worker_mortality(s.male_share.value, s.mortality_scale.value),
        age_shares=data.worker_age_shares(),
        coverage=cov,
        premium_monthly=_premium(study, groups, year_list, grid),
        months=12 * n_years,
        severity_shares=tuple(x / total for x in shares),  # type: ignore[arg-type]
        temporary_months_mean=s.temporary_months.value,
        livelihood_months_mean=s.livelihood_loss_months.value,
        livelihood_income_loss=s.livelihood_income_loss.value,
        benefits=benefits,
        household=household,
        dynamics=dynamics,
        institutions=institutions,
    )
    if s.baseline == "with_shocks" and inputs.months >= 12:
        drift = shock_drift(inputs, s.seed)
        rates, sigma, persons = cal.region_rates
        target = _decline_with_shocks(s.poverty_decline_per_year.value, drift, *cal.region_rates)
        growth = _growth_for_decline(target, rates, sigma, persons)
        inputs = replace(inputs, dynamics=replace(dynamics, growth_per_year=growth))
    return inputs
