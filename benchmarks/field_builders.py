"""The field's tools on our LP: the reduced (segment-pooled) single-stage allocation LP that
``solve_tables`` solves, written from the input tables the way a user of linopy or of PuLP
would write it, then solved by HiGHS through each tool.

Both builders start from the ``Scenario`` and ``Tables`` and reproduce the constraint
families of ``ucj_opt.allocate.formulation`` on the pooled workers of
``ucj_opt.allocate.pooling`` (segments summed per region): one column per (region × group
cell, budget pool that may pay for it), bounded by the cell's workers; budgets; caps
where several pools share a cell in a year (a cell with one pool is capped by its bound);
continuity; the equity floor with its slack; the province's share. The objective is the
first stage, extreme-poor worker-years (minus the floor's penalty on slack): the
scenario's ``policy.priorities`` are set to ``["extreme_poor"]`` by :func:`single_stage`,
so the comparison is one LP. Min-cost, equity and weighted objectives, integer workers and
segment discounts are refused (not what this comparison is about).

Linopy: a variable over one ``link`` dimension (the LP is sparse: a cell meets only the
pools above it), each family a ``groupby(...).sum()`` of an expression. PuLP: a dict of
variables (``prob.add_variable_dicts``, PuLP 3's name for ``LpVariable.dicts``) and one
``lpSum`` per constraint, the idiom of its documentation.
Each run returns build, solve and extract seconds, the objective (planner's direction)
and the peak memory above the level before it.

``python benchmarks/field_builders.py --scale 0.1 --years 5`` measures one instance and
asserts that both tools reach ``solve_tables``' optimum; the last line printed is JSON.
``field_runs(scenario, tables)`` is what the allocation benchmark calls.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _memory import PeakMemory

from ucj_opt.scenario.model import Scenario
from ucj_opt.scenario.premiums import segment_sensitive, yearly_premium
from ucj_opt.scenario.tables import Tables

__all__ = ["field_runs", "linopy_run", "pulp_run", "single_stage"]

TOOLS = ("linopy", "pulp")


def single_stage(scenario: Scenario) -> Scenario:
    """The scenario with one stage, extreme-poor worker-years: the LP both tools build."""
    policy = scenario.policy.model_copy(update={"priorities": ["extreme_poor"]})
    return scenario.model_copy(update={"policy": policy})


@dataclass
class Sets:
    """The LP's index sets and parameters, derived from the tables with pandas."""

    links: pd.DataFrame
    """One row per column: cell, region, group, year, pool, source, premium, upper."""
    pools: pd.DataFrame
    """Budget pools in the horizon: region, year, source, amount (index: pool id)."""
    floor: pd.DataFrame
    """Floor rows: region, year, need (empty without a floor)."""
    soft: bool
    penalty: float
    years: list[int]
    continuity: bool
    province_share: float
    unit: pd.Series
    """Kabupaten/kota of each link (its own region above kabupaten level)."""


def _check(scenario: Scenario) -> None:
    policy = scenario.policy
    if policy.objective != "max_extreme_poor" or policy.priorities != ["extreme_poor"]:
        raise ValueError("the field builders write the single-stage max_extreme_poor LP")
    if policy.integer_workers or segment_sensitive(scenario.package):
        raise ValueError("integer workers and segment discounts are not pooled: not built")


def sets(scenario: Scenario, tables: Tables) -> Sets:
    """Cells (pooled segments), ancestors, pools and links, as a user writes them."""
    _check(scenario)
    years = scenario.horizon.year_list
    segments = {s.id for s in scenario.segments}
    w = tables.workers[tables.workers["segment"].isin(segments)]
    w = w.groupby("region", as_index=False)[["eligible", "extreme_poor"]].sum()
    cells = pd.concat(
        [
            pd.DataFrame({"region": w["region"], "group": 0, "count": w["extreme_poor"]}),
            pd.DataFrame(
                {"region": w["region"], "group": 1, "count": w["eligible"] - w["extreme_poor"]}
            ),
        ],
        ignore_index=True,
    )
    cells = cells[cells["count"] > 0].reset_index(drop=True).rename_axis("cell").reset_index()
    # every region above a leaf, with its depth (0: the leaf itself)
    parent = tables.regions["parent"].astype(str)
    leaves = pd.Series(cells["region"].unique())
    frames, current, depth = [], leaves, 0
    while len(current):
        frames.append(pd.DataFrame({"leaf": leaves, "ancestor": current, "depth": depth}))
        nxt = current.map(parent).fillna("")
        keep = nxt.ne("").to_numpy()
        leaves, current, depth = leaves[keep], nxt[keep], depth + 1
    ancestors = pd.concat(frames, ignore_index=True)
    pools = tables.budgets[tables.budgets["year"].isin(years)].reset_index(drop=True)
    pools = pools.rename_axis("pool")
    links = cells.merge(ancestors, left_on="region", right_on="leaf").merge(
        pools.reset_index()[["pool", "region", "year", "source"]].rename(
            columns={"region": "ancestor"}
        ),
        on="ancestor",
    )
    cof = scenario.cofinancing
    own = links["depth"].eq(0)
    if cof.apbdes_own_residents_only:
        links = links[own | links["source"].ne("apbdes")]
        own = links["depth"].eq(0)
    if not cof.province_tops_up:
        links = links[own | links["source"].ne("apbd_provinsi")]
    links = links.sort_values(["cell", "year", "pool"]).reset_index(drop=True)
    base = scenario.horizon.start_year
    price = {y: yearly_premium(scenario.package, y, base) for y in years}
    links["premium"] = links["year"].map(price)
    links["upper"] = links["count"].astype(float)
    level = tables.regions["level"]
    kab = ancestors[ancestors["ancestor"].map(level).eq("kabkota")]
    unit = links["region"].map(kab.set_index("leaf")["ancestor"]).fillna(links["region"])
    floor = scenario.policy.equity_floor
    need = pd.DataFrame(columns=["region", "year", "need"])
    if floor.share > 0:
        ext = cells[cells["group"] == 0].groupby("region")["count"].sum()
        need = pd.DataFrame(
            {
                "region": np.repeat(ext.index.to_numpy(), len(years)),
                "year": np.tile(years, len(ext)),
                "need": np.repeat(floor.share * ext.to_numpy(dtype=float), len(years)),
            }
        )
    return Sets(
        links=links[["cell", "region", "group", "year", "pool", "source", "premium", "upper"]],
        pools=pools,
        floor=need,
        soft=floor.mode == "soft",
        penalty=floor.penalty,
        years=years,
        continuity=scenario.policy.continuity and len(years) > 1,
        province_share=cof.province_max_share,
        unit=unit,
    )


def _shared_caps(links: pd.DataFrame) -> pd.Series:
    """Key (cell, year) of the links whose cell several pools pay for that year."""
    key = links["cell"].astype(str) + "/" + links["year"].astype(str)
    return key[key.map(key.value_counts()) > 1]


def _province_units(s: Sets) -> pd.Series:
    """Key (kabupaten/kota, year) of the links in a unit the province pays in."""
    key = s.unit.astype(str) + "/" + s.links["year"].astype(str)
    prov = s.links["source"].eq("apbd_provinsi")
    paid = set(key[prov])
    return key[key.isin(paid)]


@dataclass
class Run:
    """What one tool took (seconds, MB) and reached (planner's direction)."""

    build_s: float
    solve_s: float
    extract_s: float
    objective: float
    peak_mb: float
    table: pd.DataFrame

    def figures(self) -> dict[str, float]:
        return {
            "build_s": self.build_s,
            "solve_s": self.solve_s,
            "extract_s": self.extract_s,
            "total_s": self.build_s + self.solve_s + self.extract_s,
            "objective": self.objective,
            "peak_mb": self.peak_mb,
        }


def _table(s: Sets, x: np.ndarray) -> pd.DataFrame:
    """Enrolment by region × year × source and group, from the columns' values."""
    t = s.links[["region", "year", "source", "group"]].assign(enrolled=x)
    out = t.pivot_table(
        index=["region", "year", "source"], columns="group", values="enrolled", aggfunc="sum"
    )
    return out.rename(columns={0: "enrolled_extreme_poor", 1: "enrolled_other"}).reset_index()


def linopy_run(scenario: Scenario, tables: Tables) -> Run:
    """Build with linopy (one ``link`` dimension, families as grouped sums), solve with
    HiGHS through linopy's direct highspy interface, read the solution into a table."""
    import linopy
    import xarray as xr

    with PeakMemory() as peak:
        t0 = time.perf_counter()
        s = sets(scenario, tables)
        links = s.links
        L = pd.RangeIndex(len(links), name="link")

        def on_links(values: object, name: str) -> xr.DataArray:
            return xr.DataArray(np.asarray(values), coords=[L], name=name)

        m = linopy.Model()
        x = m.add_variables(lower=0, upper=on_links(links["upper"], "upper"), name="x")
        terms = x.to_linexpr()

        def pick(at: np.ndarray) -> linopy.LinearExpression:
            """The terms of the links ``at`` (repeats allowed) along a dimension ``entry``."""
            return terms.isel(link=xr.DataArray(at, dims="entry")).drop_vars("link")

        amount = xr.DataArray(
            s.pools["amount"].to_numpy(dtype=float),
            coords=[pd.RangeIndex(len(s.pools), name="pool")],
        )
        # one family per budget source: linopy pads every row of a family to its longest
        # (a province's pool reaches thousands of columns, a desa's two), so one family
        # for all pools took 20 GB at village scale
        premium = links["premium"].to_numpy()
        for source, at in links.groupby("source").indices.items():
            key = xr.DataArray(links["pool"].to_numpy()[at], dims="entry", name="pool")
            spend = (xr.DataArray(premium[at], dims="entry") * pick(at)).groupby(key).sum()
            m.add_constraints(spend <= amount.sel(pool=spend.data["pool"]), name=f"budget_{source}")
        caps = _shared_caps(links)
        if len(caps):
            key = xr.DataArray(caps.to_numpy(), dims="entry", name="cap")
            held = pick(caps.index.to_numpy()).groupby(key).sum()
            upper = links["upper"].groupby(caps).first()
            m.add_constraints(
                held <= xr.DataArray(upper, dims="cap").sel(cap=held.data["cap"]), name="cap"
            )
        if s.continuity:
            # each link counts +1 in its cell's row of next year and -1 in its own year's
            nxt = links["year"] + 1
            first = links["year"].ne(s.years[0])
            last = nxt.le(s.years[-1])
            rows = pd.concat(
                [
                    links["cell"].astype(str)[last] + "/" + nxt[last].astype(str),
                    links["cell"].astype(str)[first] + "/" + links["year"][first].astype(str),
                ]
            )
            coef = np.concatenate([np.ones(int(last.sum())), -np.ones(int(first.sum()))])
            key = xr.DataArray(rows.to_numpy(), dims="entry", name="continuity")
            kept = (xr.DataArray(coef, dims="entry") * pick(rows.index.to_numpy())).groupby(key)
            kept = kept.sum()
            m.add_constraints(kept <= 0, name="continuity")
        objective = -pick(np.flatnonzero(links["group"].eq(0))).sum()
        if len(s.floor):
            F = pd.Index(s.floor["region"] + "/" + s.floor["year"].astype(str), name="floor")
            ext = links["group"].eq(0)
            key = xr.DataArray(
                (links["region"][ext] + "/" + links["year"][ext].astype(str)).to_numpy(),
                dims="entry",
                name="floor",
            )
            met = pick(np.flatnonzero(ext)).groupby(key).sum()
            need = xr.DataArray(s.floor["need"].to_numpy(), coords=[F])
            if s.soft:
                slack = m.add_variables(lower=0, upper=need, name="slack")
                m.add_constraints(
                    met + slack.sel(floor=met.data["floor"]) >= need.sel(floor=met.data["floor"]),
                    name="floor",
                )
                objective = objective + s.penalty * slack.sum()
            else:
                m.add_constraints(met >= need.sel(floor=met.data["floor"]), name="floor")
        if s.province_share < 1.0:
            units = _province_units(s)
            if len(units):
                share = s.province_share
                prov = links["source"].eq("apbd_provinsi")[units.index]
                coef = xr.DataArray(np.where(prov, 1.0 - share, -share), dims="entry")
                key = xr.DataArray(units.to_numpy(), dims="entry", name="unit")
                paid = (coef * pick(units.index.to_numpy())).groupby(key).sum()
                m.add_constraints(paid <= 0, name="province_share")
        m.add_objective(objective)
        build_s = time.perf_counter() - t0

        t0 = time.perf_counter()
        status, condition = m.solve(solver_name="highs", io_api="direct", output_flag=False)
        solve_s = time.perf_counter() - t0
        if condition != "optimal":
            raise RuntimeError(f"linopy: {status} {condition}")

        t0 = time.perf_counter()
        table = _table(s, x.solution.to_numpy())
        value = -float(m.objective.value)
        extract_s = time.perf_counter() - t0
    return Run(build_s, solve_s, extract_s, value, peak.delta, table)


def pulp_run(scenario: Scenario, tables: Tables) -> Run:
    """Build with PuLP's idiom (a dict of variables, one ``lpSum`` per constraint), solve
    with its HiGHS interface (highspy), read ``varValue`` into a table."""
    import pulp

    with PeakMemory() as peak:
        t0 = time.perf_counter()
        s = sets(scenario, tables)
        links = s.links
        ids = links.index.to_list()
        prob = pulp.LpProblem("ucj_field", pulp.LpMaximize)
        x = prob.add_variable_dicts("x", ids, lowBound=0)
        for i, up in zip(ids, links["upper"].to_list(), strict=True):
            x[i].upBound = up
        premium = links["premium"].to_list()
        ext = [i for i, g in zip(ids, links["group"].to_list(), strict=True) if g == 0]
        objective = pulp.lpSum(x[i] for i in ext)
        for pool, idx in links.groupby("pool").indices.items():
            amount = float(s.pools.at[pool, "amount"])
            prob += pulp.lpSum(premium[i] * x[i] for i in idx) <= amount, f"budget_{pool}"
        caps = _shared_caps(links)
        upper = links["upper"]
        for key, members in caps.groupby(caps).groups.items():
            members = list(members)
            prob += pulp.lpSum(x[i] for i in members) <= upper[members[0]], f"cap_{key}"
        if s.continuity:
            by_cell_year = links.groupby(["cell", "year"]).indices
            for (cell, year), idx in by_cell_year.items():
                before = by_cell_year.get((cell, year - 1))
                if before is not None:
                    prob += (
                        pulp.lpSum(x[i] for i in before) - pulp.lpSum(x[i] for i in idx) <= 0,
                        f"continuity_{cell}_{year}",
                    )
            for (cell, year), before in by_cell_year.items():
                if year + 1 <= s.years[-1] and (cell, year + 1) not in by_cell_year:
                    prob += pulp.lpSum(x[i] for i in before) <= 0, f"continuity_{cell}_{year + 1}"
        if len(s.floor):
            ext_links = links[links["group"].eq(0)].groupby(["region", "year"]).indices
            ext_ids = links.index[links["group"].eq(0)]
            slack = {}
            for k, (region, year, need) in enumerate(s.floor.itertuples(index=False)):
                members = [ext_ids[i] for i in ext_links.get((region, year), [])]
                met = pulp.lpSum(x[i] for i in members)
                if s.soft:
                    slack[k] = prob.add_variable(f"slack_{k}", 0, need)
                    met = met + slack[k]
                prob += met >= need, f"floor_{k}"
            if slack:
                objective = objective - s.penalty * pulp.lpSum(slack.values())
        if s.province_share < 1.0:
            share = s.province_share
            prov = links["source"].eq("apbd_provinsi").to_numpy()
            units = _province_units(s)
            for k, members in enumerate(units.groupby(units).groups.values()):
                prob += (
                    pulp.lpSum((1.0 - share if prov[i] else -share) * x[i] for i in members) <= 0,
                    f"province_share_{k}",
                )
        prob += objective
        build_s = time.perf_counter() - t0

        t0 = time.perf_counter()
        prob.solve(pulp.HiGHS(msg=False))
        solve_s = time.perf_counter() - t0
        if prob.status != pulp.LpStatusOptimal:
            raise RuntimeError(f"PuLP: {pulp.LpStatus[prob.status]}")

        t0 = time.perf_counter()
        values = np.array([x[i].varValue or 0.0 for i in ids])
        table = _table(s, values)
        value = float(pulp.value(prob.objective))
        extract_s = time.perf_counter() - t0
    return Run(build_s, solve_s, extract_s, value, peak.delta, table)


def field_runs(
    scenario: Scenario, tables: Tables, expected: float | None = None
) -> dict[str, dict[str, float]]:
    """Both tools on the single-stage LP of ``scenario`` (made single-stage here):
    ``{"linopy": {...}, "pulp": {...}}`` with build_s, solve_s, extract_s, total_s,
    objective and peak_mb. With ``expected`` (``solve_tables``' objective on the same
    single-stage scenario), each optimum is asserted equal to it (relative 1e-7)."""
    one = single_stage(scenario)
    out: dict[str, dict[str, float]] = {}
    for name, run in (("linopy", linopy_run), ("pulp", pulp_run)):
        figures = run(one, tables).figures()
        if expected is not None:
            gap = abs(figures["objective"] - expected)
            assert gap <= 1e-7 * max(1.0, abs(expected)), (
                f"{name}: {figures['objective']} ≠ {expected}"
            )
        out[name] = figures
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--scale", type=float, default=0.1)
    ap.add_argument("--years", type=int, default=1)
    args = ap.parse_args()
    from bench_allocate import village_instance

    from ucj_opt.allocate import solve_tables

    load = os.getloadavg()[0]
    scenario, tables = village_instance(args.scale, args.years)
    one = single_stage(scenario)
    with PeakMemory() as peak:
        t0 = time.perf_counter()
        ours = solve_tables(one, tables)
        ours_s = time.perf_counter() - t0
    prov = ours.provenance
    runs = field_runs(scenario, tables, expected=ours.objective)
    runs["ucj_opt"] = {
        "build_s": prov.build_seconds,
        "solve_s": prov.solve_seconds,
        "extract_s": prov.extract_seconds,
        "total_s": ours_s,
        "objective": ours.objective,
        "peak_mb": peak.delta,
    }
    leaves = int(tables.workers["region"].nunique())
    print(f"{leaves:,} leaves × {args.years} years, single stage (extreme_poor), pooled LP")
    for name, r in runs.items():
        print(
            f"{name:8s} build {r['build_s']:7.2f} s  solve {r['solve_s']:7.2f} s  extract "
            f"{r['extract_s']:6.2f} s  total {r['total_s']:7.2f} s  +{r['peak_mb']:7,.0f} MB  "
            f"objective {r['objective']:,.3f}"
        )
    print(
        json.dumps(
            {
                "benchmark": "field_builders",
                "ratio": runs["ucj_opt"]["total_s"] / runs["linopy"]["total_s"],
                "target": 1.0,
                "leaves": leaves,
                "years": args.years,
                "scale": args.scale,
                **{f"{n}_{k}": v for n, r in runs.items() for k, v in r.items()},
                "load": [load, os.getloadavg()[0]],
            }
        )
    )


if __name__ == "__main__":
    main()
