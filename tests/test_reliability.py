"""Issue 14's reproducers, one test each: bad or hostile input ends with a clear error on
one screen (exit 2), the solver always returns, a full disk is a message (exit 5).

Commands run in this process through the fuzzing harness, which turns a traceback or a
hang (an alarm) into a failure."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import BUDGETS_CSV, REGIONS_CSV, SCENARIO_YAML, WORKERS_CSV, write_scenario
from tests.fuzz.harness import Outcome, check_one_screen, pipeline, run_cli

ROOT = Path(__file__).resolve().parents[1]


def _fails(argv: list[str], code: int = 2, timeout: float = 60) -> Outcome:
    outcome = run_cli(argv, timeout=timeout)
    assert outcome.code == code, outcome.stderr
    check_one_screen(outcome)
    return outcome


def test_a_fifo_as_a_table_is_refused_without_blocking(tmp_path: Path) -> None:
    path = write_scenario(tmp_path)
    (tmp_path / "workers.csv").unlink()
    os.mkfifo(tmp_path / "workers.csv")
    err = _fails(["validate", str(path)], timeout=20).stderr
    assert "named pipe (FIFO); only regular files are read" in err


def test_extends_dev_zero_and_a_folder_are_refused(tmp_path: Path) -> None:
    path = write_scenario(tmp_path, scenario__yaml="extends: /dev/zero\n" + SCENARIO_YAML)
    assert "/dev/zero" in _fails(["validate", str(path)], timeout=20).stderr
    path.write_text(f"extends: {tmp_path}\n" + SCENARIO_YAML)
    _fails(["validate", str(path)], timeout=20)


def test_a_yaml_alias_bomb_and_deep_nesting_are_bounded(tmp_path: Path) -> None:
    bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n'
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        bomb += f"{name}: &{name} [{','.join(['*' + prev] * 9)}]\n"
    assert len(bomb.encode()) < 600
    path = write_scenario(tmp_path, scenario__yaml=SCENARIO_YAML + bomb)
    _fails(["validate", str(path)], timeout=20)
    path.write_text(SCENARIO_YAML + "deep: " + "[" * 2000 + "]" * 2000 + "\n")
    _fails(["validate", str(path)], timeout=20)


def test_a_long_value_is_echoed_as_a_short_prefix(tmp_path: Path) -> None:
    text = SCENARIO_YAML.replace("objective: max_extreme_poor", "objective: " + "x" * 100_000)
    err = _fails(["validate", str(write_scenario(tmp_path, scenario__yaml=text))]).stderr
    assert len(err) < 2000


@pytest.mark.parametrize(
    ("column", "value", "words"),
    [
        ("eligible", "inf", "finite"),
        ("eligible", "1e19", "eligible"),
        ("extreme_poor", "nan", "extreme_poor"),
    ],
)
def test_counts_are_finite_and_plausible_at_validate(
    tmp_path: Path, column: str, value: str, words: str
) -> None:
    rows = ["region,segment,eligible,extreme_poor", "64.09.01.2001,farmer,400,60"]
    cells = rows[1].split(",")
    cells[2 if column == "eligible" else 3] = value
    rows[1] = ",".join(cells)
    path = write_scenario(tmp_path, workers__csv="\n".join(rows) + "\n")
    err = _fails(["validate", str(path)]).stderr
    assert "workers.csv:2" in err and words in err


def test_a_huge_declared_income_fails_at_validate_not_in_solve(tmp_path: Path) -> None:
    text = SCENARIO_YAML.replace("declared_income: Rp 1 juta", "declared_income: 1e18")
    path = write_scenario(tmp_path, scenario__yaml=text)
    assert "declared_income" in _fails(["validate", str(path)]).stderr


def test_an_implausible_accident_rate_fails_at_validate_not_in_simulate(tmp_path: Path) -> None:
    """Found by the fuzzing campaign: 11.99 accidents a year passed validate, and the
    projection's trend calibration then raised a traceback."""
    path = write_scenario(tmp_path)
    sets = ["--set", "simulation.accident_claim_rate.high=12"]
    sets += ["--set", "simulation.accident_claim_rate.value=11.99"]
    assert "at most 1" in _fails(["validate", str(path), *sets]).stderr


def _rates(poverty: str, extreme: str) -> str:
    """The small regions table with every desa's two rates replaced."""
    rows = REGIONS_CSV.splitlines()
    for i in range(4, len(rows)):
        rows[i] = ",".join([*rows[i].split(",")[:3], poverty, extreme])
    return "\n".join(rows) + "\n"


@pytest.mark.parametrize("share", ["0", "0.2"])
def test_an_extreme_line_far_below_the_poverty_line_fails_at_validate(
    tmp_path: Path, share: str
) -> None:
    """Found by the fuzzing campaign: an extreme line of 0 passed validate, and simulate
    then found no income trend (exit 2 after validate had passed)."""
    line = float(share) * 609_160
    sets = [
        "--set",
        "simulation.extreme_line.low=0",
        "--set",
        f"simulation.extreme_line.value={line}",
    ]
    err = _fails(["validate", str(write_scenario(tmp_path)), *sets]).stderr
    assert "extreme_line must be at least 0.25 × poverty_line" in err


def test_an_extreme_rate_equal_to_the_poverty_rate_fails_at_validate(tmp_path: Path) -> None:
    """The same failure from the tables: the two rates then imply an infinite spread."""
    path = write_scenario(tmp_path, regions__csv=_rates("0.08", "0.08"))
    err = _fails(["validate", str(path)]).stderr
    assert err.count("is too close to the poverty rate") == 3
    assert "regions.csv:5: regions[3].extreme_poverty_rate = '0.08'" in err
    path = write_scenario(tmp_path, regions__csv=_rates("0.08", "0.02"))  # a plausible spread
    assert [o.code for o in pipeline(path)] == [0, 0, 0]


def test_no_poor_in_the_worker_regions_needs_no_decline(tmp_path: Path) -> None:
    """Rates of 0 where the workers live: the default decline cannot happen (refused at
    validate, naming the setting); without a decline the projection runs."""
    path = write_scenario(tmp_path, regions__csv=_rates("0", "0"))
    err = _fails(["validate", str(path)]).stderr
    assert "simulation.poverty_decline_per_year.value = 0.003" in err
    assert "their poverty rate is 0 (persons-weighted)" in err
    sets = ["--set", "simulation.poverty_decline_per_year.low=0"]
    sets += ["--set", "simulation.poverty_decline_per_year.value=0"]
    assert [o.code for o in pipeline(path, sets=sets)] == [0, 0, 0]


def test_shocks_creating_more_poor_than_there_are_still_simulate(tmp_path: Path) -> None:
    """Found while fixing the above: with few poor (0.31%) a decline of 0.3 pp passes
    validate, but with 0.49 claims a worker-year the shocks' drift made the trend's target
    more than the poor there are, and simulate exited 2; the trend now lifts the same share
    of the shocks' new poor."""
    path = write_scenario(tmp_path, regions__csv=_rates("0.0031", "0.0003"))
    sets = ["--set", "simulation.accident_claim_rate.high=0.5"]
    sets += ["--set", "simulation.accident_claim_rate.value=0.49"]
    assert [o.code for o in pipeline(path, sets=sets)] == [0, 0, 0]


def test_more_workers_than_persons_fails_at_validate(tmp_path: Path) -> None:
    """Found while fixing the above: workers in a desa of 0 persons passed validate and
    the calibration's persons-weighted poverty rate was 0/0."""
    regions = REGIONS_CSV.replace("Giri Mukti,3000", "Giri Mukti,0")
    regions = regions.replace("Bukit Subur,2500", "Bukit Subur,300")  # 350 farmers
    err = _fails(["validate", str(write_scenario(tmp_path, regions__csv=regions))]).stderr
    assert err.count("outnumber its population") == 2
    assert "workers.csv:2: workers[0].region = '64.09.01.2020'" in err
    assert "workers.csv:4: workers[2].region = '64.09.01.2021'" in err


def test_households_of_workers_holding_every_person_simulate(tmp_path: Path) -> None:
    """Found by the fuzzing campaign: with non-poor households of 29.9 persons the workers'
    households hold every person of the desa, no household is left without a worker, and
    the calibration raised an IndexError on its empty table."""
    sets = ["--set", "simulation.household_size_nonpoor.high=30"]
    sets += ["--set", "simulation.household_size_nonpoor.value=29.9"]
    assert [o.code for o in pipeline(write_scenario(tmp_path), sets=sets)] == [0, 0, 0]


def test_empty_region_codes_are_problems_with_their_lines(tmp_path: Path) -> None:
    """Found by the fuzzing campaign: a regions row with an empty code gave a ValueError
    traceback; every column holding a region code reports a blank, all at once."""
    regions = REGIONS_CSV.replace("64.09.01,Penajam", ",Penajam")
    regions = regions.replace("Bukit Subur,2500", "Bukit Subur,x")
    workers = WORKERS_CSV.replace("64.09.01.2021,farmer", " ,farmer")
    budgets = BUDGETS_CSV.replace("64.09,2026", '"",2026')
    path = write_scenario(
        tmp_path, regions__csv=regions, workers__csv=workers, budgets__csv=budgets
    )
    err = _fails(["validate", str(path)]).stderr
    assert "The scenario has 4 problems" in err
    for where in (
        "regions.csv:4: regions[2].code = ''",
        "regions.csv:6: regions[4].population = 'x'",
        "workers.csv:4: workers[2].region",
        "budgets.csv:3: budgets[1].region = ''",
    ):
        assert where in err
    assert err.count("this cell is empty") == 3 and "fill it in" in err


def test_a_full_premium_discount_solves_instead_of_hanging(tmp_path: Path) -> None:
    text = SCENARIO_YAML.replace(
        "  declared_income: Rp 1 juta\n",
        "  declared_income: Rp 1 juta\n  discounts:\n"
        "    - {start: 2026-01-01, end: 2026-12-31, share: 100%}\n",
    )
    path = write_scenario(tmp_path, scenario__yaml=text)
    outcome = run_cli(["solve", str(path), "--set", "solver.time_limit=5"], timeout=60)
    assert outcome.code == 0, outcome.stderr
    assert "status        optimal" in outcome.stdout


@pytest.mark.parametrize("item", ["=1", "policy[0=1", " =1"])
def test_malformed_set_items_are_refused(small_scenario: Path, item: str) -> None:
    assert "path=value" in _fails(["validate", str(small_scenario), "--set", item]).stderr


def test_a_key_with_a_bracket_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    text = SCENARIO_YAML.replace("  objective: max_extreme_poor", "  objectiv[e: max_extreme_poor")
    err = _fails(["validate", str(write_scenario(tmp_path, scenario__yaml=text))]).stderr
    assert "scenario.yaml:15" in err and "did you mean 'objective'" in err


def test_a_bom_before_a_comment_keeps_line_numbers(tmp_path: Path) -> None:
    text = "\ufeff# a comment\n" + SCENARIO_YAML.replace("objective:", "objectve:")
    path = write_scenario(tmp_path, scenario__yaml=text)
    assert "scenario.yaml:16: policy.objectve" in _fails(["validate", str(path)]).stderr


def test_a_swapped_rupiah_header_is_one_problem_per_column(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "scenarios" / "kabupaten_ppu", tmp_path / "kabupaten_ppu")
    shutil.copy(ROOT / "scenarios" / "kabupaten_ppu.yaml", tmp_path)
    budgets = tmp_path / "kabupaten_ppu" / "budgets.csv"
    budgets.write_text(
        budgets.read_text().replace("region,year,source,amount", "region,year,amount,source")
    )
    err = _fails(["validate", str(tmp_path / "kabupaten_ppu.yaml")]).stderr
    assert "The scenario has 2 problems" in err
    assert "160 rows of budgets with the same problem in 'amount'" in err
    assert "two columns swapped" in err


def _unshare_ok() -> bool:
    if not shutil.which("unshare"):
        return False
    probe = subprocess.run(
        ["unshare", "--user", "--map-root-user", "--mount", "true"],
        capture_output=True,
        check=False,
    )
    return probe.returncode == 0


@pytest.mark.skipif(not _unshare_ok(), reason="needs unprivileged mount namespaces")
def test_a_full_disk_is_a_message_exit_5_and_leaves_nothing(tmp_path: Path) -> None:
    disk = tmp_path / "disk"
    disk.mkdir()
    solve = [sys.executable, "-m", "ucj_opt", "solve", "scenarios/kabupaten_ppu.yaml"]
    script = (
        f"mount -t tmpfs -o size=64k tmpfs {disk} && "
        f"{' '.join(solve)} -o {disk}/out; code=$?; ls -A {disk}; exit $code"
    )
    proc = subprocess.run(
        ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert proc.returncode == 5, proc.stderr
    assert "cannot write the results" in proc.stderr and "the disk is full" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stdout.strip() == ""  # no half-built folder left on the full disk
