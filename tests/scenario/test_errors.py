"""Malformed scenarios and tables: each gives a one-screen error, exit code 2, no traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import BUDGETS_CSV, REGIONS_CSV, SCENARIO_YAML, WORKERS_CSV, write_scenario
from ucj_opt.cli import main


def _yaml(old: str, new: str) -> dict[str, str]:
    assert old in SCENARIO_YAML, old
    return {"scenario__yaml": SCENARIO_YAML.replace(old, new, 1)}


def _csv(name: str, base: str, old: str, new: str) -> dict[str, str]:
    assert old in base, old
    return {f"{name}__csv": base.replace(old, new, 1)}


# (id, files to replace, substrings expected in the error, file:line expected or None)
CASES: list[tuple[str, dict[str, str], list[str], str | None]] = [
    (
        "typo top-level",
        _yaml("policy:", "polcy:"),
        ["'polcy' is not a field", "did you mean 'policy'"],
        "scenario.yaml:14",
    ),
    (
        "typo nested",
        _yaml("objective:", "objectve:"),
        ["'objectve' is not a field of policy", "did you mean 'objective'"],
        "scenario.yaml:15",
    ),
    (
        "typo deep",
        _yaml("mode: soft", "mod: soft"),
        ["'mod' is not a field of policy.equity_floor", "did you mean 'mode'"],
        "scenario.yaml:18",
    ),
    (
        "bad objective",
        _yaml("objective: max_extreme_poor", "objective: maximum"),
        ["policy.objective", "max_extreme_poor"],
        "scenario.yaml:15",
    ),
    (
        "share over 1",
        _yaml("share: 0.1", "share: 1.5"),
        ["a share must lie in [0, 1]"],
        "scenario.yaml:17",
    ),
    (
        "share percent over",
        _yaml("share: 0.1", "share: 150%"),
        ["a share must lie in [0, 1]"],
        "scenario.yaml:17",
    ),
    (
        "rupiah text",
        _yaml("declared_income: Rp 1 juta", "declared_income: satu juta"),
        ["cannot read 'satu juta' as rupiah"],
        "scenario.yaml:13",
    ),
    (
        "rupiah ambiguous M",
        _yaml("declared_income: Rp 1 juta", "declared_income: Rp 1 M"),
        ["cannot read"],
        "scenario.yaml:13",
    ),
    (
        "rupiah negative",
        _yaml("declared_income: Rp 1 juta", "declared_income: -5"),
        ["cannot be negative"],
        "scenario.yaml:13",
    ),
    (
        "horizon years zero",
        _yaml("years: 1", "years: 0"),
        ["horizon.years", "must be at least 1"],
        "scenario.yaml:5",
    ),
    (
        "horizon year text",
        _yaml("start_year: 2026", "start_year: next"),
        ["horizon.start_year", "must be a whole number"],
        "scenario.yaml:4",
    ),
    (
        "duplicate key",
        _yaml("  years: 1\n", "  years: 1\n  years: 2\n"),
        ["'years' is written twice"],
        "scenario.yaml:6",
    ),
    ("yaml syntax", _yaml("name: Small test kabupaten", "name: [Small"), ["not valid YAML"], None),
    (
        "missing regions",
        _yaml("regions:\n  file: regions.csv\n", ""),
        ["regions", "Field required"],
        None,
    ),
    (
        "table source two kinds",
        _yaml("file: regions.csv", "file: regions.csv\n  embedded: national"),
        ["exactly one of"],
        "scenario.yaml:6",
    ),
    (
        "table file missing",
        _yaml("file: regions.csv", "file: region.csv"),
        ["does not exist"],
        "scenario.yaml:7",
    ),
    (
        "table wrong suffix",
        _yaml("file: regions.csv", "file: regions.txt"),
        ["cannot read a '.txt' file"],
        "scenario.yaml:7",
    ),
    ("unknown override", {}, ["no override named"], None),
    (
        "extends missing",
        _yaml("name: Small", "extends: base.yaml\nname: Small"),
        ["file not found"],
        None,
    ),
    (
        "regions bad code",
        _csv("regions", REGIONS_CSV, "64.09.01.2021,", "64.9.01.2002,"),
        ["not a Kemendagri region code"],
        "regions.csv:6",
    ),
    (
        "regions unknown province",
        _csv("regions", REGIONS_CSV, "64,Kalimantan Timur", "99,Kalimantan Timur"),
        ["not one of the 38 province codes"],
        "regions.csv:2",
    ),
    (
        "regions duplicate code",
        _csv("regions", REGIONS_CSV, "64.09.01.1001,", "64.09.01.2021,"),
        ["given twice"],
        "regions.csv:7",
    ),
    (
        "regions NaN",
        _csv("regions", REGIONS_CSV, "3000,0.08", "NaN,0.08"),
        ["empty"],
        "regions.csv:5",
    ),
    (
        "regions text number",
        _csv("regions", REGIONS_CSV, "3000,0.08", "tiga ribu,0.08"),
        ["is not a number"],
        "regions.csv:5",
    ),
    (
        "regions rate over 1",
        _csv("regions", REGIONS_CSV, "2500,0.09", "2500,9"),
        ["a share must lie in [0, 1]"],
        "regions.csv:6",
    ),
    (
        "regions extreme above poverty",
        _csv("regions", REGIONS_CSV, "2500,0.09,0.012", "2500,0.09,0.2"),
        ["exceeds the poverty rate"],
        "regions.csv:6",
    ),
    (
        "regions missing kabupaten",
        _csv("regions", REGIONS_CSV, "64.09,Kab. Penajam Paser Utara,190000,0.07,0.006\n", ""),
        ["its kabupaten/kota 64.09 is not in the regions table"],
        None,
    ),
    (
        "regions column typo",
        _csv("regions", REGIONS_CSV, "population", "populaton"),
        ["'populaton' is not a column", "did you mean 'population'"],
        "regions.csv:1",
    ),
    (
        "workers unknown region",
        _csv("workers", WORKERS_CSV, "64.09.01.2021,farmer", "64.09.01.2022,farmer"),
        ["'64.09.01.2022' is not a region", "did you mean"],
        "workers.csv:4",
    ),
    (
        "workers unknown segment",
        _csv("workers", WORKERS_CSV, "fisher", "fishers"),
        ["'fishers' is not a segment", "did you mean 'fisher'"],
        "workers.csv:3",
    ),
    (
        "workers negative",
        _csv("workers", WORKERS_CSV, "350,70", "-350,70"),
        ["cannot be negative"],
        "workers.csv:4",
    ),
    (
        "workers fraction",
        _csv("workers", WORKERS_CSV, "350,70", "350.5,70"),
        ["whole number"],
        "workers.csv:4",
    ),
    (
        "workers extreme above eligible",
        _csv("workers", WORKERS_CSV, "120,30", "120,300"),
        ["more extreme poor than eligible"],
        "workers.csv:3",
    ),
    (
        "workers duplicate",
        _csv("workers", WORKERS_CSV, "64.09.01.2021,farmer", "64.09.01.2020,farmer"),
        ["given twice"],
        "workers.csv:4",
    ),
    (
        "workers at inner region",
        _csv("workers", WORKERS_CSV, "64.09.01.1001,informal", "64.09,informal"),
        ["has sub-regions"],
        "workers.csv:5",
    ),
    (
        "budgets negative",
        _csv("budgets", BUDGETS_CSV, "5000000", "-5000000"),
        ["cannot be negative"],
        "budgets.csv:5",
    ),
    (
        "budgets year text",
        _csv("budgets", BUDGETS_CSV, "64,2026", "64,dua ribu"),
        ["is not a number"],
        "budgets.csv:2",
    ),
    (
        "budgets bad source",
        _csv("budgets", BUDGETS_CSV, "apbd_kabkota", "apbd_kab"),
        ["must be one of"],
        "budgets.csv:3",
    ),
    (
        "budgets apbdes at kelurahan",
        _csv("budgets", BUDGETS_CSV, "64.09.01.2021,2026,apbdes", "64.09.01.1001,2026,apbdes"),
        ["cannot belong to a region at this level", "kelurahan has no APBDes"],
        "budgets.csv:5",
    ),
    (
        "budgets provinsi at kabupaten",
        _csv("budgets", BUDGETS_CSV, "64,2026,apbd_provinsi", "64.09,2026,apbd_provinsi"),
        ["apbd_provinsi budget cannot belong"],
        "budgets.csv:2",
    ),
    (
        "budgets duplicate",
        _csv(
            "budgets",
            BUDGETS_CSV,
            "64.09.01.2021,2026,apbdes,5000000",
            "64.09.01.2020,2026,apbdes,5000000",
        ),
        ["given twice"],
        "budgets.csv:5",
    ),
    (
        "budgets bad amount",
        _csv("budgets", BUDGETS_CSV, "Rp 100 juta", "seratus juta"),
        ["cannot read"],
        "budgets.csv:3",
    ),
    (
        "budgets missing column",
        {"budgets__csv": "region,year,source\n64,2026,apbd_provinsi\n"},
        ["has no 'amount' column"],
        None,
    ),
    (
        "segment id bad",
        _yaml("horizon:", "segments:\n  - id: Farmer Group\nhorizon:"),
        ["segments[0].id", "should match pattern"],
        "scenario.yaml:4",
    ),
]


@pytest.mark.parametrize(
    ("files", "expected", "where"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_malformed_input_gives_clear_error(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    files: dict[str, str],
    expected: list[str],
    where: str | None,
) -> None:
    path = write_scenario(tmp_path, **files)
    argv = ["validate", str(path)]
    if not files:  # the unknown-override case
        argv += ["--override", "strict_flor"]
    code = main(argv)
    err = capsys.readouterr().err
    assert code == 2, err
    assert "Traceback" not in err
    for text in expected:
        assert text in err, err
    if where is not None:
        assert f"{tmp_path}/{where}" in err, err
    assert len(err.splitlines()) <= 40, "an error must fit on one screen"


def test_all_problems_reported_at_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = {
        **_csv("workers", WORKERS_CSV, "120,30", "120,300"),
        **_csv("budgets", BUDGETS_CSV, "5000000", "-5000000"),
    }
    path = write_scenario(tmp_path, **files)
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert "2 problems" in err
    assert "more extreme poor" in err and "cannot be negative" in err


def test_config_and_yaml_problems_together(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = SCENARIO_YAML.replace("  years: 1\n", "  years: 1\n  years: 2\n").replace(
        "objective:", "objectve:"
    )
    path = write_scenario(tmp_path, scenario__yaml=text)
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert "written twice" in err and "did you mean 'objective'" in err


def test_many_bad_rows_fold_into_one_screen(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = "".join(f"64.09.01.2020,farmer,{i % 10},{i % 10 + 5}\n" for i in range(200))
    path = write_scenario(tmp_path, workers__csv="region,segment,eligible,extreme_poor\n" + rows)
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert "200 rows of workers with the same problem in 'extreme_poor' (lines 2, 3, 4, ...)" in err
    assert "The scenario has 2 problems" in err  # one per column, not one per row
    assert len(err.splitlines()) <= 60


def test_set_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], small_scenario: Path
) -> None:
    assert main(["validate", str(small_scenario), "--set", "segments[9].id=x"]) == 2
    assert "no position 9" in capsys.readouterr().err
    assert main(["validate", str(small_scenario), "--set", "nothing"]) == 2
    assert "path=value" in capsys.readouterr().err


def test_process_exit_code_and_no_traceback(tmp_path: Path) -> None:
    path = write_scenario(tmp_path, **_yaml("policy:", "polcy:"))
    proc = subprocess.run(
        [sys.executable, "-m", "ucj_opt", "validate", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "did you mean 'policy'" in proc.stderr
