"""End-to-end allocation (build + solve + extract) against the same LP handed to highspy
as ready CSR arrays, at village level: every desa/kelurahan of the real per-province
counts (83,762 in Kepmendagri 300.2.2-2138/2025) × 4 segments, one or five years.

Workers and budgets are synthetic (seeded); the region structure is real. The baseline
is stricter than "built as CSR arrays": it gets the finished arrays for free and times
only passModel + run. Run from the repository root: ``python benchmarks/bench_allocate.py``
(minutes on 2 cores; ``--years 5`` for the five-year instance) or ``--quick`` (seconds).
The last line printed is JSON with benchmark, ratio, target.
"""

from __future__ import annotations

import argparse
import gc
import json
import resource
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ucj_opt.allocate import build, solve_tables
from ucj_opt.allocate.backends import highs_model
from ucj_opt.data import provinces
from ucj_opt.scenario.model import Scenario
from ucj_opt.scenario.tables import Tables

TARGET = 1.3
SEGMENTS = ("farmer", "fisher", "informal", "other")
PREMIUM = 201_600.0


def village_instance(scale: float, years: int, seed: int = 2026) -> tuple[Scenario, Tables]:
    """Provinces → kabupaten/kota → desa/kelurahan on the real counts (× ``scale``)."""
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


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _baseline(scenario: Scenario, tables: Tables) -> tuple[float, float]:
    f = build(scenario, tables)
    gc.collect()
    t0 = time.perf_counter()
    h = highs_model(f)
    h.run()
    seconds = time.perf_counter() - t0
    return seconds, float(h.getInfo().objective_function_value)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="1% of the villages, one year")
    ap.add_argument("--scale", type=float, default=1.0, help="share of the villages generated")
    ap.add_argument("--years", type=int, default=1)
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    scale, years = (0.01, 1) if args.quick else (args.scale, args.years)
    t0 = time.perf_counter()
    scenario, tables = village_instance(scale, years)
    gen = time.perf_counter() - t0
    ours, base, builds, solves, extracts = [], [], [], [], []
    ours_peak_mb = 0.0
    for _ in range(args.repeats):
        gc.collect()
        t0 = time.perf_counter()
        a = solve_tables(scenario, tables)
        ours.append(time.perf_counter() - t0)
        builds.append(a.provenance.build_seconds)
        solves.append(a.provenance.solve_seconds)
        extracts.append(a.provenance.extract_seconds)
        ours_peak_mb = max(ours_peak_mb, _peak_mb())  # before the baseline runs
        summary = (a.objective, a.provenance.rows, a.provenance.columns)
        reductions = {
            "province_blocks": a.provenance.blocks,
            "segments_pooled": a.provenance.segments_pooled,
        }
        del a
        seconds, objective = _baseline(scenario, tables)
        base.append(seconds)
        assert abs(-objective - summary[0]) <= 1e-6 * max(1.0, abs(summary[0])), "optima differ"
    med = statistics.median
    peak_mb = _peak_mb()
    leaves = int(tables.workers["region"].nunique())
    print(
        f"{leaves:,} leaves × {len(SEGMENTS)} segments × {years} years: "
        f"{summary[1]:,} rows × {summary[2]:,} columns (generated in {gen:.1f} s)"
    )
    print(
        f"ours: build {med(builds):.2f} s + solve {med(solves):.2f} s + extract {med(extracts):.2f} s"
        f" = {med(ours):.2f} s; highspy on ready arrays {med(base):.2f} s; "
        f"peak {ours_peak_mb:,.0f} MB (whole process {peak_mb:,.0f} MB)"
    )
    print(
        json.dumps(
            {
                "benchmark": "allocate_village",
                "ratio": med(ours) / med(base),
                "target": TARGET,
                "leaves": leaves,
                "years": years,
                "columns": summary[2],
                "rows": summary[1],
                "build_s": med(builds),
                "solve_s": med(solves),
                "extract_s": med(extracts),
                "end_to_end_s": med(ours),
                "baseline_s": med(base),
                "peak_mb": ours_peak_mb,
                "process_peak_mb": peak_mb,
                "peak_target_mb": 2048,
                "repeats": args.repeats,
                **reductions,
            }
        )
    )


if __name__ == "__main__":
    main()
