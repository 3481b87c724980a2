"""The award standings: regional governments ranked on a scorecard the scenario states.

This is the tool's proposal, not the official UCJ Award (whose criteria are not public).
Each criterion is measured for every regional government, scaled to [0, 1] by min–max
over the regions ranked (1 for all when every region has the same value), and weighted;
the score is 100 × Σ weight × scaled / Σ weight. Equal scores (to 9 decimals) are ordered
by the criteria's raw values, in the order listed, then by region code.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ucj_opt.scenario.model import Scenario
from ucj_opt.scenario.tables import Tables
from ucj_opt.scenario.targets import CRITERIA
from ucj_opt.targets.path import NATION, coverage_path, units_of

__all__ = ["AWARD_COLUMNS", "OWN_SOURCES", "award_standings", "criteria_values", "scores"]

AWARD_COLUMNS = ["rank", "region", "name", "score"] + [
    f"{c}{suffix}" for c in CRITERIA for suffix in ("", "_scaled")
]
"""Columns of ``award.csv`` (criteria the scenario leaves out are left out)."""

OWN_SOURCES = {
    "kabkota": ("apbd_kabkota", "apbdes"),
    "province": ("apbd_provinsi", "apbd_kabkota", "apbdes"),
}
"""A regional government's own budgets: its APBD and the APBDes of its desa (for a
province standing for its kab/kota, theirs too); not ``other`` (CSR, zakat), not a
higher level's top-up."""


def criteria_values(
    scenario: Scenario, tables: Tables, allocation: pd.DataFrame, path: pd.DataFrame
) -> pd.DataFrame:
    """Every criterion's raw value per regional government, in the last planned year
    (effort: over all planned years).

    - ``coverage_vs_target``: coverage of the workforce ÷ the target;
    - ``growth``: coverage minus coverage before the allocation, in percentage points;
    - ``extreme_poor_coverage``: extreme-poor workers enrolled ÷ extreme-poor workers
      (1 where there are none);
    - ``own_budget_effort``: premiums paid from its own budgets (:data:`OWN_SOURCES`), in
      rupiah per worker of its workforce and year.
    """
    last = scenario.horizon.year_list[-1]
    years = len(scenario.horizon.year_list)
    p = path[(path["region"] != NATION) & (path["year"] == last)].set_index("region")
    units = units_of(tables)
    alloc = allocation.assign(unit=allocation["region"].astype(str).map(units))
    level = tables.regions["level"]
    own = alloc["source"].astype(str).to_numpy()
    is_own = np.array(
        [
            s in OWN_SOURCES.get(str(level.get(u, "")), ())
            for u, s in zip(alloc["unit"], own, strict=True)
        ],
        dtype=bool,
    )
    paid = alloc.loc[is_own].groupby("unit")["premiums"].sum().reindex(p.index).fillna(0.0)
    in_last = alloc[alloc["year"] == last]
    extreme = in_last.groupby("unit")["enrolled_extreme_poor"].sum().reindex(p.index).fillna(0.0)
    leaf_unit = tables.workers["region"].astype(str).map(units)
    poor = tables.workers.groupby(leaf_unit)["extreme_poor"].sum().reindex(p.index).fillna(0.0)
    before = p["covered_before"] / p["workforce"]
    return pd.DataFrame(
        {
            "name": p["name"],
            "coverage_vs_target": np.where(p["target"] > 0, p["coverage"] / p["target"], 1.0),
            "growth": 100.0 * (p["coverage"] - before),
            "extreme_poor_coverage": np.where(poor > 0, extreme / poor.where(poor > 0), 1.0),
            "own_budget_effort": paid / (p["workforce"] * years),
        },
        index=p.index,
    )


def scores(values: pd.DataFrame, weights: dict[str, float]) -> pd.DataFrame:
    """Scale each criterion to [0, 1] (min–max), weigh, rank; ``values`` indexed by
    region code with a ``name`` column and one column per criterion in ``weights``.

    Examples
    --------
    >>> v = pd.DataFrame(
    ...     {"name": ["A", "B", "C"], "growth": [1.0, 3.0, 2.0], "own_budget_effort": [0, 0, 9.0]},
    ...     index=["1", "2", "3"],
    ... )
    >>> table = scores(v, {"growth": 3.0, "own_budget_effort": 1.0})
    >>> table[["rank", "region", "score"]].values.tolist()
    [[1, '2', 75.0], [2, '3', 62.5], [3, '1', 0.0]]
    """
    out = values[["name"]].copy()
    total = sum(weights.values())
    score = np.zeros(len(values))
    for crit, weight in weights.items():
        raw = values[crit].astype(float).to_numpy()
        low, high = float(raw.min()), float(raw.max())
        scaled = (
            np.ones_like(raw)
            if high - low <= 1e-12 * max(1.0, abs(high))
            else ((raw - low) / (high - low))
        )
        out[crit] = raw
        out[f"{crit}_scaled"] = scaled
        score += weight * scaled
    out["score"] = 100.0 * score / total
    keys = [out["score"].round(9)] + [out[c] for c in weights]
    order = pd.DataFrame({f"k{i}": -k.to_numpy() for i, k in enumerate(keys)}, index=out.index)
    order["code"] = out.index.astype(str)
    ranked = out.loc[order.sort_values(list(order.columns), kind="stable").index]
    ranked.insert(0, "region", ranked.index.astype(str))
    ranked.insert(0, "rank", np.arange(1, len(ranked) + 1))
    columns = ["rank", "region", "name", "score"] + [
        c for c in AWARD_COLUMNS[4:] if c.removesuffix("_scaled") in weights
    ]
    return ranked.reset_index(drop=True)[columns]


def award_standings(
    scenario: Scenario,
    tables: Tables,
    allocation: pd.DataFrame,
    path: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The ranked scorecard of every regional government under ``allocation``.

    Examples
    --------
    >>> import ucj_opt
    >>> study = ucj_opt.load_scenario("embedded:national", sets=["horizon.years=1"])
    >>> table = award_standings(study.scenario, study.tables, ucj_opt.solve(study).table)
    >>> len(table), list(table["rank"][:3])
    (38, [1, 2, 3])
    """
    if path is None:
        path = coverage_path(scenario, tables, allocation)
    values = criteria_values(scenario, tables, allocation, path)
    weights: dict[str, float] = {str(c.id): float(c.weight) for c in scenario.award.criteria}
    return scores(values, weights)
