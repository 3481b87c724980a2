"""All-or-nothing results folders: a failed, infeasible or killed run never leaves a mix,
and a re-run replaces the folder whole (issue 14's reproducers)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from ucj_opt.cli import main
from ucj_opt.io import COMPLETE, result_folder
from ucj_opt.pipeline.report_content import build_report_content
from ucj_opt.pipeline.results import read_results

ROOT = Path(__file__).resolve().parents[2]
PPU = str(ROOT / "scenarios" / "kabupaten_ppu.yaml")
INFEASIBLE = ("-s", "policy.equity_floor={share: 100%, mode: hard}", "-s", "budget_scale=0.01")
TINY = (
    "-O",
    "one_year",
    "-s",
    "simulation.households_per_group=20",
    "-s",
    "simulation.rest_households_per_region=20",
    "--replications",
    "2",
)


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _siblings(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.parent.iterdir() if p.name != folder.name)


def test_infeasible_solve_leaves_a_good_folder_as_it_was(tmp_path: Path) -> None:
    out = tmp_path / "alloc"
    assert main(["solve", PPU, "-o", str(out), "--format", "csv,parquet"]) == 0
    before = _snapshot(out)
    assert json.loads(before["summary.json"])["status"] == "optimal"
    assert main(["solve", PPU, *INFEASIBLE, "-o", str(out), "--format", "csv"]) == 3
    assert _snapshot(out) == before  # not a zero allocation, no CSV beside old Parquet
    assert _siblings(out) == []


def test_no_solution_exits_4_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "alloc"
    code = main(["solve", PPU, "-s", "solver.time_limit=1e-9", "-o", str(out)])
    assert code == 4
    assert "time_limit_no_solution" in capsys.readouterr().err
    assert not out.exists() and _siblings(out) == []


def test_rerun_replaces_the_folder_whole(tmp_path: Path) -> None:
    out = tmp_path / "alloc"
    assert main(["solve", PPU, "-o", str(out), "--format", "parquet"]) == 0
    assert main(["solve", PPU, "-o", str(out), "--format", "csv"]) == 0
    names = sorted(_snapshot(out))
    tables = [
        "allocation.csv",
        "budgets.csv",
        COMPLETE,
        "shortfalls.csv",
        "summary.json",
        "unused.csv",
    ]
    inputs = [
        "inputs/budgets.parquet",
        "inputs/hashes.json",
        "inputs/regions.parquet",
        "inputs/taken.json",
        "inputs/workers.parquet",
    ]
    assert names == sorted([*tables, *inputs, "scenario.yaml"])
    manifest = json.loads((out / COMPLETE).read_text())
    assert manifest["command"] == "solve" and manifest["status"] == "optimal"
    assert sorted(manifest["files"]) == [n for n in names if n != COMPLETE]


def test_a_folder_not_written_by_ucj_opt_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mine = tmp_path / "thesis"
    mine.mkdir()
    (mine / "chapter1.tex").write_text("precious")
    assert main(["solve", PPU, "-o", str(mine)]) == 2
    assert "did not write" in capsys.readouterr().err
    assert _snapshot(mine) == {"chapter1.tex": b"precious"}


def test_a_failing_block_leaves_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with pytest.raises(KeyboardInterrupt), result_folder(out, "test") as build:
        (build / "half.csv").write_text("a\n")
        raise KeyboardInterrupt
    assert list(tmp_path.iterdir()) == []


def test_report_refuses_a_folder_without_completion(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "alloc"
    assert main(["solve", PPU, "-o", str(out)]) == 0
    assert main(["report", str(out), "--lang", "en"]) == 0
    (out / COMPLETE).unlink()  # what a killed run of an older version left
    capsys.readouterr()
    assert main(["report", str(out)]) == 2
    err = capsys.readouterr().err
    assert "complete.json" in err and "did not finish" in err
    assert main(["compare", str(out), PPU]) == 2


def test_a_report_leads_with_a_status_that_is_not_optimal(tmp_path: Path) -> None:
    out = tmp_path / "alloc"
    assert main(["solve", PPU, "-o", str(out)]) == 0
    results = read_results(out)
    stopped = replace(
        results,
        allocation_summary=replace(results.allocation_summary, status="time_limit"),
    )
    first = build_report_content(stopped).summary[0]
    assert isinstance(first, dict)
    assert first["en"].startswith("Solver status: time_limit.")
    assert first["id"].startswith("Status solver: time_limit.")
    plain = build_report_content(results).summary[0]
    assert isinstance(plain, dict) and "Solver status" not in plain["en"]


@pytest.mark.slow
def test_killed_run_after_frontier_leaves_the_old_run(tmp_path: Path) -> None:
    """A re-run killed after its frontier step: the folder still holds the whole old run,
    ``report`` reads it; the next run replaces it whole (``--lang en``: no old Indonesian
    report) and removes the killed run's half-built folder."""
    out = tmp_path / "results"
    cmd = [sys.executable, "-m", "ucj_opt", "run", PPU, *TINY, "-o", str(out)]
    assert subprocess.run(cmd, capture_output=True, check=False).returncode == 0
    before = _snapshot(out)
    assert "report.id.html" in before
    with subprocess.Popen(
        [*cmd, "-s", "budget_scale=0.5"], stderr=subprocess.PIPE, text=True, cwd=tmp_path
    ) as proc:
        assert proc.stderr is not None
        for line in proc.stderr:
            if line.startswith("3/4"):
                os.kill(proc.pid, signal.SIGKILL)
                break
        proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    assert _snapshot(out) == before
    assert any(".partial-" in n for n in _siblings(out))  # the killed run's, hidden
    assert main(["report", str(out), "--lang", "id"]) == 0
    assert read_results(out).allocation_summary.status == "optimal"
    run = subprocess.run([*cmd, "--lang", "en"], capture_output=True, check=False)
    assert run.returncode == 0, run.stderr
    after = _snapshot(out)
    assert "report.en.html" in after and "report.id.html" not in after
    assert _siblings(out) == []
