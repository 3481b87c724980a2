"""The Monte Carlo benchmark runs and ends with its JSON line (tiny sizes here)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_bench_montecarlo_quick() -> None:
    proc = subprocess.run(
        [sys.executable, "benchmarks/bench_montecarlo.py", "--quick"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    last = json.loads(proc.stdout.strip().splitlines()[-1])
    assert last["benchmark"] == "montecarlo"
    assert last["target"] == 0.9 and last["ratio"] > 0
    assert last["crn_variance_cut"] > 1
