"""The benchmarks' other builders of our LP (tiny sizes): linopy and PuLP's idiom reach the
optimum ``solve_tables`` reports on the same single-stage scenario, with every constraint
family in play; the benchmarks' JSON lines are consistent with themselves (the main job's
once failed unseen: it patched a size rule that had moved to another module)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from ucj_opt.allocate import solve_tables

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_allocate import village_instance  # noqa: E402
from field_builders import field_runs, single_stage  # noqa: E402

VARIANTS: dict[str, tuple[int, dict[str, Any], dict[str, Any]]] = {
    "budgets_and_caps": (1, {}, {}),
    "three_years_continuity": (3, {}, {}),
    "soft_floor_province_share": (
        2,
        {"equity_floor": {"share": 0.3, "mode": "soft", "penalty": 5}},
        {"province_max_share": 0.3},
    ),
    "hard_floor_apbdes_shared": (
        2,
        {"equity_floor": {"share": 0.002, "mode": "hard"}},
        {"apbdes_own_residents_only": False},
    ),
    "no_top_up": (1, {}, {"province_tops_up": False}),
}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_linopy_and_pulp_reach_the_optimum_of_solve_tables(variant: str) -> None:
    years, policy, cofinancing = VARIANTS[variant]
    scenario, tables = village_instance(0.01, years)
    data = scenario.model_dump()
    data["policy"].update(policy)
    data["cofinancing"].update(cofinancing)
    scenario = type(scenario).model_validate(data)
    allocation = solve_tables(single_stage(scenario), tables)
    assert allocation.optimal
    # the LP's optimum: the worker-years the allocation reports, less the soft floor's
    # penalty on each worker short (a weight of the solver's, not a count for planners)
    short = float(allocation.shortfalls["short"].sum()) if len(allocation.shortfalls) else 0.0
    expected = allocation.objective - scenario.policy.equity_floor.penalty * short
    runs = field_runs(scenario, tables)
    for name, run in runs.items():
        assert run["objective"] == pytest.approx(expected, rel=1e-7), name
        assert run["total_s"] == pytest.approx(run["build_s"] + run["solve_s"] + run["extract_s"])
    # the second stage is not what they build: a scenario's own priorities are set aside
    full = solve_tables(scenario, tables).objective
    assert full == pytest.approx(allocation.objective, rel=1e-7)  # stage 1 is the target


def test_field_runs_refuse_an_lp_they_do_not_build() -> None:
    scenario, tables = village_instance(0.01, 1)
    data = scenario.model_dump()
    data["policy"].update({"objective": "min_cost", "coverage_target": 0.1})
    with pytest.raises(ValueError, match="single-stage max_extreme_poor"):
        field_runs(type(scenario).model_validate(data), tables)


def _last_json(*command: str) -> dict[str, Any]:
    """A benchmark run as a newcomer runs it; its closing JSON line."""
    proc = subprocess.run(
        [sys.executable, *command],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    last: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return last


def test_bench_save_lp_quick() -> None:
    last = _last_json("benchmarks/bench_save_lp.py", "--quick")
    assert last["benchmark"] == "save_lp" and last["baseline"] == "pulp"
    assert last["ratio"] == pytest.approx(last["ours_s"] / last["pulp_s"])
    assert last["columns"] == 19_320 and last["file_mb"] > 0
    assert all(last[k] > 0 for k in ("ours_s", "highs_s", "pulp_s", "build_s"))


def test_bench_staged_quick_over_two_years() -> None:
    last = _last_json("benchmarks/bench_staged.py", "--quick", "--years", "2")
    assert last["benchmark"] == "allocate_staged_village" and last["years"] == 2
    assert last["ratio"] == pytest.approx(last["staged_s"] / last["single_s"])
    assert last["single_s"] > 0 and len(last["load"]) == 3


@pytest.mark.slow
def test_bench_allocate_quick() -> None:
    """The three smallest sizes, one year: ours and the floor reach one optimum (the
    benchmark asserts it), the ratio is ours over the floor, the floor's LP is part of it."""
    last = _last_json(
        "benchmarks/bench_allocate.py", "--quick", "--field-max", "0", "--unreduced-max", "0"
    )
    assert last["benchmark"] == "allocate_sizes"
    assert last["ratio"] == max(row["ratio"] for row in last["sizes"])
    sizes = [row["size"] for row in last["sizes"]]
    assert sizes == ["38 provinces", "514 kabupaten/kota", "1% of villages"]
    for row in last["sizes"]:
        assert row["ratio"] == pytest.approx(row["ours_s"] / row["floor_s"], rel=1e-12)
        assert 0 < row["floor_lp_s"] <= row["floor_s"]
        assert row["build_s"] + row["solve_s"] + row["extract_s"] <= row["ours_s"]


@pytest.mark.slow
def test_bench_main_job_shipped() -> None:
    """The shipped main job on the national default, each stage timed."""
    last = _last_json("benchmarks/bench_main_job.py", "--skip-baseline")
    assert last["benchmark"] == "main_job_national"
    stages = last["stages"]
    assert {"allocation", "projection", "report"} <= set(stages)
    assert 0 < sum(stages.values()) <= last["seconds"]
    assert last["replications"] >= 6
