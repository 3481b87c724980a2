"""The coupled loop: parallel efficiency of the re-solving Monte Carlo design, and the cost
of the projection → estimates → allocation loop against one projection.

1. Re-solving design: the national default with the budget envelope and two simulation
   figures uncertain, so every design point solves its own allocation LP (HiGHS) before
   its replications. ``ucj_opt.run_montecarlo`` runs it serially, on 2 spawned processes
   and on a Dask LocalCluster of 2 workers on 127.0.0.1, side by side, each on cold
   caches; results are checked equal bit for bit. Efficiency = serial time / (2 ×
   parallel time). Pools and clusters are started (and timed) apart, as a notebook or a
   long run reuses them.
2. The coupled loop (``allocate_for_poverty_averted``) on the national default: its
   iterations, the last share of enrolment moved, and its time over the time of one
   projection of the same size (``averted_by_group`` of the max-extreme-poor allocation).

Run from the repository root: ``python benchmarks/bench_coupled.py`` (a few minutes) or
``--quick``. The last line printed is JSON (benchmark, ratio, target, stage times, peak
memory).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import multiprocessing
import resource
import signal
import statistics
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import ucj_opt
from ucj_opt.montecarlo.executors import dask_client
from ucj_opt.pipeline.averted import allocate_for_poverty_averted, averted_by_group
from ucj_opt.pipeline.mc_task import clear_caches

WORKERS = 2
UNCERTAIN = (
    "uncertainty.parameters=["
    "{path: budget_scale, distribution: {kind: triangular, low: 0.8, mode: 1.0, high: 1.2}},"
    "{path: simulation.claim_take_up.value, distribution: {kind: uniform, low: 0.4, high: 0.9}},"
    "{path: simulation.mortality_scale.value,"
    " distribution: {kind: triangular, low: 0.9, mode: 1.0, high: 1.2}}]"
)


def _clear_everywhere(pool: ProcessPoolExecutor, client: Any) -> None:
    clear_caches()
    list(pool.map(_clear, range(WORKERS)))
    client.run(clear_caches)


def _clear(_: int) -> None:
    clear_caches()


def _timed(study: ucj_opt.Study, store: Path, **kw: Any) -> tuple[float, pd.DataFrame]:
    t = time.perf_counter()
    res = ucj_opt.run_montecarlo(study, store=store, **kw)
    return time.perf_counter() - t, res.results


def resolving(tmp: Path, study: ucj_opt.Study, samples: int, reps: int, repeats: int) -> dict:
    kw: dict[str, Any] = {
        "design": "lhs",
        "samples": samples,
        "replications": reps,
        "batch": reps,
        "seed": 11,
        "households_per_group": study.scenario.simulation.households_per_group,
    }
    ctx = multiprocessing.get_context("spawn")
    t0 = time.perf_counter()
    pool = ProcessPoolExecutor(WORKERS, mp_context=ctx)
    warm = {**kw, "samples": WORKERS, "replications": 1, "batch": 1, "seed": 99}
    _timed(study, tmp / "warm-p", executor="processes", workers=WORKERS, pool=pool, **warm)
    start_processes = time.perf_counter() - t0
    t0 = time.perf_counter()
    stack = contextlib.ExitStack()
    client = stack.enter_context(dask_client(None, WORKERS))
    _timed(study, tmp / "warm-d", executor="dask", client=client, **warm)
    start_dask = time.perf_counter() - t0
    times: dict[str, list[float]] = {"serial": [], "processes": [], "dask": []}
    try:
        for i in range(repeats):
            _clear_everywhere(pool, client)
            ts, ref = _timed(study, tmp / f"s{i}", **kw)
            _clear_everywhere(pool, client)
            tp, rp = _timed(
                study, tmp / f"p{i}", executor="processes", workers=WORKERS, pool=pool, **kw
            )
            _clear_everywhere(pool, client)
            td, rd = _timed(study, tmp / f"d{i}", executor="dask", client=client, **kw)
            pd.testing.assert_frame_equal(ref, rp, check_exact=True)
            pd.testing.assert_frame_equal(ref, rd, check_exact=True)
            for k, v in (("serial", ts), ("processes", tp), ("dask", td)):
                times[k].append(v)
            print(f"repeat {i}: serial {ts:.2f}s processes {tp:.2f}s dask {td:.2f}s", flush=True)
    finally:
        stack.close()
        pool.shutdown()
    s = times["serial"]
    return {
        "serial_s": statistics.median(s),
        "processes_s": statistics.median(times["processes"]),
        "dask_s": statistics.median(times["dask"]),
        "efficiency_processes": statistics.median(
            a / (WORKERS * b) for a, b in zip(s, times["processes"], strict=True)
        ),
        "efficiency_dask": statistics.median(
            a / (WORKERS * b) for a, b in zip(s, times["dask"], strict=True)
        ),
        "startup_processes_s": start_processes,
        "startup_dask_s": start_dask,
        "points": samples,
        "replications_per_point": reps,
    }


def coupled(study: ucj_opt.Study, reps: int) -> dict[str, Any]:
    table = ucj_opt.solve(study).table
    t0 = time.perf_counter()
    averted_by_group(study, table, replications=reps)
    one = time.perf_counter() - t0
    run = allocate_for_poverty_averted(study, replications=reps)
    return {
        "projection_s": one,
        "loop_s": run.seconds,
        "loop_cost_ratio": run.seconds / one,
        "loop_iterations": run.iterations,
        "loop_projections": run.projections,
        "loop_changes": list(run.changes),
        "loop_gains": [list(g) for g in run.gains],
        "loop_converged": run.converged,
        "loop_stopped_by": run.stopped_by,
        "loop_replications": reps,
    }


def _stop(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)  # run the finally blocks: close pools and the cluster


def main() -> None:
    signal.signal(signal.SIGTERM, _stop)
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--quick", action="store_true", help="a small size, about a minute")
    ap.add_argument("--repeats", type=int, default=1)
    ap.add_argument("--loop-only", action="store_true", help="only the coupled loop (part 2)")
    args = ap.parse_args()
    households, samples, reps, loop_reps = (10, 2, 1, 2) if args.quick else (60, 8, 3, 4)
    sets = [UNCERTAIN, f"simulation.households_per_group={households}"]
    if args.quick:
        sets.append("horizon.years=1")
    study = ucj_opt.load_scenario("embedded:national", sets=sets)
    start = time.perf_counter()
    out: dict[str, Any] = {}
    if not args.loop_only:
        with tempfile.TemporaryDirectory() as tmp:
            out = resolving(Path(tmp), study, samples, reps, 1 if args.quick else args.repeats)
    out.update(coupled(study, loop_reps))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out.update(
        benchmark="coupled",
        ratio=out.get("efficiency_processes", out["loop_cost_ratio"]),
        target=0.85 if "efficiency_processes" in out else 3.0,
        targets={
            "efficiency_processes": 0.85,
            "efficiency_dask": 0.75,
            "loop_iterations": 5,
            "loop_cost_ratio": 3.0,
        },
        workers=WORKERS,
        households_per_group=households,
        cpu_count=multiprocessing.cpu_count(),
        peak_memory_mb=peak_mb,
        total_s=time.perf_counter() - start,
        quick=args.quick,
    )
    print(json.dumps(out))


if __name__ == "__main__":
    main()
