"""The solve command, the table writers and the benchmark script, end to end."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from ucj_opt.allocate import solve
from ucj_opt.allocate.writers import write_allocation, write_lp

ROOT = Path(__file__).resolve().parents[2]
P = 201_600.0


def test_writers_give_csv_parquet_xlsx_with_dictionary_and_summary(tmp_path: Path, ppu) -> None:  # type: ignore[no-untyped-def]
    scenario, _ = ppu
    a = solve(scenario)
    paths = write_allocation(a, tmp_path, ["csv", "parquet", "xlsx"])
    assert {p.name for p in paths} >= {"allocation.csv", "budgets.parquet", "allocation.xlsx"}
    back = pd.read_csv(tmp_path / "allocation.csv", dtype={"region": str})
    # whole workers: the floor of what Rp 3 miliar pays at Rp 201,600 (14,880.95)
    assert back["enrolled_extreme_poor"].sum() == 14_880
    assert (back["enrolled"] == back["enrolled"].round()).all()
    assert back.loc[back["region"] == "64.09", "name"].iloc[0] == "Kabupaten Penajam Paser Utara"
    sheets = pd.read_excel(tmp_path / "allocation.xlsx", sheet_name=None)
    assert set(sheets) == {"allocation", "budgets", "shortfalls", "unused", "data_dictionary"}
    explained = set(sheets["data_dictionary"]["column"])
    for name, sheet in sheets.items():  # every column a planner sees is explained
        assert set(sheet.columns) <= explained | {"column", "meaning"}, name
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert summary["status"] == "optimal" and summary["provenance"]["solver"] == "highs"


def test_saved_lp_file_solves_to_the_same_optimum(tmp_path: Path, ppu) -> None:  # type: ignore[no-untyped-def]

    scenario, _ = ppu
    path = write_lp(scenario, tmp_path / "model.lp")
    text = path.read_text()
    assert text.startswith("\\* ucj_allocation *\\") and "Minimize" in text
    h = __import__("highspy").Highs()
    h.setOptionValue("output_flag", False)
    h.readModel(str(path))
    h.run()
    assert -h.getInfo().objective_function_value == pytest.approx(solve(scenario).objective)


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ucj_opt", "solve", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_cli_solves_the_ppu_scenario_and_prints_json(tmp_path: Path) -> None:
    r = _cli("scenarios/kabupaten_ppu.yaml", "-o", str(tmp_path), "--json", "--save-lp")
    assert r.returncode == 0, r.stderr
    summary = json.loads(r.stdout[r.stdout.index("{") :])
    assert summary["status"] == "optimal"
    assert (tmp_path / "model.lp").exists() and (tmp_path / "allocation.csv").exists()


INFEASIBLE_YAML = """\
name: Two desa, one thin APBDes
regions:
  rows:
    - {code: "64", name: Kalimantan Timur, population: 1000, poverty_rate: 0.05, extreme_poverty_rate: 0.01}
    - {code: "64.09", name: Kab. Penajam Paser Utara, population: 1000, poverty_rate: 0.05, extreme_poverty_rate: 0.01}
    - {code: "64.09.01", name: Kec. A, population: 1000, poverty_rate: 0.05, extreme_poverty_rate: 0.01}
    - {code: "64.09.01.2020", name: Desa A, population: 500, poverty_rate: 0.05, extreme_poverty_rate: 0.01}
workers:
  rows:
    - {region: "64.09.01.2020", segment: farmer, eligible: 100, extreme_poor: 100}
budgets:
  rows:
    - {region: "64.09.01.2020", year: 2026, source: apbdes, amount: 2016000}
policy:
  equity_floor: {share: 0.5, mode: hard}
"""


def test_cli_infeasible_floor_exits_3_with_reasons(tmp_path: Path) -> None:
    path = tmp_path / "thin.yaml"
    path.write_text(INFEASIBLE_YAML)
    r = _cli(str(path))
    assert r.returncode == 3, r.stderr
    assert (
        "Desa A's equity floor in 2026 (50 extreme-poor workers) needs Rp 10.1 million" in r.stderr
    )
    assert "total Rp 2.0 million" in r.stderr


def test_cli_bad_format_is_a_user_error() -> None:
    r = _cli("scenarios/kabupaten_ppu.yaml", "--format", "docx")
    assert r.returncode == 2 and "docx" in r.stderr and "Traceback" not in r.stderr


def test_benchmark_quick_runs_and_ends_with_json() -> None:
    r = subprocess.run(
        [sys.executable, "benchmarks/bench_allocate.py", "--quick", "--repeats", "1"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    last = json.loads(r.stdout.strip().splitlines()[-1])
    assert {"benchmark", "ratio", "target"} <= set(last)
