"""The household month alone: one replication of a share of the national default (the
inputs of ``bench_national.py``), both arms, ten years, one process, with the time spent
in ``household_month`` summed apart, and a hash of the result (arms, events, monthly).

The code timed is the one in the current directory, so the same script run from two
checkouts (``cd old && python /path/to/bench_household_step.py``) compares them like for
like, and equal hashes show that a change left every output bit as it was. The last line
printed is JSON. ``--share 0.02`` (407,000 households) takes about 10 s.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, os.getcwd())
sys.path.insert(1, str(Path(__file__).resolve().parent))


import ucj_opt.simulation.engines as engines
from ucj_opt.simulation import run_replication
from ucj_opt.simulation.result import Recorder
from ucj_opt.simulation.state import ReplicationState


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--share", type=float, default=0.02, help="share of real households")
    ap.add_argument("--engine", choices=("simpy", "vector"), default="vector")
    args = ap.parse_args()
    # Imported only now: bench_national puts its own checkout first on the path, and the
    # code timed must be the one in the current directory (imported above).
    from bench_national import national_inputs

    inputs = national_inputs(args.share, 10)
    step = {"wall": 0.0, "cpu": 0.0}
    household_month = engines.household_month

    def timed(s: ReplicationState, month: int, rec: Recorder) -> None:
        w, c = time.perf_counter(), time.process_time()
        household_month(s, month, rec)
        step["wall"] += time.perf_counter() - w
        step["cpu"] += time.process_time() - c

    engines.household_month = timed
    load0 = os.getloadavg()[0]
    w, c = time.perf_counter(), time.process_time()
    result = run_replication(
        inputs, np.random.SeedSequence(2026, spawn_key=(0,)), engine=args.engine
    )
    wall, cpu = time.perf_counter() - w, time.process_time() - c
    digest = hashlib.sha256(
        result.arms.tobytes() + result.events.tobytes() + result.monthly.tobytes()
    ).hexdigest()[:16]
    workers = float((inputs.n_households * inputs.workers_per_household).sum())
    worker_months = workers * inputs.months
    print(
        f"{Path(engines.__file__).parents[2]}: replication {wall:.2f} s (CPU {cpu:.2f}), household step"
        f" {step['wall']:.2f} s (CPU {step['cpu']:.2f}),"
        f" {step['wall'] / worker_months * 1e9:.0f} ns per worker-month; hash {digest};"
        f" load {load0:.2f}"
    )
    print(
        json.dumps(
            {
                "benchmark": "household_step",
                "ratio": None,
                "target": None,
                "share": args.share,
                "engine": args.engine,
                "households_simulated": int(inputs.n_households.sum()),
                "workers_simulated": workers,
                "months": inputs.months,
                "seconds": wall,
                "cpu_seconds": cpu,
                "step_seconds": step["wall"],
                "step_cpu_seconds": step["cpu"],
                "hash": digest,
                "load_at_start": load0,
                "load_at_end": os.getloadavg()[0],
            }
        )
    )


if __name__ == "__main__":
    main()
