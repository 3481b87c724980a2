"""An exact reduction: pool the segments of a region when no rule tells them apart.

A worker's premium does not depend on the segment, and unless segment weights differ
(``weighted``), neither does the objective. Every rule (caps, continuity, floors,
co-financing) then holds for the pooled sums, and a pooled solution split across segments
in proportion to their workers keeps every rule: so both models have the same optimum,
and the pooled LP has a quarter of the columns for the four default segments.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from ucj_opt.allocate.result import Allocation
from ucj_opt.scenario.model import Scenario, Segment
from ucj_opt.scenario.premiums import segment_sensitive
from ucj_opt.scenario.tables import Tables

__all__ = ["POOLED", "pool_segments", "split_segments"]

POOLED = "pooled"
"""The one segment of a pooled model."""


def pool_segments(scenario: Scenario, tables: Tables) -> tuple[Scenario, Tables] | None:
    """The scenario and tables with segments pooled per region, or None when it would
    change the optimum (segment weights) or gain nothing."""
    policy = scenario.policy
    if policy.integer_workers:  # a proportional split is not whole workers
        return None
    if segment_sensitive(scenario.package):  # a discount prices segments apart
        return None
    weights = {s.weight for s in scenario.segments}
    if policy.objective == "weighted" and len(weights) > 1:
        return None
    workers = tables.workers
    if not workers["region"].duplicated().any():
        return None
    pooled = workers.groupby("region", as_index=False, sort=False)[
        ["eligible", "extreme_poor"]
    ].sum()
    pooled.insert(1, "segment", POOLED)
    weight = weights.pop() if len(weights) == 1 else 1.0  # unused unless 'weighted'
    segment = Segment(id=POOLED, label="All segments", weight=weight)
    one = scenario.model_copy(update={"segments": [segment]})
    return one, replace(tables, workers=pooled)


def _shares(workers: pd.DataFrame) -> pd.DataFrame:
    w = workers[["region", "segment", "eligible", "extreme_poor"]].copy()
    w["other"] = w["eligible"] - w["extreme_poor"]
    totals = w.groupby("region")[["extreme_poor", "other"]].transform("sum")
    with np.errstate(divide="ignore", invalid="ignore"):
        w["share_extreme"] = np.where(
            totals["extreme_poor"] > 0, w["extreme_poor"] / totals["extreme_poor"], 0.0
        )
        w["share_other"] = np.where(totals["other"] > 0, w["other"] / totals["other"], 0.0)
    return w


def split_segments(allocation: Allocation, workers: pd.DataFrame) -> Allocation:
    """Split a pooled allocation back across segments, in proportion to their workers."""
    t = allocation.table.drop(columns=["segment"])
    shares = _shares(workers).rename(
        columns={"eligible": "cap_eligible", "extreme_poor": "cap_extreme"}
    )
    keep = ["region", "segment", "cap_eligible", "cap_extreme", "share_extreme", "share_other"]
    rows = t.merge(shares[keep], on="region")
    with np.errstate(divide="ignore", invalid="ignore"):
        per_worker = np.where(rows["enrolled"] > 0, rows["premiums"] / rows["enrolled"], 0.0)
    rows["enrolled_extreme_poor"] = rows["enrolled_extreme_poor"] * rows["share_extreme"]
    rows["enrolled_other"] = rows["enrolled_other"] * rows["share_other"]
    rows["enrolled"] = rows["enrolled_extreme_poor"] + rows["enrolled_other"]
    rows["premiums"] = rows["enrolled"] * per_worker
    cell = rows.groupby(["region", "segment", "year"], sort=False, observed=True)[
        ["enrolled", "enrolled_extreme_poor"]
    ].transform("sum")
    eligible, extreme = rows["cap_eligible"].to_numpy(), rows["cap_extreme"].to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        rows["coverage_rate"] = np.where(eligible > 0, cell["enrolled"] / eligible, np.nan)
        rows["extreme_poor_coverage_rate"] = np.where(
            extreme > 0, cell["enrolled_extreme_poor"] / extreme, np.nan
        )
    table = (
        rows[allocation.table.columns]
        .sort_values(["region", "segment", "year", "source"], kind="stable")
        .reset_index(drop=True)
    )
    allocation.table = table
    allocation.provenance.segments_pooled = True
    return allocation
