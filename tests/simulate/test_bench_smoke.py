"""The simulate benchmark runs and ends with its JSON line (sizes are tiny here)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_bench_simulate_quick() -> None:
    proc = subprocess.run(
        [sys.executable, "benchmarks/bench_simulate.py", "--quick", "--repeats", "1"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    last = json.loads(proc.stdout.strip().splitlines()[-1])
    assert last["benchmark"] == "simulate"
    assert last["ratio"] > 0
    assert last["target"] == 0.5
    assert last["simpy_vs_per_worker"] > 1
