"""The staged objective (extreme poor, poor, all workers, fair share, pool split; each
optimum held) against a single-stage solve (extreme poor only) of the same village-scale
LP (one year, or ``--years``): end-to-end ``solve_tables`` both, same instance, same run.

The instance is :func:`bench_allocate.village_instance` (the real per-province counts of
desa/kelurahan, 83,762 leaves × 4 segments at scale 1; synthetic seeded workers and
budgets). Run from the repository root: ``python benchmarks/bench_staged.py`` (minutes on
2 cores) or ``--quick`` (1% of the villages). The last line printed is JSON with
benchmark, ratio (staged / single stage) and target.
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
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_allocate import village_instance

from ucj_opt.allocate import solve_tables
from ucj_opt.scenario.model import Scenario

TARGET = 2.0


def _with_priorities(scenario: Scenario, priorities: list[str]) -> Scenario:
    policy = scenario.policy.model_copy(update={"priorities": priorities})
    return scenario.model_copy(update={"policy": policy})


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="1% of the villages")
    ap.add_argument("--scale", type=float, default=1.0, help="share of the villages generated")
    ap.add_argument("--years", type=int, default=1, help="linked years (the target is for 1)")
    ap.add_argument("--repeats", type=int, default=1)
    args = ap.parse_args()
    scale = 0.01 if args.quick else args.scale
    load = os.getloadavg()
    t0 = time.perf_counter()
    base_scenario, tables = village_instance(scale, args.years)
    gen = time.perf_counter() - t0
    single = _with_priorities(base_scenario, ["extreme_poor"])
    staged = base_scenario  # the default priorities
    times: dict[str, list[float]] = {"single": [], "staged": []}
    detail: dict[str, dict[str, float]] = {}
    for _ in range(args.repeats):
        for name, scenario in (("single", single), ("staged", staged)):
            gc.collect()
            t0 = time.perf_counter()
            a = solve_tables(scenario, tables)
            times[name].append(time.perf_counter() - t0)
            detail[name] = {
                "build_s": a.provenance.build_seconds,
                "solve_s": a.provenance.solve_seconds,
                "extract_s": a.provenance.extract_seconds,
                "objective": a.objective,
                "rows": a.provenance.rows,
                "columns": a.provenance.columns,
                "stages": len(a.stages),
            }
            del a
    med = statistics.median
    one, many = med(times["single"]), med(times["staged"])
    gap = abs(detail["staged"]["objective"] - detail["single"]["objective"])
    assert gap <= 1e-6 * max(1.0, abs(detail["single"]["objective"])), "stage 1 optima differ"
    leaves = int(tables.workers["region"].nunique())
    print(f"{leaves:,} leaves × 4 segments × {args.years} year(s) (generated in {gen:.1f} s)")
    for name in ("single", "staged"):
        d = detail[name]
        print(
            f"{name}: {d['stages']:.0f} stage(s), {d['rows']:,.0f} rows × {d['columns']:,.0f} "
            f"columns; build {d['build_s']:.2f} s + solve {d['solve_s']:.2f} s + extract "
            f"{d['extract_s']:.2f} s = {med(times[name]):.2f} s end to end"
        )
    print(
        json.dumps(
            {
                "benchmark": "allocate_staged_village",
                "ratio": many / one,
                "target": TARGET,
                "leaves": leaves,
                "years": args.years,
                "single_s": one,
                "staged_s": many,
                "single_build_s": detail["single"]["build_s"],
                "single_solve_s": detail["single"]["solve_s"],
                "staged_build_s": detail["staged"]["build_s"],
                "staged_solve_s": detail["staged"]["solve_s"],
                "staged_extract_s": detail["staged"]["extract_s"],
                "peak_mb": _peak_mb(),
                "repeats": args.repeats,
                "load": [round(x, 2) for x in load],
                "load_after": [round(x, 2) for x in os.getloadavg()],
            }
        )
    )


if __name__ == "__main__":
    main()
