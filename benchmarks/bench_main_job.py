"""The main job (`ucj-opt run`) on the embedded national default, end to end, stage by
stage, against the first wave's settings run side by side in this process.

Baseline ("first wave"): blocks at every size (now the cheaper independent blocks, so
the baseline is a little faster than the first wave was), 20 replications one after
another (no stopping rule). Shipped: blocks only from ``BLOCK_MIN_COLUMNS``, replications
on ``simulation.workers`` processes, as many as the stopping rule on the headline's 95%
CI asks (at least ``min_replications``). Target: the shipped job in ≤ 20 s at load ≈ 1.
Run from the repository root: ``python benchmarks/bench_main_job.py`` (about two minutes;
``--skip-baseline`` for the shipped job alone). The last line printed is JSON.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import ucj_opt

blocks_module = importlib.import_module("ucj_opt.allocate.blocks")  # where the size rule lives

TARGET_SECONDS = 20.0
FIRST_WAVE = [
    "simulation.workers=1",
    "simulation.min_replications=20",
    "simulation.target_relative_half_width=null",
]


def timed_job(sets: list[str], *, blocks_from: int) -> tuple[float, dict[str, float], int]:
    """(seconds, stage seconds, replications) of one main job into a fresh folder."""
    saved = blocks_module.BLOCK_MIN_COLUMNS
    blocks_module.BLOCK_MIN_COLUMNS = blocks_from
    try:
        study = ucj_opt.load_scenario("embedded:national", sets=sets)
        with tempfile.TemporaryDirectory() as folder:
            t0 = time.perf_counter()
            result = ucj_opt.run_main_job(study, Path(folder) / "out")
            seconds = time.perf_counter() - t0
            run = json.loads((result.folder / "run.json").read_text())
    finally:
        blocks_module.BLOCK_MIN_COLUMNS = saved
    return seconds, result.stages, int(run["replications"])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--skip-baseline", action="store_true")
    args = ap.parse_args()
    load0 = os.getloadavg()[0]
    ours, stages, reps = timed_job([], blocks_from=blocks_module.BLOCK_MIN_COLUMNS)
    print(f"shipped: {ours:.1f} s, {reps} replications; stages {stages}")
    base, base_stages, base_reps = float("nan"), {}, 0
    if not args.skip_baseline:
        base, base_stages, base_reps = timed_job(FIRST_WAVE, blocks_from=0)
        print(f"first wave: {base:.1f} s, {base_reps} replications; stages {base_stages}")
    print(
        json.dumps(
            {
                "benchmark": "main_job_national",
                "ratio": ours / base if base == base else None,
                "target": None,
                "seconds": ours,
                "target_seconds": TARGET_SECONDS,
                "stages": stages,
                "replications": reps,
                "baseline_seconds": base,
                "baseline_stages": base_stages,
                "baseline_replications": base_reps,
                "load_at_start": load0,
                "load_at_end": os.getloadavg()[0],
            }
        )
    )


if __name__ == "__main__":
    main()
