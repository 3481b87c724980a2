"""The allocation and main-job benchmarks run as shipped and their JSON adds up (the main
job's once broke silently: it patched a size rule that had moved to another module)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _last_json(args: list[str], timeout: int) -> dict:  # type: ignore[type-arg]
    proc = subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=timeout,
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


@pytest.mark.slow
def test_bench_allocate_quick() -> None:
    """The three smallest sizes, one year: ours and the floor reach one optimum (the
    benchmark asserts it), the ratio is ours over the floor, the floor's LP is part of it."""
    out = _last_json(
        ["benchmarks/bench_allocate.py", "--quick", "--field-max", "0", "--unreduced-max", "0"],
        timeout=300,
    )
    assert out["benchmark"] == "allocate_sizes"
    assert out["ratio"] == max(row["ratio"] for row in out["sizes"])
    sizes = [row["size"] for row in out["sizes"]]
    assert sizes == ["38 provinces", "514 kabupaten/kota", "1% of villages"]
    for row in out["sizes"]:
        assert row["ratio"] == pytest.approx(row["ours_s"] / row["floor_s"], rel=1e-12)
        assert 0 < row["floor_lp_s"] <= row["floor_s"]
        assert row["build_s"] + row["solve_s"] + row["extract_s"] <= row["ours_s"]


@pytest.mark.slow
def test_bench_main_job_shipped() -> None:
    """The shipped main job on the national default, each stage timed."""
    out = _last_json(["benchmarks/bench_main_job.py", "--skip-baseline"], timeout=600)
    assert out["benchmark"] == "main_job_national"
    stages = out["stages"]
    assert {"allocation", "projection", "report"} <= set(stages)
    assert 0 < sum(stages.values()) <= out["seconds"]
    assert out["replications"] >= 6
