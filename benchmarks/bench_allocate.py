"""Allocation, end to end (build + solve + read back), against the same LP handed straight
to HiGHS, at every size from the 38 provinces to the 83,762 desa/kelurahan, one and five
years; with what the reductions win and what the field's tools (linopy, PuLP) take.

For each size, in fresh processes (so each peak memory is its own):

- **ours**: ``solve_tables`` as a planner's run calls it (single stage, extreme poor
  first: the LP itself; the staged objective is benchmarks/bench_staged.py);
- **floor**: the same reduced LP (segments pooled), built beforehand and handed to highspy
  as ready CSR arrays, one HiGHS run on the whole model with the same method rule as ours
  (interior point from ``IPM_MIN_COLUMNS`` columns, else dual simplex), then the most even
  point of its optimal face (``even_split.even_optimum``, as ours ends); passModel, run
  and that step are timed (``lp_s``: the LP alone). Target: ours ≤ 1.3 × floor at every
  size;
- **unreduced**: the LP before segment pooling, handed to HiGHS the same way (what the
  reduction wins; skipped above ``--unreduced-max`` columns);
- **linopy**, **pulp**: the same reduced LP written the way the field writes it
  (benchmarks/field_builders.py), build, solve and read back apart (skipped above
  ``--field-max`` columns).

Workers and budgets are synthetic (seeded); the region structure is real (per-province
counts of Kepmendagri 300.2.2-2138/2025). Run from the repository root:
``python benchmarks/bench_allocate.py`` (tens of minutes on 2 cores), ``--quick``
(seconds), or ``--only "all villages"`` for one size. The last line printed is JSON.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import statistics
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from ucj_opt.allocate import solve_tables
from ucj_opt.allocate.backends import _stage_method, highs_model
from ucj_opt.allocate.even_split import even_optimum
from ucj_opt.allocate.optimal_face import OptimalFace
from ucj_opt.allocate.pooling import pool_segments
from ucj_opt.allocate.stages import build_staged
from ucj_opt.data import provinces
from ucj_opt.scenario.model import Scenario
from ucj_opt.scenario.tables import Tables

TARGET = 1.3
SEGMENTS = ("farmer", "fisher", "informal", "other")
PREMIUM = 201_600.0

SIZES: dict[str, tuple[str, float]] = {
    "38 provinces": ("province", 0.1),
    "514 kabupaten/kota": ("kabkota", 0.1),
    "1% of villages": ("desa", 0.01),
    "10% of villages": ("desa", 0.1),
    "all villages": ("desa", 1.0),
}
"""Name → (level of the leaves, share of the villages generated)."""


def village_instance(
    scale: float, years: int, seed: int = 2026, level: str = "desa"
) -> tuple[Scenario, Tables]:
    """Provinces → kabupaten/kota → desa/kelurahan on the real counts (× ``scale``);
    ``level`` kabkota or province puts the workers there instead (514 or 38 leaves)."""
    if level != "desa":
        return _upper_instance(years, seed, level)
    rng = np.random.default_rng(seed)
    prov = provinces()
    regions: list[dict[str, Any]] = []
    leaves: list[str] = []
    kab_of_leaf: list[str] = []
    desa_flags: list[bool] = []
    for code, row in prov.iterrows():
        regions.append({"code": code, "level": "province", "parent": ""})
        n_kab = int(row["kabupaten"] + row["kota"])
        n_desa = max(1, round(int(row["desa"]) * scale)) if row["desa"] else 0
        n_kel = round(int(row["kelurahan"]) * scale)
        kabs = [f"{code}.{k + 1:02d}" for k in range(n_kab)]
        regions += [{"code": k, "level": "kabkota", "parent": code} for k in kabs]
        for i in range(n_desa + n_kel):
            kab = kabs[i % n_kab]
            is_desa = i < n_desa
            leaf = f"{kab}.01.{(2001 if is_desa else 1001) + i // n_kab}"
            regions.append(
                {"code": leaf, "level": "desa" if is_desa else "kelurahan", "parent": kab}
            )
            leaves.append(leaf)
            kab_of_leaf.append(kab)
            desa_flags.append(is_desa)
    reg = pd.DataFrame(regions).set_index("code")
    reg["name"] = reg.index
    reg["population"] = 1000
    reg["poverty_rate"] = 0.1
    reg["extreme_poverty_rate"] = 0.01
    n = len(leaves)
    eligible = rng.integers(20, 400, size=(n, len(SEGMENTS)))
    extreme = np.floor(eligible * rng.uniform(0.05, 0.3, size=eligible.shape)).astype(np.int64)
    workers = pd.DataFrame(
        {
            "region": np.repeat(leaves, len(SEGMENTS)),
            "segment": np.tile(SEGMENTS, n),
            "eligible": eligible.ravel().astype(np.int64),
            "extreme_poor": extreme.ravel(),
        }
    )
    ext_leaf = extreme.sum(axis=1) * PREMIUM
    ext_kab = pd.Series(ext_leaf).groupby(kab_of_leaf).sum()
    ext_prov = ext_kab.groupby(ext_kab.index.str[:2]).sum()
    year_list = list(range(2026, 2026 + years))
    rows = []
    for y in year_list:
        grow = 1.0 + 0.1 * (y - 2026)
        rows.append(
            pd.DataFrame(
                {
                    "region": ext_prov.index,
                    "year": y,
                    "source": "apbd_provinsi",
                    "amount": 0.2 * grow * ext_prov.to_numpy(),
                }
            )
        )
        rows.append(
            pd.DataFrame(
                {
                    "region": ext_kab.index,
                    "year": y,
                    "source": "apbd_kabkota",
                    "amount": 0.3 * grow * ext_kab.to_numpy() * rng.uniform(0, 2, len(ext_kab)),
                }
            )
        )
        desa = np.flatnonzero(desa_flags)
        rows.append(
            pd.DataFrame(
                {
                    "region": np.asarray(leaves)[desa],
                    "year": y,
                    "source": "apbdes",
                    "amount": 0.2 * grow * ext_leaf[desa] * rng.uniform(0, 2, len(desa)),
                }
            )
        )
    budgets = pd.concat(rows, ignore_index=True)
    scenario = Scenario.model_validate(
        {
            "name": f"village benchmark ({n} leaves, {years} years)",
            "horizon": {"start_year": 2026, "years": years},
            "regions": {"rows": [{"code": "0"}]},
            "workers": {"rows": [{"region": "0"}]},
            "budgets": {"rows": [{"region": "0"}]},
        }
    )
    tables = Tables(regions=reg, workers=workers, budgets=budgets)
    return scenario, tables


def _upper_instance(years: int, seed: int, level: str) -> tuple[Scenario, Tables]:
    """The village instance (10%) with its workers summed to the kabupaten/kota or the
    province, and only the budgets that can pay there (no APBDes; at province level only
    the APBD provinsi)."""
    scenario, tables = village_instance(0.1, years, seed)
    reg, workers, budgets = tables.regions, tables.workers, tables.budgets
    depth = 2 if level == "kabkota" else 1
    keep = reg.index.str.count(r"\.") < depth
    leaf = workers["region"].str.split(".").str[:depth].str.join(".")
    workers = (
        workers.assign(region=leaf)
        .groupby(["region", "segment"], as_index=False, sort=True)[["eligible", "extreme_poor"]]
        .sum()
    )
    sources = ("apbd_provinsi", "apbd_kabkota") if level == "kabkota" else ("apbd_provinsi",)
    budgets = budgets[budgets["source"].isin(sources)].reset_index(drop=True)
    return scenario, Tables(regions=reg[keep], workers=workers, budgets=budgets)


def single_stage(scenario: Scenario) -> Scenario:
    """The scenario with one stage (extreme poor): the LP the floor and the field solve."""
    policy = scenario.policy.model_copy(update={"priorities": ["extreme_poor"]})
    return scenario.model_copy(update={"policy": policy})


def _rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _highs_whole(scenario: Scenario, tables: Tables) -> dict[str, float]:
    f = build_staged(scenario, tables)
    gc.collect()
    start_mb = _rss_mb()
    t0 = time.perf_counter()
    h = highs_model(f)
    h.setOptionValue("solver", _stage_method(0, None, f.shape[1])[0])
    h.run()
    lp_seconds = time.perf_counter() - t0
    objective = -float(h.getInfo().objective_function_value)
    # the allocation ours returns: the most even point of the optimal face
    even_optimum(h, f, OptimalFace(f), f.stages[0], f.col_up, None)
    seconds = time.perf_counter() - t0
    return {
        "seconds": seconds,
        "lp_s": lp_seconds,
        "objective": objective,
        "rows": f.shape[0],
        "columns": f.shape[1],
        "peak_mb": _peak_mb() - start_mb,
    }


def run_ours(level: str, scale: float, years: int) -> dict[str, float]:
    """End to end, as a planner's run does it."""
    scenario, tables = village_instance(scale, years, level=level)
    scenario = single_stage(scenario)
    gc.collect()
    start_mb = _rss_mb()
    t0 = time.perf_counter()
    a = solve_tables(scenario, tables)
    seconds = time.perf_counter() - t0
    p = a.provenance
    return {
        "seconds": seconds,
        "build_s": p.build_seconds,
        "solve_s": p.solve_seconds,
        "extract_s": p.extract_seconds,
        "objective": a.objective,
        "rows": p.rows,
        "columns": p.columns,
        "blocks": p.blocks,
        "peak_mb": _peak_mb() - start_mb,
    }


def run_floor(level: str, scale: float, years: int) -> dict[str, float]:
    """The reduced (pooled) LP, ready as arrays, one HiGHS run."""
    scenario, tables = village_instance(scale, years, level=level)
    pooled = pool_segments(single_stage(scenario), tables)
    assert pooled is not None
    return _highs_whole(*pooled)


def run_unreduced(level: str, scale: float, years: int) -> dict[str, float]:
    """The LP before pooling, ready as arrays, one HiGHS run."""
    scenario, tables = village_instance(scale, years, level=level)
    return _highs_whole(single_stage(scenario), tables)


def run_field(level: str, scale: float, years: int, tool: str) -> dict[str, float]:
    """linopy or PuLP on the reduced LP (benchmarks/field_builders.py)."""
    from field_builders import field_runs

    scenario, tables = village_instance(scale, years, level=level)
    return field_runs(single_stage(scenario), tables)[tool]


def _fresh(fn: Callable[..., dict[str, float]], *args: Any) -> dict[str, float]:
    """``fn(*args)`` in a fresh process, so that its peak memory is its own."""
    with ProcessPoolExecutor(1, mp_context=get_context("spawn")) as pool:
        return pool.submit(fn, *args).result()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="the three smallest sizes, one year")
    ap.add_argument("--only", action="append", help="a size by name (repeatable)")
    ap.add_argument("--years", type=int, action="append", help="1 and 5 by default")
    ap.add_argument("--repeats", type=int, default=1)
    ap.add_argument("--unreduced-max", type=int, default=1_000_000)
    ap.add_argument("--field-max", type=int, default=300_000)
    args = ap.parse_args()
    names = args.only or (list(SIZES)[:3] if args.quick else list(SIZES))
    years_list = args.years or ([1] if args.quick else [1, 5])
    load = os.getloadavg()
    rows: list[dict[str, Any]] = []
    med = statistics.median
    for years in years_list:
        for name in names:
            level, scale = SIZES[name]
            ours = [_fresh(run_ours, level, scale, years) for _ in range(args.repeats)]
            floor = [_fresh(run_floor, level, scale, years) for _ in range(args.repeats)]
            o, fl = ours[0], floor[0]
            assert abs(o["objective"] - fl["objective"]) <= 1e-6 * max(1.0, abs(fl["objective"]))
            row: dict[str, Any] = {
                "size": name,
                "years": years,
                "rows": o["rows"],
                "columns": o["columns"],
                "blocks": o["blocks"],
                "ours_s": med(r["seconds"] for r in ours),
                "build_s": med(r["build_s"] for r in ours),
                "solve_s": med(r["solve_s"] for r in ours),
                "extract_s": med(r["extract_s"] for r in ours),
                "ours_peak_mb": max(r["peak_mb"] for r in ours),
                "floor_s": med(r["seconds"] for r in floor),
                "floor_lp_s": med(r["lp_s"] for r in floor),
                "floor_peak_mb": max(r["peak_mb"] for r in floor),
            }
            row["ratio"] = row["ours_s"] / row["floor_s"]
            if 4 * o["columns"] <= args.unreduced_max:
                un = _fresh(run_unreduced, level, scale, years)
                row.update(unreduced_s=un["seconds"], unreduced_columns=un["columns"])
                row["unreduced_peak_mb"] = un["peak_mb"]
            for tool in ("linopy", "pulp"):
                if o["columns"] <= args.field_max:
                    try:
                        r = _fresh(run_field, level, scale, years, tool)
                    except ImportError as exc:
                        row[f"{tool}_skipped"] = str(exc)
                        continue
                    for k in ("build_s", "solve_s", "extract_s", "peak_mb"):
                        row[f"{tool}_{k}"] = r[k]
                    row[f"{tool}_s"] = r["build_s"] + r["solve_s"] + r["extract_s"]
            rows.append(row)
            print(_line(row), flush=True)
    print(
        json.dumps(
            {
                "benchmark": "allocate_sizes",
                "ratio": max(r["ratio"] for r in rows),
                "target": TARGET,
                "load": [round(x, 2) for x in load],
                "load_after": [round(x, 2) for x in os.getloadavg()],
                "sizes": rows,
            }
        )
    )


def _line(r: dict[str, Any]) -> str:
    field = "; ".join(
        f"{tool} {r[tool + '_s']:.2f} s ({r[tool + '_build_s']:.2f} build)"
        for tool in ("linopy", "pulp")
        if tool + "_s" in r
    )
    unreduced = f"; unreduced {r['unreduced_s']:.2f} s" if "unreduced_s" in r else ""
    return (
        f"{r['size']} × {r['years']} y: {r['rows']:,} × {r['columns']:,}, {r['blocks']} blocks; "
        f"ours {r['ours_s']:.2f} s (build {r['build_s']:.2f} + solve {r['solve_s']:.2f} + "
        f"extract {r['extract_s']:.2f}), {r['ours_peak_mb']:,.0f} MB; floor {r['floor_s']:.2f} s "
        f"(LP {r['floor_lp_s']:.2f}), "
        f"{r['floor_peak_mb']:,.0f} MB; ratio {r['ratio']:.2f}{unreduced}"
        + (f"; {field}" if field else "")
    )


if __name__ == "__main__":
    main()
