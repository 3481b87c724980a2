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

from ucj_opt.projection.examples import example_study
from ucj_opt.projection.inputs import build_inputs
from ucj_opt.simulation import SimulationInputs, run_replication
from ucj_opt.simulation.state import ReplicationState

SEGMENTS = ("farmer", "fisher", "informal", "other")


def make_inputs(workers: int, regions: int, months: int) -> SimulationInputs:
    """About ``workers`` eligible workers in their households, over ``regions`` provinces
    × 4 segments (example provinces of 10 million people; default rates), half covered."""
    study = example_study(
        regions,
        eligible=400_000,
        extreme_poor=40_000,
        segments=SEGMENTS,
        years=-(-months // 12),
        population=10_000_000,
        simulation={"baseline": "without_shocks"},
    )
    per_group = max(1, round(workers / (regions * len(SEGMENTS) * 2 * 1.15)))
    return build_inputs(study, 0.5, years=-(-months // 12), households_per_group=per_group)


def per_worker_design(inputs: SimulationInputs, seed: np.random.SeedSequence) -> None:
    """The design to beat: one SimPy process per household, scalar updates, both arms."""
    state = ReplicationState(inputs, seed)  # same population and keyed draws
    env = simpy.Environment()
    pop, hh, dyn = state.pop, inputs.household, inputs.dynamics
    rho = dyn.persistence_per_year ** (1 / 12)
    uniforms: list[list[float]] = []
    normals: list[list[float]] = []

    def year_draws() -> Generator[Any, Any, None]:
        for year in range(inputs.years):
            state.start_year(year)
            uniforms[:] = state._u_event.tolist()
            normals[:] = state._xi.tolist()
            yield env.timeout(12)

    def household(h: int) -> Generator[Any, Any, None]:
        yield env.timeout(0.5)
        first, last = int(pop.first_worker[h]), int(pop.first_worker[h + 1])
        workers = list(range(first, last))
        c_acc = [float(state.c_acc[w]) for w in workers]
        c_death = [float(state.c_death[w]) for w in workers]
        c_all = [float(state.c_all[w]) for w in workers]
        covered = [bool(state.covered[1, w]) for w in workers]
        alive = [True] * len(workers)
        until = [0] * len(workers)
        z, mu, sigma = float(state.z[h]), float(state.mu[h]), float(state.sigma[h])
        size0, size, share, k = (
            float(state.size0[h]),
            int(pop.size[h]),
            float(state.share[h]),
            float(state.k[h]),
        )
        sav = [float(state.savings[0, h])] * 2
        debt = [0.0, 0.0]
        fund = [0.0, 0.0]
        limit = float(state.debt_limit[h])
        for month in range(inputs.months):
            if month:
                z = rho * z + (1 - rho * rho) ** 0.5 * normals[month % 12][h]
            latent = np.exp(mu + sigma * z + dyn.growth_per_year * month / 12) * size0
            oop, lump = 0.0, 0.0
            for j, w in enumerate(workers):
                u = uniforms[month % 12][w]
                if alive[j] and u < c_all[j]:
                    if u < c_acc[j]:
                        oop += 750_000.0
                        until[j] = month + 2
                    elif u < c_death[j]:
                        alive[j], size = False, size - 1
                        lump += 42e6 if covered[j] else 0.0
            now = sum(1.0 for j in range(len(workers)) if alive[j] and month >= until[j])
            usual = sum(1.0 for j in range(len(workers)) if alive[j])
            income = latent * (1 - share + share * now / k)
            aim = latent * (1 - share + share * usual / k)
            for arm in (0, 1):
                got = lump if arm else 0.0
                repaid = min(debt[arm], got)
                debt[arm] -= repaid
                fund[arm] += got - repaid
                spend = fund[arm] / hh.lump_sum_spread_months
                fund[arm] -= spend
                service = hh.debt_service_share * debt[arm]
                debt[arm] -= service
                cash = income - (0.0 if arm else oop) + spend - service
                short = max(aim + spend - cash, 0.0)
                s = min(short, sav[arm])
                sav[arm] -= s
                d = min(short - s, max(limit - debt[arm], 0.0))
                debt[arm] += d
                c = aim + spend - (short - s - d)
                _ = size > 0 and c / size < hh.poverty_line
            yield env.timeout(1)

    env.process(year_draws())
    for h in range(state.n_households):
        env.process(household(h))
    env.run(until=inputs.months)


def _workers(inputs: SimulationInputs) -> int:
    """Eligible workers simulated (households × workers per household)."""
    return round(float((inputs.n_households * inputs.workers_per_household).sum()))


def _digest(result: Any) -> str | None:
    """SHA-256 of a replication's arms and events (None for designs that return nothing)."""
    if result is None:
        return None
    h = hashlib.sha256()
    h.update(np.ascontiguousarray(result.arms).data)
    h.update(np.ascontiguousarray(result.monthly).data)
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
        simulated = _workers(inp)
        wm = simulated * months
        row: dict[str, Any] = {
            "workers": simulated,
            "households": int(inp.n_households.sum()),
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
    small_wm = _workers(small) * small.months
    (tp, tsm), _ = _median_times(
        [partial(per_worker_design, small, seed), partial(run_replication, small, seed)],
        args.repeats,
    )
    per_worker: dict[str, Any] = {
        "workers": _workers(small),
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
