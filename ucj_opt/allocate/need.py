"""The budget needed: the least money, per region, year and source level, that reaches a
target under the scenario's rules.

Every leaf region gets a new-money pool for each year at its kabupaten/kota (APBD
kabupaten/kota; a province-level leaf: APBD provinsi), as large as the premiums of all
its workers. Stages: the least new money (today's budgets are spent first), then the
least money in all (no budget spends more than the target needs), then the scenario's
fair share, and the most even of its optima. Targets: ``extreme_poor`` (every
extreme-poor worker, every year: a hard floor of 100%), ``poor`` (every extreme-poor
worker and the others in proportion to the region's poverty rate, an estimate),
``coverage=43.92%`` (that share of all eligible workers, every year), or ``workforce`` /
``workforce=43.92%`` (each regional government's coverage of its workforce at its
target, or at that share, every year: the published UCJ indicator, docs/targets.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ucj_opt.allocate.backends import Status
from ucj_opt.allocate.blocks import BlockProgress, blocks_to_solve, solve_in_blocks
from ucj_opt.allocate.formulation import Formulation, Stage
from ucj_opt.allocate.staged import solve_staged
from ucj_opt.allocate.stages import build_staged, extend, poor_share
from ucj_opt.errors import UserError
from ucj_opt.scenario.model import Scenario
from ucj_opt.scenario.premiums import yearly_premium
from ucj_opt.scenario.study import Study
from ucj_opt.scenario.tables import Tables
from ucj_opt.scenario.target_check import baseline, unit_targets, units_of
from ucj_opt.units import format_rupiah

__all__ = ["NEED_COLUMNS", "BudgetNeed", "budget_need", "parse_target"]

NEED_COLUMNS = ["region", "name", "year", "source", "today", "needed", "gap"]

_COVERAGE = re.compile(r"^(coverage|workforce)\s*=\s*([0-9.]+)\s*(%?)$")


def parse_target(text: str) -> tuple[str, float]:
    """``extreme_poor``, ``poor``, ``coverage=43.92%``, ``workforce`` or
    ``workforce=43.92%`` as (kind, share); ``workforce`` alone: each regional government's
    own target (``targets``), share NaN.

    Examples
    --------
    >>> parse_target("coverage=43.92%")
    ('coverage', 0.4392)
    >>> parse_target("extreme_poor")
    ('extreme_poor', 1.0)
    >>> parse_target("workforce=43.92%")
    ('workforce', 0.4392)
    """
    text = text.strip()
    if text in ("extreme_poor", "poor"):
        return text, 1.0
    if text == "workforce":
        return "workforce", float("nan")
    m = _COVERAGE.match(text)
    if m:
        share = float(m.group(2)) / (100.0 if m.group(3) else 1.0)
        if 0 < share <= 1:
            return m.group(1), round(share, 10)
    raise UserError(
        f"--target {text!r} is not a target; write extreme_poor, poor, coverage=43.92% "
        "(a share of eligible workers), workforce (each regional government's coverage "
        "target, a share of its workforce) or workforce=43.92% (shares above 0% and at "
        "most 100%)"
    )


@dataclass(eq=False)
class BudgetNeed:
    """The budget needed for one target."""

    target: str
    status: Status
    table: pd.DataFrame
    """region, name, year, source, today (rupiah), needed (rupiah), gap (needed − today;
    negative: money today's budgets keep beyond the target)."""

    @property
    def total_needed(self) -> float:
        return float(self.table["needed"].sum())

    @property
    def total_today(self) -> float:
        return float(self.table["today"].sum())

    @property
    def total_gap(self) -> float:
        """New money needed: the positive gaps summed (a surplus in one pool cannot pay
        for another's workers, or the solve would have used it)."""
        return float(self.table["gap"].clip(lower=0).sum())

    def lines(self) -> list[str]:
        """A plain summary, national totals first."""
        out = [
            f"target        {self.target} ({self.status.value})",
            f"needed        {format_rupiah(self.total_needed)}",
            f"today         {format_rupiah(self.total_today)}",
            f"new money     {format_rupiah(self.total_gap)}",
        ]
        gaps = self.table[self.table["gap"] > 1.0].sort_values("gap", ascending=False)
        for row in gaps.head(10).to_dict("records"):
            out.append(
                f"  {row['name']} {row['year']} {row['source']}: needs "
                f"{format_rupiah(float(row['needed']))}, has "
                f"{format_rupiah(float(row['today']))} (gap {format_rupiah(float(row['gap']))})"
            )
        if len(gaps) > 10:
            out.append(f"  ... and {len(gaps) - 10} more (need.csv)")
        return out


def _new_money_pools(scenario: Scenario, tables: Tables) -> pd.DataFrame:
    """One pool per leaf region's kabupaten/kota (or province) and year, large enough for
    every worker below it."""
    regions = tables.regions
    level, parent = regions["level"], regions["parent"].astype(str)
    leaves = tables.workers["region"].astype(str).unique()

    def unit(code: str) -> str:
        current = code
        while current and level.get(current) not in ("kabkota", "province"):
            current = parent.get(current, "")
        return current or code

    units = pd.Series({leaf: unit(leaf) for leaf in leaves})
    years = scenario.horizon.year_list
    base = scenario.horizon.start_year
    eligible = tables.workers.groupby("region")["eligible"].sum()
    per_unit = eligible.groupby(units.reindex(eligible.index).to_numpy()).sum()
    price = max(yearly_premium(scenario.package, y, base) for y in years)
    rows = [
        {
            "region": u,
            "year": y,
            "source": "apbd_provinsi" if level.get(u) == "province" else "apbd_kabkota",
            "amount": float(per_unit[u]) * max(price, 1.0) * 1.01 + 1.0,
        }
        for u in sorted(per_unit.index)
        for y in years
    ]
    return pd.DataFrame(rows, columns=["region", "year", "source", "amount"])


def _target_scenario(scenario: Scenario, kind: str, share: float) -> Scenario:
    policy = scenario.policy
    update: dict[str, object] = {"objective": "max_extreme_poor", "priority": "rule"}
    if kind in ("extreme_poor", "poor"):
        update["equity_floor"] = policy.equity_floor.model_copy(
            update={"share": 1.0, "mode": "hard"}
        )
    keep = [p for p in policy.priorities if p == "fair_share"]
    update["priorities"] = keep
    return scenario.model_copy(update={"policy": policy.model_copy(update=update)})


def _poor_rows(f: Formulation, tables: Tables) -> Formulation:
    """Others enrolled ≥ their region's estimated poor share × others, per leaf × year."""
    cols = f.columns
    is_other = ((cols["kind"] == "x") & (cols["group"] == 1)).to_numpy()
    j = np.flatnonzero(is_other)
    key = pd.DataFrame(
        {"region": cols["region"].astype(str).to_numpy()[j], "year": cols["year"].to_numpy()[j]}
    )
    rid = key.groupby(["region", "year"], sort=True).ngroup().to_numpy()
    keys = key.drop_duplicates().sort_values(["region", "year"]).reset_index(drop=True)
    w = tables.workers.assign(other=tables.workers["eligible"] - tables.workers["extreme_poor"])
    others = w.groupby("region")["other"].sum()
    share = poor_share(tables, keys["region"].to_numpy())
    need = share * others.reindex(keys["region"]).to_numpy(dtype=float)
    rows = sp.csr_matrix((np.ones(len(j)), (rid, j)), shape=(len(keys), f.shape[1]))
    return _at_least(f, rows, need, keys.assign(kind="poor_target"))


def _coverage_rows(f: Formulation, tables: Tables, share: float) -> Formulation:
    cols = f.columns
    j = np.flatnonzero((cols["kind"] == "x").to_numpy())
    years = np.sort(np.unique(cols["year"].to_numpy()[j].astype(np.int64)))
    rid = np.searchsorted(years, cols["year"].to_numpy()[j].astype(np.int64))
    rows = sp.csr_matrix((np.ones(len(j)), (rid, j)), shape=(len(years), f.shape[1]))
    eligible = float(tables.workers["eligible"].sum())
    return _at_least(
        f,
        rows,
        np.full(len(years), share * eligible),
        pd.DataFrame({"year": years, "kind": "coverage"}),
    )


def _workforce_rows(
    f: Formulation, scenario: Scenario, tables: Tables, share: float
) -> Formulation:
    """Workers enrolled in each regional government and year ≥ its target × workforce −
    the workers covered before (``targets``; docs/targets.md). A target the eligible
    workers cannot reach is an error naming the regions."""
    base = baseline(scenario, tables).frame
    units = units_of(tables)
    years = scenario.horizon.year_list
    cols = f.columns
    j = np.flatnonzero((cols["kind"] == "x").to_numpy())
    key = pd.DataFrame(
        {
            "unit": cols["region"].astype(str).to_numpy()[j],
            "year": cols["year"].to_numpy()[j].astype(np.int64),
        }
    )
    key["unit"] = key["unit"].map(units)
    keys = pd.DataFrame(
        [(u, y) for u in sorted(base.index) for y in years], columns=["unit", "year"]
    )
    rid = keys.reset_index().merge(key.reset_index(), on=["unit", "year"], suffixes=("_k", ""))
    need, problems = np.zeros(len(keys)), []
    for i, (u, y) in enumerate(zip(keys["unit"], keys["year"], strict=True)):
        r = base.loc[u]
        goal = share if share == share else unit_targets(scenario, str(u), [int(y)])[0][0]
        need[i] = max(0.0, goal * float(r["workforce"]) - float(r["covered"]))
        if need[i] > float(r["eligible"]) + 1e-6:
            problems.append(
                f"{r['name']} ({u}) {y}: {goal:.2%} of its workforce needs {need[i]:,.0f} more "
                f"workers covered, but it has {float(r['eligible']):,.0f} uncovered eligible"
            )
    if problems:
        raise UserError(
            "no budget reaches the workforce target: the eligible workers are too few\n"
            + "\n".join(f"  - {p}" for p in problems[:20])
            + ("\n  ..." if len(problems) > 20 else "")
            + "\nhint: lower the target (targets.regions, targets.national) or check the "
            "regions table's workforce and covered columns"
        )
    rows = sp.csr_matrix(
        (np.ones(len(rid)), (rid["index_k"].to_numpy(), j[rid["index"].to_numpy()])),
        shape=(len(keys), f.shape[1]),
    )
    return _at_least(f, rows, need, keys.assign(kind="workforce_target"))


def _at_least(
    f: Formulation, rows: sp.csr_matrix, need: np.ndarray, meta: pd.DataFrame
) -> Formulation:
    """``f`` with target rows ``rows · x ≥ need`` (no new columns)."""
    return extend(
        f, pd.DataFrame(columns=["kind"]), np.zeros(0), rows, need, np.full(len(need), np.inf), meta
    )


def budget_need(
    study: Study,
    target: str = "extreme_poor",
    blocks: bool | None = None,
    progress: BlockProgress | None = None,
) -> BudgetNeed:
    """The least budget, per region, year and source level, that reaches ``target``.
    The model's independent blocks are solved side by side as :func:`solve_tables` does
    (``blocks``: None from :data:`~ucj_opt.allocate.blocks.BLOCK_MIN_COLUMNS` columns):
    at all 83,762 villages over one year, one run on the whole model took 857 s, by
    blocks 87 s; ``progress`` is told ``(blocks done, blocks)`` meanwhile.

    Examples
    --------
    >>> import ucj_opt
    >>> from ucj_opt.allocate.need import budget_need
    >>> need = budget_need(ucj_opt.load_scenario("embedded:national"), "coverage=43.92%")
    >>> need.status.value, need.total_needed > 0
    ('optimal', True)
    """
    kind, share = parse_target(target)
    scenario, tables = study.scenario, study.tables
    new = _new_money_pools(scenario, tables)
    both = pd.concat([tables.budgets.assign(new=False), new.assign(new=True)], ignore_index=True)
    staged = _target_scenario(scenario, kind, share)
    t2 = replace(tables, budgets=both.drop(columns="new"))
    f = build_staged(staged, t2)
    if kind == "poor":
        f = _poor_rows(f, tables)
    elif kind == "coverage":
        f = _coverage_rows(f, tables, share)
    elif kind == "workforce":
        f = _workforce_rows(f, scenario, tables, share)
    pools = f.pools
    # pools were sorted on build: find the new ones by their (region, year, source, amount)
    key = ["region", "year", "source", "amount"]
    flags = both[[*key, "new"]].drop_duplicates(key)
    marked = pools.reset_index().merge(flags, on=key, how="left")
    is_new = marked["new"].fillna(False).to_numpy(dtype=bool)
    cols = f.columns
    is_x = (cols["kind"] == "x").to_numpy()
    pool_of = np.where(is_x, cols["pool"].to_numpy(dtype=float), -1).astype(np.int64)
    on_new = is_x & is_new[np.clip(pool_of, 0, None)]
    stages = [
        Stage("new_money", np.where(on_new, f.cost, 0.0), 1.0, 0.0),
        Stage("all_money", np.where(is_x, f.cost, 0.0), 1.0, 0.0),
    ]
    stages += [s for s in f.stages if s.name == "fair_share"]
    f = replace(f, c=stages[0].c, sign=1.0, stages=tuple(stages), target=0)
    settings = scenario.solver
    parts = blocks_to_solve(f, blocks)
    if parts:
        raw = solve_in_blocks(f, parts, settings.time_limit, settings.gap, progress=progress)
    else:
        raw = solve_staged(f, True, settings.name, settings.time_limit, settings.gap)
    if raw.status is Status.INFEASIBLE:
        raise UserError(
            f"no budget reaches the target {target}: the scenario's rules forbid it (a hard "
            "rule other than money binds, e.g. more workers targeted than eligible)"
        )
    spent = np.bincount(pool_of[is_x], weights=(raw.x[is_x] * f.cost[is_x]), minlength=len(pools))
    frame = pools.reset_index()[["region", "year", "source", "amount"]].assign(
        spent=spent, new=is_new
    )
    frame["today"] = np.where(is_new, 0.0, frame["amount"])
    table = frame.groupby(["region", "year", "source"], as_index=False)[["today", "spent"]].sum()
    table = table.rename(columns={"spent": "needed"})
    table["gap"] = table["needed"] - table["today"]
    names = tables.regions["name"]
    table.insert(1, "name", table["region"].map(names).fillna(table["region"]).astype(str))
    return BudgetNeed(target=target, status=raw.status, table=table[NEED_COLUMNS])
