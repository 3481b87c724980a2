"""Throughput of the poverty projection: SimPy engine vs vectorised reference vs one SimPy
process per worker, and peak memory at 10^6 workers × 120 months (both arms).

Run from the repository root: ``python benchmarks/bench_simulate.py`` (a few minutes on
2 cores) or ``--quick`` (seconds). Figures are medians of ``--repeats`` runs, measured side
by side in this process. The last line printed is JSON with benchmark, ratio, target.
Beside the figures it reports the median seconds behind every rate, the wall time of the
whole run, and a SHA-256 of each engine's output (arms and events, taken outside the timed
region), so the two engines can be seen to have done the same work.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import resource
import statistics
import sys
import time
from collections.abc import Generator
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import simpy

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ucj_opt.simulation import SimulationInputs, run_replication
from ucj_opt.simulation.state import ReplicationState

SEGMENTS = 4


def make_inputs(workers: int, regions: int, months: int) -> SimulationInputs:
    """``workers`` spread over ``regions`` × 4 segments, default-like rates."""
    g = regions * SEGMENTS
    n = np.full(g, workers // g, dtype=np.int64)
    n[: workers - int(n.sum())] += 1
    years = -(-months // 12)
    ones = np.ones(g)
    return SimulationInputs(
        region=tuple(f"{i // SEGMENTS:03d}" for i in range(g)),
        segment=tuple(("farmer", "fisher", "informal", "other")[i % SEGMENTS] for i in range(g)),
        region_key=np.arange(g, dtype=np.int64) // SEGMENTS,
        segment_key=np.arange(g, dtype=np.int64) % SEGMENTS,
        n_workers=n,
        weight=ones * 10.0,
        poverty_rate=np.linspace(0.04, 0.30, g),
        extreme_rate=np.linspace(0.004, 0.06, g),
        accident_rate=np.tile([0.010, 0.020, 0.008, 0.008], regions),
        nonwork_death_rate=ones * 0.004,
        livelihood_rate=ones * 0.10,
        coverage=np.full((years, g), 0.5),
        coverage_extreme=np.full((years, g), 0.8),
        months=months,
    )


def per_worker_design(inputs: SimulationInputs, seed: np.random.SeedSequence) -> None:
    """The design to beat: one SimPy process per worker, scalar updates, both arms."""
    state = ReplicationState(inputs, seed)  # same population and keyed draws
    env = simpy.Environment()
    pop, hh = state.pop, inputs.household
    c_acc, c_death, c_all = state.c_acc.tolist(), state.c_death.tolist(), state.c_all.tolist()
    uniforms: list[list[float]] = []

    def year_draws() -> Generator[Any, Any, None]:
        for year in range(inputs.years):
            state.draws_for_year(year)
            uniforms[:] = state._u_event.tolist()
            yield env.timeout(12)

    def worker(i: int) -> Generator[Any, Any, None]:
        yield env.timeout(0.5)
        alive, size, factor, until = True, int(pop.size[i]), 1.0, 0
        need_pc = float(pop.consumption_pc[i])
        covered = bool(state.enrolled[1, i])
        sav = [float(pop.savings[i])] * 2
        debt = [0.0, 0.0]
        limit = float(state.debt_limit[i])
        for month in range(inputs.months):
            u = uniforms[month % 12][i]
            oop = 0.0
            if alive and u < c_all[i]:
                if u < c_acc[i]:
                    oop = 750_000.0
                    until = month + 2
                elif u < c_death[i]:
                    alive, size = False, size - 1
                    sav[1] += 42e6 if covered else 0.0
                else:
                    factor = 0.5
            working = 1.0 if month >= until and alive else 0.0
            earned = float(pop.other_income[i]) + float(pop.worker_income[i]) * factor * working
            for arm in (0, 1):
                cash = earned - (0.0 if arm and covered else oop) - 0.1 * debt[arm]
                debt[arm] *= 0.9
                need = need_pc * size
                c = max(min(need, cash + sav[arm] + max(limit - debt[arm], 0.0)), 0.0)
                drawn = c - cash
                s = min(max(drawn, 0.0), sav[arm])
                sav[arm] -= s
                debt[arm] += max(drawn - s, 0.0)
                _ = size > 0 and c / size < hh.poverty_line
            yield env.timeout(1)

    env.process(year_draws())
    for i in range(len(pop.group)):
        env.process(worker(i))
    env.run(until=inputs.months)


def _digest(result: Any) -> str | None:
    """SHA-256 of a replication's arms and events (None for designs that return nothing)."""
    if result is None:
        return None
    h = hashlib.sha256()
    h.update(np.ascontiguousarray(result.arms).data)
    h.update(np.ascontiguousarray(result.events).data)
    return h.hexdigest()


def _median_times(fns: list[Any], repeats: int) -> tuple[list[float], list[str | None]]:
    """Median seconds of each function, run in turn within every repeat (side by side),
    and the digest of what each returned ('differs' if the repeats disagree)."""
    times: list[list[float]] = [[] for _ in fns]
    digests: list[set[str | None]] = [set() for _ in fns]
    for _ in range(repeats):
        for k, fn in enumerate(fns):
            t0 = time.perf_counter()
            out = fn()
            times[k].append(time.perf_counter() - t0)
            digests[k].add(_digest(out))  # outside the timed region; the result is dropped
            del out
    return (
        [statistics.median(t) for t in times],
        [d.pop() if len(d) == 1 else "differs" for d in digests],
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes, to check it runs")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    start = time.perf_counter()
    months = 24 if args.quick else 120
    sizes = (
        [(4_000, 2), (8_000, 38)]
        if args.quick
        else [(100_000, 38), (100_000, 514), (1_000_000, 38), (1_000_000, 514)]
    )
    seed = np.random.SeedSequence(2026)
    rows: list[dict[str, Any]] = []
    for workers, regions in sizes:
        inp = make_inputs(workers, regions, months)
        (tv, ts), (dv, ds) = _median_times(
            [
                partial(run_replication, inp, seed, engine="vector"),
                partial(run_replication, inp, seed, engine="simpy"),
            ],
            args.repeats,
        )
        wm = workers * months
        row: dict[str, Any] = {
            "workers": workers,
            "regions": regions,
            "months": months,
            "vector_wm_per_s": wm / tv,
            "simpy_wm_per_s": wm / ts,
            "simpy_vs_vector": tv / ts,
            "vector_s": tv,
            "simpy_s": ts,
            "vector_sha256": dv,
            "simpy_sha256": ds,
        }
        rows.append(row)
        print(json.dumps(row))
    small = make_inputs(1_000 if args.quick else 20_000, 2, 24)
    small_wm = int(small.n_workers.sum()) * small.months
    (tp, tsm), _ = _median_times(
        [partial(per_worker_design, small, seed), partial(run_replication, small, seed)],
        args.repeats,
    )
    per_worker: dict[str, Any] = {
        "workers": int(small.n_workers.sum()),
        "months": small.months,
        "per_worker_wm_per_s": small_wm / tp,
        "simpy_wm_per_s": small_wm / tsm,
        "simpy_vs_per_worker": tp / tsm,
        "per_worker_s": tp,
        "simpy_s": tsm,
    }
    print(json.dumps(per_worker))
    peak_gb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2
    ratio = min(r["simpy_vs_vector"] for r in rows)
    result = {
        "benchmark": "simulate",
        "ratio": ratio,
        "target": 0.5,
        "ratio_note": "SimPy engine / vectorised reference throughput, worst size",
        "simpy_vs_per_worker": per_worker["simpy_vs_per_worker"],
        "simpy_vs_per_worker_target": 20.0,
        "peak_rss_gb": peak_gb,
        "peak_rss_target_gb": 16.0,
        "largest_workers": max(r["workers"] for r in rows),
        "sizes": rows,
        "per_worker": per_worker,
        "repeats": args.repeats,
        "total_s": time.perf_counter() - start,
        "passed": bool(ratio >= 0.5 and per_worker["simpy_vs_per_worker"] >= 20 and peak_gb <= 16),
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
