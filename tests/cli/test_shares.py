"""Shares on the command line are written as in scenario files: ``0.4`` or ``40%``."""

from __future__ import annotations

import argparse

import pytest

from ucj_opt.cli import build_parser, cmd_montecarlo, cmd_simulate, main
from ucj_opt.pipeline.sweep import parse_range

PPU = "scenarios/kabupaten_ppu.yaml"


def _args(*argv: str) -> argparse.Namespace:
    return build_parser().parse_args(list(argv))


@pytest.mark.parametrize("written", ["40%", "40 %", "0.4", ".4"])
@pytest.mark.parametrize("module", [cmd_simulate, cmd_montecarlo])
def test_coverage_takes_a_percentage_or_a_number(written: str, module: object) -> None:
    command = "simulate" if module is cmd_simulate else "montecarlo"
    extra = [] if command == "simulate" else ["-o", "store"]
    args = _args(command, PPU, "--coverage", written, *extra)
    module._check(args)  # type: ignore[attr-defined]
    assert args.coverage == pytest.approx(0.4)


@pytest.mark.parametrize("written", ["140%", "1.5", "abc", "-0.5"])
def test_a_bad_coverage_names_the_option_and_how_to_write_it(
    capsys: pytest.CaptureFixture[str], written: str
) -> None:
    assert main(["simulate", PPU, "--coverage", written]) == 2
    err = capsys.readouterr().err
    assert f"--coverage must be a share in [0, 1], written 0.4 or 40% (not '{written}')" in err
    assert "invalid float value" not in err and "Traceback" not in err


def test_simulate_runs_with_a_percentage(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["simulate", PPU, "-O", "one_year", "--coverage", "40%", "--replications", "1"]
    assert main([*argv, "--years", "1"]) == 0
    assert "poor_person_years_averted" in capsys.readouterr().out


def test_sweep_ranges_take_percentages() -> None:
    share = parse_range("policy.equity_floor.share=0%:40%:10%")
    assert share == ("policy.equity_floor.share", [0.0, 0.1, 0.2, 0.3, 0.4])
    assert parse_range("budget_scale=0.5:2:0.25")[1] == [0.5, 0.75, 1.0, 1.25, 1.5, 1.75, 2.0]


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("a=0%:140%:10%", "a=0%:140%:10%: a share must lie in [0, 1]"),
        ("a=x:1:0.1", "must be numbers, or shares written 40% (got 'x:1:0.1')"),
        ("a=nan:1:0.1", "must be numbers, or shares written 40%"),
    ],
)
def test_a_bad_sweep_range_says_how_to_write_it(
    capsys: pytest.CaptureFixture[str], spec: str, message: str
) -> None:
    assert main(["sweep", PPU, "--set", spec]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
