"""Sweeps (in real processes) and comparisons between runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SCENARIO_YAML, write_scenario
from ucj_opt.cli import main
from ucj_opt.errors import UserError
from ucj_opt.pipeline.compare import compare, flatten
from ucj_opt.pipeline.sweep import parse_range, sweep


def test_parse_range() -> None:
    assert parse_range("budget_scale=0.5:1.5:0.5") == ("budget_scale", [0.5, 1.0, 1.5])
    for bad in ("budget_scale=1:0:0.5", "budget_scale=0:1", "x=a:b:c", "noequals"):
        with pytest.raises(UserError):
            parse_range(bad)


def test_sweep_in_processes_matches_serial_and_is_monotone(small_scenario: Path) -> None:
    values = [0.0, 0.5, 1.0, 2.0]
    parallel = sweep(small_scenario, "budget_scale", values, workers=2)
    serial = sweep(small_scenario, "budget_scale", values, workers=1)
    assert parallel.equals(serial)
    assert list(parallel["budget_scale"]) == values
    assert (parallel["protected"].diff().dropna() >= -1e-6).all()
    assert parallel["total_budget"].iloc[0] == 0


def test_sweep_command_bad_path_is_a_clear_error(
    small_scenario: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["sweep", str(small_scenario), "--set", "budget_scal=0:1:0.5"])
    assert code == 2
    assert "did you mean 'budget_scale'" in capsys.readouterr().err


def test_compare_names_changed_settings_and_regions(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    a = write_scenario(tmp_path / "a")
    b = write_scenario(
        tmp_path / "b",
        budgets__csv="region,year,source,amount\n64.09,2026,apbd_kabkota,Rp 200 juta\n",
        scenario__yaml=SCENARIO_YAML.replace("share: 0.1", "share: 0.2"),
    )
    result = compare(a, b)
    assert "policy.equity_floor.share" in set(result.settings["path"])
    kab = result.regions.set_index("region").loc["64.09"]
    assert kab["budget_change"] == pytest.approx(100e6)
    assert result.regions["enrolled_change"].sum() > 0


def test_flatten() -> None:
    assert flatten({"a": {"b": 1}, "c": [{"d": 2}], "e": [1, 2]}) == {
        "a.b": 1,
        "c[0].d": 2,
        "e": [1, 2],
    }
