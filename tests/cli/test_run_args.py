"""``ucj-opt run`` refuses bad counts before it loads, solves or sweeps anything."""

from __future__ import annotations

from pathlib import Path

import pytest

import ucj_opt
from ucj_opt.cli import main


@pytest.mark.parametrize("value", ["0", "-3"])
def test_run_refuses_replications_below_one_before_any_work(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    value: str,
) -> None:
    def no_work(*args: object, **kwargs: object) -> None:
        raise AssertionError("the scenario was loaded before the arguments were checked")

    monkeypatch.setattr("ucj_opt.scenario.load_scenario", no_work)
    out = tmp_path / "x"
    code = main(["run", "scenarios/kabupaten_ppu.yaml", "--replications", value, "-o", str(out)])
    assert code == 2
    err = capsys.readouterr().err
    assert f"--replications must be at least 1, not {value}" in err
    assert "Traceback" not in err
    assert not out.exists()


def test_run_main_job_refuses_zero_replications(tmp_path: Path) -> None:
    study = ucj_opt.load_scenario("scenarios/kabupaten_ppu.yaml", overrides=["one_year"])
    with pytest.raises(ucj_opt.UserError, match="replications must be at least 1, not 0"):
        ucj_opt.run_main_job(study, tmp_path / "x", replications=0)
    assert not (tmp_path / "x").exists()
