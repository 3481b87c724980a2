"""A problem caused by ``--set`` names the option as typed, not a line of the YAML file,
and says what is wrong in the same planner words as a problem in the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from ucj_opt.cli import main
from ucj_opt.scenario.settings_check import planner_message

PPU = "scenarios/kabupaten_ppu.yaml"


def _validate(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(["validate", *argv]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return err


@pytest.mark.parametrize(
    ("item", "head", "message"),
    [
        ("budget_scale=-1", "--set budget_scale=-1: budget_scale = -1", "must be at least 0"),
        (
            "policy.equity_flor.share=30%",
            "--set policy.equity_flor.share=30%: policy.equity_flor",
            "'equity_flor' is not a field of policy",
        ),
        ("regions.file=x", "--set regions.file=x: regions.file = 'x'", "has no file type"),
        ("horizon.years=abc", "--set horizon.years=abc: horizon.years = 'abc'", "must be a whole"),
        (
            "policy.equity_floor={share: 2, mode: hard}",
            "--set policy.equity_floor={share: 2, mode: hard}: policy.equity_floor.share = 2",
            "a share must lie in [0, 1]",
        ),
        ("nonsense", "--set nonsense", "--set needs path=value"),
    ],
)
def test_a_set_problem_names_the_option(
    capsys: pytest.CaptureFixture[str], item: str, head: str, message: str
) -> None:
    err = _validate(capsys, PPU, "--set", item)
    assert f"  - {head}\n" in err, err
    assert message in err
    assert "kabupaten_ppu.yaml:" not in err and "<command line>" not in err
    assert "Input should" not in err


def test_yaml_and_set_problems_are_worded_alike(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = Path(PPU).resolve()
    bad = tmp_path / "bad.yaml"
    bad.write_text(f"extends: {base}\nname: bad\nbudget_scale: -1\n", encoding="utf-8")
    in_file = _validate(capsys, str(bad))
    assert f"{bad}:3: budget_scale = -1\n      must be at least 0" in in_file
    by_set = _validate(capsys, PPU, "--set", "budget_scale=-1")
    assert "--set budget_scale=-1: budget_scale = -1\n      must be at least 0" in by_set


def test_a_set_in_a_file_section_blames_the_option_and_the_rest_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = Path(PPU).resolve()
    bad = tmp_path / "bad.yaml"
    bad.write_text(f"extends: {base}\nname: bad\nhorizon: {{years: 0}}\n", encoding="utf-8")
    err = _validate(capsys, str(bad), "--set", "budget_scale=-2")
    assert f"{bad}:3: horizon.years = 0\n      must be at least 1" in err
    assert "--set budget_scale=-2: budget_scale = -2\n      must be at least 0" in err


@pytest.mark.parametrize(
    ("error", "message"),
    [
        ({"type": "greater_than_equal", "ctx": {"ge": 0.0}, "msg": ""}, "must be at least 0"),
        ({"type": "less_than_equal", "ctx": {"le": 100.0}, "msg": ""}, "must be at most 100"),
        ({"type": "greater_than", "ctx": {"gt": 0.5}, "msg": ""}, "must be more than 0.5"),
        ({"type": "int_parsing", "msg": ""}, "must be a whole number, e.g. 5"),
        ({"type": "bool_parsing", "msg": ""}, "must be true or false"),
        (
            {"type": "literal_error", "ctx": {"expected": "'hard' or 'soft'"}, "msg": ""},
            "must be one of 'hard' or 'soft'",
        ),
        ({"type": "value_error", "msg": "Value error, our own words"}, "our own words"),
    ],
)
def test_planner_message(error: dict[str, object], message: str) -> None:
    assert planner_message(error) == message
    assert planner_message(error, "id")
