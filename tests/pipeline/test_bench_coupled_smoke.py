"""The coupled-loop benchmark (tiny sizes): its JSON line is consistent with itself."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_bench_coupled_quick() -> None:
    proc = subprocess.run(
        [sys.executable, "benchmarks/bench_coupled.py", "--quick"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=280,
    )
    last = json.loads(proc.stdout.strip().splitlines()[-1])
    assert last["benchmark"] == "coupled" and last["ratio"] == last["efficiency_processes"]
    assert all(last[k] > 0 for k in ("serial_s", "processes_s", "dask_s", "projection_s"))
    # one repeat: each efficiency is the quotient of the times reported
    assert last["efficiency_processes"] == pytest.approx(
        last["serial_s"] / (2 * last["processes_s"])
    )
    assert last["efficiency_dask"] == pytest.approx(last["serial_s"] / (2 * last["dask_s"]))
    assert last["loop_cost_ratio"] == pytest.approx(last["loop_s"] / last["projection_s"])
    assert last["loop_projections"] == last["loop_iterations"] <= 5
    assert len(last["loop_changes"]) == last["loop_iterations"] - 1
    assert last["peak_memory_mb"] > 0
