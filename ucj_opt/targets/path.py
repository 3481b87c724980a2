"""Each regional government's path to its coverage target under an allocation.

Coverage here is the published UCJ indicator: workers covered by BPJS Ketenagakerjaan as
a share of the *workforce* (employed persons), so it compares with the national 35.68%
of April 2025. A region's covered workers in year y are those covered before the
allocation (held constant: no other growth, no drop-out, an assumption) plus the workers
the allocation enrols in y.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ucj_opt.scenario.model import Scenario
from ucj_opt.scenario.tables import Tables
from ucj_opt.scenario.target_check import (
    Baseline,
    baseline,
    national_path,
    target_at,
    unit_targets,
    units_of,
)

__all__ = [
    "NATION",
    "PATH_COLUMNS",
    "Baseline",
    "baseline",
    "coverage_path",
    "target_at",
    "units_of",
]
# target_at and units_of live with the scenario (scenario.target_check): allocate.need
# uses them too

NATION = "all"
"""The region code of the row summing every regional government."""

PATH_COLUMNS = [
    "region",
    "name",
    "year",
    "workforce",
    "covered_before",
    "enrolled",
    "coverage",
    "target",
    "target_basis",
    "gap_points",
    "on_target",
]
"""Columns of ``path.csv``: coverage and target are shares of the workforce; gap_points
is coverage − target in percentage points; target_basis says where the target comes from
(published, given, interpolated, held)."""


def coverage_path(scenario: Scenario, tables: Tables, allocation: pd.DataFrame) -> pd.DataFrame:
    """Per regional government and year (and for all of them, region ``all``): coverage
    of the workforce under ``allocation`` against the target (columns
    :data:`PATH_COLUMNS`).

    Examples
    --------
    >>> import ucj_opt
    >>> study = ucj_opt.load_scenario("scenarios/kabupaten_ppu.yaml", overrides=["one_year"])
    >>> path = coverage_path(study.scenario, study.tables, ucj_opt.solve(study).table)
    >>> path[["region", "year", "target", "target_basis"]].to_dict("records")[0]
    {'region': '64.09', 'year': 2026, 'target': 0.3499, 'target_basis': 'published'}
    """
    base = baseline(scenario, tables)
    frame = base.frame
    units = units_of(tables)
    years = scenario.horizon.year_list
    alloc = allocation.assign(unit=allocation["region"].astype(str).map(units))
    enrolled = alloc.groupby(["unit", "year"])["enrolled"].sum()
    rows = []
    for code, r in frame.iterrows():
        for y, (target, basis) in zip(years, unit_targets(scenario, str(code), years), strict=True):
            rows.append(
                {
                    "region": str(code),
                    "name": r["name"],
                    "year": y,
                    "workforce": r["workforce"],
                    "covered_before": r["covered"],
                    "enrolled": float(enrolled.get((code, y), 0.0)),
                    "target": target,
                    "target_basis": basis,
                }
            )
    out = pd.DataFrame(rows)
    national, basis = national_path(scenario)
    total = out.groupby("year", as_index=False)[["workforce", "covered_before", "enrolled"]].sum()
    # the nation's target: the workforce-weighted regional targets (the national path when
    # no region has its own)
    weighted = (out["target"] * out["workforce"]).groupby(out["year"]).sum()
    total["target"] = (
        (weighted / total.set_index("year")["workforce"]).to_numpy()
        if scenario.targets.regions
        else [target_at(national, int(y))[0] for y in total["year"]]
    )
    hows = [target_at(national, int(y))[1] for y in total["year"]]
    total["target_basis"] = [
        "weighted" if scenario.targets.regions else (basis if how == "given" else how)
        for how in hows
    ]
    total.insert(0, "region", NATION)
    total.insert(1, "name", "all regions")
    out = pd.concat([out, total], ignore_index=True)
    out["coverage"] = (out["covered_before"] + out["enrolled"]) / out["workforce"]
    out["gap_points"] = 100.0 * (out["coverage"] - out["target"])
    out["on_target"] = out["coverage"] >= out["target"] - 1e-12
    out["workforce"] = np.round(out["workforce"]).astype("int64")
    out["covered_before"] = np.round(out["covered_before"]).astype("int64")
    return out[PATH_COLUMNS]
