"""The whole country 1:1: every uncovered eligible worker of the national default (27
million) in their households, both arms, ten years, on both cores, in chunks of groups.

Beside it, in the same run, a numpy monthly-loop floor: the least a month can cost in
numpy for the same households and workers (one AR(1) income step, one uniform per worker
compared with a hazard, a poverty count per group), measured on one chunk on one core.
The ratio is the floor's worker-months per second over ours per core: how far the model
is from the cheapest loop numpy can run. Targets: under 300 s and 16 GB for the whole
country (``--share 1``). ``--share 0.05`` runs 5% of the households of every group (same
groups, scaled weights) in about 20 s: its 1.0 million households are one chunk on one
process (``--chunk 75000`` gives the 1:1 run's 15 chunks, but then each fresh process's
start-up outweighs the months). The last line printed is JSON.
Run from the repository root: ``python benchmarks/bench_national.py [--share S]``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import psutil

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ucj_opt import load_scenario
from ucj_opt.projection.inputs import build_inputs
from ucj_opt.simulation import SimulationInputs, run_in_chunks
from ucj_opt.simulation.chunks import chunks_of

TARGET_SECONDS = 300.0
TARGET_GB = 16.0


def national_inputs(share: float, years: int) -> SimulationInputs:
    """The national default with ``share`` of its real households simulated (1 = 1:1)."""
    study = load_scenario("embedded:national", sets=["simulation.baseline=without_shocks"])
    inputs = build_inputs(study, 0.5, years=years, households_per_group=10**9)
    real = inputs.n_households * inputs.weight
    n = np.maximum(1, np.ceil(inputs.n_households * share)).astype(np.int64)
    return replace(inputs, n_households=n, weight=real / n)


class TreeMemory:
    """Peak resident memory of this process and all its children together, sampled
    every 0.2 s in a thread (``ru_maxrss`` gives only the largest single process)."""

    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def _watch(self) -> None:
        me = psutil.Process()
        while not self._stop.wait(0.2):
            total = 0
            for proc in [me, *me.children(recursive=True)]:
                with contextlib.suppress(psutil.Error):
                    total += proc.memory_info().rss
            self.peak = max(self.peak, total)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


def workers_of(inputs: SimulationInputs) -> float:
    return float((inputs.n_households * inputs.workers_per_household).sum())


def numpy_floor(inputs: SimulationInputs, months: int) -> float:
    """Worker-months per second of the cheapest numpy month on these households."""
    rng = np.random.default_rng(0)
    h = int(inputs.n_households.sum())
    k = np.maximum(np.rint(inputs.workers_per_household), 1).astype(np.int64)
    group = np.repeat(np.arange(inputs.n_groups), inputs.n_households)
    per_house = k[group]
    n = int(per_house.sum())
    house = np.repeat(np.arange(h), per_house)
    z = rng.standard_normal(h)
    mu, sigma = inputs.income_mu[group], inputs.income_sigma[group]
    hazard = np.full(n, 0.001)
    alive = np.ones(n, dtype=bool)
    line = inputs.household.poverty_line
    rho = 0.99
    t0 = time.perf_counter()
    for _ in range(months):
        z *= rho
        z += np.sqrt(1 - rho * rho) * rng.standard_normal(h)
        alive &= rng.random(n) >= hazard
        working = np.bincount(house, weights=alive, minlength=h)
        income = np.exp(mu + sigma * z) * (0.5 + 0.5 * working / per_house)
        np.bincount(group, weights=income < line, minlength=inputs.n_groups)
    return n * months / (time.perf_counter() - t0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--share", type=float, default=1.0, help="share of real households")
    ap.add_argument("--years", type=int, default=10)
    ap.add_argument("--workers", type=int, default=2, help="processes")
    ap.add_argument("--chunk", type=int, default=1_500_000, help="households per chunk")
    ap.add_argument("--engine", choices=("simpy", "vector"), default="simpy")
    args = ap.parse_args()
    load0 = os.getloadavg()[0]
    t0 = time.perf_counter()
    inputs = national_inputs(args.share, args.years)
    setup = time.perf_counter() - t0
    chunks = chunks_of(inputs, args.chunk)
    workers, households = workers_of(inputs), int(inputs.n_households.sum())
    t0 = time.perf_counter()
    with TreeMemory() as memory:
        result = run_in_chunks(
            inputs,
            np.random.SeedSequence(2026, spawn_key=(0,)),
            engine=args.engine,
            max_households=args.chunk,
            workers=args.workers,
        )
    seconds = time.perf_counter() - t0
    rate = workers * inputs.months / seconds
    peak_gb = memory.peak / 2**30
    largest_process_gb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 2**20
    largest = max(chunks, key=lambda c: int(inputs.n_households[c].sum()))
    floor = numpy_floor(inputs.select(largest), min(inputs.months, 24))
    processes = min(args.workers, len(chunks))
    poor = result.arm("poor")[..., 0].sum(axis=(1, 2)) / 12
    print(
        f"{workers / 1e6:,.1f} million workers in {households / 1e6:,.1f} million households"
        f" × {inputs.months} months × 2 arms, {len(chunks)} chunks on {args.workers} processes:"
        f" {seconds:,.0f} s ({rate / 1e6:.2f} M worker-months/s), peak {peak_gb:.1f} GB"
        f" (largest process {largest_process_gb:.1f} GB);"
        f" numpy floor {floor / 1e6:.1f} M/s per core; setup {setup:.1f} s; load {load0:.1f}"
    )
    print(f"poor persons (arm without), first and last year: {poor[0]:,.0f} → {poor[-1]:,.0f}")
    print(
        json.dumps(
            {
                "benchmark": "projection_national_1to1",
                "ratio": floor / (rate / processes),
                "target": None,
                "share": args.share,
                "engine": args.engine,
                "workers_simulated": workers,
                "households_simulated": households,
                "months": inputs.months,
                "seconds": seconds,
                "target_seconds": TARGET_SECONDS * args.share,
                "worker_months_per_s": rate,
                "floor_worker_months_per_s_per_core": floor,
                "peak_gb": peak_gb,
                "largest_process_gb": largest_process_gb,
                "target_gb": TARGET_GB,
                "chunks": len(chunks),
                "processes": args.workers,
                "setup_s": setup,
                "load_at_start": load0,
                "load_at_end": os.getloadavg()[0],
            }
        )
    )


if __name__ == "__main__":
    main()
