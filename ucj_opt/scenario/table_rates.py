"""Poverty rates the projection can reproduce: rates that pass every row check can
still ask the projection's log-normal incomes for the impossible (found by fuzzing:
``simulate`` failed on tables that passed ``validate``), so ``validate`` says so."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ucj_opt.errors import Problem
from ucj_opt.limits import MAX_INCOME_SIGMA
from ucj_opt.scenario.model import Scenario
from ucj_opt.scenario.table_problems import Collector, RawTable

__all__ = ["decline_reachable", "income_spread"]


def income_spread(
    raw: RawTable, frame: pd.DataFrame, rows: pd.Series, lines: tuple[float, float], out: Collector
) -> None:
    """Rates the projection's log-normal incomes cannot meet: an extreme-poverty rate (near)
    equal to the poverty rate needs an income spread beyond any region's, and then no
    income trend reproduces the poverty decline (found by fuzzing: ``simulate`` failed
    on tables that passed ``validate``)."""
    from ucj_opt.simulation.population import log_income_sigma

    sigma = log_income_sigma(
        frame["poverty_rate"].to_numpy(np.float64, na_value=0.0),
        frame["extreme_poverty_rate"].to_numpy(np.float64, na_value=0.0),
        *lines,
    )
    out.rows(
        raw,
        (rows & (frame["poverty_rate"] > 0)).to_numpy() & (sigma > MAX_INCOME_SIGMA),
        "extreme_poverty_rate",
        f"is too close to the poverty rate: with lines of Rp {lines[0]:,.0f} and "
        f"Rp {lines[1]:,.0f} a month the two rates imply incomes spread beyond any region's "
        f"(σ of log income above {MAX_INCOME_SIGMA:g}: a Gini ratio above 0.97)",
        "check both rates: the extreme poor are usually a small part of the poor",
    )


def decline_reachable(
    scenario: Scenario,
    regions: pd.DataFrame,
    workers: pd.DataFrame,
    lines: dict[tuple[str | int, ...], tuple[str, int]],
    out: Collector,
) -> None:
    """The poverty decline a year must be one an income trend can give in the regions with
    eligible workers: with almost no poor there (rates of 0), none can, and the projection's
    calibration failed after ``validate`` had passed (found by fuzzing)."""
    from ucj_opt.simulation.population import TREND_BOUND, log_income_sigma, poverty_decline

    sim = scenario.simulation
    decline = sim.poverty_decline_per_year.value
    codes = list(dict.fromkeys(workers.loc[workers["eligible"] > 0, "region"].astype(str)))
    if decline == 0 or not codes:
        return
    chosen = regions.loc[codes]
    rates = chosen["poverty_rate"].to_numpy(np.float64)
    persons = chosen["population"].to_numpy(np.float64)
    if persons.sum() <= 0:
        return  # reported with the workers (more workers than persons)
    sigma = log_income_sigma(
        rates,
        chosen["extreme_poverty_rate"].to_numpy(np.float64),
        sim.poverty_line.value,
        sim.extreme_line.value,
    )
    most = poverty_decline(TREND_BOUND, np.minimum(rates, 1.0), sigma, persons)
    if decline <= most:
        return
    key = ("simulation", "poverty_decline_per_year")
    file, line = lines.get((*key, "value"), lines.get(key, (None, None)))
    share = float((rates * persons).sum() / persons.sum())
    out.problems.append(
        Problem(
            f"no income trend lowers poverty by {decline:.4g} a year in the regions with "
            f"eligible workers: their poverty rate is {share:.4g} (persons-weighted), at most "
            f"{max(most, 0.0):.4g} a year",
            file=file,
            line=line,
            key="simulation.poverty_decline_per_year.value",
            value=decline,
            has_value=True,
            hint="lower simulation.poverty_decline_per_year (0 holds incomes still), or check "
            "the poverty_rate column of the regions table",
        )
    )
