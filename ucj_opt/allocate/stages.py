"""The objective as lexicographic stages, never as one weighted sum.

A scenario states its priorities in words (``policy.priorities``). Each stage is an
objective over the same columns; it is optimised with every earlier stage held at its
optimum within ``policy.stage_tolerance`` (a row ``c_k · x ≤ z_k + tol``), so an
extreme-poor worker is never traded for others and no weight stands in for the order.

The objective names the first stage(s): ``min_cost`` least rupiah (coverage target a
row), ``equity`` all worker-years then the highest minimum regional coverage rate,
``weighted`` the segment weights applied within every stage, ``priority: weights`` the
planner's own ``other_weight`` in the first stage. The priorities then follow, in order.

The final ``fair_share`` stage removes the freedom the earlier optima leave: one column
``t_p`` per budget pool that reaches two or more regions and one row per region it reaches
(``rate_r ≥ t_p``); the stage maximises ``Σ_p E_p t_p`` (``E_p``: extreme poor the pool
reaches), which lifts the lowest extreme-poor coverage rate among the regions sharing a
pool (``equal_rate``) or the lowest share of each region's extreme poor paid by that pool
(``proportional``).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ucj_opt.allocate.formulation import Formulation, Stage, build
from ucj_opt.scenario.model import Scenario
from ucj_opt.scenario.tables import Tables

__all__ = [
    "STAGE_UNITS",
    "build_staged",
    "extend",
    "fair_columns",
    "min_rate_columns",
    "stage_plan",
]

STAGE_UNITS = {
    "extreme_poor": "stage_unit_extreme_poor",
    "poor": "stage_unit_poor",
    "vulnerable_workers": "stage_unit_workers",
    "weighted": "stage_unit_weighted",
    "min_cost": "stage_unit_rupiah",
    "min_rate": "stage_unit_min_rate",
    "fair_share": "stage_unit_fair",
}
"""Catalogue key of the unit each stage's value is counted in."""


def extend(
    f: Formulation,
    col_meta: pd.DataFrame,
    col_up: np.ndarray,
    rows: sp.csr_matrix,
    row_lo: np.ndarray,
    row_up: np.ndarray,
    row_meta: pd.DataFrame,
) -> Formulation:
    """``f`` with new columns (bounded by 0 and ``col_up``, zero cost) and new rows over
    the old and new columns."""
    n_row = f.shape[0]
    n_new = len(col_up)
    A = sp.vstack([sp.hstack([f.A, sp.csr_matrix((n_row, n_new))]), rows], format="csr")
    return replace(
        f,
        c=np.concatenate([f.c, np.zeros(n_new)]),
        A=A,
        row_lo=np.concatenate([f.row_lo, row_lo]),
        row_up=np.concatenate([f.row_up, row_up]),
        col_lo=np.concatenate([f.col_lo, np.zeros(n_new)]),
        col_up=np.concatenate([f.col_up, col_up]),
        columns=pd.concat([f.columns, col_meta], ignore_index=True),
        rows=pd.concat([f.rows, row_meta], ignore_index=True),
        cost=np.concatenate([f.cost, np.zeros(n_new)]),
    )


def min_rate_columns(f: Formulation, workers: pd.DataFrame) -> Formulation:
    """The ``equity`` objective's second stage: column m (the minimum rate) and one row per
    leaf region × year, enrolled ≥ m × eligible."""
    cols = f.columns
    xi = np.flatnonzero((cols["kind"] == "x").to_numpy())
    eligible = workers.groupby("region")["eligible"].sum()
    key = pd.DataFrame(
        {"region": cols["region"].to_numpy()[xi], "year": cols["year"].to_numpy()[xi]}
    )
    rid = key.groupby(["region", "year"], sort=True, observed=True).ngroup().to_numpy()
    keys = key.drop_duplicates().sort_values(["region", "year"]).reset_index(drop=True)
    n_rate, m = len(keys), f.shape[1]
    elig = eligible.reindex(keys["region"].astype(str)).to_numpy(dtype=float)
    rows = sp.csr_matrix(
        (
            np.concatenate([np.ones(len(xi)), -elig]),
            (np.concatenate([rid, np.arange(n_rate)]), np.concatenate([xi, np.full(n_rate, m)])),
        ),
        shape=(n_rate, m + 1),
    )
    return extend(
        f,
        pd.DataFrame({"kind": ["min_rate"], "pool": [-1]}),
        np.ones(1),
        rows,
        np.zeros(n_rate),
        np.full(n_rate, np.inf),
        keys.assign(kind="region_rate"),
    )


def fair_columns(f: Formulation, rule: str) -> Formulation:
    """The ``fair_share`` stage's columns ``t_p`` and rows ``rate_r − t_p ≥ 0``."""
    cols = f.columns
    is_ext = ((cols["kind"] == "x") & (cols["group"] == 0)).to_numpy()
    j = np.flatnonzero(is_ext)
    ext = pd.DataFrame(
        {
            "j": j,
            "region": cols["region"].to_numpy()[j].astype(str),
            "year": cols["year"].to_numpy()[j].astype(np.int64),
            "pool": cols["pool"].to_numpy()[j].astype(np.int64),
            "segment": cols["segment"].astype(str).to_numpy()[j],
            "upper": f.col_up[j],
        }
    )
    # extreme poor of a region: its cells' bounds, summed over segments (every pool that
    # reaches a region reaches all its cells)
    need = ext.groupby(["region", "year", "pool"])["upper"].sum().groupby(["region", "year"]).max()
    pairs = ext[["pool", "region", "year"]].drop_duplicates()
    reach = pairs.groupby("pool")["region"].transform("size")
    pairs = pairs[reach.to_numpy() > 1].sort_values(["pool", "region"]).reset_index(drop=True)
    if pairs.empty:
        return f
    pairs["row"] = np.arange(len(pairs))
    pools = np.unique(pairs["pool"].to_numpy())
    pairs["t"] = np.searchsorted(pools, pairs["pool"].to_numpy())
    on = ["region", "year"] if rule == "equal_rate" else ["region", "year", "pool"]
    links = pairs.merge(ext, on=on, suffixes=("", "_x"))
    E = need.reindex(pd.MultiIndex.from_frame(pairs[["region", "year"]])).to_numpy(dtype=float)
    n, m = len(pairs), f.shape[1]
    rows = sp.csr_matrix(
        (
            np.concatenate([np.ones(len(links)), -E]),
            (
                np.concatenate([links["row"].to_numpy(), np.arange(n)]),
                np.concatenate([links["j"].to_numpy(), m + pairs["t"].to_numpy()]),
            ),
        ),
        shape=(n, m + len(pools)),
    )
    reached = pairs.assign(E=E).groupby("pool")["E"].sum().reindex(pools).to_numpy()
    meta = pd.DataFrame({"kind": "fair", "pool": pools, "reach": reached})
    return extend(
        f,
        meta,
        np.ones(len(pools)),
        rows,
        np.zeros(n),
        np.full(n, np.inf),
        pairs[["region", "year", "pool"]].assign(kind="fair_rate"),
    )


def _poor_share(tables: Tables, regions: np.ndarray) -> np.ndarray:
    """Share of the poor among a region's non-extreme-poor workers, estimated from its
    poverty rates (the workers table counts only the extreme poor): (P − E) / (1 − E)."""
    r = tables.regions
    pov = r["poverty_rate"].astype(float).reindex(regions).to_numpy()
    ext = r["extreme_poverty_rate"].astype(float).reindex(regions).to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(ext < 1, (pov - ext) / (1 - ext), 0.0)
    return np.clip(np.nan_to_num(share, nan=0.0), 0.0, 1.0)


def stage_plan(f: Formulation, scenario: Scenario, tables: Tables) -> tuple[list[Stage], int]:
    """The stages in order and the index of the one the objective names (its value is the
    allocation's ``objective``)."""
    policy = scenario.policy
    cols = f.columns
    kind = cols["kind"].to_numpy()
    is_x = kind == "x"
    group = np.where(is_x, cols["group"].to_numpy(), -1)
    n = len(cols)
    penalty = np.where(kind == "slack", policy.equity_floor.penalty, 0.0)
    seg_w = np.ones(n)
    if policy.objective == "weighted":
        weight = {s.id: s.weight for s in scenario.segments}
        seg_w = np.where(is_x, cols["segment"].map(weight).to_numpy(dtype=float), 0.0)
    ext = np.where(group == 0, seg_w, 0.0)
    allw = np.where(is_x, seg_w, 0.0)
    tol = policy.stage_tolerance

    def maximise(name: str, value: np.ndarray, slack_penalty: bool = False) -> Stage:
        return Stage(name, -value + (penalty if slack_penalty else 0.0), -1.0, tol)

    stages: list[Stage] = []
    target = 0
    if policy.objective == "min_cost":
        mean = float(f.cost[is_x].mean()) if is_x.any() else 1.0
        stages.append(Stage("min_cost", f.cost + penalty * mean, 1.0, tol))
    elif policy.objective == "equity":
        stages.append(maximise("vulnerable_workers", allw, slack_penalty=True))
        rate = np.where(kind == "min_rate", 1.0, 0.0)
        stages[0] = replace(stages[0], tolerance=policy.equity_tolerance)
        stages.append(maximise("min_rate", rate))
        target = 1
    elif policy.priority == "weights":
        value = np.where(group == 0, seg_w, np.where(is_x, policy.other_weight * seg_w, 0.0))
        stages.append(maximise("weighted", value, slack_penalty=True))
    elif policy.objective == "weighted" and policy.priority == "none":
        stages.append(maximise("weighted", allw, slack_penalty=True))
    done = {s.name for s in stages}
    regions = cols["region"].astype(str).to_numpy()
    for name in policy.priorities:
        if name in done:
            continue
        first = not stages
        if name == "extreme_poor":
            stages.append(maximise(name, ext, slack_penalty=first))
        elif name == "poor":
            poor = np.where(group == 1, _poor_share(tables, regions), 0.0) * seg_w
            stages.append(maximise(name, np.where(group == 0, ext, poor), slack_penalty=first))
        elif name == "vulnerable_workers":
            stages.append(maximise(name, allw, slack_penalty=first))
        elif (kind == "fair").any():
            reach = cols["reach"].to_numpy(dtype=float) if "reach" in cols else np.zeros(n)
            stages.append(maximise(name, np.where(kind == "fair", np.nan_to_num(reach), 0.0)))
    if not stages:  # only fair_share listed: protect extreme poor first all the same
        stages.append(maximise("extreme_poor", ext, slack_penalty=True))
    if len(stages) > 1 and stages[-1].name == "fair_share":
        stages[-1] = replace(stages[-1], tolerance=0.0)
    return stages, target


def build_staged(scenario: Scenario, tables: Tables) -> Formulation:
    """The scenario's LP with the columns and rows its stages need and its stages set;
    ``c`` is the first stage's objective."""
    f = build(scenario, tables)
    if scenario.policy.objective == "equity":
        f = min_rate_columns(f, tables.workers)
    if "fair_share" in scenario.policy.priorities:
        f = fair_columns(f, scenario.policy.fair_share)
    stages, target = stage_plan(f, scenario, tables)
    return replace(f, c=stages[0].c, sign=stages[target].sign, stages=tuple(stages), target=target)
