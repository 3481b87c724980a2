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
(``proportional``). A last ``fair_split`` stage does the same for what each pool pays,
so that the split between pools is fixed too: identical regions get identical
allocations from every source, and the result does not depend on the order of rows.
Both stages cover the extreme poor and the other workers (each group its own ``t``).
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
    "fair_split": "stage_unit_fair",
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
    0.8–0.9 + 2.0 s now, rows scaled (benchmarks/bench_staged.py; docs/performance.md)."""
    cols = f.columns
    is_x = (cols["kind"] == "x").to_numpy()
    j = np.flatnonzero(is_x)
    # regions as codes in the order of their names (merges on strings cost seconds at
    # village scale; the order, and so the model, is the same)
    region, names = pd.factorize(cols["region"].to_numpy()[j].astype(str), sort=True)
    x = pd.DataFrame(
        {
            "j": j,
            "region": region,
            "year": cols["year"].to_numpy()[j].astype(np.int64),
            "pool": cols["pool"].to_numpy()[j].astype(np.int64),
            "group": cols["group"].to_numpy()[j].astype(np.int64),
            "upper": f.col_up[j],
        }
    )
    # workers of a group in a region: its cells' bounds, summed over segments (a pool
    # that reaches a region reaches all its cells)
    cell = ["region", "year", "group"]
    need = x.groupby([*cell, "pool"])["upper"].sum().groupby(cell).max()
    pairs = x[["pool", "group", "region", "year"]].drop_duplicates()
    reach = pairs.groupby(["pool", "group"])["region"].transform("size")
    pairs = pairs[reach.to_numpy() > 1].sort_values(["pool", "group", "region"])
    pairs = pairs.reset_index(drop=True)
    if pairs.empty:
        return f
    pg = pairs[["pool", "group"]].drop_duplicates().reset_index(drop=True)
    pairs["t"] = pairs.groupby(["pool", "group"], sort=True).ngroup().to_numpy()
    # a region's cluster: the pools that reach it (in its year, for its group), as one
    # row of pool ids per region, numbered
    ordered = pairs.sort_values([*cell, "pool"])
    rank = ordered.groupby(cell, sort=False).cumcount().to_numpy()
    wide = ordered.assign(rank=rank).set_index([*cell, "rank"])["pool"].unstack(fill_value=-1)
    signature = wide.groupby(list(wide.columns), sort=True).ngroup().rename("signature")
    pairs = pairs.merge(signature.reset_index(), on=cell)
    unit_keys = (
        ["year", "group", "signature", "pool"] if per_pool else ["year", "group", "signature"]
    )
    pairs["unit"] = pairs.groupby(unit_keys, sort=True).ngroup().to_numpy()
    # rate rows: one per region (and pool, for shares) over its enrolment columns
    rated = pairs.drop_duplicates([*cell, "unit"]).reset_index(drop=True)
    rated["row"] = np.arange(len(rated))
    on = [*cell, "pool"] if per_pool else cell
    links = rated.merge(x, on=on, suffixes=("", "_x"))
    E = need.reindex(pd.MultiIndex.from_frame(rated[cell])).to_numpy(dtype=float)
    # link rows: t_p − m_u ≤ 0 for each cluster unit p reaches
    tied = pairs.drop_duplicates(["t", "unit"]).reset_index(drop=True)
    n_rate, n_tie, m = len(rated), len(tied), f.shape[1]
    n_t, n_unit = len(pg), int(pairs["unit"].max()) + 1
    rows = sp.csr_matrix(
        (
            np.concatenate([np.ones(len(links)), -E, np.ones(n_tie), -np.ones(n_tie)]),
            (
                np.concatenate(
                    [
                        links["row"].to_numpy(),
                        np.arange(n_rate),
                        n_rate + np.arange(n_tie),
                        n_rate + np.arange(n_tie),
                    ]
                ),
                np.concatenate(
                    [
                        links["j"].to_numpy(),
                        m + n_t + rated["unit"].to_numpy(),
                        m + tied["t"].to_numpy(),
                        m + n_t + tied["unit"].to_numpy(),
                    ]
                ),
            ),
        ),
        shape=(n_rate + n_tie, m + n_t + n_unit),
    )
    E_pair = need.reindex(pd.MultiIndex.from_frame(pairs[cell])).to_numpy(dtype=float)
    reached = pd.Series(E_pair).groupby(pairs["t"].to_numpy()).sum().to_numpy()
    units = pairs.drop_duplicates("unit").sort_values("unit")
    return extend(
        f,
        pd.concat(
            [
                pg.assign(kind=kind, reach=reached),
                units[["pool", "group"]].assign(kind=f"{kind}_min", reach=0.0),
            ],
            ignore_index=True,
        ),
        np.ones(n_t + n_unit),
        rows,
        np.concatenate([np.zeros(n_rate), np.full(n_tie, -np.inf)]),
        np.concatenate([np.full(n_rate, np.inf), np.zeros(n_tie)]),
        pd.concat(
            [
                rated[["region", "year", "pool", "group"]].assign(
                    region=names[rated["region"].to_numpy()], kind=f"{kind}_rate"
                ),
                tied[["pool", "group"]].assign(kind=f"{kind}_link"),
            ],
            ignore_index=True,
        ),
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
    done_fair = False
    regions = cols["region"].astype(str).to_numpy()
    for name in policy.priorities:
        if name in done:
            continue
        first = not stages
        if name == "extreme_poor":
            stages.append(maximise(name, ext, slack_penalty=first))
        elif name == "poor":
            poor = np.where(group == 1, poor_share(tables, regions), 0.0) * seg_w
            stages.append(maximise(name, np.where(group == 0, ext, poor), slack_penalty=first))
        elif name == "vulnerable_workers":
            stages.append(maximise(name, allw, slack_penalty=first))
        else:
            reach = cols["reach"].to_numpy(dtype=float) if "reach" in cols else np.zeros(n)
            for part in ("fair", "fair_split"):
                if (kind == part).any():
                    value = np.where(kind == part, np.nan_to_num(reach), 0.0)
                    named = "fair_split" if part == "fair_split" and done_fair else name
                    stages.append(maximise(named, value))
                    done_fair = True
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
        f = fair_columns(f, "fair_split", per_pool=True)
    stages, target = stage_plan(f, scenario, tables)
    return replace(f, c=stages[0].c, sign=stages[target].sign, stages=tuple(stages), target=target)
