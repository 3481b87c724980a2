"""The objective as lexicographic stages, never as one weighted sum.

A scenario states its priorities in words (``policy.priorities``). Each stage is an
objective over the same columns; it is optimised with every earlier stage held at its
optimum, so an extreme-poor worker is never traded for others and no weight stands in for
the order. With HiGHS on an LP the optimum is held exactly by fixing its optimal face
(columns with a non-zero reduced cost stay at their bound, rows with a non-zero dual stay
tight: complementary slackness), on the same model warm-started from the previous basis;
a MIP or another solver gets a row ``c_k · x ≤ z_k + tol`` (``policy.stage_tolerance``).

The objective names the first stage(s): ``min_cost`` least rupiah (coverage target a
row), ``equity`` all worker-years then the highest minimum regional coverage rate,
``weighted`` the segment weights applied within every stage, ``priority: weights`` the
planner's own ``other_weight`` in the first stage. The priorities then follow, in order.

The final ``fair_share`` stage removes the freedom the earlier optima leave: one column
``t_p`` per budget pool that reaches two or more regions, at most the rate of every
region it reaches; the stage maximises ``Σ_p E_p t_p`` (``E_p``: extreme poor the pool
reaches), which lifts the lowest extreme-poor coverage rate among the regions sharing a
pool (``equal_rate``) or the lowest share of each region's extreme poor paid by that pool
(``proportional``, on the ``fair_split`` columns: one ``t`` per pool, of what that pool
pays). The stage covers the extreme poor and the other workers (each group its own
``t``). What it still leaves open, mostly which source pays for which region, the most
even point of its optima settles (:mod:`ucj_opt.allocate.even_split`): identical regions
get identical allocations from every source, whatever the order of rows or the solver's
path. (A second max-min stage over each pool's shares did that job before, partly, at
4.6 of the 16.4 s the stages of the village benchmark took.)
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ucj_opt.allocate.formulation import Formulation, Stage, build
from ucj_opt.scenario.model import Scenario
from ucj_opt.scenario.tables import Tables
from ucj_opt.text.catalogue import t

__all__ = [
    "STAGE_NAMES",
    "STAGE_UNITS",
    "build_staged",
    "extend",
    "fair_columns",
    "min_rate_columns",
    "poor_share",
    "stage_plan",
    "stage_words",
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

STAGE_NAMES = {name: f"stage_name_{name}" for name in STAGE_UNITS}
"""Catalogue key of each stage's name in planner words."""


def stage_words(name: str, lang: str) -> str:
    """A stage's name as a planner says it (``extreme_poor``: "extreme-poor workers",
    "pekerja miskin ekstrem"); a stage without catalogue words keeps its name."""
    key = STAGE_NAMES.get(name)
    return t(key, lang) if key else name.replace("_", " ")


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


def fair_columns(f: Formulation, kind: str, per_pool: bool) -> Formulation:
    """A fair stage's columns ``t`` (one per pool × group reaching two or more regions),
    each at most the coverage rate of every region its pool reaches: enrolled from any
    source (``fair``, equal rates) or from that pool only (``fair_split``, equal shares).

    The rows go through a cluster minimum: regions reached by the same pools (the
    villages of one kabupaten) share a column ``m`` with ``enrolled_r − m × workers_r ≥ 0``
    for each of them, and ``t_p ≤ m`` for each cluster ``p`` reaches. The optimum is that
    of ``enrolled_r ≥ t_p × workers_r`` for every region ``p`` reaches (the same minimum,
    taken in two steps), but a province's ``t`` no longer sits in a row per village: with
    it, the two fair stages of the largest province block took 4.7 + 28.9 s, against
    0.8–0.9 + 2.0 s now, rows scaled (benchmarks/bench_staged.py; docs/performance.md).

    Keys are integers and the groupings numpy's: the same model as pandas' groupby,
    unstack and merges built (compared matrix by matrix on the village benchmark and the
    shipped scenarios), for both fair stages at village scale in 0.37 + 0.43 s against
    0.57 + 0.63 s over one year, 2.6 + 2.7 s against 4.5 + 4.4 s over five."""
    cols = f.columns
    j = np.flatnonzero((cols["kind"] == "x").to_numpy())
    if not len(j):
        return f
    # regions as codes in the order of their names: the model's order by name, unchanged
    code, distinct = pd.factorize(cols["region"].iloc[j])
    seen = np.asarray(distinct).astype(str)
    by_name = np.argsort(seen, kind="stable")
    names = seen[by_name]
    region = np.empty(len(seen), dtype=np.int64)
    region[by_name] = np.arange(len(seen))
    region = region[code]
    year = cols["year"].to_numpy()[j].astype(np.int64)
    pool = cols["pool"].to_numpy()[j].astype(np.int64)
    group = cols["group"].to_numpy()[j].astype(np.int64)
    y0 = int(year.min())
    n_reg, n_yr = len(names), int(year.max()) - y0 + 1
    n_grp, n_pool = int(group.max()) + 1, int(pool.max()) + 1
    # a cell is a region × year × group; its workers are its cells' bounds summed over
    # segments, the largest over the pools that reach it
    cell = (region * n_yr + (year - y0)) * n_grp + group
    cell_pool, at = np.unique(cell * n_pool + pool, return_inverse=True)
    summed = np.bincount(at, weights=f.col_up[j])
    cells, first = np.unique(cell_pool // n_pool, return_index=True)
    need = np.maximum.reduceat(summed, first)
    # (pool, group, region, year) reached, in that order; kept where the pool × group
    # reaches two or more regions
    pair = np.sort(((pool * n_grp + group) * n_reg + region) * n_yr + (year - y0))
    pair = pair[np.concatenate([[True], pair[1:] != pair[:-1]])]
    _, t, reach = np.unique(pair // (n_reg * n_yr), return_inverse=True, return_counts=True)
    pair = pair[(reach > 1)[t]]
    if not len(pair):
        return f
    pool_group, t = np.unique(pair // (n_reg * n_yr), return_inverse=True)
    p_pool, p_group = pool_group[t] // n_grp, pool_group[t] % n_grp
    p_region, p_year = (pair // n_yr) % n_reg, pair % n_yr
    p_cell = (p_region * n_yr + p_year) * n_grp + p_group
    # a region's cluster: the pools that reach it (in its year, for its group), as one
    # row of pool ids per region (-1 beyond its last), numbered in sorted order
    by_cell = np.lexsort((p_pool, p_cell))
    cell_ids, cell_at, width = np.unique(p_cell, return_inverse=True, return_counts=True)
    start = np.concatenate([[0], np.cumsum(width)[:-1]])
    rank = np.arange(len(pair)) - start[cell_at[by_cell]]
    wide = np.full((len(cell_ids), int(width.max())), -1, dtype=np.int64)
    wide[cell_at[by_cell], rank] = p_pool[by_cell]
    signature = np.unique(wide, axis=0, return_inverse=True)[1].reshape(-1)[cell_at]
    unit_key = (p_year * n_grp + p_group) * (int(signature.max()) + 1) + signature
    if per_pool:
        unit_key = unit_key * n_pool + p_pool
    unit = np.unique(unit_key, return_inverse=True)[1].reshape(-1)
    # rate rows: one per region (and pool, for shares), in the order pairs first reach it
    rated_key = p_cell * n_pool + p_pool if per_pool else p_cell
    rated = np.sort(np.unique(rated_key, return_index=True)[1])
    n_rate = len(rated)
    x_key = cell * n_pool + pool if per_pool else cell
    order = np.argsort(rated_key[rated])
    keys = rated_key[rated][order]
    found = np.minimum(np.searchsorted(keys, x_key), n_rate - 1)
    hit = keys[found] == x_key
    link_row, link_col = order[found[hit]], j[hit]
    E = need[np.searchsorted(cells, p_cell)]
    # link rows: t_p − m_u ≤ 0 for each cluster unit p reaches
    tied = np.sort(np.unique(t * (int(unit.max()) + 1) + unit, return_index=True)[1])
    n_tie, m = len(tied), f.shape[1]
    n_t, n_unit = len(pool_group), int(unit.max()) + 1
    tie_rows = n_rate + np.arange(n_tie)
    rows = sp.csr_matrix(
        (
            np.concatenate([np.ones(len(link_row)), -E[rated], np.ones(n_tie), -np.ones(n_tie)]),
            (
                np.concatenate([link_row, np.arange(n_rate), tie_rows, tie_rows]),
                np.concatenate(
                    [link_col, m + n_t + unit[rated], m + t[tied], m + n_t + unit[tied]]
                ),
            ),
        ),
        shape=(n_rate + n_tie, m + n_t + n_unit),
    )
    rows.sort_indices()
    unit_first = np.unique(unit, return_index=True)[1]
    rate_meta = pd.DataFrame(
        {
            "region": names[p_region[rated]],
            "year": p_year[rated] + y0,
            "pool": p_pool[rated],
            "group": p_group[rated],
            "kind": f"{kind}_rate",
        }
    )
    link_meta = pd.DataFrame({"pool": p_pool[tied], "group": p_group[tied], "kind": f"{kind}_link"})
    return extend(
        f,
        pd.DataFrame(
            {
                "pool": np.concatenate([pool_group // n_grp, p_pool[unit_first]]),
                "group": np.concatenate([pool_group % n_grp, p_group[unit_first]]),
                "kind": [kind] * n_t + [f"{kind}_min"] * n_unit,
                "reach": np.concatenate(
                    [np.bincount(t, weights=E, minlength=n_t), np.zeros(n_unit)]
                ),
            }
        ),
        np.ones(n_t + n_unit),
        rows,
        np.concatenate([np.zeros(n_rate), np.full(n_tie, -np.inf)]),
        np.concatenate([np.full(n_rate, np.inf), np.zeros(n_tie)]),
        pd.concat([rate_meta, link_meta], ignore_index=True),
    )


def poor_share(tables: Tables, regions: np.ndarray) -> np.ndarray:
    """Share of the poor among a region's non-extreme-poor workers, estimated from its
    poverty rates (the workers table counts only the extreme poor): (P − E) / (1 − E)."""
    r = tables.regions
    pov = r["poverty_rate"].astype(float).reindex(regions).to_numpy()
    ext = r["extreme_poverty_rate"].astype(float).reindex(regions).to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(ext < 1, (pov - ext) / (1 - ext), 0.0)
    clipped: np.ndarray = np.clip(np.nan_to_num(share, nan=0.0), 0.0, 1.0)
    return clipped


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
    for name in policy.priorities:
        if name in done:
            continue
        first = not stages
        if name == "extreme_poor":
            stages.append(maximise(name, ext, slack_penalty=first))
        elif name == "poor":
            # looked up per region, then spread to its columns (village scale: 83,762, not 490,872)
            code, regions = pd.factorize(cols["region"])
            share = poor_share(tables, np.asarray(regions).astype(str))[code]
            poor = np.where(group == 1, share, 0.0) * seg_w
            stages.append(maximise(name, np.where(group == 0, ext, poor), slack_penalty=first))
        elif name == "vulnerable_workers":
            stages.append(maximise(name, allw, slack_penalty=first))
        else:
            reach = cols["reach"].to_numpy(dtype=float) if "reach" in cols else np.zeros(n)
            for part in ("fair", "fair_split"):  # the rule's family: equal_rate, proportional
                if (kind == part).any():
                    stages.append(maximise(name, np.where(kind == part, np.nan_to_num(reach), 0.0)))
    if not stages:  # only fair_share listed: protect extreme poor first all the same
        stages.append(maximise("extreme_poor", ext, slack_penalty=True))
    return stages, target


def build_staged(scenario: Scenario, tables: Tables) -> Formulation:
    """The scenario's LP with the columns and rows its stages need and its stages set;
    ``c`` is the first stage's objective."""
    f = build(scenario, tables)
    if scenario.policy.objective == "equity":
        f = min_rate_columns(f, tables.workers)
    if "fair_share" in scenario.policy.priorities:
        if scenario.policy.fair_share == "equal_rate":
            f = fair_columns(f, "fair", per_pool=False)
        else:
            f = fair_columns(f, "fair_split", per_pool=True)
    stages, target = stage_plan(f, scenario, tables)
    return replace(f, c=stages[0].c, sign=stages[target].sign, stages=tuple(stages), target=target)
