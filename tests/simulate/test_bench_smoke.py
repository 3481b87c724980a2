"""The simulate benchmark (tiny sizes): its JSON line is consistent with itself, its peak
memory with what the operating system saw, and both engines it times did the same work."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _run_benchmark(*args: str) -> tuple[list[dict[str, Any]], int]:
    """The benchmark's JSON lines and its peak RSS in KiB, as the kernel reports it to us."""
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(
            [sys.executable, "benchmarks/bench_simulate.py", *args],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=err,
        )
        timer = threading.Timer(120, proc.kill)
        timer.start()
        try:
            assert proc.stdout is not None
            out = proc.stdout.read().decode()
            proc.stdout.close()
            _, status, usage = os.wait4(proc.pid, 0)  # this child's own rusage
            proc.returncode = os.waitstatus_to_exitcode(status)
        finally:
            timer.cancel()
        err.seek(0)
        assert proc.returncode == 0, err.read().decode()
    return [json.loads(line) for line in out.splitlines() if line.startswith("{")], usage.ru_maxrss


@pytest.mark.slow
def test_bench_simulate_quick() -> None:
    lines, child_peak_kib = _run_benchmark("--quick", "--repeats", "2")
    last = lines[-1]
    assert last["benchmark"] == "simulate"
    rows, small = last["sizes"], last["per_worker"]
    assert lines[:-1] == [*rows, small]  # the summary repeats the lines printed before it

    # The work: the SimPy engine and the vectorised reference give the same bytes (same
    # seed, claims office with room), and each gives the same bytes on every repeat.
    for row in rows:
        assert len(row["vector_sha256"]) == 64, row["vector_sha256"]  # not 'differs'
        assert row["simpy_sha256"] == row["vector_sha256"], row

    # Every rate is the quotient of the work and the seconds reported beside it.
    for row in rows:
        wm = row["workers"] * row["months"]
        assert row["vector_s"] > 0 and row["simpy_s"] > 0
        assert row["vector_wm_per_s"] == pytest.approx(wm / row["vector_s"], rel=1e-12)
        assert row["simpy_wm_per_s"] == pytest.approx(wm / row["simpy_s"], rel=1e-12)
        assert row["simpy_vs_vector"] == pytest.approx(row["vector_s"] / row["simpy_s"], rel=1e-12)
    assert last["ratio"] == min(r["simpy_vs_vector"] for r in rows)
    assert last["largest_workers"] == max(r["workers"] for r in rows)
    small_wm = small["workers"] * small["months"]
    assert small["per_worker_wm_per_s"] == pytest.approx(
        small_wm / small["per_worker_s"], rel=1e-12
    )
    assert small["simpy_wm_per_s"] == pytest.approx(small_wm / small["simpy_s"], rel=1e-12)
    assert last["simpy_vs_per_worker"] == pytest.approx(small["per_worker_s"] / small["simpy_s"])

    # Each median is at most the sum of its own runs, and all runs fit in the wall time.
    stages = [t for r in rows for t in (r["vector_s"], r["simpy_s"])]
    stages += [small["per_worker_s"], small["simpy_s"]]
    assert all(t > 0 for t in stages)
    assert sum(stages) <= last["total_s"]

    # Peak memory: the benchmark reads its own maximum RSS just before the last line, so
    # it is at most, and close to, the maximum the kernel reports for the whole process.
    reported_kib = last["peak_rss_gb"] * 1024**2
    assert reported_kib <= child_peak_kib
    assert reported_kib >= 0.9 * child_peak_kib

    assert last["passed"] == (
        last["ratio"] >= last["target"]
        and last["simpy_vs_per_worker"] >= last["simpy_vs_per_worker_target"]
        and last["peak_rss_gb"] <= last["peak_rss_target_gb"]
    )


def test_bench_household_step_runs_and_its_step_is_part_of_the_replication() -> None:
    proc = subprocess.run(
        [sys.executable, "benchmarks/bench_household_step.py", "--share", "0.001"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    line = json.loads(proc.stdout.strip().splitlines()[-1])
    assert line["benchmark"] == "household_step" and line["months"] == 120
    assert 0 < line["step_seconds"] <= line["seconds"]
    assert line["workers_simulated"] > 0 and len(line["hash"]) == 16
