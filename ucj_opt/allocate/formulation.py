"""The budget LP as arrays: columns, a sparse constraint matrix and row bounds.

Built once with numpy and scipy.sparse so that the same model goes to highspy directly
(fast, village scale) or to any PuLP solver. A column is the number of workers of one
group (extreme poor or other) in one leaf region × segment, in one year, paid by one
budget pool (a budgets row: region × year × source). Workers are continuous by default:
with thousands of workers per region the LP's fractions move totals by less than one
worker per region (``policy.integer_workers`` makes them whole).

Minimisation form throughout: a maximising objective is negated (``sign`` = -1).

The objective is a list of lexicographic stages (:mod:`ucj_opt.allocate.stages`); ``c``
holds the first. Pools are put in a canonical order (region, year, source) so that the
same tables in any row order give the same model, column for column.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ucj_opt.errors import UserError
from ucj_opt.scenario.model import Scenario
from ucj_opt.scenario.premiums import yearly_premium
from ucj_opt.scenario.tables import Tables

__all__ = ["GROUPS", "ROW_KINDS", "Formulation", "Stage", "build"]

GROUPS = ("extreme_poor", "other")
"""Worker groups within a region × segment."""
ROW_KINDS = ("budget", "cap", "continuity", "floor", "coverage", "province_share")
"""Constraint families, in the order of ``Formulation.row_kind`` codes."""

_MAX_DEPTH = 6


@dataclass(frozen=True, eq=False)
class Stage:
    """One lexicographic stage: minimise ``c · x`` (a maximised value is negated)."""

    name: str
    """extreme_poor, poor, vulnerable_workers, weighted, min_cost, min_rate or fair_share."""
    c: np.ndarray
    sign: float
    """-1 when the planner's value is maximised (``c`` is its negation), +1 for rupiah."""
    tolerance: float
    """Share of this stage's optimum later stages may give up."""


@dataclass(eq=False)
class Formulation:
    """An LP ``min c·x`` s.t. ``row_lo ≤ A x ≤ row_up``, ``col_lo ≤ x ≤ col_up``."""

    c: np.ndarray
    A: sp.csr_matrix
    row_lo: np.ndarray
    row_up: np.ndarray
    col_lo: np.ndarray
    col_up: np.ndarray
    sign: float
    """-1 when the planner's objective is maximised (c holds its negation), else +1."""
    integer: bool
    columns: pd.DataFrame
    """One row per structural column: kind (x|slack), region, segment, group, year, pool."""
    rows: pd.DataFrame
    """One row per constraint: kind, region, segment, group, year, pool."""
    pools: pd.DataFrame
    """The budgets table, one row per pool (index = pool id)."""
    cost: np.ndarray
    """Rupiah per worker-year of each enrolment column (its premium; 0 for other columns)."""
    meta: dict[str, Any] = field(default_factory=dict)
    stages: tuple[Stage, ...] = ()
    """Lexicographic stages (none: the single objective ``c``)."""
    target: int = 0
    """Index of the stage whose value is the planner's objective."""

    @property
    def shape(self) -> tuple[int, int]:
        return (int(self.A.shape[0]), int(self.A.shape[1]))


def _ancestors(regions: pd.DataFrame, leaves: np.ndarray) -> pd.DataFrame:
    """(leaf, ancestor, depth) pairs, the leaf itself at depth 0."""
    parent = regions["parent"].astype(str)
    frames = [
        pd.DataFrame(
            {
                "leaf": pd.Series(dtype=object),
                "ancestor": pd.Series(dtype=object),
                "depth": pd.Series(dtype=int),
            }
        )
    ]
    current = pd.Series(leaves, dtype=object)
    for depth in range(_MAX_DEPTH):
        ok = current.ne("") & current.notna()
        if not ok.any():
            break
        frames.append(
            pd.DataFrame(
                {"leaf": leaves[ok.to_numpy()], "ancestor": current[ok].to_numpy(), "depth": depth}
            )
        )
        current = current.map(parent).fillna("")
    return pd.concat(frames, ignore_index=True)


def _cells(scenario: Scenario, workers: pd.DataFrame) -> pd.DataFrame:
    seg_ids = [s.id for s in scenario.segments]
    w = workers.groupby(["region", "segment"], as_index=False, sort=True)[
        ["eligible", "extreme_poor"]
    ].sum()
    w = w[w["segment"].isin(seg_ids)]
    ext = w.assign(group=0, count=w["extreme_poor"].astype(float))
    oth = w.assign(group=1, count=(w["eligible"] - w["extreme_poor"]).astype(float))
    cells = pd.concat([ext, oth], ignore_index=True)
    cells = (
        cells[cells["count"] > 0].sort_values(["region", "segment", "group"]).reset_index(drop=True)
    )
    return cells[["region", "segment", "group", "count"]]


def _allowed(links: pd.DataFrame, scenario: Scenario) -> np.ndarray:
    cof = scenario.cofinancing
    own = links["depth"].to_numpy() == 0
    src = links["source"].to_numpy()
    ok = np.ones(len(links), dtype=bool)
    if cof.apbdes_own_residents_only:
        ok &= (src != "apbdes") | own
    if not cof.province_tops_up:
        ok &= (src != "apbd_provinsi") | own
    return ok


@dataclass
class _Rows:
    """Constraint rows collected family by family, as sparse triplets."""

    triplets: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = field(default_factory=list)
    meta: list[pd.DataFrame] = field(default_factory=list)
    lo: list[np.ndarray] = field(default_factory=list)
    up: list[np.ndarray] = field(default_factory=list)
    count: int = 0

    def add(
        self,
        rows: np.ndarray,
        cols: np.ndarray,
        vals: np.ndarray,
        meta: pd.DataFrame,
        lo: np.ndarray,
        up: np.ndarray,
    ) -> None:
        """Rows numbered from 0 within the family; one ``meta`` row per constraint."""
        self.triplets.append((rows + self.count, cols, vals))
        self.meta.append(meta)
        self.lo.append(lo)
        self.up.append(up)
        self.count += len(meta)

    def matrix(self, n_cols: int) -> sp.csr_matrix:
        parts = self.triplets or [(np.zeros(0, int), np.zeros(0, int), np.zeros(0))]
        r, c, v = (np.concatenate([p[i] for p in parts]) for i in range(3))
        return sp.csr_matrix((v, (r, c)), shape=(self.count, n_cols))


@dataclass
class _Columns:
    """The enrolment columns: one per (cell, year, pool) a pool may pay for."""

    cells: pd.DataFrame
    """region, segment, group, count: workers of one group in one leaf × segment."""
    frame: pd.DataFrame
    """kind, region, segment, group, year, pool per column."""
    cell: np.ndarray
    cost: np.ndarray
    """Rupiah per worker-year of each column."""
    upper: np.ndarray
    """Workers in the column's cell (its bound)."""
    ancestors: pd.DataFrame

    def __len__(self) -> int:
        return len(self.frame)


def _premiums(
    scenario: Scenario, year: np.ndarray, segment: pd.Series, source: np.ndarray
) -> np.ndarray:
    """Yearly premium of each column: by year, and by segment and paying source when a
    discount tells them apart."""
    package = scenario.package
    base = scenario.horizon.start_year
    keys = pd.DataFrame(
        {"year": year, "segment": np.asarray(segment, dtype=object), "source": source}
    )
    by = ["year", "segment", "source"] if package.discounts else ["year"]
    # one price per distinct key, looked up by code (groups numbered in order of appearance)
    codes = keys.groupby(by, sort=False, dropna=False).ngroup().to_numpy()
    combos = keys.drop_duplicates(by)
    price = np.array(
        [
            yearly_premium(package, int(y), base, g, s)
            if package.discounts
            else yearly_premium(package, int(y), base)
            for y, g, s in combos.itertuples(index=False, name=None)
        ],
        dtype=float,
    )
    return price[codes]


def _columns(scenario: Scenario, tables: Tables, pools: pd.DataFrame) -> _Columns:
    """Every (cell, year, pool) where the pool lies above the cell and the rules let it pay."""
    cells = _cells(scenario, tables.workers)
    anc = _ancestors(tables.regions, cells["region"].unique())
    links = (
        cells[["region"]].reset_index(names="cell").merge(anc, left_on="region", right_on="leaf")
    )
    links = links[["cell", "ancestor", "depth"]].merge(
        pools.reset_index()[["pool", "region", "year", "source"]],
        left_on="ancestor",
        right_on="region",
    )
    links = links[_allowed(links, scenario)]
    links = links.sort_values(["cell", "year", "pool"]).reset_index(drop=True)
    n_x = len(links)
    cell_of = links["cell"].to_numpy()
    year_of = links["year"].to_numpy().astype(np.int64)
    frame = pd.DataFrame(
        {
            "kind": pd.Categorical(["x"] * n_x, categories=["x", "slack", "min_rate"]),
            "region": pd.Categorical(cells["region"]).take(cell_of) if n_x else [],
            "segment": pd.Categorical(cells["segment"]).take(cell_of) if n_x else [],
            "group": cells["group"].to_numpy()[cell_of],
            "year": year_of,
            "pool": links["pool"].to_numpy().astype(np.int64),
        }
    )
    source = pools["source"].to_numpy()[frame["pool"].to_numpy()] if n_x else np.zeros(0)
    cost = _premiums(scenario, year_of, frame["segment"], source) if n_x else np.zeros(0)
    upper = cells["count"].to_numpy()[cell_of] if n_x else np.zeros(0)
    return _Columns(cells, frame, cell_of, cost, upper, anc)


def _budget_rows(rows: _Rows, x: _Columns, pools: pd.DataFrame) -> None:
    """Premiums paid by each pool ≤ its amount."""
    rows.add(
        x.frame["pool"].to_numpy(),
        np.arange(len(x)),
        x.cost,
        pools.reset_index()[["region", "year", "source", "pool"]].assign(kind="budget"),
        np.full(len(pools), -np.inf),
        pools["amount"].to_numpy(dtype=float),
    )


def _cap_rows(rows: _Rows, x: _Columns) -> None:
    """Workers of a cell in a year ≤ the cell's workers, where several pools share the cell
    (a cell paid by one pool only is capped by its column bound)."""
    n_x = len(x)
    if not n_x:
        return
    cy = pd.DataFrame({"cell": x.cell, "year": x.frame["year"].to_numpy()})
    key = cy.groupby(["cell", "year"], sort=True).ngroup().to_numpy()
    per = np.bincount(key, minlength=int(key.max()) + 1)
    shared = per[key] > 1
    if not shared.any():
        return
    uniq, rid = np.unique(key[shared], return_inverse=True)
    first = pd.Series(np.arange(n_x)[shared]).groupby(rid).first().to_numpy()
    rows.add(
        rid,
        np.flatnonzero(shared),
        np.ones(int(shared.sum())),
        x.frame.iloc[first][["region", "segment", "group", "year"]]
        .reset_index(drop=True)
        .assign(kind="cap"),
        np.full(len(uniq), -np.inf),
        x.upper[first],
    )


def _continuity_rows(rows: _Rows, x: _Columns, years: list[int]) -> None:
    """Enrolled(cell, y − 1) ≤ enrolled(cell, y): nobody enrolled is dropped."""
    ridx, cidx, vals, metas = [], [], [], []
    cyear = x.frame["year"].to_numpy()
    n_c = len(x.cells)
    for k, y in enumerate(years[1:]):
        prev, cur = cyear == y - 1, cyear == y
        ridx += [x.cell[prev] + k * n_c, x.cell[cur] + k * n_c]
        cidx += [np.flatnonzero(prev), np.flatnonzero(cur)]
        vals += [np.ones(int(prev.sum())), -np.ones(int(cur.sum()))]
        metas.append(x.cells[["region", "segment", "group"]].assign(year=y, kind="continuity"))
    rows.add(
        np.concatenate(ridx),
        np.concatenate(cidx),
        np.concatenate(vals),
        pd.concat(metas, ignore_index=True),
        np.full(n_c * (len(years) - 1), -np.inf),
        np.zeros(n_c * (len(years) - 1)),
    )


def _floor_rows(rows: _Rows, x: _Columns, scenario: Scenario) -> tuple[pd.DataFrame, np.ndarray]:
    """Extreme poor enrolled (+ slack when soft) ≥ share × extreme poor, per leaf × year.

    Returns the slack columns (their metadata and upper bounds), none for a hard floor.
    """
    floor = scenario.policy.equity_floor
    years = scenario.horizon.year_list
    n_x = len(x)
    ext_total = x.cells[x.cells["group"] == 0].groupby("region")["count"].sum()
    ry = pd.MultiIndex.from_product([ext_total.index.to_numpy(), years], names=["region", "year"])
    need = np.repeat(floor.share * ext_total.to_numpy(), len(years))
    pos = pd.Series(np.arange(len(ry)), index=ry)
    is_ext = x.frame["group"].to_numpy() == 0
    rid = pos.reindex(
        pd.MultiIndex.from_arrays([x.frame["region"][is_ext], x.frame["year"][is_ext]])
    ).to_numpy()
    meta = ry.to_frame(index=False).assign(kind="floor", need=need)
    ridx, cidx, vals = [rid.astype(int)], [np.flatnonzero(is_ext)], [np.ones(int(is_ext.sum()))]
    slack_meta, slack_up = pd.DataFrame(), np.zeros(0)
    if floor.mode == "soft":
        n_slack = len(ry)
        ridx.append(np.arange(n_slack))
        cidx.append(n_x + np.arange(n_slack))
        vals.append(np.ones(n_slack))
        slack_up = need
        slack_meta = meta[["region", "year"]].assign(kind="slack", segment="", group=0, pool=-1)
    rows.add(
        np.concatenate(ridx),
        np.concatenate(cidx),
        np.concatenate(vals),
        meta,
        need,
        np.full(len(ry), np.inf),
    )
    return slack_meta, slack_up


def _province_share_rows(
    rows: _Rows, x: _Columns, pools: pd.DataFrame, tables: Tables, share: float
) -> None:
    """Within each kabupaten/kota and year, the province pays at most ``share`` of the
    premiums (all workers there cost the same that year)."""
    frame = x.frame
    level = tables.regions["level"]
    anc = x.ancestors
    kab = anc[anc["ancestor"].map(level).eq("kabkota")].set_index("leaf")["ancestor"]
    unit = frame["region"].map(kab).fillna(frame["region"]).to_numpy()
    gy = pd.DataFrame({"unit": unit, "year": frame["year"].to_numpy()})
    gid = gy.groupby(["unit", "year"], sort=True).ngroup().to_numpy()
    is_prov = pools["source"].to_numpy()[frame["pool"].to_numpy()] == "apbd_provinsi"
    has_prov = np.bincount(gid, weights=is_prov.astype(float)) > 0
    use = has_prov[gid]
    uniq, rid = np.unique(gid[use], return_inverse=True)
    meta_g = gy[use].drop_duplicates().sort_values(["unit", "year"])
    rows.add(
        rid,
        np.flatnonzero(use),
        np.where(is_prov[use], 1.0 - share, -share),
        pd.DataFrame(
            {
                "region": meta_g["unit"].to_numpy(),
                "year": meta_g["year"].to_numpy(),
                "kind": "province_share",
            }
        ),
        np.full(len(uniq), -np.inf),
        np.zeros(len(uniq)),
    )


def _coverage_rows(rows: _Rows, x: _Columns, scenario: Scenario, tables: Tables) -> None:
    """Workers enrolled each year ≥ the coverage target × eligible workers (``min_cost``)."""
    target = scenario.policy.coverage_target
    if target is None:
        raise UserError("objective 'min_cost' needs policy.coverage_target (e.g. 0.5215)")
    years = scenario.horizon.year_list
    eligible = float(tables.workers["eligible"].sum())
    rows.add(
        np.searchsorted(years, x.frame["year"].to_numpy()),
        np.arange(len(x)),
        np.ones(len(x)),
        pd.DataFrame({"year": years, "kind": "coverage"}),
        np.full(len(years), target * eligible),
        np.full(len(years), np.inf),
    )


def build(scenario: Scenario, tables: Tables) -> Formulation:
    """Build the LP of ``scenario`` over its validated ``tables``, family by family:
    columns, budgets, caps, continuity, equity floors, the province's share, the coverage
    target, then the objective."""
    policy = scenario.policy
    years = scenario.horizon.year_list
    pools = tables.budgets[tables.budgets["year"].isin(years)]
    pools = pools.sort_values(["region", "year", "source", "amount"], kind="stable")
    pools = pools.reset_index(drop=True)
    pools.index.name = "pool"

    x = _columns(scenario, tables, pools)
    rows = _Rows()
    _budget_rows(rows, x, pools)
    _cap_rows(rows, x)
    if policy.continuity and len(years) > 1:
        _continuity_rows(rows, x, years)
    slack_meta, slack_up = pd.DataFrame(), np.zeros(0)
    if policy.equity_floor.share > 0:
        slack_meta, slack_up = _floor_rows(rows, x, scenario)
    share = scenario.cofinancing.province_max_share
    if share < 1.0 and len(x):
        _province_share_rows(rows, x, pools, tables, share)
    if policy.objective == "min_cost":
        _coverage_rows(rows, x, scenario, tables)

    n_slack = len(slack_up)
    n = len(x) + n_slack
    return Formulation(
        c=_objective(scenario, x.frame, x.cost, n_slack),
        A=rows.matrix(n),
        row_lo=np.concatenate(rows.lo),
        row_up=np.concatenate(rows.up),
        col_lo=np.zeros(n),
        col_up=np.concatenate([x.upper, slack_up]),
        sign=1.0 if policy.objective == "min_cost" else -1.0,
        integer=policy.integer_workers,
        columns=pd.concat([x.frame, slack_meta], ignore_index=True) if n_slack else x.frame,
        rows=pd.concat(rows.meta, ignore_index=True),
        pools=pools,
        cost=np.concatenate([x.cost, np.zeros(n_slack)]),
        meta={
            "names": tables.regions["name"].to_dict(),
            "province_max_share": scenario.cofinancing.province_max_share,
            "apbdes_own": scenario.cofinancing.apbdes_own_residents_only,
            "province_tops_up": scenario.cofinancing.province_tops_up,
        },
    )


def _objective(
    scenario: Scenario, cols: pd.DataFrame, cost: np.ndarray, n_slack: int
) -> np.ndarray:
    """The first stage's objective when no stages are planned: extreme-poor worker-years
    (rupiah for ``min_cost``); :func:`ucj_opt.allocate.stages.build_staged` sets the rest."""
    policy = scenario.policy
    group = cols["group"].to_numpy()
    if policy.objective == "min_cost":
        penalty = policy.equity_floor.penalty * (float(cost.mean()) if len(cost) else 1.0)
        return np.concatenate([cost, np.full(n_slack, penalty)])
    value = np.where(group == 0, 1.0, 0.0)
    return np.concatenate([-value, np.full(n_slack, policy.equity_floor.penalty)])
